"""Will a degree pay off: its all-in cost, the earnings it leads to, and the time to pay it back.

The arithmetic alone, as a pure function over plain values: nothing is loaded
here. Whoever asks (a command, a test) passes the tuition, the length, the
living cost, the user's salary and awards, and the earnings figures, each
figure with the source it comes from and the number of graduates behind it
(:class:`Figure`), in the order they should be preferred. Bundled outcomes,
wages and living costs are read elsewhere and handed in.

    all-in cost = tuition over the program's length
                + living costs for its months
                + the salary given up while studying (when the user gives one)
                - employer support - scholarship - assistantship

Every figure is a range, low to high (the length and the premium are ranges in
the source). Where an honest figure cannot be made, the result holds None and
says what is missing ("not enough data"): never a 0 that would read as "free"
or "at once". Arithmetic is exact (fractions); money is rounded to whole
dollars only when shown.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from .cost import Span, Support
from .model import Meta, NamedTuple

#: What a figure measures: yearly earnings after the degree, a yearly gain (a premium) over
#: what one would earn without it, a monthly living cost, or the median debt at graduation.
FigureKind = Literal["earnings", "gain", "living", "debt"]
MONTHS_PER_YEAR = 12
#: Said wherever a figure is missing, in these words (the issue's and the README's).
NOT_ENOUGH_DATA = "not enough data"
#: The order in which earnings sources are preferred: pass ``earnings`` figures in this order.
EARNINGS_ORDER = (
    "the program's own earnings (College Scorecard)",
    "the national median for the field and level (College Scorecard)",
    "the local wage of the program's careers (BLS OEWS)",
    "the page's salary premium",
)
#: Where the page states its premium: its heading, as the page writes it.
PREMIUM_SECTION = "Career Advancement: Why Get a Master's?"


class Figure:
    """A yearly amount in US dollars with where it comes from.

    ``source`` is the label shown beside it ("College Scorecard, 2026-06-10 release: CMU,
    CIP 11.07, 4 years after completion"); ``cohort`` is how many graduates stand
    behind it (None where the source does not say, or the figure is not about
    graduates); ``note`` is anything a reader must know to weigh it (Scorecard
    figures leave out most international students).

    This and the other results here are plain classes with slots rather than NamedTuples,
    which cost every run of payoff far more to define (see answers/__init__.py).
    """

    __slots__ = ("amount", "cohort", "kind", "note", "source")

    def __init__(
        self,
        amount: Span,
        source: str,
        cohort: int | None = None,
        kind: FigureKind = "earnings",
        note: str | None = None,
    ) -> None:
        self.amount = amount
        self.source = source
        self.cohort = cohort
        self.kind = kind
        self.note = note

    @classmethod
    def of(
        cls,
        amount: int | Fraction | tuple[int | Fraction, int | Fraction],
        source: str,
        *,
        cohort: int | None = None,
        kind: FigureKind = "earnings",
        note: str | None = None,
    ) -> Figure:
        """A figure from one amount or a (low, high) pair."""
        low, high = amount if isinstance(amount, tuple) else (amount, amount)
        if not 0 <= low <= high:
            raise ValueError(f"{source}: a figure runs from 0 up, low to high, not {low} to {high}")
        return cls(Span(Fraction(low), Fraction(high)), source, cohort, kind, note)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the amount in whole dollars, its source label and cohort size."""
        return {
            "amount": self.amount.dollars(),
            "source": self.source,
            "cohort": self.cohort,
            "kind": self.kind,
            "note": self.note,
        }


class PayoffInputs(NamedTuple):
    """Everything the arithmetic needs, as given: nothing here is looked up or assumed.

    ``years`` is how long the degree takes (part time already stretched);
    ``full_time`` says whether the user gives up their salary for that time
    (studying part time, they keep it). ``earnings`` are the candidate figures
    in the order of preference (see :func:`payoff`); ``baseline`` is what one
    would earn without the degree (a bachelor's graduates' median in the
    field), used when the user gives no current salary. ``scholarship`` is
    the whole award over the degree; ``assistantship_per_year`` is paid for
    each year of study.
    """

    tuition_per_year: int | None
    years: Span
    living_per_month: Figure | None = None
    current_salary: int | None = None
    full_time: bool = True
    support: Support | None = None
    scholarship: int = 0
    assistantship_per_year: int = 0
    earnings: tuple[Figure, ...] = ()
    baseline: Figure | None = None
    debt: Figure | None = None


class Gain:
    """What the degree adds a year, and how that was worked out (a sentence with its sources)."""

    __slots__ = ("amount", "basis")

    def __init__(self, amount: Span, basis: str) -> None:
        self.amount = amount
        self.basis = basis


class Payoff:
    """The arithmetic's answer: each part of the all-in cost, the earnings used, payback and
    debt-to-earnings; None for what cannot be worked out, with the reasons in ``missing``."""

    __slots__ = (
        "all_in_cost",
        "awards",
        "debt_to_earnings",
        "earnings",
        "employer_support",
        "forgone_salary",
        "living",
        "missing",
        "payback_years",
        "total_tuition",
        "yearly_gain",
    )

    def __init__(
        self,
        *,
        total_tuition: Span | None,
        living: Span | None,
        forgone_salary: Span | None,
        employer_support: Span,
        awards: Span,
        all_in_cost: Span | None,
        earnings: Figure | None,
        yearly_gain: Gain | None,
        payback_years: Span | None,
        debt_to_earnings: Span | None,
        missing: tuple[str, ...],
    ) -> None:
        self.total_tuition = total_tuition
        self.living = living
        self.forgone_salary = forgone_salary
        self.employer_support = employer_support
        self.awards = awards
        self.all_in_cost = all_in_cost
        self.earnings = earnings
        self.yearly_gain = yearly_gain
        self.payback_years = payback_years
        self.debt_to_earnings = debt_to_earnings
        self.missing = missing

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: money in whole dollars, years and ratios to one decimal, None where not
        enough data (``missing`` says why)."""

        def dollars(span: Span | None) -> dict[str, int] | None:
            return span.dollars() if span is not None else None

        return {
            "total_tuition": dollars(self.total_tuition),
            "living": dollars(self.living),
            "forgone_salary": dollars(self.forgone_salary),
            "employer_support": dollars(self.employer_support),
            "awards": dollars(self.awards),
            "all_in_cost": dollars(self.all_in_cost),
            "earnings": self.earnings.as_dict() if self.earnings is not None else None,
            "yearly_gain": (
                {**self.yearly_gain.amount.dollars(), "basis": self.yearly_gain.basis}
                if self.yearly_gain is not None
                else None
            ),
            "payback_years": self.payback_years.years() if self.payback_years is not None else None,
            "debt_to_earnings": (
                {
                    "low": round(float(self.debt_to_earnings.low), 2),
                    "high": round(float(self.debt_to_earnings.high), 2),
                }
                if self.debt_to_earnings is not None
                else None
            ),
            "missing": list(self.missing),
        }


def _scaled(span: Span, by: Span) -> Span:
    """A yearly range over a range of years (both non-negative: the ends multiply in order)."""
    return Span(span.low * by.low, span.high * by.high)


def yearly_gain(
    earnings: Figure | None, current_salary: int | None, baseline: Figure | None, fallback: Figure | None
) -> Gain | None:
    """What the degree adds a year: the expected earnings less the user's current salary, else less
    the labelled baseline (what graduates earn without the degree); else a gain figure as it is
    (the page's premium); None when none of these is there."""
    if earnings is not None and current_salary is not None:
        salary = Fraction(current_salary)
        amount = Span(earnings.amount.low - salary, earnings.amount.high - salary)
        return Gain(amount, f"{earnings.source}, less your current salary")
    if earnings is not None and baseline is not None:
        amount = Span(earnings.amount.low - baseline.amount.high, earnings.amount.high - baseline.amount.low)
        return Gain(amount, f"{earnings.source}, less {baseline.source}")
    if fallback is not None:
        return Gain(fallback.amount, fallback.source)
    return None


def _check(inputs: PayoffInputs) -> None:
    """ValueError for inputs no figure can come from: a length that is not above 0 or runs high to
    low, a negative amount of money (the parsers of the user's options refuse these first)."""
    if not 0 < inputs.years.low <= inputs.years.high:
        raise ValueError(f"a length in years runs from above 0, low to high, not {inputs.years}")
    amounts = {
        "tuition": inputs.tuition_per_year,
        "current salary": inputs.current_salary,
        "scholarship": inputs.scholarship,
        "assistantship": inputs.assistantship_per_year,
    }
    for name, amount in amounts.items():
        if amount is not None and amount < 0:
            raise ValueError(f"the {name} cannot be negative ({amount})")


def payoff(inputs: PayoffInputs) -> Payoff:
    """The all-in cost, the earnings chosen, the payback range and debt-to-earnings.

    The expected earnings are the first ``earnings`` figure of kind
    "earnings"; the yearly gain is as :func:`yearly_gain` says, its fallback
    the first figure of kind "gain". The cost is worked out at both ends of
    the length (short and cheap, long and dear), each part at the same end.
    Payback runs from the lowest cost over the highest gain to the highest cost
    over the lowest gain, and is never negative: a cost the awards more than
    cover is paid back at once (0). It is None (not enough data) when the cost
    or the gain is unknown, and when the lowest gain is not above 0: a degree
    that may add nothing a year is not paid back by it.
    """
    _check(inputs)
    years = inputs.years
    missing: list[str] = []
    total_tuition = None
    if inputs.tuition_per_year is None:
        missing.append("tuition: the source gives none for this program")
    else:
        total_tuition = _scaled(Span.exact(Fraction(inputs.tuition_per_year)), years)

    living = None
    if inputs.living_per_month is None:
        missing.append("living costs: none given for this place (--living USD/month)")
    else:
        monthly = inputs.living_per_month.amount
        living = _scaled(Span(monthly.low * MONTHS_PER_YEAR, monthly.high * MONTHS_PER_YEAR), years)

    # Studying part time, the salary is kept: nothing is given up (a true 0). With no salary
    # given, what is given up is not known: None, and the all-in cost leaves it out, saying so.
    forgone = None
    if not inputs.full_time:
        forgone = Span.exact(Fraction(0))
    elif inputs.current_salary is not None:
        forgone = _scaled(Span.exact(Fraction(inputs.current_salary)), years)
    else:
        missing.append("salary given up: not counted, as no current salary is given")

    # Support pays towards the tuition at each end of the length (a share, or a yearly cap that
    # the tuition itself caps), so it never exceeds the tuition.
    support = Span.exact(Fraction(0))
    if inputs.support is not None and total_tuition is not None:
        support = Span(
            inputs.support.amount(total_tuition.low, years.low),
            inputs.support.amount(total_tuition.high, years.high),
        )
    scholarship = Fraction(inputs.scholarship)
    awards = _scaled(Span.exact(Fraction(inputs.assistantship_per_year)), years)
    awards = Span(awards.low + scholarship, awards.high + scholarship)

    all_in = None
    if total_tuition is not None and living is not None:
        ends = [
            tuition - paid + cost_of_living + given_up - awarded
            for tuition, paid, cost_of_living, given_up, awarded in zip(
                total_tuition, support, living, forgone or Span.exact(Fraction(0)), awards, strict=True
            )
        ]
        all_in = Span(min(ends), max(ends))  # awards grow with the length too: the ends may cross

    chosen = next((figure for figure in inputs.earnings if figure.kind == "earnings"), None)
    fallback = next((figure for figure in inputs.earnings if figure.kind == "gain"), None)
    if chosen is None:
        missing.append("earnings: no figure from any source")
    gain = yearly_gain(chosen, inputs.current_salary, inputs.baseline, fallback)
    if gain is None:
        missing.append("yearly gain: no premium, and no salary or baseline to set the earnings against")

    payback = None
    if all_in is not None and gain is not None:
        if gain.amount.low > 0:
            low, high = (max(Fraction(0), end) for end in all_in)
            payback = Span(low / gain.amount.high, high / gain.amount.low)
        else:
            missing.append("payback: the lowest yearly gain is not above 0, so it may never pay back")

    ratio = None
    if inputs.debt is None:
        missing.append("debt-to-earnings: no debt figure")
    elif chosen is None or chosen.amount.low <= 0:
        missing.append("debt-to-earnings: no earnings figure to divide by")
    else:
        ratio = Span(inputs.debt.amount.low / chosen.amount.high, inputs.debt.amount.high / chosen.amount.low)

    return Payoff(
        total_tuition=total_tuition,
        living=living,
        forgone_salary=forgone,
        employer_support=support,
        awards=awards,
        all_in_cost=all_in,
        earnings=chosen,
        yearly_gain=gain,
        payback_years=payback,
        debt_to_earnings=ratio,
        missing=tuple(missing),
    )


def page_premium(meta: Meta) -> Figure | None:
    """The page's yearly salary premium of a machine learning master's as a labelled gain, the last
    source in :data:`EARNINGS_ORDER`; None if the data file states none. No cohort stands behind
    it: the page gives it for the field in general."""
    if meta.salary_premium_usd_per_year is None:
        return None
    low, high = meta.salary_premium_usd_per_year
    source = f"{meta.source_name or 'the data file'}: '{PREMIUM_SECTION}'"
    note = "a premium for machine learning master's degrees in general, not for this program"
    return Figure.of((low, high), source, kind="gain", note=note)
