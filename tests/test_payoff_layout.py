"""payoff's layout and formats, and careers' areas, at 60, 80 and 120 columns: each program's
figures seen together, every figure of the JSON in the flat formats, the reply-by date beside
the offers, metro names broken between words only."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, run_json, snapshot

WIDTHS = (60, 80, 120)
FEDERAL_AID = "federal student aid"


def fits(text: str, width: int) -> None:
    over = [line for line in text.splitlines() if len(line) > width]
    assert not over, over


def money(span: dict[str, int]) -> str:
    low, high = span["low"], span["high"]
    return f"${low:,}" if low == high else f"${low:,}–${high:,}"


def years(span: dict[str, float]) -> str:
    low, high = span["low"], span["high"]
    return f"{low:g} year{'' if low == 1 else 's'}" if low == high else f"{low:g}–{high:g} years"


@pytest.mark.parametrize("width", WIDTHS)
def test_one_program_is_headed_by_its_whole_name_on_one_line(width: int, invoke: Invoke) -> None:
    """A lone program's column takes the room its name needs, not a narrow strip of four lines."""
    result = invoke("payoff", "uw", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "#4 University of Washington-Seattle Campus"
    assert lines[1].strip() == "(uw)"
    assert lines[2].startswith("───")
    fits(result.stdout, width)


# --- 1. payoff --top 5: each program's figures seen together ------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_payoff_top_5_shows_each_programs_figures_together(width: int, invoke: Invoke) -> None:
    report = run_json(invoke, "payoff", "--top", "5")
    ids = [program["id"] for program in report["programs"]]
    result = invoke("payoff", "--top", "5", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    fits(text, width)
    lines = text.splitlines()
    rules = [number for number, line in enumerate(lines) if set(line) == {"─"}]
    assert len(rules) == 1  # one table, never blocks of programs one under another
    if width < 120:  # programs as rows, then each program's figures in full with its sources
        assert lines[0].split()[:2] == ["ID", "Reply"] or lines[0].split()[:2] == ["ID", "All-in"]
        rows = lines[rules[0] + 1 : rules[0] + 1 + len(ids)]
        assert [row.split()[0] for row in rows] == ids
        for row, program in zip(rows, report["programs"], strict=True):
            # a program's all-in cost and payback on its own row
            assert money(program["all_in_cost"]) in row, row
            assert years(program["payback_years"]) in row, row
        for number, program in enumerate(report["programs"]):
            heading = f"({program['id']})"
            start = next(i for i, line in enumerate(lines) if line.endswith(heading))
            following = report["programs"][number + 1]["id"] if number + 1 < len(ids) else None
            end = (
                next(i for i, line in enumerate(lines) if line.endswith(f"({following})"))
                if following
                else next(i for i, line in enumerate(lines) if line == "Assumptions:")
            )
            details = "\n".join(lines[start:end])
            for label in ("Years", "Tuition", "Living", "All-in cost", "Earnings/yr", "Gain/yr", "Payback"):
                assert f"\n {label} " in details, (program["id"], label)
            assert money(program["all_in_cost"]) in details
            assert money(program["earnings"]["amount"]) in details
            assert "Earnings:" in details
            assert "Living:" in details
    else:  # side by side: every program's header above the one rule
        header = "\n".join(lines[: rules[0]])
        assert all(f"({program_id})" in header for program_id in ids)


# --- 2. the flat formats: every figure of the JSON -----------------------------------------


FLAT_SPANS = (
    "years",
    "total_tuition",
    "living",
    "forgone_salary",
    "employer_support",
    "awards",
    "all_in_cost",
    "yearly_gain",
    "payback_years",
    "debt_to_earnings",
)


def _expected_flat(program: dict[str, Any]) -> dict[str, Any]:
    """What a flat row should hold for a program of the JSON document."""
    expected: dict[str, Any] = {"id": program["id"], "tuition_per_year": program["tuition_per_year"]}
    for key in FLAT_SPANS:
        span = program[key]
        expected[f"{key}_low"] = span["low"] if span else None
        expected[f"{key}_high"] = span["high"] if span else None
    for key in ("living_per_month", "earnings", "debt"):
        figure = program[key]
        expected[f"{key}_low"] = figure["amount"]["low"] if figure else None
        expected[f"{key}_source"] = figure["source"] if figure else None
        expected[f"{key}_note"] = figure["note"] if figure else None
    expected["earnings_cohort"] = program["earnings"]["cohort"] if program["earnings"] else None
    return expected


def test_csv_and_ndjson_rows_carry_every_figure_of_the_json(invoke: Invoke) -> None:
    args = ("payoff", "cmu", "clark", "usc", "--current-salary", "90k", "--employer", "google")
    report = run_json(invoke, *args)
    csv_result = invoke(*args, "--format", "csv")
    assert csv_result.exit_code == 0, csv_result.stderr
    csv_rows = list(csv.DictReader(io.StringIO(csv_result.stdout)))
    ndjson_result = invoke(*args, "--format", "ndjson")
    ndjson_rows = [json.loads(line) for line in ndjson_result.stdout.splitlines()]
    assert len(csv_rows) == len(ndjson_rows) == len(report["programs"]) == 3
    for program, flat, line in zip(report["programs"], csv_rows, ndjson_rows, strict=True):
        expected = _expected_flat(program)
        for key, value in expected.items():
            assert line[key] == value, (program["id"], key)
            shown = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            assert flat[key] == shown, (program["id"], key)
        assert line["missing"] == ("; ".join(program["missing"]) or None)
    cmu = ndjson_rows[0]
    # the salary given up, employer support, gain and debt are there, not only the totals
    assert cmu["forgone_salary_low"] == 90000 * 16 // 12
    assert cmu["employer_support_low"] == 16000
    assert cmu["yearly_gain_low"] is not None
    assert cmu["debt_low"] == 61305
    assert FEDERAL_AID in cmu["earnings_note"]
    assert FEDERAL_AID in cmu["debt_note"]
    assert "College Scorecard" in cmu["earnings_source"]
    assert "HUD" in cmu["living_per_month_source"]


def test_markdown_has_the_same_columns_as_csv(invoke: Invoke) -> None:
    csv_header = invoke("payoff", "cmu", "--format", "csv").stdout.splitlines()[0].split(",")
    markdown = invoke("payoff", "cmu", "--format", "markdown").stdout.splitlines()
    assert [cell.strip() for cell in markdown[0].strip("|").split("|")] == csv_header
    for column in ("living_low", "forgone_salary_low", "yearly_gain_low", "debt_low", "earnings_note"):
        assert column in csv_header
    assert FEDERAL_AID in markdown[2]


# --- 3. --applications: the reply-by date beside the offers --------------------------------


@pytest.fixture
def offers(invoke: Invoke) -> None:
    for args in (
        ["apply", "set", "cmu", "--decision", "admitted", "--scholarship", "20k", "--reply-by", "2027-04-15"],
        ["apply", "set", "usc", "--decision", "admitted", "--reply-by", "2027-05-01"],
        ["apply", "set", "uw", "--decision", "admitted"],
    ):
        assert invoke(*args).exit_code == 0


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.usefixtures("offers")
def test_applications_show_the_reply_by_date_beside_each_offer(
    width: int, invoke: Invoke, tmp_path: Path
) -> None:
    before = snapshot(tmp_path / "home")
    result = invoke("payoff", "--applications", env={"COLUMNS": str(width)})
    assert snapshot(tmp_path / "home") == before
    assert result.exit_code == 0, result.stderr
    fits(result.stdout, width)
    lines = result.stdout.splitlines()
    if width < 120 and lines[0].startswith(" ID"):  # programs as rows: the date on its row
        rows = {line.split()[0]: line for line in lines[2:5]}
        assert "2027-04-15" in rows["cmu"]
        assert "2027-05-01" in rows["usc"]
        assert "—" in rows["uw"]
    else:  # side by side: a row of dates, in the programs' order
        reply = next(line for line in lines if line.startswith(" Reply by"))
        assert reply.split()[2:] == ["2027-04-15", "2027-05-01", "—"]


@pytest.mark.usefixtures("offers")
def test_applications_flat_rows_carry_the_offer(invoke: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("payoff", "--applications", "-f", "csv").stdout)))
    by_id = {row["id"]: row for row in rows}
    assert by_id["cmu"]["offer_reply_by"] == "2027-04-15"
    assert by_id["cmu"]["offer_scholarship"] == "20000"
    assert by_id["uw"]["offer_reply_by"] == ""
    assert by_id["usc"]["offer_decision"] == "admitted"


