"""The browser: the ranking as a table, the highlighted program's card, and keys for everything.

The app takes plain data (a selection, a way to rank again by another
profile, the profiles' ids, the shortlist file), so that tests build it
directly and drive it with Textual's pilot. Text from data files is never
parsed as markup: every cell and line is a ``rich.text.Text`` made by
:func:`mlprog.render.common.rich_text`, and cards and grids come from
:func:`mlprog.render.draw`, as ``show`` and ``compare`` print them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from ..errors import MlprogError
from ..render import draw
from ..render.common import MISSING, money_text, percent_text, rich_text, score_text
from .screens import CardScreen, CompareScreen, HelpScreen
from .view import COLUMNS, KEYS, NAME_WIDTH, BrowseView, fitted_columns

if TYPE_CHECKING:
    from ..answers.selection import Selection
    from ..model import Program
    from ..page_sections import Career
    from ..weights import PersonalScore

#: Ranks the selection again by a profile id (None: no profile); a usage error if it cannot.
Reselect = Callable[[str | None], "Selection"]

#: Rows put in the table at once; more are added as the highlight nears the last of them, so
#: that a search over a hundred thousand programs lists its first rows at once.
ROWS_AT_ONCE = 60
#: The highlighted program stays highlighted when the list changes if it is among this many.
KEPT_WITHIN = 5 * ROWS_AT_ONCE
#: From this many programs on, the search's index is made in the background as the browser opens.
PREPARED_AHEAD = 2000
#: Share of the width the table may take when the card is beside it (see ``max-width``).
_WIDE_SHARE = 0.6
#: From this width on, the card is beside the table rather than under it.
SIDE_BY_SIDE = 120
MARK = "●"
SHORTLISTED = "✓"


class BrowseScreen(Screen[None]):
    """The main screen: status line, search box, table, card pane, footer."""

    # Help and Quit first: a narrow key bar shows the first keys and cuts the rest.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("q", "app.quit", "Quit"),
        Binding("slash", "search", "Search"),
        Binding("s", "sort", "Sort"),
        Binding("r", "reverse", "Reverse", show=False),
        Binding("a", "shortlist", "Shortlist"),
        Binding("m", "mark", "Mark"),
        Binding("space", "mark", "Mark", show=False),
        Binding("c", "compare", "Compare"),
        Binding("p", "profile", "Profile"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("escape", "leave_search", "Clear search", show=False),
        Binding("down", "leave_search(False)", show=False),
    ]
    DEFAULT_CSS = """
    BrowseScreen #status { height: 1; padding: 0 1; background: $boost; }
    BrowseScreen #search { height: 1; border: none; padding: 0 1; }
    BrowseScreen #body { layout: vertical; }
    BrowseScreen.-wide #body { layout: horizontal; }
    BrowseScreen #programs { height: 1fr; }
    BrowseScreen #detail { height: 1fr; border-top: solid $primary; padding: 0 1; }
    BrowseScreen.-wide #programs { width: auto; max-width: 60%; }
    BrowseScreen.-wide #detail { width: 1fr; border-top: none; border-left: solid $primary; }
    """

    def __init__(self, browser: BrowseApp) -> None:
        super().__init__()
        self.browser = browser
        self.view = browser.view
        self._room = NAME_WIDTH  # the name column's, for rows added as the highlight moves down
        self._keys: list[str] = [key for key, _ in COLUMNS]  # the columns shown

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        yield Input(placeholder="/ search: names, cities, labs, partners, faculty…", id="search")
        with Container(id="body"):
            table: DataTable[Text] = DataTable(id="programs", cursor_type="row", zebra_stripes=True)
            yield table
            with VerticalScroll(id="detail"):
                yield Static(id="card")
        yield Footer()

    def on_mount(self) -> None:
        self.fill_table()
        self.table.focus()
        if len(self.view.all) >= PREPARED_AHEAD:
            # Folding a large selection's text takes seconds: done while the user looks, so
            # that the first key typed in the search does not wait for it.
            threading.Thread(target=self.view.index.prepare, daemon=True).start()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= SIDE_BY_SIDE, "-wide")
        if self.is_mounted and self.view.programs():
            self.fill_table()  # names get the room the new width gives them

    def shown_columns(self) -> list[tuple[str, str]]:
        """The columns that fit the table's width (see :func:`.view.fitted_columns`); the name
        column's room is kept for the rows added as the highlight moves down."""
        width = self.size.width or 80
        if width >= SIDE_BY_SIDE:
            width = int(width * _WIDE_SHARE)
        columns, room = fitted_columns(width, self.view.longest_id, self.view.weighted)
        self._room = max(NAME_WIDTH, min(self.view.longest_name, room))
        return columns

    @property
    def table(self) -> DataTable[Text]:
        """The table of programs."""
        return self.query_one("#programs", DataTable)

    # --- the table ---------------------------------------------------------------

    def fill_table(self) -> None:
        """List the programs again (order, search or ranking changed), keeping the one highlighted."""
        table = self.table
        keep = self.browser.highlighted_id
        table.clear(columns=True)
        columns = self.shown_columns()
        self._keys = [key for key, _ in columns]
        for key, heading in columns:
            sorted_here = key == (self.view.sort or ("personal" if self.view.weighted else "rank"))
            arrow = (" ▴" if self.view.reverse else " ▾") if sorted_here else ""
            right = key not in ("flags", "name", "id", "state")
            table.add_column(Text(heading + arrow, justify="right" if right else "left"), key=key)
        programs = self.view.programs()
        self.add_rows(programs[:ROWS_AT_ONCE])
        # The highlighted program stays highlighted, unless it is far down a long list (the
        # rows above it would all have to be made first): then the list starts at the top.
        place = next((n for n, p in enumerate(programs[:KEPT_WITHIN]) if p.id == keep), None)
        if place is not None:
            self.add_rows(programs[table.row_count : place + 1])
            table.move_cursor(row=place)
        self.show_card(programs[table.cursor_row] if programs else None)
        self.show_status()

    def add_rows(self, programs: Sequence[Program]) -> None:
        """Put these programs in the table, after the rows it has."""
        unchecked, scores = self.view.unchecked, self.view.scores
        for program in programs:
            cells = self._cells(program, program.id in unchecked, scores.get(program.id), self._room)
            self.table.add_row(*cells, key=program.id)

    def more_rows(self, row: int) -> None:
        """Add the next rows once the highlight is near the last row listed."""
        table = self.table
        if row >= table.row_count - 10:
            self.add_rows(self.view.programs()[table.row_count : table.row_count + ROWS_AT_ONCE])

    def _cells(
        self, program: Program, unchecked: bool, personal: PersonalScore | None, room: int
    ) -> list[Text]:
        """A program's row; ``?`` after the rank and ``*`` after the score as `rank` marks them."""
        name = rich_text(program.name)
        name.truncate(room, overflow="ellipsis")
        cells = {
            "flags": self._flags(program.id),
            "rank": Text(
                f"{MISSING if program.rank is None else program.rank}{'?' if unchecked else ''}",
                justify="right",
            ),
            "name": name,
            "id": rich_text(program.id, "cyan"),
            "state": rich_text(program.state),
            "tuition": Text(money_text(program.tuition), justify="right"),
            "graduation_rate": Text(percent_text(program.graduation_rate), justify="right"),
            "score": Text(score_text(program.score), justify="right"),
        }
        if personal is not None:
            partial = "*" if any(c.missing for c in personal.contributions) else ""
            cells["personal"] = Text(f"{personal.score:.1f}{partial}", justify="right")
        else:
            cells["personal"] = Text(MISSING, justify="right")
        return [cells[key] for key in self._keys]

    def _flags(self, program_id: str) -> Text:
        marked = MARK if program_id in self.view.marked else " "
        listed = SHORTLISTED if program_id in self.browser.shortlisted else " "
        return Text(marked + listed, style="bold")

    def update_flags(self, program_id: str) -> None:
        """Show a program's mark and shortlist flags as they are now."""
        self.table.update_cell(program_id, "flags", self._flags(program_id))
        self.show_status()

    def show_status(self) -> None:
        """The status line: count, order, profile, marks."""
        self.query_one("#status", Static).update(Text(self.view.status(self.browser.profile)))

    def show_card(self, program: Program | None) -> None:
        """Put the program's card in the pane (or say that nothing matches)."""
        self.browser.highlighted_id = program.id if program else None
        card = self.query_one("#card", Static)
        if program is None:
            card.update(Text("No program matches; escape clears the search.", style="italic"))
            return
        card.update(self.browser.card(program))
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def current(self) -> Program | None:
        """The highlighted program."""
        return self.browser.program(self.browser.highlighted_id)

    # --- events --------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_card(self.browser.program(event.row_key.value))
        self.more_rows(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        program = self.browser.program(event.row_key.value)
        if program is not None:
            self.app.push_screen(CardScreen(self.browser.card(program), title=program.id))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key in ("flags", "personal"):
            key = None
        elif key == "id":
            key = "name"
        self.view.reverse = self.view.sort == key and not self.view.reverse
        self.view.sort = key
        self.fill_table()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.view.search = event.value
        self.fill_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    # --- actions -------------------------------------------------------------------

    def action_search(self) -> None:
        """Type in the search box."""
        self.query_one("#search", Input).focus()

    def action_leave_search(self, clear: bool = True) -> None:
        """Back to the table from the search box (escape also clears the search)."""
        search = self.query_one("#search", Input)
        if clear and search.value:
            search.value = ""  # Input.Changed lists every program again
        self.table.focus()

    def action_move(self, step: int) -> None:
        """Move the highlight a row down or up."""
        if step > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_sort(self) -> None:
        """Order by the next column."""
        self.view.next_sort()
        self.fill_table()

    def action_reverse(self) -> None:
        """Turn the order around."""
        self.view.toggle_reverse()
        self.fill_table()

    def action_shortlist(self) -> None:
        """Add the highlighted program to the shortlist, or remove it."""
        program = self.current()
        if program is None:
            return
        try:
            added = self.browser.toggle_shortlist(program.id)
        except MlprogError as exc:
            self.notify(str(exc), title="Shortlist not changed", severity="error", markup=False)
            return
        self.update_flags(program.id)
        said = "added to" if added else "removed from"
        self.notify(f"{program.id} {said} your shortlist", markup=False)

    def action_mark(self) -> None:
        """Mark the highlighted program for comparing, or unmark it."""
        program = self.current()
        if program is not None:
            self.view.toggle_mark(program.id)
            self.update_flags(program.id)

    def action_compare(self) -> None:
        """Compare the marked programs side by side."""
        programs = self.view.marked_programs()
        if len(programs) < 2:
            self.notify("Mark two programs or more with m, then press c.", severity="warning")
            return
        from ..answers.programs import compare_programs

        grid = draw(compare_programs(programs, self.view.selection.meta))
        self.app.push_screen(CompareScreen(grid, title="Compare " + ", ".join(p.id for p in programs)))

    def action_profile(self) -> None:
        """Rank by the next profile (after the last, by none)."""
        skipped = self.browser.next_profile()
        for message in skipped:
            self.notify(message, severity="warning", markup=False)
        self.fill_table()
        self.notify(f"Ranked by profile {self.browser.profile or 'none'}", markup=False)

    def action_help(self) -> None:
        """Show the keys."""
        self.app.push_screen(HelpScreen(KEYS))


class BrowseApp(App[None]):
    """`mlprog browse`: the selection, its cards, the shortlist and comparisons, by keyboard."""

    TITLE = "mlprog browse"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", "Quit", show=False)]

    def __init__(
        self,
        selection: Selection,
        *,
        reselect: Reselect,
        profile: str | None,
        profiles: Sequence[str],
        shortlist_path: Path,
        notes: Mapping[str, str] | None = None,
        sort: str | None = None,
        reverse: bool = False,
        careers: Sequence[Career] = (),
        living: int | None = None,
    ) -> None:
        super().__init__()
        self.view = BrowseView(selection, sort, reverse)
        self.reselect = reselect
        self.profile = profile
        self.profiles = tuple(profiles)
        self.shortlist_path = shortlist_path
        self.notes = dict(notes or {})
        self.careers = tuple(careers)  # for the card: the local wages of the roles it names
        self.living = living  # the user's living setting, for the card
        self.shortlisted: set[str] = set()
        self.highlighted_id: str | None = None

    def get_default_screen(self) -> Screen[None]:
        """The browser's own screen."""
        return BrowseScreen(self)

    def on_mount(self) -> None:
        from ..user.shortlist import ShortlistError, read

        try:
            self.shortlisted = set(read(self.shortlist_path).programs)
        except ShortlistError as exc:
            self.notify(str(exc), title="Shortlist unreadable", severity="error", markup=False)

    def program(self, program_id: str | None) -> Program | None:
        """The program of the selection with this id."""
        return self.view.by_id.get(program_id) if program_id is not None else None

    def card(self, program: Program) -> RenderableType:
        """The program's card, as ``mlprog show`` draws it (with the user's note)."""
        from ..answers.programs import card_of

        meta = self.view.selection.meta
        return draw(card_of(program, meta, self.careers, self.notes.get(program.id), self.living))

    def toggle_shortlist(self, program_id: str) -> bool:
        """Add the program to the shortlist file, or remove it; whether it is on the list now."""
        from ..user import shortlist

        if program_id in self.shortlisted:
            updated, _ = shortlist.remove(self.shortlist_path, [program_id])
        else:
            updated, _ = shortlist.add(self.shortlist_path, [program_id])
        self.shortlisted = set(updated.programs)
        return program_id in self.shortlisted

    def next_profile(self) -> list[str]:
        """Rank by the next profile that applies; what was skipped, and why."""
        cycle: list[str | None] = [None, *self.profiles]
        start = cycle.index(self.profile) if self.profile in cycle else 0
        skipped = []
        for step in range(1, len(cycle) + 1):
            candidate = cycle[(start + step) % len(cycle)]
            try:
                selection = self.reselect(candidate)
            except MlprogError as exc:
                skipped.append(f"Profile {candidate} skipped: {exc}")
                continue
            self.profile = candidate
            self.view.replace_selection(selection)
            break
        return skipped
