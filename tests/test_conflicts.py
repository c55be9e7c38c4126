"""Every self-contradiction of the page is on record, and its figures hold: worked out here from the page."""

from __future__ import annotations

import json
import re
from statistics import median
from typing import Any

import pytest

import source_page
from conftest import Invoke, program_entry
from mlprog.model import Dataset

pytestmark = pytest.mark.skipif(source_page.page_path() is None, reason="source page not found")


@pytest.fixture(scope="module")
def page() -> str:
    return source_page.read_page()


@pytest.fixture(scope="module")
def states_table(page: str) -> dict[str, tuple[int, int, str]]:
    """The page's 'Top States' rows: state name -> (programs, median tuition, top program)."""
    rows = re.findall(
        r"^\| Best Machine Learning Master's Programs in ([^|]+?) \| (\d+) \| \$([\d,]+) \| ([^|]+?) \|$",
        page,
        re.M,
    )
    return {state: (int(count), int(tuition.replace(",", "")), top) for state, count, tuition, top in rows}


def conflict(bundled: Dataset, conflict_id: str) -> str:
    """A recorded conflict as one text: its summary, values, places and what is kept."""
    found = next(c for c in bundled.conflicts if c.id == conflict_id)
    parts = [found.summary, found.kept or ""] + [f"{v.value} {' '.join(v.where)}" for v in found.values]
    return " ".join(parts)


def tuitions(bundled: Dataset, state: str) -> list[int]:
    return [p.tuition for p in bundled.programs if p.state == state]


def test_every_known_conflict_is_recorded(bundled: Dataset) -> None:
    ids = {c.id for c in bundled.conflicts}
    assert ids >= {
        "penn-graduation-rate",
        "programs-analysed",
        "salary-premium",
        "usc-first-ai-masters",
        "salary-bases",
        "thesis-length",
        "total-cost-range",
        "states-total",
        "states-top-programs",
        "pennsylvania-median",
        "georgia-count",
        "massachusetts-median",
        "uw-degrees",
        "northeastern-degrees",
        "usc-employers",
        "uci-degrees",
    }
    for item in bundled.conflicts:
        assert len(item.values) >= 2
        assert item.about == "page" or item.about in {p.id for p in bundled.programs}


def test_the_states_table_adds_up_to_more_than_the_programs_analysed(
    states_table: dict[str, tuple[int, int, str]], bundled: Dataset
) -> None:
    total = sum(count for count, _, _ in states_table.values())
    assert len(states_table) == 10
    assert total == 63
    assert bundled.meta.programs_analyzed == 50
    assert "63" in conflict(bundled, "states-total")


def test_six_top_programs_are_not_ranked_in_states_that_have_ranked_programs(
    states_table: dict[str, tuple[int, int, str]], bundled: Dataset
) -> None:
    from mlprog.dataset.states import state_code

    ranked_names = {p.name for p in bundled.programs}
    aliases = {
        "Carnegie Mellon University",
        "University of Washington",
    }  # the two ranked, by the page's names
    unranked_in_ranked_states = [
        top
        for state, (_, _, top) in states_table.items()
        if top not in ranked_names | aliases and tuitions(bundled, state_code(state) or "")
    ]
    assert len(unranked_in_ranked_states) == 6
    text = conflict(bundled, "states-top-programs")
    for name in (
        "Stanford",
        "Cornell",
        "MIT",
        "UT Austin",
        "Urbana-Champaign",
        "Georgia Institute of Technology",
    ):
        assert name in text


def test_pennsylvania_massachusetts_and_georgia_cannot_hold(
    states_table: dict[str, tuple[int, int, str]], bundled: Dataset
) -> None:
    count, stated, _ = states_table["Pennsylvania"]
    assert count == len(tuitions(bundled, "PA")) == 4
    assert median(tuitions(bundled, "PA")) == 39387 != stated
    assert f"${stated:,}" in conflict(bundled, "pennsylvania-median")
    assert "$39,387" in conflict(bundled, "pennsylvania-median")

    count, stated, _ = states_table["Massachusetts"]
    known = sorted(tuitions(bundled, "MA"))
    assert count == 6
    assert len(known) == 4
    lowest_possible = median([0] * (count - len(known)) + known)
    assert lowest_possible == 58380 > stated
    assert "$58,380" in conflict(bundled, "massachusetts-median")

    count, stated, top = states_table["Georgia"]
    ranked = tuitions(bundled, "GA")
    assert count == len(ranked) == 2
    assert top not in {p.name for p in bundled.programs}  # a third program in a state of two
    assert median(ranked) == 34855 != stated
    assert "$34,855" in conflict(bundled, "georgia-count")


