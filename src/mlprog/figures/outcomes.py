"""The College Scorecard outcomes bundled for the ranked programs' institutions (data/outcomes.json).

Matched, as an import is, on the institution's Scorecard name, which is the
program's name. A user's own import (``mlprog import scorecard``) replaces them:
:func:`outcomes_in_use` says which is in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .files import read_figures, whole_number

if TYPE_CHECKING:
    from ..model import Program

FILE = "outcomes.json"

#: How a figure the Scorecard does not give reads (the package publishes suppressed and not reported alike).
WITHHELD = "withheld: suppressed for privacy (too few graduates) or not reported"


class FieldOutcome:
    """One field of study's master's figures; None where the Scorecard gives none."""

    __slots__ = ("cip", "completions", "debt_median", "earnings_median", "earnings_years_after", "field")

    def __init__(
        self,
        cip: str,
        field: str,
        completions: int | None,
        earnings_median: int | None,
        earnings_years_after: int | None,
        debt_median: int | None,
    ) -> None:
        self.cip = cip
        self.field = field
        self.completions = completions
        self.earnings_median = earnings_median
        self.earnings_years_after = earnings_years_after  # 4, or 1 where the 4-year figure is withheld
        self.debt_median = debt_median

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, a figure not given as null beside ``withheld`` naming it."""
        names = ("cip", "field", "completions", "earnings_median", "earnings_years_after", "debt_median")
        record: dict[str, Any] = {name: getattr(self, name) for name in names}
        record["withheld"] = [
            name for name in ("completions", "earnings_median", "debt_median") if record[name] is None
        ]
        return record


class InstitutionOutcomes:
    """An institution's bundled master's outcomes, by field of study, and their source."""

    __slots__ = ("fields", "institution", "source", "unitid")

    def __init__(
        self, institution: str, unitid: str, fields: tuple[FieldOutcome, ...], source: dict[str, Any]
    ) -> None:
        self.institution = institution
        self.unitid = unitid
        self.fields = fields
        self.source = source

    @property
    def main(self) -> FieldOutcome | None:
        """The field with the most completions (the first of equals, in CIP order)."""
        counted = [field for field in self.fields if field.completions is not None]
        return max(counted, key=lambda field: field.completions or 0) if counted else None

    def as_dict(self) -> dict[str, Any]:
        """``{"in_use": "bundled", "institution", "unitid", "main_cip", "fields", "source"}``."""
        main = self.main
        return {
            "in_use": "bundled",
            "institution": self.institution,
            "unitid": self.unitid,
            "main_cip": main.cip if main else None,
            "fields": [field.as_dict() for field in self.fields],
            "source": self.source,
        }


def source() -> dict[str, Any]:
    """Where the bundled outcomes come from: release, licence, attribution, coverage."""
    return dict(read_figures(FILE)["source"])


def bundled_outcomes(institution: str) -> InstitutionOutcomes | None:
    """The bundled outcomes of the institution of this Scorecard name; None when none are bundled."""
    document = read_figures(FILE)
    entry = document.get("institutions", {}).get(institution)
    if not isinstance(entry, dict):
        return None
    fields = tuple(
        FieldOutcome(
            cip=str(row.get("cip", "")),
            field=str(row.get("field", "")),
            completions=whole_number(row.get("completions")),
            earnings_median=whole_number(row.get("earnings_median")),
            earnings_years_after=whole_number(row.get("earnings_years_after")),
            debt_median=whole_number(row.get("debt_median")),
        )
        for row in entry.get("fields", [])
        if isinstance(row, dict)
    )
    return InstitutionOutcomes(institution, str(entry.get("unitid", "")), fields, dict(document["source"]))


def outcomes_in_use(institution: str, imported: bool) -> InstitutionOutcomes | None:
    """The bundled outcomes unless the user's own import covers the institution (it then wins)."""
    return None if imported else bundled_outcomes(institution)


#: The program fields the bundled outcomes fill, when a selection sorts, weighs or charts by one
#: and the user has no import of their own (an import fills these and more).
FILLED = ("earnings_1yr", "earnings_4yr", "debt_median", "completions")


def earnings_field(outcomes: InstitutionOutcomes) -> FieldOutcome | None:
    """The field of study whose earnings stand for the institution: of those with earnings, the
    one with the most completions (the first of equals, in CIP order); None when all are withheld."""
    with_earnings = [f for f in outcomes.fields if f.earnings_median is not None and f.earnings_median > 0]
    return max(with_earnings, key=lambda f: f.completions or 0) if with_earnings else None


def with_bundled_outcomes(programs: Sequence[Program]) -> tuple[Program, ...]:
    """The programs with the bundled figures of their institution's earnings field (see
        :func:`earnings_field`) as ``earnings_4yr`` (or ``earnings_1yr`` where the Scorecard gives only
        that), ``debt_median`` and ``completions``, and their source (written as the program object's
    ``outcomes``); a program with the user's import is left as it is."""
    filled = []
    about = source()
    for program in programs:
        found = bundled_outcomes(program.name) if program.scorecard is None else None
        field = earnings_field(found) if found is not None else None
        if field is None:
            filled.append(program)
            continue
        after = field.earnings_years_after
        filled.append(
            program._replace(
                earnings_4yr=field.earnings_median if after == 4 else None,
                earnings_1yr=field.earnings_median if after == 1 else None,
                debt_median=field.debt_median,
                completions=field.completions,
                bundled_outcomes_source=about,
            )
        )
    return tuple(filled)
