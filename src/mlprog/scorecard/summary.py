"""The one line an import ends with: rows read and kept, matched, other institutions, suppressed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .rows import MAX_DOLLARS
from .store import institution_key

if TYPE_CHECKING:
    from .field_of_study import Imported


def summary(imported: Imported, ranked_names: Iterable[str]) -> str:
    """One line: rows read, kept, matched to ranked programs, other institutions, values suppressed."""
    names = {institution_key(n) for n in ranked_names}
    matched = [r for r in imported.records if institution_key(r["institution"]) in names]
    programs = {r["institution"].lower() for r in matched}
    others = {
        r["unitid"] or r["institution"]
        for r in imported.records
        if institution_key(r["institution"]) not in names
    }
    return (
        f"Read {imported.rows:,} rows; kept {len(imported.records):,} master's rows "
        f"(CIP {', '.join(imported.cips)}); {len(matched):,} matched to {len(programs)} ranked "
        f"program{'s' if len(programs) != 1 else ''}; {len(others):,} other institution"
        f"{'s' if len(others) != 1 else ''} ('mlprog rank --unranked' lists them); "
        f"{imported.suppressed:,} value{'s' if imported.suppressed != 1 else ''} privacy-suppressed (PS)"
        + (
            f"; {imported.implausible:,} implausible value{'s' if imported.implausible != 1 else ''} "
            f"(negative, not finite, or above {MAX_DOLLARS:,}) left out as not reported."
            if imported.implausible
            else "."
        )
    )
