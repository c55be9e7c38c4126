"""Find, read and validate program data files.

A data file is untrusted input. :func:`check_file` reports every problem it
finds, each naming the program (by position and id) and the field;
:func:`load_dataset` raises :class:`~mlprog.errors.DataError` carrying them.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import DataError, Problem, UsageError
from .model import (
    WEIGHT_FIELDS,
    Dataset,
    Degree,
    EmployerBenefit,
    FacultyMember,
    Lab,
    Meta,
    Profile,
    Program,
    lookup_key,
)
from .states import STATE_NAMES

#: Environment variable naming a data file to use instead of the bundled one.
DATA_ENV = "MLPROG_DATA"
#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 16 * 1024 * 1024

PROGRAM_TYPES = ("public", "private")
DELIVERY_FORMATS = ("on campus", "online", "part-time", "full-time", "hybrid")
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOP_LEVEL_KEYS = ("meta", "programs", "employer_benefits", "profiles")


def bundled_data_path() -> Path:
    """Where the bundled data file is: inside the installed package, or the checkout.

    A wheel carries the file at ``mlprog/data/programs.toml``. An editable
    install and a source checkout use the one copy at the repository's top level.
    """
    packaged = Path(__file__).resolve().parent / "data" / "programs.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "programs.toml"


def resolve_data_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data file to use: the one named, else ``$MLPROG_DATA``, else the bundled one.

    An empty name is refused rather than read as "not given", so that
    ``--data "$UNSET_VARIABLE"`` fails instead of quietly using the bundled data.
    """
    if explicit is not None:
        if not str(explicit).strip():
            raise UsageError("the data file path is empty; name a file, or leave the option out")
        return Path(explicit)
    from_env = os.environ.get(DATA_ENV, "")
    if from_env:
        return Path(from_env)
    return bundled_data_path()


def load_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and validate the data in use; raise DataError listing every problem.

    A file named here or by ``$MLPROG_DATA`` is used on its own. Otherwise the
    bundled data is used, with the user's own programs file (see
    :mod:`mlprog.paths`) laid over it when there is one: new ids are added, and
    an existing id's fields are replaced by the ones the user gives.
    """
    explicit = _explicit_path(path)
    if explicit is not None:
        dataset, problems = _read_and_build(explicit)
        if problems or dataset is None:
            raise DataError(str(explicit), problems)
        return _with_source(dataset, "file", None)
    bundled = bundled_data_path()
    user_file = _user_programs_file()
    dataset, problems, failing = _bundled_with_overlay(bundled, user_file)
    if problems or dataset is None:
        raise DataError(str(failing), problems)
    return dataset


def check_files(path: str | os.PathLike[str] | None = None) -> list[tuple[Path, list[Problem]]]:
    """Validate without raising: each file checked, with its problems.

    A named file is checked on its own; otherwise the bundled data, and the
    user's programs file as laid over it, if there is one.
    """
    explicit = _explicit_path(path)
    if explicit is not None:
        return [(explicit, _read_and_build(explicit)[1])]
    bundled = bundled_data_path()
    results = [(bundled, _read_and_build(bundled)[1])]
    user_file = _user_programs_file()
    if user_file is not None:
        _, problems, failing = _bundled_with_overlay(bundled, user_file)
        results.append((user_file, problems if failing == user_file else []))
    return results


def check_file(path: str | os.PathLike[str] | None = None) -> tuple[Path, list[Problem]]:
    """Validate one data file without raising: the path checked and its problems."""
    resolved = resolve_data_path(path)
    _, problems = _read_and_build(resolved)
    return resolved, problems


def _explicit_path(path: str | os.PathLike[str] | None) -> Path | None:
    if path is None and not os.environ.get(DATA_ENV, ""):
        return None
    return resolve_data_path(path)


def _user_programs_file() -> Path | None:
    from .paths import user_paths

    candidate = user_paths().programs_file
    return candidate if candidate.exists() else None


def _read_and_build(path: Path) -> tuple[Dataset | None, list[Problem]]:
    try:
        document = _read(path)
    except _Unreadable as exc:
        return None, [Problem("", exc.reason)]
    return build_dataset(document, str(path))


def _read(path: Path) -> dict[str, Any]:
    try:
        return _read_document(path)
    except _Unreadable as exc:
        if exc.reason == "file not found" and path == bundled_data_path():
            raise _Unreadable(
                "the bundled data file is missing from this installation; reinstall mlprog"
            ) from None
        raise


def _with_source(dataset: Dataset, source: str, ids: Sequence[str] | None) -> Dataset:
    """The dataset with programs' source set: all of them (ids None) or those listed."""
    programs = tuple(p._replace(source=source) if ids is None or p.id in ids else p for p in dataset.programs)
    return dataset._replace(programs=programs)


