"""Validators for values read from data files, each saying what is wrong in words.

A validator takes a raw TOML value and returns ``(converted value, None)`` or
``(None, why it is wrong)``; :func:`validate_table` runs a table's validators and
collects every problem, labelled with the entry it is in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import Problem
from ..model import WEIGHT_FIELDS
from .states import STATE_NAMES

Validated = tuple[Any, str | None]
Validator = Callable[[Any], Validated]

PROGRAM_TYPES = ("public", "private")
DELIVERY_FORMATS = ("on campus", "online", "part-time", "full-time", "hybrid")
# What people type for each delivery format (folded: lowercase, spaces and hyphens as one space).
# The page treats evening study with part-time study ("Part-Time & Evening Options").
_DELIVERY_WORDS = {
    "on campus": "on campus",
    "oncampus": "on campus",
    "in person": "on campus",
    "campus": "on campus",
    "online": "online",
    "on line": "online",
    "remote": "online",
    "distance": "online",
    "part time": "part-time",
    "parttime": "part-time",
    "evening": "part-time",
    "evenings": "part-time",
    "full time": "full-time",
    "fulltime": "full-time",
    "hybrid": "hybrid",
}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# --- validators ----------------------------------------------------------------


def describe(value: Any) -> str:
    """A value as a message names it: ``a string ('abc')``, ``an array``."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a whole number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({shown!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def text(value: Any) -> Validated:
    """Any string."""
    if isinstance(value, str):
        return value, None
    return None, f"must be a string, got {describe(value)}"


def required_text(value: Any) -> Validated:
    """A string with something in it."""
    checked, error = text(value)
    if error is None and not checked.strip():
        return None, "must not be empty"
    return checked, error


def text_list(value: Any) -> Validated:
    """An array of strings, as a tuple."""
    if not isinstance(value, list):
        return None, f"must be an array of strings, got {describe(value)}"
    for index, item in enumerate(value, start=1):
        if not isinstance(item, str):
            return None, f"item {index} must be a string, got {describe(item)}"
    return tuple(value), None


def slug(value: Any) -> Validated:
    """An id people type: lowercase letters, digits and '-'."""
    checked, error = text(value)
    if error is not None:
        return None, error
    if not ID_PATTERN.fullmatch(checked):
        return None, f"must be a lowercase slug (letters a-z, digits and '-'), got {checked!r}"
    return checked, None


def whole(minimum: int, maximum: int | None, what: str) -> Validator:
    """A whole number from minimum to maximum (no upper bound if None)."""

    def validate(value: Any) -> Validated:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"must be {what}, got {describe(value)}"
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"{minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
            return None, f"must be {what} from {bounds}, got {value}"
        return value, None

    return validate


def score(value: Any) -> Validated:
    """A number from 0 to 100, as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"must be a number from 0 to 100, got {describe(value)}"
    if not math.isfinite(value) or not 0 <= value <= 100:
        return None, f"must be a number from 0 to 100, got {value}"
    return float(value), None


def years(value: Any) -> Validated:
    """A length of study in years, from MIN_YEARS to MAX_YEARS, as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"must be a number of years, got {describe(value)}"
    if not math.isfinite(value) or not MIN_YEARS <= value <= MAX_YEARS:
        return None, f"must be a number of years from {MIN_YEARS:g} to {MAX_YEARS:g}, got {value!r}"
    return float(value), None


# The lengths a data file may give for a degree (its typical full-time and part-time years).
# Costs divide by them and stretch by their ratio, so a length near zero (5e-324) would make
# any figure overflow. The bundled data gives 1.5-2 years full time and 2.5-4 part time; no
# master's takes less than a quarter (three months), and part-time study that must be finished
# within 10 years is the longest schools allow (`cost --years` takes up to 10 as well).
#: The shortest a degree can take, in years.
MIN_YEARS = 0.25
#: The longest a degree can take, in years, part time included.
MAX_YEARS = 10
#: The largest weight a personal ranking takes, either way.
MAX_WEIGHT = 1000
#: No tuition, salary, benefit or premium comes near this; a larger figure is a mistake.
MONEY_CEILING = 10_000_000


def boolean(value: Any) -> Validated:
    """true or false."""
    if isinstance(value, bool):
        return value, None
    return None, f"must be true or false, got {describe(value)}"


def state(value: Any) -> Validated:
    """A two-letter US state or territory code."""
    checked, error = text(value)
    if error is not None:
        return None, error
    if checked not in STATE_NAMES:
        return None, f"must be a two-letter US state or territory code such as 'PA', got {checked!r}"
    return checked, None


def state_list(value: Any) -> Validated:
    """An array of state codes."""
    items, error = text_list(value)
    if error is not None:
        return None, error
    for item in items:
        if item not in STATE_NAMES:
            return None, f"has {item!r}, which is not a US state or territory code"
    return items, None


def program_type(value: Any) -> Validated:
    """'public' or 'private'."""
    checked, error = text(value)
    if error is not None:
        return None, error
    if checked not in PROGRAM_TYPES:
        return None, f"must be 'public' or 'private', got {checked!r}"
    return checked, None


def delivery_format(typed: str) -> str | None:
    """The delivery format a person means (``part time``, ``evening`` -> ``part-time``); None if none."""
    folded = " ".join(typed.replace("-", " ").replace("_", " ").lower().split())
    return _DELIVERY_WORDS.get(folded)


def delivery(value: Any) -> Validated:
    """An array of the delivery formats mlprog knows."""
    items, error = text_list(value)
    if error is not None:
        return None, error
    for item in items:
        if item not in DELIVERY_FORMATS:
            allowed = ", ".join(repr(f) for f in DELIVERY_FORMATS)
            return None, f"has {item!r}; delivery formats are {allowed}"
    return items, None


