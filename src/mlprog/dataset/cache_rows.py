"""What each program gives the data cache besides its columns (see :mod:`mlprog.dataset.cache`):
its blob in ``bodies``, its summary's in ``summaries`` where that is not the body, and its keys
in ``names``; and a program read back from its blob."""

from __future__ import annotations

import functools
import itertools
import marshal
import operator
import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Degree, FacultyMember, Lab, Program, lookup_key

_NESTED = {"degrees": Degree, "labs": Lab, "faculty": FacultyMember}
# tuple.__new__ called directly: what NamedTuple._make does, without a Python frame per object
# (building 100,000 programs with their degrees, labs and faculty took 0.64 s through _make).
_new = tuple.__new__
_NESTED_AT = tuple(
    (Program._fields.index(name), functools.partial(_new, cls)) for name, cls in _NESTED.items()
)
_FIELD_COUNT = len(Program._fields)
#: What a program's summary keeps: all but the details of its card, which a ranking table never shows.
SUMMARY_KEPT = frozenset(
    (
        "id",
        "rank",
        "name",
        "city",
        "state",
        "type",
        "tuition",
        "score",
        "graduation_rate",
        "aliases",
        "source",
    )
)
_KEPT_AT = tuple(index for index, name in enumerate(Program._fields) if name in SUMMARY_KEPT)
_DEFAULTS = tuple(Program._field_defaults.get(name) for name in Program._fields)
#: A program's summary, of ``bodies`` joined to ``summaries``: its body where it has no details.
SUMMARY = "ifnull(summaries.summary, bodies.body)"
#: A program's details (what a summary leaves out), and the records among them: each at its default?
_DETAILS_AT = tuple(index for index in range(_FIELD_COUNT) if index not in _KEPT_AT)
_DETAILS_OF = operator.itemgetter(*_DETAILS_AT)
_NO_DETAILS = tuple(_DEFAULTS[index] for index in _DETAILS_AT)
_RECORDS_OF = operator.itemgetter(*(index for index, _ in _NESTED_AT))
_NO_RECORDS = ((),) * len(_NESTED_AT)


def program_from(body: bytes) -> Program:
    """A program read back from its blob (a body or a summary), unchecked."""
    values = list(marshal.loads(body))
    if len(values) != _FIELD_COUNT:
        raise ValueError("a program of another layout")
    for index, make in _NESTED_AT:
        if values[index]:
            values[index] = tuple(map(make, values[index]))
    return _new(Program, values)


def name_rows(programs: Sequence[Program]) -> Iterator[tuple[str, int]]:
    """The rows of ``names``: each key and its program's position (a key said twice is harmless),
    but for the keys the ``programs`` table finds by its own columns: an id of letters and digits
    (``id``), and a name of ASCII words, one space between (``name_order``, which is then the key,
    a NUL, the key; see ``query.text_order``). Chosen by builtins, no Python step per program."""
    count = itertools.count
    folded = itertools.compress(count(), map(operator.not_, map(_PLAIN_NAME, map(_NAME, programs))))
    aliased = itertools.compress(count(), map(_ALIASES, programs))
    keyed = itertools.compress(count(), map(operator.not_, map(_OWN_KEY, map(_ID, programs))))
    return itertools.chain(
        ((lookup_key(programs[at].name), at) for at in folded),
        ((lookup_key(alias), at) for at in aliased for alias in programs[at].aliases),
        ((lookup_key(programs[at].id), at) for at in keyed),
    )


_NAME, _ALIASES, _ID = (operator.attrgetter(name) for name in ("name", "aliases", "id"))
#: A name whose key is itself in lowercase: ASCII letters and digits, words one space apart.
_PLAIN_NAME = re.compile("[a-z0-9]+(?: [a-z0-9]+)*", re.ASCII | re.IGNORECASE).fullmatch
_OWN_KEY = re.compile("[a-z0-9]+").fullmatch


def body_rows(programs: Sequence[Program]) -> Iterator[tuple[int, bytes]]:
    """Each program's row of ``bodies``: its position and its blob."""
    if list(map(_SCORECARD, programs)).count(None) != len(programs):
        raise ValueError("a program with imported figures")  # attached after loading, never cached
    if not any(map(any, map(_RECORDS_OF, programs))):
        # No records (a ranking's rows, most cards): every field a plain value that marshal holds
        # as it is. Made by builtins, with no Python step per program.
        return zip(itertools.count(), map(marshal.dumps, map(tuple, programs)))
    return ((position, marshal.dumps(_plain(program))) for position, program in enumerate(programs))


def summary_rows(programs: Sequence[Program]) -> Iterator[tuple[int, bytes]]:
    """The rows of ``summaries``: the position and summary blob of each program with details (one
    without is its own summary, read from ``bodies``)."""
    detailed = itertools.compress(itertools.count(), map(_NO_DETAILS.__ne__, map(_DETAILS_OF, programs)))
    return ((position, marshal.dumps(_summary(_plain(programs[position])))) for position in detailed)


def _plain(program: Program) -> tuple[Any, ...]:
    """The program's fields, its records as plain tuples, which marshal holds; the rest as it is."""
    if _RECORDS_OF(program) == _NO_RECORDS:
        return tuple(program)
    fields = list(program)
    for index, _ in _NESTED_AT:
        fields[index] = tuple(map(tuple, fields[index]))
    return tuple(fields)


_SCORECARD = operator.attrgetter("scorecard")


def _summary(row: tuple[Any, ...]) -> tuple[Any, ...]:
    summary = list(_DEFAULTS)
    for index in _KEPT_AT:
        summary[index] = row[index]
    return tuple(summary)
