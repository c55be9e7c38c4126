"""Imported Scorecard rows attached to programs: each program's rows, its main field's figures.

The page's program names are IPEDS institution names, so a program matches the
rows whose ``INSTNM`` is its name (see :func:`mlprog.scorecard.store.institution_key`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..model import NamedTuple, Profile, Program
from .field_of_study import SOURCE
from .rows import plausible
from .store import institution_key

if TYPE_CHECKING:
    from .store import Store

#: mlprog's own profile for imported figures (not one of the page's): offered once some are imported.
RETURN_PROFILE = Profile(
    id="return",
    title="Return on the degree (mlprog's own, for College Scorecard figures)",
    weights=(("earnings_1yr", 2.0), ("debt_to_earnings", -1.0), ("score", 1.0)),
    summary="Not one of the page's profiles: mlprog's own, for the College Scorecard figures you "
    "imported. Weighs median earnings a year after most, then debt to earnings (lower is better) "
    "and the page's score.",
)


class Outcomes(NamedTuple):
    """A program's Scorecard rows (one per field of study), the main one's CIP, and their source."""

    source: dict[str, Any]
    records: tuple[dict[str, Any], ...]
    main_cip: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """``{"source", "main_cip", "fields": [records]}``."""
        return {"source": self.source, "main_cip": self.main_cip, "fields": list(self.records)}


def _completions(record: Mapping[str, Any]) -> int:
    for key in ("completions_2", "completions_1"):
        value = record.get(key)
        if value is not None and plausible(key, value):
            return int(value)
    return 0


def attach(programs: Sequence[Program], store: Store) -> tuple[Program, ...]:
    """The programs with the rows of the institution of the same name, and their main figures.

    A program's main field of study is the one with the most completions; its
    figures become the program's ``earnings_1yr`` ... ``debt_to_earnings``
    (median debt over median earnings a year after). Every row stays in
    ``scorecard``, naming the main one.
    """
    by_name = store.rows_for(program.name for program in programs)
    attached = []
    for program in programs:
        records = by_name.get(institution_key(program.name))
        attached.append(with_records(program, records, store.source) if records else program)
    return tuple(attached)


def with_records(program: Program, records: Sequence[dict[str, Any]], source: dict[str, Any]) -> Program:
    """The program with these Scorecard rows and the figures of its main field (see :func:`attach`)."""
    main = max(records, key=_completions)  # the first of equals: the file's order
    earnings, debt = _figure(main, "earnings_1yr"), _figure(main, "debt_median")
    ratio = round(debt / earnings, 2) if debt is not None and earnings else None
    baseline = _figure(main, "bachelors_earnings_1yr")
    premium = earnings - baseline if earnings is not None and baseline is not None else None
    return program._replace(
        earnings_1yr=earnings,
        earnings_4yr=_figure(main, "earnings_4yr"),
        earnings_5yr=_figure(main, "earnings_5yr"),
        debt_median=debt,
        completions=_completions(main) or None,
        debt_to_earnings=ratio,
        earnings_premium=premium,
        scorecard=Outcomes(source, tuple(records), main.get("cip")),
    )


def _figure(record: Mapping[str, Any], key: str) -> int | None:
    value = record.get(key)
    # plausible() also keeps a stray NaN or infinity from round() and the ratios (the store checks too)
    return round(value) if value is not None and plausible(key, value) else None


def own_payback(programs: Sequence[Program]) -> tuple[str, str]:
    """The assumption (text, source) of a payback worked out from programs' own premiums."""
    shown = ", ".join(f"{p.id} ${p.earnings_premium:,}" for p in programs)
    return (
        f"For {', '.join(p.id for p in programs)}, payback uses the program's own premium instead: its "
        f"master's graduates' median earnings a year after, less its bachelor's graduates' in the same "
        f"field ({shown} a year).",
        f"{SOURCE} (imported with `mlprog import scorecard`)",
    )
