"""A selection asked of the data cache: the criteria that have a column, the sort and the limit
evaluated by SQLite, and only the programs shown built in Python.

:func:`selection_path` alone decides where a selection runs: in Python over
every program (data without a cache: a small ``--data`` file, the bundled
data; a shortlist), or in the cache's database (see
:mod:`mlprog.dataset.cache_table`), in one of two ways:

- ``database``: SQLite filters, sorts and limits; Python builds the programs
  shown, and those a criterion could not be checked on (for the note that
  counts them). Nothing is left to Python but the building.
- ``narrowed``: SQLite leaves out every program a column criterion rules out
  (a program whose column is empty stays: it is unknown there, not failed), and
  Python runs the selection as it always does over what is left. This is the
  way for what needs every candidate or a program's details: personal weights
  (each field is scaled over the programs ranked), the value frontier, detail
  criteria (labs, partners, --search), imported figures (--min-earnings, a sort
  by earnings: attached to the programs as they are built).

Either way the answer is the Python path's, program for program and in the same
order (tests/test_in_database.py runs both over generated data): the SQL
conditions are the criteria's own comparisons, a missing value sorts last in
either direction, and ties keep ranking order (the cache's ``place``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..criteria import Criteria, Evaluation, evaluate
from ..dataset.cache_columns import ORDER_COLUMNS
from ..dataset.cache_table import CachedPrograms, Query
from ..model import NamedTuple, Program
from ..query import SORT_FIELDS

if TYPE_CHECKING:
    from ..weights import Weights

#: The numbers SQLite holds in a column: a criterion beyond them is left to Python.
_SQL_INTEGERS = range(-(2**63), 2**63)
#: The fields with a column a sort may use as it is (the text fields sort by their key).
_NUMBERS = ("rank", "score", "tuition", "graduation_rate")


class Path(NamedTuple):
    """Where a selection runs, and why, in words for ``--explain``."""

    #: "python", "database" or "narrowed" (see the module's text).
    way: str
    why: str

    @property
    def note(self) -> str:
        """The line ``--explain`` adds."""
        if self.way == "python":
            return f"Chosen in Python: {self.why}."
        if self.way == "database":
            return f"Chosen in SQLite, in the data cache: {self.why}; only the programs shown were built."
        return f"Narrowed in SQLite, in the data cache ({self.why}), then chosen in Python."


def selection_path(
    programs: Sequence[Program],
    pool: Sequence[Program] | None,
    criteria: Criteria,
    weights: Weights,
    *,
    sort: str | None,
    frontier: bool,
) -> Path:
    """Where a selection of these programs runs (see the module's text): the one place that decides."""
    if not isinstance(programs, CachedPrograms) or pool is not None:
        why = "from a shortlist" if pool is not None else "the data was read whole, with no cache to ask"
        return Path("python", why)
    if _conditions(criteria, strict=True) is None:
        return Path("python", "a criterion beyond what SQLite holds")
    columns = _criteria_words(criteria)
    said = f"criteria on {columns}" if columns else "no column criterion"
    needs = []
    if weights:
        needs.append("personal weights scale each field over every program ranked")
    if frontier:
        needs.append("the value frontier compares every program selected")
    if criteria.details:
        needs.append(f"{', '.join(criteria.details)} looks at each program's details")
    if criteria.min_earnings is not None or (sort is not None and _sort_order(sort, False) is None):
        needs.append("imported figures are attached to each program as it is built")
    if needs:
        return Path("narrowed", f"{said}; {'; '.join(needs)}")
    return Path("database", f"{said}, the sort ({sort or 'rank'}) and the limit")


def _criteria_words(criteria: Criteria) -> str:
    names = {
        "states": "state",
        "type": "type",
        "max_tuition": "tuition",
        "min_graduation_rate": "graduation rate",
        "min_score": "score",
    }
    return ", ".join(
        word for name, word in names.items() if getattr(criteria, name) not in (None, frozenset())
    )


def _conditions(criteria: Criteria, *, strict: bool) -> tuple[str, tuple[Any, ...]] | None:
    """The SQL of the column criteria: met (``strict``), or not ruled out (a missing value
    passes); None when a value is beyond SQLite's numbers."""
    parts = _parts(criteria)
    if parts is None:
        return None
    if not parts:
        return "1", ()
    sql = [text if strict else f"({column} IS NULL OR {text})" for column, text, _ in parts]
    return " AND ".join(sql), tuple(value for _, _, values in parts for value in values)


def _missing_a_value(criteria: Criteria) -> str:
    """The SQL of the programs missing a value a column criterion looks at, by the columns'
    indexes (one query each: an OR of them, SQLite would answer by reading every program)."""
    columns = sorted({column for column, _, _ in _parts(criteria) or ()})
    if not columns:
        return "0"
    missing = " UNION ".join(f"SELECT position FROM programs WHERE {column} IS NULL" for column in columns)
    return f"position IN ({missing})"


def _parts(criteria: Criteria) -> list[tuple[str, str, tuple[Any, ...]]] | None:
    """Each column criterion: (its column, its SQL, its values); None when a value is beyond
    SQLite's numbers."""
    parts: list[tuple[str, str, tuple[Any, ...]]] = []
    if criteria.states:
        states = tuple(sorted(criteria.states))
        parts.append(("state", f"state IN ({', '.join('?' * len(states))})", states))
    if criteria.type:
        parts.append(("type", "type = ?", (criteria.type,)))
    for value, column, test in (
        (criteria.max_tuition, "tuition", "<="),
        (criteria.min_graduation_rate, "graduation_rate", ">="),
        (criteria.min_score, "score", ">="),
    ):
        if value is None:
            continue
        if isinstance(value, int) and value not in _SQL_INTEGERS:
            return None
        parts.append((column, f"{column} {test} ?", (value,)))
    return parts


def _sort_order(sort: str, reverse: bool) -> str | None:
    """The ORDER BY of ``query.sort_programs``: best first (or reversed), missing values last,
    ties in ranking order; None for a field with no column (an imported figure)."""
    if sort == "rank" and not reverse:
        return "place"  # ranking order itself: the unranked last, as given
    column = sort if sort in _NUMBERS else ORDER_COLUMNS.get(sort)
    if column is None:
        return None
    direction = "DESC" if SORT_FIELDS[sort] != reverse else "ASC"
    return f"{column} {direction} NULLS LAST, place"


class Chosen(NamedTuple):
    """What SQLite chose: the evaluations shown, those left out, how many of them."""

    matches: list[Evaluation]
    left_out: list[Evaluation]


def narrowed(programs: CachedPrograms, criteria: Criteria, *, full: bool) -> list[Program]:
    """The programs no column criterion rules out, in the data's order (``full``: whole cards)."""
    where, params = _conditions(criteria, strict=False) or ("1", ())
    return programs.rows(Query(where, params, "position"), full=full)


def chosen(
    programs: CachedPrograms,
    criteria: Criteria,
    *,
    by_match: bool,
    include_unknown: bool,
    sort: str | None,
    reverse: bool,
    limit: int | None,
) -> Chosen:
    """The selection made in SQLite (the ``database`` way): the programs shown, in order, and
    those left out because a criterion could not be checked on them."""
    strict, params = _conditions(criteria, strict=True) or ("1", ())
    loose, loose_params = _conditions(criteria, strict=False) or ("1", ())
    order = _sort_order(sort or "rank", reverse) or "place"
    unchecked = f"({strict}) IS NOT 1"  # a condition on a missing value is NULL, not false
    if include_unknown:
        if by_match and sort is None:  # filter's order: the programs checked on every criterion first
            order = f"{unchecked}, {order}"
            params_order: tuple[Any, ...] = params
        else:
            params_order = ()
        shown = programs.rows(Query(loose, (*loose_params, *params_order), order, limit))
        return Chosen([evaluate(p, criteria) for p in shown], [])
    shown = programs.rows(Query(strict, params, order, limit))
    # Not ruled out (loose) and missing a value a criterion looks at: exactly those whose
    # strict conditions are not true (unchecked), found by the columns' indexes.
    left = programs.rows(Query(f"{_missing_a_value(criteria)} AND {loose}", loose_params, "position"))
    return Chosen([evaluate(p, criteria) for p in shown], [evaluate(p, criteria) for p in left])


def json_query(criteria: Criteria, *, sort: str | None, reverse: bool, limit: int | None) -> Query:
    """The query of :func:`chosen` without unknowns, for the programs' JSON texts."""
    strict, params = _conditions(criteria, strict=True) or ("1", ())
    return Query(strict, params, _sort_order(sort or "rank", reverse) or "place", limit)
