"""mlprog chart: the scatter with its value frontier, bars, JSON and CSV, at every width."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import jsonschema
import pytest

from conftest import Invoke
from mlprog.dataset.document_schemas import chart_json_schema

FRONTIER = ["ucf", "sjsu", "uw", "syracuse", "cmu"]  # worked out by hand in test_frontier.py


def _run(*args: str, width: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if width is not None:
        env["COLUMNS"] = str(width)
    return subprocess.run(
        [sys.executable, "-m", "mlprog", "chart", *args], capture_output=True, text=True, env=env, check=False
    )


def test_the_chart_at_80_columns_names_both_axes_and_every_frontier_program() -> None:
    result = _run(width=80)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Score (0-100)" in text
    assert "Tuition per year" in text
    assert "$20k" in text  # money ticks as people read them
    listed = text.split("Value frontier (tuition per year, score (0-100)):\n")[1].splitlines()
    assert [line.split()[0] for line in listed] == FRONTIER
    assert listed[0].split() == ["ucf", "$4,478", "61.4"]
    plot, _, after = text.partition("◆ value frontier")
    assert plot.count("◆") == len(FRONTIER)  # frontier points have their own marker
    # Every other program has a marker, or is named as too close to another to tell apart.
    close = " ".join(after.split()).partition("Too close to tell apart: ")[2].partition(".")[0]
    assert plot.count("•") + (close.count("(at ") if close else 0) == 25 - len(FRONTIER)


def test_off_a_terminal_the_chart_is_80_columns_and_plain() -> None:
    lines = _run().stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not any("\x1b" in line for line in lines)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 200])
@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--bar", "score"),
        ("--bar", "tuition", "--state", "CA"),
        ("--x", "graduation_rate"),
        ("--type", "public"),
    ],
)
def test_every_line_fits_and_none_ends_in_a_space(invoke: Invoke, width: int, args: tuple[str, ...]) -> None:
    # In-process: what a real process prints at a width is checked above (the same layout code).
    result = invoke("chart", *args, "--height", "12", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        assert len(line) <= width, line
        assert line == line.rstrip(), line


def test_height_and_width_options_are_obeyed() -> None:
    lines = _run("--width", "70", "--height", "10").stdout.splitlines()
    plot = [line for line in lines if "┤" in line or "│" in line]
    assert len(plot) == 10
    assert max(len(line) for line in lines) <= 70


def test_json_gives_points_axes_and_frontier(invoke: Invoke) -> None:
    result = invoke("chart", "--json")
    assert result.exit_code == 0
    chart = json.loads(result.stdout)
    jsonschema.validate(chart, chart_json_schema())
    assert chart["frontier"] == FRONTIER
    assert chart["x"]["field"] == "tuition"
    assert chart["y"] == {"field": "score", "name": "Score (0-100)", "unit": "", "higher_is_better": True}
    assert len(chart["points"]) == 25
    assert {p["id"] for p in chart["points"] if p["frontier"]} == set(FRONTIER)


def test_missing_values_are_left_out_and_counted(invoke: Invoke) -> None:
    chart = json.loads(invoke("chart", "--x", "graduation_rate", "--json").stdout)
    jsonschema.validate(chart, chart_json_schema())
    assert chart["left_out"] == ["nyu", "northeastern", "jhu", "bu"]  # no rate on the page
    assert len(chart["points"]) == 21
    text = invoke("chart", "--x", "graduation_rate", env={"COLUMNS": "80"}).stdout
    said = "Not plotted: 4 programs (nyu, northeastern, jhu, bu): the source gives no graduation rate."
    assert said in " ".join(text.split())


def test_bars_are_sorted_best_first_and_csv_gives_the_points(invoke: Invoke) -> None:
    chart = json.loads(invoke("chart", "--bar", "tuition", "--type", "public", "--json").stdout)
    jsonschema.validate(chart, chart_json_schema())
    assert [p["id"] for p in chart["points"]][:3] == ["ucf", "sjsu", "unt"]  # $4,478, $5,742, $8,319
    rows = list(csv.DictReader(io.StringIO(invoke("chart", "--format", "csv", "--state", "CA").stdout)))
    assert [row["id"] for row in rows] == ["usc", "uci", "usd", "sjsu", "ucsc"]
    assert [row["frontier"] for row in rows] == ["true", "true", "false", "true", "false"]


def test_criteria_and_profiles_choose_what_is_drawn(invoke: Invoke) -> None:
    chart = json.loads(invoke("chart", "--profile", "value", "--state", "CA", "--json").stdout)
    assert sorted(p["id"] for p in chart["points"]) == ["sjsu", "uci", "ucsc"]  # public only
    refused = invoke("chart", "--x", "name")
    assert refused.exit_code == 2
    assert "not a numeric field" in refused.stderr
    nothing = invoke("chart", "--partner", "nobody")
    assert nothing.exit_code == 0
    assert "No programs match: partner 'nobody'." in nothing.stderr
    assert nothing.stdout == ""
