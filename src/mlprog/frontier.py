"""The value frontier: the programs no other beats on both of two counts.

One program *dominates* another when it is at least as good on both fields
and better on at least one (cheaper and at least as good, or better and no
dearer). The frontier is every program no other one dominates; programs equal
on both fields are all on it, since none beats the others. A program missing
either value takes no part: it is neither on the frontier nor able to push
another off it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import isnan
from operator import attrgetter
from typing import TypeVar

from .errors import UsageError, choice_hint, shown
from .model import Program
from .scorecard.fields import OUTCOME_DIRECTIONS

T = TypeVar("T")

#: The numeric fields a frontier (or a chart) can use, and whether more is better.
NUMERIC_FIELDS: dict[str, bool] = {
    "tuition": False,
    "score": True,
    "graduation_rate": True,
    "rank": False,
    **OUTCOME_DIRECTIONS,
}

#: Field -> (axis name, unit): how a chart names an axis and writes its ticks.
AXES: dict[str, tuple[str, str]] = {
    "tuition": ("Tuition per year", "$"),
    "score": ("Score (0-100)", ""),
    "graduation_rate": ("Graduation rate", "%"),
    "rank": ("Rank", "#"),
    "earnings_1yr": ("Median earnings, 1 year after", "$"),
    "earnings_4yr": ("Median earnings, 4 years after", "$"),
    "earnings_5yr": ("Median earnings, 5 years after", "$"),
    "debt_median": ("Median debt", "$"),
    "debt_to_earnings": ("Debt to earnings", "x"),
    "completions": ("Completions", ""),
    "all_in_cost": ("All-in cost", "$"),
}


def dominates(a: tuple[float, float], b: tuple[float, float], better: tuple[bool, bool]) -> bool:
    """Whether values ``a`` beat ``b``: at least as good on both, better on one.

    ``better`` says, for each of the two, whether a higher value is better.
    """
    signs = [1 if higher else -1 for higher in better]
    at_least = all(sign * x >= sign * y for sign, x, y in zip(signs, a, b, strict=True))
    return at_least and a != b


def frontier(
    items: Sequence[T],
    values: Callable[[T], tuple[float | None, float | None]],
    better: tuple[bool, bool],
) -> list[T]:
    """The items no other item dominates, in their given order (items missing a value left out).

    In O(n log n): the distinct first values are swept from the best down; a
    pair is undominated when it is the best of its first value and beats on the
    second every pair with a better first value. (Comparing every item with every
    other took seconds for a chart of 30,000 programs.)
    """
    pairs = [values(item) for item in items]
    return _undominated(items, [x for x, _ in pairs], [y for _, y in pairs], better)


def _undominated(
    items: Sequence[T],
    xs: Sequence[float | None],
    ys: Sequence[float | None],
    better: tuple[bool, bool],
) -> list[T]:
    """The frontier of ``items``, whose values are ``xs`` and ``ys`` (see :func:`frontier`).

    Each first value's best second value is found in one pass, and only those
    (a few thousand for 100,000 programs) are sorted and swept: sorting every
    pair took most of a chart's frontier.
    """
    higher_x, higher_y = better
    best: dict[float, float] = {}  # each first value's best second value
    odd: set[int] = set()  # the items with a value that equals nothing (NaN): they stay
    for at, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if x is None or y is None:
            continue
        if isnan(x) or isnan(y):  # it can neither beat another nor be beaten
            odd.add(at)
            continue
        known = best.get(x)
        if known is None or (y > known if higher_y else y < known):
            best[x] = y
    front: dict[float, float] = {}
    best_y_before: float | None = None  # the best second value among better first values
    for x in sorted(best, reverse=higher_x):
        y = best[x]
        if best_y_before is None or (y > best_y_before if higher_y else y < best_y_before):
            front[x] = y
            best_y_before = y
    return [
        item
        for at, (item, x, y) in enumerate(zip(items, xs, ys, strict=True))
        if (x in front and front[x] == y) or at in odd
    ]


def check_field(name: str, option: str = "") -> str:
    """A numeric field's name, or a usage error offering the nearest (``option`` names where it was given)."""
    if name not in NUMERIC_FIELDS:
        said = f"{shown(name)} is not a numeric field; {choice_hint(name, list(NUMERIC_FIELDS))}"
        raise UsageError(f"{option}: {said}" if option else said)
    return name


def value_frontier(programs: Sequence[Program], x: str = "tuition", y: str = "score") -> list[Program]:
    """The programs no other of them beats on both fields (by default: cheaper and better)."""
    check_field(x)
    check_field(y)
    # The values read in one pass each (no call per program): a chart may hold 100,000.
    xs, ys = list(map(attrgetter(x), programs)), list(map(attrgetter(y), programs))
    return _undominated(programs, xs, ys, (NUMERIC_FIELDS[x], NUMERIC_FIELDS[y]))
