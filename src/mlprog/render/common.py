"""What every table and card shares: the console, untrusted text, wrapping, and how numbers read.

One number style everywhere people read: money ``$62,260``, percentages
``98%``, scores with one decimal ``94.4``, durations ``2.5 years``, and ``—``
for what the source does not give (JSON keeps the raw numbers).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from ..formats import flatten, reader_gone
from ..model import Meta
from ..text import fitting as textfit
from ..text.sanitize import terminal_safe

if TYPE_CHECKING:
    # Rich's console is imported where a result is drawn with it (see make_console): a table
    # piped elsewhere is written without it (see mlprog.render.plain).
    from rich.console import Console, ConsoleOptions, RenderableType

#: Off a terminal, one-row-per-program tables may be this wide, so no row ever wraps.
PIPE_WIDTH = textfit.MAX_WIDTH
#: Off a terminal, cards and grids are laid out at this width (or COLUMNS).
PAGE_WIDTH = textfit.PAGE_WIDTH
#: Text longer than this is shortened for display (JSON keeps it whole).
MAX_SHOWN = 2000
MISSING = "—"
BEST_MARK = "★"


def make_console(stream: TextIO | None = None, *, no_color: bool = False, wide: bool = False) -> Console:
    """A console for stdout (or stream), as wide as the terminal or COLUMNS says.

    Off a terminal with no COLUMNS, a ``wide`` console (for one-row-per-program
    tables) wraps nothing, so each program stays on one line for grep and cut;
    any other is 80 columns. Colour follows Rich's rules (off when not a
    terminal, with ``NO_COLOR`` or ``TERM=dumb``, on with ``FORCE_COLOR``), and
    ``no_color`` turns it off.
    """
    out = stream if stream is not None else sys.stdout
    width = textfit.columns_from_environment()
    if width is None and not out.isatty():
        width = PIPE_WIDTH if wide else PAGE_WIDTH
    from rich.console import Console

    class _Console(Console):
        """A console that ends quietly, with success, when its reader goes (``| head``), as JSON does."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            reader_gone()

    return _Console(
        file=out,
        width=width,
        color_system=None if no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )


class Trimmed:
    """A renderable with the spaces at the end of each of its lines taken off.

    One that draws its lines with :func:`drawn` alone, which takes them off itself, says so
    with a true ``trimmed`` attribute and is drawn as it is: that saves Rich a pass over
    every line.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for line in console.render_lines(self.renderable, options, pad=False, new_lines=False):
            yield from _without_trailing_spaces(line)
            yield Segment.line()


def _without_trailing_spaces(line: list[Segment]) -> list[Segment]:
    kept = list(line)
    while kept:
        last = kept[-1]
        if last.control:
            break
        stripped = last.text.rstrip(" ")
        if stripped:
            kept[-1] = Segment(stripped, last.style, last.control)
            break
        kept.pop()
    return kept


def rich_text(value: str | None, style: str = "") -> Text:
    """Untrusted text as Rich Text: controls made visible, never markup; a dash when empty."""
    if not value:
        return Text(MISSING, style="dim")
    if len(value) > MAX_SHOWN:  # a runaway value must not take a terminal's worth of time to lay out
        value = value[:MAX_SHOWN] + textfit.ELLIPSIS
    return Text(terminal_safe(value), style=style)


def money_text(amount: int | None) -> str:
    """Whole US dollars with thousands separators: ``$62,260``; a loss as ``-$4,235``."""
    if amount is None:
        return MISSING
    # The sign goes before the dollar sign: "$-4,235" reads as a typo.
    return f"-${-amount:,}" if amount < 0 else f"${amount:,}"


def ranked(rank: int | None, unranked: str = MISSING) -> str:
    """A rank as the page writes it, ``#4``; ``unranked`` for an institution it does not rank."""
    return unranked if rank is None else f"#{rank}"


def rank_prefix(rank: int | None) -> str:
    """What stands before a name in a heading: ``#4 ``, or nothing for an unranked institution."""
    return "" if rank is None else f"#{rank} "


def percent_text(value: int | None) -> str:
    """A whole percent, or a dash where the source gives none."""
    return MISSING if value is None else f"{value}%"


def score_text(value: float | None) -> str:
    """A score with one decimal: ``94.4``, ``64.0``."""
    return MISSING if value is None else f"{value:.1f}"


def years_text(low: float, high: float) -> str:
    """A span of years: ``2 years``, ``1.5–2 years``, ``1 year``."""
    if low == high:
        return f"{low:g} year" + ("" if low == 1 else "s")
    return f"{low:g}–{high:g} years"


