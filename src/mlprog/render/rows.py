"""Listings with one row per program: the rank and filter tables, and --fields tables.

Laid out here, not by ``rich.table``: it looks like a ``box.SIMPLE_HEAD`` table,
lays out in a fraction of the time every ``mlprog rank`` pays (benchmarks/README.md),
piped needs no Rich console (:mod:`.plain`), and it decides what gives way when narrow:

1. names, places and matches wrap between words (never inside one);
2. then, in order, Type, Location (shortened to its state code), Grad, the state
   and Tuition go; a footer says what was hidden and how to see it;
3. the rank, the id and the score are always shown whole (a long id, of an
   institution from a College Scorecard import, wraps after a hyphen).
Off a terminal the width is such that every program is one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

from ..criteria import Evaluation
from ..model import Meta, Program
from ..scorecard.fields import OUTCOME_DIRECTIONS
from ..text.sanitize import terminal_safe
from .common import (
    MISSING,
    LaidOut,
    cell,
    field_text,
    longest_word,
    money_text,
    percent_text,
    rich_text,
    score_text,
    source_note,
    wrap,
)
from .common import notes as note_lines
from .plain import Stack

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod, RenderableType

    from ..weights import PersonalScore


class _Column:
    """A column: its header, one cell per row, and how it may give way."""

    __slots__ = ("cells", "comfortable", "header", "justify", "relaxed", "style", "wraps")

    def __init__(
        self,
        header: str,
        cells: list[Text],
        justify: JustifyMethod = "left",
        *,
        wraps: bool = False,
        comfortable: int = 0,
        relaxed: int = 0,
        style: str = "",
    ) -> None:
        self.header = header
        self.cells = cells
        self.justify = justify
        self.wraps = wraps  # may wrap between words; figures and ids never do
        self.comfortable = comfortable  # narrower than this, other columns go first
        self.relaxed = relaxed or comfortable  # the same, once the first columns have gone
        self.style = style

    def natural(self) -> int:
        """The width of its longest line, header included."""
        lines = [cell_len(line) for content in self.cells for line in content.plain.split("\n")]
        return max([cell_len(self.header), *lines])

    def floor(self) -> int:
        """The narrowest it can be with every word whole."""
        words = [longest_word(c.plain) for c in self.cells]
        return max([cell_len(self.header), *words]) if self.wraps else self.natural()


class _Step:
    """One way to make a table narrower: drop a column, show a shorter one in its place,
    or let the wrapping columns narrow further (``RELAX``, then ``TO_THE_WORD``)."""

    __slots__ = ("header", "replacement")

    def __init__(self, header: str, replacement: _Column | None = None) -> None:
        self.header = header
        self.replacement = replacement


RELAX = "(relax)"  # wrapping columns may narrow to their relaxed width
TO_THE_WORD = "(to the word)"  # wrapping columns may narrow to their longest word


class RowTable(LaidOut):
    """A table with one row per program that fits its width (see the module's notes)."""

    plain = True  # its lines need no console
    GAP = 2  # spaces between columns
    EDGE = 1  # spaces before the first column

    def __init__(
        self,
        columns: Sequence[_Column],
        steps: Sequence[_Step] = (),
        hint: str = "Widen the window or use --fields.",
    ) -> None:
        self.columns = list(columns)
        self.steps = list(steps)
        self.hint = hint  # how to see what gave way

    def _total(self, widths: Sequence[int]) -> int:
        return sum(widths) + self.GAP * (len(widths) - 1) + self.EDGE

    def _fit(self, columns: Sequence[_Column], width: int, level: int) -> list[int] | None:
        """Widths that fit, shrinking wrapping columns (widest first) to their minimum; else None.

        The minimum is a wrapping column's comfortable width at level 0, its
        relaxed width at level 1, and its longest word at level 2.
        """
        widths = [column.natural() for column in columns]
        minimum = []
        for column, natural in zip(columns, widths, strict=True):
            floor = column.floor()
            wanted = (column.comfortable, column.relaxed, 0)[level]
            minimum.append(max(floor, min(natural, wanted)))
        excess = self._total(widths) - width
        while excess > 0:
            shrinkable = [i for i, column in enumerate(columns) if column.wraps and widths[i] > minimum[i]]
            if not shrinkable:
                return None
            widest = max(shrinkable, key=lambda i: widths[i])
            widths[widest] -= 1
            excess -= 1
        return widths

    def layout(self, width: int) -> tuple[list[_Column], list[int]]:
        """The columns shown and their widths (what gave way: :meth:`_hidden`)."""
        columns = list(self.columns)
        steps = list(self.steps)
        level = 0
        while True:
            widths = self._fit(columns, width, level)
            if widths is not None:
                return columns, widths
            headers = [c.header for c in columns]
            special = (RELAX, TO_THE_WORD)
            while steps and steps[0].header not in headers and steps[0].header not in special:
                steps.pop(0)  # a column this table does not have (any more)
            if not steps:
                break
            step = steps.pop(0)
            if step.header in special:
                level = max(level, special.index(step.header) + 1)
                continue
            position = headers.index(step.header)
            if step.replacement is None:
                del columns[position]
            else:
                columns[position] = step.replacement
        widths = self._fit(columns, width, 2)
        if widths is None:  # narrower than every word: wrapping columns shorten their words with "…"
            widths = [column.natural() if not column.wraps else 1 for column in columns]
            spare = width - self._total(widths)
            wrapping = [i for i, column in enumerate(columns) if column.wraps]
            for i in wrapping:
                widths[i] = max(4, spare // max(1, len(wrapping)))
        return columns, widths

    def lines(self, console: Console, width: int) -> Iterator[Text]:
        """The table's lines: the header, the rule, a line or more per row, what was not shown."""
        columns, widths = self.layout(width)

        def joined(pieces: list[Text]) -> Text:
            # Laid out already: Rich must not wrap or trim it again.
            line = Text(" " * self.EDGE) + Text(" " * self.GAP).join(pieces)
            line.rstrip()
            line.no_wrap, line.overflow = True, "ignore"
            return line

        header = [Text(c.header, style="bold") for c in columns]
        for pieces in self._lines(columns, header, widths):
            yield joined(pieces)
        yield Text("─" * min(self._total(widths), width))
        for row in range(len(columns[0].cells) if columns else 0):
            for pieces in self._lines(columns, [c.cells[row] for c in columns], widths):
                yield joined(pieces)
        hidden = self._hidden(columns)
        if hidden:
            yield Text(f"Not shown: {', '.join(hidden)}. {self.hint}", style="dim")

    def _hidden(self, shown: Sequence[_Column]) -> list[str]:
        """What the layout left out, in words: a column, or a column shown shorter."""
        present = {column.header for column in shown}
        replaced = {step.header: step.replacement.header for step in self.steps if step.replacement}
        hidden = []
        for column in self.columns:
            if column.header in present:
                continue
            shorter = replaced.get(column.header)
            hidden.append(f"{column.header} (state only)" if shorter in present else column.header)
        return hidden

    def _lines(
        self, columns: Sequence[_Column], cells: Sequence[Text], widths: Sequence[int]
    ) -> list[list[Text]]:
        """The cells of one row as lines of padded, styled pieces (wrapped between words)."""
        wrapped = []
        for content, width in zip(cells, widths, strict=True):
            fits = all(cell_len(line) <= width for line in content.plain.split("\n"))
            wrapped.append(content.split("\n") if fits else wrap(content, width))
        height = max(len(parts) for parts in wrapped)
        lines = []
        for number in range(height):
            pieces = []
            for column, parts, width in zip(columns, wrapped, widths, strict=True):
                piece = parts[number].copy() if number < len(parts) else Text("")
                piece.rstrip()
                padding = " " * max(0, width - piece.cell_len)
                piece = Text(padding) + piece if column.justify == "right" else piece + Text(padding)
                if column.style:
                    piece.stylize_before(column.style)
                pieces.append(piece)
            lines.append(pieces)
        return lines


#: A weighted field as an --explain column's header (every field a weight may name).
_SHORT_FIELD = {
    "graduation_rate": "grad",
    "tuition": "tuition",
    "score": "score",
    "rank": "rank",
    "earnings_1yr": "earn1",
    "earnings_4yr": "earn4",
    "earnings_5yr": "earn5",
    "debt_median": "debt",
    "debt_to_earnings": "d/e",
    "all_in_cost": "all-in",
}


def _program_steps(programs: Sequence[Program]) -> list[_Step]:
    state = _Column("State", [rich_text(p.state) for p in programs])
    return [
        _Step("Type"),
        _Step("Location", state),
        _Step(RELAX),
        _Step("Grad"),
        _Step("State"),
        _Step(TO_THE_WORD),
        _Step("Tuition"),
    ]


def _cells(programs: Sequence[Program], make: Callable[[Program], Text]) -> list[Text]:
    return [make(p) for p in programs]


def programs_table(
    matches: Sequence[Evaluation],
    meta: Meta,
    *,
    details: bool = False,
    personal: Sequence[PersonalScore] | None = None,
    explain: bool = False,
    heading: str | None = None,
    notes: Sequence[str] = (),
) -> Stack:
    """One row per program: rank, name, id, location, type, tuition, graduation rate, score.

    With ``details`` (detail criteria were given), a last column shows what
    matched for each program, or ``?`` where a criterion could not be checked.
    With ``personal`` scores, a first column shows each program's personal
    score (``*`` where a value was missing); with ``explain``, the table shows
    instead what each weighted field adds to it. ``notes`` go under the table.
    """
    programs = [e.program for e in matches]
    found = {e.program.id: e for e in matches}
    mine = {s.program.id: s for s in personal or ()}
    columns: list[_Column] = []
    if personal is not None:

        def yours(p: Program) -> Text:
            partial = any(c.missing for c in mine[p.id].contributions)
            return Text(score_text(mine[p.id].score) + ("*" if partial else ""))

        columns.append(_Column("Yours", _cells(programs, yours), "right", style="bold magenta"))
    if explain and personal:
        for index, contribution in enumerate(personal[0].contributions):

            def points(p: Program, index: int = index) -> Text:
                part = mine[p.id].contributions[index]
                return Text(f"{part.points:.1f}" + ("*" if part.missing else ""))

            columns.append(_Column(f"+{_SHORT_FIELD[contribution.field]}", _cells(programs, points), "right"))

    def rank(p: Program) -> Text:
        return Text((MISSING if p.rank is None else str(p.rank)) + ("?" if found[p.id].unknown else ""))

    columns += [
        _Column("#", _cells(programs, rank), "right", style="bold"),
        _Column(
            "Program", _cells(programs, lambda p: rich_text(p.name)), wraps=True, comfortable=26, relaxed=16
        ),
        # Ids of imported institutions can be long: they wrap after a hyphen, never inside a word.
        _Column(
            "ID",
            _cells(programs, lambda p: rich_text(p.id)),
            style="cyan",
            wraps=True,
            comfortable=20,
            relaxed=12,
        ),
    ]
    if not explain:  # an explained ranking needs the room for its contributions
        columns += [
            _Column(
                "Location", _cells(programs, lambda p: rich_text(p.location)), wraps=True, comfortable=14
            ),
            _Column("Type", _cells(programs, lambda p: rich_text(p.type))),
            _Column("Tuition", _cells(programs, lambda p: Text(money_text(p.tuition))), "right"),
            _Column("Grad", _cells(programs, lambda p: Text(percent_text(p.graduation_rate))), "right"),
            _Column("Score", _cells(programs, lambda p: Text(score_text(p.score))), "right"),
        ]
    if details:

        def what_matched(p: Program) -> Text:
            said = [
                f"{name}: ? not given"
                if values is None
                else "; ".join(values)
                if name == "search"  # each hit names its field already
                else f"{name}: {'; '.join(values)}"
                for name, values in found[p.id].matched.items()
            ]
            return rich_text("; ".join(said) or None)

        columns.append(_Column("Matched", _cells(programs, what_matched), wraps=True, comfortable=20))

    parts: list[RenderableType] = [RowTable(columns, _program_steps(programs)), source_note(meta)]
    if heading:
        parts.insert(0, Text(terminal_safe(heading), style="bold"))
    if personal is not None:
        note = (
            "Yours: your personal score, 0-100. Each weighted field is scaled from the worst (0) to the "
            "best (1) program listed; a missing value counts as the worst (marked *)."
        )
        parts.append(Text(note, style="dim"))
    parts.extend(note_lines(notes))
    return Stack(*parts)


_RIGHT = frozenset({"rank", "tuition", "graduation_rate", "score", "personal_score", *OUTCOME_DIRECTIONS})


def records_table(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> RowTable:
    """A table of the chosen fields, one row per program (for --fields), numbers as tables show them."""
    columns = []
    for name in fields:
        cells = [cell(_one_line(field_text(record, name))) for record in records]
        right = name in _RIGHT
        columns.append(_Column(name, cells, "right" if right else "left", wraps=not right, comfortable=12))
    return RowTable(columns)


def _one_line(display: str | None) -> str | None:
    return None if display is None else "; ".join(display.split("\n"))


def states_table(rows: Sequence[Mapping[str, Any]]) -> Stack:
    """The page's top-states rows beside the ranked programs' figures; a ≠ marks a disagreement."""

    def page_value(row: Mapping[str, Any], field: str, shown: str) -> Text:
        mark = "≠ " if field in row["disagree"] else ""
        return Text(mark + shown, style="bold yellow" if mark else "")

    def best(row: Mapping[str, Any]) -> Text:
        ranked = row["ranked"]
        return rich_text(f"{ranked['best']} (#{ranked['best_rank']})" if ranked["best"] else None)

    columns = [
        _Column("State", [rich_text(row["state"]) for row in rows], style="bold"),
        _Column("Page", [page_value(r, "programs", str(r["page"]["programs"])) for r in rows], "right"),
        _Column(
            "Page median",
            [page_value(r, "median_tuition", money_text(r["page"]["median_tuition"])) for r in rows],
            "right",
        ),
        _Column(
            "Page's top program",
            [page_value(r, "top_program", terminal_safe(r["page"]["top_program"])) for r in rows],
            wraps=True,
            comfortable=18,
        ),
        _Column("Ranked", [Text(str(r["ranked"]["programs"])) for r in rows], "right"),
        _Column(
            "Median",
            [
                Text(money_text(r["ranked"]["median_tuition"]) if r["ranked"]["programs"] else "—")
                for r in rows
            ],
            "right",
        ),
        _Column("Best ranked", [best(r) for r in rows], wraps=True, comfortable=12),
    ]
    legend = Text(
        "Page: the page's 'Top States' table (programs, median tuition, top program). Ranked: the "
        "25 ranked programs in that state. ≠: the page's count or median cannot hold with the ranked "
        "programs; its top program differs from the best ranked one (the page does not say what makes a "
        "program its top one). See mlprog sources.",
        style="dim",
    )
    # The best program's id is what a user types next: the other columns give way first.
    steps = [_Step(name) for name in (RELAX, TO_THE_WORD, "Median", "Page median", "Page's top program")]
    return Stack(RowTable(columns, steps, hint="Widen the window or use --json."), legend)
