"""Applications, the core: dates and days left, what the user types, the file, and the calendar.

No runner here: the date logic and the calendar are pure functions, tested as
such (the command line is tested in test_apply.py).
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from mlprog.files.userfile import UserFileError
from mlprog.user.applications import Application, Change, changed, parse_status, parse_test, set_application
from mlprog.user.deadlines import (
    Clock,
    days_left,
    days_text,
    has_passed,
    local_day,
    parse_day,
    parse_deadline,
)
from mlprog.user.ics import deadlines_calendar, event_uid


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set the machine's time zone (a POSIX TZ string) for one test; restored after it."""

    def use(tz: str) -> None:
        monkeypatch.setenv("TZ", tz)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


# --- days left ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "deadline", "left"),
    [
        ("2026-11-30", "2026-12-01", 1),  # across a month's end
        ("2026-12-31", "2027-01-01", 1),  # across a year's end
        ("2026-12-20", "2027-01-15", 26),
        ("2028-02-28", "2028-02-29", 1),  # to the leap day
        ("2028-02-29", "2028-03-01", 1),  # from it
        ("2028-02-01", "2028-03-01", 29),  # February of a leap year
        ("2027-02-01", "2027-03-01", 28),  # and of another
        ("2027-01-15", "2027-01-15", 0),
        ("2027-01-18", "2027-01-15", -3),
        ("2027-01-01", "2026-12-31", -1),
    ],
)
def test_days_left_counts_calendar_days(today: str, deadline: str, left: int) -> None:
    assert days_left(deadline, parse_day(today)) == left


def test_the_extreme_years_allowed_work_in_every_zone(zone) -> None:  # type: ignore[no-untyped-def]
    for tz in ("<+14>-14", "<-12>12"):
        zone(tz)
        for deadline in ("1900-01-01T00:00+14:00", "2999-12-31T23:59-12:00", "2999-12-31", "1900-01-01"):
            entry = Application("cmu", deadlines={"final": parse_deadline(deadline)})
            assert entry.next_deadline(Clock.real()) is not None
            assert deadlines_calendar([entry], {}, Clock.real())


def test_days_in_words() -> None:
    assert [days_text(n) for n in (0, 1, 2, -1, -3)] == [
        "today",
        "1 day",
        "2 days",
        "1 day ago",
        "3 days ago",
    ]


def test_a_date_alone_is_the_end_of_that_day_in_local_time(zone) -> None:  # type: ignore[no-untyped-def]
    zone("EST5")
    day = date(2027, 1, 15)
    late = datetime(2027, 1, 15, 23, 59).astimezone()
    assert not has_passed("2027-01-15", Clock(day, late))
    assert has_passed("2027-01-15", Clock(date(2027, 1, 16), datetime(2027, 1, 16, 0, 0).astimezone()))


def test_a_time_passes_on_the_day_itself(zone) -> None:  # type: ignore[no-untyped-def]
    zone("UTC0")
    day = date(2027, 1, 15)
    assert not has_passed("2027-01-15T17:00", Clock(day, datetime(2027, 1, 15, 16, 59).astimezone()))
    assert has_passed("2027-01-15T17:00", Clock(day, datetime(2027, 1, 15, 17, 1).astimezone()))
    assert not has_passed("2027-01-15T17:00", Clock(day))  # a fixed today compares days only


@pytest.mark.parametrize(
    ("tz", "day"),
    [
        ("EST5", date(2027, 1, 15)),  # the deadline's own offset: 23:00 on the 15th
        ("UTC0", date(2027, 1, 16)),  # 04:00 on the 16th
        ("<+14>-14", date(2027, 1, 16)),  # Kiribati: 18:00 on the 16th
        ("<-10>10", date(2027, 1, 15)),  # Hawaii: 18:00 on the 15th
    ],
)
def test_a_deadline_with_an_offset_falls_on_the_local_day(zone, tz: str, day: date) -> None:  # type: ignore[no-untyped-def]
    zone(tz)
    assert local_day("2027-01-15T23:00-05:00") == day
    assert days_left("2027-01-15T23:00-05:00", date(2027, 1, 14)) == (day - date(2027, 1, 14)).days