def source_note(meta: Meta, prefix: str = "") -> Text:
    """The legend of the dash and the source's citation, under a table."""
    note = f"{prefix}{MISSING} = not given by the source. Source: {terminal_safe(meta.citation())}."
    return Text(note, style="dim")


def notes(lines: Sequence[str]) -> list[Text]:
    """Notes under a table, dim (they may hold ids from a data file: made safe)."""
    return [Text(terminal_safe(line), style="dim") for line in lines]


def field_text(record: Mapping[str, Any], field: str) -> str | None:
    """A field of a program record as display text (lists one item a line); None where empty."""
    if field == "location":
        return ", ".join(str(part) for part in (record.get("city"), record.get("state")) if part) or None
    value = record.get(field)
    if value is None or value in ([], ""):
        return None
    if field in (
        "tuition",
        "tuition_per_year",
        "earnings_1yr",
        "earnings_4yr",
        "earnings_5yr",
        "debt_median",
        "all_in_cost",
    ):
        return money_text(value)
    if field == "debt_to_earnings":
        return f"{value:.2f}x"
    if field == "graduation_rate":
        return percent_text(value)
    if field in ("score", "personal_score"):
        return score_text(value)
    if field == "rank":
        return f"#{value}"
    if isinstance(value, list):
        # Labs and degrees show by name in a grid; the card has the details.
        return "\n".join(str(item["name"]) if isinstance(item, dict) else flatten(item) for item in value)
    return flatten(value)


class Bulleted:
    """Lines as a list whose wrapped lines hang under their first word.

    Laid out here (with :func:`wrap`) rather than as a nested ``Table.grid``,
    which costs several times as much to measure and draw inside a table.
    """

    def __init__(self, lines: Sequence[tuple[str, Text]]) -> None:
        self.lines = lines
        self.indent = max((cell_len(marker) for marker, _ in lines), default=0) + 1

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest_word = max((longest_word(line.plain) for _, line in self.lines), default=0)
        widest_line = max((line.cell_len for _, line in self.lines), default=0)
        return Measurement(self.indent + widest_word, self.indent + widest_line).clamp(
            max_width=options.max_width
        )

    def texts(self, width: int) -> Iterator[Text]:
        """Its lines at this width, each as wide as the width at most."""
        room = max(1, width - self.indent)
        for marker, line in self.lines:
            for number, piece in enumerate(wrap(line, room)):
                lead = marker.ljust(self.indent) if number == 0 else " " * self.indent
                yield Text(lead) + piece

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        # The segments Rich draws each line as, without wrapping again a line that fits (as drawn).
        width = options.max_width
        for line in self.texts(width):
            if cell_len(line.plain) > width:  # a marker wider than the width: Rich crops it
                yield from console.render(line, options)
                continue
            yield from Text("\n").join([line]).render(console)
            yield Segment.line()


def bulleted(lines: Sequence[Text | tuple[str, Text]], bullet: str = "•") -> Bulleted:
    """Lines as a list whose wrapped lines stay indented under their first word.

    A line may bring its own marker as a ``(marker, line)`` pair.
    """
    return Bulleted([line if isinstance(line, tuple) else (bullet, line) for line in lines])


def cell(display: str | None) -> Text:
    """A table cell of display text (lines kept), or a dimmed dash."""
    if display is None:
        return Text(MISSING, style="dim")
    return Text("\n").join(rich_text(line) for line in display.split("\n"))


# --- lines laid out by hand ------------------------------------------------------------
#
# Rich's tables measure, lay out and pad every cell, and Rich wraps every line it is given
# again: for the grids of 25 programs (payoff, cost) that took most of the command's time.
# These lay out the same lines as a ``Table.grid`` would, and hand Rich lines that fit.


class LaidOut:
    """A renderable that lays out its own lines (:meth:`lines`), drawn with :func:`drawn`."""

    trimmed = True  # drawn trims every line: nothing for Trimmed to do
    #: Whether :meth:`lines` never uses its console (it is given None off a terminal: see
    #: mlprog.render.plain, which writes such a drawing without Rich's console).
    plain = False

    def lines(self, console: Console, width: int) -> Iterator[Text]:
        """The lines, each at most ``width`` cells where it can be."""
        raise NotImplementedError

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        yield from drawn(self.lines(console, options.max_width), console, options)


