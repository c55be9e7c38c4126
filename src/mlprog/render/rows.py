"""Listings with one row per program: the rank and filter tables, and --fields tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from ..formats import flatten
from ..model import Meta, Program
from ..query import Evaluation
from ..sanitize import terminal_safe
from .common import cell, money, percent, source_note, text

if TYPE_CHECKING:
    from ..ranking import PersonalScore


class _Column(NamedTuple):
    header: str
    cell: Callable[[Program], Text]
    justify: JustifyMethod = "left"
    no_wrap: bool = True
    style: str = ""


class _RowTable:
    """A one-row-per-program table, laid out here rather than by ``rich.table``.

    It looks like a ``box.SIMPLE_HEAD`` table, but lays out in about a fifth of
    the time, which every `mlprog rank` pays (see benchmarks/README.md). Figures
    and ids never wrap or get cut short; on a terminal too narrow for the natural
    widths, the wrappable columns (names, places) shrink and wrap instead.
    """

    GAP = 3  # spaces between columns
    EDGE = 2  # spaces before the first column and after the last

    def __init__(self, columns: Sequence[_Column], rows: Sequence[Sequence[Text]]) -> None:
        self.columns = columns
        self.rows = rows

    def _widths(self, max_width: int) -> list[int]:
        widths = [
            max([cell_len(column.header)] + [row[i].cell_len for row in self.rows])
            for i, column in enumerate(self.columns)
        ]
        excess = sum(widths) + self.GAP * (len(widths) - 1) + 2 * self.EDGE - max_width
        flexible = [i for i, column in enumerate(self.columns) if not column.no_wrap]
        # A wrappable column keeps room for its header and, up to 10 cells, its longest word.
        floors = {
            i: max(
                cell_len(self.columns[i].header),
                min(
                    10, max((cell_len(word) for row in self.rows for word in row[i].plain.split()), default=1)
                ),
            )
            for i in flexible
        }
        for minimum in (floors, dict.fromkeys(floors, 4)):  # words whole if possible; else 4 cells
            shrinking = list(flexible)
            while excess > 0 and shrinking:
                widest = max(shrinking, key=lambda i: widths[i])
                if widths[widest] <= minimum[widest]:
                    shrinking.remove(widest)
                    continue
                widths[widest] -= 1
                excess -= 1
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        widths = self._widths(options.max_width)
        edge = " " * self.EDGE
        gap = " " * self.GAP
        total = sum(widths) + self.GAP * (len(widths) - 1) + 2 * self.EDGE

        def joined(pieces: list[Text]) -> Text:
            # Laid out already: Rich must not wrap or trim it again.
            line = Text(edge) + Text(gap).join(pieces) + Text(edge)
            line.no_wrap, line.overflow = True, "ignore"
            return line

        yield Text("")
        header = [Text(c.header, style="bold") for c in self.columns]
        for pieces in self._lines(console, header, widths):
            yield joined(pieces)
        yield Text(" " + "─" * (total - 2) + " ")
        for row in self.rows:
            for pieces in self._lines(console, row, widths):
                yield joined(pieces)
        yield Text("")

    def _lines(self, console: Console, cells: Sequence[Text], widths: Sequence[int]) -> list[list[Text]]:
        """The cells of one row as lines of padded, styled pieces (wrapped where they must be)."""
        wrapped = []
        for content, width in zip(cells, widths, strict=True):
            wrapped.append([content] if content.cell_len <= width else list(content.wrap(console, width)))
        height = max(len(parts) for parts in wrapped)
        lines = []
        for number in range(height):
            pieces = []
            for column, parts, width in zip(self.columns, wrapped, widths, strict=True):
                piece = parts[number].copy() if number < len(parts) else Text("")
                piece.rstrip()
                padding = " " * (width - piece.cell_len)
                piece = Text(padding) + piece if column.justify == "right" else piece + Text(padding)
                if column.style:
                    piece.stylize_before(column.style)
                pieces.append(piece)
            lines.append(pieces)
        return lines


_SHORT_FIELD = {"graduation_rate": "grad", "tuition": "tuition", "score": "score", "rank": "rank"}


def programs_table(
    programs: Sequence[Program],
    meta: Meta,
    *,
    matches: Sequence[Evaluation] | None = None,
    personal: Sequence[PersonalScore] | None = None,
    explain: bool = False,
    heading: str | None = None,
) -> Group:
    """One row per program: rank, name, location, type, tuition, graduation rate, score.

    With ``matches`` (from a filter with detail criteria), a last column shows
    what matched for each program. With ``personal`` scores, a first column shows
    each program's personal score; with ``explain``, the table shows instead what
    each weighted field adds to it.
    """
    matched = {e.program.id: e.matched for e in matches or ()}
    mine = {s.program.id: s for s in personal or ()}
    columns: list[_Column] = []
    if personal is not None:
        columns.append(
            _Column(
                "Yours", lambda p: Text(f"{mine[p.id].as_dict()['score']:.1f}"), "right", style="bold magenta"
            )
        )
    if explain and personal:
        for index, contribution in enumerate(personal[0].contributions):

            def points(p: Program, index: int = index) -> Text:
                part = mine[p.id].contributions[index]
                return Text(f"{part.points:.1f}" + ("*" if part.missing else ""))

            columns.append(_Column(f"+{_SHORT_FIELD[contribution.field]}", points, "right"))
    columns += [
        _Column("#", lambda p: Text(str(p.rank)), "right", style="bold"),
        _Column("Program", lambda p: text(p.name), no_wrap=False),
        _Column("ID", lambda p: text(p.id), style="cyan"),
    ]
    if not explain:  # an explained ranking needs the room for its contributions
        columns += [
            _Column("Location", lambda p: text(p.location), no_wrap=False),
            _Column("Type", lambda p: text(p.type)),
            _Column("Tuition", lambda p: Text(money(p.tuition)), "right"),
            _Column("Grad", lambda p: Text(percent(p.graduation_rate)), "right"),
            _Column("Score", lambda p: Text(f"{p.score:g}"), "right"),
        ]
    if matches is not None:

        def what_matched(p: Program) -> Text:
            found = matched.get(p.id, {})
            return text("; ".join(f"{name}: {', '.join(values)}" for name, values in found.items()) or None)

        columns.append(_Column("Matched", what_matched, no_wrap=False))

    table = _RowTable(columns, [[column.cell(p) for column in columns] for p in programs])
    parts: list[RenderableType] = [table, source_note(meta)]
    if heading:
        parts.insert(0, Text(terminal_safe(heading), style="bold"))
    if personal is not None:
        note = (
            "Yours: your personal score, 0-100. Each weighted field is scaled from the worst (0) to the "
            "best (1) program listed; a missing value counts as the worst"
        )
        note += " (marked *)." if explain else "."
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def records_table(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> Table:
    """A plain table of the chosen fields, one row per program (for --fields)."""
    table = Table(box=box.SIMPLE_HEAD)
    for name in fields:
        numeric = name in {"rank", "tuition", "graduation_rate", "score"}
        table.add_column(name, justify="right" if numeric else "left", no_wrap=numeric)
    for record in records:
        table.add_row(*(cell(flatten(record.get(name)) or None) for name in fields))
    return table