def test_the_total_cost_range_does_not_fit_the_tuitions(page: str, bundled: Dataset) -> None:
    assert "total costs ranging from $25,000 at top public universities to over $140,000" in page
    low, high = bundled.meta.full_time_years or (0, 0)
    cheapest = min(bundled.programs, key=lambda p: p.tuition)
    dearest = max(bundled.programs, key=lambda p: p.tuition)
    assert cheapest.tuition * high < 25_000
    assert dearest.tuition * high < 140_000
    text = conflict(bundled, "total-cost-range")
    assert f"${round(cheapest.tuition * low):,}-${round(cheapest.tuition * high):,}" in text
    assert f"${round(dearest.tuition * low):,}-${round(dearest.tuition * high):,}" in text


def test_salary_figures_thesis_length_and_overviews_are_as_the_page_says(page: str, bundled: Dataset) -> None:
    for figure in ("$157,000", "$165,000", "$170,000+", "$145,000"):
        assert figure in page
        assert figure in conflict(bundled, "salary-bases")
    assert "Average completion: 2-2.5 years" in page
    assert "2-2.5 years" in conflict(bundled, "thesis-length")
    uw_overview = next(line for line in page.splitlines() if "two distinct machine learning pathways" in line)
    uw_degrees = {d.name for d in next(p for p in bundled.programs if p.id == "uw").degrees}
    for named in (
        "Master of Science in Artificial Intelligence and Machine Learning for Engineering",
        "Master of Science in Data Science",
    ):
        assert named in uw_overview
        assert named not in uw_degrees
    usc = next(p for p in bundled.programs if p.id == "usc")
    uci_overview = next(line for line in page.splitlines() if "UC Irvine's machine learning programs" in line)
    assert "Master of Data Science (MDS)" in uci_overview
    uci = next(p for p in bundled.programs if p.id == "uci")
    assert [d.name for d in uci.degrees] == ["BS", "MS", "PhD"]
    assert "$7K total" in page
    assert "$7K total" in conflict(bundled, "total-cost-range")
    assert "Meta" not in usc.top_employers
    assert "Amazon, Google, Meta, and emerging AI startups" in page


def test_conflicts_about_a_program_are_also_in_its_notes(bundled: Dataset) -> None:
    by_id = {p.id: p for p in bundled.programs}
    for item in bundled.conflicts:
        if item.about != "page":
            assert by_id[item.about].notes, item.id


def test_sources_lists_every_conflict(invoke: Invoke, bundled: Dataset) -> None:
    report = json.loads(invoke("sources", "--json").stdout)
    assert [c["id"] for c in report["conflicts"]] == [c.id for c in bundled.conflicts]
    assert report["source"]["name"] == "Hakia"
    penn = json.loads(invoke("sources", "penn", "--json").stdout)["conflicts"]
    assert [c["id"] for c in penn] == ["penn-graduation-rate"]
    one = json.loads(invoke("sources", "thesis-length", "--json").stdout)["conflicts"]
    assert [c["id"] for c in one] == ["thesis-length"]  # as the guide's "see also" names it
    text = invoke("sources").stdout
    assert "• 1%: the 'Compare Top 5' table" in text


TWO_VALUES = '[{ value = "a", where = ["b"] }, { value = "c", where = ["d"] }]'


@pytest.mark.parametrize(
    ("conflicts", "message"),
    [
        (f'id = "x"\nabout = "nowhere"\nsummary = "s"\nvalues = {TWO_VALUES}', "'about' must be 'page' or"),
        ('id = "x"\nabout = "page"\nsummary = "s"\nvalues = [{ value = "a", where = ["b"] }]', "two"),
        (
            'id = "x"\nabout = "page"\nsummary = "s"\nvalues = [{ value = "a", where = [] }, '
            '{ value = "c", where = ["d"] }]',
            "must name at least one place",
        ),
    ],
)
def test_bad_conflicts_are_reported(invoke: Invoke, write_data: Any, conflicts: str, message: str) -> None:
    path = write_data([program_entry(1)])
    path.write_text(path.read_text() + "\n[[conflicts]]\n" + conflicts + "\n")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert message in result.stderr
