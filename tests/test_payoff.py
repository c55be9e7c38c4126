"""The payoff arithmetic (mlprog.payoff): a pure function, tested without any runner.

Properties: the all-in cost and the payback time rise with tuition, living cost
and salary; payback is never negative; missing data is None with a reason,
never 0. Examples: the parts add up as the formula says, by hand.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from mlprog.cost import Span, Support
from mlprog.model import Dataset
from mlprog.payoff import Figure, Payoff, PayoffInputs, page_premium, payoff

SCORECARD = "College Scorecard (test): CMU, CIP 11.07, a year after completion"
PAGE_PREMIUM = "Hakia: 'Career Advancement: Why Get a Master's?'"


def years(low: float, high: float | None = None) -> Span:
    return Span(Fraction(str(low)), Fraction(str(high if high is not None else low)))


def inputs(**changes: Any) -> PayoffInputs:
    """A complete set of inputs: every figure given, so that nothing is missing."""
    base = PayoffInputs(
        tuition_per_year=40_000,
        years=years(1.5, 2),
        living_per_month=Figure.of(2_000, "your --living"),
        current_salary=80_000,
        earnings=(Figure.of(150_000, SCORECARD, cohort=48),),
        debt=Figure.of(30_000, "College Scorecard (test): median debt", cohort=48),
    )
    return base._replace(**changes)


# --- by hand -----------------------------------------------------------------------------------


def test_the_parts_add_up_as_the_formula_says() -> None:
    result = payoff(
        inputs(
            years=years(2),
            support=Support("test", cap_per_year=Fraction(5_000)),
            scholarship=10_000,
            assistantship_per_year=20_000,
        )
    )
    # 2 years: tuition 80,000; living 48,000; salary given up 160,000; support 10,000;
    # awards 10,000 + 40,000. All in: 80,000 + 48,000 + 160,000 - 10,000 - 50,000 = 228,000.
    assert result.total_tuition == Span.exact(Fraction(80_000))
    assert result.living == Span.exact(Fraction(48_000))
    assert result.forgone_salary == Span.exact(Fraction(160_000))
    assert result.employer_support == Span.exact(Fraction(10_000))
    assert result.awards == Span.exact(Fraction(50_000))
    assert result.all_in_cost == Span.exact(Fraction(228_000))
    # Gain: 150,000 - 80,000 = 70,000 a year; payback 228,000 / 70,000.
    assert result.yearly_gain is not None
    assert result.yearly_gain.amount == Span.exact(Fraction(70_000))
    assert result.yearly_gain.basis == f"{SCORECARD}, less your current salary"
    assert result.payback_years == Span.exact(Fraction(228_000, 70_000))
    assert result.debt_to_earnings == Span.exact(Fraction(30_000, 150_000))
    assert result.missing == ()


def test_a_range_of_lengths_and_premiums_gives_a_range() -> None:
    """Without a salary, the page's premium ($25,000-$40,000) is the gain; nothing is given up."""
    premium = Figure.of((25_000, 40_000), PAGE_PREMIUM, kind="gain")
    result = payoff(inputs(current_salary=None, earnings=(premium,), debt=None))
    # 1.5 years: 60,000 + 36,000 = 96,000; 2 years: 80,000 + 48,000 = 128,000.
    assert result.all_in_cost == Span(Fraction(96_000), Fraction(128_000))
    assert result.forgone_salary is None  # not known, so not 0
    assert "salary given up: not counted, as no current salary is given" in result.missing
    assert result.payback_years == Span(Fraction(96_000, 40_000), Fraction(128_000, 25_000))
    assert result.yearly_gain is not None
    assert result.yearly_gain.basis == PAGE_PREMIUM
    assert result.earnings is None  # a premium is not earnings
    assert result.as_dict()["payback_years"] == {"low": 2.4, "high": 5.1}


def test_earnings_come_from_the_first_source_and_keep_their_label() -> None:
    own = Figure.of(120_000, SCORECARD, cohort=31, note="federal aid recipients only")
    national = Figure.of(110_000, "College Scorecard (test): national median, CIP 11.07", cohort=2_400)
    premium = Figure.of((25_000, 40_000), PAGE_PREMIUM, kind="gain")
    result = payoff(inputs(earnings=(own, national, premium)))
    assert result.earnings == own
    shown = result.as_dict()["earnings"]
    assert shown == {
        "amount": {"low": 120_000, "high": 120_000},
        "source": SCORECARD,
        "cohort": 31,
        "kind": "earnings",
        "note": "federal aid recipients only",
    }
    # Without the program's own figure, the next source is used.
    assert payoff(inputs(earnings=(national, premium))).earnings == national


