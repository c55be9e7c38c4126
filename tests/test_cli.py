"""The four explorer commands through the CLI: parsed JSON values, tables, exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from conftest import Invoke, program_entry, run_json
from mlprog import __version__
from mlprog.cli import app
from mlprog.dataset.schema import SUMMARY_FIELDS
from mlprog.model import Dataset

# --- rank ---------------------------------------------------------------------


def test_rank_json_lists_every_program_in_order(invoke: Invoke, bundled: Dataset) -> None:
    programs = run_json(invoke, "rank")
    assert [p["rank"] for p in programs] == list(range(1, 26))
    first = programs[0]
    assert {key: first[key] for key in SUMMARY_FIELDS} == {
        "id": "cmu",
        "rank": 1,
        "name": "Carnegie Mellon University",
        "city": "Pittsburgh",
        "state": "PA",
        "type": "private",
        "tuition": 62260,
        "graduation_rate": 98,
        "score": 94.4,
    }
    assert programs == [p.as_dict() for p in bundled.programs]


def test_rank_table_has_one_row_per_program(invoke: Invoke, bundled: Dataset) -> None:
    result = invoke("rank")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 25
    assert "Carnegie Mellon University" in rows[0]
    assert "$62,260" in rows[0]
    assert "98%" in rows[0]
    nyu = next(r for r in rows if "New York University" in r)
    assert "—" in nyu  # no graduation rate: a dash, not a blank or 0


def test_rank_filters_answer_the_public_california_question(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--state", "ca", "--type", "public", "--max-tuition", "15000")
    assert [p["id"] for p in programs] == ["uci", "sjsu", "ucsc"]
    assert all(p["state"] == "CA" and p["type"] == "public" and p["tuition"] <= 15000 for p in programs)


def test_rank_state_is_repeatable(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--state", "CA", "--state", "NY")
    assert {p["state"] for p in programs} == {"CA", "NY"}
    assert len(programs) == 8


def test_rank_unknown_state_is_a_usage_error_listing_valid_ones(invoke: Invoke) -> None:
    result = invoke("rank", "--state", "ZZ")
    assert result.exit_code == 2
    assert "'ZZ' is not a US state or territory" in result.stderr
    assert "CA, FL, GA, IL, MA, MD, MO, NY, PA, TX, WA" in result.stderr
    assert result.stdout == ""


def test_rank_min_graduation_rate_drops_programs_without_one(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--min-graduation-rate", "95")
    assert programs
    assert all(p["graduation_rate"] is not None and p["graduation_rate"] >= 95 for p in programs)


def test_rank_min_score(invoke: Invoke) -> None:
    programs = run_json(invoke, "rank", "--min-score", "80")
    assert [p["id"] for p in programs] == ["cmu", "usc", "syracuse", "uw"]


@pytest.mark.parametrize(
    ("args", "first_ids"),
    [
        (["--sort", "tuition"], ["ucf", "sjsu", "unt"]),
        (["--sort", "tuition", "--reverse"], ["usc", "northwestern", "brandeis"]),
        (["--sort", "graduation_rate"], ["penn", "sjsu", "syracuse"]),
        (["--sort", "name"], ["bu", "brandeis", "cmu"]),
        (["--sort", "state", "--limit", "2"], ["usc", "uci"]),
    ],
)
def test_rank_sort_and_limit(invoke: Invoke, args: list[str], first_ids: list[str]) -> None:
    programs = run_json(invoke, "rank", *args)
    assert [p["id"] for p in programs][: len(first_ids)] == first_ids


def test_rank_graduation_rate_sort_puts_missing_last(invoke: Invoke) -> None:
    for extra in ([], ["--reverse"]):
        programs = run_json(invoke, "rank", "--sort", "graduation_rate", *extra)
        assert [p["graduation_rate"] for p in programs][-4:] == [None] * 4


def test_rank_limit(invoke: Invoke) -> None:
    assert len(run_json(invoke, "rank", "--limit", "3")) == 3


@pytest.mark.parametrize(
    "args",
    [
        ["--limit", "-3"],
        ["--limit", "0"],
        ["--limit", "many"],
        ["--sort", "colour"],
        ["--type", "charter"],
        ["--max-tuition", "-1"],
        ["--min-graduation-rate", "101"],
        ["--min-score", "abc"],
    ],
)
def test_rank_bad_options_are_usage_errors(invoke: Invoke, args: list[str]) -> None:
    result = invoke("rank", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_empty_result_is_success_with_a_note_on_stderr(invoke: Invoke) -> None:
    result = invoke("rank", "--state", "AK")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (
        result.stderr
        == "No programs match: state AK. Loosen a criterion, or see every program with 'mlprog rank'.\n"
    )
    assert run_json(invoke, "rank", "--state", "AK") == []


# --- filter -----------------------------------------------------------------------


def test_filter_partner_and_lab_answers_the_amazon_robotics_question(invoke: Invoke) -> None:
    programs = run_json(invoke, "filter", "--partner", "Amazon", "--lab", "robotics")
    assert [p["id"] for p in programs] == ["usc"]
    assert programs[0]["matched"] == {
        "partner": ["Amazon"],
        "lab": ["Robotics and Autonomous Systems Center (RASC)"],
    }


def test_filter_table_shows_what_matched(invoke: Invoke) -> None:
    result = invoke("filter", "--partner", "amazon", "--lab", "robotics")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "University of Southern California" in line)
    assert "partner: Amazon; lab: Robotics and Autonomous Systems Center (RASC)" in row


def test_filter_repeated_option_is_or_and_different_options_are_and(invoke: Invoke) -> None:
    either = run_json(invoke, "filter", "--partner", "Zillow", "--partner", "Bosch Group")
    assert [p["id"] for p in either] == ["cmu", "uw"]
    both = run_json(invoke, "filter", "--partner", "Zillow", "--partner", "Bosch Group", "--type", "public")
    assert [p["id"] for p in both] == ["uw"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--employer", "spotify"], ["northwestern"]),
        (["--delivery", "part-time"], ["uw", "uci"]),
        (["--delivery", "on campus"], ["syracuse", "uw", "nyu"]),
        (["--faculty", "natural language processing"], ["uw"]),
        (["--degree", "emerging technologies"], ["nyu"]),
        (["--search", "co-op"], ["northeastern"]),
        (["--search", "hasso plattner"], ["uci"]),
        (["--partner", "amazon", "--state", "WA"], ["uw"]),
    ],
)
def test_filter_detail_criteria(invoke: Invoke, args: list[str], expected: list[str]) -> None:
    assert [p["id"] for p in run_json(invoke, "filter", *args)] == expected


def test_filter_shares_rank_filters(invoke: Invoke) -> None:
    programs = run_json(invoke, "filter", "--state", "MA", "--max-tuition", "60000")
    assert [p["id"] for p in programs] == ["clark"]


def test_filter_no_match_is_success(invoke: Invoke) -> None:
    result = invoke("filter", "--partner", "Nobody Inc")
    assert result.exit_code == 0
    assert result.stderr == (
        "No programs match: partner 'Nobody Inc'. "
        "Loosen a criterion, or see every program with 'mlprog rank'.\n"
        "17 programs were not checked: the source gives no industry partners for them; "
        "--include-unknown lists them.\n"
    )


def test_filter_empty_phrase_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("filter", "--partner", "  ")
    assert result.exit_code == 2


def test_filter_explain_says_what_keeps_a_program_out(invoke: Invoke) -> None:
    result = invoke("filter", "--partner", "amazon", "--lab", "robotics", "--explain", "cmu")
    assert result.exit_code == 0
    assert "is kept out by" in result.stdout
    assert "no lab matches 'robotics'" in result.stdout
    report = run_json(invoke, "filter", "--partner", "amazon", "--lab", "robotics", "--explain", "cmu")
    assert report == {
        "id": "cmu",
        "matches": False,
        "failures": ["no lab matches 'robotics'"],
        "unknown": [],
        "matched": {"partner": ["Amazon"]},
    }


def test_filter_explain_a_match(invoke: Invoke) -> None:
    report = run_json(invoke, "filter", "--state", "CA", "--explain", "usc")
    assert report["matches"] is True
    assert report["failures"] == []
    result = invoke("filter", "--state", "CA", "--explain", "usc")
    assert "matches every criterion" in result.stdout


def test_filter_explain_unknown_program(invoke: Invoke) -> None:
    result = invoke("filter", "--explain", "cmuu")
    assert result.exit_code == 1
    assert "did you mean cmu?" in result.stderr


# --- compare --------------------------------------------------------------------


def test_compare_json_has_programs_and_best(invoke: Invoke) -> None:
    report = run_json(invoke, "compare", "cmu", "usc", "uw")
    assert [p["id"] for p in report["programs"]] == ["cmu", "usc", "uw"]
    assert report["best"] == {
        "rank": ["cmu"],
        "tuition": ["uw"],
        "graduation_rate": ["cmu"],
        "score": ["cmu"],
    }


def test_compare_table_has_fields_as_rows_and_marks_best_without_colour(invoke: Invoke) -> None:
    result = invoke("compare", "cmu", "usc", "uw", env={"COLUMNS": "200"})  # all three side by side
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    tuition = next(line for line in lines if line.strip().startswith("Tuition/yr"))
    assert "★ $11,524" in tuition
    assert "$62,260" in tuition
    assert "★ $62,260" not in tuition
    assert "\x1b[" not in result.stdout  # not a terminal: no colour, the star carries the meaning
    assert any(line.strip().startswith("Research labs") for line in lines)


def test_compare_says_when_a_program_has_no_detailed_profile(invoke: Invoke) -> None:
    result = invoke("compare", "cmu", "brandeis")
    labs = next(line for line in result.stdout.splitlines() if line.strip().startswith("Research labs"))
    assert "no detailed profile" in labs


def test_compare_program_named_twice_is_shown_once(invoke: Invoke) -> None:
    result = invoke("compare", "cmu", "usc", "carnegie mellon", "--json")
    assert result.exit_code == 0
    assert [p["id"] for p in json.loads(result.stdout)["programs"]] == ["cmu", "usc"]
    assert "cmu is named more than once" in result.stderr


def test_compare_a_program_with_itself_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("compare", "cmu", "CMU")
    assert result.exit_code == 2
    assert "at least two different programs" in result.stderr
    assert "mlprog show cmu" in result.stderr


def test_compare_needs_two(invoke: Invoke) -> None:
    assert invoke("compare", "cmu").exit_code == 2
    assert invoke("compare").exit_code == 2


def test_compare_unknown_program(invoke: Invoke) -> None:
    result = invoke("compare", "cmu", "standford")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no program matches 'standford'")


# --- show ---------------------------------------------------------------------


def test_show_json_is_one_program_object(invoke: Invoke, bundled: Dataset) -> None:
    card = run_json(invoke, "show", "Carnegie Mellon")
    outcomes = card.pop("outcomes")  # the bundled College Scorecard figures beside the program's own
    assert outcomes["in_use"] == "bundled"
    assert "federal student aid" in outcomes["source"]["coverage"]
    assert "local_wages" not in card  # CMU's card names no roles
    assert card.pop("living_cost")["covers"].startswith("rent and basic utilities")
    from mlprog.figures.outcomes import with_bundled_outcomes

    # The program's Scorecard fields are filled from the figures the card reads (their source in
    # `outcomes`, popped above).
    filled = with_bundled_outcomes(bundled.programs[:1])[0].as_dict()
    assert filled.pop("outcomes")["in_use"] == "bundled"
    assert card == filled
    assert card["earnings_4yr"] is not None
    assert card["degrees"][0] == {"name": "MS", "duration": "16 months (3-4 semesters)"}
    assert card["faculty"] == [{"name": "Zico Kolter", "focus": "Department Head, AI and machine learning"}]


def test_show_card_has_every_section(invoke: Invoke) -> None:
    result = invoke("show", "usc")
    assert result.exit_code == 0
    for heading in (
        "What sets it apart",
        "Overview",
        "Degrees",
        "Research labs",
        "Industry partners",
        "Career outcomes",
        "Notes",
        "Source: Hakia",
    ):
        assert heading in result.stdout
    assert "$66,640 per year" in result.stdout


def test_show_a_program_without_a_profile_says_so(invoke: Invoke) -> None:
    result = invoke("show", "bu")
    assert result.exit_code == 0
    assert "no detailed profile" in result.stdout
    assert "$63,798" in result.stdout


def test_show_penn_shows_the_recorded_conflict(invoke: Invoke) -> None:
    result = invoke("show", "penn")
    assert "1%" in result.stdout
    assert "100%" in result.stdout


@pytest.mark.parametrize("name", ["cmuu", "standford", "northwestrn", ""])
def test_show_unknown_program_is_exit_1_with_a_hint(invoke: Invoke, name: str) -> None:
    result = invoke("show", name)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no program matches")


def test_show_ambiguous_name_lists_candidates(invoke: Invoke) -> None:
    result = invoke("show", "boston")
    assert result.exit_code == 1
    assert "could mean several programs: northeastern, bu" in result.stderr


# --- the app ------------------------------------------------------------------


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"mlprog {__version__}\n"


def test_every_command_has_help(invoke: Invoke) -> None:
    group = get_command(app)
    assert set(group.commands) >= {"rank", "filter", "compare", "show", "validate"}  # type: ignore[attr-defined]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, name
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Usage" in result.stdout


def test_data_option_on_every_program_command(invoke: Invoke, write_data: Callable[..., Path]) -> None:
    path = write_data([program_entry(1), program_entry(2)])
    assert [p["id"] for p in run_json(invoke, "rank", "--data", str(path))] == ["prog1", "prog2"]
    assert [p["id"] for p in run_json(invoke, "filter", "--data", str(path))] == ["prog1", "prog2"]
    assert run_json(invoke, "show", "prog2", "--data", str(path))["id"] == "prog2"
    assert len(run_json(invoke, "compare", "prog1", "prog2", "--data", str(path))["programs"]) == 2


def test_missing_data_file_is_exit_1(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("rank", "--data", str(tmp_path / "nope.toml"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.toml'}: file not found\n"


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_tables_fit_narrow_terminals_and_never_cut_figures(invoke: Invoke, columns: str) -> None:
    from rich.cells import cell_len

    result = invoke("rank", env={"COLUMNS": columns})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) > 27  # header, rule, 25 programs at least
    assert max(cell_len(line) for line in lines) <= int(columns)
    for money_figure in ("$62,260", "$66,640", "$11,524", "$4,478"):
        assert money_figure in result.stdout
    assert "…" not in result.stdout


def test_a_command_built_once_runs_as_one_built_afresh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The tests run the app's click command built once (conftest.built_command): run after run,
    it says exactly what a command built afresh for each run says, byte for byte and exit code."""
    import typer.testing

    from conftest import built_command

    lines = [
        ["rank", "--json"],
        ["rank"],
        ["show", "cmu"],
        ["rank", "--limit", "0"],
        ["compare", "cmu", "usc", "--fields", "tuition,score"],
        ["cost", "cmu", "--json"],
        ["rank", "--help"],
        ["rnak"],
        ["shortlist", "list"],
        ["rank", "--json"],
        ["show", "cmu"],
    ]
    env = {"MLPROG_HOME": str(tmp_path), "COLUMNS": "100"}

    def outputs() -> list[tuple[int, str, str]]:
        runner = CliRunner()
        return [
            (result.exit_code, result.stdout, result.stderr)
            for result in (runner.invoke(app, line, env=env) for line in lines)
        ]

    monkeypatch.setattr(typer.testing, "_get_command", built_command)
    once = outputs()
    monkeypatch.setattr(typer.testing, "_get_command", get_command)
    afresh = outputs()
    assert [code for code, _, _ in afresh] == [0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0]
    assert once == afresh
