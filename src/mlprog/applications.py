"""The user's applications: deadlines, status, fee, letters and tests, kept beside the shortlist.

None of these facts is in the bundled data (the source page has none): they
are the user's own, in ``applications.json`` in the data folder, read and
written like the shortlist (see :mod:`mlprog.userfile`): under a lock,
atomically, a corrupt file kept aside, keys this version does not know kept,
a newer version's file never rewritten.

The date logic is pure: a deadline is an ISO 8601 date (``2027-01-15``, the
end of that day in the user's local time) or date and time (``2027-01-15T17:00``,
local time; ``2027-01-15T17:00-05:00`` at that offset). "Today" is a
:class:`Clock`, real or fixed (``--today``, ``MLPROG_TODAY``), so the same
functions serve tests, scripts and people.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

from .userfile import check_json, clean, locked, read_json, save_json

VERSION = 1
STATUSES = (
    "considering",
    "preparing",
    "submitted",
    "interview",
    "admitted",
    "waitlisted",
    "rejected",
    "declined",
    "enrolled",
)
#: Statuses of an application not yet sent: a deadline that has passed is overdue for these.
NOT_SENT = frozenset({"considering", "preparing"})
KINDS = ("priority", "final", "funding")
DEFAULT_KIND = "final"
DEFAULT_STATUS = "considering"
#: How many letters of recommendation an application may ask for: more is a typing mistake.
MAX_LETTERS = 99
MAX_TEST_NAME = 40
#: The years a deadline (or a fixed today) may fall in.
YEARS = (1900, 2999)
_KIND = "applications file"
_KNOWN_KEYS = ("version", "applications")
_KNOWN_ENTRY_KEYS = ("status", "deadlines", "fee", "letters_requested", "letters_received", "tests")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_FORMATS = (
    "write it as YYYY-MM-DD (2027-01-15, the end of that day), or with a time as "
    "YYYY-MM-DDTHH:MM (2027-01-15T17:00), optionally with an offset (2027-01-15T17:00-05:00)"
)


# --- dates and "today" ----------------------------------------------------------------


class Clock(NamedTuple):
    """What "now" is: today's date in local time, and the moment (None when only the day is fixed)."""

    today: date
    now: datetime | None = None

    @classmethod
    def real(cls) -> Clock:
        """The machine's clock, in its local time zone."""
        now = datetime.now().astimezone()
        return cls(now.date(), now)

    @classmethod
    def fixed(cls, typed: str) -> Clock:
        """Today fixed to a date (``--today``, ``MLPROG_TODAY``): deadlines are compared by day only."""
        return cls(parse_day(typed))


def parse_day(typed: str) -> date:
    """A calendar date written ``YYYY-MM-DD``; ValueError saying what is wrong and what is expected."""
    text = typed.strip()
    if not _DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date in ISO 8601 form; write it as YYYY-MM-DD (2027-01-15)")
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date that exists ({exc})") from None
    return _in_years(text, day)


def _in_years(text: str, day: date) -> date:
    """The day, if its year is one a deadline can have (which also keeps time-zone arithmetic in range)."""
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise ValueError(f"{text!r}: the year must be from {YEARS[0]} to {YEARS[1]}")
    return day


def parse_deadline(typed: str) -> str:
    """A deadline as stored: ``2027-01-15``, ``2027-01-15T17:00`` or ``2027-01-15T22:00+00:00``.

    ValueError for any other form (saying which are expected) and for a date or
    time that does not exist (``2027-02-30``, ``25:00``).
    """
    text = typed.strip()
    if _DATE.fullmatch(text):
        return parse_day(text).isoformat()
    if not _DATE_TIME.fullmatch(text):
        raise ValueError(f"{text!r} is not a date in ISO 8601 form; {_FORMATS}")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date and time that exist ({exc})") from None
    _in_years(text, moment.date())
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def deadline_moment(deadline: str) -> datetime:
    """The moment a deadline passes, in local time: a date alone is the end of that day."""
    if _DATE.fullmatch(deadline):
        return datetime.combine(date.fromisoformat(deadline), time(23, 59, 59)).astimezone()
    return datetime.fromisoformat(deadline).astimezone()  # naive: local time already


def local_day(deadline: str) -> date:
    """The day, in local time, on which a deadline falls."""
    if _DATE.fullmatch(deadline):
        return date.fromisoformat(deadline)
    moment = datetime.fromisoformat(deadline)
    return moment.date() if moment.tzinfo is None else moment.astimezone().date()


def days_left(deadline: str, today: date) -> int:
    """Whole days from today to the deadline's day (0 on the day, negative once past)."""
    return (local_day(deadline) - today).days


def has_passed(deadline: str, clock: Clock) -> bool:
    """Whether the deadline is over: an earlier day, or today at a time already gone."""
    left = days_left(deadline, clock.today)
    return left < 0 or (left == 0 and clock.now is not None and deadline_moment(deadline) < clock.now)


