"""Find, sort and compare programs: plain functions over plain data (criteria: :mod:`.criteria`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import AmbiguousProgram, ProgramNotFound, UsageError, choice_hint, shown
from .model import Program, lookup_key
from .scorecard.fields import OUTCOME_DIRECTIONS

__all__ = [
    "best_ids",
    "find_program",
    "find_programs",
    "lookup_keys",
    "sort_programs",
    "text_order",
    "unique_programs",
]

# --- lookup ------------------------------------------------------------------

#: Longer than this, a name is not looked for partly or approximately (bounded work).
MAX_NAME_LENGTH = 300


def find_program(
    programs: Sequence[Program], query: str, index: Mapping[str, Program] | None = None
) -> Program:
    """The program named by id, alias or full name (any case); never a guess.

    A name that matches nothing raises ProgramNotFound with the closest ids;
    a partial name shared by several programs raises AmbiguousProgram.
    ``index``: the programs' names, folded (see :func:`find_programs`).
    """
    key = lookup_key(query)
    index = _lookup_index(programs) if index is None else index
    if key in index:
        found = index[key]
        if not found.ranked and key != found.id:  # imported institutions may share a name
            same = [p.id for p in programs if not p.ranked and lookup_key(p.name) == key]
            if len(same) > 1:
                raise AmbiguousProgram(query, same)
        return found
    if not key or len(key) > MAX_NAME_LENGTH:  # nothing that long is a name: no search for one
        raise ProgramNotFound(query, [])
    # Whole words of a name or city that several programs share: list them.
    pattern = _phrase_pattern(key)
    partial = [p.id for p in programs if pattern.search(lookup_key(f"{p.name} {p.city or ''}"))]
    if len(partial) > 1:
        raise AmbiguousProgram(query, partial)
    if partial:
        raise ProgramNotFound(query, partial)
    import difflib  # only for a name that matches nothing: not worth its start-up cost

    close = difflib.get_close_matches(key, list(index), n=6, cutoff=0.6)
    suggestions = list(dict.fromkeys(index[match].id for match in close))
    raise ProgramNotFound(query, suggestions[:3])


def find_programs(programs: Sequence[Program], queries: Iterable[str]) -> list[Program]:
    """Look up several names, in order, each as :func:`find_program` does (the names folded once)."""
    queries = list(queries)
    index = _lookup_index(programs) if queries else {}
    return [find_program(programs, query, index) for query in queries]


def lookup_keys(program: Program) -> list[str]:
    """Every folded name a program answers to: id, aliases and full name."""
    return [lookup_key(text) for text in (program.id, *program.aliases, program.name)]


def _lookup_index(programs: Sequence[Program]) -> dict[str, Program]:
    index: dict[str, Program] = {}
    for program in programs:
        for key in lookup_keys(program):
            index.setdefault(key, program)
    return index


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Match a phrase as whole words, case-insensitively, spacing ignored."""
    words = phrase.split()
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


# --- sorting -----------------------------------------------------------------


def rank_order(program: Program) -> tuple[bool, int]:
    """A sort key for ranking order: ranked programs by rank, then the unranked, as given."""
    return (program.rank is None, program.rank or 0)


# Field -> True where a larger value is better (so it sorts first by default).
SORT_FIELDS: dict[str, bool] = {
    "rank": False,
    "score": True,
    "tuition": False,
    "graduation_rate": True,
    "name": False,
    "id": False,
    "city": False,
    "state": False,
    "type": False,
    # Imported from the College Scorecard (null until then: such programs sort last).
    **OUTCOME_DIRECTIONS,
}


def text_order(text: str) -> str:
    """How a text field sorts (name, city, ...): without case or accents, so that "Université"
    sorts with "University" (the accent decides only between names otherwise the same).

    The data cache stores this key beside each program and SQLite sorts by it,
    code point by code point (see :mod:`mlprog.dataset.cache`): a change here
    changes the cache's key too, and old caches are rebuilt.
    """
    if text.isascii():  # nothing to decompose or strip: the common case, without a step per character
        folded = text.casefold()
        return f"{folded}\0{folded}"
    folded = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return f"{folded.casefold()}\0{text.casefold()}"


def sort_programs(programs: Iterable[Program], by: str = "rank", reverse: bool = False) -> list[Program]:
    """Sort by a field in its natural direction (best first), or the other way.

    Missing values always come last; ties keep ranking order.
    """
    if by not in SORT_FIELDS:
        raise UsageError(f"cannot sort by {shown(by)}; {choice_hint(by, list(SORT_FIELDS))}")
    in_rank_order = sorted(programs, key=rank_order)
    present = [p for p in in_rank_order if getattr(p, by) is not None]
    missing = [p for p in in_rank_order if getattr(p, by) is None]

    def key(program: Program) -> Any:
        value = getattr(program, by)
        return text_order(value) if isinstance(value, str) else value

    # list.sort stays stable with reverse=True, so ties keep ranking order.
    present.sort(key=key, reverse=SORT_FIELDS[by] != reverse)
    return present + missing


# --- comparing ---------------------------------------------------------------

# Field -> True where a larger value is better.
COMPARABLE_FIELDS: dict[str, bool] = {
    "rank": False,
    "tuition": False,
    "graduation_rate": True,
    "score": True,
}


#: Imported figures compared only where some program has them.
IMPORTED_COMPARABLE: dict[str, bool] = {
    "earnings_1yr": True,
    "earnings_5yr": True,
    "debt_median": False,
    "debt_to_earnings": False,
}


def best_ids(programs: Sequence[Program]) -> dict[str, list[str]]:
    """For each comparable field, the ids of the programs holding the best value
    (imported figures only where some program has them)."""
    best: dict[str, list[str]] = {}
    imported = {
        name: higher
        for name, higher in IMPORTED_COMPARABLE.items()
        if any(getattr(p, name) is not None for p in programs)
    }
    for name, higher_is_better in {**COMPARABLE_FIELDS, **imported}.items():
        values = [(getattr(p, name), p.id) for p in programs if getattr(p, name) is not None]
        if not values:
            best[name] = []
            continue
        pick = max if higher_is_better else min
        target = pick(value for value, _ in values)
        best[name] = [pid for value, pid in values if value == target]
    return best


def unique_programs(programs: Iterable[Program]) -> tuple[list[Program], list[Program]]:
    """Programs with repeats removed (first kept), and the repeats."""
    seen: set[str] = set()
    kept: list[Program] = []
    repeats: list[Program] = []
    for program in programs:
        (repeats if program.id in seen else kept).append(program)
        seen.add(program.id)
    return kept, repeats
