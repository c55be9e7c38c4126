"""Build the data set from a parsed data file, validating every entry against the schema.

A data file is untrusted input: :func:`build_dataset` reports every problem it
finds, each naming the program (by position and id) and the field, and builds
the data set only when there are none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar, overload

from ..errors import DataError, Problem
from ..model import Dataset, EmployerBenefit, Meta, Profile, Program, lookup_key
from ..page_sections import Career, Conflict, GuideTopic, TopState
from .schema import (
    BENEFIT_SCHEMA,
    CAREER_SCHEMA,
    CONFLICT_SCHEMA,
    GUIDE_SCHEMA,
    META_SCHEMA,
    PROFILE_SCHEMA,
    PROGRAM_SCHEMA,
    TOP_LEVEL_KEYS,
    TOP_STATE_SCHEMA,
)
from .validators import Validator, describe, validate_table


def build_dataset(
    document: Mapping[str, Any], path: str, source: str = "bundled", *, page_when_read: bool = False
) -> tuple[Dataset | None, list[Problem]]:
    """Validate a parsed TOML document; the dataset (if clean) and every problem. Each program's
    ``source`` is the one given (see ``Program.source``).

    ``page_when_read``: the page's conflicts, careers, top states and guide are
    checked when first read (see :class:`CheckedWhenRead`), not now; for the
    bundled data file's, which ship checked and which most commands never read.
    """
    problems: list[Problem] = []
    for key in sorted(set(document) - set(TOP_LEVEL_KEYS)):
        allowed = ", ".join(repr(k) for k in TOP_LEVEL_KEYS)
        problems.append(Problem("", f"unknown top-level key {key!r} (allowed: {allowed})"))

    meta = build_meta(document.get("meta", {}), problems)

    raw_programs = document.get("programs")
    programs: list[Program] = []
    if raw_programs is None:
        problems.append(Problem("", "no programs: the file needs [[programs]] entries"))
    elif not isinstance(raw_programs, list):
        problems.append(
            Problem("", f"'programs' must be an array of tables ([[programs]]), got {describe(raw_programs)}")
        )
    elif not raw_programs:
        problems.append(Problem("", "no programs: 'programs' is empty"))
    else:
        repeated = repeated_ids(raw_programs)
        labels = [program_label(position, entry, repeated) for position, entry in enumerate(raw_programs, 1)]
        checked = [
            validate_table(label, entry, PROGRAM_SCHEMA, problems, ("programs", position))
            for position, (label, entry) in enumerate(zip(labels, raw_programs, strict=True), 1)
        ]
        _check_across(list(zip(labels, (values for values, _ in checked), strict=True)), problems)
        programs = [Program(**values, source=source) for values, ok in checked if ok]

    program_ids = {program.id for program in programs}
    if page_when_read:
        sections = build_sections(document, program_ids, problems, only=("employer_benefits", "profiles"))
        for name in PAGE_SECTIONS:
            sections[name] = CheckedWhenRead(document, name, path, program_ids)
    else:
        sections = build_sections(document, program_ids, problems)
    if problems:
        return None, problems
    programs.sort(key=lambda p: (p.rank, p.id))
    return Dataset(programs=tuple(programs), meta=meta, path=path, **sections), problems


#: Each section besides the programs and [meta]: its schema, the field unique across its entries,
#: and the class of an entry.
_SECTIONS: dict[str, tuple[Mapping[str, tuple[Validator, bool]], str, type]] = {
    "employer_benefits": (BENEFIT_SCHEMA, "id", EmployerBenefit),
    "profiles": (PROFILE_SCHEMA, "id", Profile),
    "conflicts": (CONFLICT_SCHEMA, "id", Conflict),
    "careers": (CAREER_SCHEMA, "title", Career),
    "top_states": (TOP_STATE_SCHEMA, "state", TopState),
    "guide": (GUIDE_SCHEMA, "id", GuideTopic),
}
#: The page's own sections, which only some commands read (show, payoff, browse, sources and the
#: page's commands).
PAGE_SECTIONS = ("conflicts", "careers", "top_states", "guide")


def build_sections(
    document: Mapping[str, Any],
    program_ids: set[str] | None,
    problems: list[Problem],
    only: Sequence[str] = tuple(_SECTIONS),
) -> dict[str, Any]:
    """Everything of a data file but its programs and [meta] (or the sections named ``only``),
    checked: the data set's other fields by name.

    Each problem found is appended to ``problems``. ``program_ids`` are the ids a
    conflict may be about; None leaves that unchecked. The data cache checks what
    it reads back with this too (see :mod:`mlprog.dataset.cache`).
    """
    checked = {name: _section_values(document, name, problems) for name in only}
    if "conflicts" in checked:  # after every section's own problems
        _check_about(checked["conflicts"], program_ids, problems)
    return {name: tuple(_SECTIONS[name][2](**values) for values in checked[name]) for name in only}


def _section_values(document: Mapping[str, Any], name: str, problems: list[Problem]) -> list[dict[str, Any]]:
    """A section's valid entries' fields, checked as :func:`_build_section` checks them."""
    schema, key, _ = _SECTIONS[name]
    entries = _build_section(document, name, schema, problems, key=key)
    if name == "employer_benefits":
        for values in entries:
            if values.get("cap_usd_per_year") is None and values.get("percent") is None:
                where = f"employer benefit {values.get('id')!r}"
                problems.append(Problem(where, "needs either 'cap_usd_per_year' or 'percent'"))
    return entries


def _check_about(
    conflicts: list[dict[str, Any]], program_ids: set[str] | None, problems: list[Problem]
) -> None:
    """Each conflict is about the page or a program of the file."""
    for values in conflicts:
        if program_ids is not None and values["about"] != "page" and values["about"] not in program_ids:
            where = f"conflict {values['id']!r}"
            problems.append(
                Problem(where, f"'about' must be 'page' or a program's id, got {values['about']!r}")
            )


T = TypeVar("T")


class CheckedWhenRead(Sequence[T]):
    """A section of the page, checked and built the first time it is read.

    Checking the conflicts, careers, top states and guide is a fifth of reading
    the bundled data, which every data command does, though only a few commands
    read them. A problem found (in a bundled file edited by hand: it ships
    checked, and ``mlprog validate`` checks it whole) is the same DataError the
    whole load would raise, from the command that reads the section.
    """

    __slots__ = ("_document", "_entries", "_name", "_path", "_program_ids")

    def __init__(self, document: Mapping[str, Any], name: str, path: str, program_ids: set[str]) -> None:
        self._document, self._name, self._path, self._program_ids = document, name, path, program_ids
        self._entries: tuple[T, ...] | None = None

    def _checked(self) -> tuple[T, ...]:
        if self._entries is None:
            problems: list[Problem] = []
            entries = build_sections(self._document, self._program_ids, problems, only=(self._name,))
            if problems:
                from pathlib import Path

                from ..files.locate import with_lines

                raise DataError(self._path, with_lines(Path(self._path), problems))
            self._entries = entries[self._name]
        return self._entries

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self._checked()[index]

    def __len__(self) -> int:
        return len(self._checked())

    def __iter__(self) -> Iterator[T]:
        return iter(self._checked())

    def __eq__(self, other: object) -> bool:
        """Equal to a sequence of the same entries, as a tuple of them would be."""
        if isinstance(other, CheckedWhenRead | tuple):
            return self._checked() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._checked())

    def __repr__(self) -> str:
        return repr(self._checked())


def repeated_ids(entries: Sequence[Any], key: str = "id") -> set[str]:
    """The ids more than one entry gives."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for entry in entries:
        identifier = entry.get(key) if isinstance(entry, dict) else None
        if isinstance(identifier, str):
            (repeated if identifier in seen else seen).add(identifier)
    return repeated


