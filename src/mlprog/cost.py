"""What a whole degree costs after employer support, and how long it takes to pay back.

The arithmetic alone: :mod:`mlprog.answers.cost` asks the question (which
programs, which employer) and returns the report. Every figure is a range, low
to high, because durations and the salary premium are ranges in the source.
Arithmetic is exact (fractions); money is rounded to whole dollars and years to
one decimal only when shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .errors import UsageError
from .model import EmployerBenefit, Meta, NamedTuple, Program

# Linear time whatever the text: a match can only start where a number starts (the
# lookbehind), and the possessive quantifiers never give back what they took.
_DURATION = re.compile(
    r"(?<![\d.])(\d{1,6}+(?:\.\d{1,6}+)?+)(?:\s*+-\s*+(\d{1,6}+(?:\.\d{1,6}+)?+))?+\s*+(year|month)s?",
    re.IGNORECASE,
)
_MASTERS = re.compile(r"^(MS|MSE|M\.S\.|Master)\b|\bMS\b", re.IGNORECASE)


class Span(NamedTuple):
    """A quantity known to lie between low and high (equal when exact)."""

    low: Fraction
    high: Fraction

    @classmethod
    def exact(cls, value: Fraction) -> Span:
        """A span of one value."""
        return cls(value, value)

    def dollars(self) -> dict[str, int]:
        """Both ends as whole US dollars, halves rounded up."""
        return {"low": _whole(self.low), "high": _whole(self.high)}

    def years(self) -> dict[str, float]:
        """Both ends in years to one decimal."""
        return {"low": _tenths(self.low), "high": _tenths(self.high)}


def _whole(value: Fraction) -> int:
    return _halves_up(value.numerator, value.denominator)


def _tenths(value: Fraction) -> float:
    return _halves_up(value.numerator * 10, value.denominator) / 10


def _halves_up(numerator: int, denominator: int) -> int:
    """numerator / denominator (denominator above 0) to the nearest whole number, halves away
    from 0: in integers, as a Fraction's arithmetic is dear (every figure shown is rounded)."""
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((denominator - 2 * numerator) // (2 * denominator))


class Assumption(NamedTuple):
    """Something the figures rest on, a word or two that names it, and where it comes from."""

    label: str
    text: str
    source: str


class Duration(NamedTuple):
    """How long a program takes full time, and where that figure comes from."""

    years: Span
    basis: str
    stated: bool


def stated_duration(program: Program) -> Span | None:
    """The span of durations the program's master's degrees state, in years; None if none."""
    spans = []
    for degree in program.degrees:
        if not degree.duration or not _MASTERS.search(degree.name):
            continue
        match = _DURATION.search(degree.duration)
        if match is None:
            continue
        low, high, unit = match.groups()
        per_year = Fraction(12) if unit.lower() == "month" else Fraction(1)
        spans.append(Span(Fraction(low) / per_year, Fraction(high or low) / per_year))
    if not spans:
        return None
    return Span(min(s.low for s in spans), max(s.high for s in spans))


def _fraction_pair(pair: tuple[float, float]) -> Span:
    return Span(Fraction(str(pair[0])), Fraction(str(pair[1])))


def full_time_duration(program: Program, meta: Meta, years: float | None) -> Duration:
    """The full-time duration: the user's --years, else the program's own, else the typical one."""
    if years is not None:
        return Duration(Span.exact(Fraction(str(years))), "your --years", stated=True)
    stated = stated_duration(program)
    if stated is not None:
        return Duration(stated, "the program's stated duration", stated=True)
    if meta.full_time_years is None:
        raise UsageError(
            f"{program.id} states no duration and the data file gives no typical one; use --years"
        )
    return Duration(
        _fraction_pair(meta.full_time_years), "typical full-time duration (assumed)", stated=False
    )


#: Where the per-year rule of the tax-free benefit comes from: US law, not the page.
TAX_FREE_RULE_SOURCE = (
    "US Internal Revenue Code section 127 (educational assistance programs), which excludes up to "
    "$5,250 a year; IRS Publication 15-B"
)


class Support(NamedTuple):
    """Employer support: a yearly cap, or a share of tuition; ``yours`` when the user gave it."""

    label: str
    cap_per_year: Fraction | None = None
    percent: Fraction | None = None
    yours: bool = False

    def amount(self, total_tuition: Fraction, years: Fraction) -> Fraction:
        """What it pays towards a total tuition spread over this many years."""
        if self.percent is not None:
            return total_tuition * self.percent / 100
        if self.cap_per_year is not None:
            return min(self.cap_per_year * years, total_tuition)
        return Fraction(0)


def support_from(benefit: EmployerBenefit | None, sponsorship: int | None) -> Support | None:
    """The support to apply: an employer's listed benefit, or the user's own yearly amount."""
    if benefit is not None and sponsorship is not None:
        raise UsageError("--employer and --sponsorship conflict; give one of them")
    if sponsorship is not None:
        return Support(
            f"your sponsorship of ${sponsorship:,} a year", cap_per_year=Fraction(sponsorship), yours=True
        )
    if benefit is None:
        return None
    if benefit.percent is not None:
        return Support(f"{benefit.name}: {benefit.percent}% of tuition", percent=Fraction(benefit.percent))
    cap = benefit.cap_usd_per_year or 0
    return Support(f"{benefit.name}: up to ${cap:,} a year", cap_per_year=Fraction(cap))


class Cost(NamedTuple):
    """A program's cost to the student, as ranges."""

    program: Program
    duration: Duration
    study_years: Span
    total_tuition: Span
    employer_support: Span
    tax_free_support: Span
    net_cost: Span
    payback_years: Span | None
    #: "page": the page's salary premium; "scorecard": the program's own imported premium.
    payback_basis: str = "page"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: money in whole dollars, years to one decimal."""
        return {
            "id": self.program.id,
            "name": self.program.name,
            "tuition_per_year": self.program.tuition,
            "years": {**self.study_years.years(), "basis": self.duration.basis},
            "total_tuition": self.total_tuition.dollars(),
            "employer_support": self.employer_support.dollars(),
            "tax_free_support": self.tax_free_support.dollars(),
            "net_cost": self.net_cost.dollars(),
            "payback_years": self.payback_years.years() if self.payback_years else None,
            "payback_basis": self.payback_basis,
        }


def _both(values: Sequence[Fraction]) -> Span:
    return Span(min(values), max(values))


def degree_cost(
    program: Program,
    meta: Meta,
    *,
    years: float | None = None,
    part_time: bool = False,
    support: Support | None = None,
) -> Cost:
    """Tuition over the whole degree, less employer support, and the payback time.

    Total tuition is tuition per year times the full-time duration. Part-time
    study stretches the duration by the source's part-time to full-time ratio;
    the total tuition stays the same, spread over more years, so support paid
    per year counts for more of them.
    """
    duration = full_time_duration(program, meta, years)
    study = duration.years
    if part_time:
        if meta.part_time_years is None or meta.full_time_years is None:
            raise UsageError("the data file gives no typical part-time duration; use --years")
        ratio = _fraction_pair(meta.part_time_years)
        typical = _fraction_pair(meta.full_time_years)
        study = Span(study.low * ratio.low / typical.low, study.high * ratio.high / typical.high)
    # Two ends, short and long; money is rounded to whole dollars at each end so
    # that what the employer pays and what you pay add up to the tuition exactly.
    if program.tuition is None:
        raise UsageError(f"{program.id}: the page does not rank it, so gives no tuition to cost")
    tuition = Fraction(program.tuition)
    ends = list(zip(duration.years, study, strict=True))
    totals = [Fraction(_whole(tuition * full)) for full, _ in ends]
    paid = [
        Fraction(_whole(support.amount(total, studied))) if support else Fraction(0)
        for total, (_, studied) in zip(totals, ends, strict=True)
    ]
    free_per_year = Fraction(meta.tax_free_employer_benefit_usd or 0)
    tax_free = [
        Fraction(_whole(min(amount, free_per_year * studied)))
        for amount, (_, studied) in zip(paid, ends, strict=True)
    ]
    nets = [total - amount for total, amount in zip(totals, paid, strict=True)]
    net = _both(nets)
    payback = None
    basis = "page"
    if program.earnings_premium is not None and program.earnings_premium > 0:
        own = Fraction(program.earnings_premium)  # the program's own graduates, from the Scorecard
        payback, basis = Span(net.low / own, net.high / own), "scorecard"
    elif meta.salary_premium_usd_per_year is not None:
        low_premium, high_premium = (Fraction(v) for v in meta.salary_premium_usd_per_year)
        payback = Span(net.low / high_premium, net.high / low_premium)
    return Cost(
        program=program,
        duration=duration,
        study_years=study,
        total_tuition=_both(totals),
        employer_support=_both(paid),
        tax_free_support=_both(tax_free),
        net_cost=net,
        payback_years=payback,
        payback_basis=basis,
    )


def length_assumption(meta: Meta) -> Assumption:
    """The length assumed where a program states none: the page's typical full-time timeline."""
    low, high = meta.full_time_years or (0, 0)
    return Assumption(
        "Length",
        f"Where a program states no duration, {low:g}-{high:g} years full time is assumed.",
        f"{meta.source_name or 'the data file'}: 'Part-Time & Evening Options' (typical timeline)",
    )


def assumptions(
    meta: Meta, costs: Sequence[Cost], *, part_time: bool, support: Support | None
) -> list[Assumption]:
    """Everything the figures rest on, each with its source, for the table's foot and the JSON."""
    source = meta.source_name or "the data file"
    notes = [
        Assumption(
            "Tuition",
            "The program's yearly tuition times its full-time length in years.",
            f"{source}: the ranking table's tuition",
        )
    ]
    if any(not c.duration.stated for c in costs) and meta.full_time_years:
        notes.append(length_assumption(meta))
    if part_time and meta.part_time_years and meta.full_time_years:
        (pt_low, pt_high), (ft_low, ft_high) = meta.part_time_years, meta.full_time_years
        notes.append(
            Assumption(
                "Part time",
                f"Part time takes {pt_low:g}-{pt_high:g} years where full time takes {ft_low:g}-{ft_high:g}; "
                "the length is stretched in that ratio, and total tuition stays the same.",
                f"{source}: 'Part-Time & Evening Options'",
            )
        )
    if support is not None:
        credit = "you (--sponsorship)" if support.yours else f"{source}: 'Employer Tuition Sponsorship'"
        notes.append(Assumption("Support", f"{support.label[:1].upper()}{support.label[1:]}.", credit))
    if support is not None and meta.tax_free_employer_benefit_usd:
        amount = meta.tax_free_employer_benefit_usd
        notes.append(
            Assumption(
                "Tax-free",
                f"A federal ${amount:,} tax-free employer education benefit applies to many programs.",
                f"{source}: 'Employer Tuition Sponsorship'",
            )
        )
        notes.append(
            Assumption(
                "Tax rule",
                f"The ${amount:,} is counted once per calendar year of study; support above it may be "
                "taxable income. (This rule is not on the page.)",
                TAX_FREE_RULE_SOURCE,
            )
        )
    if meta.salary_premium_usd_per_year:
        low, high = meta.salary_premium_usd_per_year
        notes.append(
            Assumption(
                "Payback",
                f"What you pay divided by the salary premium that the page says can reach "
                f"${low:,}-${high:,} a year for a "
                "master's in machine learning; living costs and lost earnings are not counted.",
                f"{source}: 'Career Advancement: Why Get a Master's?'",
            )
        )
    own = [c.program for c in costs if c.payback_basis == "scorecard"]
    if own:
        from .scorecard.outcomes import own_payback

        notes.append(Assumption("Own payback", *own_payback(own)))
    return notes