def named_tables(kind: str, build: Callable[[str, str | None], Any]) -> Validator:
    """An array of {name, <kind>} tables such as degrees or labs, built with ``build``."""

    def validate(value: Any) -> Validated:
        if not isinstance(value, list):
            return None, f"must be an array of tables, got {describe(value)}"
        built = []
        for index, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                return None, f"item {index} must be a table, got {describe(item)}"
            unknown = sorted(set(item) - {"name", kind})
            if unknown:
                return None, f"item {index} has unknown key {unknown[0]!r} (allowed: 'name', {kind!r})"
            if "name" not in item:
                return None, f"item {index} is missing its required 'name'"
            name, error = required_text(item["name"])
            if error is not None:
                return None, f"item {index} 'name' {error}"
            detail = item.get(kind)
            if detail is not None and not isinstance(detail, str):
                return None, f"item {index} {kind!r} must be a string, got {describe(detail)}"
            built.append(build(name, detail))
        return tuple(built), None

    return validate


def pair(item: Validator, what: str) -> Validator:
    """A [low, high] pair of values, each checked by item, with low <= high."""

    def validate(value: Any) -> Validated:
        if not isinstance(value, list) or len(value) != 2:
            got = describe(value)
            if isinstance(value, list):  # "an array" is what a pair is too: say how many it holds
                got = f"an array of {len(value)} value{'s' if len(value) != 1 else ''}"
            return None, f"must be a pair [low, high] of {what}, got {got}"
        (low, low_error), (high, high_error) = item(value[0]), item(value[1])
        if low_error or high_error:
            return None, f"must be a pair [low, high] of {what}: {low_error or high_error}"
        if low > high:
            return None, f"must be a pair [low, high] with low <= high, got {value}"
        return (low, high), None

    return validate


def weights(value: Any) -> Validated:
    """A table of weight field = number, not all zero."""
    if not isinstance(value, dict) or not value:
        return None, f"must be a table of field = number, e.g. {{ score = 2 }}, got {describe(value)}"
    for name, weight in value.items():
        if name not in WEIGHT_FIELDS:
            return None, f"has unknown field {name!r}; fields: {', '.join(WEIGHT_FIELDS)}"
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
            return None, f"{name!r} must be a number, got {describe(weight)}"
        if abs(weight) > MAX_WEIGHT:
            return None, f"{name!r} must be from -{MAX_WEIGHT} to {MAX_WEIGHT}, got {weight}"
    if not any(value.values()):
        return None, "are all zero; at least one must not be"
    return tuple((name, float(weight)) for name, weight in value.items()), None


def validate_table(
    label: str,
    entry: Any,
    schema: Mapping[str, tuple[Validator, bool]],
    problems: list[Problem],
    place: tuple[str, int] | None = None,
) -> tuple[dict[str, Any], bool]:
    """Check one table against a schema: its valid fields, and whether all of it is valid.

    Each problem found is appended to ``problems``, labelled with ``label`` and,
    given the table's ``place`` (its array and entry number), the field's.
    """

    def problem(message: str, field: str = "") -> Problem:
        return Problem(label, message, (place[0], place[1], field) if place else None)

    if not isinstance(entry, dict):
        problems.append(problem(f"must be a table, got {describe(entry)}"))
        return {}, False
    found_before = len(problems)
    for key in sorted(set(entry) - set(schema)):
        problems.append(problem(f"unknown field {key!r}", key))
    values: dict[str, Any] = {}
    for name, (validator, required) in schema.items():
        if name not in entry:
            if required:
                problems.append(problem(f"missing required field {name!r}"))
            continue
        value, error = validator(entry[name])
        if error is not None:
            problems.append(problem(f"field {name!r} {error}", name))
        else:
            values[name] = value
    return values, len(problems) == found_before


def conflict_values(value: Any) -> Validated:
    """At least two {value, where} tables: what the page says, and where it says it."""
    from ..page_sections import ConflictValue

    if not isinstance(value, list) or len(value) < 2:
        return None, f"must be an array of at least two {{ value, where }} tables, got {describe(value)}"
    built = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) != {"value", "where"}:
            return None, f"item {index} must be a table with exactly 'value' and 'where'"
        said, error = required_text(item["value"])
        if error is not None:
            return None, f"item {index} 'value' {error}"
        places, error = text_list(item["where"])
        if error is not None or not places:
            return None, f"item {index} 'where' must name at least one place in the page"
        built.append(ConflictValue(said, places))
    return tuple(built), None


def records(
    build: Callable[..., Any], required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Validator:
    """An array of tables with these string keys, each built with ``build(**table)``."""

    def validate(value: Any) -> Validated:
        if not isinstance(value, list):
            return None, f"must be an array of tables, got {describe(value)}"
        built = []
        for index, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                return None, f"item {index} must be a table, got {describe(item)}"
            unknown = sorted(set(item) - set(required) - set(optional))
            if unknown:
                return None, f"item {index} has unknown key {unknown[0]!r}"
            for key in required:
                if key not in item:
                    return None, f"item {index} is missing its required {key!r}"
            for key, field in item.items():
                _, error = required_text(field)
                if error is not None:
                    return None, f"item {index} {key!r} {error}"
            built.append(build(**item))
        return tuple(built), None

    return validate


def soc_code(value: Any) -> Validated:
    """A Standard Occupational Classification code as the page writes it: ``15-1252``."""
    checked, error = text(value)
    if error is not None:
        return None, error
    if not re.fullmatch(r"\d{2}-\d{4}", checked):
        return None, f"must be an SOC code such as '15-1252', got {checked!r}"
    return checked, None