def entry_label(
    kind: str, position: int, entry: Any, repeated: set[str] | None = None, key: str = "id"
) -> str:
    """How a problem names an entry: by its id (``program 'cmu'``), or by its place
    (``program entry 3``) when the id is missing or given by another entry too."""
    identifier = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(identifier, str) or not identifier.strip():
        return f"{kind} entry {position}"
    if repeated and identifier in repeated:
        return f"{kind} entry {position} ({key} {identifier!r}, repeated)"
    return f"{kind} {identifier!r}"


def program_label(position: int, entry: Any, repeated: set[str] | None = None) -> str:
    """How a problem names a program entry (see :func:`entry_label`)."""
    return entry_label("program", position, entry, repeated)


def _build_section(
    document: Mapping[str, Any],
    section: str,
    schema: Mapping[str, tuple[Validator, bool]],
    problems: list[Problem],
    *,
    key: str = "id",
) -> list[dict[str, Any]]:
    """Check an optional array of tables such as [[profiles]]; the valid entries' fields.

    ``key`` names the field that must be unique across the entries.
    """
    raw = document.get(section, [])
    kind = section.rstrip("s").replace("_", " ")
    if not isinstance(raw, list):
        problems.append(
            Problem("", f"{section!r} must be an array of tables ([[{section}]]), got {describe(raw)}")
        )
        return []
    entries = []
    seen: set[str] = set()
    repeated = repeated_ids(raw, key)
    for position, entry in enumerate(raw, start=1):
        label = entry_label(kind, position, entry, repeated, key)
        values, ok = validate_table(label, entry, schema, problems, (section, position))
        if key in values and values[key] in seen:
            problems.append(
                Problem(label, f"duplicate {key}: another entry already uses it", (section, position, key))
            )
        seen.add(values.get(key, ""))
        if ok:
            entries.append(values)
    return entries


