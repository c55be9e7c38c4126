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

from ..model import Program
from .outcomes import with_records

#: The Scorecard's CONTROL text -> the page's program type (None where it has none: "Foreign").
_TYPES = {"public": "public", "private, nonprofit": "private", "private, for-profit": "private"}
#: Longer ids are cut at a word: people type them, and tables show them whole.
MAX_ID = 32
#: Words an id leaves out:
#: ``University of North Carolina at Chapel Hill`` -> ``university-north-carolina-chapel``.
_FILLERS = frozenset({"of", "the", "at", "and", "in", "for", "a", "an"})


def unranked_id(name: str, unitid: str) -> str:
    """An id people can type, from a name: ``Georgia State University`` -> ``georgia-state-university``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    words = [word for word in words if word not in _FILLERS] or words
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > MAX_ID:
            break
        text = f"{text}-{word}" if text else word
    return text or f"institution-{_unit(unitid)}"


def group(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One entry per institution (by UNITID), in the file's order: its id, name, control and rows.

    Ids are unique: institutions whose names make the same id (the same name,
    or names alike up to punctuation or the cut) each get their UNITID in it.
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
    for entry in entries.values():
        entry["id"] = unranked_id(entry["name"], entry["unitid"])
    shared = Counter(entry["id"] for entry in entries.values())
    taken = {ident for ident, count in shared.items() if count == 1}
    # The last number given to each id: many UNITIDs written alike (10,000 rows of one name
    # with "-" or "." for a UNITID) take the next one, never counting again from 2.
    numbered: dict[str, int] = {}
    for entry in entries.values():
        if shared[entry["id"]] > 1:
            base = f"{entry['id']}-{_unit(entry['unitid'])}"
            ident, number = base, numbered.get(base, 1)
            while ident in taken:  # a UNITID repeated, or written alike: numbered in file order
                number += 1
                ident = f"{base}-{number}"
            numbered[base] = number
            entry["id"] = ident
            taken.add(ident)
    return list(entries.values())


def _unit(unitid: str) -> str:
    """A UNITID as it may stand in an id (it is digits in the real file)."""
    return re.sub(r"[^0-9a-z]", "", unitid.lower()) or "x"


def programs(
    entries: Iterable[Mapping[str, Any]], source: dict[str, Any], taken: Sequence[Program]
) -> list[Program]:
    """The entries as programs of their own; an id a ranked program has gets the UNITID added."""
    used = {name for program in taken for name in (program.id, *program.aliases)}
    made = []
    for entry in entries:
        ident = entry["id"]
        if ident in used:
            ident = f"{ident}-{_unit(entry['unitid'])}"
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
