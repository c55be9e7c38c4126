"""Institutions the page does not rank, known from the user's College Scorecard import alone.

An import keeps the master's rows of every institution in the chosen fields.
The rows of an institution whose name is no ranked program's make a program of
its own: ``source`` "scorecard", its type from the Scorecard's ``CONTROL``, its
figures from its rows, and no rank, city, state, tuition or score (the page
gives none, and the Field-of-Study file has no city or state). They are built
only when asked for: ``--unranked`` on a selection, or a name that no ranked
program answers to. :func:`group` runs at import time, so that building them
later reads one stored entry per institution.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .model import Program
from .scorecard import folded, with_records

#: The Scorecard's CONTROL text -> the page's program type (None where it has none: "Foreign").
_TYPES = {"public": "public", "private, nonprofit": "private", "private, for-profit": "private"}
#: Longer ids are cut at a word: people type them.
MAX_ID = 48


def slug(name: str, unitid: str) -> str:
    """An id people can type, from a name: ``Georgia State University`` -> ``georgia-state-university``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > MAX_ID:
            break
        text = f"{text}-{word}" if text else word
    return text or f"institution-{re.sub(r'[^0-9a-z]', '', unitid.lower()) or 'unknown'}"


def group(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One entry per institution (by UNITID), in the file's order: its id, name, control and rows.

    Two institutions with the same name each get their UNITID in their id.
    """
    entries: dict[str, dict[str, Any]] = {}
    for record in records:
        unit = str(record.get("unitid") or "") or str(record["institution"])
        entry = entries.get(unit)
        if entry is None:
            entry = entries[unit] = {
                "unitid": str(record.get("unitid") or ""),
                "name": record["institution"],
                "control": record.get("control") or None,
                "records": [],
            }
        entry["records"].append(dict(record))
    names = Counter(folded(entry["name"]) for entry in entries.values())
    for entry in entries.values():
        entry["id"] = slug(entry["name"], entry["unitid"])
        if names[folded(entry["name"])] > 1:
            entry["id"] += f"-{entry['unitid']}"
    return list(entries.values())


def programs(
    entries: Iterable[Mapping[str, Any]], source: dict[str, Any], taken: Sequence[Program]
) -> list[Program]:
    """The entries as programs of their own; an id a ranked program has gets the UNITID added."""
    used = {name for program in taken for name in (program.id, *program.aliases)}
    made = []
    for entry in entries:
        ident = entry["id"]
        if ident in used:
            ident = f"{ident}-{entry['unitid']}" if entry["unitid"] else f"{ident}-scorecard"
        if ident in used:
            continue  # an id no entry can have unless a data file takes both: left out, not shadowed
        used.add(ident)
        control = str(entry.get("control") or "")
        bare = Program(
            ident,
            None,
            str(entry["name"]),
            None,
            None,
            _TYPES.get(" ".join(control.lower().split())),
            None,
            None,
            source="scorecard",
        )
        made.append(with_records(bare, entry["records"], source))
    return made
