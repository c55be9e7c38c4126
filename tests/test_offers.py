"""Offers (issue 29, point 5): `apply set --decision --scholarship --assistantship --reply-by`.

Kept in the applications file, checked by the reader's own rules before
anything is written; both files or neither; the reply-by date is among the
application's dates in `apply show`, `apply list` and the calendar export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from conftest import Invoke, run_json, snapshot
from mlprog.user.applications import Application, Change, changed
from mlprog.user.offers import Offer, OfferChange

TODAY = "2027-03-01"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLPROG_HOME in a temporary folder, and today fixed to TODAY."""
    monkeypatch.setenv("MLPROG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MLPROG_TODAY", TODAY)
    return tmp_path / "home"


def applications_file(home: Path) -> Path:
    return home / "data" / "applications.json"


def ok(invoke: Invoke, *args: str, env: dict[str, str] | None = None) -> Any:
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def offered(home: Path, invoke: Invoke) -> Path:
    """cmu admitted with a scholarship, an assistantship and a reply-by date; uw submitted."""
    ok(invoke, "apply", "set", "cmu", "--deadline", "2027-01-05", "--status", "submitted")
    ok(
        invoke,
        *("apply", "set", "cmu", "--decision", "admitted", "--scholarship", "$20,000"),
        *("--assistantship", "25k/year", "--reply-by", "2027-04-15"),
    )
    ok(invoke, "apply", "set", "uw", "--deadline", "2027-01-10", "--status", "submitted")
    return applications_file(home)


def test_an_offer_is_kept_in_the_applications_file(offered: Path) -> None:
    entry = json.loads(offered.read_text(encoding="utf-8"))["applications"]["cmu"]
    assert entry["status"] == "admitted"  # the status follows the decision
    assert entry["offer"] == {
        "decision": "admitted",
        "scholarship": 20_000,
        "assistantship_per_year": 25_000,
        "reply_by": "2027-04-15",
    }
    assert entry["deadlines"] == {"final": "2027-01-05"}  # the reply-by date is the offer's
    uw = json.loads(offered.read_text(encoding="utf-8"))["applications"]["uw"]
    assert "offer" not in uw  # an application without an offer is written as before


def test_show_and_list_give_the_offer(offered: Path, invoke: Invoke) -> None:
    shown = run_json(invoke, "apply", "show", "cmu")
    assert shown["offer"] == {
        "decision": "admitted",
        "scholarship": 20_000,
        "assistantship_per_year": 25_000,
        "reply_by": "2027-04-15",
    }
    assert shown["next_deadline"] == {
        "kind": "reply-by",
        "due": "2027-04-15",
        "days_left": 45,
        "passed": False,
        "overdue": False,
    }
    assert [d["kind"] for d in shown["deadlines"]] == ["final", "reply-by"]
    card = ok(invoke, "apply", "show", "cmu").stdout
    assert "reply-by  2027-04-15  (45 days)" in card
    assert "Decision:   admitted" in card
    assert "Awards:     scholarship $20,000 in all; assistantship $25,000 a year" in card
    listed = run_json(invoke, "apply", "list")
    assert [(a["id"], (a["offer"] or {}).get("decision")) for a in listed] == [
        ("uw", None),
        ("cmu", "admitted"),
    ]
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(ok(invoke, "apply", "list", "--format", "csv").stdout)))
    cmu = next(row for row in rows if row["id"] == "cmu")
    assert (cmu["reply_by"], cmu["decision"], cmu["scholarship"], cmu["assistantship_per_year"]) == (
        "2027-04-15",
        "admitted",
        "20000",
        "25000",
    )
    table = ok(invoke, "apply", "list", env={"COLUMNS": "200"}).stdout
    assert "Offered" in table
    assert "$20,000 + $25,000/yr" in table


def test_a_passed_reply_by_is_overdue_until_the_offer_is_answered(offered: Path, invoke: Invoke) -> None:
    late = run_json(invoke, "apply", "show", "cmu", "--today", "2027-04-20")
    assert late["next_deadline"]["kind"] == "reply-by"
    assert late["next_deadline"]["overdue"] is True
    ok(invoke, "apply", "set", "cmu", "--status", "enrolled")
    answered = run_json(invoke, "apply", "show", "cmu", "--today", "2027-04-20")
    assert answered["next_deadline"]["overdue"] is False
    assert answered["offer"]["decision"] == "admitted"  # enrolling keeps the decision


