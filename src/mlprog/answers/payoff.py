"""payoff: will each degree pay off? Its all-in cost, the earnings it leads to, payback.

The question, and the report it returns. The figures are looked up here, each
labelled with its source, in :data:`mlprog.payoff.EARNINGS_ORDER`: the program's
own College Scorecard earnings (the user's import, else the bundled release),
the field's national median (the bundled data has none: said so), the local BLS
wage of the careers its card names, the page's premium. The arithmetic is
:func:`mlprog.payoff.payoff`, a pure function.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..cost import Assumption, Duration, Support, full_time_duration, length_assumption, support_from
from ..model import Dataset, EmployerBenefit, Meta, Program
from ..payoff import (
    EARNINGS_ORDER,
    NOT_ENOUGH_DATA,
    PREMIUM_SECTION,
    Figure,
    Payoff,
    PayoffInputs,
    page_premium,
    payoff,
)
from .cost import find_benefit
from .payoff_sources import career_wage, living_figure, scorecard_figures

if TYPE_CHECKING:
    from ..page_sections import Career
    from ..user.offers import Offer

#: Said of the second source in the order: the bundled release has no national median.
NO_NATIONAL_MEDIAN = (
    "the national median for the field and level: the bundled College Scorecard data gives none "
    "(only each program's own figures)"
)


class ProgramPayoff:
    """One program's payoff: the figures looked up (each labelled), the sources passed over
    and why, and the arithmetic's answer; with the offer when it comes from --applications.

    This and the report are plain classes with slots, not NamedTuples (see answers/__init__.py).
    """

    __slots__ = ("debt", "duration", "earnings", "living", "offer", "passed_over", "program", "result")

    def __init__(
        self,
        program: Program,
        duration: Duration,
        living: Figure | None,
        earnings: tuple[Figure, ...],
        passed_over: tuple[str, ...],
        debt: Figure | None,
        result: Payoff,
        offer: Offer | None = None,
    ) -> None:
        self.program = program
        self.duration = duration
        self.living = living
        self.earnings = earnings
        self.passed_over = passed_over
        self.debt = debt
        self.result = result
        self.offer = offer

    @property
    def scorecard_shown(self) -> bool:
        """Whether a College Scorecard figure (earnings or debt) is in use: its caveat goes with it."""
        used = self.result.earnings
        return bool(
            (used is not None and "Scorecard" in used.source)
            or (self.debt is not None and self.result.debt_to_earnings is not None)
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the program, its length, every figure with its source and cohort, the
        arithmetic's answer (None where not enough data, ``missing`` saying why)."""
        record: dict[str, Any] = {
            "id": self.program.id,
            "name": self.program.name,
            "tuition_per_year": self.program.tuition,
            "years": {**self.duration.years.years(), "basis": self.duration.basis},
            "living_per_month": self.living.as_dict() if self.living is not None else None,
            "earnings_sources": [figure.as_dict() for figure in self.earnings],
            "unavailable": list(self.passed_over),
            "debt": self.debt.as_dict() if self.debt is not None else None,
            **self.result.as_dict(),
        }
        if self.offer is not None:
            record["offer"] = self.offer.as_dict()
        return record


