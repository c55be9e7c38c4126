"""Write src/mlprog/commands/direct_table.py: the command lines mlprog reads without Typer.

For every command of the modules in ``MODULES``, Typer builds the command as
it does for a run, and this script writes down what Click would then parse:
each option's names, whether it is a flag or repeats, its type (with its
range, its choices and their enumeration, or its parser) and the value the
command gets when the option is not given. :mod:`mlprog.direct`
reads a command line with that table, and leaves to Typer any line the table
does not make plain (see its docstring).

    .venv/bin/python scripts/direct_table.py           # write the table
    .venv/bin/python scripts/direct_table.py --check   # exit 1 if it is out of date

tests/test_direct.py runs the check, and runs command lines through both
readers to prove the command gets the same values from each.
"""

from __future__ import annotations

import argparse
import ast
import enum
import sys
import typing
from pathlib import Path
from typing import Any

TABLE = Path(__file__).resolve().parents[1] / "src" / "mlprog" / "direct_table.py"

#: The modules whose commands run without Typer: each imports no Typer (see
#: tests/test_startup_structure.py) and raises nothing of Typer's.
MODULES = ("explore", "show", "plan", "page", "data")

_HEADER = '''"""The command lines mlprog reads without Typer: written by scripts/direct_table.py from
the commands Typer builds; do not edit (tests/test_direct.py checks it is up to date).

COMMANDS: name -> (module in mlprog.commands, function, parameters), each parameter
(name, kind, names, type, default, required): kind "flag", "option", "options" (repeatable),
"argument" or "arguments" (any number); type "str", "int" or "float" with (min, max),
"choice" with (choices, "module:Enumeration"), or "parser" with "module:function".
"""

'''


def build() -> dict[str, tuple[str, str, tuple[tuple[Any, ...], ...]]]:
    """The table, from the commands as Typer builds them."""
    from typer.main import get_command

    from mlprog import cli

    table = {}
    for group, name, module, function in cli._COMMANDS:
        if group is not None or module not in MODULES:
            continue
        command = get_command(cli._built(only=name, completion=False)).commands[name]  # type: ignore[attr-defined]
        hints = _annotations(getattr(sys.modules[f"mlprog.commands.{module}"], function))
        table[name] = (module, function, tuple(_parameter(p, hints.get(p.name)) for p in command.params))
    return table


def _annotations(command: Any) -> dict[str, Any]:
    import inspect

    return {name: p.annotation for name, p in inspect.signature(command).parameters.items()}


def _parameter(param: Any, annotation: Any) -> tuple[Any, ...]:
    """One parameter's row, or an error naming what the direct reader cannot do alike."""
    where = f"{param.name}"
    unsupported = (
        param.callback is not None
        or not param.expose_value
        or param.is_eager
        or getattr(param, "prompt", None)
        or getattr(param, "count", False)
        or getattr(param, "secondary_opts", [])
        or (param.envvar and param.name != "data")
    )
    if unsupported:
        raise SystemExit(f"direct_table: {where}: a callback, prompt, count, --no- flag or variable")
    default = param.default
    if default is not None and ast.literal_eval(repr(default)) != default:
        raise SystemExit(f"direct_table: {where}: its default {default!r} is not a literal")
    if param.param_type_name == "argument":
        if param.nargs not in (1, -1):
            raise SystemExit(f"direct_table: {where}: takes {param.nargs} values")
        kind = "argument" if param.nargs == 1 else "arguments"
    elif getattr(param, "is_flag", False):
        if default is not False:
            raise SystemExit(f"direct_table: {where}: a flag on by default")
        kind = "flag"
    else:
        if param.nargs != 1:
            raise SystemExit(f"direct_table: {where}: takes {param.nargs} values")
        kind = "options" if param.multiple else "option"
        if param.required:
            raise SystemExit(f"direct_table: {where}: a required option")
    names = tuple(param.opts)
    return (param.name, kind, names, _type(param, annotation), default, bool(param.required))


def _type(param: Any, annotation: Any) -> tuple[Any, ...]:
    kind = type(param.type).__name__
    if kind in ("StringParamType", "BoolParamType"):
        return ("str",)
    if kind in ("IntParamType", "IntRange", "FloatParamType", "FloatRange"):
        if (
            getattr(param.type, "min_open", False)
            or getattr(param.type, "max_open", False)
            or getattr(param.type, "clamp", False)
        ):
            raise SystemExit(f"direct_table: {param.name}: an open or clamped range")
        number = "int" if kind.startswith("Int") else "float"
        return (number, getattr(param.type, "min", None), getattr(param.type, "max", None))
    if kind == "TyperChoice":
        enumeration = _enumeration(annotation)
        choices = tuple(param.type.choices)
        if choices != tuple(member.value for member in enumeration):
            raise SystemExit(f"direct_table: {param.name}: choices that are not its enumeration's")
        return ("choice", choices, f"{enumeration.__module__}:{enumeration.__qualname__}")
    if kind == "FuncParamType":
        parser = getattr(param.type.func, "__wrapped__", param.type.func)
        return ("parser", f"{parser.__module__}:{parser.__qualname__}")
    raise SystemExit(f"direct_table: {param.name}: a type of {kind}")


def _enumeration(annotation: Any) -> type[enum.Enum]:
    for kind in typing.get_args(typing.get_args(annotation)[0]) or (typing.get_args(annotation)[0],):
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind
    raise SystemExit(f"direct_table: no enumeration in {annotation!r}")


def text() -> str:
    """The table module's text."""
    lines = [_HEADER + "COMMANDS = {"]
    for name, (module, function, parameters) in build().items():
        lines.append(f"    {name!r}: ({module!r}, {function!r}, (")
        lines.extend(f"        {parameter!r}," for parameter in parameters)
        lines.append("    )),")
    return "\n".join([*lines, "}", ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the table is out of date")
    args = parser.parse_args()
    wanted = text()
    if args.check:
        if TABLE.read_text(encoding="utf-8") != wanted:
            sys.exit(f"{TABLE} is out of date: run scripts/direct_table.py")
        return
    TABLE.write_text(wanted, encoding="utf-8")
    print(f"wrote {TABLE}")


if __name__ == "__main__":
    main()