def build_meta(raw: Any, problems: list[Problem]) -> Meta:
    """The [meta] table, checked; each problem found is appended to ``problems``."""
    if not isinstance(raw, dict):
        problems.append(Problem("meta", f"must be a table, got {describe(raw)}", ("meta", 0, "")))
        return Meta()
    values: dict[str, Any] = {}
    for key in sorted(set(raw) - set(META_SCHEMA)):
        problems.append(Problem("meta", f"unknown field {key!r}", ("meta", 0, key)))
    for name, validator in META_SCHEMA.items():
        if name in raw:
            value, error = validator(raw[name])
            if error is not None:
                problems.append(Problem("meta", f"field {name!r} {error}", ("meta", 0, name)))
            else:
                values[name] = value
    return Meta(**values)


def _check_across(entries: Sequence[tuple[str, dict[str, Any]]], problems: list[Problem]) -> None:
    """Problems between programs: shared ids, ranks, or names and aliases.

    Works on each entry's valid fields (with its label), so a program with some
    other broken field is still checked against the rest.
    """
    seen_ids: set[str] = set()
    for position, (label, entry) in enumerate(entries, 1):
        if "id" not in entry:
            continue
        if entry["id"] in seen_ids:
            place = ("programs", position, "id")
            problems.append(Problem(label, "duplicate id: another program already uses it", place))
        seen_ids.add(entry["id"])

    rank_holder: dict[int, str] = {}
    for position, (label, entry) in enumerate(entries, 1):
        if "rank" not in entry:
            continue
        rank = entry["rank"]
        if rank in rank_holder:
            message = f"field 'rank' repeats rank {rank}, already held by {rank_holder[rank]}"
            problems.append(Problem(label, message, ("programs", position, "rank")))
        else:
            rank_holder[rank] = label.removeprefix("program ")

    # An alias must not resolve to another program's id, name or alias.
    owner: dict[str, str] = {}
    for _, entry in entries:
        for key in ("id", "name"):
            if key in entry and "id" in entry:
                owner.setdefault(lookup_key(entry[key]), entry["id"])
    for position, (label, entry) in enumerate(entries, 1):
        if "id" not in entry:
            continue
        place = ("programs", position, "aliases")
        for alias in entry.get("aliases", ()):
            key = lookup_key(alias)
            if not key:
                problems.append(Problem(label, "field 'aliases' has an empty alias", place))
                continue
            holder = owner.setdefault(key, entry["id"])
            if holder != entry["id"]:
                problems.append(Problem(label, f"alias {alias!r} collides with program {holder!r}", place))