class PayoffReport:
    """Each program's payoff, the choices they were worked out with, and every assumption."""

    __slots__ = (
        "applications",
        "assumptions",
        "benefit",
        "current_salary",
        "payoffs",
        "sources",
        "sponsorship",
    )

    def __init__(
        self,
        payoffs: tuple[ProgramPayoff, ...],
        assumptions: tuple[Assumption, ...],
        benefit: EmployerBenefit | None = None,
        sponsorship: int | None = None,
        current_salary: int | None = None,
        applications: bool = False,
        sources: tuple[dict[str, Any], ...] = (),
    ) -> None:
        self.payoffs = payoffs
        self.assumptions = assumptions
        self.benefit = benefit
        self.sponsorship = sponsorship
        self.current_salary = current_salary
        self.applications = applications
        self.sources = sources

    @property
    def empty_note(self) -> str | None:
        """Said when --applications finds no admitted offer."""
        if self.payoffs:
            return None
        return (
            "No admitted offers to compare. Record one with "
            "'mlprog apply set PROGRAM --decision admitted' (and --scholarship, --assistantship)."
        )

    @property
    def has_rows(self) -> bool:
        """Whether :meth:`rows` gives any, known without making them (the grid needs none)."""
        return bool(self.payoffs)

    def rows(self) -> list[dict[str, Any]]:
        """Each payoff as one flat record."""
        from .payoff_rows import flat_payoff  # the flat formats' alone

        return [flat_payoff(entry.as_dict()) for entry in self.payoffs]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The payoffs, the choices, the assumptions, the order of sources and their attributions."""
        return {
            "programs": [entry.as_dict() for entry in self.payoffs],
            "earnings_order": list(EARNINGS_ORDER),
            "current_salary": self.current_salary,
            "employer": self.benefit.as_dict() if self.benefit else None,
            "sponsorship_per_year": self.sponsorship,
            "applications": self.applications,
            "assumptions": [note._asdict() for note in self.assumptions],
            "sources": list(self.sources),
            "not_enough_data": NOT_ENOUGH_DATA,
        }

    def columns(self) -> tuple[str, ...]:
        """The flat record's keys (with --applications, the offer's too)."""
        from .payoff_rows import OFFER_KEYS, PAYOFF_KEYS

        if self.applications:
            return PAYOFF_KEYS + tuple(f"offer_{key}" for key in OFFER_KEYS)
        return PAYOFF_KEYS

    def plain_text(self) -> None:
        """Drawn as a Rich grid."""


def program_payoff(
    program: Program,
    meta: Meta,
    careers: Sequence[Career],
    *,
    years: float | None = None,
    current_salary: int | None = None,
    living_per_month: int | None = None,
    support: Support | None = None,
    offer: Offer | None = None,
) -> ProgramPayoff:
    """One program's figures, looked up in the stated order, and the arithmetic over them."""
    duration = full_time_duration(program, meta, years)
    own, debt, own_missing = scorecard_figures(program)
    passed_over = []
    earnings: list[Figure] = []
    if own is not None:
        earnings.append(own)
    else:
        passed_over.append(f"{EARNINGS_ORDER[0]}: {own_missing}")
    passed_over.append(NO_NATIONAL_MEDIAN)
    wage, wage_missing = career_wage(program, careers)
    if wage is not None:
        earnings.append(wage)
    else:
        passed_over.append(f"{EARNINGS_ORDER[2]}: {wage_missing}")
    premium = page_premium(meta)
    if premium is not None:
        earnings.append(premium)
    living = living_figure(program, living_per_month)
    scholarship = offer.scholarship if offer is not None and offer.scholarship else 0
    assistantship = offer.assistantship_per_year if offer is not None and offer.assistantship_per_year else 0
    inputs = PayoffInputs(
        tuition_per_year=program.tuition,
        years=duration.years,
        living_per_month=living,
        current_salary=current_salary,
        support=support,
        scholarship=scholarship,
        assistantship_per_year=assistantship,
        earnings=tuple(earnings),
        debt=debt,
    )
    return ProgramPayoff(
        program, duration, living, tuple(earnings), tuple(passed_over), debt, payoff(inputs), offer
    )


