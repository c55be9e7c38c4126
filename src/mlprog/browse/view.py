"""What the browser's table shows: a selection, in an order, narrowed by a search, with marks.

Plain Python over the core (no Textual, no Rich), so that it can be tested on
its own. The order is the selection's own (rank, a personal score, or
``--sort``) or a field in its natural direction, best first, as ``--sort``
orders it; the search is ``--search``'s matching.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..criteria import Criteria, filter_programs
from ..query import sort_programs
from ..text.matching import fold

if TYPE_CHECKING:
    from ..answers.selection import Selection
    from ..model import Program

#: What folding turns into a space (as :mod:`mlprog.text.matching` folds).
_NOT_WORD = re.compile(r"[\W_]")
_NOT_WORD_OR_LINE = re.compile(r"(?:[^\w\n]|_)+")
_SPACES = re.compile(" {2,}")

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


#: Column key -> its heading, as `mlprog rank` heads it; the key is also the field it sorts by
#: (the id column sorts by name: an id is a name's short form).
COLUMNS = (
    ("flags", ""),
    ("rank", "#"),
    ("name", "Program"),
    ("id", "ID"),
    ("state", "State"),
    ("tuition", "Tuition"),
    ("graduation_rate", "Grad"),
    ("score", "Score"),
)
#: The fewest cells a name is given; a name longer than the room left is cut with "…".
NAME_WIDTH = 12
#: The cells of each column's content but the name's and the id's (the longest id).
_CELLS = {"flags": 2, "rank": 4, "state": 5, "tuition": 8, "graduation_rate": 4, "score": 5, "personal": 6}
#: The columns that give way, in turn, where a name would be narrower than NAME_WIDTH.
_GIVING_WAY = ("graduation_rate", "state", "tuition")


def fitted_columns(width: int, id_width: int, weighted: bool) -> tuple[list[tuple[str, str]], int]:
    """The table's columns at this width, and the cells left for the name.

    As in `mlprog rank`, Grad gives way first, then State, then Tuition, until
    a name has at least :data:`NAME_WIDTH` cells; the rank, the id (whole: ids
    are what a user types) and the score always stay. Each column has a cell of
    padding either side, and the table a scrollbar.
    """
    columns = list(COLUMNS) + ([("personal", "You")] if weighted else [])
    cells = {**_CELLS, "id": max(2, id_width)}

    def room(shown: list[tuple[str, str]]) -> int:
        return width - sum(cells.get(key, 0) for key, _ in shown if key != "name") - 2 * len(shown) - 2

    for giving_way in _GIVING_WAY:
        if room(columns) >= NAME_WIDTH:
            break
        columns = [column for column in columns if column[0] != giving_way]
    return columns, room(columns)


def search_matches(programs: Sequence[Program], typed: str) -> list[Program]:
    """The programs that ``--search TYPED`` keeps, in the order given; all of them if nothing is typed."""
    if not fold(typed):
        return list(programs)
    return [e.program for e in filter_programs(programs, Criteria(details={"search": (typed,)}))]


class SearchIndex:
    """``--search``'s matching over many programs, fast enough to run on every keystroke.

    ``--search`` keeps a program when each term (a word, a phrase) is found in
    one of its text fields, as whole words once folded (lowercased, accents and
    punctuation gone), a word of five letters or more also as the start of a
    longer one. Folded, a field is words and spaces, so a term is found exactly
    when its words are, one after the other, in one field. The index folds each
    program's fields once and keeps, for each word, the programs that have it,
    and each program's fields as one line of single-spaced words (fields apart):
    a search looks words up instead of reading every program, and checks a
    phrase only in the programs that have all its words. A test checks that it
    finds what ``--search`` finds. The last searches are kept, so that deleting
    what was typed costs nothing.
    """

    #: How many searches' results are kept.
    KEPT = 64

    def __init__(self, programs: Sequence[Program]) -> None:
        self.programs = programs
        self._lock = threading.Lock()
        self._index: _Index | None = None
        self._found: dict[str, list[Program]] = {}

    def prepare(self) -> None:
        """Fold every program's text (once; a large selection does it in the background)."""
        with self._lock:
            if self._index is None:
                self._index = _Index(self.programs)

    def matches(self, typed: str) -> list[Program]:
        """The programs that ``--search TYPED`` keeps, in the order given (all if nothing is typed)."""
        key = " ".join(typed.split())
        found = self._found.get(key)
        if found is None:
            found = self._search(typed)
            if len(self._found) >= self.KEPT:
                del self._found[next(iter(self._found))]
            self._found[key] = found
        return found

    def _search(self, typed: str) -> list[Program]:
        from ..text.matching import terms

        if not fold(typed):
            return list(self.programs)
        self.prepare()
        assert self._index is not None
        index = self._index
        chosen: Sequence[int] | None = None
        for term in terms(typed):
            found = _union([index.having(form) for form in term.forms])
            chosen = found if chosen is None else _both(chosen, found)
            if not chosen:
                break
        return [self.programs[number] for number in chosen or ()]


def _both(first: Sequence[int], second: Sequence[int]) -> Sequence[int]:
    """Programs' numbers in both sorted lists, sorted (the longer list read in order: no sorting)."""
    shorter, longer = sorted((first, second), key=len)
    wanted = set(shorter)
    return [number for number in longer if number in wanted]


