"""A card's body laid out by hand: pieces drawn at their indents, labels beside their values.

The card (:mod:`.cards`) was a ``Group`` of ``Padding`` around each section,
``Table.grid`` for its figures, in a ``Panel``: Rich passed every line through
each of them, and drawing ``show cmu`` took more instructions (82 M) than
importing Rich (65 M). These draw the same lines, in colour too (tests/test_laid_out.py
compares them with Rich's), and leave to Rich what is not simple.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from .common import Bulleted

#: A piece of a card's body: how far in it is drawn, and what (None: a blank line).
Piece = tuple[int, "RenderableType | None"]

if TYPE_CHECKING:
    from rich.table import Table


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

    def lines(self, console: Console, options: ConsoleOptions) -> Iterator[list[Segment]]:
        """Its lines at the width (not padded to it)."""
        width = options.max_width
        for indent, part in self.pieces:
            if part is None:
                yield []
                continue
            lead = Segment(" " * indent)
            for line in _lines(part, console, options.update_width(width - indent)):
                yield [lead, *line]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        new_line = Segment.line()
        for line in self.lines(console, options):
            yield from line
            yield new_line


#: Narrower than this, the frame is Rich's own (it has no room for a line of the body).
NARROWEST = 8


class FramedCard:
    """A card's body in its frame, at most ``width`` cells wide: what
    ``Constrain(Panel(body, title=title, title_align="left", subtitle=subtitle, expand=False), width)``
    draws, with the body's lines framed as they come rather than passed through the panel's
    padding and the panel. Every line ends with the frame: nothing for Trimmed to take off."""

    trimmed = True

    def __init__(self, body: CardBody, title: Text, subtitle: Text, width: int) -> None:
        self.body, self.title, self.subtitle, self.width = body, title, subtitle, width

    def rich(self) -> RenderableType:
        """The same card as Rich's panel (measured with it, and drawn with it at a fixed height)."""
        from rich.constrain import Constrain
        from rich.panel import Panel

        panel = Panel(self.body, title=self.title, title_align="left", subtitle=self.subtitle, expand=False)
        return Constrain(panel, self.width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.rich())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if options.height is not None or options.max_width < NARROWEST:  # left to Rich's panel
            yield from console.render(self.rich(), options)
            return
        from rich.box import ROUNDED
        from rich.padding import Padding

        options = options.update_width(min(self.width, options.max_width))
        width = options.max_width
        box = ROUNDED.substitute(options, safe=console.safe_box)
        title, subtitle = _heading(self.title), _heading(self.subtitle)
        inner = console.measure(Padding(self.body, (0, 1)), options=options.update_width(width - 2)).maximum
        inner = min(width - 2, max(inner, title.cell_len + 2))
        width = inner + 2
        child = options.update(width=inner, height=None, highlight=False)
        new_line = Segment.line()
        edge = (box.top_left, box.top, box.top_right, box.get_top([width - 2]))
        yield from _edge(edge, title, "left", width, console, child)
        yield new_line
        left, right = Segment(box.mid_left + " "), Segment(" " + box.mid_right)
        adjust = Segment.adjust_line_length
        for line in self.body.lines(console, child.update_width(inner - 2)):
            yield left
            yield from adjust(line, inner - 2) if line else [Segment(" " * (inner - 2))]
            yield right
            yield new_line
        edge = (box.bottom_left, box.bottom, box.bottom_right, box.get_bottom([width - 2]))
        yield from _edge(edge, subtitle, "center", width, console, child)
        yield new_line


def _edge(
    edge: tuple[str, str, str, str],
    text: Text,
    align: str,
    width: int,
    console: Console,
    options: ConsoleOptions,
) -> Iterator[Segment]:
    """The frame's top or bottom (left corner, fill, right corner, and the plain rule for a
    frame too narrow for a title) with its title set in it, as Panel draws it."""
    left, fill, right, plain = edge
    if width <= 4:
        yield Segment(plain)
        return
    yield Segment(left + fill)
    yield from console.render(_aligned(text, width - 4, align, fill, console), options)
    yield Segment(fill + right)


def _heading(text: Text) -> Text:
    """A panel's title or subtitle, as Panel makes it: on one line, a space either side."""
    heading = text.copy()
    heading.end = ""
    heading.plain = heading.plain.replace("\n", " ")
    heading.no_wrap = True
    heading.expand_tabs()
    heading.pad(1)
    return heading


def _aligned(text: Text, width: int, align: str, character: str, console: Console) -> Text:
    """The heading in the frame's top or bottom line, as Panel aligns it."""
    text = text.copy()
    text.truncate(width)
    excess = width - cell_len(text.plain)
    if text.style:
        text.stylize(console.get_style(text.style))
    if not excess:
        return text
    if align == "left":
        return Text.assemble(text, (character * excess, Style.null()), no_wrap=True, end="")
    half = excess // 2
    return Text.assemble(
        (character * half, Style.null()),
        text,
        (character * (excess - half), Style.null()),
        no_wrap=True,
        end="",
    )


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
        """The same rows as Rich's grid (Rich's table is imported only for it: a card of plain
        rows, most cards, never loads it)."""
        from rich.table import Table

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
                wrapped = value.wrap(console, value_width, justify=self.justify, overflow="ellipsis")
                pieces = [line.plain.rstrip() for line in wrapped]
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
