"""The columns of the data cache's ``programs`` table, which a query filters and sorts on, and
each program's JSON as the cache keeps it (see :mod:`mlprog.dataset.cache_table`)."""

from __future__ import annotations

import itertools
import math
import operator
import zlib
from collections.abc import Iterator, Sequence
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from ..model import Program

#: The columns a query filters and sorts on (see :mod:`mlprog.dataset.cache_table`), each a
#: program's field as it is: field -> SQL type.
COLUMNS: dict[str, str] = {
    "id": "TEXT NOT NULL",
    "rank": "INTEGER",
    "state": "TEXT",
    "type": "TEXT",
    "tuition": "INTEGER",
    "score": "REAL",
    "graduation_rate": "INTEGER",
}
#: The text fields a query sorts by, each through its sort key (``query.text_order``): field -> column.
#: An id sorts by itself: a checked id is lowercase ASCII without NUL, which ``text_order`` folds to
#: itself twice over (``id\0id``), and that sorts as the id alone.
ORDER_COLUMNS: dict[str, str] = {
    "name": "name_order",
    "id": "id",
    "city": "city_order",
    "state": "state_order",
    "type": "type_order",
}
#: Sorted on without a full scan: an index each, ties in ranking order (``place``).
INDEXED = ("state", "type", "tuition", "score", "graduation_rate", "name_order")
#: Text whose sort key shows how ``text_order`` folds: part of the key, so that a change there
#: rebuilds every cache whose sort keys it made.
ORDER_PROBE = "Ẽcole ÉCOLE straße Ǆ İ ﬁ"

#: The sort keys that are columns of their own (``text_order`` of the field): field -> column.
_FOLDED = {field: column for field, column in ORDER_COLUMNS.items() if column not in COLUMNS}
#: The ``programs`` table: a program's position in the data, its place in ranking order, the columns.
DECLARED = ", ".join(
    [
        "position INTEGER PRIMARY KEY",
        "place INTEGER NOT NULL",
        *(f"{name} {kind}" for name, kind in COLUMNS.items()),
        *(f"{name} TEXT" for name in _FOLDED.values()),
    ]
)


def column_rows(programs: Sequence[Program]) -> Iterator[tuple[Any, ...]]:
    """Each program's row of the ``programs`` table: its position, its place in ranking order
    (``query.rank_order``, ties in the data's order), the fields a query looks at, the sort keys.

    Each column is made whole by builtins (map, sorted, dict.get) rather than a Python step
    per program, and each row is a tuple made by zip as SQLite takes it."""
    from ..query import text_order

    count = len(programs)
    # Ranking order: by rank, the unranked after them, ties in the data's order (sorted is stable).
    ranks = [math.inf if rank is None else rank for rank in map(_RANK, programs)]
    places = sorted(range(count), key=ranks.__getitem__)
    place_of = sorted(range(count), key=places.__getitem__)  # the inverse: each position's place
    columns = [list(map(operator.attrgetter(name), programs)) for name in COLUMNS]
    orders = []
    for name in _FOLDED:
        texts = list(map(operator.attrgetter(name), programs))
        # Each distinct text folded once: states, types and cities repeat across thousands of programs.
        distinct = set(texts)
        distinct.discard(None)
        folded = dict(zip(distinct, map(text_order, distinct), strict=True))
        orders.append(list(map(folded.get, texts)))  # None, a text missing, stays None
    return zip(itertools.count(), place_of, *columns, *orders)


#: How many columns a row of the ``programs`` table has: position, place, the columns, the sort keys.
WIDTH = 2 + len(COLUMNS) + len(_FOLDED)
_RANK = operator.attrgetter("rank")


def program_json(program: Program) -> tuple[int, bytes]:
    """The program's JSON object as ``rank --json`` writes it (before its control characters are
    escaped, which the writer does), after its CRC, which the reader checks before writing it."""
    encoded = _encode(_record(program)).encode("utf-8", "surrogatepass")
    return zlib.crc32(encoded), encoded


#: ``Program.as_dict``'s keys, in its order, and where each is among the program's fields.
_KEYS = tuple(Program("", None, "", None, None, None, None, None).as_dict())
_PLAIN = tuple(key for key in _KEYS if key in Program._fields)
_PLAIN_VALUES = operator.itemgetter(*(Program._fields.index(key) for key in _PLAIN))
_TEMPLATE = dict.fromkeys(_KEYS)


def _record(program: Program) -> dict[str, Any]:
    """``program.as_dict()`` for the encoder: the same keys in the same order, and the same
    JSON, made without a step per field (a third of the time). A tuple is encoded as the list
    ``as_dict`` makes of it; a program with records (degrees, labs, faculty) or imported figures
    takes ``as_dict`` itself, which makes them dicts."""
    if program.degrees or program.labs or program.faculty or program.scorecard is not None:
        return program.as_dict()
    record = _TEMPLATE.copy()
    record.update(zip(_PLAIN, _PLAIN_VALUES(program), strict=True))
    record["detailed"] = program.detailed
    return record


def _refuse(value: object) -> None:
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


#: ``json.dumps(..., ensure_ascii=False, allow_nan=False, separators=(",", ":"))``, as
#: ``formats.write_json_array`` calls it, made once: ``dumps`` makes its encoder on every call,
#: a quarter of the time of encoding 100,000 programs one by one.
_ENCODER = c_make_encoder and c_make_encoder(
    None, _refuse, encode_basestring, None, ":", ",", False, False, False
)


def _encode(record: dict[str, Any]) -> str:
    if _ENCODER is None:  # no C accelerator (another Python): the same text, made the slow way
        import json

        return json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return "".join(_ENCODER(record, 0))
