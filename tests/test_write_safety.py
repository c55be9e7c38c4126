"""What mlprog writes, and what it refuses to write (issue 26, "Nothing lost, ever").

Every refusal is one ``Error:`` line, exit 1 (or 2 for a bad option value),
with the user's folders byte for byte as they were and nothing left behind (no
temporary file, no lock file): each test takes a :func:`snapshot` before and
compares after. Files are written here directly, not through mlprog, so that
no lock file exists before a command runs and a stray one would show.
"""

from __future__ import annotations

import json
import math
import os
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import Invoke, examples, snapshot
from mlprog.files import userfile
from mlprog.user import applications
from mlprog.user.ics import PRODUCT_ID
from mlprog.user.shortlist import MAX_NOTE_CHARS

MLPROG = [sys.executable, "-m", "mlprog"]
TODAY = "2026-11-25"
GOOGLE_CALENDAR = (
    b"BEGIN:VCALENDAR\r\n"
    b"PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    b"VERSION:2.0\r\n"
    b"CALSCALE:GREGORIAN\r\n"
    b"X-WR-CALNAME:Work\r\n"
    b"BEGIN:VEVENT\r\n"
    b"DTSTART:20270115T170000Z\r\n"
    b"DTEND:20270115T180000Z\r\n"
    b"DTSTAMP:20261125T000000Z\r\n"
    b"UID:5s1n0ad5f8qj2fcm3m9gg5vq0c@google.com\r\n"
    b"SUMMARY:Dentist\r\n"
    b"END:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLPROG_HOME in a temporary folder, and today fixed."""
    monkeypatch.setenv("MLPROG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MLPROG_TODAY", TODAY)
    return tmp_path / "home"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The folder --output files go to."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def data_folder(home: Path) -> Path:
    return home / "data"


def write_user_file(home: Path, name: str, content: Any) -> Path:
    """A user file written directly (so no lock file exists yet): JSON for a dict, else as given."""
    path = data_folder(home) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = json.dumps(content, indent=2)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def recorded(home: Path) -> None:
    """One application to cmu, with a deadline at a local time and a test score; cmu shortlisted."""
    entry = {"status": "preparing", "deadlines": {"final": "2027-01-15T17:00"}, "tests": {"GRE": 330}}
    write_user_file(home, "applications.json", {"version": 1, "applications": {"cmu": entry}})
    write_user_file(home, "shortlist.json", {"version": 1, "programs": ["cmu"], "notes": {}})


def refused(result: Any, code: int, *said: str) -> None:
    """One clear Error: line (and Click's usage hint for exit 2), saying each of ``said``; no traceback."""
    stderr = result.stderr
    assert result.exit_code == code, stderr
    assert stderr.startswith("Error: "), stderr
    assert len([line for line in stderr.splitlines() if line.startswith("Error:")]) == 1, stderr
    for words in said:
        assert words in stderr, stderr
    assert "internal error" not in stderr
    assert "Traceback" not in stderr


def run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MLPROG_HOME": str(home), **env}
    return subprocess.run(
        [*MLPROG, *args], capture_output=True, text=True, env=environment, timeout=60, check=False
    )


class Ran:
    """A finished subprocess, with the attributes :func:`refused` reads."""

    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.exit_code = done.returncode
        self.stdout = done.stdout
        self.stderr = done.stderr


# --- 1. apply export --output replaces only an mlprog export ------------------------------------


def test_a_calendar_from_another_app_is_never_replaced(home: Path, out: Path, invoke: Invoke) -> None:
    recorded(home)
    target = out / "work.ics"
    target.write_bytes(GOOGLE_CALENDAR)
    before = snapshot(home, out)
    result = invoke("apply", "export", "--output", str(target))
    refused(result, 2, f"{target} exists and was not exported by mlprog; it is kept as it is")
    assert snapshot(home, out) == before


def test_mlprogs_prodid_with_an_event_of_another_app_is_not_an_export(
    home: Path, out: Path, invoke: Invoke
) -> None:
    """Beginning like an export, even naming mlprog, is not enough: every event must be mlprog's."""
    recorded(home)
    target = out / "mixed.ics"
    target.write_bytes(
        GOOGLE_CALENDAR.replace(b"-//Google Inc//Google Calendar 70.9054//EN", PRODUCT_ID.encode())
    )
    before = snapshot(home, out)
    refused(invoke("apply", "export", "--output", str(target)), 2, "was not exported by mlprog")
    assert snapshot(home, out) == before


def test_an_earlier_export_is_replaced_even_an_empty_one(home: Path, out: Path, invoke: Invoke) -> None:
    target = out / "deadlines.ics"
    assert invoke("apply", "export", "--output", str(target)).exit_code == 0  # no applications: no events
    assert Calendar.from_ical(target.read_bytes()).walk("VEVENT") == []
    recorded(home)
    again = invoke("apply", "export", "--output", str(target))
    assert again.exit_code == 0, again.stderr
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == ["cmu-final@mlprog"]
    third = invoke("apply", "export", "--output", str(target))  # an export with events: replaced too
    assert third.exit_code == 0, third.stderr
    assert sorted(path.name for path in out.iterdir()) == ["deadlines.ics"]  # no temporary file left


def test_an_export_replaced_keeps_its_permissions(home: Path, out: Path, invoke: Invoke) -> None:
    target = out / "deadlines.ics"
    assert invoke("apply", "export", "--output", str(target)).exit_code == 0
    target.chmod(0o644)  # the user shares the calendar
    recorded(home)
    assert invoke("apply", "export", "--output", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")] == [
        "cmu-final@mlprog"
    ]


@pytest.mark.parametrize(
    ("offset", "shown"), [("+25:00", "+25:00"), ("-24:00", "-24:00"), ("+05:60", "+05:60")]
)
def test_a_deadline_offset_beyond_a_day_is_said_in_words(
    home: Path, invoke: Invoke, offset: str, shown: str
) -> None:
    before = snapshot(home)
    result = invoke("apply", "set", "cmu", "--deadline", f"2027-01-15T17:00{offset}")
    refused(result, 2, f"the offset {shown} is out of range", "-23:59 to +23:59")
    assert "timedelta" not in result.stderr
    assert snapshot(home) == before


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # the socket file stays


def _link_to_export(path: Path) -> None:
    export = path.with_name("real.ics")
    export.write_bytes(_empty_export())
    path.symlink_to(export.name)


def _dangling_link(path: Path) -> None:
    path.symlink_to("nowhere.ics")


def _folder(path: Path) -> None:
    path.mkdir()


def _empty_export() -> bytes:
    from mlprog.user.applications import Clock
    from mlprog.user.ics import deadlines_calendar

    return deadlines_calendar([], {}, Clock.fixed(TODAY))


SPECIAL = {
    "fifo": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "socket": (_socket, "is a socket, not a regular file"),
    "link to an earlier export": (_link_to_export, "is a symbolic link"),
    "dangling link": (_dangling_link, "is a symbolic link"),
    "folder": (_folder, "is not a file name: it is a folder"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_export_never_writes_into_or_replaces_a_special_file_or_a_link(
    home: Path, out: Path, kind: str
) -> None:
    """In a subprocess: were a FIFO opened to be written or read, the test would stop, not hang."""
    recorded(home)
    make, reason = SPECIAL[kind]
    target = out / "d.ics"  # short: a socket's path has a small limit
    make(target)
    before = snapshot(home, out)
    result = Ran(run(home, "apply", "export", "--output", str(target), MLPROG_TODAY=TODAY))
    refused(result, 2, str(target), reason)
    if kind != "folder":
        assert "use - for stdout" in result.stderr or "use --output - (stdout)" in result.stderr
    assert snapshot(home, out) == before


def test_export_to_a_device_is_refused_pointing_to_stdout(
    home: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/dev/null is a device: refused, with ``-`` named as the way to stream.

    Guarded: were the check ever lost, the write's rename would replace the
    machine's /dev/null with a file; the guard turns that into a failure here.
    """
    import stat

    if not stat.S_ISCHR(os.lstat(os.devnull).st_mode):
        pytest.skip(f"{os.devnull} is not a device here")
    replace = os.replace

    def guarded(source: Any, target: Any, **kwargs: Any) -> None:
        if os.path.abspath(target) == os.devnull:
            raise AssertionError(f"about to replace {os.devnull}")
        replace(source, target, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)
    recorded(home)
    before = snapshot(home)
    result = invoke("apply", "export", "--output", os.devnull)
    refused(result, 2, f"--output {os.devnull} is a device, not a regular file", "use --output - (stdout)")
    assert snapshot(home) == before
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_export_to_a_missing_folder_a_folder_name_or_a_name_too_long_is_refused(
    home: Path, out: Path, invoke: Invoke
) -> None:
    recorded(home)
    before = snapshot(home, out)
    missing = out / "no-such-folder" / "d.ics"
    refused(
        invoke("apply", "export", "--output", str(missing)),
        1,
        f"{missing}: cannot be written: the folder {missing.parent} does not exist",
    )
    folder_named = invoke("apply", "export", "--output", f"{out / 'new-folder'}/")
    refused(folder_named, 2, "is not a file name; name the file to write")
    too_long = out / ("x" * 300 + ".ics")
    result = invoke("apply", "export", "--output", str(too_long))
    refused(
        result, 1, f"{out / ('x' * 40)}... (a name of 304 characters): cannot be written (File name too long)"
    )
    assert snapshot(home, out) == before  # no folder made, no temporary file left


# --- 2. never write what cannot be read back ----------------------------------------------------


@pytest.mark.parametrize(
    "score",
    ["9" * 400, "1e400", "nan", "inf", "-1", "10001", "1" + "0" * 20 + ".5"],
    ids=["400 digits", "1e400", "nan", "inf", "negative", "over the range", "long decimal"],
)
def test_a_test_score_out_of_range_is_a_bad_option_value(home: Path, invoke: Invoke, score: str) -> None:
    recorded(home)
    before = snapshot(home)
    result = invoke("apply", "set", "cmu", "--test", f"TOEFL={score}")
    refused(result, 2, "--test: ", "a score is a number from 0 to 10,000")
    assert snapshot(home) == before


def test_the_highest_score_is_kept_and_read_back(home: Path, invoke: Invoke) -> None:
    result = invoke("apply", "set", "cmu", "--test", f"X={applications.MAX_TEST_SCORE}", "--test", "Y=7.5")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(invoke("apply", "show", "cmu", "--json").stdout)
    assert shown["tests"] == {"X": applications.MAX_TEST_SCORE, "Y": 7.5}


@pytest.mark.parametrize(
    ("score", "why"),
    [("20000", "out of range"), ("-5", "negative"), ("1e999", "infinity"), ("9" * 400, "huge whole number")],
)
def test_the_reader_refuses_a_score_out_of_range(home: Path, invoke: Invoke, score: str, why: str) -> None:
    path = write_user_file(
        home,
        "applications.json",
        '{"version": 1, "applications": {"cmu": {"tests": {"GRE": %s}}}}' % score,  # noqa: UP031
    )
    before = path.read_bytes()
    result = invoke("apply", "list")
    refused(
        result,
        1,
        "not a valid applications file (applications['cmu'].tests must map test names to numbers "
        "from 0 to 10,000)",
    )
    assert path.read_bytes() == before


def test_a_note_too_long_is_refused_naming_the_limit(home: Path, invoke: Invoke) -> None:
    """About 17 MB, made in-process (a command line cannot carry one argument that long)."""
    recorded(home)
    before = snapshot(home)
    result = invoke("note", "cmu", "n" * (17 * 1024 * 1024))
    refused(result, 2, f"a note may have at most {MAX_NOTE_CHARS:,}")
    assert snapshot(home) == before


def test_a_note_that_would_push_the_file_past_the_limit_is_refused(home: Path, invoke: Invoke) -> None:
    """A real file near MAX_FILE_BYTES (notes on a program gone from the data are kept): one more
    note of the longest length allowed would take it past what the reader accepts."""
    filler = "f" * (userfile.MAX_FILE_BYTES - MAX_NOTE_CHARS // 2)
    write_user_file(home, "shortlist.json", {"version": 1, "programs": ["gone"], "notes": {"gone": filler}})
    before = snapshot(home)
    result = invoke("note", "cmu", "n" * MAX_NOTE_CHARS)
    refused(result, 1, "shortlist.json: not changed: the change would make it", "over the 16 MiB")
    assert snapshot(home) == before
    assert invoke("note", "cmu", "short").exit_code == 0  # a short one still fits


def test_an_application_that_would_push_the_file_past_the_limit_changes_nothing(
    home: Path, invoke: Invoke
) -> None:
    """And the shortlist is not changed either: apply set changes both files or neither."""
    document = {"version": 1, "applications": {}, "kept": ""}
    size = len(json.dumps(document, indent=2)) + 1
    document["kept"] = "k" * (userfile.MAX_FILE_BYTES - size - 20)  # 20 bytes to spare
    write_user_file(home, "applications.json", document)
    write_user_file(home, "shortlist.json", {"version": 1, "programs": [], "notes": {}})
    assert invoke("apply", "list").exit_code == 0  # it reads
    before = snapshot(home)
    result = invoke("apply", "set", "cmu", "--fee", "75")
    refused(result, 1, "applications.json: not changed: the change would make it", "over the 16 MiB")
    assert snapshot(home) == before


def _surrogate_files(home: Path) -> tuple[Path, Path]:
    """Files holding keys that differ only in lone surrogates (as JSON escapes), for programs no
    longer in the data, with test names and kinds that do the same."""
    entry = '{"fee": %d, "tests": {"T\\ud800": 1, "T\\udfff": 2}, "deadlines": {"k\\ud800": "2027-01-01"}}'
    applications_path = write_user_file(
        home,
        "applications.json",
        '{"version": 1, "applications": {"old\\ud800": %s, "old\\udfff": %s}}' % (entry % 1, entry % 2),  # noqa: UP031
    )
    shortlist_path = write_user_file(
        home,
        "shortlist.json",
        '{"version": 1, "programs": ["old\\ud800", "old\\udfff"], '
        '"notes": {"old\\ud800": "one", "old\\udfff": "two"}}',
    )
    return applications_path, shortlist_path


def test_keys_that_differ_only_in_lone_surrogates_are_never_merged(home: Path, invoke: Invoke) -> None:
    applications_path, shortlist_path = _surrogate_files(home)
    for args in (("apply", "set", "cmu", "--fee", "5"), ("note", "cmu", "hi"), ("shortlist", "add", "uw")):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.stderr)
    saved = json.loads(applications_path.read_bytes().decode("utf-8"))["applications"]
    assert list(saved) == ["old\ud800", "old\udfff", "cmu"]
    assert (saved["old\ud800"]["fee"], saved["old\udfff"]["fee"]) == (1, 2)
    assert list(saved["old\udfff"]["tests"].items()) == [("T\ud800", 1), ("T\udfff", 2)]
    assert saved["old\udfff"]["deadlines"] == {"k\ud800": "2027-01-01"}
    listed = json.loads(shortlist_path.read_bytes().decode("utf-8"))
    assert listed["programs"] == ["old\ud800", "old\udfff", "cmu", "uw"]
    assert list(listed["notes"].items()) == [("old\ud800", "one"), ("old\udfff", "two"), ("cmu", "hi")]
    table = invoke("apply", "list")
    assert table.exit_code == 0, table.stderr
    assert "old\\ud800" in table.stdout  # shown escaped, never as a broken character
    assert "old\\udfff" in table.stdout


# --- a command that fails has not half-applied ----------------------------------------------------


def test_an_out_of_range_time_zone_is_said_in_words_before_anything_is_written(home: Path) -> None:
    before = snapshot(home)
    result = Ran(run(home, "apply", "set", "cmu", "--deadline", "2027-01-15T17:00", TZ="UTC+24"))
    refused(result, 1, "the time zone TZ='UTC+24' is out of range", "set TZ to a zone such as UTC")
    assert "timedelta" not in result.stderr
    assert snapshot(home) == before  # nothing: no file, no lock, no folder
    assert not home.exists()


@pytest.mark.parametrize("fixed_today", [True, False], ids=["fixed today", "real today"])
@pytest.mark.parametrize(
    "args",
    [["apply", "list"], ["apply", "list", "--json"], ["apply", "show", "cmu"], ["apply", "export"]],
    ids=" ".join,
)
def test_reading_with_an_out_of_range_time_zone_is_an_error_not_a_crash(
    home: Path, args: list[str], fixed_today: bool
) -> None:
    recorded(home)
    before = snapshot(home)
    result = Ran(run(home, *args, TZ="UTC-24", MLPROG_TODAY=TODAY if fixed_today else ""))
    refused(result, 1, "the time zone TZ='UTC-24' is out of range")
    assert result.stdout == ""
    assert snapshot(home) == before


def test_apply_set_with_a_newer_shortlist_changes_neither_file(home: Path, invoke: Invoke) -> None:
    """Before: the application was recorded, then adding to the shortlist failed."""
    write_user_file(home, "applications.json", {"version": 1, "applications": {}})
    write_user_file(home, "shortlist.json", {"version": 2, "programs": [], "notes": {}})
    before = snapshot(home)
    result = invoke("apply", "set", "cmu", "--fee", "75")
    refused(result, 1, "shortlist.json: written by a newer mlprog (file version 2")
    assert snapshot(home) == before


def test_a_failed_shortlist_write_puts_the_applications_file_back(
    home: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills between the two writes: the first is undone, so neither file has changed.

    (The lock files exist already here: a failure after the files are locked
    may leave the empty lock files, never a change.)
    """
    recorded(home)
    assert invoke("apply", "set", "cmu", "--fee", "1").exit_code == 0  # both lock files are made
    assert invoke("shortlist", "remove", "cmu").exit_code == 0  # so that apply set adds it again
    write = userfile.write_atomically

    def disk_full_for_the_shortlist(path: Path, content: str | bytes, **kwargs: Any) -> None:
        if path.name == "shortlist.json":
            raise OSError(28, "No space left on device")
        write(path, content, **kwargs)

    monkeypatch.setattr(userfile, "write_atomically", disk_full_for_the_shortlist)
    before = snapshot(home)
    result = invoke("apply", "set", "cmu", "--fee", "75")
    refused(result, 1, "shortlist.json: cannot be written (No space left on device")
    assert snapshot(home) == before


# --- 3. any value for apply set: a clean answer, and every reader still works ------------------------


def _texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=30),
        st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "Lo", "Nd"]), max_size=10),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(min_value=-(10**30), max_value=10**400).map(str),
        st.sampled_from(
            ["nan", "inf", "-inf", "1e400", "1e-400", "-0", "2027-02-30", "2027-01-15T17:00+14:00"]
        ),
    )


