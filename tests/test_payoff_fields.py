"""The bundled College Scorecard earnings as fields a selection can use: rank --sort and --weight,
chart's axes (with the frontier), filled only when asked for and when the user has no import."""

from __future__ import annotations

import json

from conftest import Invoke
from mlprog.commands.selecting import BUNDLED_OUTCOME_FIELDS
from mlprog.figures import outcomes
from mlprog.model import Dataset
from test_startup_structure import loaded, modules_after

FEDERAL_AID = "federal student aid"


def _bundled_earnings(bundled: Dataset) -> dict[str, int]:
    """Each program's 4-year earnings read straight from data/outcomes.json's earnings field."""
    found = {}
    for program in bundled.programs:
        institution = outcomes.bundled_outcomes(program.name)
        field = outcomes.earnings_field(institution) if institution else None
        if field is not None and field.earnings_years_after == 4 and field.earnings_median:
            found[program.id] = field.earnings_median
    return found


def test_rank_sorts_by_the_bundled_earnings_and_says_whose_they_are(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("rank", "--sort", "earnings_4yr", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    expected = _bundled_earnings(bundled)
    assert len(expected) >= 15
    with_figure = [row for row in rows if row["earnings_4yr"] is not None]
    assert {row["id"]: row["earnings_4yr"] for row in with_figure} == expected
    figures = [row["earnings_4yr"] for row in with_figure]
    assert figures == sorted(figures, reverse=True)
    assert rows[: len(with_figure)] == with_figure  # programs without one sort last
    assert "bundled College Scorecard figures" in result.stderr
    assert FEDERAL_AID in " ".join(result.stderr.split())


def test_weight_by_the_bundled_earnings(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("rank", "-w", "earnings_4yr=1", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    expected = _bundled_earnings(bundled)
    best = max(expected, key=lambda program_id: expected[program_id])
    assert rows[0]["id"] == best


def test_chart_plots_the_bundled_earnings_with_the_frontier(invoke: Invoke) -> None:
    result = invoke("chart", "--x", "tuition", "--y", "earnings_4yr", "--json")
    assert result.exit_code == 0, result.stderr
    chart = json.loads(result.stdout)
    points = {point["id"]: point for point in chart["points"]}
    frontier = {program_id for program_id, point in points.items() if point["frontier"]}
    assert frontier
    for program_id in frontier:  # nobody is cheaper and earns at least as much, or earns more for no more
        mine = points[program_id]
        for other in points.values():
            if other["earnings_4yr"] is None or other["id"] == program_id:
                continue
            assert not (
                other["tuition"] <= mine["tuition"]
                and other["earnings_4yr"] >= mine["earnings_4yr"]
                and (other["tuition"], other["earnings_4yr"]) != (mine["tuition"], mine["earnings_4yr"])
            ), (program_id, other["id"])


def test_without_such_a_field_nothing_is_filled_nor_read(invoke: Invoke) -> None:
    rows = json.loads(invoke("rank", "--json").stdout)
    assert all(row["earnings_4yr"] is None for row in rows)
    assert not loaded(modules_after("rank", "--sort", "tuition"), "mlprog.figures")
    assert loaded(modules_after("rank", "--sort", "earnings_4yr"), "mlprog.figures")


def test_a_program_with_the_users_import_keeps_its_own_figures(bundled: Dataset) -> None:
    cmu = next(program for program in bundled.programs if program.id == "cmu")
    imported = cmu._replace(scorecard=object(), earnings_4yr=1, debt_median=2, completions=3)
    [kept, filled] = outcomes.with_bundled_outcomes([imported, cmu])
    assert kept is imported
    assert filled.earnings_4yr == _bundled_earnings(bundled)["cmu"]
    assert filled.completions is not None


def test_the_fields_named_in_the_command_layer_are_the_ones_filled() -> None:
    assert frozenset(outcomes.FILLED) == BUNDLED_OUTCOME_FIELDS