def _bundled_with_overlay(
    bundled: Path, user_file: Path | None
) -> tuple[Dataset | None, list[Problem], Path]:
    """The bundled data with the user's file laid over it; problems, and the file they are in."""
    try:
        base = _read(bundled)
    except _Unreadable as exc:
        return None, [Problem("", exc.reason)], bundled
    if user_file is None:
        dataset, problems = build_dataset(base, str(bundled))
        return dataset, problems, bundled
    try:
        overlay = _read_document(user_file)
    except _Unreadable as exc:
        return None, [Problem("", exc.reason)], user_file
    merged, added, changed, problems = _merge(base, overlay)
    if problems:
        return None, problems, user_file
    dataset, problems = build_dataset(merged, str(bundled))
    if problems or dataset is None:
        # The bundled data is clean on its own, so what breaks it is the user's file.
        return None, problems, user_file
    dataset = _with_source(dataset, "user", added)
    return _with_source(dataset, "user_override", changed), [], bundled


def _merge(
    base: Mapping[str, Any], overlay: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[str], list[Problem]]:
    """Lay a user's file over the bundled document: merged document, added ids, changed ids, problems."""
    problems: list[Problem] = []
    allowed = ("programs", "profiles", "employer_benefits")
    for key in sorted(set(overlay) - set(allowed)):
        listed = ", ".join(repr(k) for k in allowed)
        problems.append(
            Problem("", f"unknown top-level key {key!r} in your programs file (allowed: {listed})")
        )
    merged = dict(base)
    added: list[str] = []
    changed: list[str] = []
    programs = {entry["id"]: dict(entry) for entry in base.get("programs", [])}
    raw = overlay.get("programs", [])
    if not isinstance(raw, list):
        problems.append(
            Problem("", f"'programs' must be an array of tables ([[programs]]), got {_describe(raw)}")
        )
        raw = []
    for position, entry in enumerate(raw, start=1):
        label = _program_label(position, entry)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(
                Problem(label, "needs an 'id': an existing program's, to change it, or a new one")
            )
            continue
        if entry["id"] in programs:
            # Changing a bundled program: only the fields given are checked, and replace its own.
            partial = {name: spec for name, spec in PROGRAM_SCHEMA.items() if name in entry}
            _check_table(label, entry, partial, problems)
            programs[entry["id"]].update(entry)
            changed.append(entry["id"])
        else:
            _check_table(label, entry, PROGRAM_SCHEMA, problems)
            programs[entry["id"]] = dict(entry)
            added.append(entry["id"])
    merged["programs"] = list(programs.values())
    for section in ("profiles", "employer_benefits"):
        extra = overlay.get(section, [])
        if isinstance(extra, list):
            by_id = {e.get("id"): e for e in base.get(section, []) if isinstance(e, dict)}
            for entry in extra:
                by_id[entry.get("id") if isinstance(entry, dict) else None] = entry
            merged[section] = list(by_id.values())
        else:
            merged[section] = extra
    return merged, added, changed, problems


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_toml(path: Path, *, allow_empty: bool = False) -> dict[str, Any]:
    """Read a TOML file with the data files' checks; DataError naming the file and the reason."""
    try:
        return _read_document(path, allow_empty=allow_empty)
    except _Unreadable as exc:
        raise DataError(str(path), [Problem("", exc.reason)]) from None


