"""cost: what each degree costs after an employer's benefit or the user's own sponsorship.

The question, and the report it returns; the arithmetic (ranges of years and
dollars, employer support, payback) is in :mod:`mlprog.cost`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..cost import Assumption, Cost, assumptions, degree_cost, support_from
from ..errors import UsageError, nearest, shown
from ..model import Dataset, EmployerBenefit, NamedTuple, Program, lookup_key


def find_benefit(dataset: Dataset, name: str) -> EmployerBenefit:
    """The employer benefit named by id, name or alias, or a usage error listing them."""
    key = lookup_key(name)
    for benefit in dataset.employer_benefits:
        if key in {lookup_key(text) for text in (benefit.id, benefit.name, *benefit.aliases)}:
            return benefit
    near = nearest(name, [b.id for b in dataset.employer_benefits])
    known = ", ".join(b.id for b in dataset.employer_benefits) or "none in this data file"
    hint = (
        f"did you mean {' or '.join(near)}? (or use --sponsorship)"
        if near
        else f"employers: {known}; or use --sponsorship"
    )
    raise UsageError(f"no employer benefit for {shown(name)}; {hint}")


#: The columns of a cost in CSV and Markdown: ranges as _low and _high.
COST_KEYS = (
    "id",
    "name",
    "tuition_per_year",
    "years_low",
    "years_high",
    "total_tuition_low",
    "total_tuition_high",
    "employer_support_low",
    "employer_support_high",
    "tax_free_support_low",
    "tax_free_support_high",
    "net_cost_low",
    "net_cost_high",
    "payback_years_low",
    "payback_years_high",
)


def flat_cost(cost: Cost) -> dict[str, Any]:
    """A cost as one flat record (ranges split into _low and _high), for CSV and Markdown."""
    nested = cost.as_dict()
    flat: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, dict):
            flat[f"{key}_low"] = value["low"]
            flat[f"{key}_high"] = value["high"]
        elif value is None and key == "payback_years":
            flat["payback_years_low"] = flat["payback_years_high"] = None
        else:
            flat[key] = value
    return {key: flat.get(key) for key in COST_KEYS}


class CostReport(NamedTuple):
    """What each program costs, the support applied, and every assumption with its source."""

    costs: tuple[Cost, ...]
    assumptions: tuple[Assumption, ...]
    benefit: EmployerBenefit | None = None
    part_time: bool = False
    sponsorship: int | None = None

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    @property
    def has_rows(self) -> bool:
        """Whether :meth:`rows` gives any, known without making them (the grid needs none)."""
        return bool(self.costs)

    def rows(self) -> list[dict[str, Any]]:
        """Each cost as one flat record (ranges as _low and _high)."""
        return [flat_cost(cost) for cost in self.costs]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The costs, the choices they were worked out with, and the assumptions."""
        return {
            "programs": [cost.as_dict() for cost in self.costs],
            "part_time": self.part_time,
            "employer": self.benefit.as_dict() if self.benefit else None,
            "sponsorship_per_year": self.sponsorship,
            "assumptions": [note._asdict() for note in self.assumptions],
        }

    def columns(self) -> tuple[str, ...]:
        """The flat record's keys."""
        return COST_KEYS

    def plain_text(self) -> None:
        """Drawn as a Rich grid."""


def cost_programs(
    dataset: Dataset,
    programs: Sequence[Program],
    *,
    years: float | None = None,
    part_time: bool = False,
    employer: str | None = None,
    sponsorship: int | None = None,
) -> CostReport:
    """What each degree costs after an employer's listed benefit or the user's own sponsorship."""
    benefit = find_benefit(dataset, employer) if employer is not None else None
    support = support_from(benefit, sponsorship)
    costs = [
        degree_cost(program, dataset.meta, years=years, part_time=part_time, support=support)
        for program in programs
    ]
    notes = assumptions(dataset.meta, costs, part_time=part_time, support=support)
    return CostReport(tuple(costs), tuple(notes), benefit, part_time, sponsorship)
