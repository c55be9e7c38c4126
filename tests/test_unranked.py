"""Institutions the page does not rank, from a College Scorecard import: programs of their own.

The fixture (tests/test_scorecard.py) imports master's rows for two ranked
programs (UW, CMU) and two other institutions: the Université de Tëst (CIP
1107, $70,000 a year after) and the College of Comma, Inc. (statistics, its
earnings privacy-suppressed). The bundled data ranks 25 programs.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import Invoke
from mlprog.dataset.schema import program_json_schema
from mlprog.scorecard.unranked import group, unranked_id
from test_scorecard import ROWS, row, write_csv

UNIVERSITE = "universite-de-test"
COMMA = "college-comma-inc"  # "of" left out


@pytest.fixture
def home(tmp_path: Path, invoke: Invoke) -> dict[str, str]:
    """A home with the fixture imported."""
    env = {"MLPROG_HOME": str(tmp_path / "home")}
    result = invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=env)
    assert result.exit_code == 0, result.stderr
    return env


def _json(invoke: Invoke, env: dict[str, str], *args: str) -> Any:
    result = invoke(*args, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_unranked_adds_the_other_institutions_after_the_ranked_programs(
    invoke: Invoke, home: dict[str, str], bundled: Any
) -> None:
    plain = _json(invoke, home, "rank")
    assert [p["id"] for p in plain] == [p.id for p in bundled.programs]  # nothing added unasked
    listed = _json(invoke, home, "rank", "--unranked")
    assert [p["id"] for p in listed] == [p.id for p in bundled.programs] + [UNIVERSITE, COMMA]
    universite = listed[-2]
    assert universite["name"] == "Université de Tëst"
    assert universite["source"] == "scorecard"
    assert universite["type"] == "public"  # the Scorecard's CONTROL, Public
    for key in ("rank", "city", "state", "tuition", "score", "graduation_rate"):
        assert universite[key] is None, key  # the page gives none: unknown, never 0 or ""
    assert universite["earnings_1yr"] == 70000
    assert universite["scorecard"]["fields"][0]["cip"] == "1107"
    assert listed[-1]["earnings_1yr"] is None  # PS: not reported
    # The ranked institutions in the file are the ranked programs, never listed twice.
    assert sum(p["name"] == "Carnegie Mellon University" for p in listed) == 1


def test_unranked_output_meets_the_program_schema(invoke: Invoke, home: dict[str, str]) -> None:
    validator = jsonschema.Draft202012Validator(program_json_schema())
    for program in _json(invoke, home, "rank", "--unranked"):
        validator.validate(program)
    validator.validate(_json(invoke, home, "show", UNIVERSITE))


def test_unranked_sorts_by_imported_figures_among_the_ranked(invoke: Invoke, home: dict[str, str]) -> None:
    listed = _json(invoke, home, "rank", "--unranked", "--sort", "earnings_1yr")
    # CMU $150,000, UW $120,000, the Université $70,000; then everyone without a figure.
    assert [p["id"] for p in listed[:3]] == ["cmu", "uw", UNIVERSITE]
    assert all(p["earnings_1yr"] is None for p in listed[3:])
    by_rank = _json(invoke, home, "rank", "--unranked", "--sort", "rank")
    assert [p["id"] for p in by_rank[-2:]] == [UNIVERSITE, COMMA]  # no rank: last


def test_a_criterion_on_the_ranking_row_leaves_them_unchecked_not_failed(
    invoke: Invoke, home: dict[str, str]
) -> None:
    result = invoke("filter", "--unranked", "--max-tuition", "20000", env={**home, "COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    assert UNIVERSITE not in result.stdout
    assert "2 institutions the page does not rank were not checked" in result.stdout
    assert "no tuition" in result.stdout
    listed = _json(invoke, home, "filter", "--unranked", "--max-tuition", "20000", "--include-unknown")
    unchecked = {p["id"]: p["unchecked"] for p in listed if p["source"] == "scorecard"}
    assert unchecked == {UNIVERSITE: ["max_tuition"], COMMA: ["max_tuition"]}
    for option in (["--state", "CA"], ["--min-score", "50"]):
        ids = [p["id"] for p in _json(invoke, home, "filter", "--unranked", *option)]
        assert UNIVERSITE not in ids, option
        shown = _json(invoke, home, "filter", "--unranked", *option, "--include-unknown")
        assert UNIVERSITE in [p["id"] for p in shown], option


def test_a_type_from_the_scorecard_is_checked(invoke: Invoke, home: dict[str, str]) -> None:
    public = [p["id"] for p in _json(invoke, home, "filter", "--unranked", "--type", "public")]
    assert UNIVERSITE in public  # CONTROL Public: checked, and it holds
    private = [p["id"] for p in _json(invoke, home, "filter", "--unranked", "--type", "private")]
    assert UNIVERSITE not in private


def test_unranked_without_an_import_says_so(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("rank", "--unranked", env={"MLPROG_HOME": str(tmp_path / "empty")})
    assert result.exit_code == 2
    assert "nothing is imported" in result.stderr
    assert "mlprog import scorecard" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name", [UNIVERSITE, "Université de Tëst", "universite de test", "UNIVERSITE-DE-TEST"]
)
def test_show_finds_an_unranked_institution_by_id_or_name(
    invoke: Invoke, home: dict[str, str], name: str
) -> None:
    card = _json(invoke, home, "show", name)
    assert (card["id"], card["source"], card["rank"]) == (UNIVERSITE, "scorecard", None)


def test_the_card_says_the_page_does_not_rank_it(invoke: Invoke, home: dict[str, str]) -> None:
    result = invoke("show", UNIVERSITE, env={**home, "COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    card = result.stdout
    assert "not ranked by the page" in card
    assert "Public (College Scorecard)" in card
    assert "$70,000" in card
    assert "#None" not in card
    assert "None" not in card
    assert "per year" not in card  # no tuition: a dash alone
    assert "Hakia" not in card  # nothing on it comes from the page


def test_a_partial_name_suggests_unranked_institutions(invoke: Invoke, home: dict[str, str]) -> None:
    result = invoke("show", "comma", env=home)
    assert result.exit_code == 1
    assert COMMA in result.stderr
    assert "Traceback" not in result.stderr


def test_compare_and_cost_with_an_unranked_institution(invoke: Invoke, home: dict[str, str]) -> None:
    compared = _json(invoke, home, "compare", "cmu", UNIVERSITE)
    assert [p["id"] for p in compared["programs"]] == ["cmu", UNIVERSITE]
    assert compared["best"]["earnings_1yr"] == ["cmu"]
    assert compared["best"]["rank"] == ["cmu"]
    refused = invoke("cost", UNIVERSITE, env=home)
    assert refused.exit_code == 2
    assert "gives no tuition" in refused.stderr
    costed = invoke("cost", "--top", "3", "--unranked", "--sort", "earnings_1yr", "--json", env=home)
    assert costed.exit_code == 0, costed.stderr
    assert [c["id"] for c in json.loads(costed.stdout)["programs"]] == ["cmu", "uw"]
    assert f"Not costed: {UNIVERSITE}: the page does not rank it" in costed.stderr
    mixed = invoke("cost", "uw", UNIVERSITE, COMMA, "--json", env=home)
    assert mixed.exit_code == 0, mixed.stderr
    assert [c["id"] for c in json.loads(mixed.stdout)["programs"]] == ["uw"]
    assert f"Not costed: {UNIVERSITE}, {COMMA}: the page does not rank them" in mixed.stderr


def test_the_shortlist_and_applications_keep_an_unranked_institution(
    invoke: Invoke, home: dict[str, str]
) -> None:
    assert invoke("shortlist", "add", "Université de Tëst", env=home).exit_code == 0
    listed = _json(invoke, home, "shortlist", "list")
    entry = next(e for e in listed if e["id"] == UNIVERSITE)
    assert (entry["in_data"], entry["name"]) == (True, "Université de Tëst")
    assert [p["id"] for p in _json(invoke, home, "rank", "--shortlist")] == [UNIVERSITE]
    set_result = invoke("apply", "set", UNIVERSITE, "--deadline", "2027-01-15", env=home)
    assert set_result.exit_code == 0, set_result.stderr
    applications = _json(invoke, home, "apply", "list", "--today", "2027-01-01")
    assert [(a["id"], a["name"], a["in_data"]) for a in applications] == [
        (UNIVERSITE, "Université de Tëst", True)
    ]


def _import(invoke: Invoke, tmp_path: Path, rows: list[list[str]]) -> dict[str, str]:
    env = {"MLPROG_HOME": str(tmp_path / "other")}
    result = invoke("import", "scorecard", str(write_csv(tmp_path / "more.csv", rows)), env=env)
    assert result.exit_code == 0, result.stderr
    return env


def test_two_institutions_of_one_name_stay_apart(invoke: Invoke, tmp_path: Path) -> None:
    env = _import(
        invoke,
        tmp_path,
        [
            row("Columbia College", "1107", "5", UNITID="111", EARN_MDN_1YR="50000"),
            row("Columbia College", "1107", "5", UNITID="222", EARN_MDN_1YR="60000"),
        ],
    )
    listed = [p for p in _json(invoke, env, "rank", "--unranked") if p["source"] == "scorecard"]
    assert [(p["id"], p["earnings_1yr"]) for p in listed] == [
        ("columbia-college-111", 50000),
        ("columbia-college-222", 60000),
    ]
    result = invoke("show", "Columbia College", env=env)
    assert result.exit_code == 1
    assert "could mean several programs" in result.stderr
    assert "columbia-college-111" in result.stderr
    assert "columbia-college-222" in result.stderr
    assert _json(invoke, env, "show", "columbia-college-222")["earnings_1yr"] == 60000


def test_an_id_a_ranked_program_has_is_never_taken(invoke: Invoke, tmp_path: Path) -> None:
    env = _import(invoke, tmp_path, [row("CMU", "1107", "5", UNITID="777", EARN_MDN_1YR="1000")])
    assert _json(invoke, env, "show", "cmu")["name"] == "Carnegie Mellon University"
    listed = [p for p in _json(invoke, env, "rank", "--unranked") if p["source"] == "scorecard"]
    assert [p["id"] for p in listed] == ["cmu-777"]


def test_an_import_by_an_older_version_asks_for_a_new_one(invoke: Invoke, home: dict[str, str]) -> None:
    stored = Path(home["MLPROG_HOME"]) / "data" / "scorecard.sqlite"
    with contextlib.closing(sqlite3.connect(stored)) as db:
        db.execute("UPDATE meta SET value = 'mlprog-scorecard-2' WHERE key = 'format'")
        db.commit()
    result = invoke("show", "cmu", env=home)
    assert result.exit_code == 1
    assert "another version of mlprog" in result.stderr
    assert "import the file again" in result.stderr


def test_unranked_ids_are_ids_people_can_type() -> None:
    assert unranked_id("Université de Tëst", "1") == "universite-de-test"
    assert unranked_id("College of Comma, Inc.", "1") == "college-comma-inc"
    assert (
        unranked_id("University of North Carolina at Chapel Hill", "1") == "university-north-carolina-chapel"
    )
    assert unranked_id("The Of", "1") == "the-of"  # nothing but fillers: kept
    assert unranked_id("東京大学", "12345") == "institution-12345"  # nothing in ASCII: the UNITID
    long = unranked_id("The " + "Very " * 20 + "Long Institute", "1")
    assert len(long) <= 32
    assert not long.endswith("-")


def test_ids_alike_get_the_unitid_and_stay_unique() -> None:
    long = "A Very Long Institution Name Of Technology And Applied Sciences At The "
    records = [
        {"unitid": "903", "institution": "Columbia College", "control": "Public"},
        {"unitid": "904", "institution": "Columbia College.", "control": "Public"},
        {"unitid": "901", "institution": long + "Northern Campus", "control": "Public"},
        {"unitid": "902", "institution": long + "Southern Campus", "control": "Public"},
        {"unitid": "905", "institution": "Columbia College", "control": "Public"},
        {"unitid": "9.05", "institution": "Columbia College", "control": "Public"},
    ]
    ids = [entry["id"] for entry in group(records)]
    assert ids == [
        "columbia-college-903",
        "columbia-college-904",
        "very-long-institution-name-901",
        "very-long-institution-name-902",
        "columbia-college-905",
        "columbia-college-905-2",  # a UNITID written alike: numbered
    ]


def test_group_keeps_each_institutions_rows_in_file_order() -> None:
    records = [
        {"unitid": "1", "institution": "A", "control": "Public", "cip": "1107"},
        {"unitid": "2", "institution": "B", "control": "Private, nonprofit", "cip": "1107"},
        {"unitid": "1", "institution": "A", "control": "Public", "cip": "3070"},
    ]
    entries = group(records)
    assert [(e["id"], [r["cip"] for r in e["records"]]) for e in entries] == [
        ("a", ["1107", "3070"]),
        ("b", ["1107"]),
    ]


def test_the_rows_a_ranked_program_has_stay_with_it(invoke: Invoke, home: dict[str, str]) -> None:
    # UW's rows are attached to UW; no unranked program is made of them, even by the slug's id.
    for name in ("uw", "university-of-washington-seattle-campus"):
        uw = _json(invoke, home, "show", name)
        assert (uw["id"], uw["source"], uw["earnings_1yr"]) == ("uw", "bundled", 120000)
    names = [p["name"] for p in _json(invoke, home, "rank", "--unranked")]
    assert names.count("University of Washington-Seattle Campus") == 1
    assert any(r[4] == "University of Washington-Seattle Campus" for r in ROWS)


def test_a_chart_names_a_dozen_left_out_and_counts_the_rest(invoke: Invoke, tmp_path: Path) -> None:
    rows = [row(f"Institute {n}", "1107", "5", EARN_MDN_1YR=str(50000 + n)) for n in range(20)]
    env = _import(invoke, tmp_path, rows)
    result = invoke("chart", "--unranked", env={**env, "COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    note = " ".join(result.stdout[result.stdout.index("Not plotted") :].split())
    assert note.startswith("Not plotted: 20 programs (institute-0, institute-1,")
    assert "institute-11, and 8 more): the source gives no tuition or score." in note
    assert "institute-12" not in note


LONG = "A Very Long Institution Name Of Technology And Applied Sciences At The Northern Campus"


@pytest.mark.parametrize("columns", ["60", "80"])
def test_a_long_imported_name_and_id_fit_narrow_terminals(
    invoke: Invoke, tmp_path: Path, columns: str
) -> None:
    rows = [
        row(LONG, "1107", "5", UNITID="901", EARN_MDN_1YR="81000"),
        row(LONG.replace("Northern", "Southern"), "1107", "5", UNITID="902"),
    ]
    env = _import(invoke, tmp_path, rows)
    ident = "very-long-institution-name-901"  # the names make one id: each gets its UNITID
    shown = {**env, "COLUMNS": columns}
    ranking = invoke("rank", "--unranked", env=shown).stdout
    lines = ranking.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    assert "94.4" in ranking  # the score column stays, whole
    assert "Tuition" in lines[0]  # the long id wraps rather than push the tuition out
    assert "…" not in ranking
    words = ranking.split()
    # Whole, or broken after a hyphen (its first piece ends with one).
    assert ident in words or any(ident.startswith(w) and w.endswith("-") for w in words)
    card = invoke("show", ident, env=shown).stdout
    assert card.splitlines()[0].startswith("╭─ A Very Long Institution Name Of Technology…")
    assert " ".join(card.split()).count("Northern Campus") == 1  # the whole name inside, once
    assert invoke("shortlist", "add", ident, "uw", env=env).exit_code == 0
    listed = invoke("shortlist", "list", env=shown).stdout
    assert "…" not in listed
    assert all(len(line) <= int(columns) for line in listed.splitlines())
    assert "Washington-" in listed  # broken after its hyphen, never inside a word