# --- 4. careers NAME: metro names broken between words only --------------------------------


def _area_words(invoke: Invoke, career: str) -> list[str]:
    careers = run_json(invoke, "careers", career)
    return [word for area in careers[0]["wages"]["by_area"] for word in area["area"].split()]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("career", ["Data Scientist", "Machine Learning Research Scientist"])
def test_careers_metro_names_wrap_between_words_only(width: int, career: str, invoke: Invoke) -> None:
    result = invoke("careers", career, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    fits(result.stdout, width)
    shown = result.stdout.split()
    for word in _area_words(invoke, career):
        assert word in shown, (word, width)  # whole: "MA-NH", never "MA-" then "NH"
    assert "…" not in result.stdout
    table = result.stdout.partition("10th–90th")[2]
    assert "northeastern" in table  # every program's id whole, beside or under its area
    assert "brandeis" in table


def test_careers_piped_keeps_each_area_and_its_programs_on_one_line() -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    result = subprocess.run(
        [sys.executable, "-m", "mlprog", "careers", "Data Scientist"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    boston = next(line for line in result.stdout.splitlines() if line.startswith("Boston"))
    assert boston.split("  ")[0] == "Boston-Cambridge-Newton, MA-NH"
    assert "northeastern, brandeis, bu" in boston
