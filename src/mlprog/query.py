"""Find, filter, sort and compare programs: plain functions over plain data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from .errors import AmbiguousProgram, ProgramNotFound, UsageError
from .model import Program, lookup_key

# --- lookup ------------------------------------------------------------------

#: Longer than this, a name is not looked for partly or approximately (bounded work).
MAX_NAME_LENGTH = 300


def find_program(programs: Sequence[Program], query: str) -> Program:
    """The program named by id, alias or full name (any case); never a guess.

    A name that matches nothing raises ProgramNotFound with the closest ids;
    a partial name shared by several programs raises AmbiguousProgram.
    """
    key = lookup_key(query)
    index = _lookup_index(programs)
    if key in index:
        return index[key]
    if not key or len(key) > MAX_NAME_LENGTH:  # nothing that long is a name: no search for one
        raise ProgramNotFound(query, [])
    # Whole words of a name or city that several programs share: list them.
    pattern = _phrase_pattern(key)
    partial = [p.id for p in programs if pattern.search(lookup_key(f"{p.name} {p.city}"))]
    if len(partial) > 1:
        raise AmbiguousProgram(query, partial)
    if partial:
        raise ProgramNotFound(query, partial)
    import difflib  # only for a name that matches nothing: not worth its start-up cost

    close = difflib.get_close_matches(key, list(index), n=6, cutoff=0.6)
    suggestions = list(dict.fromkeys(index[match].id for match in close))
    raise ProgramNotFound(query, suggestions[:3])


def find_programs(programs: Sequence[Program], queries: Iterable[str]) -> list[Program]:
    """Look up several names, in order, each as :func:`find_program` does."""
    return [find_program(programs, query) for query in queries]


def lookup_keys(program: Program) -> list[str]:
    """Every folded name a program answers to: id, aliases and full name."""
    return [lookup_key(text) for text in (program.id, *program.aliases, program.name)]


def _lookup_index(programs: Sequence[Program]) -> dict[str, Program]:
    index: dict[str, Program] = {}
    for program in programs:
        for key in lookup_keys(program):
            index.setdefault(key, program)
    return index


# --- filtering ---------------------------------------------------------------


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Match a phrase as whole words, case-insensitively, spacing ignored."""
    words = phrase.split()
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _matching(items: Iterable[tuple[str, str]], phrases: Sequence[str]) -> list[str]:
    """The labels of the (label, text) items whose text holds any phrase as whole words."""
    patterns = [_phrase_pattern(phrase) for phrase in phrases if phrase.strip()]
    hits = [label for label, text in items if text and any(p.search(text) for p in patterns)]
    return list(dict.fromkeys(hits))


def _same(texts: Iterable[str]) -> list[tuple[str, str]]:
    return [(text, text) for text in texts]


def _labs(program: Program) -> list[tuple[str, str]]:
    return [(lab.name, f"{lab.name} {lab.focus or ''}") for lab in program.labs]


def _faculty(program: Program) -> list[tuple[str, str]]:
    return [(f.name, f"{f.name} {f.focus or ''}") for f in program.faculty]


def text_fields(program: Program) -> list[tuple[str, str]]:
    """Every text field of a program as (field name, text), for a free-text search."""
    singles = {
        "id": program.id,
        "name": program.name,
        "city": program.city,
        "state": program.state,
        "type": program.type,
        "highlight": program.highlight,
        "insight": program.insight,
        "overview": program.overview,
        "admissions_gpa": program.admissions_gpa,
    }
    many = {
        "aliases": program.aliases,
        "degrees": [f"{d.name} {d.duration or ''}" for d in program.degrees],
        "labs": [text for _, text in _labs(program)],
        "industry_partners": program.industry_partners,
        "top_employers": program.top_employers,
        "common_roles": program.common_roles,
        "faculty": [text for _, text in _faculty(program)],
        "accreditations": program.accreditations,
        "delivery": program.delivery,
        "location_advantages": program.location_advantages,
        "notes": program.notes,
    }
    pairs = [(name, text) for name, text in singles.items() if text]
    pairs.extend((name, text) for name, texts in many.items() for text in texts)
    return pairs