def _union(numbers: Sequence[Sequence[int]]) -> Sequence[int]:
    """Programs' numbers in any of these sorted lists, sorted (one list is taken as it is: a word
    that every program has costs no sorting)."""
    if len(numbers) == 1:
        return numbers[0]
    return sorted(set().union(*numbers))


class _Index:
    """Programs' folded text: each word's programs (by number), and each program's fields
    as a line of single-spaced words, the fields apart (`` a b \n c d ``)."""

    __slots__ = ("lines", "vocabulary", "words")

    def __init__(self, programs: Sequence[Program]) -> None:
        from ..criteria import text_fields

        self.words: dict[str, array[int]] = {}
        self.lines: list[str] = []
        for number, program in enumerate(programs):
            # The fields one a line (a line break inside a field is a space, as folding makes it),
            # folded in one pass where they are ASCII (a pass per field costs three times as much).
            fields = "\n".join(text.replace("\n", " ") for _, text in text_fields(program))
            if fields.isascii():
                folded = _NOT_WORD_OR_LINE.sub(" ", fields.lower())
            else:
                folded = "\n".join(_folded(line) for line in fields.split("\n"))
            self.lines.append(" " + _SPACES.sub(" ", folded.replace("\n", " \n ")) + " ")
            for word in set(folded.split()):
                having = self.words.get(word)
                if having is None:
                    having = self.words[word] = array("i")
                having.append(number)
        self.vocabulary = sorted(self.words)

    def having(self, form: str) -> Sequence[int]:
        """The numbers of the programs in which a term's form is found, in order: its words one
        after the other in a field."""
        from ..text.matching import PREFIX_LENGTH

        words = form.split()
        prefix = len(words[-1]) >= PREFIX_LENGTH  # the last word may start a longer one
        found = self._with_word(words[-1], prefix)
        if len(words) == 1:
            return found
        having_all = set(found).intersection(*(self.words.get(word, ()) for word in words[:-1]))
        phrase = " " + " ".join(words) + ("" if prefix else " ")
        return sorted(number for number in having_all if phrase in self.lines[number])

    def _with_word(self, word: str, prefix: bool) -> Sequence[int]:
        if not prefix:
            return self.words.get(word, ())
        starting = []
        for position in range(bisect_left(self.vocabulary, word), len(self.vocabulary)):
            known = self.vocabulary[position]
            if not known.startswith(word):
                break
            starting.append(self.words[known])
        return _union(starting) if starting else ()


def _folded(text: str) -> str:
    """A field as matching sees it (see :func:`mlprog.text.matching.folded`), ASCII the fast way."""
    if text.isascii():
        return _NOT_WORD.sub(" ", text.lower())
    from ..text.matching import folded

    return folded(text)[0]


class BrowseView:
    """The selection shown, its order and search, and the programs marked for comparing."""

    def __init__(self, selection: Selection, sort: str | None = None, reverse: bool = False) -> None:
        self.selection = selection
        self.sort = sort  # None: the selection's own order
        self.reverse = reverse
        self.search = ""
        self.marked: list[str] = []  # program ids, in the order they were marked
        self._take(selection)

    @property
    def weighted(self) -> bool:
        """Whether the selection has personal scores (a profile or weights)."""
        return bool(self.selection.scores)

    def replace_selection(self, selection: Selection) -> None:
        """Show another selection (another profile), keeping order, search and marks."""
        self.selection = selection
        self._take(selection)

    _listed: tuple[tuple[str, str | None, bool], list[Program]] | None

    def _take(self, selection: Selection) -> None:
        """What every key asks of the selection, worked out once (a selection's programs are
        made anew each time they are asked for: a hundred thousand of them take a while)."""
        self.all: tuple[Program, ...] = selection.programs
        self.by_id = {program.id: program for program in self.all}
        self.longest_name = max((len(program.name) for program in self.all), default=0)
        self.longest_id = max((len(program.id) for program in self.all), default=0)
        self.unchecked = {e.program.id for e in selection.unchecked}
        self.scores = {score.program.id: score for score in selection.scores}
        self.index = SearchIndex(self.all)
        self._listed = None

    def programs(self) -> list[Program]:
        """The programs the table lists, in its order (kept until the search or order changes:
        the table, the status line and the card all ask for them after each key)."""
        key = (self.search, self.sort, self.reverse)
        if self._listed is None or self._listed[0] != key:
            found = self.index.matches(self.search)
            if self.sort is None:
                listed = found[::-1] if self.reverse else list(found)
            else:
                listed = sort_programs(found, self.sort, self.reverse)
            self._listed = (key, listed)
        return self._listed[1]

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
        return [self.by_id[pid] for pid in self.marked if pid in self.by_id]

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
        total = len(self.all)
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
    ("s", "sort by the next column: rank, name, state, tuition, grad, score"),
    ("r", "reverse the order"),
    ("a", "add the program to your shortlist, or remove it (✓)"),
    ("m  space", "mark the program for comparing, or unmark it (●)"),
    ("c", "compare the marked programs side by side"),
    ("p", "rank by the next profile (then none)"),
    ("?", "this help"),
    ("q", "quit"),
)
