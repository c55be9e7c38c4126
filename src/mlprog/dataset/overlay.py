"""The user's own programs file, laid over the bundled data.

New ids are added; an existing id's fields are replaced by the ones the user
gives (only those are checked). Every program carries its ``source``, so a
card can say which facts are the user's and never credit the page with them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..files.reading import Unreadable, read_data_document, read_document
from ..model import Dataset, Program
from .build import build_dataset, program_label, repeated_ids
from .schema import PROGRAM_SCHEMA
from .validators import describe, validate_table

#: The sections a user's programs file may have.
OVERLAY_KEYS = ("programs", "profiles", "employer_benefits")


def user_programs_file() -> Path | None:
    """The user's programs file, if there is one."""
    from ..files.paths import is_there, user_paths

    candidate = user_paths().programs_file
    return candidate if is_there(candidate) else None


def with_source(dataset: Dataset, source: str, ids: Sequence[str] | None) -> Dataset:
    """The dataset with programs' source set: all of them (ids None) or those listed."""
    # tuple.__new__ with the field put in place: what _replace does, without its keyword
    # arguments and Python frames (a tenth of a first run over 100,000 programs).
    at = Program._fields.index("source")
    programs = tuple(
        tuple.__new__(Program, (*p[:at], source, *p[at + 1 :])) if ids is None or p.id in ids else p
        for p in dataset.programs
    )
    return dataset._replace(programs=programs)


def bundled_with_overlay(bundled: Path, user_file: Path | None) -> tuple[Dataset | None, list[Problem], Path]:
    """The bundled data with the user's file laid over it; problems, and the file they are in."""
    try:
        base = read_data_document(bundled)
    except Unreadable as exc:
        return None, [Problem("", exc.reason)], bundled
    if user_file is None:
        dataset, problems = build_dataset(base, str(bundled), page_when_read=True)
        return dataset, problems, bundled
    try:
        overlay = read_document(user_file, allow_empty=True)  # an empty file adds nothing
    except Unreadable as exc:
        return None, [Problem("", exc.reason)], user_file
    merged, added, changed, problems = merge(base, overlay)
    if problems:
        return None, problems, user_file
    dataset, problems = build_dataset(merged, str(bundled), page_when_read=True)
    if problems or dataset is None:
        # The bundled data is clean on its own, so what breaks it is the user's file.
        return None, problems, user_file
    dataset = with_source(dataset, "user", added)
    return with_source(dataset, "user_override", changed), [], bundled


def merge(
    base: Mapping[str, Any], overlay: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[str], list[Problem]]:
    """Lay a user's file over the bundled document: merged document, added ids, changed ids, problems."""
    problems: list[Problem] = []
    for key in sorted(set(overlay) - set(OVERLAY_KEYS)):
        listed = ", ".join(repr(k) for k in OVERLAY_KEYS)
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
            Problem("", f"'programs' must be an array of tables ([[programs]]), got {describe(raw)}")
        )
        raw = []
    repeated = repeated_ids(raw)
    for position, entry in enumerate(raw, start=1):
        label = program_label(position, entry, repeated)
        place = ("programs", position)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(
                Problem(
                    label,
                    "needs an 'id': an existing program's, to change it, or a new one",
                    ("programs", position, ""),
                )
            )
            continue
        if entry["id"] in programs:
            # Changing a bundled program: only the fields given are checked, and replace its own.
            partial = {name: spec for name, spec in PROGRAM_SCHEMA.items() if name in entry}
            validate_table(label, entry, partial, problems, place)
            programs[entry["id"]].update(entry)
            changed.append(entry["id"])
        else:
            validate_table(label, entry, PROGRAM_SCHEMA, problems, place)
            programs[entry["id"]] = dict(entry)
            added.append(entry["id"])
    merged["programs"] = list(programs.values())
    for section in ("profiles", "employer_benefits"):
        extra = overlay.get(section, [])
        if isinstance(extra, list):
            by_id: dict[object, Any] = {_key(e, n): e for n, e in enumerate(base.get(section, []))}
            for number, entry in enumerate(extra):
                by_id[_key(entry, ("yours", number))] = entry  # the same id replaces; anything else adds
            merged[section] = list(by_id.values())
        else:
            merged[section] = extra
    return merged, added, changed, problems


def _key(entry: Any, fallback: object) -> object:
    """An entry's id to merge on; an entry with no usable id keeps its own place (and is reported)."""
    identifier = entry.get("id") if isinstance(entry, dict) else None
    return identifier if isinstance(identifier, str) else fallback