def payoff_assumptions(
    meta: Meta, payoffs: Sequence[ProgramPayoff], *, support: Support | None, current_salary: int | None
) -> list[Assumption]:
    """Everything the figures rest on, each with its source, as cost lists them."""
    source = meta.source_name or "the data file"
    notes = [
        Assumption(
            "All-in",
            "Tuition over the program's length, plus living costs for its months, plus the salary "
            "you give up (with --current-salary), less employer support, scholarship and "
            "assistantship.",
            f"{source}: the ranking table's tuition; the living costs as labelled",
        )
    ]
    if any(not entry.duration.stated for entry in payoffs) and meta.full_time_years:
        notes.append(length_assumption(meta))
    if any(entry.living is not None and entry.living.source.startswith("HUD") for entry in payoffs):
        # What HUD's figure leaves out, where the table shows it: not only in JSON.
        from ..figures.living import source as living_source

        rents = living_source()
        notes.append(
            Assumption(
                "Living",
                f"{rents.get('covers', '')} Give your whole monthly budget with --living (or the living "
                "setting) to count it instead.",
                str(rents.get("attribution", "")),
            )
        )
    notes.append(
        Assumption(
            "Earnings",
            "The first source there is, in this order: " + "; ".join(EARNINGS_ORDER) + ". "
            "The bundled Scorecard data gives no national median, so the second is never used.",
            "as labelled under each program",
        )
    )
    if any(
        entry.result.earnings is not None and entry.result.earnings.source.startswith("BLS")
        for entry in payoffs
    ):
        from ..figures.wages import source as wages_source

        notes.append(
            Assumption(
                "Wages",
                "A BLS median wage is what people in those jobs earn in the area, with or without a "
                "master's: not a figure about any program's graduates.",
                str(wages_source().get("attribution", "")),
            )
        )
    gain = (
        "The expected earnings less your current salary."
        if current_salary is not None
        else "The page's salary premium (no --current-salary given to set the earnings against)."
    )
    gain_source = (
        "your --current-salary; the earnings as labelled"
        if current_salary is not None
        else f"{source}: '{PREMIUM_SECTION}'"
    )
    notes.append(Assumption("Gain", gain + " Payback is the all-in cost over this yearly gain.", gain_source))
    if support is not None:
        credit = "you (--sponsorship)" if support.yours else f"{source}: 'Employer Tuition Sponsorship'"
        notes.append(Assumption("Support", f"{support.label[:1].upper()}{support.label[1:]}.", credit))
    if any(entry.scorecard_shown for entry in payoffs):
        from ..figures.outcomes import source as outcomes_source

        info = outcomes_source()
        notes.append(Assumption("Scorecard", str(info.get("coverage", "")), str(info.get("attribution", ""))))
    return notes


def _sources(payoffs: Sequence[ProgramPayoff]) -> tuple[dict[str, Any], ...]:
    """The attributions of the bundled files whose figures are in use."""
    found: list[dict[str, Any]] = []
    labels = [f.source for entry in payoffs for f in (entry.result.earnings, entry.living, entry.debt) if f]
    if any("College Scorecard" in label for label in labels):
        from ..figures.outcomes import source

        found.append(source())
    if any(label.startswith("BLS") for label in labels):
        from ..figures.wages import source as wages_source

        found.append(wages_source())
    if any(label.startswith("HUD") for label in labels):
        from ..figures.living import price_parity_source
        from ..figures.living import source as living_source

        found.append(living_source())
        if price_parity_source():  # the price levels said beside HUD's rents
            found.append(price_parity_source())
    return tuple(found)


def payoff_programs(
    dataset: Dataset,
    programs: Sequence[Program],
    *,
    years: float | None = None,
    current_salary: int | None = None,
    living_per_month: int | None = None,
    employer: str | None = None,
    sponsorship: int | None = None,
    offers: Mapping[str, Offer] | None = None,
) -> PayoffReport:
    """Each program's payoff; with ``offers`` (from --applications), each offer's awards count."""
    benefit = find_benefit(dataset, employer) if employer is not None else None
    support = support_from(benefit, sponsorship)
    payoffs = [
        program_payoff(
            program,
            dataset.meta,
            dataset.careers,
            years=years,
            current_salary=current_salary,
            living_per_month=living_per_month,
            support=support,
            offer=(offers or {}).get(program.id),
        )
        for program in programs
    ]
    notes = payoff_assumptions(dataset.meta, payoffs, support=support, current_salary=current_salary)
    return PayoffReport(
        tuple(payoffs),
        tuple(notes),
        benefit,
        sponsorship,
        current_salary,
        offers is not None,
        _sources(payoffs),
    )


def with_all_in_cost(dataset: Dataset, living_per_month: int | None = None) -> Dataset:
    """The data set with each program's ``all_in_cost``: the middle of its all-in cost with no
    salary and no support (tuition over its length, plus living costs for its months), rounded
    to whole dollars; None where that cannot be worked out (no tuition, no living cost)."""
    filled = []
    for program in dataset.programs:
        living = living_figure(program, living_per_month)
        if program.tuition is None or living is None:
            filled.append(program._replace(all_in_cost=None))
            continue
        duration = full_time_duration(program, dataset.meta, None)
        inputs = PayoffInputs(tuition_per_year=program.tuition, years=duration.years, living_per_month=living)
        cost = payoff(inputs).all_in_cost
        middle = None if cost is None else round((cost.low + cost.high) / 2)
        filled.append(program._replace(all_in_cost=middle))
    return dataset._replace(programs=tuple(filled))
