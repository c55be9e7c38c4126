"""`mlprog payoff`: the all-in cost, the earnings in the stated order with their sources and
cohorts, payback and debt-to-earnings, against the bundled figures read by hand; --applications.

The figures used here, read from data/ (outcomes.json, living.json) and data/programs.toml:
cmu: tuition $62,260 a year, 16 months; HUD one-bedroom rent in Pittsburgh $1,077 a month;
Scorecard CIP 11.01, 667 graduates, median earnings $193,154 4 years after, median debt $61,305.
usd: its Scorecard earnings are withheld and its card names no career with a BLS occupation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, run_json, snapshot
from test_startup_structure import loaded, modules_after

FEDERAL_AID = "federal student aid"


def payoff_of(invoke: Invoke, *args: str) -> dict[str, Any]:
    report = run_json(invoke, "payoff", *args)
    [program] = report["programs"]
    return program


def test_cmu_all_in_cost_earnings_payback_by_hand(invoke: Invoke) -> None:
    cmu = payoff_of(invoke, "cmu")
    # 62,260 * 16/12 = 83,013.33 ; 1,077 * 12 * 16/12 = 17,232 ; 83,013.33 + 17,232 = 100,245.33
    assert cmu["total_tuition"] == {"low": 83013, "high": 83013}
    assert cmu["living"] == {"low": 17232, "high": 17232}
    assert cmu["all_in_cost"] == {"low": 100245, "high": 100245}
    assert cmu["forgone_salary"] is None  # not known without --current-salary: never 0
    earnings = cmu["earnings"]
    assert earnings["amount"] == {"low": 193154, "high": 193154}
    assert earnings["cohort"] == 667
    assert "College Scorecard" in earnings["source"]
    assert "CIP 11.01" in earnings["source"]
    assert FEDERAL_AID in earnings["note"]
    # No current salary: the gain is the page's premium, $25,000-$40,000.
    # 100,245.33 / 40,000 = 2.5 ; 100,245.33 / 25,000 = 4.0
    assert cmu["payback_years"] == {"low": 2.5, "high": 4.0}
    # 61,305 / 193,154 = 0.317
    assert cmu["debt_to_earnings"] == {"low": 0.32, "high": 0.32}
    assert cmu["debt"]["cohort"] == 667


def test_current_salary_is_given_up_and_set_against_the_earnings(invoke: Invoke) -> None:
    cmu = payoff_of(invoke, "cmu", "--current-salary", "90k")
    # 90,000 * 16/12 = 120,000 given up ; all in 100,245.33 + 120,000 = 220,245.33
    assert cmu["forgone_salary"] == {"low": 120000, "high": 120000}
    assert cmu["all_in_cost"] == {"low": 220245, "high": 220245}
    # gain 193,154 - 90,000 = 103,154 ; 220,245.33 / 103,154 = 2.135
    assert cmu["yearly_gain"]["low"] == cmu["yearly_gain"]["high"] == 103154
    assert "less your current salary" in cmu["yearly_gain"]["basis"]
    assert cmu["payback_years"] == {"low": 2.1, "high": 2.1}


def test_living_option_overrides_the_setting_and_the_rent(invoke: Invoke, tmp_path: Path) -> None:
    own = payoff_of(invoke, "cmu", "--living", "2,000")
    # 2,000 * 12 * 16/12 = 32,000
    assert own["living"] == {"low": 32000, "high": 32000}
    assert own["living_per_month"]["source"].startswith("your own figure")
    config = tmp_path / "home" / ".config" / "mlprog"
    config.mkdir(parents=True)
    (config / "config.toml").write_text("living = 1500\n")
    by_setting = payoff_of(invoke, "cmu")
    assert by_setting["living"] == {"low": 24000, "high": 24000}  # 1,500 * 16
    assert payoff_of(invoke, "cmu", "--living", "2000")["living"] == own["living"]


def test_no_honest_figure_is_not_enough_data_never_zero(invoke: Invoke) -> None:
    usd = payoff_of(invoke, "usd")
    assert usd["earnings"] is None
    assert usd["debt_to_earnings"] is None
    assert any("Scorecard earnings are withheld" in reason for reason in usd["unavailable"])
    assert any("national median" in reason for reason in usd["unavailable"])
    assert "earnings: no figure from any source" in usd["missing"]
    # The page's premium still gives a payback, labelled as such.
    assert "Career Advancement" in usd["yearly_gain"]["basis"]
    result = invoke("payoff", "usd", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert re.search(r"Earnings/yr +not enough data", result.stdout)
    assert re.search(r"Debt/earnings +not enough data", result.stdout)
    assert "$0" not in result.stdout


def test_earnings_fall_back_to_the_local_wage_of_the_careers(invoke: Invoke) -> None:
    clark = payoff_of(invoke, "clark")
    earnings = clark["earnings"]
    assert earnings["source"].startswith("BLS OEWS")
    assert "Worcester" in earnings["source"]
    assert earnings["cohort"] is None  # not about graduates
    assert earnings["amount"]["low"] <= earnings["amount"]["high"]


def test_every_figure_in_json_has_its_source(invoke: Invoke) -> None:
    report = run_json(invoke, "payoff", "--top", "25")
    assert len(report["programs"]) == 25
    for program in report["programs"]:
        for figure in [*program["earnings_sources"], program["living_per_month"], program["debt"]]:
            if figure is not None:
                assert figure["source"], program["id"]
        if program["earnings"] and "Scorecard" in program["earnings"]["source"]:
            assert FEDERAL_AID in program["earnings"]["note"], program["id"]
    titles = [source.get("title") for source in report["sources"]]
    assert "College Scorecard, Field of Study data" in titles
    assert any(FEDERAL_AID in note["text"] for note in report["assumptions"])
    assert report["earnings_order"][0].startswith("the program's own earnings")


def test_the_table_says_the_federal_aid_caveat_and_labels_the_sources(invoke: Invoke) -> None:
    result = invoke("payoff", "cmu", "clark", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert FEDERAL_AID in text
    assert "(667 graduates)" in text
    assert "BLS OEWS" in text
    assert "HUD Fair Market Rent" in text


def test_employer_support_comes_off_the_all_in_cost(invoke: Invoke) -> None:
    plain = payoff_of(invoke, "cmu")
    google = payoff_of(invoke, "cmu", "--employer", "google")
    # Google: up to $12,000 a year for 16/12 years = 16,000
    assert google["employer_support"] == {"low": 16000, "high": 16000}
    assert google["all_in_cost"]["low"] == plain["all_in_cost"]["low"] - 16000


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["payoff"], 2, "name at least one program"),
        (["payoff", "cmu", "--living", "lots"], 2, "not an amount of US dollars"),
        (["payoff", "cmu", "--current-salary", "-5"], 2, "US dollars"),
        (["payoff", "cmu", "--applications"], 2, "--applications compares your admitted offers"),
        (["payoff", "nowhere-u"], 1, "nowhere-u"),
        (["payoff", "cmu", "--employer", "acme"], 2, "no employer benefit"),
    ],
)
def test_bad_input_is_one_error_line(invoke: Invoke, args: list[str], code: int, says: str) -> None:
    result = invoke(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert says in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_applications_compares_the_admitted_offers_with_their_awards(invoke: Invoke, tmp_path: Path) -> None:
    home = tmp_path / "home"
    for args in (
        ["apply", "set", "cmu", "--decision", "admitted", "--scholarship", "20k", "--assistantship", "15k"],
        ["apply", "set", "uw", "--decision", "admitted"],
        ["apply", "set", "usc", "--decision", "rejected"],
    ):
        assert invoke(*args).exit_code == 0
    before = snapshot(home)
    report = run_json(invoke, "payoff", "--applications")
    assert snapshot(home) == before  # payoff only reads the applications
    assert report["applications"] is True
    by_id = {program["id"]: program for program in report["programs"]}
    assert set(by_id) == {"cmu", "uw"}  # the rejected one is left out
    cmu = by_id["cmu"]
    # 20,000 + 15,000 a year * 16/12 = 40,000 ; 100,245.33 - 40,000 = 60,245.33
    assert cmu["awards"] == {"low": 40000, "high": 40000}
    assert cmu["all_in_cost"] == {"low": 60245, "high": 60245}
    assert cmu["offer"]["scholarship"] == 20000
    assert by_id["uw"]["awards"] == {"low": 0, "high": 0}
    table = invoke("payoff", "--applications", env={"COLUMNS": "80"})
    assert "Awards" in table.stdout
    assert "$40,000" in table.stdout


def test_applications_without_an_admitted_offer_says_how_to_record_one(invoke: Invoke) -> None:
    result = invoke("payoff", "--applications")
    assert result.exit_code == 0, result.stderr
    assert "No admitted offers" in result.stderr
    assert "'mlprog apply set PROGRAM --decision admitted'" in result.stderr


def test_piped_output_is_clean() -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "FORCE_COLOR")}
    result = subprocess.run(
        [sys.executable, "-m", "mlprog", "payoff", "cmu", "usd"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert "\x1b" not in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    piped = subprocess.run(
        [sys.executable, "-m", "mlprog", "payoff", "cmu", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert json.loads(piped.stdout)["programs"][0]["id"] == "cmu"


def test_only_the_commands_that_show_the_figures_read_them() -> None:
    assert loaded(modules_after("payoff", "cmu"), "mlprog.figures")
    for args in (["rank"], ["compare", "cmu", "usc"], ["cost", "cmu"]):
        modules = modules_after(*args)
        assert not loaded(modules, "mlprog.figures"), args
        assert "mlprog.answers.payoff" not in modules, args