def _read_document(path: Path, *, allow_empty: bool = False) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _Unreadable("file not found") from None
    except IsADirectoryError:
        raise _Unreadable("is a directory, not a data file") from None
    except PermissionError:
        raise _Unreadable("permission denied: the file cannot be read") from None
    except OSError as exc:
        raise _Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise _Unreadable(f"file is larger than {limit} MiB; is it really a data file?")
    if not raw.strip() and not allow_empty:
        raise _Unreadable("file is empty; a data file needs [[programs]] entries")
    if b"\x00" in raw:
        raise _Unreadable("file holds binary data (NUL bytes), not TOML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    import tomli  # here, not at the top: `mlprog --version` never reads data

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise _Unreadable(f"line {exc.lineno}, column {exc.colno}: invalid TOML: {exc.msg}") from None
    except RecursionError:
        raise _Unreadable("nested too deeply to read") from None


# --- validation --------------------------------------------------------------

# A checker takes a raw TOML value and returns (converted value, error message).
# Exactly one of the two is None, except for a valid optional None.
_Checked = tuple[Any, str | None]
_Checker = Callable[[Any], _Checked]


def _describe(value: Any) -> str:
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


def _text(value: Any) -> _Checked:
    if isinstance(value, str):
        return value, None
    return None, f"must be a string, got {_describe(value)}"


def _required_text(value: Any) -> _Checked:
    text, error = _text(value)
    if error is None and not text.strip():
        return None, "must not be empty"
    return text, error


def _text_list(value: Any) -> _Checked:
    if not isinstance(value, list):
        return None, f"must be an array of strings, got {_describe(value)}"
    for index, item in enumerate(value, start=1):
        if not isinstance(item, str):
            return None, f"item {index} must be a string, got {_describe(item)}"
    return tuple(value), None


def _program_id(value: Any) -> _Checked:
    text, error = _text(value)
    if error is not None:
        return None, error
    if not _ID_PATTERN.match(text):
        return None, (f"must be a lowercase slug (letters a-z, digits and '-'), got {text!r}")
    return text, None


def _whole(minimum: int, maximum: int | None, what: str) -> _Checker:
    def check(value: Any) -> _Checked:
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"must be {what}, got {_describe(value)}"
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"{minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
            return None, f"must be {what} from {bounds}, got {value}"
        return value, None

    return check


def _score(value: Any) -> _Checked:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"must be a number from 0 to 100, got {_describe(value)}"
    if not math.isfinite(value) or not 0 <= value <= 100:
        return None, f"must be a number from 0 to 100, got {value}"
    return float(value), None


def _state(value: Any) -> _Checked:
    text, error = _text(value)
    if error is not None:
        return None, error
    if text not in STATE_NAMES:
        return None, f"must be a two-letter US state or territory code such as 'PA', got {text!r}"
    return text, None


def _program_type(value: Any) -> _Checked:
    text, error = _text(value)
    if error is not None:
        return None, error
    if text not in PROGRAM_TYPES:
        return None, f"must be 'public' or 'private', got {text!r}"
    return text, None


def _delivery(value: Any) -> _Checked:
    items, error = _text_list(value)
    if error is not None:
        return None, error
    for item in items:
        if item not in DELIVERY_FORMATS:
            allowed = ", ".join(repr(f) for f in DELIVERY_FORMATS)
            return None, f"has {item!r}; delivery formats are {allowed}"
    return items, None


def _tables(kind: str, build: Callable[[str, str | None], Any]) -> _Checker:
    """A checker for an array of {name, <detail>} tables such as degrees or labs."""

    def check(value: Any) -> _Checked:
        if not isinstance(value, list):
            return None, f"must be an array of tables, got {_describe(value)}"
        built = []
        for index, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                return None, f"item {index} must be a table, got {_describe(item)}"
            unknown = sorted(set(item) - {"name", kind})
            if unknown:
                return None, (f"item {index} has unknown key {unknown[0]!r} (allowed: 'name', {kind!r})")
            if "name" not in item:
                return None, f"item {index} is missing its required 'name'"
            name, error = _required_text(item["name"])
            if error is not None:
                return None, f"item {index} 'name' {error}"
            detail = item.get(kind)
            if detail is not None and not isinstance(detail, str):
                return None, f"item {index} {kind!r} must be a string, got {_describe(detail)}"
            built.append(build(name, detail))
        return tuple(built), None

    return check


# Field name -> (checker, required). Order is the order problems are reported in.
PROGRAM_SCHEMA: dict[str, tuple[_Checker, bool]] = {
    "id": (_program_id, True),
    "aliases": (_text_list, False),
    "rank": (_whole(1, None, "a whole number"), True),
    "name": (_required_text, True),
    "city": (_required_text, True),
    "state": (_state, True),
    "type": (_program_type, True),
    "tuition": (_whole(0, None, "a whole number of US dollars per year"), True),
    "graduation_rate": (_whole(0, 100, "a whole percent"), False),
    "score": (_score, True),
    "highlight": (_text, False),
    "insight": (_text, False),
    "overview": (_text, False),
    "degrees": (_tables("duration", Degree), False),
    "labs": (_tables("focus", Lab), False),
    "industry_partners": (_text_list, False),
    "top_employers": (_text_list, False),
    "common_roles": (_text_list, False),
    "faculty": (_tables("focus", FacultyMember), False),
    "admissions_gpa": (_text, False),
    "accreditations": (_text_list, False),
    "delivery": (_delivery, False),
    "location_advantages": (_text_list, False),
    "notes": (_text_list, False),
}


def _pair(item: _Checker, what: str) -> _Checker:
    """A [low, high] pair of values, each checked by item, with low <= high."""

    def check(value: Any) -> _Checked:
        if not isinstance(value, list) or len(value) != 2:
            return None, f"must be a pair [low, high] of {what}, got {_describe(value)}"
        (low, low_error), (high, high_error) = item(value[0]), item(value[1])
        if low_error or high_error:
            return None, f"must be a pair [low, high] of {what}: {low_error or high_error}"
        if low > high:
            return None, f"must be a pair [low, high] with low <= high, got {value}"
        return (low, high), None

    return check


def _positive_number(value: Any) -> _Checked:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, f"must be a number, got {_describe(value)}"
    if not math.isfinite(value) or value <= 0 or value > 100:
        return None, f"must be a number above 0 (and at most 100), got {value}"
    return float(value), None


def _boolean(value: Any) -> _Checked:
    if isinstance(value, bool):
        return value, None
    return None, f"must be true or false, got {_describe(value)}"


META_SCHEMA: dict[str, _Checker] = {
    "source_name": _text,
    "source_title": _text,
    "source_year": _whole(1900, 2100, "a year"),
    "data_basis": _text,
    "programs_analyzed": _whole(0, None, "a whole number"),
    "programs_listed": _whole(0, None, "a whole number"),
    "median_salary_usd_per_year": _whole(0, None, "a whole number of US dollars per year"),
    "median_salary_role": _text,
    "job_growth_percent": _score,
    "job_growth_through": _whole(1900, 2200, "a year"),
    "statistics_source": _text,
    "salary_premium_usd_per_year": _pair(_whole(0, None, "a whole number"), "US dollars per year"),
    "tax_free_employer_benefit_usd_per_year": _whole(0, None, "a whole number of US dollars per year"),
    "full_time_years": _pair(_positive_number, "years"),
    "part_time_years": _pair(_positive_number, "years"),
    "notes": _text_list,
}

BENEFIT_SCHEMA: dict[str, tuple[_Checker, bool]] = {
    "id": (_program_id, True),
    "name": (_required_text, True),
    "aliases": (_text_list, False),
    "cap_usd_per_year": (_whole(0, None, "a whole number of US dollars per year"), False),
    "percent": (_whole(0, 100, "a whole percent"), False),
    "service_commitment_years": (_whole(0, None, "a whole number of years"), False),
    "note": (_text, False),
}


def _weights(value: Any) -> _Checked:
    if not isinstance(value, dict) or not value:
        return None, f"must be a table of field = number, e.g. {{ score = 2 }}, got {_describe(value)}"
    for name, weight in value.items():
        if name not in WEIGHT_FIELDS:
            return None, f"has unknown field {name!r}; fields: {', '.join(WEIGHT_FIELDS)}"
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight):
            return None, f"{name!r} must be a number, got {_describe(weight)}"
    if not any(value.values()):
        return None, "are all zero; at least one must not be"
    return tuple((name, float(weight)) for name, weight in value.items()), None


