"""The options of the application commands, and the parsers of their values.

Apart from :mod:`mlprog.commands.apply` so that the commands fit a page; the
parsers import :mod:`mlprog.user.applications` and the others only when called.
"""

import re
from typing import TYPE_CHECKING, Annotated, TypeVar

from ..errors import BadOptionValue
from .declare import Option

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..user.deadlines import Clock

Parsed = TypeVar("Parsed")

#: Fixes "today" for scripts and tests, like --today.
TODAY_ENV = "MLPROG_TODAY"


def _or_bad_parameter(parse: "Callable[[str], Parsed]", typed: str) -> "Parsed":
    """What a parser of :mod:`mlprog.user.applications` or :mod:`mlprog.user.deadlines` makes of a value; its
    ValueError a bad parameter."""
    try:
        return parse(typed)
    except ValueError as exc:
        raise BadOptionValue(str(exc)) from None


def _deadline(typed: str) -> str:
    from ..user.deadlines import parse_deadline

    return _or_bad_parameter(parse_deadline, typed)


def _status(typed: str) -> str:
    from ..user.applications import parse_status

    return _or_bad_parameter(parse_status, typed)


def _kind(typed: str) -> str:
    from ..user.applications import parse_kind

    return _or_bad_parameter(parse_kind, typed)


def _test(typed: str) -> str:
    from ..user.applications import parse_test

    _or_bad_parameter(parse_test, typed)  # checked here, so that Click names the option; parsed again later
    return typed


def _decision(typed: str) -> str:
    from ..user.offers import parse_decision

    return _or_bad_parameter(parse_decision, typed)


def _yearly_money(typed: str) -> int:
    """A sum a year: 25000, $25,000, 25k, and the same with /year, /yr or "a year" after it."""
    from .options import parse_money

    return parse_money(re.sub(r"\s*(/\s*(year|yr)|(a|per) year)$", "", typed.strip(), flags=re.IGNORECASE))


def _complete_statuses(incomplete: str) -> list[str]:
    from ..user.applications import STATUSES

    return [status for status in STATUSES if status.startswith(incomplete.lower())]


def _complete_kinds(incomplete: str) -> list[str]:
    from ..user.applications import KINDS

    return [kind for kind in KINDS if kind.startswith(incomplete.lower())]


def _fee(typed: str) -> int:
    from .options import parse_money

    return parse_money(typed)


TodayOption = Annotated[
    str | None,
    Option(
        "--today",
        envvar=TODAY_ENV,
        show_envvar=True,
        metavar="YYYY-MM-DD",
        help="Count days from this date instead of today (for scripts and tests).",
    ),
]
StatusFilter = Annotated[
    list[str] | None,
    Option(
        "--status",
        metavar="STATUS",
        autocompletion=_complete_statuses,
        help="Only applications with these statuses, repeated or comma-separated (preparing,submitted).",
    ),
]


def _clock(today: str | None) -> "Clock":
    """Today, real or fixed; first, a local time zone dates cannot use is said in words."""
    from ..user.deadlines import Clock, check_local_time

    check_local_time()
    if today is None or not today.strip():
        return Clock.real()
    try:
        return Clock.fixed(today)
    except ValueError as exc:
        raise BadOptionValue(str(exc), param_hint="--today") from None


def _statuses(values: list[str] | None) -> frozenset[str]:
    from ..user.applications import parse_status

    try:
        return frozenset(
            parse_status(part) for value in values or () for part in value.split(",") if part.strip()
        )
    except ValueError as exc:
        raise BadOptionValue(str(exc), param_hint="--status") from None
