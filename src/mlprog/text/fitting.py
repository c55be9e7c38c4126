"""Fitting text to a terminal's width without splitting a word (standard library only).

A line may break after a run of spaces, after a hyphen inside a word
("Washington-" / "Seattle") or after a slash inside a path, and nowhere else; a
word longer than the whole width is shortened with "…" rather than split. The
Rich renderer (:mod:`mlprog.render`) and the plain-text outputs both use
:func:`line_spans`, so the rule is the same everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from typing import TextIO

ELLIPSIS = "…"
#: Narrower than this, nothing can be laid out sensibly; COLUMNS below it is raised to it.
MIN_WIDTH = 20
#: The widest width honoured; a larger COLUMNS is lowered to it.
MAX_WIDTH = 4096
#: Off a terminal, text is laid out at this width (or COLUMNS).
PAGE_WIDTH = 80

# After a hyphen or slash inside a word: never after a leading one ("--sponsorship", "/home").
_BREAK = re.compile(r"(?<=[^\s/-][-/])(?=[^\s/-])| +")
# A label, then two or more spaces, then its text: continuation lines line up with the text.
# Compiled when first used (re keeps it), as _QUOTED_COMMAND: the tables, which import this
# module, use neither.
_LABELLED = r"^(\s*\S.*?\s{2,})\S"


def text_width(text: str) -> int:
    """How many terminal cells a text takes: wide characters two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def columns_from_environment() -> int | None:
    """COLUMNS as a width mlprog can use (kept within limits), or None when unset or not a number."""
    raw = os.environ.get("COLUMNS", "").strip()
    if not raw.isdigit() or len(raw) > 6 or int(raw) == 0:  # 0 says nothing: as if unset
        return None
    return max(MIN_WIDTH, min(int(raw), MAX_WIDTH))


def output_width(stream: TextIO) -> int:
    """The width to lay plain lines out at: COLUMNS, else the terminal's.

    Off a terminal with no COLUMNS, lines are not wrapped at all: each stays
    one record (a field, a path, a problem) for grep and cut.
    """
    width = columns_from_environment()
    if width is not None:
        return width
    if stream.isatty():
        return max(MIN_WIDTH, min(shutil.get_terminal_size().columns, MAX_WIDTH))
    return MAX_WIDTH


def longest_word(text: str, measure: Callable[[str], int] = text_width) -> int:
    """The width of the longest piece of the text that cannot be broken."""
    return max((measure(piece) for piece in _BREAK.split(text) if piece), default=0)


def line_spans(
    text: str, width: int, measure: Callable[[str], int] = text_width
) -> list[tuple[int, int, bool]]:
    """Where one line of text breaks: (start, end, shortened) for each line of at most width cells.

    ``shortened`` marks a line holding a single word too long for the width,
    which the caller shows cut short with "…".
    """
    return list(_spans(text, width, measure))


def _spans(text: str, width: int, measure: Callable[[str], int]) -> Iterator[tuple[int, int, bool]]:
    """line_spans one line at a time, for a caller that needs only the first."""
    end_of_text = len(text.rstrip(" "))
    start = _skip_spaces(text, 0)
    while start < len(text):
        if _fits(text, start, end_of_text, width, measure):
            yield start, end_of_text, False
            return
        best = None
        for match in _BREAK.finditer(text, start + 1):
            end = match.start() if match.group().startswith(" ") else match.end()
            if measure(text[start:end]) > width:
                break
            best = end
        if best is None:  # a single word wider than the line
            following = _BREAK.search(text, start + 1)
            end = (
                len(text)
                if following is None
                else following.start()
                if following.group().startswith(" ")
                else following.end()
            )
            yield start, end, True
        else:
            yield start, best, False
            end = best
        start = _skip_spaces(text, end)


def _fits(text: str, start: int, end: int, width: int, measure: Callable[[str], int]) -> bool:
    """Whether text[start:end] takes at most width cells, measuring no more of it than needed.

    Measuring all the rest of a long text for every line made laying it out
    quadratic. No character takes less than nothing, so a piece wider than the
    width settles it; a piece of width + 1 characters nearly always does, and
    only text of zero-width characters needs a longer one (doubled each time).
    """
    length = max(1, width + 1)
    while start + length < end:
        if measure(text[start : start + length]) > width:
            return False
        length *= 2
    return measure(text[start:end]) <= width


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] == " ":
        position += 1
    return position


def shorten(text: str, width: int, measure: Callable[[str], int] = text_width) -> str:
    """The text cut to at most width cells, ending in "…" when anything was cut."""
    if measure(text) <= width:
        return text
    while text and measure(text) > width - 1:
        text = text[:-1]
    return text + ELLIPSIS


class Paragraph(str):
    """A line of prose: its continuation lines align with its first, indented or not.

    Other indented lines are items of a list, whose continuation lines hang
    further in (see :func:`fit_line`).
    """

    __slots__ = ()


