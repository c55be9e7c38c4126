"""Charts of many programs: the same answers as the definitions, for work that grows linearly.

A chart of 30,000 programs once took 16 to 39 seconds: the programs left out
were found by searching the list of those plotted, the frontier compared every
program with every other, and each line of a long note measured all the text
after it. How long a chart takes is measured in benchmarks/chart_size.py; here
the faster ways are checked against the plain definitions, and the work that
made them slow is counted, which no machine's load can change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from mlprog.answers.chart import chart_programs
from mlprog.frontier import dominates, frontier
from mlprog.model import Dataset, Program
from mlprog.text.fitting import line_spans, text_width

untimed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=examples(300))

# --- the frontier ------------------------------------------------------------------------------

Item = tuple[int, Any, Any]

values = st.one_of(
    st.none(),
    st.integers(-3, 3),  # few values, so that ties are common
    st.sampled_from([0.0, -0.0, 1.0, 2.5, float("inf"), float("-inf"), float("nan")]),
    st.floats(allow_nan=True, allow_infinity=True),
)
items = st.lists(st.tuples(st.integers(), values, values), max_size=40).map(
    lambda rows: [(n, x, y) for n, (_, x, y) in enumerate(rows)]  # distinct items, in order
)


def pairwise_frontier(
    known: list[Item], pair: Callable[[Item], tuple[Any, Any]], better: tuple[bool, bool]
) -> list[Item]:
    """The definition, item against item: those no other item dominates, in the given order."""
    known = [item for item in known if None not in pair(item)]
    return [item for item in known if not any(dominates(pair(o), pair(item), better) for o in known)]


def _pair(item: Item) -> tuple[Any, Any]:
    return item[1], item[2]


@untimed
@given(items, st.tuples(st.booleans(), st.booleans()))
def test_the_frontier_is_what_comparing_every_pair_finds(rows: list[Item], better: tuple[bool, bool]) -> None:
    assert frontier(rows, _pair, better) == pairwise_frontier(rows, _pair, better)


def test_the_frontier_does_not_compare_every_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 programs each cheaper and worse than the next: all on the frontier, found in one sweep."""
    import mlprog.frontier

    compared = [0]

    def counting(a: tuple[float, float], b: tuple[float, float], better: tuple[bool, bool]) -> bool:
        compared[0] += 1
        return dominates(a, b, better)

    monkeypatch.setattr(mlprog.frontier, "dominates", counting)
    rows = [(n, 1000 + n, float(n)) for n in range(2_000)]
    assert mlprog.frontier.frontier(rows, _pair, (False, True)) == rows
    assert compared[0] < 10 * len(rows)


# --- the chart's partition -----------------------------------------------------------------------