def _state_list(value: Any) -> _Checked:
    items, error = _text_list(value)
    if error is not None:
        return None, error
    for item in items:
        if item not in STATE_NAMES:
            return None, f"has {item!r}, which is not a US state or territory code"
    return items, None


PROFILE_FILTER_SCHEMA: dict[str, tuple[_Checker, bool]] = {
    "states": (_state_list, False),
    "type": (_program_type, False),
    "max_tuition": (_whole(0, None, "a whole number of US dollars per year"), False),
    "min_graduation_rate": (_whole(0, 100, "a whole percent"), False),
    "min_score": (_score, False),
    "delivery": (_delivery, False),
}


def _filters(value: Any) -> _Checked:
    problems: list[Problem] = []
    values, ok = _check_table("", value, PROFILE_FILTER_SCHEMA, problems)
    if not ok:
        return None, "; ".join(p.message for p in problems)
    return tuple(values.items()), None


PROFILE_SCHEMA: dict[str, tuple[_Checker, bool]] = {
    "id": (_program_id, True),
    "title": (_required_text, True),
    "summary": (_text, False),
    "weights": (_weights, True),
    "filters": (_filters, False),
    "requires_state": (_boolean, False),
}


def build_dataset(document: Mapping[str, Any], path: str) -> tuple[Dataset | None, list[Problem]]:
    """Validate a parsed TOML document; the dataset (if clean) and every problem."""
    problems: list[Problem] = []
    for key in sorted(set(document) - set(TOP_LEVEL_KEYS)):
        allowed = ", ".join(repr(k) for k in TOP_LEVEL_KEYS)
        problems.append(Problem("", f"unknown top-level key {key!r} (allowed: {allowed})"))

    meta = _build_meta(document.get("meta", {}), problems)

    raw_programs = document.get("programs")
    programs: list[Program] = []
    if raw_programs is None:
        problems.append(Problem("", "no programs: the file needs [[programs]] entries"))
    elif not isinstance(raw_programs, list):
        problems.append(
            Problem(
                "", f"'programs' must be an array of tables ([[programs]]), got {_describe(raw_programs)}"
            )
        )
    elif not raw_programs:
        problems.append(Problem("", "no programs: 'programs' is empty"))
    else:
        checked = [
            _check_program(position, entry, problems) for position, entry in enumerate(raw_programs, 1)
        ]
        _check_across([values for values, _ in checked], problems)
        programs = [Program(**values) for values, ok in checked if ok]

    benefits = _build_section(document, "employer_benefits", BENEFIT_SCHEMA, problems)
    for values in benefits:
        if values.get("cap_usd_per_year") is None and values.get("percent") is None:
            where = f"employer benefit {values.get('id')!r}"
            problems.append(Problem(where, "needs either 'cap_usd_per_year' or 'percent'"))
    profiles = _build_section(document, "profiles", PROFILE_SCHEMA, problems)

    if problems:
        return None, problems
    programs.sort(key=lambda p: (p.rank, p.id))
    dataset = Dataset(
        programs=tuple(programs),
        meta=meta,
        path=path,
        employer_benefits=tuple(EmployerBenefit(**values) for values in benefits),
        profiles=tuple(Profile(**values) for values in profiles),
    )
    return dataset, problems


