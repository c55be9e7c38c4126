"""Click's usage errors in mlprog's words.

Click words a bad command line its own way (``Invalid value for '--limit' /
'-n': 'abc' is not a valid int range.``, ``-3 is not in the range x>=1.``,
``Option '--limit' requires an argument.``). mlprog says the same in its own
voice, as its other messages do: lower case after ``Error:``, values quoted as
:func:`mlprog.errors.shown` quotes them, and a near miss offered as "did you
mean". Imported only when a command line is refused.
"""

import ast
import re
from typing import Any

from typer._click import exceptions as click_errors

from ..errors import choice_hint, lower_first, nearest, or_list, shown

_NOT_A_NUMBER = re.compile(r"^(?P<value>.*) is not a valid (?P<kind>[\w ]+)\.$", re.DOTALL)
_OUT_OF_RANGE = re.compile(r"^(?P<value>\S+) is not in the range .*\.$")
_NOT_A_CHOICE = re.compile(r"^(?P<value>.*?) is not (one of )?.*\.$", re.DOTALL)
_NO_COMMAND = re.compile(r"^No such command (?P<value>.*?)\.( Did you mean .*)?$", re.DOTALL)
_EXTRA = re.compile(r"^Got unexpected extra arguments?(\(s\))? \((?P<values>.*)\)$", re.DOTALL)
_NEEDS_VALUE = re.compile(r"^Option (?P<option>.*) requires (?P<what>an argument|\d+ arguments)\.$")
_NO_VALUE = re.compile(r"^Option (?P<option>.*) does not take a value\.$")


def in_our_words(exc: click_errors.UsageError, command: str) -> str:
    """The message for a usage error that Click raised, as mlprog says it.

    ``command`` is the command line's command (``mlprog rank``); a message this
    module does not know is kept, only made to start in lower case.
    """
    message = exc.message
    if isinstance(exc, click_errors.MissingParameter):
        return _missing(exc, command)
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click_errors.NoSuchOption):
        said = f"{command.removeprefix('mlprog ')} has no option {exc.option_name}"
        if command == "mlprog":
            said = f"mlprog has no option {exc.option_name} before a command"
        possibilities = sorted(exc.possibilities or ())
        return f"{said}; did you mean {or_list(possibilities)}?" if possibilities else said
    if found := _NO_COMMAND.match(message):
        return _unknown_command(_typed(found["value"]), exc, command)
    if found := _EXTRA.match(message):
        values = found["values"].split(" ")
        listed = ", ".join(shown(value) for value in values)
        what = "argument" if len(values) == 1 else "arguments"
        return f"unexpected {what} {listed} for {command.removeprefix('mlprog ')}"
    if found := _NEEDS_VALUE.match(message):
        option = _typed(found["option"])
        what = "a value" if found["what"] == "an argument" else found["what"].replace("arguments", "values")
        return f"{option} needs {what}"
    if found := _NO_VALUE.match(message):
        return f"{_typed(found['option'])} takes no value"
    return lower_first(message.rstrip("."))


def _missing(exc: click_errors.MissingParameter, command: str) -> str:
    """``show needs PROGRAM``: what is missing, by the name the help uses."""
    param = exc.param
    if param is None:
        return lower_first(exc.format_message().rstrip("."))
    what = param.human_readable_name if param.param_type_name == "argument" else _option_name(param)
    return f"{command.removeprefix('mlprog ')} needs {what}"


def _bad_value(exc: click_errors.BadParameter) -> str:
    """A value an option or argument refused, in mlprog's words."""
    param = exc.param
    message = exc.message.strip()
    if isinstance(exc.param_hint, str):
        name = exc.param_hint
    elif param is not None:
        name = _option_name(param)
    else:
        return lower_first(message.rstrip("."))
    kind = getattr(param, "type", None)
    choices = [str(choice) for choice in getattr(kind, "choices", None) or ()]
    if choices and (found := _NOT_A_CHOICE.match(message)):
        return _not_a_choice(name, _typed(found["value"]), choices)
    if found := _NOT_A_NUMBER.match(message):
        number = "a whole number" if found["kind"].startswith("int") else "a number"
        return f"{name} takes {number}, not {shown(_typed(found['value']))}"
    if found := _OUT_OF_RANGE.match(message):
        return f"{name} takes {_range(kind)}, not {_number(found['value'])}"
    # mlprog's own parsers (--max-tuition, --state): their message is a sentence about the value.
    return f"{name}: {lower_first(message.rstrip('.'))}"


def _not_a_choice(name: str, typed: str, choices: list[str]) -> str:
    """``--type takes public or private, not 'privat'; did you mean private?``"""
    if len(choices) <= 5:
        said = f"{name} takes {or_list(choices)}, not {shown(typed)}"
        near = nearest(typed, choices)
        return f"{said}; did you mean {or_list(near)}?" if near else said
    return f"{shown(typed)} is not a value {name} takes; {choice_hint(typed, choices)}"


def _unknown_command(typed: str, exc: click_errors.UsageError, command: str) -> str:
    """``unknown command 'rnak'; did you mean rank?``, the group's commands as the choices."""
    context: Any = getattr(exc, "ctx", None)
    names: list[str] = []
    if context is not None:
        names = [name for name in getattr(context.command, "commands", {}) if not name.startswith("_")]
    where = "" if command == "mlprog" else f" in {command.removeprefix('mlprog ')}"
    said = f"unknown command {shown(typed)}{where}"
    return f"{said}; {choice_hint(typed, names)}" if names else said


def _option_name(param: Any) -> str:
    """An option by its long name (``--limit``, not ``'--limit' / '-n'``)."""
    names = [str(name) for name in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))]
    long = [name for name in names if name.startswith("--")]
    return (long or names or [str(getattr(param, "name", "") or "value")])[0]


def _range(kind: Any) -> str:
    """``a number from 0 to 100``, ``a whole number of 1 or more``: a range as a person says it."""
    whole = type(kind).__name__.startswith("Int")
    number = "a whole number" if whole else "a number"
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if low is not None and high is not None:
        return f"{number} from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"{number} above {_number(low)}" if kind.min_open else f"{number} of {_number(low)} or more"
    return f"{number} below {_number(high)}" if kind.max_open else f"{number} of {_number(high)} or less"


def _number(value: object) -> str:
    """A number as typed: ``200``, not ``200.0``."""
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def _typed(quoted: str) -> str:
    """A value Click quoted with ``repr``, as it was typed."""
    try:
        value = ast.literal_eval(quoted)
    except (ValueError, SyntaxError):
        return quoted
    return value if isinstance(value, str) else quoted
