"""Deadlines and "today": the pure date logic of the user's applications.

A deadline is an ISO 8601 date (``2027-01-15``, the end of that day in the
user's local time) or date and time (``2027-01-15T17:00``, local time;
``2027-01-15T17:00-05:00`` at that offset). "Today" is a :class:`Clock`, real
or fixed (``--today``, ``MLPROG_TODAY``), so the same functions serve tests,
scripts and people. A local time zone that dates cannot use (``TZ=UTC+24``: a
day or more from UTC) is a :class:`TimeZoneError` saying so in words, raised
before anything is written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from ..errors import MlprogError
from ..model import NamedTuple

#: The years a deadline (or a fixed today) may fall in.
YEARS = (1900, 2999)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_FORMATS = (
    "write it as YYYY-MM-DD (2027-01-15, the end of that day), or with a time as "
    "YYYY-MM-DDTHH:MM (2027-01-15T17:00), optionally with an offset (2027-01-15T17:00-05:00)"
)


# --- dates and "today" ----------------------------------------------------------------


class TimeZoneError(MlprogError):
    """The local time zone is one dates cannot use; the message says which and what to do."""


#: How far from UTC a local time may be: Python's dates take offsets under a day.
_MOST_OFFSET_SECONDS = 24 * 60 * 60


def _zone_problem() -> str:
    import os

    zone = os.environ.get("TZ")
    named = f"the time zone TZ={zone!r}" if zone is not None else "the local time zone"
    return (
        f"{named} is out of range: it is a day or more away from UTC, and a local time must be "
        "less than 24 hours from it; set TZ to a zone such as UTC or America/New_York"
    )


def check_local_time() -> None:
    """TimeZoneError if the local time zone is a day or more from UTC (``TZ=UTC+24``), which dates
    cannot hold: said in words before anything is read, computed or written."""
    import time as clock

    if abs(clock.localtime().tm_gmtoff or 0) >= _MOST_OFFSET_SECONDS:
        raise TimeZoneError(_zone_problem())


def in_local_time(moment: datetime) -> datetime:
    """The moment in the local time zone (a naive one is local time already); TimeZoneError if the
    zone cannot be used."""
    try:
        return moment.astimezone()
    except ValueError:  # "offset must be a timedelta strictly between ..."
        check_local_time()
        raise


class Clock(NamedTuple):
    """What "now" is: today's date in local time, and the moment (None when only the day is fixed)."""

    today: date
    now: datetime | None = None

    @classmethod
    def real(cls) -> Clock:
        """The machine's clock, in its local time zone."""
        now = in_local_time(datetime.now())
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
    except ValueError:
        raise ValueError(f"{text!r} is not a date that exists: {_why_no_such_day(text)}") from None
    return _in_years(text, day)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _why_no_such_day(text: str) -> str:
    """Why ``YYYY-MM-DD`` (digits in place) names no day, in a person's words, not Python's."""
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    if not 1 <= month <= 12:
        return f"there is no month {text[5:7]} (months are 01 to 12)"
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        days = 29 if leap else 28
    else:
        days = 30 if month in (4, 6, 9, 11) else 31
    if day == 0:
        return "days are counted from 01"
    return f"{_MONTHS[month - 1]} {year} has {days} days"


def _why_no_such_time(text: str) -> str:
    """Why a date and time that matched the form names no moment, in a person's words."""
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return _why_no_such_day(text[:10])
    hour, minute = int(text[11:13]), int(text[14:16])
    if hour > 23:
        return f"there is no hour {text[11:13]} (hours are 00 to 23; midnight is 00:00 of the next day)"
    if minute > 59:
        return f"there is no minute {text[14:16]} (minutes are 00 to 59)"
    return "its seconds are out of range (00 to 59)"


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
    written = _DATE_TIME.fullmatch(text)
    if not written:
        raise ValueError(f"{text!r} is not a date in ISO 8601 form; {_FORMATS}")
    offset = written.group(2) or "Z"
    if offset != "Z" and (int(offset[1:3]) > 23 or int(offset[4:6]) > 59):
        raise ValueError(
            f"{text!r}: the offset {offset} is out of range; an offset from UTC is from -23:59 to "
            "+23:59 (New York is -05:00 in winter)"
        )
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time that exist: {_why_no_such_time(text)}") from None
    _in_years(text, moment.date())
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def deadline_moment(deadline: str) -> datetime:
    """The moment a deadline passes, in local time: a date alone is the end of that day."""
    if _DATE.fullmatch(deadline):
        return in_local_time(datetime.combine(date.fromisoformat(deadline), time(23, 59, 59)))
    return in_local_time(datetime.fromisoformat(deadline))  # naive: local time already


def local_day(deadline: str) -> date:
    """The day, in local time, on which a deadline falls."""
    if _DATE.fullmatch(deadline):
        return date.fromisoformat(deadline)
    moment = datetime.fromisoformat(deadline)
    return moment.date() if moment.tzinfo is None else in_local_time(moment).date()


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
        moment = in_local_time(moment)
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