def _build_section(
    document: Mapping[str, Any],
    key: str,
    schema: Mapping[str, tuple[_Checker, bool]],
    problems: list[Problem],
) -> list[dict[str, Any]]:
    """Check an optional array of tables such as [[profiles]]; the valid entries' fields."""
    raw = document.get(key, [])
    kind = key.rstrip("s").replace("_", " ")
    if not isinstance(raw, list):
        problems.append(Problem("", f"{key!r} must be an array of tables ([[{key}]]), got {_describe(raw)}"))
        return []
    entries = []
    seen: set[str] = set()
    for position, entry in enumerate(raw, start=1):
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"{kind} {position}" + (f" ({name!r})" if isinstance(name, str) else "")
        values, ok = _check_table(label, entry, schema, problems)
        if "id" in values and values["id"] in seen:
            problems.append(Problem(label, "duplicate id: another entry already uses it"))
        seen.add(values.get("id", ""))
        if ok:
            entries.append(values)
    return entries


def _program_label(position: int, entry: Any) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return f"program {position} ({entry['id']!r})"
    return f"program {position}"


def _check_program(position: int, entry: Any, problems: list[Problem]) -> tuple[dict[str, Any], bool]:
    """The fields of a program entry that are valid, and whether the whole entry is."""
    return _check_table(_program_label(position, entry), entry, PROGRAM_SCHEMA, problems)