def test_a_date_without_offset_is_the_same_day_everywhere(zone) -> None:  # type: ignore[no-untyped-def]
    for tz in ("UTC0", "<+14>-14", "<-12>12"):
        zone(tz)
        assert local_day("2027-01-15") == date(2027, 1, 15)
        assert local_day("2027-01-15T23:30") == date(2027, 1, 15)


def test_the_real_clock_is_local_and_fixed_one_has_no_moment(zone) -> None:  # type: ignore[no-untyped-def]
    zone("<+14>-14")
    real = Clock.real()
    assert real.now is not None
    assert real.now.utcoffset() == timedelta(hours=14)
    assert Clock.fixed("2028-02-29") == Clock(date(2028, 2, 29), None)


# --- what the user types --------------------------------------------------------------------


def test_deadlines_are_stored_in_one_iso_form() -> None:
    assert parse_deadline(" 2027-01-15 ") == "2027-01-15"
    assert parse_deadline("2028-02-29") == "2028-02-29"
    assert parse_deadline("2027-01-15T17:00") == "2027-01-15T17:00"
    assert parse_deadline("2027-01-15 17:00:30") == "2027-01-15T17:00:30"
    assert parse_deadline("2027-01-15T17:00-05:00") == "2027-01-15T17:00-05:00"
    assert parse_deadline("2027-01-15T22:00Z") == "2027-01-15T22:00+00:00"


@pytest.mark.parametrize(
    "typed", ["2027-02-30", "2027-02-29", "2027-13-01", "2027-00-10", "2027-01-15T24:00"]
)
def test_a_date_that_does_not_exist_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="that exist"):
        parse_deadline(typed)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2027-02-29", "February 2027 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2100-02-29", "February 2100 has 28 days"),
        ("2027-04-31", "April 2027 has 30 days"),
        ("2027-13-01", "there is no month 13 (months are 01 to 12)"),
        ("2027-00-10", "there is no month 00"),
        ("2027-01-00", "days are counted from 01"),
        ("2027-01-15T24:00", "there is no hour 24"),
        ("2027-01-15T17:60", "there is no minute 60"),
        ("2027-01-15T17:00:61", "its seconds are out of range"),
        ("2027-02-30T17:00", "February 2027 has 28 days"),
    ],
)
def test_a_date_that_does_not_exist_is_explained_in_words(typed: str, why: str) -> None:
    with pytest.raises(ValueError, match="that exist") as refused:
        parse_deadline(typed)
    assert why in str(refused.value)
    assert "must be in" not in str(refused.value)  # Python's own wording stays out
    assert "out of range for month" not in str(refused.value)


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "9999-12-31T23:59-12:00", "1899-12-31"])
def test_a_year_out_of_range_is_refused_before_any_arithmetic_overflows(typed: str) -> None:
    with pytest.raises(ValueError, match="the year must be from 1900 to 2999"):
        parse_deadline(typed)
    with pytest.raises(ValueError, match="the year must be from 1900 to 2999"):
        Clock.fixed(typed[:10])


@pytest.mark.parametrize(
    "typed",
    ["01/15/2027", "15.01.2027", "2027-1-5", "20270115", "2027-W03", "Jan 15 2027", "", "2027-01-15T5pm"],
)
def test_other_formats_are_refused_saying_which_is_expected(typed: str) -> None:
    with pytest.raises(ValueError, match="not a date in ISO 8601 form; write it as YYYY-MM-DD"):
        parse_deadline(typed)


def test_statuses_and_their_errors() -> None:
    assert parse_status(" Submitted ") == "submitted"
    with pytest.raises(ValueError, match="did you mean submitted\\? statuses: considering, preparing"):
        parse_status("submited")
    with pytest.raises(ValueError, match="statuses: considering, preparing, submitted, interview, admitted"):
        parse_status("maybe")