class Uncomparable(Program):
    """A program that fails the test if it is ever compared with another (a search through a list)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        raise AssertionError(f"{self.id} compared with another program")

    __hash__ = Program.__hash__


def test_a_chart_never_searches_a_list_of_programs(bundled: Dataset) -> None:
    base = bundled.programs[0]
    programs = [
        Uncomparable(*base._replace(id=f"p{n}", graduation_rate=None if n % 3 else 50 + n % 40))
        for n in range(600)
    ]
    chart = chart_programs(programs, bundled.meta, x="graduation_rate", y="score")
    assert [p.id for p in chart.programs] == [f"p{n}" for n in range(0, 600, 3)]
    assert [p.id for p in chart.left_out] == [f"p{n}" for n in range(600) if n % 3]
    assert chart.plain_text()  # drawn too, with the note on those left out


# --- laying out a long note --------------------------------------------------------------------


def counted(measured: list[int]) -> Callable[[str], int]:
    """text_width, adding the length of every piece measured to measured[0]."""

    def measure(piece: str) -> int:
        measured[0] += len(piece)
        return text_width(piece)

    return measure


def test_a_long_note_is_laid_out_measuring_each_character_a_few_times() -> None:
    """Each line measures its own text (a few candidate breaks), never all the text after it."""
    note = "Too close to tell apart: " + ", ".join(f"p{n} (at p{n + 7})" for n in range(20_000)) + "."
    measured = [0]
    spans = line_spans(note, 80, counted(measured))
    assert len(spans) > 3_000
    assert spans == line_spans(note, 80)  # counting changed nothing
    assert measured[0] < 20 * len(note), measured[0] / len(note)


def plain_line_spans(text: str, width: int) -> list[tuple[int, int, bool]]:
    """line_spans as it was first written, measuring all the rest of the text for every line."""
    breaks = re.compile(r"(?<=[^\s/-][-/])(?=[^\s/-])| +")
    spans: list[tuple[int, int, bool]] = []
    start = len(text) - len(text.lstrip(" "))
    while start < len(text):
        if text_width(text[start:].rstrip(" ")) <= width:
            spans.append((start, len(text.rstrip(" ")), False))
            break
        best = None
        for match in breaks.finditer(text, start + 1):
            end = match.start() if match.group().startswith(" ") else match.end()
            if text_width(text[start:end]) > width:
                break
            best = end
        if best is None:
            following = breaks.search(text, start + 1)
            if following is None:
                end = len(text)
            else:
                end = following.start() if following.group().startswith(" ") else following.end()
            spans.append((start, end, True))
        else:
            spans.append((start, best, False))
            end = best
        while end < len(text) and text[end] == " ":
            end += 1
        start = end
    return spans


# Words of plain, wide (two cells) and zero-width (combining) characters, hyphens and slashes.
texts = st.text(alphabet=st.sampled_from("ab -/,\u00e9\u0301\u4e2d\u200b"), max_size=200)


@untimed
@given(texts, st.integers(1, 30))
def test_lines_break_where_they_always_did(text: str, width: int) -> None:
    assert line_spans(text, width) == plain_line_spans(text, width)


# --- a chart of more programs than its canvas has cells ----------------------------------------


def crowd(bundled: Dataset, count: int) -> list[Program]:
    """``count`` programs on a lattice of 200 tuitions ($10k to $70k) by ``count / 200`` scores
    (0 to 100): over every cell of the plot, many to a cell."""
    base = bundled.programs[0]
    return [
        base._replace(
            id=f"p{n}",
            tuition=10_000 + round(n % 200 * 60_000 / 199),
            score=n // 200 * 100 / (count // 200 - 1),
        )
        for n in range(count)
    ]


def test_a_crowded_chart_names_a_few_programs_and_counts_the_rest(bundled: Dataset) -> None:
    """20,000 programs on a 24-line terminal: the whole chart fits it, each note names 12
    programs and says how many more, and every point is still in --json."""
    chart = chart_programs(crowd(bundled, 20_000), bundled.meta)
    chart.width, chart.height, chart.screen = 80, 14, 24
    text = "\n".join(line for line, _ in chart.plain_text())
    assert len(text.splitlines()) <= 23
    notes = " ".join(text.partition("other programs.")[2].split())
    close = notes.partition("Too close to tell apart: ")[2].partition(" (mlprog chart")[0]
    unlabelled = notes.partition("No room for a label: ")[2].partition(" (mlprog chart")[0]
    for note in (close, unlabelled):
        named, _, more = note.rpartition(", and ")
        assert len(named.split(", ")) == 12, note
        assert re.fullmatch(r"[\d,]+ more", more), note
    # Every program is counted once: a cell's marker, or named or counted as at another's.
    markers = sum(text.count(mark) for mark in "◆•") - 2  # the legend's two
    shared = 12 + int(close.rpartition(", and ")[2].split()[0].replace(",", ""))
    assert markers + shared == 20_000
    assert len(chart.document(None)["points"]) == 20_000


def test_labels_are_tried_only_while_the_canvas_has_room(
    bundled: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Points in every cell of the plot leave no room for any label: none is tried."""
    import mlprog.text.charts

    tried = [0]
    room = mlprog.text.charts._room

    def counting(*args: Any) -> bool:
        tried[0] += 1
        return room(*args)

    monkeypatch.setattr(mlprog.text.charts, "_room", counting)
    chart = chart_programs(crowd(bundled, 20_000), bundled.meta)
    chart.width, chart.height = 80, 14
    lines = [line for line, _ in chart.plain_text()]
    assert tried[0] == 0
    assert any(line.startswith("No room for a label: ") for line in lines)