def shown_deadline(deadline: str) -> str:
    """A deadline as people read it, in local time: ``2027-01-15`` or ``2027-01-15 17:00``."""
    if _DATE.fullmatch(deadline):
        return deadline
    moment = datetime.fromisoformat(deadline)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def days_text(left: int) -> str:
    """Days left in words: ``today``, ``1 day``, ``12 days``, ``3 days ago``."""
    if left == 0:
        return "today"
    count = f"{abs(left)} day" + ("" if abs(left) == 1 else "s")
    return count if left > 0 else f"{count} ago"


def overdue_text(left: int) -> str:
    """A deadline passed with the application not sent: ``3 days overdue``, or ``overdue`` today."""
    return f"{days_text(-left)} overdue" if left < 0 else "overdue"


# --- what the user types --------------------------------------------------------------------


def parse_status(typed: str) -> str:
    """A status by name (any case); ValueError listing the valid ones."""
    text = typed.strip().lower()
    if text in STATUSES:
        return text
    import difflib

    near = difflib.get_close_matches(text, STATUSES, n=1)
    hint = f"did you mean {near[0]}? " if near else ""
    raise ValueError(f"{typed.strip()!r} is not a status; {hint}statuses: {', '.join(STATUSES)}")


def parse_kind(typed: str) -> str:
    """A deadline kind by name (any case); ValueError listing the valid ones."""
    text = typed.strip().lower()
    if text not in KINDS:
        raise ValueError(f"{typed.strip()!r} is not a kind of deadline; kinds: {', '.join(KINDS)}")
    return text


def parse_test(typed: str) -> tuple[str, float | int | None]:
    """``GRE=330`` as ("GRE", 330); ``GRE=`` as ("GRE", None), which removes the score."""
    name, equals, score = typed.partition("=")
    name, score = clean(name.strip()), score.strip()
    example = "write it as NAME=SCORE, such as GRE=330 or IELTS=7.5 (NAME= removes it)"
    if not equals or not name:
        raise ValueError(f"{typed!r} is not a test score; {example}")
    if len(name) > MAX_TEST_NAME:
        raise ValueError(f"the test name {name[:MAX_TEST_NAME]!r}... is over {MAX_TEST_NAME} characters")
    if not score:
        return name, None
    if not _NUMBER.fullmatch(score):
        raise ValueError(f"{score!r} is not a test score for {name!r}: a score is a number from 0 up")
    number = float(score)
    return name, int(number) if "." not in score else number


# --- the model --------------------------------------------------------------------------------


class Application(NamedTuple):
    """One application: its status, deadlines by kind, fee, letters and test scores."""

    program_id: str
    status: str = DEFAULT_STATUS
    deadlines: dict[str, str] = {}  # noqa: RUF012 - never mutated; replaced on change
    fee: int | None = None
    letters_requested: int = 0
    letters_received: int = 0
    tests: dict[str, float | int] = {}  # noqa: RUF012
    other: dict[str, Any] = {}  # noqa: RUF012 - keys this version does not know, kept as they are

    def as_dict(self) -> dict[str, Any]:
        """The entry as the file holds it (the program id is its key there)."""
        return {
            **self.other,
            "status": self.status,
            "deadlines": dict(self.deadlines),
            "fee": self.fee,
            "letters_requested": self.letters_requested,
            "letters_received": self.letters_received,
            "tests": dict(self.tests),
        }

    def ordered_deadlines(self) -> list[tuple[str, str]]:
        """(kind, deadline) pairs, earliest first."""
        return sorted(self.deadlines.items(), key=lambda pair: (deadline_moment(pair[1]), pair[0]))

    def next_deadline(self, clock: Clock) -> tuple[str, str] | None:
        """The first deadline not yet passed; the last one when all have; None with none."""
        ordered = self.ordered_deadlines()
        upcoming = [pair for pair in ordered if not has_passed(pair[1], clock)]
        return upcoming[0] if upcoming else (ordered[-1] if ordered else None)


class Applications(NamedTuple):
    """Every application by program id, in the order recorded, and keys kept for other versions."""

    entries: dict[str, Application] = {}  # noqa: RUF012
    version: int = VERSION
    other: dict[str, Any] = {}  # noqa: RUF012

    def as_dict(self) -> dict[str, Any]:
        """The file's content."""
        return {
            **self.other,
            "version": self.version,
            "applications": {pid: entry.as_dict() for pid, entry in self.entries.items()},
        }


class Change(NamedTuple):
    """What ``apply set`` changes; None (or empty) leaves a field as it is."""

    status: str | None = None
    deadline: tuple[str, str] | None = None  # (kind, deadline)
    clear_deadlines: tuple[str, ...] = ()
    fee: int | None = None
    letters_requested: int | None = None
    letters_received: int | None = None
    tests: tuple[tuple[str, float | int | None], ...] = ()  # a None score removes the test