def test_test_scores() -> None:
    assert parse_test("GRE=330") == ("GRE", 330)
    assert parse_test(" IELTS = 7.5 ") == ("IELTS", 7.5)
    assert parse_test("TOEFL=") == ("TOEFL", None)
    for bad in ("GRE", "=330", "GRE=-1", "GRE=abc", "GRE=1e3", "GRE=nan", "X" * 41 + "=1"):
        with pytest.raises(ValueError, match="test"):
            parse_test(bad)


def test_letters_received_cannot_exceed_requested() -> None:
    entry = changed(Application("cmu"), Change(letters_requested=3, letters_received=2))
    assert (entry.letters_requested, entry.letters_received) == (3, 2)
    with pytest.raises(ValueError, match="3 letters received but 2 requested"):
        changed(entry, Change(letters_requested=2, letters_received=3))
    with pytest.raises(ValueError, match="2 letters received but 1 requested"):
        changed(entry, Change(letters_requested=1))  # 2 already received


def test_a_change_keeps_what_it_does_not_name() -> None:
    entry = changed(
        Application("cmu"),
        Change(status="preparing", deadline=("priority", "2026-12-01"), fee=75, tests=(("GRE", 330),)),
    )
    entry = changed(entry, Change(deadline=("final", "2027-01-15"), tests=(("gre", 331), ("TOEFL", 110))))
    assert entry.status == "preparing"
    assert entry.fee == 75
    assert entry.deadlines == {"priority": "2026-12-01", "final": "2027-01-15"}
    assert entry.tests == {"gre": 331, "TOEFL": 110}  # the same test in another case replaced
    entry = changed(entry, Change(clear_deadlines=("priority",), tests=(("TOEFL", None),)))
    assert entry.deadlines == {"final": "2027-01-15"}
    assert entry.tests == {"gre": 331}


def test_the_next_deadline_is_the_first_not_passed() -> None:
    entry = Application(
        "cmu", deadlines={"final": "2027-01-15", "priority": "2026-12-01", "funding": "2026-11-01"}
    )
    assert entry.next_deadline(Clock(date(2026, 10, 1))) == ("funding", "2026-11-01")
    assert entry.next_deadline(Clock(date(2026, 11, 2))) == ("priority", "2026-12-01")
    assert entry.next_deadline(Clock(date(2027, 1, 15))) == ("final", "2027-01-15")
    assert entry.next_deadline(Clock(date(2027, 2, 1))) == ("final", "2027-01-15")  # all passed: the last
    assert Application("uw").next_deadline(Clock(date(2027, 2, 1))) is None


# --- the file, with writers at once -----------------------------------------------------------


def _set_many(path: str, program_id: str, times: int) -> None:
    for number in range(times):
        set_application(Path(path), program_id, Change(fee=number, tests=((f"T{number}", number),)))


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "applications.json"
    ids = [f"prog{n}" for n in range(8)]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_set_many, args=(str(path), pid, 15)) for pid in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    saved = json.loads(path.read_text(encoding="utf-8"))["applications"]
    assert sorted(saved) == ids
    for pid in ids:
        assert saved[pid]["fee"] == 14
        assert len(saved[pid]["tests"]) == 15


def test_unknown_keys_are_kept_and_a_newer_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "applications.json"
    path.write_text(
        json.dumps(
            {"version": 1, "sync": {"at": 1}, "applications": {"cmu": {"status": "preparing", "portal": "x"}}}
        )
    )
    set_application(path, "uw", Change(fee=10))
    saved = json.loads(path.read_text())
    assert saved["sync"] == {"at": 1}
    assert saved["applications"]["cmu"]["portal"] == "x"
    newer = json.dumps({"version": 2, "applications": {}})
    path.write_text(newer)
    with pytest.raises(UserFileError, match="newer mlprog"):
        set_application(path, "uw", Change(fee=10))
    assert path.read_text() == newer