def test_a_baseline_figure_stands_in_for_a_salary_not_given() -> None:
    bachelors = Figure.of(90_000, "College Scorecard (test): bachelor's, same field", cohort=300)
    result = payoff(inputs(current_salary=None, baseline=bachelors))
    assert result.yearly_gain is not None
    assert result.yearly_gain.amount == Span.exact(Fraction(60_000))
    assert "bachelor's, same field" in result.yearly_gain.basis
    assert result.forgone_salary is None


def test_studying_part_time_gives_up_no_salary() -> None:
    result = payoff(inputs(full_time=False))
    assert result.forgone_salary == Span.exact(Fraction(0))
    assert result.yearly_gain is not None  # the salary is still what the earnings are set against
    assert result.yearly_gain.amount == Span.exact(Fraction(70_000))


def test_awards_beyond_the_cost_pay_back_at_once_never_in_negative_time() -> None:
    result = payoff(inputs(current_salary=None, assistantship_per_year=200_000, baseline=Figure.of(1, "x")))
    assert result.all_in_cost is not None
    assert result.all_in_cost.high < 0  # the offer pays more than the degree costs
    assert result.payback_years == Span.exact(Fraction(0))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"years": years(0)}, "a length in years runs from above 0"),
        ({"years": years(2, 1)}, "low to high"),
        ({"tuition_per_year": -1}, "the tuition cannot be negative (-1)"),
        ({"scholarship": -5}, "the scholarship cannot be negative (-5)"),
        ({"assistantship_per_year": -5}, "the assistantship cannot be negative"),
        ({"current_salary": -5}, "the current salary cannot be negative"),
    ],
)
def test_inputs_no_figure_can_come_from_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        payoff(inputs(**changes))
    with pytest.raises(ValueError, match="a figure runs from 0 up"):
        Figure.of((5, 1), "backwards")


def test_the_pages_premium_is_a_labelled_gain_with_no_cohort(bundled: Dataset) -> None:
    premium = page_premium(bundled.meta)
    assert premium is not None
    assert premium.amount == Span(Fraction(25_000), Fraction(40_000))
    assert premium.kind == "gain"
    assert premium.cohort is None
    assert premium.source == "Hakia: 'Career Advancement: Why Get a Master's?'"
    assert page_premium(bundled.meta._replace(salary_premium_usd_per_year=None)) is None


# --- not enough data: None and a reason, never 0 -------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "none", "reason"),
    [
        ({"tuition_per_year": None}, ("total_tuition", "all_in_cost", "payback_years"), "tuition"),
        ({"living_per_month": None}, ("living", "all_in_cost", "payback_years"), "living costs"),
        ({"earnings": ()}, ("earnings", "yearly_gain", "payback_years", "debt_to_earnings"), "earnings"),
        ({"current_salary": None}, ("forgone_salary", "yearly_gain", "payback_years"), "yearly gain"),
        ({"debt": None}, ("debt_to_earnings",), "debt-to-earnings"),
        ({"current_salary": 200_000}, ("payback_years",), "may never pay back"),
    ],
)
def test_missing_data_is_none_with_a_reason(
    changes: dict[str, Any], none: tuple[str, ...], reason: str
) -> None:
    result = payoff(inputs(**changes))
    shown = result.as_dict()
    for name in none:
        assert getattr(result, name) is None, name
        assert shown[name] is None, name
    assert any(line.startswith(reason) or reason in line for line in result.missing), result.missing
    for name in ("total_tuition", "living", "all_in_cost"):  # what is known is not 0 for want of data
        assert shown[name] is None or shown[name]["high"] > 0, name


# --- properties ----------------------------------------------------------------------------------

money = st.integers(min_value=0, max_value=150_000)
monthly = st.integers(min_value=0, max_value=10_000)
length = st.tuples(st.integers(min_value=1, max_value=48), st.integers(min_value=0, max_value=24)).map(
    lambda pair: Span(Fraction(pair[0], 12), Fraction(pair[0] + pair[1], 12))
)
gain_figures = st.tuples(st.integers(1, 100_000), st.integers(0, 50_000)).map(
    lambda pair: Figure.of((pair[0], pair[0] + pair[1]), PAGE_PREMIUM, kind="gain")
)
earning_figures = st.tuples(st.integers(0, 400_000), st.integers(0, 100_000)).map(
    lambda pair: Figure.of((pair[0], pair[0] + pair[1]), SCORECARD, cohort=20)
)
supports = st.one_of(
    st.none(),
    st.integers(0, 30_000).map(lambda cap: Support("cap", cap_per_year=Fraction(cap))),
    st.integers(0, 100).map(lambda share: Support("share", percent=Fraction(share))),
)


