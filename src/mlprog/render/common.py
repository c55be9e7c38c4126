"""What every table and card shares: the console, untrusted text, and how numbers read."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from ..formats import flatten
from ..model import Meta
from ..sanitize import terminal_safe

PIPE_WIDTH = 4096
MISSING = "—"
BEST_MARK = "★"


def make_console(stream: TextIO | None = None, *, no_color: bool = False) -> Console:
    """A console for stdout (or stream) that wraps nothing when it is not a terminal.

    Colour follows Rich's rules (off when not a terminal, with ``NO_COLOR`` or
    ``TERM=dumb``, on with ``FORCE_COLOR``), and ``no_color`` turns it off.
    """
    out = stream if stream is not None else sys.stdout
    width: int | None = None
    if not out.isatty() and not os.environ.get("COLUMNS"):
        width = PIPE_WIDTH
    return Console(
        file=out,
        width=width,
        color_system=None if no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )


def text(value: str | None, style: str = "") -> Text:
    """Untrusted text as Rich Text: controls made visible, never markup; a dash when empty."""
    return Text(terminal_safe(value) if value else MISSING, style=style if value else "dim")


def money(amount: int | None) -> str:
    """Whole US dollars with thousands separators: ``$62,260``."""
    return MISSING if amount is None else f"${amount:,}"


def percent(value: int | None) -> str:
    """A whole percent, or a dash where the source gives none."""
    return MISSING if value is None else f"{value}%"


def source_note(meta: Meta, prefix: str = "") -> Text:
    """The legend of the dash and the source's citation, under a table."""
    note = f"{prefix}{MISSING} = not given by the source. Source: {terminal_safe(meta.citation())}."
    return Text(note, style="dim")


def value_text(record: Mapping[str, Any], field: str) -> str | None:
    """A field of a program record as display text; None where it is empty."""
    if field == "location":
        return f"{record.get('city')}, {record.get('state')}"
    value = record.get(field)
    if value is None or value in ([], ""):
        return None
    if field == "tuition":
        return money(value)
    if field == "graduation_rate":
        return percent(value)
    if field == "rank":
        return f"#{value}"
    if isinstance(value, list):
        # Labs and degrees show by name in a grid; the card has the details.
        return "\n".join(str(item["name"]) if isinstance(item, dict) else flatten(item) for item in value)
    return flatten(value)


def cell(display: str | None) -> Text:
    """A table cell of display text (lines kept), or a dimmed dash."""
    if display is None:
        return Text(MISSING, style="dim")
    return Text("\n").join(Text(terminal_safe(line)) for line in display.split("\n"))
