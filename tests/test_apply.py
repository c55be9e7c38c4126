"""`mlprog apply` through the command line: record, list, show, remove, export; bad input changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import Invoke, program_entry, run_json, toml_document

MLPROG = [sys.executable, "-m", "mlprog"]
TODAY = "2026-11-25"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLPROG_HOME in a temporary folder, and today fixed to TODAY."""
    monkeypatch.setenv("MLPROG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MLPROG_TODAY", TODAY)
    return tmp_path / "home"


def applications_file(home: Path) -> Path:
    return home / "data" / "applications.json"


def ok(invoke: Invoke, *args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def recorded(home: Path, invoke: Invoke) -> Path:
    """Three applications: cmu (two deadlines, letters, a test), uw (overdue), uci (submitted)."""
    ok(invoke, "apply", "set", "cmu", "--deadline", "2026-12-01", "--kind", "priority", "--fee", "75")
    ok(invoke, "apply", "set", "cmu", "--deadline", "2027-01-15", "--letters", "3", "--letters-received", "1")
    ok(invoke, "apply", "set", "cmu", "--test", "GRE=330", "--status", "preparing")
    ok(invoke, "apply", "set", "uw", "--deadline", "2026-11-20", "--status", "preparing", "--fee", "$90")
    ok(
        invoke,
        "apply",
        "set",
        "uc irvine",
        "--deadline",
        "2026-11-22",
        "--status",
        "submitted",
        "--fee",
        "120",
    )
    return applications_file(home)


def test_set_records_and_list_sorts_by_next_deadline(recorded: Path, invoke: Invoke) -> None:
    listed = run_json(invoke, "apply", "list")
    assert [entry["id"] for entry in listed] == ["uw", "uci", "cmu"]
    uw, uci, cmu = listed
    assert uw["next_deadline"] == {
        "kind": "final",
        "due": "2026-11-20",
        "days_left": -5,
        "passed": True,
        "overdue": True,
    }
    assert uci["next_deadline"]["overdue"] is False  # passed, but already submitted
    assert cmu["next_deadline"]["kind"] == "priority"
    assert cmu["next_deadline"]["days_left"] == 6
    assert [d["kind"] for d in cmu["deadlines"]] == ["priority", "final"]
    assert cmu["deadlines"][1]["days_left"] == 51
    assert (cmu["fee"], cmu["letters_requested"], cmu["letters_received"]) == (75, 3, 1)
    assert cmu["tests"] == {"GRE": 330}
    assert cmu["status"] == "preparing"
    assert cmu["name"] == "Carnegie Mellon University"
    assert cmu["in_data"] is True


def test_the_table_marks_overdue_and_gives_the_footer(recorded: Path, invoke: Invoke) -> None:
    result = invoke("apply", "list", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "5 days overdue" in lines[2]
    assert " uw " in lines[2]
    assert "3 days ago" in lines[3]
    assert "overdue" not in lines[3]  # uci is submitted
    assert "6 days" in lines[4]
    assert "1/3" in lines[4]
    assert lines[-1] == "Fees: $285 in all (3 of 3 with a fee recorded). Due within 14 days: 1."


def test_filters(recorded: Path, invoke: Invoke) -> None:
    assert [e["id"] for e in run_json(invoke, "apply", "list", "--status", "preparing")] == ["uw", "cmu"]
    assert [e["id"] for e in run_json(invoke, "apply", "list", "--status", "submitted,preparing")] == [
        "uw",
        "uci",
        "cmu",
    ]
    assert [e["id"] for e in run_json(invoke, "apply", "list", "--due-within", "6")] == ["cmu"]
    assert run_json(invoke, "apply", "list", "--due-within", "5") == []
    empty = invoke("apply", "list", "--due-within", "5", "--status", "interview")
    assert empty.stderr == (
        "No applications match: status interview; due within 5 days. 'mlprog apply list' lists them all.\n"
    )


def test_today_comes_from_the_option_or_the_environment(recorded: Path, invoke: Invoke) -> None:
    shown = run_json(invoke, "apply", "show", "cmu", "--today", "2026-12-31")
    assert [d["days_left"] for d in shown["deadlines"]] == [-30, 15]
    assert shown["next_deadline"]["kind"] == "final"
    result = invoke("apply", "list", "--json", env={"MLPROG_TODAY": "2027-01-15"})
    assert json.loads(result.stdout)[-1]["next_deadline"]["days_left"] == 0
    bad = invoke("apply", "list", env={"MLPROG_TODAY": "15/01/2027"})
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.stderr


def test_without_a_fixed_today_days_count_from_the_real_one(
    home: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLPROG_TODAY")
    first_day = date.today()
    soon = first_day + timedelta(days=3)
    ok(invoke, "apply", "set", "cmu", "--deadline", soon.isoformat())
    listed = json.loads(ok(invoke, "apply", "list", "--json"))
    result = invoke("apply", "list", "--json", env={"MLPROG_TODAY": ""})  # empty: as if unset
    # 3 days, or 2 if midnight passed while the test ran: counted from the real day either way.
    expected = {3, (soon - date.today()).days}
    assert listed[0]["next_deadline"]["days_left"] in expected
    assert json.loads(result.stdout)[0]["next_deadline"]["days_left"] in expected


def test_csv_and_ndjson_have_one_flat_row_each(recorded: Path, invoke: Invoke) -> None:
    rows = ok(invoke, "apply", "list", "--format", "csv").splitlines()
    assert rows[0].startswith("id,name,in_data,status,next_kind,next_due,days_left,overdue,priority,final")
    assert rows[3].startswith("cmu,Carnegie Mellon University,true,preparing,priority,2026-12-01,6,false,")
    assert rows[3].endswith(",75,3,1,GRE: 330")
    lines = ok(invoke, "apply", "list", "--format", "ndjson").splitlines()
    assert json.loads(lines[0])["overdue"] is True


def test_show_and_remove(recorded: Path, invoke: Invoke) -> None:
    card = ok(invoke, "apply", "show", "Carnegie Mellon")
    assert card.splitlines() == [
        "Carnegie Mellon University (cmu)",
        "Status:     preparing",
        "Deadlines:  priority  2026-12-01  (6 days)",
        "            final     2027-01-15  (51 days)",
        "Fee:        $75",
        "Letters:    1 of 3 received",
        "Tests:      GRE 330",
    ]
    removed = invoke("apply", "remove", "cmu")
    assert removed.exit_code == 0
    assert removed.stderr == "Application to cmu removed.\n"
    assert "cmu" not in json.loads(recorded.read_text())["applications"]
    again = invoke("apply", "remove", "cmu")
    assert again.exit_code == 1
    assert "no application to cmu is recorded" in again.stderr
    missing = invoke("apply", "show", "cmu")
    assert missing.exit_code == 1
    assert "'mlprog apply set cmu' records one" in missing.stderr


def test_setting_an_application_adds_the_program_to_the_shortlist(home: Path, invoke: Invoke) -> None:
    ok(invoke, "shortlist", "add", "uw")
    result = invoke("apply", "set", "cmu")
    assert result.stderr.splitlines() == [
        "Added cmu to your shortlist.",
        "Application to cmu recorded: considering; no deadline.",
    ]
    assert json.loads((home / "data" / "shortlist.json").read_text())["programs"] == ["uw", "cmu"]
    assert "Added" not in invoke("apply", "set", "cmu", "--fee", "10").stderr


def test_deadlines_of_each_kind_and_clearing_one(home: Path, invoke: Invoke) -> None:
    for kind, day in (
        ("priority", "2026-12-01"),
        ("final", "2027-01-15T17:00-05:00"),
        ("funding", "2026-12-10"),
    ):
        ok(invoke, "apply", "set", "cmu", "--deadline", day, "--kind", kind)
    ok(invoke, "apply", "set", "cmu", "--clear-deadline", "funding")
    saved = json.loads(applications_file(home).read_text())["applications"]["cmu"]["deadlines"]
    assert saved == {"priority": "2026-12-01", "final": "2027-01-15T17:00-05:00"}


# --- bad input: a clear error, and the file as it was --------------------------------------------


BAD_INPUT = [
    (["--deadline", "2027-02-30"], "'2027-02-30' is not a date that exists: February 2027 has 28 days"),
    (["--deadline", "01/15/2027"], "not a date in ISO 8601 form; write it as YYYY-MM-DD"),
    (["--deadline", "2027-01-15T17h"], "not a date in ISO 8601 form"),
    (["--status", "pending"], "statuses: considering, preparing, submitted, interview, admitted, waitlisted"),
    (["--fee", "-5"], "'-5' is not an amount of US dollars"),
    (["--fee", "lots"], "is not an amount of US dollars"),
    (["--letters", "-1"], "--letters takes a whole number from 0 to 99, not -1"),
    (["--letters-received", "-2"], "--letters-received takes a whole number from 0 to 99, not -2"),
    (["--letters-received", "4"], "4 letters received but 3 requested for cmu"),
    (["--letters", "0"], "1 letters received but 0 requested"),
    (["--test", "GRE"], "'GRE' is not a test score; write it as NAME=SCORE"),
    (["--test", "GRE=high"], "'high' is not a test score for 'GRE'"),
    (["--kind", "early", "--deadline", "2027-01-01"], "kinds: priority, final, funding"),
    (["--kind", "priority"], "give --deadline too"),
    (["--clear-deadline", "soon"], "kinds: priority, final, funding"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_INPUT, ids=lambda value: " ".join(value) if isinstance(value, list) else ""
)
def test_bad_input_is_refused_and_changes_nothing(
    recorded: Path, home: Path, invoke: Invoke, args: list[str], message: str
) -> None:
    shortlist = home / "data" / "shortlist.json"
    before, listed = recorded.read_bytes(), shortlist.read_bytes()
    result = invoke("apply", "set", "cmu", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert result.stderr.endswith("\nTry 'mlprog apply set --help'.\n")
    assert "Traceback" not in result.stderr
    assert recorded.read_bytes() == before
    assert shortlist.read_bytes() == listed


def test_a_bad_input_for_a_new_program_does_not_add_it_anywhere(
    recorded: Path, home: Path, invoke: Invoke
) -> None:
    before = recorded.read_bytes()
    assert invoke("apply", "set", "nyu", "--letters-received", "1").exit_code == 2
    assert recorded.read_bytes() == before
    assert "nyu" not in json.loads((home / "data" / "shortlist.json").read_text())["programs"]


def test_an_unknown_program_is_an_error_with_a_suggestion(home: Path, invoke: Invoke) -> None:
    result = invoke("apply", "set", "cmuu", "--fee", "10")
    assert result.exit_code == 1
    assert "did you mean cmu?" in result.stderr
    assert not applications_file(home).exists()


def test_a_corrupt_file_is_kept_aside_and_nothing_is_written(home: Path, invoke: Invoke) -> None:
    path = applications_file(home)
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "applications": {"cmu": {"deadlines": {"final": "soon"}}}}')
    before = path.read_bytes()
    for args in (["apply", "list"], ["apply", "set", "uw", "--fee", "1"], ["apply", "export"]):
        result = invoke(*args)
        assert result.exit_code == 1, args
        assert "not a valid applications file" in result.stderr
    assert path.read_bytes() == before
    assert (path.parent / "applications.json.corrupt").read_bytes() == before


def test_validate_checks_the_applications_file(home: Path, invoke: Invoke) -> None:
    path = applications_file(home)
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "applications": {"cmu": {"fee": -3}}}')
    result = invoke("validate", "--json")
    assert result.exit_code == 1
    files = {Path(f["file"]).name: f["problems"] for f in json.loads(result.stdout)["files"]}
    assert files["applications.json"] == [
        "not a valid applications file (applications['cmu'].fee must be a whole number from 0)"
    ]
    assert not (path.parent / "applications.json.corrupt").exists()  # validate copies nothing
    path.write_text('{"version": 1, "applications": {"gone": {"status": "preparing"}}}')
    assert invoke("validate").exit_code == 0


def test_a_program_gone_from_the_data_is_reported_not_dropped(
    recorded: Path, invoke: Invoke, write_data: object, tmp_path: Path
) -> None:
    data = tmp_path / "only-uw.toml"
    data.write_text(toml_document([program_entry(1, id="uw", name="University of Washington")]))
    result = invoke("apply", "list", "--json", "--data", str(data))
    assert result.exit_code == 0
    listed = {entry["id"]: entry for entry in json.loads(result.stdout)}
    assert listed["cmu"]["in_data"] is False
    assert listed["cmu"]["name"] is None
    assert "No longer in the data, kept with your applications: uci, cmu" in result.stderr
    table = invoke("apply", "list", "--data", str(data), env={"COLUMNS": "100"})
    assert "no longer in the data" in table.stdout
    assert run_json(invoke, "apply", "show", "cmu", "--data", str(data))["in_data"] is False
    assert invoke("apply", "remove", "cmu", "--data", str(data)).exit_code == 0


def test_untrusted_text_is_shown_not_obeyed(home: Path, invoke: Invoke) -> None:
    ok(invoke, "apply", "set", "cmu", "--test", "[bold red]GRE\x1b[31m=330", "--deadline", "2027-01-01")
    card = ok(invoke, "apply", "show", "cmu")
    assert "[bold red]GRE\\x1b[31m 330" in card
    assert "\x1b" not in card


def test_paths_lists_the_applications_file(home: Path, invoke: Invoke) -> None:
    report = run_json(invoke, "paths")
    assert report["applications_file"] == {"path": str(applications_file(home)), "exists": False}
    assert str(applications_file(home)) in ok(invoke, "paths")


# --- the calendar --------------------------------------------------------------------------------


def test_export_writes_a_calendar_whose_uids_stay(recorded: Path, invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    result = invoke("apply", "export", "--format", "ics", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote 4 deadlines to {target}.\n"
    first = Calendar.from_ical(target.read_bytes())
    ok(invoke, "apply", "set", "cmu", "--deadline", "2027-01-20")
    second = Calendar.from_ical(ok(invoke, "apply", "export").encode())  # stdout this time
    uids = [str(event["UID"]) for event in first.walk("VEVENT")]
    assert uids == ["uw-final@mlprog", "uci-final@mlprog", "cmu-priority@mlprog", "cmu-final@mlprog"]
    assert [str(event["UID"]) for event in second.walk("VEVENT")] == uids
    moved = {str(event["UID"]): event for event in second.walk("VEVENT")}["cmu-final@mlprog"]
    assert moved["DTSTART"].dt == date(2027, 1, 20)
    assert str(moved["SUMMARY"]) == "Application deadline (final): Carnegie Mellon University"
    assert moved.walk("VALARM")[0]["TRIGGER"].dt == -timedelta(days=7)
    assert moved["DTSTAMP"].dt == datetime.fromisoformat(TODAY + "T00:00+00:00")


def test_export_refuses_other_formats_and_a_folder(recorded: Path, invoke: Invoke, tmp_path: Path) -> None:
    bad = invoke("apply", "export", "--format", "csv")
    assert bad.exit_code == 2
    assert "formats: ics" in bad.stderr
    folder = invoke("apply", "export", "--output", str(tmp_path))
    assert folder.exit_code == 2
    assert "is not a file name" in folder.stderr


def test_export_replaces_an_earlier_export_and_never_another_file(
    recorded: Path, invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "deadlines.ics"
    assert invoke("apply", "export", "--output", str(target)).exit_code == 0
    ok(invoke, "apply", "set", "cmu", "--deadline", "2027-01-20")
    again = invoke("apply", "export", "--output", str(target))
    assert again.exit_code == 0, again.stderr
    assert b"DTSTART;VALUE=DATE:20270120" in target.read_bytes()  # the earlier export, replaced

    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes\n", encoding="utf-8")
    refused = invoke("apply", "export", "--output", str(notes))
    assert refused.exit_code == 2
    assert f"{notes} exists and was not exported by mlprog; it is kept as it is" in refused.stderr
    assert notes.read_text(encoding="utf-8") == "my own notes\n"


def test_export_with_no_applications_is_an_empty_calendar(home: Path, invoke: Invoke) -> None:
    calendar = Calendar.from_ical(ok(invoke, "apply", "export").encode())
    assert calendar.walk("VEVENT") == []


# --- several processes at once -------------------------------------------------------------------


@pytest.mark.slow
def test_concurrent_apply_set_calls_lose_none(home: Path) -> None:
    env = {**os.environ, "MLPROG_HOME": str(home)}
    ids = ["cmu", "uw", "uci", "nyu", "usc", "penn", "ucf", "rit"]
    runs = [
        subprocess.Popen(
            [*MLPROG, "apply", "set", pid, "--deadline", f"2027-01-{n + 10}", "--fee", str(n)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n, pid in enumerate(ids)
    ]
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    saved = json.loads(applications_file(home).read_text())["applications"]
    assert sorted(saved) == sorted(ids)
    assert {pid: saved[pid]["fee"] for pid in ids} == {pid: n for n, pid in enumerate(ids)}
    shortlist = json.loads((home / "data" / "shortlist.json").read_text())["programs"]
    assert sorted(shortlist) == sorted(ids)
