"""The entry point: a plain command line runs its command without Typer; any other goes to Typer.

Importing Typer (and Click, ``inspect`` and the rest it loads) is about two
thirds of what ``mlprog rank --json`` costs, so a command line that asks for
no help, makes no mistake and completes nothing is read here instead, from the
table Typer's own commands are written into (:mod:`.direct_table`, by
scripts/direct_table.py), and its command is called with the very values
Typer would give it (tests/test_direct.py runs the same command lines through
both and compares). Anything the table does not make plain goes to Typer,
whole: ``--help``, a name the table does not have, an option given twice that
takes one value, a value that starts with ``-``, ``--``, a number Click would
read another way, a value a parser refuses, ``MLPROG_DATA`` set, shell
completion. So every usage error, and its words, is Typer's.

A command's own errors (:class:`~mlprog.errors.MlprogError`) are said as the
Typer path says them (:func:`mlprog.text.said.report`), and so is an unforeseen
error (:func:`mlprog.text.said.internal_error`).
"""

import gc
import os
import sys
from typing import Any, NoReturn


def main() -> NoReturn:
    """Console-script entry point: run the command line; an unforeseen error is one line."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")
    # A run is short and makes few reference cycles, but with a large data set Python's
    # cyclic collector would walk all of it again and again while the output is made
    # (half the time of `rank --json` over 100,000 programs). `browse`, which lives
    # long, turns it back on.
    gc.disable()
    argv = sys.argv[1:]
    try:
        found = read(argv)
    except Exception:  # noqa: BLE001 - the table could not read it: Typer reads it, and says why
        found = None
    if found is None:
        from .cli import main as run_with_typer

        run_with_typer()
    name, command, values = found
    try:
        command(**values)
    except EOFError:  # input ended where a command reads it: as Typer ends then
        sys.stderr.write("\nAborted.\n")
        sys.exit(1)
    except BrokenPipeError:  # the reader has gone (`| head`): as Click ends then
        from .formats import silence

        silence(sys.stdout)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - said below, in words
        from .errors import MlprogError
        from .text.said import internal_error, report

        if not isinstance(exc, MlprogError):
            internal_error(exc)
        report(exc, f"mlprog {name}")
        sys.exit(exc.exit_code)
    sys.exit(0)


def read(argv: list[str]) -> "tuple[str, Any, dict[str, Any]] | None":
    """(the command's name, the command, the values it is called with), or None: Typer reads it."""
    if not argv or argv[0].startswith("-") or any(key.startswith("_MLPROG_COMPLETE") for key in os.environ):
        return None  # mlprog's own options (--version, --help) and completion are Typer's
    from .direct_table import COMMANDS

    entry = COMMANDS.get(argv[0])
    if entry is None:
        return None
    module, function, parameters = entry
    by_name = {name: row for row in parameters for name in row[2] if row[1] not in ("argument", "arguments")}
    given: dict[str, Any] = {}
    words: list[str] = []
    rest = iter(argv[1:])
    for word in rest:
        if not word.startswith("-"):
            words.append(word)
            continue
        name, equals, inline = word.partition("=") if word.startswith("--") else (word, "", "")
        row = by_name.get(name)
        if row is None:  # --help, a mistake, -n5, --, -: Typer's
            return None
        key, kind = row[0], row[1]
        if kind == "flag":
            if equals:
                return None
            given[key] = True
            continue
        value = inline if equals else next(rest, None)
        if value is None or (not equals and value.startswith("-")):
            return None
        converted = _converted(value, row[3])
        if converted is _REFUSED:
            return None
        if kind == "options":
            given.setdefault(key, []).append(converted)
        elif key in given:
            return None
        else:
            given[key] = converted
    values: dict[str, Any] = {}
    for key, kind, _names, _kind, default, required in parameters:
        if kind == "argument":
            if not words:
                if required:
                    return None
                values[key] = default
                continue
            values[key] = words.pop(0)
        elif kind == "arguments":
            if not words and required:
                return None
            values[key], words = (words or default), []
        elif key == "data" and key not in given and os.environ.get("MLPROG_DATA") is not None:
            return None  # Click reads the variable: its rules, not this table's
        else:
            values[key] = given.pop(key, default)
    if words or given:  # an extra argument: Typer's usage error
        return None
    __import__(f"mlprog.commands.{module}")
    return argv[0], getattr(sys.modules[f"mlprog.commands.{module}"], function), values


_REFUSED = object()


def _converted(value: str, kind: tuple[Any, ...]) -> Any:
    """The value as Typer gives it, or ``_REFUSED`` where Click might read it another way."""
    if kind[0] == "str":
        return value
    if kind[0] in ("int", "float"):
        whole, point, fraction = value.partition(".")
        if not (whole.isascii() and whole.isdigit()) or (
            point and (kind[0] == "int" or not (fraction.isascii() and fraction.isdigit()))
        ):
            return _REFUSED
        number = int(value) if kind[0] == "int" else float(value)
        low, high = kind[1], kind[2]
        if (low is not None and number < low) or (high is not None and number > high):
            return _REFUSED
        return number
    if kind[0] == "choice":
        if value not in kind[1]:
            return _REFUSED
        return _named(kind[2])(value)
    if kind[0] == "parser":
        try:
            return _named(kind[1])(value)
        except Exception:  # noqa: BLE001 - refused: Typer says why, in its words
            return _REFUSED
    return _REFUSED


def _named(path: str) -> Any:
    module, _, name = path.partition(":")
    __import__(module)
    return getattr(sys.modules[module], name)
