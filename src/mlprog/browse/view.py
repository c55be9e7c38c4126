"""What the browser's table shows: a selection, in an order, narrowed by a search, with marks.

Plain Python over the core (no Textual, no Rich), so that it can be tested on
its own. The order is the selection's own (rank, a personal score, or
``--sort``) or a field in its natural direction, best first, as ``--sort``
orders it; the search is ``--search``'s matching.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..criteria import Criteria, filter_programs
from ..query import sort_programs
from ..text.matching import fold

if TYPE_CHECKING:
    from ..answers.selection import Selection
    from ..model import Program

#: The fields ``s`` steps through after the selection's own order (None), in this order.
SORT_CYCLE: tuple[str | None, ...] = (None, "rank", "name", "state", "tuition", "graduation_rate", "score")

#: How each order reads, best first (and reversed).
_ORDER_WORDS = {
    "rank": ("rank", "best rank first", "worst rank first"),
    "name": ("name", "A to Z", "Z to A"),
    "state": ("state", "A to Z", "Z to A"),
    "tuition": ("tuition", "cheapest first", "dearest first"),
    "graduation_rate": ("graduation rate", "highest first", "lowest first"),
    "score": ("score", "highest first", "lowest first"),
}


def search_matches(programs: Sequence[Program], typed: str) -> list[Program]:
    """The programs that ``--search TYPED`` keeps, in the order given; all of them if nothing is typed."""
    if not fold(typed):
        return list(programs)
    return [e.program for e in filter_programs(programs, Criteria(details={"search": (typed,)}))]


class BrowseView:
    """The selection shown, its order and search, and the programs marked for comparing."""

    def __init__(self, selection: Selection, sort: str | None = None, reverse: bool = False) -> None:
        self.selection = selection
        self.sort = sort  # None: the selection's own order
        self.reverse = reverse
        self.search = ""
        self.marked: list[str] = []  # program ids, in the order they were marked
        self._found: tuple[str, list[Program]] | None = None

    @property
    def weighted(self) -> bool:
        """Whether the selection has personal scores (a profile or weights)."""
        return bool(self.selection.scores)

    def replace_selection(self, selection: Selection) -> None:
        """Show another selection (another profile), keeping order, search and marks."""
        self.selection = selection
        self._found = None

    def programs(self) -> list[Program]:
        """The programs the table lists, in its order."""
        if self._found is None or self._found[0] != self.search:
            self._found = (self.search, search_matches(self.selection.programs, self.search))
        found = self._found[1]
        if self.sort is None:
            return found[::-1] if self.reverse else list(found)
        return sort_programs(found, self.sort, self.reverse)

    def next_sort(self) -> None:
        """Order by the next field of :data:`SORT_CYCLE`, best first (rank only when it is not
        already the selection's own order)."""
        cycle = [field for field in SORT_CYCLE if field != "rank" or self.weighted]
        self.sort = cycle[(cycle.index(self.sort) + 1) % len(cycle)] if self.sort in cycle else None
        self.reverse = False

    def toggle_reverse(self) -> None:
        """Turn the order around."""
        self.reverse = not self.reverse

    def toggle_mark(self, program_id: str) -> bool:
        """Mark a program for comparing, or unmark it; whether it is marked now."""
        if program_id in self.marked:
            self.marked.remove(program_id)
            return False
        self.marked.append(program_id)
        return True

    def marked_programs(self) -> list[Program]:
        """The marked programs still in the selection, in the order they were marked."""
        by_id = {p.id: p for p in self.selection.programs}
        return [by_id[pid] for pid in self.marked if pid in by_id]

    def order_words(self) -> str:
        """The order in words: ``tuition, cheapest first``."""
        if self.sort is None:
            own = "personal score" if self.weighted else "rank"
            return f"{own}, reversed" if self.reverse else own
        label, best, worst = _ORDER_WORDS.get(self.sort, (self.sort, "best first", "reversed"))
        return f"{label}, {worst if self.reverse else best}"

    def status(self, profile: str | None) -> str:
        """One line: how many programs, in what order, by which profile, how many marked."""
        shown = len(self.programs())
        total = len(self.selection.programs)
        count = f"{shown} of {total} programs" if shown != total else f"{total} programs"
        said = [count, f"by {self.order_words()}", f"profile {profile or 'none'}"]
        if self.marked:
            said.append(f"{len(self.marked)} marked")
        return " · ".join(said)


#: The keys, as the help screen (``?``) and docs/browse.md list them.
KEYS: tuple[tuple[str, str], ...] = (
    ("↑ ↓  j k  PgUp PgDn", "move in the list (the card below follows)"),
    ("enter", "open the program's full card (escape closes it)"),
    ("/", "search: the list narrows as you type (enter keeps it, escape clears it)"),
    ("s", "sort by the next column: rank, name, state, tuition, rate, score"),
    ("r", "reverse the order"),
    ("a", "add the program to your shortlist, or remove it (✓)"),
    ("m  space", "mark the program for comparing, or unmark it (●)"),
    ("c", "compare the marked programs side by side"),
    ("p", "rank by the next profile (then none)"),
    ("?", "this help"),
    ("q", "quit"),
)