@st.composite
def scenarios(draw: st.DrawFn) -> PayoffInputs:
    return PayoffInputs(
        tuition_per_year=draw(money),
        years=draw(length),
        living_per_month=Figure.of(draw(monthly), "test living"),
        current_salary=draw(st.one_of(st.none(), money)),
        full_time=draw(st.booleans()),
        support=draw(supports),
        scholarship=draw(money),
        assistantship_per_year=draw(st.integers(0, 60_000)),
        earnings=tuple(draw(st.lists(st.one_of(earning_figures, gain_figures), max_size=3))),
        baseline=draw(st.one_of(st.none(), earning_figures)),
        debt=draw(st.one_of(st.none(), earning_figures)),
    )


def not_sooner(before: Payoff, after: Payoff) -> bool:
    """Whether ``after`` pays back no sooner than ``before``, at both ends ("never" last of all)."""
    if after.payback_years is None:
        return True
    if before.payback_years is None:
        return False
    return (
        after.payback_years.low >= before.payback_years.low
        and after.payback_years.high >= before.payback_years.high
    )


def not_cheaper(before: Payoff, after: Payoff) -> bool:
    assert before.all_in_cost is not None
    assert after.all_in_cost is not None
    return (
        after.all_in_cost.low >= before.all_in_cost.low and after.all_in_cost.high >= before.all_in_cost.high
    )


@settings(max_examples=examples(200), deadline=None)
@given(scenarios(), st.integers(min_value=1, max_value=100_000))
def test_more_tuition_never_costs_less_or_pays_back_sooner(base: PayoffInputs, more: int) -> None:
    assert base.tuition_per_year is not None
    before = payoff(base)
    after = payoff(base._replace(tuition_per_year=base.tuition_per_year + more))
    assert not_cheaper(before, after)
    assert not_sooner(before, after)


@settings(max_examples=examples(200), deadline=None)
@given(scenarios(), st.integers(min_value=1, max_value=5_000))
def test_dearer_living_never_costs_less_or_pays_back_sooner(base: PayoffInputs, more: int) -> None:
    assert base.living_per_month is not None
    before = payoff(base)
    living = base.living_per_month.amount
    dearer = Figure(Span(living.low + more, living.high + more), "test living")
    after = payoff(base._replace(living_per_month=dearer))
    assert not_cheaper(before, after)
    assert not_sooner(before, after)


@settings(max_examples=examples(200), deadline=None)
@given(scenarios(), money, earning_figures, st.integers(min_value=1, max_value=100_000))
def test_a_higher_salary_never_costs_less_or_pays_back_sooner(
    base: PayoffInputs, salary: int, earnings: Figure, more: int
) -> None:
    # The salary is what is given up (full time) and what the earnings are set against.
    base = base._replace(current_salary=salary, earnings=(earnings, *base.earnings))
    before = payoff(base)
    after = payoff(base._replace(current_salary=salary + more))
    assert not_cheaper(before, after)
    assert not_sooner(before, after)


@settings(max_examples=examples(100), deadline=None)
@given(scenarios(), st.integers(min_value=1, max_value=100_000))
def test_giving_a_salary_never_makes_it_cheaper(base: PayoffInputs, salary: int) -> None:
    before = payoff(base._replace(current_salary=None))
    after = payoff(base._replace(current_salary=salary))
    assert not_cheaper(before, after)


@settings(max_examples=examples(200), deadline=None)
@given(scenarios())
def test_time_is_never_negative_and_ranges_run_low_to_high(base: PayoffInputs) -> None:
    result = payoff(base)
    if result.payback_years is not None:
        assert 0 <= result.payback_years.low <= result.payback_years.high
    for span in (result.total_tuition, result.living, result.all_in_cost, result.debt_to_earnings):
        assert span is None or span.low <= span.high
    assert result.forgone_salary is None or result.forgone_salary.low >= 0
    assert result.employer_support.low >= 0
    assert result.total_tuition is not None
    assert result.employer_support.high <= result.total_tuition.high  # support never beyond tuition
    shown = result.as_dict()
    if shown["payback_years"] is not None:
        assert shown["payback_years"]["low"] >= 0
    # Whatever is None is said in words.
    if result.payback_years is None:
        assert result.missing
