"""The browser's other screens: the help, a program's full card, and the comparison grid.

Each shows a Rich renderable from :mod:`mlprog.render` (the same card and grid
as ``show`` and ``compare``), scrolls with the arrow and page keys, and closes
with escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class _Reading(ModalScreen[None]):
    """A screen that shows one renderable, scrolled by keyboard, closed with escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]
    DEFAULT_CSS = """
    _Reading { background: $surface; }
    _Reading > #title { height: 1; padding: 0 1; background: $boost; }
    _Reading > VerticalScroll { height: 1fr; padding: 0 1; }
    """

    def __init__(self, body: RenderableType, *, title: str) -> None:
        super().__init__()
        self.body = body
        self.title_text = title

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title_text, style="bold"), id="title")
        with VerticalScroll():
            yield Static(self.body, id="body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        """Scroll a line up or down."""
        scroll = self.query_one(VerticalScroll)
        if direction == "down":
            scroll.scroll_down()
        else:
            scroll.scroll_up()


class CardScreen(_Reading):
    """One program's full card, as ``mlprog show`` prints it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "close", "Close", show=False)]


class CompareScreen(_Reading):
    """The marked programs side by side, as ``mlprog compare`` prints them."""


class HelpScreen(_Reading):
    """The keys and what they do."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("question_mark", "close", "Close", show=False)]

    def __init__(self, keys: Sequence[tuple[str, str]]) -> None:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in keys:
            table.add_row(Text(key), Text(what))
        footer = Text(
            "\nThe rank and filter options of the command line choose the programs "
            "(mlprog browse --help). Escape closes this help.",
            style="dim",
        )
        super().__init__(Group(Text("Keys\n", style="bold"), table, footer), title="Help")
