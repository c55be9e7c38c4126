"""The questions mlprog answers, one function each, and the results they return.

Each function takes plain values (a data set, criteria, names) and returns a
plain result object; it never prints. The command line calls one of them per
command and hands the result to :func:`mlprog.output.emit`; a library user can
call them directly::

    from mlprog import Criteria, load_dataset, rank_programs
    ranking = rank_programs(load_dataset(), Criteria(states=frozenset({"CA"})))
    print([row["id"] for row in ranking.rows()])

Every result has the same faces, which the output layer picks from (see
:class:`Result`): ``document(fields)`` (the JSON document),
``rows()`` (one record per line of NDJSON, CSV or Markdown), ``columns()`` (the
CSV and Markdown columns when none are chosen), ``empty_note`` (said on stderr
when there are no rows) and ``plain_text()`` (the lines of a result shown as
plain text; None for one drawn with Rich by :mod:`mlprog.render`).

- :mod:`mlprog.answers.rank`, :mod:`.filtering` (filter and explain) and
  :mod:`.programs` (compare, show, profiles): questions about programs.
- :mod:`mlprog.answers.data`: validate, fields.
- :mod:`mlprog.answers.cost`: the cost of a degree (its arithmetic is :mod:`mlprog.cost`).
- :mod:`mlprog.answers.user`: the shortlist, folders and settings.

The results of rank, filter, compare and show are plain classes with slots
rather than NamedTuples: one of those costs about twenty times as much to
define, and each command defines its result class on every run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import Protocol

    from ..criteria import Criteria
    from ..model import Program

Record = Mapping[str, Any]
#: A line of plain text output, and whether it belongs on stderr.
Line = tuple[str, bool]


if TYPE_CHECKING:
    # Only for type checking: a Protocol class costs start-up time to create, and
    # nothing checks it at run time.
    class Result(Protocol):
        """What every answer offers the output layer (every result class of this package)."""

        @property
        def empty_note(self) -> str | None:
            """Said on stderr when there are no rows; None where a result always has some."""

        def rows(self) -> Sequence[Record]:
            """One record per line of NDJSON, CSV or Markdown."""

        def document(self, fields: Sequence[str] | None) -> Any:
            """The JSON document, with only the chosen fields where that applies."""

        def columns(self) -> Sequence[str]:
            """The CSV and Markdown columns when --fields chooses none."""

        def plain_text(self) -> list[Line] | None:
            """The lines shown instead of a Rich table, or None for a result Rich draws."""

    # A result may also have ``notes``: lines a person should know about the
    # result (programs left out, scores on partial data). A table shows them
    # under itself; every other format says them on stderr.


#: The fields --fields may name on a selection (rank, filter) beyond a program's own.
SELECTION_FIELDS = ("matched", "unchecked", "personal_score", "personal")


#: The program fields the bundled College Scorecard figures fill: a record holding them keeps its
#: ``outcomes`` (their source) whatever --fields chooses.
BUNDLED_SOURCED = frozenset({"earnings_1yr", "earnings_4yr", "debt_median", "completions"})


def holds_bundled_figures(programs: Sequence[Program]) -> bool:
    """Whether any of these programs holds the bundled College Scorecard figures. Programs left
    in the data cache (no tuple, nor list) are not read for it, which would build every one: a
    cache holds only what a data file gives, and its check keeps that field empty."""
    return isinstance(programs, tuple | list) and any(p.bundled_outcomes_source is not None for p in programs)


def select(record: Record, fields: Sequence[str] | None) -> dict[str, Any]:
    """The record with only the given fields, in the given order (all if None); with ``outcomes``
    last when a field chosen is a bundled College Scorecard figure, so that it keeps its source."""
    if fields is None:
        return dict(record)
    chosen = {name: record.get(name) for name in fields}
    if "outcomes" in record and "outcomes" not in chosen and BUNDLED_SOURCED.intersection(fields):
        chosen["outcomes"] = record["outcomes"]
    return chosen


def no_match_note(criteria: Criteria) -> str:
    """What to say when no program meets the criteria: the criteria, in words, and what to try next."""
    described = "; ".join(criteria.describe())
    if not described:
        return "No programs match: the data has none."
    return f"No programs match: {described}. Loosen a criterion, or see every program with 'mlprog rank'."


class Listing:
    """A result that is a list of records: its JSON is that list, each with the chosen fields."""

    __slots__ = ()

    def rows(self) -> list[dict[str, Any]]:
        """The records; each listing says what they are."""
        raise NotImplementedError

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of records."""
        return list(self.records(fields))

    def records(self, fields: Sequence[str] | None) -> Iterator[dict[str, Any]]:
        """The records of :meth:`document` one at a time, so that a long list is written as it
        is made (see :func:`mlprog.formats.write_json_array`)."""
        return (select(row, fields) for row in self.iter_rows())

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        """The rows one at a time; a listing with many makes them here and lists them in rows()."""
        return iter(self.rows())

    def plain_text(self) -> list[Line] | None:
        """None: drawn as a Rich table (a listing shown as plain lines gives them instead)."""
        return None
