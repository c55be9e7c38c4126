"""The value frontier: a pure function, checked by properties, and rank/filter --frontier."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Invoke
from mlprog.errors import UsageError
from mlprog.frontier import dominates, frontier, value_frontier
from mlprog.model import Dataset

Point = tuple[int, float | None, float | None]  # (id, x, y)

points = st.lists(
    st.tuples(
        st.integers(),
        st.one_of(st.none(), st.integers(0, 20)),  # few values, so ties are common
        st.one_of(st.none(), st.integers(0, 20)),
    ),
    max_size=30,
)
directions = st.tuples(st.booleans(), st.booleans())
# No time limits: on a loaded machine an example may take longer than Hypothesis's default 200 ms
# deadline (or its slow-generation check), which says nothing about the frontier.
untimed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pair(point: Point) -> tuple[float | None, float | None]:
    return point[1], point[2]


@untimed
@given(points, directions)
def test_no_frontier_member_is_dominated(items: list[Point], better: tuple[bool, bool]) -> None:
    front = frontier(items, _pair, better)
    known = [p for p in items if None not in _pair(p)]
    for member in front:
        assert not any(dominates(_pair(other), _pair(member), better) for other in known)  # type: ignore[arg-type]


@untimed
@given(points, directions)
def test_every_other_program_is_dominated_by_a_frontier_member(
    items: list[Point], better: tuple[bool, bool]
) -> None:
    front = frontier(items, _pair, better)
    known = [p for p in items if None not in _pair(p)]
    for item in known:
        if item not in front:
            assert any(dominates(_pair(m), _pair(item), better) for m in front)  # type: ignore[arg-type]


@untimed
@given(points, directions)
def test_ties_are_all_kept_and_missing_values_take_no_part(
    items: list[Point], better: tuple[bool, bool]
) -> None:
    front = frontier(items, _pair, better)
    assert all(None not in _pair(p) for p in front)
    for member in front:  # whatever equals a frontier member is on the frontier too
        twins = [p for p in items if _pair(p) == _pair(member)]
        assert all(twin in front for twin in twins)
    assert [p for p in items if p in front] == front  # in the given order


def test_dominating_needs_better_on_one_and_worse_on_none() -> None:
    cheaper_better = (False, True)  # lower x, higher y
    assert dominates((10, 80), (20, 70), cheaper_better)
    assert dominates((10, 70), (20, 70), cheaper_better)
    assert not dominates((10, 70), (10, 70), cheaper_better)
    assert not dominates((10, 60), (20, 70), cheaper_better)


def test_the_bundled_frontier_worked_out_by_hand(bundled: Dataset) -> None:
    # Cheapest first: ucf $4,478 (61.4); sjsu $5,742 scores more (63.1); uga, unt and uci
    # cost more and score less than one of those or uw; uw $11,524 (81.7); nobody below
    # syracuse's $61,310 scores 84.3 or more; cmu (94.4) is the best score. usc (92.5,
    # $66,640) costs more than cmu and scores less.
    assert [p.id for p in value_frontier(bundled.programs)] == ["cmu", "syracuse", "uw", "sjsu", "ucf"]
    with pytest.raises(UsageError, match="not a numeric field"):
        value_frontier(bundled.programs, "name", "score")


def test_rank_filter_and_compare_keep_the_frontier(invoke: Invoke) -> None:
    ranked = json.loads(invoke("rank", "--frontier", "--json").stdout)
    assert [p["id"] for p in ranked] == ["cmu", "syracuse", "uw", "sjsu", "ucf"]
    # Private only: clark is cheaper than rit and usd and scores more; iit is the cheapest.
    private = invoke("filter", "--frontier", "--type", "private", "--json")
    assert [p["id"] for p in json.loads(private.stdout)] == ["cmu", "syracuse", "penn", "clark", "iit"]
    assert "Value frontier: 5 of the 16 programs selected" in private.stderr
    compared = json.loads(invoke("compare", "--top", "2", "--frontier", "--sort", "tuition", "--json").stdout)
    assert [p["id"] for p in compared["programs"]] == ["ucf", "sjsu"]
