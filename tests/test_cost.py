"""The cost of a degree and its payback, against figures worked by hand (arithmetic shown).

Money is rounded to whole dollars (halves up) at each end of a range, so that
employer support and what you pay add up to the tuition; payback years are
rounded to one decimal.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from conftest import Invoke, run_json
from mlprog.cost import stated_duration
from mlprog.model import Dataset


def cost_of(invoke: Invoke, *args: str) -> dict[str, Any]:
    report = run_json(invoke, "cost", *args)
    [program] = report["programs"]
    return program


def test_cmu_full_time_no_support(invoke: Invoke) -> None:
    cmu = cost_of(invoke, "cmu")
    # MS: "16 months (3-4 semesters)" -> 16/12 = 1.333 years.
    assert cmu["years"] == {"low": 1.3, "high": 1.3, "basis": "the program's stated duration"}
    # 62,260 * 16/12 = 83,013.33 -> $83,013
    assert cmu["total_tuition"] == {"low": 83013, "high": 83013}
    assert cmu["employer_support"] == {"low": 0, "high": 0}
    assert cmu["net_cost"] == {"low": 83013, "high": 83013}
    # 83,013 / 40,000 = 2.075 -> 2.1 ; 83,013 / 25,000 = 3.32 -> 3.3
    assert cmu["payback_years"] == {"low": 2.1, "high": 3.3}


def test_usc_stated_range(invoke: Invoke) -> None:
    usc = cost_of(invoke, "usc")
    # "1.5-2 years": 66,640 * 1.5 = 99,960 ; 66,640 * 2 = 133,280
    assert usc["total_tuition"] == {"low": 99960, "high": 133280}
    # 99,960 / 40,000 = 2.499 -> 2.5 ; 133,280 / 25,000 = 5.3312 -> 5.3
    assert usc["payback_years"] == {"low": 2.5, "high": 5.3}


def test_no_stated_duration_uses_the_typical_one_and_says_so(invoke: Invoke) -> None:
    report = run_json(invoke, "cost", "uci")
    uci = report["programs"][0]
    # UCI's MS states no duration: the page's typical 1.5-2 years full time.
    assert uci["years"]["basis"] == "typical full-time duration (assumed)"
    # 11,834 * 1.5 = 17,751 ; 11,834 * 2 = 23,668
    assert uci["total_tuition"] == {"low": 17751, "high": 23668}
    assert any("1.5-2 years full time is assumed" in a["text"] for a in report["assumptions"])


def test_amazon_pays_95_percent(invoke: Invoke) -> None:
    penn = cost_of(invoke, "penn", "--employer", "amazon")
    # total 58,620 * 1.5 = 87,930 ; 58,620 * 2 = 117,240
    # support 0.95 * 87,930 = 83,533.5 -> 83,534 ; 0.95 * 117,240 = 111,378
    assert penn["employer_support"] == {"low": 83534, "high": 111378}
    # you pay 87,930 - 83,534 = 4,396 ; 117,240 - 111,378 = 5,862
    assert penn["net_cost"] == {"low": 4396, "high": 5862}
    # 4,396 / 40,000 = 0.11 -> 0.1 ; 5,862 / 25,000 = 0.234 -> 0.2
    assert penn["payback_years"] == {"low": 0.1, "high": 0.2}
    # tax-free up to 5,250 a year: 5,250 * 1.5 = 7,875 ; 5,250 * 2 = 10,500
    assert penn["tax_free_support"] == {"low": 7875, "high": 10500}


def test_google_cap_part_time(invoke: Invoke) -> None:
    cmu = cost_of(invoke, "cmu", "--employer", "Google", "--part-time")
    # Part time stretches 16/12 years by 2.5/1.5 and 4/2: 20/9 = 2.22 and 8/3 = 2.67 years.
    assert cmu["years"]["low"] == 2.2
    assert cmu["years"]["high"] == 2.7
    # Total tuition stays 83,013. Google: 12,000 a year -> 12,000 * 20/9 = 26,666.67 -> 26,667 ;
    # 12,000 * 8/3 = 32,000.
    assert cmu["total_tuition"] == {"low": 83013, "high": 83013}
    assert cmu["employer_support"] == {"low": 26667, "high": 32000}
    # 83,013 - 32,000 = 51,013 ; 83,013 - 26,667 = 56,346
    assert cmu["net_cost"] == {"low": 51013, "high": 56346}
    # tax-free: 5,250 * 20/9 = 11,666.67 -> 11,667 ; 5,250 * 8/3 = 14,000
    assert cmu["tax_free_support"] == {"low": 11667, "high": 14000}
    # 51,013 / 40,000 = 1.275 -> 1.3 ; 56,346 / 25,000 = 2.254 -> 2.3
    assert cmu["payback_years"] == {"low": 1.3, "high": 2.3}


def test_support_never_exceeds_tuition(invoke: Invoke) -> None:
    uw = cost_of(invoke, "uw", "--employer", "microsoft")
    # UW: 11,524 * 2 = 23,048 ; Microsoft 10,000 a year * 2 = 20,000 -> you pay 3,048
    assert uw["net_cost"] == {"low": 3048, "high": 3048}
    uw_google = cost_of(invoke, "uw", "--employer", "google", "--part-time")
    # 12,000 a year over 3.3-4 years is more than 23,048: support stops at the tuition.
    assert uw_google["employer_support"] == {"low": 23048, "high": 23048}
    assert uw_google["net_cost"] == {"low": 0, "high": 0}
    assert uw_google["payback_years"] == {"low": 0.0, "high": 0.0}


def test_own_sponsorship_and_years(invoke: Invoke) -> None:
    cmu = cost_of(invoke, "cmu", "--sponsorship", "5250", "--years", "1")
    # 62,260 * 1 = 62,260 ; 5,250 * 1 = 5,250 -> 57,010
    assert cmu["years"]["basis"] == "your --years"
    assert cmu["net_cost"] == {"low": 57010, "high": 57010}
    # 57,010 / 40,000 = 1.425 -> 1.4 ; 57,010 / 25,000 = 2.28 -> 2.3
    assert cmu["payback_years"] == {"low": 1.4, "high": 2.3}


def test_several_programs_and_every_assumption_with_its_source(invoke: Invoke) -> None:
    report = run_json(invoke, "cost", "cmu", "usc", "uw", "--employer", "apple")
    assert [p["id"] for p in report["programs"]] == ["cmu", "usc", "uw"]
    assert report["employer"]["service_commitment_years"] == 2
    assert all(p["net_cost"] == {"low": 0, "high": 0} for p in report["programs"])
    # Every assumption names its source: the page, or (for the per-year tax rule) US law, never both.
    page, outside = [], []
    for assumption in report["assumptions"]:
        assert assumption["text"]
        (page if assumption["source"].startswith("Hakia") else outside).append(assumption)
    assert [a["source"] for a in outside] == [
        "US Internal Revenue Code section 127 (educational assistance programs), which excludes up to "
        "$5,250 a year; IRS Publication 15-B"
    ]
    assert "not on the page" in outside[0]["text"]
    assert not any("a year" in a["text"] and "tax" in a["text"] for a in page)  # the page says no period
    assert not any(
        "IPEDS" in a["source"] for a in report["assumptions"]
    )  # the page cites IPEDS for completions
    for program in report["programs"]:
        for key in ("total_tuition", "employer_support", "net_cost", "tax_free_support"):
            assert all(isinstance(program[key][end], int) for end in ("low", "high"))


def test_table_lists_assumptions_under_it(invoke: Invoke) -> None:
    result = invoke("cost", "cmu", "uci", "--employer", "google")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    rule = next(number for number, line in enumerate(lines) if line.startswith("─"))
    header = " ".join(" ".join(lines[:rule]).split())
    assert "#1 Carnegie Mellon" in header  # programs are columns, as in compare
    assert "#9 University of" in header
    assert "California-Irvine" in header  # a heading breaks between words, not after a hyphen
    tuition = next(line for line in lines if line.strip().startswith("Tuition"))
    assert "$83,013" in tuition
    assert "$17,751–$23,668" in tuition
    assert "Assumptions:" in result.stdout
    assert "salary premium that the page says can reach $25,000-$40,000" in " ".join(result.stdout.split())
    assert "Google: up to $12,000 a year" in result.stdout
    assert "No duration stated by the program" in result.stdout
    # The assumptions are an aligned list: a label, then its text and source in one column.
    assumptions = lines[lines.index("Assumptions:") + 1 :]
    labels = [line for line in assumptions if not line.startswith(" " * 4)]
    assert [line.split()[0] for line in labels] == [
        "*",
        "Tuition",
        "Length",
        "Support",
        "Tax-free",
        "Tax",
        "Payback",
    ]
    column = {
        len(line) - len(line[2:].split("  ", 1)[1].lstrip()) for line in labels if line.split()[0] != "Tax"
    }
    assert len(column) == 1  # every text starts in the same column


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cmu", "--employer", "initech"], "no employer benefit for 'initech'; employers: google, amazon"),
        (["cmu", "--employer", "google", "--sponsorship", "100"], "--employer and --sponsorship conflict"),
        (["cmu", "--years", "0"], "--years"),
        (["cmu", "--sponsorship", "-5"], "--sponsorship"),
    ],
)
def test_bad_cost_options(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("cost", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_unknown_program(invoke: Invoke) -> None:
    assert invoke("cost", "cmuu").exit_code == 1


def test_csv_has_low_and_high_columns(invoke: Invoke) -> None:
    result = invoke("cost", "usc", "--format", "csv")
    header, row = result.stdout.splitlines()
    assert header.startswith("id,name,tuition_per_year,years_low,years_high,total_tuition_low")
    assert row.startswith("usc,University of Southern California,66640,1.5,2,99960,133280")


def test_stated_durations_of_the_bundled_programs(bundled: Dataset) -> None:
    by_id = {p.id: p for p in bundled.programs}
    assert stated_duration(by_id["northwestern"]) == (Fraction(15, 12), Fraction(15, 12))
    # Northeastern's master's degrees: "2-2.5 years" and "12-20 months" -> 1 to 2.5 years.
    assert stated_duration(by_id["northeastern"]) == (Fraction(1), Fraction(5, 2))
    assert stated_duration(by_id["syracuse"]) == (Fraction(1), Fraction(1))  # "1 year minimum"
    assert stated_duration(by_id["uci"]) is None  # "MS" with no duration
    assert stated_duration(by_id["bu"]) is None  # no profile


def test_support_the_user_gives_is_credited_to_the_user(invoke: Invoke) -> None:
    report = run_json(invoke, "cost", "cmu", "--sponsorship", "8000")
    support = next(a for a in report["assumptions"] if a["label"] == "Support")
    assert support["text"] == "Your sponsorship of $8,000 a year."
    assert support["source"] == "you (--sponsorship)"
    plain = run_json(invoke, "cost", "cmu")
    assert not any("Employer" in a["text"] or "tax" in a["text"] for a in plain["assumptions"])