# Detail criteria: option name -> the (label, text) items of a program it searches.
# The label is what a match reports: the partner's or lab's name, or a field name.
DETAIL_FIELDS: dict[str, Callable[[Program], list[tuple[str, str]]]] = {
    "partner": lambda p: _same(p.industry_partners),
    "employer": lambda p: _same(p.top_employers),
    "lab": _labs,
    "degree": lambda p: _same(d.name for d in p.degrees),
    "delivery": lambda p: _same(p.delivery),
    "faculty": _faculty,
    "search": text_fields,
}


class Criteria(NamedTuple):
    """What a program must satisfy. Fields combine with AND; values in one field with OR."""

    states: frozenset[str] = frozenset()
    type: str | None = None
    max_tuition: int | None = None
    min_graduation_rate: int | None = None
    min_score: float | None = None
    details: Mapping[str, tuple[str, ...]] = MappingProxyType({})

    def describe(self) -> list[str]:
        """The criteria in words, as a user would type them."""
        words = []
        if self.states:
            words.append("state " + " or ".join(sorted(self.states)))
        if self.type:
            words.append(f"type {self.type}")
        if self.max_tuition is not None:
            words.append(f"tuition at most ${self.max_tuition:,}")
        if self.min_graduation_rate is not None:
            words.append(f"graduation rate at least {self.min_graduation_rate}%")
        if self.min_score is not None:
            words.append(f"score at least {self.min_score:g}")
        for name, values in self.details.items():
            words.append(f"{name} " + " or ".join(repr(v) for v in values))
        return words


class Evaluation(NamedTuple):
    """How one program fares against criteria: what failed and what matched."""

    program: Program
    failures: tuple[str, ...]
    matched: dict[str, list[str]]

    @property
    def passed(self) -> bool:
        """Whether every criterion holds."""
        return not self.failures


def evaluate(program: Program, criteria: Criteria) -> Evaluation:
    """Check a program against every criterion, collecting each failure's reason."""
    failures: list[str] = []
    if criteria.states and program.state not in criteria.states:
        wanted = " or ".join(sorted(criteria.states))
        failures.append(f"state is {program.state}, not {wanted}")
    if criteria.type and program.type != criteria.type:
        failures.append(f"type is {program.type}, not {criteria.type}")
    if criteria.max_tuition is not None and program.tuition > criteria.max_tuition:
        failures.append(f"tuition ${program.tuition:,} is above ${criteria.max_tuition:,}")
    if criteria.min_graduation_rate is not None:
        rate = program.graduation_rate
        if rate is None:
            failures.append("graduation rate is not given by the source")
        elif rate < criteria.min_graduation_rate:
            failures.append(f"graduation rate {rate}% is below {criteria.min_graduation_rate}%")
    if criteria.min_score is not None and program.score < criteria.min_score:
        failures.append(f"score {program.score:g} is below {criteria.min_score:g}")
    matched: dict[str, list[str]] = {}
    for name, phrases in criteria.details.items():
        hits = _matching(DETAIL_FIELDS[name](program), phrases)
        if hits:
            matched[name] = hits
        else:
            wanted = " or ".join(repr(v) for v in phrases)
            failures.append(f"no {name} matches {wanted}")
    return Evaluation(program, tuple(failures), matched)


def filter_programs(programs: Iterable[Program], criteria: Criteria) -> list[Evaluation]:
    """The evaluations of the programs that satisfy every criterion, in input order."""
    results = (evaluate(program, criteria) for program in programs)
    return [result for result in results if result.passed]


# --- sorting -----------------------------------------------------------------

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
}


def sort_programs(programs: Iterable[Program], by: str = "rank", reverse: bool = False) -> list[Program]:
    """Sort by a field in its natural direction (best first), or the other way.

    Missing values always come last; ties keep ranking order.
    """
    if by not in SORT_FIELDS:
        raise UsageError(f"cannot sort by {by!r}; fields: {', '.join(SORT_FIELDS)}")
    in_rank_order = sorted(programs, key=lambda p: p.rank)
    present = [p for p in in_rank_order if getattr(p, by) is not None]
    missing = [p for p in in_rank_order if getattr(p, by) is None]

    def key(program: Program) -> Any:
        value = getattr(program, by)
        return value.casefold() if isinstance(value, str) else value

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


def best_ids(programs: Sequence[Program]) -> dict[str, list[str]]:
    """For each comparable field, the ids of the programs holding the best value."""
    best: dict[str, list[str]] = {}
    for name, higher_is_better in COMPARABLE_FIELDS.items():
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