def _option(name: str) -> st.SearchStrategy[list[str]]:
    value = _texts()
    if name == "--test":
        value = st.one_of(_texts().map(lambda score: f"TOEFL={score}"), _texts())
    elif name == "--deadline":
        value = st.one_of(
            _texts(),
            st.dates().map(str),
            st.datetimes().map(lambda moment: moment.isoformat(timespec="minutes")),
        )
    elif name in ("--status", "--kind", "--clear-deadline"):
        value = st.one_of(_texts(), st.sampled_from([*applications.STATUSES, *applications.KINDS]))
    return value.map(lambda typed: [name, typed])


_OPTIONS = (
    "--deadline",
    "--status",
    "--fee",
    "--letters",
    "--letters-received",
    "--test",
    "--kind",
    "--clear-deadline",
)


def _no_constant(name: str) -> None:
    raise AssertionError(f"{name} in JSON output")


@pytest.mark.slow
@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    runs=st.lists(
        st.lists(st.sampled_from(_OPTIONS), min_size=1, max_size=4, unique=True).flatmap(
            lambda names: st.tuples(*(_option(name) for name in names))
        ),
        min_size=1,
        max_size=3,
    )
)
# The values that once ended in an internal error, tried every time.
@example(runs=[(["--test", "TOEFL=" + "9" * 400],)])
@example(runs=[(["--test", "X=1e400"], ["--fee", "nan"]), (["--letters", "-1"], ["--deadline", "inf"])])
@example(
    runs=[(["--test", "T\ud800=1"], ["--status", "\udcff"]), (["--kind", "final"], ["--deadline", "9999"])]
)
def test_any_value_for_apply_set_is_a_clean_answer_and_everything_still_reads(
    invoke: Invoke, runs: list[tuple[list[str], ...]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {"MLPROG_HOME": folder, "MLPROG_TODAY": TODAY}
        first = invoke("apply", "set", "cmu", "--deadline", "2027-01-15", env=env)
        assert first.exit_code == 0, first.stderr
        for options in runs:
            args = ["apply", "set", "cmu", *(part for option in options for part in option)]
            result = invoke(*args, env=env)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args,
                repr(result.exception),
            )
            assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
            if result.exit_code:
                assert result.stderr.startswith("Error: "), (args, result.stderr)
            assert "internal error" not in result.stderr, (args, result.stderr)
        for reader in (
            ["apply", "list"],
            ["apply", "list", "--json"],
            ["apply", "show", "cmu"],
            ["apply", "export"],
            ["rank", "--limit", "3"],
            ["show", "cmu"],
        ):
            read = invoke(*reader, env=env)
            assert read.exit_code == 0, (runs, reader, read.stderr)
            if "--json" in reader:
                listed = json.loads(read.stdout, parse_constant=_no_constant)
                assert [entry["id"] for entry in listed] == ["cmu"]
                assert all(math.isfinite(score) for score in listed[0]["tests"].values())