# --- the calendar ------------------------------------------------------------------------------


ENTRIES = [
    Application(
        "cmu",
        "preparing",
        {"priority": "2026-12-01", "final": "2027-01-15T17:00-05:00"},
        fee=75,
        letters_requested=3,
        letters_received=1,
    ),
    Application("uw", "submitted", {"final": "2026-12-15T23:59"}),
    Application("gone", "considering", {"funding": "2027-02-01"}),
]
NAMES = {"cmu": "Carnegie Mellon University", "uw": "University of Washington-Seattle Campus"}


def events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    assert str(calendar["VERSION"]) == "2.0"
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_one_event_per_deadline_checked_field_by_field() -> None:
    content = deadlines_calendar(ENTRIES, NAMES, Clock(date(2026, 11, 25)))
    found = events(content)
    assert list(found) == [
        "cmu-priority@mlprog",
        "cmu-final@mlprog",
        "uw-final@mlprog",
        "gone-funding@mlprog",
    ]
    priority = found["cmu-priority@mlprog"]
    assert str(priority["SUMMARY"]) == "Application deadline (priority): Carnegie Mellon University"  # type: ignore[index]
    assert priority["DTSTART"].dt == date(2026, 12, 1)  # type: ignore[index]  # all day
    assert priority["DTEND"].dt == date(2026, 12, 2)  # type: ignore[index]
    assert priority["DTSTAMP"].dt == datetime(2026, 11, 25, tzinfo=UTC)  # type: ignore[index]
    assert "Fee: $75. Letters: 1 of 3 received." in str(priority["DESCRIPTION"])  # type: ignore[index]
    final = found["cmu-final@mlprog"]
    assert final["DTSTART"].dt == datetime(2027, 1, 15, 22, 0, tzinfo=UTC)  # type: ignore[index]
    floating = found["uw-final@mlprog"]["DTSTART"].dt  # type: ignore[index]
    assert floating == datetime(2026, 12, 15, 23, 59)
    assert floating.tzinfo is None
    assert str(found["gone-funding@mlprog"]["SUMMARY"]) == "Application deadline (funding): gone"  # type: ignore[index]
    for event in found.values():
        alarms = event.walk("VALARM")  # type: ignore[attr-defined]
        assert len(alarms) == 1
        assert alarms[0]["TRIGGER"].dt == -timedelta(days=7)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert b"\r\n" in content
    assert b"\n" not in content.replace(b"\r\n", b"")


def test_uids_are_stable_across_exports_and_unique() -> None:
    first = events(deadlines_calendar(ENTRIES, NAMES, Clock.real()))
    moved = [ENTRIES[0]._replace(deadlines={"priority": "2026-12-03", "final": "2027-01-20"}), *ENTRIES[1:]]
    second = events(deadlines_calendar(moved, NAMES, Clock.real()))
    assert list(first) == list(second)
    assert len(set(first)) == 4
    assert event_uid("cmu", "final") == "cmu-final@mlprog"
    assert second["cmu-priority@mlprog"]["DTSTART"].dt == date(2026, 12, 3)  # type: ignore[index]


def test_names_and_statuses_from_files_are_escaped_not_obeyed() -> None:
    hostile = [
        Application("cmu", "preparing\x1b[31m", {"final": "2027-01-15"}),
        Application("x\x1b]8;;", "preparing", {"final\x07": "2027-01-15"}),
    ]
    content = deadlines_calendar(hostile, {"cmu": "Evil, Inc; \x1b]52;c;x\x07\nBEGIN:VEVENT"}, Clock.real())
    found = events(content)
    assert list(found) == ["cmu-final@mlprog", "x\\x1b]8;;-final\\x07@mlprog"]
    assert "\x1b" not in content.decode()
    assert "\x07" not in content.decode()
