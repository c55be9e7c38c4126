"""Personal rankings and profiles: scores checked against arithmetic done here by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, program_entry, run_json
from mlprog.dataset.load import load_dataset
from mlprog.errors import UsageError
from mlprog.model import WEIGHT_FIELDS
from mlprog.weights import combine_weights, parse_weights, personal_scores

WriteData = Callable[..., Path]

# Three programs small enough to score by hand.
A = program_entry(1, id="a", score=90.0, tuition=50000, graduation_rate=90)
B = program_entry(2, id="b", score=70.0, tuition=10000, graduation_rate=95)
C = program_entry(3, id="c", score=80.0, tuition=30000)
del C["graduation_rate"]  # the source gives none


@pytest.fixture
def small(write_data: WriteData) -> Path:
    return write_data([A, B, C])


def test_weighted_scores_match_hand_arithmetic(small: Path) -> None:
    programs = load_dataset(small).programs
    scores = {
        s.program.id: s
        for s in personal_scores(programs, parse_weights(["score=2", "tuition=-1", "graduation_rate=1"]))
    }
    # Sum of |weights| = 2 + 1 + 1 = 4; a field's points = 100 * |w| * share / 4.
    # score 70..90:        a share 1,   b 0,   c (80-70)/20 = 0.5
    # tuition 10k..50k, lower is better: a 1-(40k/40k) = 0, b 1, c 1-(20k/40k) = 0.5
    # graduation 90..95:   a 0,   b 1,   c missing -> 0
    expected = {
        "a": {"score": 50.0, "tuition": 0.0, "graduation_rate": 0.0},  # 50
        "b": {"score": 0.0, "tuition": 25.0, "graduation_rate": 25.0},  # 50
        "c": {"score": 25.0, "tuition": 12.5, "graduation_rate": 0.0},  # 37.5
    }
    for pid, parts in expected.items():
        assert {c.field: c.points for c in scores[pid].contributions} == pytest.approx(parts)
        assert scores[pid].score == pytest.approx(sum(parts.values()))
    assert [c.missing for c in scores["c"].contributions] == [False, False, True]


def test_order_is_by_personal_score_then_rank(small: Path) -> None:
    programs = load_dataset(small).programs
    ordered = personal_scores(programs, parse_weights(["score=2", "tuition=-1", "graduation_rate=1"]))
    assert [s.program.id for s in ordered] == ["a", "b", "c"]  # a and b tie at 50: rank decides


def test_a_missing_value_never_ranks_first(small: Path) -> None:
    programs = load_dataset(small).programs
    ordered = personal_scores(programs, parse_weights(["graduation_rate=1"]))
    assert ordered[-1].program.id == "c"
    assert ordered[-1].score == 0.0


def test_a_field_every_program_shares_gives_full_marks(write_data: WriteData) -> None:
    path = write_data([program_entry(1, score=60.0), program_entry(2, score=60.0)])
    scores = personal_scores(load_dataset(path).programs, parse_weights(["score=1"]))
    assert [s.score for s in scores] == [100.0, 100.0]


def test_json_breakdown_sums_to_the_personal_score(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "-w", "score=2", "-w", "tuition=-1", "-w", "graduation_rate=1")
    assert len(programs) == 25
    for program in programs:
        personal = program["personal"]
        assert personal["score"] == pytest.approx(sum(personal["contributions"].values()))
        assert program["personal_score"] == personal["score"]
        assert 0 <= personal["score"] <= 100
    scores = [p["personal_score"] for p in programs]
    assert scores == sorted(scores, reverse=True)
    missing = [p["id"] for p in programs if p["personal"]["missing"]]
    assert set(missing) == {"nyu", "northeastern", "jhu", "bu"}


def test_weights_rank_the_bundled_data_as_computed_here(invoke: Invoke, bundled: Any) -> None:
    programs = run_json(invoke, "rank", "--weight", "tuition=-1")
    lowest = min(p.tuition for p in bundled.programs)
    highest = max(p.tuition for p in bundled.programs)
    for program in programs:
        share = 1 - (program["tuition"] - lowest) / (highest - lowest)
        assert program["personal_score"] == pytest.approx(100 * share, abs=0.01)
    assert programs[0]["id"] == "ucf"  # the cheapest


def test_table_shows_the_personal_score_and_explains_it(invoke: Invoke, small: Path) -> None:
    result = invoke(
        "rank",
        "-w",
        "score=2",
        "-w",
        "tuition=-1",
        "-w",
        "graduation_rate=1",
        "--explain",
        "--data",
        str(small),
    )
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if "Yours" in line)
    assert header.split() == ["Yours", "+score", "+tuition", "+grad", "#", "Program", "ID"]
    row_c = next(line for line in result.stdout.splitlines() if line.split()[-1:] == ["c"])
    # * : missing, counted as worst; the personal score says it was made on partial data.
    assert row_c.split()[:4] == ["37.5*", "25.0", "12.5", "0.0*"]
    assert "* scored on partial data (c): the source gives no graduation rate" in result.stdout


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (["colour=1"], "unknown field 'colour'; choose from score, tuition, graduation_rate, rank"),
        (["score=high"], "'high' is not a number"),
        (["score"], "must be FIELD=NUMBER"),
        (["score=0", "tuition=0"], "all weights are zero"),
        (["score=nan"], "a number from -1000 to 1000"),
        (["score=1", "score=2"], "score is given twice"),
    ],
)
def test_bad_weights_are_usage_errors(invoke: Invoke, weights: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message.split(";", maxsplit=1)[0]):
        combine_weights((), parse_weights(weights))
    args = [arg for w in weights for arg in ("--weight", w)]
    result = invoke("rank", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_explain_needs_weights(invoke: Invoke) -> None:
    result = invoke("rank", "--explain")
    assert result.exit_code == 2
    assert "add --weight or --profile" in result.stderr


# --- profiles ---------------------------------------------------------------------


def test_the_four_profiles_of_the_selection_guide(invoke: Invoke) -> None:
    listed = run_json(invoke, "profiles")
    assert [p["id"] for p in listed] == ["prestige", "value", "regional", "working"]
    value = listed[1]
    assert value["filters"] == {"type": "public"}
    assert value["weights"] == {"score": 2.0, "tuition": -2.0, "graduation_rate": 1.0}
    table = invoke("profiles", env={"COLUMNS": "200"})  # wide enough that no cell wraps
    assert "Elite education at public-university cost" in table.stdout
    assert "tuition -2 (lower is better)" in table.stdout


def test_value_profile_ranks_public_programs_by_its_weights(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--profile", "value")
    assert programs
    assert all(p["type"] == "public" for p in programs)
    assert set(programs[0]["personal"]["contributions"]) == {"score", "tuition", "graduation_rate"}
    scores = [p["personal_score"] for p in programs]
    assert scores == sorted(scores, reverse=True)


def test_working_profile_keeps_online_and_part_time_programs(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--profile", "working")
    assert {p["id"] for p in programs} == {"syracuse", "uw", "penn", "nyu", "uci"}


def test_regional_profile_needs_a_state(invoke: Invoke) -> None:
    result = invoke("rank", "--profile", "regional")
    assert result.exit_code == 2
    assert "needs your region: add --state" in result.stderr
    programs = run_json(invoke, "rank", "--profile", "regional", "--state", "CA")
    assert {p["state"] for p in programs} == {"CA"}


def test_own_weights_override_a_profiles_field_by_field(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--profile", "value", "--weight", "tuition=0")
    assert programs[0]["personal"]["contributions"]["tuition"] == 0
    assert all(p["type"] == "public" for p in programs)


def test_explicit_filters_override_a_profiles(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--profile", "value", "--type", "private")
    assert programs
    assert all(p["type"] == "private" for p in programs)


def test_unknown_profile_lists_the_profiles(invoke: Invoke) -> None:
    result = invoke("rank", "--profile", "cheap")
    assert result.exit_code == 2
    assert "no profile 'cheap'; choose from prestige, value, regional, working" in result.stderr


def test_a_users_own_profile_in_a_data_file(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([A, B, C])
    text = (
        path.read_text()
        + '\n[[profiles]]\nid = "cheap"\ntitle = "Cheapest first"\nweights = { tuition = -1 }\n'
    )
    path.write_text(text, encoding="utf-8")
    assert [p["id"] for p in run_json(invoke, "profiles", "--data", str(path))] == ["cheap"]
    programs = run_json(invoke, "rank", "--profile", "cheap", "--data", str(path))
    assert [p["id"] for p in programs] == ["b", "c", "a"]


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ('id = "x"\ntitle = "X"\nweights = { colour = 1 }', "has unknown field 'colour'"),
        ('id = "x"\ntitle = "X"\nweights = { score = 0 }', "are all zero"),
        ('id = "x"\ntitle = "X"', "missing required field 'weights'"),
        ('id = "x"\ntitle = "X"\nweights = { score = 1 }\nfilters = { states = ["ZZ"] }', "not a US state"),
    ],
)
def test_bad_profiles_are_reported(invoke: Invoke, write_data: WriteData, profile: str, message: str) -> None:
    path = write_data([A])
    path.write_text(path.read_text() + "\n[[profiles]]\n" + profile + "\n", encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert "profile 'x'" in result.stderr
    assert message in result.stderr


def test_sort_wins_over_the_personal_order_and_scores_stay(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "-w", "tuition=-1", "--sort", "score")
    assert [p["id"] for p in programs[:3]] == ["cmu", "usc", "syracuse"]
    assert all("personal_score" in p for p in programs)
    backwards = run_json(invoke, "rank", "-w", "tuition=-1", "--reverse")
    assert backwards[0]["id"] == "usc"  # the dearest: the lowest personal score
    assert backwards[-1]["id"] == "ucf"


def test_default_weights_from_settings_and_profile_none(invoke: Invoke, tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config" / "mlprog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("weights = { tuition = -1 }\n", encoding="utf-8")
    assert run_json(invoke, "rank")[0]["id"] == "ucf"
    plain = run_json(invoke, "rank", "--profile", "none")
    assert plain[0]["id"] == "cmu"
    assert "personal" not in plain[0]


@pytest.mark.parametrize("field", WEIGHT_FIELDS)
def test_explain_shows_every_field_a_weight_may_name(invoke: Invoke, field: str) -> None:
    result = invoke("rank", "--weight", f"{field}=1", "--explain", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert "internal error" not in result.stderr
    assert result.stdout.splitlines()[1].lstrip().startswith("Yours")
