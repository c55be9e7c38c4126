"""A table piped elsewhere (``mlprog rank | grep CA``), written without Rich's console.

Off a terminal Rich writes no style, so a drawing made only of lines laid out
by hand (:class:`~.common.LaidOut` with ``plain``) and one-line notes is the
same text whoever writes it. Importing Rich's console is about a fifth of such
a run, so :func:`plain_lines` gives those lines, and None for anything Rich must
lay out itself: a note wider than the width, a tab, a justified line, any other
renderable, or a terminal (tests/test_plain.py compares both ways, line for line).
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from rich.cells import cell_len
from rich.text import Text

from ..text import fitting as textfit
from .common import PAGE_WIDTH, PIPE_WIDTH, LaidOut

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType


class Stack:
    """Renderables one under the other: Rich's ``Group``, which needs Rich's console imported."""

    def __init__(self, *renderables: RenderableType) -> None:
        self.renderables = list(renderables)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        yield from self.renderables


def plain_lines(drawing: Any, *, wide: bool, stream: TextIO | None = None) -> list[str] | None:
    """The lines Rich would write of this drawing to a stream that is not a terminal, or None
    where it must draw them (see the module's notes)."""
    out = stream if stream is not None else sys.stdout
    if not _off_terminal(out):
        return None
    width = textfit.columns_from_environment() or (PIPE_WIDTH if wide else PAGE_WIDTH)
    lines = []
    for part in drawing.renderables if isinstance(drawing, Stack) else [drawing]:
        if isinstance(part, LaidOut) and part.plain:
            pieces = list(part.lines(None, width))  # type: ignore[arg-type]  # plain: it uses none
        elif isinstance(part, Text):
            pieces = [part]
        else:
            return None
        for piece in pieces:
            text = piece.plain
            if "\n" in text or "\t" in text or piece.justify not in (None, "default"):
                return None
            if cell_len(text) <= width:
                # A laid-out line Rich writes as it is; a note it wraps even when it fits, which
                # takes whitespace past the width (in characters: a zero-width one counts) off.
                wrapped_by_rich = isinstance(part, Text) and not piece.no_wrap and piece.overflow != "ignore"
                lines.append(_ended(text, width) if wrapped_by_rich else text.rstrip(" "))
            elif _wraps(piece) and (wrapped := _wrapped(text, width)) is not None:
                lines.extend(wrapped)  # a note, wrapped between words as Rich wraps it
            else:
                return None
    return lines


def _wraps(piece: Text) -> bool:
    """Whether Rich wraps this line between words when it is too long (no other setting)."""
    return not piece.no_wrap and piece.overflow in (None, "fold")


def _wrapped(text: str, width: int) -> list[str] | None:
    """A note's lines as Rich wraps it at this width (its own rule, ``divide_line``), or None
    where a word is wider than the width (Rich folds it)."""
    from rich._wrap import divide_line, words

    if any(cell_len(word.rstrip()) > width for _, _, word in words(text)):
        return None
    breaks = [0, *divide_line(text, width), len(text)]
    return [_ended(text[start:end], width) for start, end in itertools.pairwise(breaks)]


def _ended(line: str, width: int) -> str:
    """A wrapped line's end as Rich leaves it (``Text.wrap``): the whitespace past the width
    taken off, counted in characters (``rstrip_end``), which need not be spaces (a no-break
    space, an ideographic one); the line cut at the width (a wide space at its end); then
    the spaces at its end (:class:`~.common.Trimmed`)."""
    if len(line) > width:
        trailing = len(line) - len(line.rstrip())
        line = line[: len(line) - min(trailing, len(line) - width)]
    if cell_len(line) > width:
        from rich.cells import set_cell_size

        line = set_cell_size(line, width)
    return line.rstrip(" ")


def _off_terminal(out: TextIO) -> bool:
    """Whether Rich would take this stream for no terminal, with nothing telling it otherwise."""
    if "TTY_COMPATIBLE" in os.environ or os.environ.get("FORCE_COLOR"):
        return False
    try:
        return not out.isatty()
    except ValueError:  # closed: Rich decides
        return False
