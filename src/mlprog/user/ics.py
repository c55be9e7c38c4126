"""The applications' deadlines as an iCalendar file (RFC 5545), made with the icalendar library.

One event per deadline, and per offer's reply-by date, with a reminder a week
before. An event's UID is the program id and the kind of deadline
(``cmu-final@mlprog``; an offer's reply-by date is ``cmu-reply-by@mlprog``),
so importing a newer export updates the events rather than adding them again. Those UIDs and
the PRODID are also how :func:`is_export` knows an earlier export, the only
file ``apply export --output`` replaces.

Only ``mlprog apply export`` imports this module, and icalendar is imported
inside :func:`deadlines_calendar`, so no other command pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from ..text.sanitize import terminal_safe
from .applications import Application
from .deadlines import Clock
from .offers import REPLY_BY

#: The reminder comes this long before the deadline.
REMINDER = timedelta(days=7)
PRODUCT_ID = "-//mlprog//Application deadlines//EN"
# An event UID as event_uid writes it: ``<program id>-<kind>@mlprog``.
_OUR_UID = re.compile(r".+-.+@mlprog", re.DOTALL)
# What an export holds: the calendar, its events, their reminders.
_OUR_COMPONENTS = frozenset({"VCALENDAR", "VEVENT", "VALARM"})


def event_uid(program_id: str, kind: str) -> str:
    """The event's UID: the same for a program's deadline of a kind in every export.

    Ids and kinds come from the user's file: control characters are made visible.
    """
    return terminal_safe(f"{program_id}-{kind}@mlprog")


def event_start(deadline: str) -> date | datetime:
    """DTSTART: a date (an all-day event), a floating local time, or a moment in UTC."""
    if "T" not in deadline:
        return date.fromisoformat(deadline)
    moment = datetime.fromisoformat(deadline)
    return moment if moment.tzinfo is None else moment.astimezone(UTC)


def stamp(clock: Clock) -> datetime:
    """DTSTAMP, in UTC: now, or midnight of a fixed today (so a fixed day exports the same bytes)."""
    if clock.now is not None:
        return clock.now.astimezone(UTC).replace(microsecond=0)
    return datetime(clock.today.year, clock.today.month, clock.today.day, tzinfo=UTC)


def _description(entry: Application) -> str:
    said = [f"Status: {entry.status}."]
    if entry.fee is not None:
        said.append(f"Fee: ${entry.fee:,}.")
    if entry.letters_requested:
        said.append(f"Letters: {entry.letters_received} of {entry.letters_requested} received.")
    if entry.offer is not None:
        if entry.offer.decision is not None:
            said.append(f"Decision: {entry.offer.decision}.")
        if awards := entry.offer.awards_text():
            said.append(f"Offered: {awards}.")
    return " ".join(said) + " Recorded with mlprog (mlprog apply show " + entry.program_id + ")."


def deadlines_calendar(entries: Sequence[Application], names: Mapping[str, str], clock: Clock) -> bytes:
    """The calendar: one VEVENT per deadline (earliest first), each with a VALARM a week before.

    ``names`` gives each program's name for the summary; an id not in it (a
    program gone from the data) is named by its id.
    """
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Application deadlines")
    created = stamp(clock)
    events = [(entry, kind, deadline) for entry in entries for kind, deadline in entry.ordered_deadlines()]
    for entry, kind, deadline in events:
        name = terminal_safe(names.get(entry.program_id, entry.program_id))
        if kind == REPLY_BY:
            summary = f"Reply to the offer: {name}"
        else:
            summary = f"Application deadline ({terminal_safe(kind)}): {name}"
        event = Event()
        event.add("uid", event_uid(entry.program_id, kind))
        event.add("dtstamp", created)
        event.add("summary", summary)
        start = event_start(deadline)
        event.add("dtstart", start)
        if not isinstance(start, datetime):  # an all-day event ends the next day (RFC 5545 3.6.1)
            event.add("dtend", start + timedelta(days=1))
        event.add("description", terminal_safe(_description(entry)))
        event.add("categories", ["Offer reply" if kind == REPLY_BY else "Application deadline"])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In a week: {summary}")
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def is_export(content: bytes) -> bool:
    """Whether a file's content is a calendar mlprog exported: one VCALENDAR with mlprog's PRODID,
    holding only events (with their reminders) whose every UID is one of mlprog's.

    A calendar another program wrote (another PRODID, or events of its own) is
    not, even if it begins like one; an export with no events is.
    """
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(content)
    except Exception:  # noqa: BLE001 - whatever the parser cannot read, mlprog did not write
        return False
    if not isinstance(calendar, Calendar) or str(calendar.get("PRODID", "")) != PRODUCT_ID:
        return False
    for component in calendar.walk():
        if component.name not in _OUR_COMPONENTS:
            return False
        if component.name == "VEVENT" and not _OUR_UID.fullmatch(str(component.get("UID", ""))):
            return False
    return True
