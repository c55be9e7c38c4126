"""Lines laid out by hand (render.common.labelled, drawn) draw what Rich's grids drew, and the
whole-word test of a card's roles reads ASCII without a pattern and agrees with the pattern."""

from __future__ import annotations

import io
import re
import string

from hypothesis import example, given, settings
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


# --- a program's card: its body and grids laid out by hand, as Rich's Group, Padding and grid ----

short_words = st.text(alphabet=string.ascii_letters + "$,.-", min_size=1, max_size=12)
values = st.lists(short_words, min_size=1, max_size=12).map(" ".join)
grid_rows = st.lists(
    st.tuples(st.sampled_from(["Rank", "Top employers", "Median earnings, 4 years after"]), values),
    min_size=1,
    max_size=4,
)


def _rich_grid(rows: list[tuple[str, str]], style: str, justify: str) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=style or None)
    grid.add_column(justify=justify)  # type: ignore[arg-type]
    for label, value in rows:
        grid.add_row(label, Text(value))
    return grid


@settings(max_examples=examples(150), deadline=None)
@given(
    rows=grid_rows,
    style=st.sampled_from(["", "bold"]),
    justify=st.sampled_from(["left", "right"]),
    width=st.integers(8, 120),
)
# Values a little narrower than the labels and their gap: Rich narrows the labels too.
@example(rows=[("Top employers", "Google Meta Amazon Apple NVIDIA")], style="bold", justify="left", width=28)
@example(rows=[("Top employers", "Google Meta Amazon Apple NVIDIA")], style="", justify="right", width=30)
def test_a_cards_grid_draws_what_richs_grid_drew(
    rows: list[tuple[str, str]], style: str, justify: str, width: int
) -> None:
    """In colour and plain, at any width: wrapped values, the labels' width kept, or (narrower)
    Rich's own table."""
    from mlprog.render.laid_card import LabelGrid

    grid = LabelGrid(style, justify)  # type: ignore[arg-type]
    for label, value in rows:
        grid.add_row(label, Text(value))
    for colour in (False, True):
        expected = printed(_rich_grid(rows, style, justify), width, colour=colour)
        assert printed(grid, width, colour=colour) == expected


@settings(max_examples=examples(100), deadline=None)
@given(
    heading=words,
    text=prose,
    rows=grid_rows,
    items=st.lists(prose, min_size=1, max_size=4),
    width=st.integers(1, 140),
)
def test_a_cards_body_draws_what_richs_group_of_paddings_drew(
    heading: str, text: str, rows: list[tuple[str, str]], items: list[str], width: int
) -> None:
    """The card's sections (a heading, its body two cells in, a blank line; nested grids four
    in), in its frame, as the Group of Paddings drew them."""
    from rich.constrain import Constrain
    from rich.panel import Panel

    from mlprog.render.cards import _section
    from mlprog.render.common import bulleted
    from mlprog.render.laid_card import CardBody, FramedCard, LabelGrid

    grid = LabelGrid("bold")
    for label, value in rows:
        grid.add_row(label, Text(value))
    bullets = bulleted([Text(item, style="bold") for item in items])
    pieces = [
        (0, grid),
        (0, None),
        *_section(heading, Text(text)),
        *_section(heading, [(0, Text(heading, style="bold")), (2, grid), (0, Text(text, style="dim"))]),
        *_section(heading, bullets),
    ]
    by_rich = Group(
        Padding(_rich_grid(rows, "bold", "left"), (0, 0, 1, 0)),
        Text(heading, style="bold underline"),
        Padding(Text(text), (0, 0, 1, 2)),
        Text(heading, style="bold underline"),
        Padding(
            Group(
                Text(heading, style="bold"),
                Padding(_rich_grid(rows, "bold", "left"), (0, 0, 0, 2)),
                Text(text, style="dim"),
            ),
            (0, 0, 1, 2),
        ),
        Text(heading, style="bold underline"),
        Padding(bulleted([Text(item, style="bold") for item in items]), (0, 0, 1, 2)),
    )
    title = Text("#4 ", style="bold") + Text(heading, style="bold")
    subtitle = Text(f"{heading} · score 94.4")
    by_hand = FramedCard(CardBody(pieces), title, subtitle, 94)
    panel = Panel(by_rich, title=title, title_align="left", subtitle=subtitle, expand=False)
    for colour in (False, True):
        assert printed(by_hand, width, colour=colour) == printed(Constrain(panel, 94), width, colour=colour)
