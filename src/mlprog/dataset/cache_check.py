"""Checking what the data cache reads back, as strictly as the loader checks a data file.

A cache (see :mod:`mlprog.dataset.cache`) is a file in the user's folder: it may have
been edited, or damaged in a way SQLite does not notice, and a program whose
tuition is a string or NaN must not reach the ranking. Each check raises
ValueError (or TypeError, on a value of an unforeseen shape); the reader then
treats the cache as unusable, and it is rebuilt.

Programs are checked a column at a time, with the work done by builtins (set,
map, min, max, str.strip) rather than a Python step per value. Measured with
callgrind over 10,000 full cards, reading them took 423 million instructions and
checking them 204 million more (summaries: 171 and 86 million): half as much
again, where parsing the file instead costs many times the reading. The data set's
other parts are small: each is turned back into the table a data file gives and
built again with the loader's own checks.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

from ..errors import Problem
from ..model import Profile, Program
from .build import build_meta, build_sections
from .schema import PROGRAM_SCHEMA, SOURCES
from .validators import Validator, required_text, slug, text, text_list

#: The program fields that hold (name, detail) records.
_RECORDS = frozenset({"degrees", "labs", "faculty"})
_NONE = type(None)
#: Each field's default, which is valid wherever it is found; a field without one (id, rank, ...)
#: has a marker that no value equals.
_AT_DEFAULT = tuple(Program._field_defaults.get(name, object()) for name in Program._fields)
_first = operator.itemgetter(0)
#: What the characters of every id, run together, must be; with no id empty or starting with '-',
#: that is ``checks.ID_PATTERN`` for each, in one scan.
_ID_CHARACTERS = re.compile(r"[a-z0-9-]*")


def check_programs(programs: Sequence[Program]) -> set[str]:
    """Every program holds what the loader could have built: each field of its type, numbers
    finite and within the field's bounds, codes and ids of their form, ids unique. Their ids."""
    if not programs:
        raise ValueError("no programs")
    columns = list(zip(*programs, strict=True))
    for check, column, default in zip(_FIELD_CHECKS, columns, _AT_DEFAULT, strict=True):
        # A column all at its default (a detail no program has, or every detail in summaries)
        # needs nothing more: that is one pass in C.
        if column.count(default) != len(column):
            check(column)
    ids = set(columns[0])
    if len(ids) != len(programs):
        raise ValueError("two programs with one id")
    return ids


def _of_types(values: Iterable[Any], allowed: frozenset[type], name: str) -> None:
    if not set(map(type, values)) <= allowed:
        raise ValueError(f"{name}: a value of another type")


def _field_check(name: str) -> Callable[[tuple[Any, ...]], None]:
    """The check of one program field's column, from the field's type and its validator in the schema."""
    declared = Program.__annotations__[name]  # a ForwardRef: the model's annotations are strings
    annotation = str(getattr(declared, "__forward_arg__", declared))
    validator, required = PROGRAM_SCHEMA.get(name, (None, False))
    scalar = {"str": str, "int": int, "float": float}.get(annotation.removesuffix(" | None"))
    if validator is None:  # worked out by mlprog, or imported later (never cached): its default
        allowed = set(SOURCES) if name == "source" else {Program._field_defaults.get(name)}

        def check_default(column: tuple[Any, ...]) -> None:
            if not set(column) <= allowed:
                raise ValueError(f"{name}: a value a data file cannot give")

        return check_default
    if scalar is not None:
        types = frozenset({scalar} if required else {scalar, _NONE})

        def check_scalar(column: tuple[Any, ...]) -> None:
            _of_types(column, types, name)
            given = column if required else [value for value in column if value is not None]
            if scalar is float and not all(map(math.isfinite, given)):
                raise ValueError(f"{name}: not a finite number")
            if scalar is str:
                _check_texts(given, validator, name)
            elif given and (validator(min(given))[1] or validator(max(given))[1]):  # bounds: the ends suffice
                raise ValueError(f"{name}: out of bounds")

        return check_scalar
    if name in _RECORDS:  # built by the reader as (name, detail) records; each must be a pair of strings

        def check_records(column: tuple[Any, ...]) -> None:
            _of_types(column, frozenset({tuple}), name)
            records = list(chain.from_iterable(column))
            if not set(map(len, records)) <= {2}:
                raise ValueError(f"{name}: an entry of another layout")
            flat = list(chain.from_iterable(records))  # name, detail, name, detail, ...
            if not all(map(str.strip, flat[0::2])):  # a name that is not a string: TypeError
                raise ValueError(f"{name}: an entry with an empty name")
            _of_types(flat[1::2], frozenset({str, _NONE}), name)

        return check_records

    def check_words(column: tuple[Any, ...]) -> None:  # an array of strings
        _of_types(column, frozenset({tuple}), name)
        if validator is text_list:
            _of_types(chain.from_iterable(column), frozenset({str}), name)
            return
        for word in set(chain.from_iterable(column)):  # a closed list (delivery): each word once
            if validator([word])[1]:
                raise ValueError(f"{name}: {word!r} is not allowed")

    return check_words


def _check_texts(given: Sequence[str], validator: Validator, name: str) -> None:
    """Strings as the field's validator takes them: free text at once, anything else value by value."""
    if validator is text:
        return
    if validator is required_text:
        ok = all(map(str.strip, given))
    elif validator is slug:  # one scan of every id run together, and the first character of each
        ok = (
            all(given)
            and "-" not in set(map(_first, given))
            and bool(_ID_CHARACTERS.fullmatch("".join(given)))
        )
    else:  # a code (state, type): few values, each checked once
        ok = not any(validator(value)[1] for value in set(given))
    if not ok:
        raise ValueError(f"{name}: a value the data file could not give")


#: The check of each program field's column, in the order of Program's fields.
_FIELD_CHECKS = tuple(_field_check(name) for name in Program._fields)


def check_sections(sections: dict[str, Any], program_ids: set[str] | None) -> None:
    """The data set's other parts are what the loader builds from them: each is turned back
    into the table a data file would give, built again with the loader's own checks, and
    compared. They are small (the bundled data's take well under a millisecond)."""
    if not isinstance(sections["path"], str):
        raise ValueError("path: not a string")
    problems: list[Problem] = []
    meta = build_meta(_raw(sections["meta"]), problems)
    document = {name: _raw(value) for name, value in sections.items() if name not in ("meta", "path")}
    rebuilt = build_sections(document, program_ids, problems)
    if problems or meta != sections["meta"] or any(_raw(rebuilt[k]) != _raw(sections[k]) for k in rebuilt):
        raise ValueError("the data set's sections are not what a data file gives")


def _raw(value: Any) -> Any:
    """An object of the data set as the data file gave it: tables for records, arrays for tuples."""
    if isinstance(value, Profile):  # its weights and filters are tables in a data file
        raw = _raw_fields(value)
        raw["weights"] = dict(value.weights)
        raw["filters"] = {name: _raw(item) for name, item in value.filters}
        return raw
    if hasattr(type(value), "_fields") or hasattr(type(value), "__slots__"):  # a record of the model
        return _raw_fields(value)
    if isinstance(value, tuple):
        return [_raw(item) for item in value]
    return value


def _raw_fields(record: Any) -> dict[str, Any]:
    names = getattr(type(record), "_fields", None) or type(record).__slots__
    return {name: _raw(getattr(record, name)) for name in names if getattr(record, name) is not None}