def _check_table(
    label: str, entry: Any, schema: Mapping[str, tuple[_Checker, bool]], problems: list[Problem]
) -> tuple[dict[str, Any], bool]:
    """Check one table against a schema: its valid fields, and whether all of it is valid."""
    if not isinstance(entry, dict):
        problems.append(Problem(label, f"must be a table, got {_describe(entry)}"))
        return {}, False
    found_before = len(problems)
    for key in sorted(set(entry) - set(schema)):
        problems.append(Problem(label, f"unknown field {key!r}"))
    values: dict[str, Any] = {}
    for name, (checker, required) in schema.items():
        if name not in entry:
            if required:
                problems.append(Problem(label, f"missing required field {name!r}"))
            continue
        value, error = checker(entry[name])
        if error is not None:
            problems.append(Problem(label, f"field {name!r} {error}"))
        else:
            values[name] = value
    return values, len(problems) == found_before


def _build_meta(raw: Any, problems: list[Problem]) -> Meta:
    if not isinstance(raw, dict):
        problems.append(Problem("meta", f"must be a table, got {_describe(raw)}"))
        return Meta()
    values: dict[str, Any] = {}
    for key in sorted(set(raw) - set(META_SCHEMA)):
        problems.append(Problem("meta", f"unknown field {key!r}"))
    for name, checker in META_SCHEMA.items():
        if name in raw:
            value, error = checker(raw[name])
            if error is not None:
                problems.append(Problem("meta", f"field {name!r} {error}"))
            else:
                values[name] = value
    return Meta(**values)


def _check_across(entries: list[dict[str, Any]], problems: list[Problem]) -> None:
    """Problems between programs: shared ids, ranks, or names and aliases.

    Works on each entry's valid fields, so a program with some other broken
    field is still checked against the rest.
    """
    seen_ids: set[str] = set()
    for entry in entries:
        if "id" not in entry:
            continue
        if entry["id"] in seen_ids:
            problems.append(
                Problem(f"program {entry['id']!r}", "duplicate id: another program already uses it")
            )
        seen_ids.add(entry["id"])

    rank_holder: dict[int, str] = {}
    for entry in entries:
        if "rank" not in entry:
            continue
        rank, who = entry["rank"], entry.get("id", "?")
        if rank in rank_holder:
            message = f"field 'rank' repeats rank {rank}, already held by {rank_holder[rank]!r}"
            problems.append(Problem(f"program {who!r}", message))
        else:
            rank_holder[rank] = who

    # An alias must not resolve to another program's id, name or alias.
    owner: dict[str, str] = {}
    for entry in entries:
        for key in ("id", "name"):
            if key in entry and "id" in entry:
                owner.setdefault(lookup_key(entry[key]), entry["id"])
    for entry in entries:
        if "id" not in entry:
            continue
        for alias in entry.get("aliases", ()):
            key = lookup_key(alias)
            if not key:
                problems.append(Problem(f"program {entry['id']!r}", "field 'aliases' has an empty alias"))
                continue
            holder = owner.setdefault(key, entry["id"])
            if holder != entry["id"]:
                problems.append(
                    Problem(f"program {entry['id']!r}", f"alias {alias!r} collides with program {holder!r}")
                )
