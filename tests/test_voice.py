"""One product: how mlprog reads what people type, speaks its errors, helps, and writes numbers."""

from __future__ import annotations

import json
import re

import pytest

from conftest import Invoke, run_json

# --- what people type --------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["15000", "15,000", "$15,000", "15k", "15K", " $15k ", "15_000", "0.015m"])
def test_money_is_read_as_people_write_it(invoke: Invoke, amount: str) -> None:
    programs = run_json(invoke, "rank", "--max-tuition", amount)
    assert programs == run_json(invoke, "rank", "--max-tuition", "15000")
    assert programs, "some programs cost under $15,000"
    assert all(p["tuition"] <= 15000 for p in programs)


@pytest.mark.parametrize("amount", ["15x", "-5", "nan", "inf", "1e400", "", "$", "k", "99999999999"])
def test_money_that_is_not_money_is_a_usage_error(invoke: Invoke, amount: str) -> None:
    result = invoke("rank", "--max-tuition", amount)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --max-tuition: ")
    assert "is not an amount of US dollars" in result.stderr
    assert result.stderr.rstrip().endswith("Try 'mlprog rank --help'.")


def test_sponsorship_takes_the_same_money(invoke: Invoke) -> None:
    short = json.loads(invoke("cost", "cmu", "--sponsorship", "10k", "--json").stdout)
    long = json.loads(invoke("cost", "cmu", "--sponsorship", "$10,000", "--json").stdout)
    assert short == long
    assert short["sponsorship_per_year"] == 10000


@pytest.mark.parametrize(
    "states",
    [["--state", "ny,ca"], ["--state", "NY", "--state", "CA"], ["--state", "New York,california"]],
)
def test_states_as_lists_codes_or_names(invoke: Invoke, states: list[str]) -> None:
    programs = run_json(invoke, "rank", *states)
    assert {p["state"] for p in programs} == {"NY", "CA"}


@pytest.mark.parametrize("typed", ["part time", "part-time", "Part-Time", "evening", "parttime"])
def test_delivery_as_people_write_it(invoke: Invoke, typed: str) -> None:
    found = [p["id"] for p in run_json(invoke, "filter", "--delivery", typed)]
    assert found == [p["id"] for p in run_json(invoke, "filter", "--delivery", "part-time")]
    assert found, "the data has part-time programs"


def test_an_unknown_delivery_lists_the_valid_ones(invoke: Invoke) -> None:
    result = invoke("filter", "--delivery", "weekend")
    assert result.exit_code == 2
    assert "'weekend' is not a delivery format; formats: on campus, online, part-time" in result.stderr


# --- one voice for errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says", "hint"),
    [
        (["rank", "--bogus"], "rank has no option --bogus", "mlprog rank"),
        (["rank", "--jsn"], "did you mean --json?", "mlprog rank"),
        (["rnak"], "unknown command 'rnak'; did you mean rank?", "mlprog"),
        (["show"], "show needs PROGRAM", "mlprog show"),
        (["rank", "--type", "both"], "--type takes public or private, not 'both'", "mlprog rank"),
        (["rank", "--limit", "0"], "--limit takes a whole number of 1 or more, not 0", "mlprog rank"),
        (["compare", "cmu"], "compare needs at least two different programs", "mlprog compare"),
        (["rank", "--json", "--format", "csv"], "conflict", "mlprog rank"),
        (["shortlist", "add"], "shortlist add needs PROGRAM...", "mlprog shortlist add"),
        (["rank", "--limit"], "--limit needs a value", "mlprog rank"),
        (["apply", "set", "cmu", "--deadline"], "--deadline needs a value", "mlprog apply set"),
    ],
)
def test_usage_errors_speak_in_one_voice(invoke: Invoke, args: list[str], says: str, hint: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: "), lines
    assert says in result.stderr
    assert lines[-1] == f"Try '{hint} --help'."
    assert not re.search("[╭╮╰╯│]", result.stderr), "no boxes"
    assert "Usage:" not in result.stderr
    assert result.stdout == ""


def test_a_request_that_cannot_be_served_is_one_line_and_exit_1(invoke: Invoke) -> None:
    result = invoke("show", "cmuu")
    assert result.exit_code == 1
    assert result.stderr == "Error: no program matches 'cmuu'; did you mean cmu?\n"


# --- help ----------------------------------------------------------------------------------


def test_help_is_plain_text(invoke: Invoke) -> None:
    for args in (["--help"], ["rank", "--help"], ["shortlist", "--help"], ["cost", "-h"]):
        result = invoke(*args)
        assert result.exit_code == 0
        assert result.stdout.startswith("Usage: mlprog")
        assert not re.search("[╭╮╰╯│]", result.stdout), args


def test_options_come_in_the_same_order_on_every_command(invoke: Invoke) -> None:
    """What to select first, then how to show it, then where the data comes from."""
    shown_last = ["--format", "--json", "--fields", "--no-color", "--no-pager", "--data"]
    for command in ("rank", "filter", "compare", "show"):
        options = re.findall(r"^  (?:-\w, )?(--[\w-]+)", invoke(command, "--help").stdout, re.MULTILINE)
        tail = [option for option in options if option in shown_last]
        assert tail == shown_last, (command, tail)
        selecting = [options.index(option) for option in options if option not in (*shown_last, "--help")]
        assert options.index("--format") > max(selecting, default=-1), command


# --- numbers --------------------------------------------------------------------------------


def test_one_number_style_for_people(invoke: Invoke) -> None:
    card = invoke("show", "pitt", env={"COLUMNS": "120"}).stdout  # a score of 64.0
    assert "64.0 / 100" in card
    assert "$20,154 per year" in card
    rank = invoke("rank", "--fields", "id,tuition,graduation_rate,score", "--limit", "1").stdout
    assert rank.splitlines()[-1].split() == ["cmu", "$62,260", "98%", "94.4"]
    cost = invoke("cost", "ucf", env={"COLUMNS": "120"}).stdout
    assert re.search(r"Years\s+1\.5–2 years \*", cost)
    assert re.search(r"Payback\s+\d\.\d–\d\.\d years", cost)
    assert json.loads(invoke("show", "pitt", "--json").stdout)["score"] == 64  # JSON keeps raw numbers


def test_show_as_csv_has_the_main_fields_unless_chosen(invoke: Invoke) -> None:
    main = invoke("show", "cmu", "--format", "csv").stdout.splitlines()
    assert main[0] == "id,rank,name,city,state,type,tuition,graduation_rate,score"
    chosen = invoke("show", "cmu", "--format", "csv", "--fields", "id,labs").stdout.splitlines()
    assert chosen[0] == "id,labs"
    assert chosen[1].startswith("cmu,Machine Learning Department")


def test_compare_with_only_best_in_chosen_has_a_grid_of_headers(invoke: Invoke) -> None:
    """Found by the property test: a comparison with no rows to show must not fail."""
    result = invoke("compare", "cmu", "usc", "--fields", "best_in")
    assert result.exit_code == 0, result.stderr
    assert "(cmu)" in result.stdout
    assert "(usc)" in result.stdout