def changed(current: Application, change: Change) -> Application:
    """The application with the change made; ValueError if it would not make sense."""
    deadlines = {k: v for k, v in current.deadlines.items() if k not in change.clear_deadlines}
    if change.deadline is not None:
        deadlines[change.deadline[0]] = change.deadline[1]
    tests = dict(current.tests)
    for name, score in change.tests:
        for same in [key for key in tests if key.casefold() == name.casefold()]:
            del tests[same]
        if score is not None:
            tests[name] = score
    requested = current.letters_requested if change.letters_requested is None else change.letters_requested
    received = current.letters_received if change.letters_received is None else change.letters_received
    for count, option in ((requested, "--letters"), (received, "--letters-received")):
        if not 0 <= count <= MAX_LETTERS:
            raise ValueError(f"{option} must be a whole number from 0 to {MAX_LETTERS}, not {count}")
    if received > requested:
        raise ValueError(
            f"{received} letters received but {requested} requested for {current.program_id}; "
            "set --letters too"
        )
    if change.fee is not None and change.fee < 0:
        raise ValueError(f"the fee cannot be negative ({change.fee})")
    return current._replace(
        status=change.status or current.status,
        deadlines=deadlines,
        fee=current.fee if change.fee is None else change.fee,
        letters_requested=requested,
        letters_received=received,
        tests=tests,
    )


# --- the file -----------------------------------------------------------------------------------


def read(path: Path) -> Applications:
    """The applications in the file; none if there is no file yet."""
    found = read_json(path, _KIND, _parse, "move it away to start again")
    return Applications() if found is None else found


def check(path: Path) -> str | None:
    """What is wrong with an applications file, or None if it reads; nothing is copied or changed."""
    return check_json(path, _KIND, _parse)


def _whole(value: Any, where: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"{where} must be a whole number from 0")
    return value


def _parse_entry(program_id: str, data: Any) -> Application:
    where = f"applications[{program_id!r}]"
    if not isinstance(data, dict):
        raise TypeError(f"{where} must be an object")
    status = data.get("status", DEFAULT_STATUS)
    deadlines = data.get("deadlines", {})
    tests = data.get("tests", {})
    if not isinstance(status, str):
        raise TypeError(f"{where}.status must be text")
    if not isinstance(deadlines, dict) or not all(isinstance(v, str) for v in deadlines.values()):
        raise TypeError(f"{where}.deadlines must map kinds to dates")
    for kind, deadline in deadlines.items():
        if parse_deadline(deadline) != deadline:
            raise ValueError(f"{where}.deadlines.{kind}: {deadline!r} is not a deadline as mlprog writes it")
    if not isinstance(tests, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in tests.values()
    ):
        raise TypeError(f"{where}.tests must map test names to numbers")
    return Application(
        program_id,
        clean(status),
        {clean(kind): deadline for kind, deadline in deadlines.items()},
        _whole(data.get("fee"), f"{where}.fee", optional=True),
        _whole(data.get("letters_requested", 0), f"{where}.letters_requested"),
        _whole(data.get("letters_received", 0), f"{where}.letters_received"),
        {clean(name): score for name, score in tests.items()},
        {key: value for key, value in data.items() if key not in _KNOWN_ENTRY_KEYS},
    )


def _parse(data: Any) -> Applications:
    if not isinstance(data, dict):
        raise TypeError("the file must hold a JSON object")
    version = data.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TypeError("'version' must be a whole number from 1")
    entries = data.get("applications", {})
    if not isinstance(entries, dict):
        raise TypeError("'applications' must map program ids to applications")
    other = {key: value for key, value in data.items() if key not in _KNOWN_KEYS}
    parsed = {clean(pid): _parse_entry(clean(pid), entry) for pid, entry in entries.items()}
    return Applications(parsed, version, other)


def set_application(path: Path, program_id: str, change: Change) -> tuple[Application, bool]:
    """Record or update one application; the result and whether it is new.

    The change is checked against what is recorded, under the lock: a
    ValueError leaves the file as it was.
    """
    with locked(path):
        current = read(path)
        before = current.entries.get(program_id)
        updated = changed(before or Application(program_id), change)
        entries = {**current.entries, program_id: updated}
        save_json(path, current._replace(entries=entries).as_dict(), VERSION, _KIND)
    return updated, before is None


def remove_application(path: Path, program_id: str) -> bool:
    """Remove one application; whether there was one (the file is not rewritten if not)."""
    with locked(path):
        current = read(path)
        if program_id not in current.entries:
            return False
        entries = {pid: entry for pid, entry in current.entries.items() if pid != program_id}
        save_json(path, current._replace(entries=entries).as_dict(), VERSION, _KIND)
    return True
