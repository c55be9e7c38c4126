"""Layouts at real terminal sizes (60, 80, 120 columns): paragraphs, the chart, states, compare,
show. Where the terminal's height or the process matters, through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import re

import pytest

from conftest import Invoke
from terminal import in_terminal

WIDTHS = (60, 80, 120)
MARKERS = "◆•"


def plain_environment() -> dict[str, str]:
    """The environment of a person's terminal with no colour, no pager and no COLUMNS."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "PAGER")}
    return {**env, "NO_COLOR": "1", "MLPROG_PAGER": "cat"}


def fits(text: str, width: int) -> None:
    over = [line for line in text.splitlines() if len(line) > width]
    assert not over, over


# --- paragraphs: continuation lines align with the first --------------------------------


def paragraph_problems(text: str) -> list[str]:
    """Lines indented further than a paragraph's first line, outside a bulleted item."""
    problems = []
    in_item = False
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if line.lstrip().startswith("• "):
            in_item = True
        elif indent <= 2:
            in_item = False
        elif not in_item:
            problems.append(line)
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [["careers"], ["guide", "thesis"], ["guide", "financing"], ["sources"]])
def test_paragraph_continuation_lines_align_with_the_first(
    args: list[str], width: int, invoke: Invoke
) -> None:
    result = invoke(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    fits(result.stdout, width)
    assert paragraph_problems(result.stdout) == []
    # A bulleted item's continuation lines still hang under its text.
    if args == ["sources"] and width == 60:
        assert "  • 50: the key takeaways; the 'Top 50' heading; the\n    'Showing" in result.stdout


def test_the_paragraph_check_catches_a_hanging_paragraph() -> None:
    assert paragraph_problems("Title\n  first line of a paragraph\n    its second line\n") == [
        "    its second line"
    ]
    assert paragraph_problems("  • an item\n    its second line\n") == []


# --- the chart ----------------------------------------------------------------------------


def label_problems(chart: str, ids: set[str]) -> list[str]:
    """Pieces of the plot where labels or points run into each other ("penn••nyu", "sjsuunt")."""
    plot = chart.split("◆ value frontier", maxsplit=1)[0]
    problems = []
    for line in plot.splitlines()[1:]:
        body = line.partition("┤")[2] or line.partition("│")[2]
        for piece in body.split():
            words = [word for word in re.split(f"[{MARKERS}]+", piece) if word]
            if len(words) > 1 or any(word not in ids for word in words):
                problems.append(piece)
    return problems


@pytest.mark.parametrize(("columns", "lines"), [(60, 24), (80, 24), (120, 40)])
def test_the_chart_fits_the_terminal_and_no_label_runs_into_another(
    columns: int, lines: int, invoke: Invoke
) -> None:
    run = in_terminal(["chart"], plain_environment(), columns=columns, lines=lines)
    assert run.code == 0, run.stderr
    screen = run.screen
    assert screen.count("\n") <= lines - 1  # the title is still on the screen under the prompt
    assert screen.startswith("     Score (0-100)\n")
    assert "Value frontier (tuition per year, score (0-100)):" in screen
    fits(screen, columns)
    ids = {row["id"] for row in json.loads(invoke("rank", "--json").stdout)}
    assert label_problems(screen, ids) == []
    # Every program is on the chart: labelled, or named under it.
    named = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", screen)]
    assert sorted(named) == sorted(ids)


@pytest.mark.parametrize("lines", [30, 40])
def test_the_chart_leaves_room_for_the_notes_said_on_the_same_screen(lines: int) -> None:
    """The bundled figures' note (on stderr, above the chart) counts in the screen's height."""
    args = ["chart", "--x", "all_in_cost", "--y", "earnings_4yr"]
    run = in_terminal(args, plain_environment(), columns=80, lines=lines, stderr_too=True)
    assert run.code == 0, run.screen
    assert run.screen.startswith("earnings_4yr: the bundled College Scorecard figures")
    assert "Value frontier (all-in cost, median earnings, 4 years after):" in run.screen
    assert run.screen.count("\n") <= lines - 1
    fits(run.screen, 80)


def test_the_label_check_catches_labels_that_touch() -> None:
    ids = {"penn", "nyu", "sjsu", "unt", "cmu"}
    chart = "     Score\n 80 ┤  penn••nyu  sjsuunt  cmu◆  ◆ •\n◆ value frontier"
    assert label_problems(chart, ids) == ["penn••nyu", "sjsuunt"]


def test_bars_write_scores_as_tables_do(invoke: Invoke) -> None:
    bars = invoke("chart", "--bar", "score", env={"COLUMNS": "80"}).stdout
    pitt = next(line for line in bars.splitlines() if line.startswith("pitt "))
    assert pitt.endswith(" 64.0")
    assert len({len(line) for line in bars.splitlines()[1:]}) == 1  # the figures line up
    table = invoke("rank", "--state", "PA", env={"COLUMNS": "120"}).stdout
    assert "64.0" in table


def test_explain_writes_the_score_as_tables_do(invoke: Invoke) -> None:
    result = invoke("filter", "--min-score", "70", "--explain", "pitt")
    assert "score 64.0 is below 70" in result.stdout + result.stderr


# --- states: the ids a user types next are never cut --------------------------------------


@pytest.mark.parametrize("width", [40, 60, 64, 66, 70, 80, 120])
def test_states_never_cut_an_id_and_say_what_gave_way(width: int, invoke: Invoke) -> None:
    rows = json.loads(invoke("states", "--json").stdout)
    result = invoke("states", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    fits(text, width)
    assert "…" not in text
    words = set(re.split(r"[\s()]+", text))
    best = [row["ranked"]["best"] for row in rows if row["ranked"]["best"]]
    assert best
    assert [i for i in best if i not in words] == []
    shown_headers = text.splitlines()[0]
    if "Median" not in shown_headers.replace("Page median", ""):
        assert "Not shown:" in text
        assert "Median" in text.partition("Not shown:")[2]


# --- compare: a row's values and its star are seen together --------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_shows_each_star_beside_the_values_it_beats(width: int, invoke: Invoke) -> None:
    best = json.loads(invoke("compare", "--top", "4", "--json").stdout)["best"]
    result = invoke("compare", "--top", "4", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    fits(text, width)
    lines = text.splitlines()
    figures = ("rank", "score", "tuition", "graduation_rate")
    if width < 120:  # programs as rows: every star on its program's row, in one table at the top
        header = lines[0].split()
        assert header[:5] == ["ID", "Rank", "Score", "Tuition/yr", "Grad"]
        rows = {line.split()[0]: line for line in lines[2:6]}
        assert sorted(rows) == ["cmu", "syracuse", "usc", "uw"]
        for field in figures:
            for winner in best[field]:
                assert "★" in rows[winner], (field, winner)
        assert sum(line.count("★") for line in lines[2:6]) == sum(len(best[f]) for f in figures)
        rest = text.partition("★ = best in its column.")[2]
        assert "★" not in rest  # no star left in a part that scrolls away
    else:  # side by side: one table, each row with its star
        assert text.count("(cmu)") == 1
        rows = {line.split("  ")[0].strip(): line for line in lines if line.startswith(" ")}
        for label in ("Rank", "Score", "Tuition/yr", "Graduation rate"):
            assert "★" in rows[label]


# --- show: prose at a readable measure on a wide terminal ----------------------------------


@pytest.mark.parametrize("width", [120, 160, 240])
def test_show_keeps_prose_at_a_readable_measure(width: int, invoke: Invoke) -> None:
    result = invoke("show", "usc", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert 80 <= max(len(line) for line in lines) <= 96
    overview = next(i for i, line in enumerate(lines) if "Overview" in line)
    prose = [line.strip("│ ") for line in lines[overview + 1 : overview + 4]]
    assert all(70 <= len(line) <= 90 for line in prose), prose


def test_show_at_80_columns_still_uses_the_width(invoke: Invoke) -> None:
    lines = invoke("show", "usc", env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(len(line) for line in lines) == 80