def test_the_reply_by_date_is_in_the_calendar(offered: Path, invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    result = ok(invoke, "apply", "export", "--output", str(target))
    assert result.stderr == f"Wrote 3 deadlines to {target}.\n"
    events = {str(e["UID"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert sorted(events) == ["cmu-final@mlprog", "cmu-reply-by@mlprog", "uw-final@mlprog"]
    reply = events["cmu-reply-by@mlprog"]
    assert str(reply["SUMMARY"]) == "Reply to the offer: Carnegie Mellon University"
    assert reply["DTSTART"].dt.isoformat() == "2027-04-15"
    assert "Offered: scholarship $20,000 in all; assistantship $25,000 a year." in str(reply["DESCRIPTION"])
    # A new reply-by date moves the same event; the earlier export is replaced, being mlprog's own.
    ok(invoke, "apply", "set", "cmu", "--reply-by", "2027-04-30")
    ok(invoke, "apply", "export", "--output", str(target))
    events = {str(e["UID"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert events["cmu-reply-by@mlprog"]["DTSTART"].dt.isoformat() == "2027-04-30"
    assert len(events) == 3


def test_clear_offer_removes_it_and_keeps_the_status(offered: Path, invoke: Invoke) -> None:
    ok(invoke, "apply", "set", "cmu", "--clear-offer")
    entry = json.loads(offered.read_text(encoding="utf-8"))["applications"]["cmu"]
    assert "offer" not in entry
    assert entry["status"] == "admitted"
    exported = Calendar.from_ical(ok(invoke, "apply", "export").stdout.encode())
    assert "cmu-reply-by@mlprog" not in [str(e["UID"]) for e in exported.walk("VEVENT")]


def test_a_change_keeps_the_parts_of_the_offer_it_does_not_name(offered: Path, invoke: Invoke) -> None:
    ok(invoke, "apply", "set", "cmu", "--scholarship", "0")  # 0 is an offer of none, not "unknown"
    offer = json.loads(offered.read_text(encoding="utf-8"))["applications"]["cmu"]["offer"]
    assert offer == {
        "decision": "admitted",
        "scholarship": 0,
        "assistantship_per_year": 25_000,
        "reply_by": "2027-04-15",
    }


# --- the decision and the status -------------------------------------------------------------------


def after(now: str, offer: Offer | None, *, to: str | None = None, **change: Any) -> Application:
    """The application to cmu, now in status ``now`` with this offer, after ``apply set`` gives the
    status ``to`` (None: not given) and these parts of an offer."""
    return changed(Application("cmu", now, offer=offer), Change(status=to, offer=OfferChange(**change)))


def test_a_decision_moves_the_status_and_a_decision_status_records_the_decision() -> None:
    assert after("interview", None, decision="waitlisted").status == "waitlisted"
    assert after("waitlisted", Offer("waitlisted"), decision="admitted").status == "admitted"
    # After an admission the user's own steps stay.
    assert after("enrolled", Offer("admitted"), decision="admitted").status == "enrolled"
    assert after("declined", Offer("admitted"), decision="admitted", scholarship=5).status == "declined"
    recorded = after("submitted", None, to="rejected")
    assert recorded.offer == Offer("rejected")
    assert after("submitted", None, to="admitted", decision="admitted").status == "admitted"
    # A status that is no decision leaves the offer alone.
    assert after("admitted", Offer("admitted", 1), to="declined").offer == Offer("admitted", 1)
    assert after("submitted", None, to="interview").offer is None


@pytest.mark.parametrize(
    ("now", "offer", "change", "message"),
    [
        (
            "submitted",
            None,
            {"to": "rejected", "decision": "admitted"},
            "--status rejected and --decision admitted disagree",
        ),
        (
            "waitlisted",
            Offer("waitlisted"),
            {"to": "enrolled"},
            "the decision recorded for cmu is waitlisted",
        ),
        ("admitted", None, {"scholarship": 10_000_001}, "--scholarship must be from $0 to $10,000,000"),
        ("admitted", None, {"assistantship_per_year": -1}, "--assistantship must be from $0"),
    ],
)
def test_changes_that_make_no_sense_are_refused(
    now: str, offer: Offer | None, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message.replace("$", r"\$")):
        after(now, offer, **change)


# --- bad input and bad files change nothing -----------------------------------------------------------

BAD_INPUT = [
    (["--decision", "maybe"], "'maybe' is not a decision; choose from admitted, waitlisted, rejected"),
    (["--scholarship", "lots"], "is not an amount of US dollars"),
    (["--scholarship", "-5"], "is not an amount of US dollars"),
    (["--assistantship", "20m/year"], "from 0 to 10,000,000"),
    (["--assistantship", "25k/month"], "is not an amount of US dollars"),
    (["--reply-by", "2027-02-30"], "is not a date that exists"),
    (["--reply-by", "soon"], "is not a date in ISO 8601 form"),
    (["--status", "rejected", "--decision", "admitted"], "disagree"),
    (["--decision", "rejected", "--scholarship", "5000"], "a rejection comes with no award"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD_INPUT, ids=lambda value: " ".join(value) if isinstance(value, list) else ""
)
def test_bad_input_is_refused_and_changes_nothing(
    offered: Path, home: Path, invoke: Invoke, args: list[str], message: str
) -> None:
    before = snapshot(home)
    for program in ("cmu", "nyu"):  # recorded, and new (not added to the shortlist either)
        result = invoke("apply", "set", program, *args)
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith("Error: ")
        assert message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(home) == before


@pytest.mark.parametrize(
    ("offer", "said"),
    [
        ("maybe", "offer must be an object"),
        ({"decision": "maybe"}, "offer.decision must be one of admitted, waitlisted, rejected"),
        ({"scholarship": -1}, "offer.scholarship must be a whole number of US dollars"),
        ({"scholarship": 1.5}, "offer.scholarship must be a whole number of US dollars"),
        ({"assistantship_per_year": True}, "offer.assistantship_per_year must be a whole number"),
        ({"reply_by": "soon"}, "is not a date in ISO 8601 form"),
        (
            {"reply_by": "2027-04-15T17:00:00"},
            "offer.reply_by: '2027-04-15T17:00:00' is not a date as mlprog writes it",
        ),
    ],
)
def test_an_offer_the_reader_refuses_is_reported_and_kept(
    home: Path, invoke: Invoke, offer: Any, said: str
) -> None:
    path = applications_file(home)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 1, "applications": {"cmu": {"offer": offer}}}), encoding="utf-8")
    before = path.read_bytes()
    result = invoke("apply", "list")
    assert result.exit_code == 1
    assert "not a valid applications file" in result.stderr
    assert said in result.stderr, result.stderr
    assert path.read_bytes() == before


def test_keys_of_an_offer_this_version_does_not_know_are_kept(home: Path, invoke: Invoke) -> None:
    path = applications_file(home)
    path.parent.mkdir(parents=True)
    offer = {"decision": "admitted", "health_insurance": {"covered": True}}
    path.write_text(json.dumps({"version": 1, "applications": {"cmu": {"offer": offer}}}), encoding="utf-8")
    ok(invoke, "apply", "set", "cmu", "--scholarship", "1000")
    kept = json.loads(path.read_text(encoding="utf-8"))["applications"]["cmu"]["offer"]
    assert kept["health_insurance"] == {"covered": True}
    assert kept["scholarship"] == 1000
    assert "health_insurance" not in run_json(invoke, "apply", "show", "cmu")["offer"]


def test_an_offer_for_a_new_program_with_a_newer_shortlist_changes_neither_file(
    home: Path, invoke: Invoke
) -> None:
    folder = home / "data"
    folder.mkdir(parents=True)
    (folder / "shortlist.json").write_text(json.dumps({"version": 2, "programs": [], "notes": {}}))
    before = snapshot(home)
    result = invoke("apply", "set", "cmu", "--decision", "admitted", "--reply-by", "2027-04-15")
    assert result.exit_code == 1
    assert "shortlist.json: written by a newer mlprog (file version 2" in result.stderr
    assert snapshot(home) == before
