"""The core's lookup, filters, sorting and comparison, tested without any CLI runner."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlprog.criteria import Criteria, evaluate, filter_programs
from mlprog.errors import AmbiguousProgram, ProgramNotFound, UsageError
from mlprog.model import Dataset, Program
from mlprog.query import (
    best_ids,
    find_program,
    sort_programs,
    text_order,
    unique_programs,
)


def ids(programs: list[Program]) -> list[str]:
    return [p.id for p in programs]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cmu", "cmu"),
        ("CMU", "cmu"),
        ("carnegie mellon", "cmu"),
        ("Carnegie Mellon University", "cmu"),
        ("upenn", "penn"),
        ("uci", "uci"),
        ("university of california irvine", "uci"),
        ("University of California-Irvine", "uci"),
        ("  Penn  State ", "psu"),
    ],
)
def test_find_by_id_alias_or_full_name(bundled: Dataset, query: str, expected: str) -> None:
    assert find_program(bundled.programs, query).id == expected


@pytest.mark.parametrize(
    ("query", "suggested"), [("cmuu", "cmu"), ("northwestrn", "northwestern"), ("syracus", "syracuse")]
)
def test_near_miss_suggests_and_is_never_acted_on(bundled: Dataset, query: str, suggested: str) -> None:
    with pytest.raises(ProgramNotFound) as caught:
        find_program(bundled.programs, query)
    assert suggested in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_a_name_far_from_everything_has_no_suggestion(bundled: Dataset) -> None:
    with pytest.raises(ProgramNotFound) as caught:
        find_program(bundled.programs, "standford")
    assert caught.value.suggestions == ()
    assert "mlprog rank" in str(caught.value)


def test_a_partial_name_shared_by_several_lists_them(bundled: Dataset) -> None:
    with pytest.raises(AmbiguousProgram) as caught:
        find_program(bundled.programs, "california")
    assert set(caught.value.candidates) == {"usc", "uci", "ucsc"}


def test_state_type_and_thresholds_combine_with_and(bundled: Dataset) -> None:
    criteria = Criteria(states=frozenset({"CA"}), type="public", max_tuition=15000)
    result = [e.program for e in filter_programs(bundled.programs, criteria)]
    assert ids(result) == ["uci", "sjsu", "ucsc"]
    assert all(p.state == "CA" and p.type == "public" and p.tuition <= 15000 for p in result)


def test_several_states_combine_with_or(bundled: Dataset) -> None:
    criteria = Criteria(states=frozenset({"CA", "NY"}))
    result = [e.program for e in filter_programs(bundled.programs, criteria)]
    assert {p.state for p in result} == {"CA", "NY"}
    assert len(result) == sum(p.state in {"CA", "NY"} for p in bundled.programs)


def test_missing_graduation_rate_is_excluded_only_by_that_filter(bundled: Dataset) -> None:
    no_rate = {p.id for p in bundled.programs if p.graduation_rate is None}
    assert no_rate == {"nyu", "northeastern", "jhu", "bu"}
    kept = {e.program.id for e in filter_programs(bundled.programs, Criteria(min_score=0))}
    assert no_rate <= kept
    kept = {e.program.id for e in filter_programs(bundled.programs, Criteria(min_graduation_rate=0))}
    assert not no_rate & kept


def test_detail_criteria_match_whole_words_case_insensitively(bundled: Dataset) -> None:
    amazon_robotics = Criteria(details={"partner": ("amazon",), "lab": ("robotics",)})
    [usc] = filter_programs(bundled.programs, amazon_robotics)
    assert usc.program.id == "usc"
    assert usc.matched == {"partner": ["Amazon"], "lab": ["Robotics and Autonomous Systems Center (RASC)"]}
    # Part of a word is not a whole word: "amaz" does not match "Amazon".
    assert not filter_programs(bundled.programs, Criteria(details={"partner": ("amaz",)}))


def test_repeated_detail_values_combine_with_or(bundled: Dataset) -> None:
    either = Criteria(details={"partner": ("Bosch Group", "Zillow")})
    assert ids([e.program for e in filter_programs(bundled.programs, either)]) == ["cmu", "uw"]


def test_search_looks_across_all_text_and_reports_fields(bundled: Dataset) -> None:
    found = filter_programs(bundled.programs, Criteria(details={"search": ("Yann LeCun",)}))
    assert [e.program.id for e in found] == ["nyu"]
    # What matched is shown in context, named by its field: one snippet for both words.
    assert found[0].matched["search"] == ["highlight: Home of Yann LeCun's CILVR lab and of the MS…"]


def test_delivery_and_faculty_and_degree(bundled: Dataset) -> None:
    online = {
        e.program.id for e in filter_programs(bundled.programs, Criteria(details={"delivery": ("online",)}))
    }
    assert online == {"syracuse", "uw", "penn", "nyu"}
    kolter = filter_programs(bundled.programs, Criteria(details={"faculty": ("kolter",)}))
    assert [e.program.id for e in kolter] == ["cmu"]
    data_science = filter_programs(bundled.programs, Criteria(details={"degree": ("data science",)}))
    assert {e.program.id for e in data_science} == {"usc", "syracuse", "northwestern"}


def test_evaluate_says_which_criterion_fails(bundled: Dataset) -> None:
    cmu = find_program(bundled.programs, "cmu")
    verdict = evaluate(
        cmu, Criteria(states=frozenset({"CA"}), max_tuition=70000, details={"lab": ("robotics",)})
    )
    assert not verdict.passed
    assert verdict.failures == ("state is PA, not CA", "no lab matches 'robotics'")


@pytest.mark.parametrize(
    ("field", "first", "last"),
    [
        ("rank", "cmu", "slu"),
        ("tuition", "ucf", "usc"),
        ("score", "cmu", "slu"),
        ("name", "bu", "uw"),
    ],
)
def test_sort_has_a_natural_direction_per_field(bundled: Dataset, field: str, first: str, last: str) -> None:
    ordered = sort_programs(bundled.programs, field)
    assert (ordered[0].id, ordered[-1].id) == (first, last)
    backwards = sort_programs(bundled.programs, field, reverse=True)
    assert (backwards[0].id, backwards[-1].id) == (last, first)


def test_missing_values_sort_last_in_both_directions(bundled: Dataset) -> None:
    for reverse in (False, True):
        ordered = sort_programs(bundled.programs, "graduation_rate", reverse=reverse)
        rates = [p.graduation_rate for p in ordered]
        assert rates[-4:] == [None] * 4
        present = [r for r in rates if r is not None]
        assert present == sorted(present, reverse=not reverse)


def test_ties_keep_ranking_order(bundled: Dataset) -> None:
    same_tuition = [p.id for p in sort_programs(bundled.programs, "tuition") if p.tuition == 11834]
    assert same_tuition == ["uci", "ucsc"]


def test_unknown_sort_field_is_a_usage_error(bundled: Dataset) -> None:
    with pytest.raises(UsageError):
        sort_programs(bundled.programs, "colour")


def test_best_ids_per_comparable_field(bundled: Dataset) -> None:
    chosen = [find_program(bundled.programs, q) for q in ("cmu", "usc", "uw", "nyu")]
    assert best_ids(chosen) == {
        "rank": ["cmu"],
        "tuition": ["uw"],
        "graduation_rate": ["cmu"],
        "score": ["cmu"],
    }


def test_ties_for_best_mark_every_holder(bundled: Dataset) -> None:
    chosen = [find_program(bundled.programs, q) for q in ("uci", "ucsc")]
    assert best_ids(chosen)["tuition"] == ["uci", "ucsc"]


def test_unique_programs_drops_repeats(bundled: Dataset) -> None:
    cmu = find_program(bundled.programs, "cmu")
    usc = find_program(bundled.programs, "usc")
    kept, repeats = unique_programs([cmu, usc, cmu])
    assert ids(kept) == ["cmu", "usc"]
    assert ids(repeats) == ["cmu"]


def test_the_public_api_resolves_lazily() -> None:
    import mlprog

    assert set(mlprog.__all__) == {"__version__", *mlprog._EXPORTS}
    for name in mlprog._EXPORTS:
        assert getattr(mlprog, name).__name__ == name
    with pytest.raises(AttributeError):
        _ = mlprog.no_such_name  # type: ignore[attr-defined]


@given(st.text(alphabet=st.characters(max_codepoint=0x17F), max_size=12))
def test_text_order_folds_case_and_accents_alike_for_any_text(text: str) -> None:
    """ASCII takes a shorter way to its sort key; the key is the one every text gets."""
    folded = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    assert text_order(text) == f"{folded.casefold()}\0{text.casefold()}"


def test_names_sort_without_case_or_accents() -> None:
    names = ["beta", "Université", "Alpha", "université", "ALPHA", "University"]
    expected = ["Alpha", "ALPHA", "beta", "Université", "université", "University"]  # ties as given
    assert sorted(names, key=text_order) == expected


def test_several_names_are_looked_up_in_one_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """compare names several programs: their names are folded once, not once a name."""
    from mlprog import query
    from mlprog.dataset.load import load_dataset

    programs = load_dataset().programs
    built = []
    real = query._lookup_index
    monkeypatch.setattr(query, "_lookup_index", lambda programs: built.append(1) or real(programs))
    found = query.find_programs(programs, ["cmu", "University of Southern California", "UW"])
    assert len(built) == 1
    assert [p.id for p in found] == [query.find_program(programs, name).id for name in ("cmu", "usc", "uw")]
    with pytest.raises(ProgramNotFound):
        query.find_programs(programs, ["cmu", "nowhere at all"])