def drawn(lines: Iterable[Text], console: Console, options: ConsoleOptions) -> Iterator[Segment]:
    """Lines as Rich draws each as a renderable of its own (with no spaces at their ends: see
    :class:`Trimmed`), without wrapping again one that fits the width; one that does not (a
    heading wider than a narrow terminal) Rich wraps."""
    width = options.max_width
    styled = console.color_system is not None  # with none, Rich writes no style: the text is all
    for line in lines:
        plain = line.plain
        if "\n" in plain or "\t" in plain or cell_len(plain) > width:
            for wrapped in console.render_lines(line, options, pad=False, new_lines=False):
                yield from _without_trailing_spaces(wrapped)
                yield Segment.line()
            continue
        kept = plain.rstrip(" ")
        if not styled:
            yield Segment(kept + "\n")
            continue
        if line.style:  # Text.render leaves a line's own style to what lays it out, as a span
            line = Text().join([line])  # noqa: PLW2901 (a copy: the caller's line is left as it was)
        if len(kept) < len(plain):
            line = line.copy()  # noqa: PLW2901
            line.right_crop(len(plain) - len(kept))
        yield from line.render(console)
        yield Segment.line()


def labelled(
    rows: Iterable[tuple[Text, Text]],
    console: Console,
    width: int,
    *,
    indent: int,
    gap: int,
    label_width: int = 0,
    wraps: bool = True,
) -> Iterator[Text]:
    """Rows of a label and its text as a ``Table.grid`` of a label column (never wrapped) and
    a text column draws them, ``indent`` cells in and ``gap`` apart: each text wrapped in the
    rest of the width (a word too long for it cut with "…"), continuation lines under it.
    Not ``wraps``, a text is one line, cut with "…" where the width is too narrow for it."""
    rows = list(rows)
    label_width = max([label_width, *(label.cell_len for label, _ in rows)])
    room = max(1, width - indent - label_width - gap)
    lead, blank = Text(" " * indent), " " * (label_width + gap)
    for label, text in rows:
        if wraps and (text.cell_len > room or "\n" in text.plain):
            pieces = list(text.wrap(console, room, overflow="ellipsis"))
        elif text.cell_len > room:
            pieces = [text.copy()]
            pieces[0].truncate(room, overflow="ellipsis")
        else:
            pieces = [text]
        for number, piece in enumerate(pieces):
            line = lead.copy()
            if number == 0:
                line.append_text(label)
                line.append(" " * (label_width - label.cell_len + gap))
            else:
                line.append(blank)
            line.append_text(piece)
            yield line


#: Under a grid where a program states no length.
NO_DURATION = "No duration stated by the program: the typical one is assumed."


def assumption_lines(notes: Iterable[tuple[str, Text]], console: Console, width: int) -> Iterator[Text]:
    """The assumptions under a grid (cost's, payoff's): a heading, then each label and its text."""
    yield Text("")
    yield Text("Assumptions:", style="bold")
    rows = ((rich_text(label, "bold"), text) for label, text in notes)
    yield from labelled(rows, console, width, indent=2, gap=2)


def sourced(text: str, source: str) -> Text:
    """An assumption's text, with its source under it, dim."""
    return rich_text(text) + Text(f"\nSource: {terminal_safe(source)}", style="dim")


# --- wrapping between words ------------------------------------------------------------


def longest_word(plain: str) -> int:
    """The width of the longest piece of text that cannot be broken."""
    return textfit.longest_word(plain, cell_len)


class Hyphenated:
    """An id or a name in a Rich table: whole when it fits, else broken between words and after
    hyphens, never inside a word (Rich breaks only at spaces, and cuts a long word).

    The imported institutions' ids (``very-long-institution-name-901``) are longer
    than any column a narrow table can give them, and Rich breaks only at spaces.
    """

    def __init__(self, value: str, style: str = "") -> None:
        self.content = rich_text(value, style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.content.plain
        parts = textfit.line_spans(plain, 1, cell_len)  # one piece per hyphenated part
        narrowest = max((cell_len(plain[start:end]) for start, end, _ in parts), default=0)
        return Measurement(narrowest, self.content.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in wrap(self.content, options.max_width):
            line.no_wrap, line.overflow = True, "ignore"
            yield line


def wrap(content: Text, width: int) -> list[Text]:
    """Lines of at most ``width`` cells, broken only between words, after a hyphen or a slash.

    A word longer than the width is shortened with "…" rather than split.
    """
    lines: list[Text] = []
    for paragraph in content.split("\n"):
        for start, end, shortened in textfit.line_spans(paragraph.plain, width, cell_len):
            piece = paragraph[start:end]
            piece.rstrip()
            if shortened:
                piece.truncate(max(1, width), overflow="ellipsis")
            lines.append(piece)
    return lines or [Text("")]
