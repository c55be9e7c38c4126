"""Lines laid out by hand (render.common.labelled, drawn) draw what Rich's grids drew, and the
whole-word test of a card's roles reads ASCII without a pattern and agrees with the pattern."""

from __future__ import annotations

import io
import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from conftest import Invoke, examples, run_json
from mlprog.page_sections import Career, names_career
from mlprog.render.common import Trimmed, assumption_lines, drawn, labelled


def console(width: int, *, colour: bool = False) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        markup=False,
    )


def printed(renderable: object, width: int, *, colour: bool = False) -> str:
    out = console(width, colour=colour)
    out.print(renderable)
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


class Lines:
    """Lines drawn with :func:`drawn`, as a renderable."""

    def __init__(self, lines: list[Text]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: object) -> object:
        return drawn(self.lines, console, console.options.update_width(console.width))


# --- the assumptions under cost and payoff: as Rich's Table.grid drew them ---------------------

words = st.text(alphabet=string.ascii_letters + "$,.-'()/", min_size=1, max_size=14)
prose = st.lists(words, min_size=1, max_size=30).map(" ".join)
labels = st.sampled_from(["*", "All-in", "Living", "Scorecard", "Tax rule", "Support"])
notes = st.lists(st.tuples(labels, prose, prose), min_size=1, max_size=5)


def as_rich_grid(rows: list[tuple[str, str, str]]) -> Group:
    """The assumptions as cost and payoff drew them before they were laid out by hand."""
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for label, text, source in rows:
        grid.add_row(Text(label), Text(text) + Text(f"\nSource: {source}", style="dim"))
    return Group(Text(""), Text("Assumptions:", style="bold"), Padding(grid, (0, 0, 0, 2)))


@settings(max_examples=examples(100), deadline=None)
@given(rows=notes, width=st.integers(30, 160))
def test_the_assumptions_read_as_rich_laid_them_out(rows: list[tuple[str, str, str]], width: int) -> None:
    made = console(width)
    by_hand = list(
        assumption_lines(
            [(label, Text(text) + Text(f"\nSource: {source}", style="dim")) for label, text, source in rows],
            made,
            width,
        )
    )
    assert printed(Lines(by_hand), width) == printed(Trimmed(as_rich_grid(rows)), width)


@settings(max_examples=examples(100), deadline=None)
@given(rows=st.lists(st.tuples(labels, prose), min_size=1, max_size=5), width=st.integers(30, 160))
def test_labelled_rows_wrap_under_their_text(rows: list[tuple[str, str]], width: int) -> None:
    """Each text wraps within the width, its continuation lines under its first word."""
    lines = list(
        labelled([(Text(label), Text(text)) for label, text in rows], console(width), width, indent=1, gap=1)
    )
    column = 1 + max(len(label) for label, _ in rows) + 1
    assert all(line.cell_len <= width for line in lines)
    rebuilt = " ".join(line.plain[column:].strip() for line in lines)
    assert rebuilt == " ".join(" ".join(text.split()) for _, text in rows)


# --- drawn: what Rich would draw, colour included ----------------------------------------------


def test_a_line_keeps_its_own_style_in_colour() -> None:
    """Text.render alone leaves out a line's own style: drawn must not (a dim note stays dim)."""
    lines = [Text("Not shown: Gain/yr.", style="dim"), Text("Assumptions:", style="bold"), Text("plain")]
    assert printed(Lines(lines), 80, colour=True) == printed(Group(*lines), 80, colour=True)
    assert "\x1b[2m" in printed(Lines(lines), 80, colour=True)


def test_a_line_wider_than_the_width_is_wrapped_as_rich_wraps_it() -> None:
    heading = Text("#2 University of Southern California (usc)", style="bold")
    assert printed(Lines([heading]), 30) == printed(Trimmed(heading), 30)
    assert all(len(line) <= 30 for line in printed(Lines([heading]), 30).splitlines())


# --- payoff at a width too narrow for its figures ----------------------------------------------


def test_a_figure_too_wide_for_a_narrow_terminal_ends_in_an_ellipsis(invoke: Invoke) -> None:
    """At 30 columns a range of dollars does not fit beside its label: it is cut with "…", never
    cut to digits that read as another amount ("$99,960–$133,2")."""
    report = run_json(invoke, "payoff", "--top", "3")
    result = invoke("payoff", "--top", "3", env={"COLUMNS": "30"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 30 for line in lines)
    shown = {
        f"${span['low']:,}" if span["low"] == span["high"] else f"${span['low']:,}–${span['high']:,}"
        for program in report["programs"]
        for span in (program["total_tuition"], program["all_in_cost"])
    }
    figures = [
        line.split(maxsplit=2)[-1] for line in lines if line.startswith((" Tuition ", " All-in cost "))
    ]
    assert figures
    assert all(figure in shown or figure.endswith("…") for figure in figures), figures
    assert any(figure.endswith("…") for figure in figures)


# --- a card's roles naming a career: whole words, any case -------------------------------------


def by_pattern(roles: list[str], career: Career) -> bool:
    """The test as a regular expression states it (the one names_career used to run)."""
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", role, re.IGNORECASE)
        for role in roles
        for name in (career.title, *career.roles)
    )


pieces = st.sampled_from(
    [
        "AI",
        "ml",
        "ML",
        "Engineer",
        "engineers",
        "Data",
        "Scientist",
        "_",
        "-",
        "/",
        "(",
        ")",
        "3",
        "",
        "ſ",
        "É",
    ]
)
role_texts = st.lists(pieces, max_size=6).flatmap(
    lambda parts: st.sampled_from([" ", ""]).map(lambda j: j.join(parts))
)
careers = st.sampled_from(
    [
        Career("AI/ML Engineer", "15-2051", "", "", ("ML Engineer", "AI Engineer")),
        Career("Data Scientist", "15-2051", "", ""),
        Career("Engineer", "1", "", "", ("ai", "é ml")),
        Career("", "1", "", ""),
    ]
)


@settings(max_examples=examples(300), deadline=None)
@given(roles=st.lists(role_texts, max_size=3), career=careers)
def test_a_role_names_a_career_as_the_pattern_says(roles: list[str], career: Career) -> None:
    assert names_career(roles, career) == by_pattern(roles, career)


def test_whole_words_only() -> None:
    engineer = Career("ML Engineer", "1", "", "")
    assert names_career(["Senior ML Engineer"], engineer)
    assert names_career(["ml engineer (remote)"], engineer)
    assert not names_career(["ML Engineering lead"], engineer)
    assert not names_career(["ML Engineer2"], engineer)
    assert not names_career(["ML Engineer_x"], engineer)