def fit_line(line: str, width: int) -> list[str]:
    """A plain line as lines of at most width cells, continuation lines indented under its text.

    A ``label  text`` line continues under its text; a :class:`Paragraph` under
    its first line; any other indented line (an item of a list) two spaces
    further in than its first; any other line at the margin.
    """
    if text_width(line) <= width:
        return [line.rstrip(" ")]
    leading = len(line) - len(line.lstrip(" "))
    labelled = None if isinstance(line, Paragraph) else re.match(_LABELLED, line)
    if isinstance(line, Paragraph):
        indent = leading
    else:
        indent = len(labelled.group(1)) if labelled else leading + 2 if leading else 0
    if indent > width // 2:
        indent = min(4, width // 4)
    lines: list[str] = []
    position = 0  # the first line keeps its own start; the rest hang at the indent
    first = line[: labelled.end(1)] if labelled else line[:leading]
    body = line[len(first) :]
    first_span = next(_spans(body, width - len(first), text_width), None)
    if first_span is not None:
        start, end, cut = first_span
        piece = body[start:end]
        lines.append((first + (shorten(piece, width - len(first)) if cut else piece)).rstrip(" "))
        position = _skip_spaces(body, end)
    rest = body[position:]
    for start, end, cut in line_spans(rest, width - indent):
        piece = rest[start:end]
        lines.append((" " * indent + (shorten(piece, width - indent) if cut else piece)).rstrip(" "))
    return lines or [line[:width].rstrip(" ")]


def chart_size(width: int | None, height: int | None) -> tuple[int, int, int | None]:
    """A chart's width and plot height: as asked, else the terminal's (COLUMNS first), else 80 by 16;
    and, when the height is the terminal's, the terminal's lines, which the whole chart
    (title, legend and notes with the plot) must fit in. None: no height to fit."""
    import sys

    columns = columns_from_environment()
    terminal = sys.stdout.isatty()
    size = shutil.get_terminal_size() if terminal else None
    if width is None:
        width = columns or (min(size.columns, MAX_WIDTH) if size else PAGE_WIDTH)
    screen = size.lines if size and height is None else None
    if height is None:
        height = max(8, min(size.lines - 10, 40)) if size else 16
    return max(40, width), height, screen


def fit_message(line: str, width: int) -> list[str]:
    """A line of a message (an error or a note on stderr) as lines of at most width cells.

    Unlike :func:`fit_line`, a message breaks only at spaces and never shortens:
    a path, a value or a command in it is copied and pasted, so it stays whole
    on one line, alone on a line of its own if it is wider than the terminal.
    An indented line (an item of a list) continues two spaces further in.
    """
    if text_width(line) <= width:
        return [line.rstrip(" ")]
    leading = len(line) - len(line.lstrip(" "))
    indent = min(leading + 2, width // 4) if leading else 0
    lines: list[str] = []
    current, current_width = line[:leading], leading
    for word in _message_words(line[leading:], width - indent):
        size = text_width(word)
        if current.strip() and current_width + 1 + size > width:
            lines.append(current)
            current, current_width = " " * indent + word, indent + size
        elif current.strip():
            current, current_width = f"{current} {word}", current_width + 1 + size
        else:
            current, current_width = current + word, current_width + size
    lines.append(current)
    return lines


#: A command a message quotes for the reader to type ('mlprog apply set ...'), kept on one line.
_QUOTED_COMMAND = r"'mlprog [^']*'\S*"


def _message_words(text: str, room: int) -> list[str]:
    """The words a message breaks between: at spaces, but a quoted command that fits a line
    whole is one word (it is copied and pasted; split, its halves are two wrong commands)."""
    words: list[str] = []
    position = 0
    for match in re.finditer(_QUOTED_COMMAND, text):
        if text_width(match.group()) > room or (match.start() and text[match.start() - 1] != " "):
            continue
        words += filter(None, text[position : match.start()].split(" "))
        words.append(match.group())
        position = match.end()
    words += filter(None, text[position:].split(" "))
    return words


def message_width(stream: TextIO) -> int | None:
    """The width to wrap messages on this stream at, or None for no wrapping.

    On a terminal, its width (COLUMNS first), so that the terminal never breaks
    a word. Piped or redirected with no COLUMNS, a message is not wrapped: each
    stays one line for grep and for a log, and whatever shows the log wraps it
    to its own width.
    """
    width = columns_from_environment()
    if width is not None:
        return width
    if not stream.isatty():
        return None
    try:  # this stream's own terminal: stdout may be piped while stderr is on the screen
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = shutil.get_terminal_size().columns
    return max(MIN_WIDTH, min(columns or PAGE_WIDTH, MAX_WIDTH))


def fitted_message(message: str, stream: TextIO) -> str:
    """A message (one or more lines) laid out for a stream, ending in a newline."""
    width = message_width(stream)
    lines = message.rstrip("\n").split("\n")
    if width is None:
        return "\n".join(line.rstrip(" ") for line in lines) + "\n"
    return "\n".join(piece for line in lines for piece in fit_message(line, width)) + "\n"
