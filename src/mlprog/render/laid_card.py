"""A card's body laid out by hand: pieces drawn at their indents, labels beside their values.

The card (:mod:`.cards`) was a ``Group`` of ``Padding`` around each section,
``Table.grid`` for its figures, in a ``Panel``: Rich passed every line through
each of them, and drawing ``show cmu`` took more instructions (82 M) than
importing Rich (65 M). These draw the same lines, in colour too (tests/test_laid_out.py
compares them with Rich's), and leave to Rich what is not simple.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .common import Bulleted

#: A piece of a card's body: how far in it is drawn, and what (None: a blank line).
Piece = tuple[int, "RenderableType | None"]


class CardBody:
    """A card's body as its pieces, each drawn at its indent: the same lines as a ``Group`` of
    ``Padding`` around each would give, without passing every line through each of them
    (nested, they took most of the time of drawing a card)."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces = pieces

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = options.max_width
        widest = 0
        for indent, part in self.pieces:
            if part is None:
                continue
            room = width - indent
            if room < 1:  # as Padding measures what has no room
                widest = width
                continue
            if isinstance(part, Text):
                natural = min(_longest_line(part.plain), room)
            elif isinstance(part, LabelGrid):
                natural = part.widest(console, options.update_width(room))
            else:
                natural = Measurement.get(console, options.update_width(room), part).maximum
            widest = max(widest, min(natural + indent, width))
        return Measurement(widest, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        new_line = Segment.line()
        for indent, part in self.pieces:
            if part is None:
                yield new_line
                continue
            lead = Segment(" " * indent)
            for line in _lines(part, console, options.update_width(width - indent)):
                yield lead
                yield from line
                yield new_line


class LabelGrid:
    """Labels and their values two cells apart, as ``Table.grid(padding=(0, 2))`` with a column
    each draws them (labels never wrapped, values wrapped in the rest of the width), laid out
    here where that is simple: plain labels and values, and room for the labels whole with
    values at least as wide. Anything else is left to Rich's table (:meth:`table`)."""

    def __init__(self, label_style: str = "", justify: Literal["left", "right"] = "left") -> None:
        self.label_style = label_style
        self.justify: Literal["left", "right"] = justify
        self.rows: list[tuple[Text, Text]] = []

    def add_row(self, label: str | Text, value: Text) -> None:
        """A label and its value."""
        self.rows.append((Text(label) if isinstance(label, str) else label, value))

    def table(self) -> Table:
        """The same rows as Rich's grid."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style=self.label_style or None)
        grid.add_column(justify=self.justify)
        for label, value in self.rows:
            grid.add_row(label, value)
        return grid

    def _plain(self) -> bool:
        return all(
            not text.style and not text.spans and "\t" not in text.plain for row in self.rows for text in row
        ) and all("\n" not in label.plain for label, _ in self.rows)

    def widest(self, console: Console, options: ConsoleOptions) -> int:
        """Its width, as Rich measures the grid."""
        if not self._plain():
            return Measurement.get(console, options, self.table()).maximum
        label_width = max(cell_len(label.plain) for label, _ in self.rows)
        value_width = max(_longest_line(value.plain) for _, value in self.rows)
        return min(label_width + 2 + value_width, options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = self.widest(console, options)
        return Measurement(widest, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for line in self.lines(console, options):
            yield from line
            yield Segment.line()

    def lines(self, console: Console, options: ConsoleOptions) -> Iterator[list[Segment]]:
        """Its lines at the width."""
        width = options.max_width
        label_width = max((cell_len(label.plain) for label, _ in self.rows), default=0)
        value_width = max((_longest_line(value.plain) for _, value in self.rows), default=0)
        if label_width + 2 + value_width > width:  # the values wrap in the rest of the width
            value_width = width - label_width - 2
            narrowed = value_width < max(1, label_width + 2)  # Rich would narrow the labels too
        else:
            narrowed = False
        if narrowed or not self._plain():
            yield from console.render_lines(self.table(), options, pad=False, new_lines=False)
            return
        style = console.get_style(self.label_style) if self.label_style else Style.null()
        gap, blank = Segment("  ", style), Segment(" " * (label_width + 2), style)
        for label, value in self.rows:
            plain = value.plain
            if "\n" not in plain and cell_len(plain) <= value_width:
                pieces = [plain.rstrip()]
            else:
                pieces = [line.plain.rstrip() for line in value.wrap(console, value_width, overflow="fold")]
            for number, piece in enumerate(pieces):
                room = " " * (value_width - cell_len(piece))
                shown = piece + room if self.justify == "left" else room + piece
                if number == 0:
                    yield [Segment(label.plain.ljust(label_width), style), gap, Segment(shown)]
                else:
                    yield [blank, Segment(shown)]


def _longest_line(plain: str) -> int:
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def _lines(part: RenderableType, console: Console, options: ConsoleOptions) -> Iterator[list[Segment]]:
    """The lines Rich draws ``part`` as at this width (a Text that fits, without wrapping it)."""
    if isinstance(part, LabelGrid):
        yield from part.lines(console, options)
        return
    if isinstance(part, Bulleted):
        for line in part.texts(options.max_width):
            yield from _lines(line, console, options)
        return
    if isinstance(part, Text):
        plain = part.plain
        if "\n" not in plain and "\t" not in plain and cell_len(plain) <= options.max_width:
            yield list(Text("\n").join([part]).render(console))
            return
    yield from console.render_lines(part, options, pad=False, new_lines=False)
