"""mlprog import scorecard: the Field-of-Study file read by header, master's rows kept, shown by show."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, program_entry

# Look-alike columns come first, so that a reader going by position or by prefix gets them wrong.
HEADER = [
    "EARN_MDN_4YR_NAT",
    "DEBT_ALL_STGP_EVAL_MDN10YRPAY",
    "UNITID",
    "OPEID6",
    "INSTNM",
    "CONTROL",
    "MAIN",
    "CIPCODE",
    "CIPDESC",
    "CREDLEV",
    "CREDDESC",
    "IPEDSCOUNT1",
    "IPEDSCOUNT2",
    "DEBT_ALL_STGP_EVAL_MDN",
    "EARN_COUNT_WNE_1YR",
    "EARN_MDN_1YR",
    "EARN_COUNT_WNE_4YR",
    "EARN_MDN_4YR",
    "EARN_COUNT_WNE_5YR",
    "EARN_MDN_5YR",
]
UW = "University of Washington-Seattle Campus"


def row(name: str, cip: str, level: str, **values: str) -> list[str]:
    base = {
        "EARN_MDN_4YR_NAT": "99999",
        "DEBT_ALL_STGP_EVAL_MDN10YRPAY": "88888",
        "UNITID": str(zlib.crc32(name.encode())),  # one id per institution
        "OPEID6": "001",
        "INSTNM": name,
        "CONTROL": "Public",
        "MAIN": "1",
        "CIPCODE": cip,
        "CIPDESC": "Computer Science.",
        "CREDLEV": level,
        "CREDDESC": "Master's Degree",
        "IPEDSCOUNT1": "NULL",
        "IPEDSCOUNT2": "NULL",
        "DEBT_ALL_STGP_EVAL_MDN": "NULL",
        "EARN_COUNT_WNE_1YR": "NULL",
        "EARN_MDN_1YR": "NULL",
        "EARN_COUNT_WNE_4YR": "NULL",
        "EARN_MDN_4YR": "NULL",
        "EARN_COUNT_WNE_5YR": "NULL",
        "EARN_MDN_5YR": "NULL",
    }
    base.update(values)
    return [base[column] for column in HEADER]


ROWS = [
    # UW, computer science master's: 1-year earnings reported, 4-year suppressed, 5-year absent.
    row(UW, "1107", "5", IPEDSCOUNT1="40", IPEDSCOUNT2="45", EARN_MDN_1YR="120000", EARN_MDN_4YR="PS",
        DEBT_ALL_STGP_EVAL_MDN="30000", EARN_COUNT_WNE_1YR="31"),
    row(UW, "1107", "3", EARN_MDN_1YR="80000"),  # a bachelor's: not kept
    row(UW, "3070", "5", CIPDESC="Data Science.", EARN_MDN_1YR="100000", DEBT_ALL_STGP_EVAL_MDN="PS"),
    row(UW, "5202", "5", CIPDESC="Business.", EARN_MDN_1YR="90000"),  # another field: not kept
    row("Carnegie Mellon University", "1101", "5", CIPDESC="Computer and Information Sciences, General.",
        EARN_MDN_1YR="150000", EARN_MDN_5YR="180000"),
    row("Carnegie Mellon University", "1107", "6", EARN_MDN_1YR="160000"),  # a doctorate: not kept
    row("Université de Tëst", "1107", "5", EARN_MDN_1YR="70000"),  # not ranked by the page
    row("College of Comma, Inc.", "2705", "5", CIPDESC="Statistics.", EARN_MDN_1YR="PS"),
    row("Agricultural College", "101", "5", CIPDESC="Agriculture."),  # CIP 0101, written unpadded
    *[row(f"Filler College {n}", "1107", str(1 + n % 4)) for n in range(30)],  # levels 1-4 only
]  # fmt: skip


def write_csv(path: Path, rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return {"MLPROG_HOME": str(tmp_path / "home")}


def _show(invoke: Invoke, program: str, env: dict[str, str]) -> dict[str, object]:
    result = invoke("show", program, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_import_keeps_the_masters_rows_of_the_chosen_fields(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    result = invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=home)
    assert result.exit_code == 0, result.stderr
    # 39 rows: kept UW 1107 and 3070, CMU 1101, the Université and the College of Comma (5);
    # 3 ranked rows for 2 programs; 2 other institutions; PS: UW's 4-year earnings, UW data
    # science's debt, the College of Comma's 1-year earnings.
    assert result.stderr.splitlines()[0] == (
        "Read 39 rows; kept 5 master's rows (CIP 1101, 1104, 1107, 2705, 3070, 3071); 3 matched to 2 "
        "ranked programs; 2 other institutions ('mlprog rank --unranked' lists them); 3 values "
        "privacy-suppressed (PS)."
    )
    uw = _show(invoke, "uw", home)["scorecard"]
    assert isinstance(uw, dict)
    assert uw["source"]["name"] == "U.S. Department of Education, College Scorecard, Field-of-Study data"
    assert uw["source"]["file"] == "fos.csv"
    cs, data_science = uw["fields"]
    assert (cs["cip"], cs["field"]) == ("1107", "Computer Science.")
    assert cs["earnings_1yr"] == 120000
    assert cs["earnings_4yr"] is None  # PS: not reported, never 0
    assert cs["earnings_5yr"] is None  # NULL
    assert cs["debt_median"] == 30000
    assert (cs["completions_1"], cs["completions_2"], cs["earnings_count_1yr"]) == (40, 45, 31)
    assert (data_science["cip"], data_science["earnings_1yr"], data_science["debt_median"]) == (
        "3070",
        100000,
        None,
    )
    cmu = _show(invoke, "cmu", home)["scorecard"]
    assert isinstance(cmu, dict)
    assert [(f["cip"], f["earnings_1yr"], f["earnings_5yr"]) for f in cmu["fields"]] == [
        ("1101", 150000, 180000)
    ]
    usc = _show(invoke, "usc", home)
    assert usc["scorecard"] is None  # no rows of its own: nothing borrowed
    assert usc["earnings_1yr"] is None
    # The main field of study is the one with the most completions: UW's 1107 (45, the
    # data science row reports none); its figures are the program's.
    uw_program = _show(invoke, "uw", home)
    assert uw_program["scorecard"]["main_cip"] == "1107"  # type: ignore[index]
    assert (uw_program["earnings_1yr"], uw_program["debt_median"], uw_program["completions"]) == (
        120000,
        30000,
        45,
    )
    assert uw_program["debt_to_earnings"] == 0.25  # 30,000 / 120,000
    assert uw_program["earnings_4yr"] is None


def test_the_card_shows_the_outcomes_with_their_source(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=home)
    card = invoke("show", "uw", env={**home, "COLUMNS": "80"}).stdout
    assert "Scorecard outcomes (imported, not from the page)" in card
    assert "$120,000" in card
    assert "not reported" in card
    assert "Source: U.S. Department of Education, College Scorecard" in card
    assert "$99,999" not in card  # the look-alike column was never read


def test_cip_codes_are_chosen_and_read_padded_or_not(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    output = tmp_path / "out.sqlite"
    result = invoke(
        "import",
        "scorecard",
        str(write_csv(tmp_path / "fos.csv")),
        "--cip",
        "0101,11.01",
        "--output",
        str(output),
        env=home,
    )
    assert result.exit_code == 0, result.stderr
    with contextlib.closing(sqlite3.connect(output)) as db:
        kept = [json.loads(record) for (record,) in db.execute("SELECT record FROM rows")]
    assert sorted((r["institution"], r["cip"]) for r in kept) == [
        ("Agricultural College", "0101"),
        ("Carnegie Mellon University", "1101"),
    ]
    assert not (tmp_path / "home" / "data" / "scorecard.sqlite").exists()  # --output, not the data folder


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"UNITID;INSTNM;CIPCODE\n1;A;1107\n", "not comma-separated"),
        (b"UNITID,OPEID6,INSTNM,CONTROL,CITY\n1,001,A,Public,X\n", "this looks like another Scorecard file"),
        ("\n".join([",".join(HEADER), ",".join(ROWS[0])[:40]]).encode(), "line 2 has"),
        (
            "\n".join([",".join(HEADER), ",".join(row("Caf\xe9", "1107", "5"))]).encode("latin-1"),
            "not UTF-8 text",
        ),
        (
            "\n".join([",".join(HEADER), ",".join(row(UW, "1107", "5", EARN_MDN_1YR="lots"))]).encode(),
            "'lots' is not a number",
        ),
    ],
)
def test_a_file_that_is_not_the_field_of_study_file_is_refused_and_the_earlier_import_kept(
    invoke: Invoke, tmp_path: Path, home: dict[str, str], content: bytes, message: str
) -> None:
    assert invoke("import", "scorecard", str(write_csv(tmp_path / "good.csv")), env=home).exit_code == 0
    saved = (tmp_path / "home" / "data" / "scorecard.sqlite").read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = invoke("import", "scorecard", str(bad), env=home)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "home" / "data" / "scorecard.sqlite").read_bytes() == saved


def test_a_missing_column_is_named(invoke: Invoke, tmp_path: Path, home: dict[str, str]) -> None:
    header = [c for c in HEADER if c != "EARN_MDN_5YR"]
    rows = [r[: HEADER.index("EARN_MDN_5YR")] + r[HEADER.index("EARN_MDN_5YR") + 1 :] for r in ROWS]
    result = invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv", rows, header)), env=home)
    assert result.exit_code == 1
    assert "missing column EARN_MDN_5YR" in result.stderr


def test_paths_lists_the_imported_file(invoke: Invoke, home: dict[str, str]) -> None:
    paths = json.loads(invoke("paths", "--json", env=home).stdout)
    assert paths["scorecard_file"]["path"].endswith("data/scorecard.sqlite")


def test_a_damaged_imported_file_is_an_error_naming_it(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    target = tmp_path / "home" / "data" / "scorecard.sqlite"
    target.parent.mkdir(parents=True)
    target.write_text("not a database", encoding="utf-8")
    result = invoke("show", "uw", env=home)
    assert result.exit_code == 1
    assert f"{target}: not an imported Scorecard file" in result.stderr


def test_a_folder_or_a_fifo_is_refused_without_waiting(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        result = invoke("import", "scorecard", str(target), env=home)
        assert result.exit_code == 1
        assert f"{target}: not a regular file" in result.stderr


@pytest.fixture
def imported(invoke: Invoke, tmp_path: Path, home: dict[str, str]) -> dict[str, str]:
    assert invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=home).exit_code == 0
    return home


def _ids(invoke: Invoke, env: dict[str, str], *args: str) -> list[str]:
    result = invoke(*args, "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


def test_imported_figures_sort_filter_and_weigh_like_any_number(
    invoke: Invoke, imported: dict[str, str]
) -> None:
    # Median earnings a year after: cmu $150,000, uw $120,000; every other program has none.
    assert _ids(invoke, imported, "rank", "--sort", "earnings_1yr", "-n", "3") == ["cmu", "uw", "usc"]
    assert _ids(invoke, imported, "rank", "--sort", "debt_to_earnings", "-n", "1") == ["uw"]  # 0.25
    result = invoke("filter", "--min-earnings", "130k", env=imported)
    assert result.exit_code == 0
    assert _ids(invoke, imported, "filter", "--min-earnings", "130k") == ["cmu"]
    assert "23 programs were not checked: no median earnings imported from the College Scorecard" in " ".join(
        result.stdout.split()
    )
    # Weighted: cmu has the best earnings (100); uw has the worst present value (0, not missing);
    # usc has none, so it scores 0 too, but marked as made on partial data.
    rows = {
        r["id"]: r for r in json.loads(invoke("rank", "-w", "earnings_1yr=1", "--json", env=imported).stdout)
    }
    assert rows["cmu"]["personal_score"] == 100
    assert (rows["uw"]["personal_score"], rows["uw"]["personal"]["missing"]) == (0, [])
    assert rows["usc"]["personal"]["missing"] == ["earnings_1yr"]


def test_compare_and_chart_use_imported_figures_only_when_there_are_some(
    invoke: Invoke, imported: dict[str, str]
) -> None:
    best = json.loads(invoke("compare", "uw", "cmu", "--json", env=imported).stdout)["best"]
    assert (best["earnings_1yr"], best["debt_median"]) == (["cmu"], ["uw"])
    grid = invoke("compare", "uw", "cmu", env={**imported, "COLUMNS": "80"}).stdout
    assert "Earnings, 1 yr" in grid
    plain = json.loads(invoke("compare", "uw", "cmu", "--json").stdout)["best"]  # nothing imported
    assert set(plain) == {"rank", "tuition", "graduation_rate", "score"}
    assert "Earnings" not in invoke("compare", "uw", "cmu", env={"COLUMNS": "80"}).stdout
    chart = json.loads(
        invoke("chart", "--x", "debt_median", "--y", "earnings_1yr", "--json", env=imported).stdout
    )
    assert [p["id"] for p in chart["points"]] == ["uw"]  # cmu reports no debt
    assert chart["x"]["unit"] == "$"


def test_a_data_file_cannot_give_imported_figures(invoke: Invoke, write_data: Any) -> None:
    path = write_data([program_entry(1, earnings_1yr=100000)])
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert "unknown field 'earnings_1yr'" in result.stderr


def test_cost_pays_back_from_the_programs_own_premium_and_says_so(
    invoke: Invoke, imported: dict[str, str]
) -> None:
    # UW computer science: master's $120,000 a year after, bachelor's $80,000: $40,000 a year.
    report = json.loads(invoke("cost", "uw", "cmu", "--json", env=imported).stdout)
    uw, cmu = report["programs"]
    assert uw["payback_basis"] == "scorecard"
    assert cmu["payback_basis"] == "page"  # no bachelor's figure for cmu: the page's premium
    # 2 years (stated) x $11,524 = $23,048; / $40,000 = 0.58 years.
    assert uw["payback_years"]["low"] == uw["payback_years"]["high"] == 0.6
    own = next(a for a in report["assumptions"] if a["label"] == "Own payback")
    assert "uw $40,000 a year" in own["text"]
    assert own["source"].startswith("U.S. Department of Education, College Scorecard")
    plain = json.loads(invoke("cost", "uw", "--json").stdout)["programs"][0]  # nothing imported
    assert plain["payback_basis"] == "page"


def test_the_return_profile_comes_with_imported_figures(invoke: Invoke, imported: dict[str, str]) -> None:
    assert "return" not in [p["id"] for p in json.loads(invoke("profiles", "--json").stdout)]
    profiles = {p["id"]: p for p in json.loads(invoke("profiles", "--json", env=imported).stdout)}
    assert profiles["return"]["weights"] == {"earnings_1yr": 2.0, "debt_to_earnings": -1.0, "score": 1.0}
    assert "Not one of the page's profiles" in profiles["return"]["summary"]
    # earnings 2, debt to earnings -1, score 1 (of 4): cmu 2 + 0 + 1 -> 75; uw 0 + 1 (the only
    # ratio) + 0.67 -> 42; usc 0 + 0 + 0.95 -> 24.
    assert _ids(invoke, imported, "rank", "--profile", "return", "-n", "3") == ["cmu", "uw", "usc"]
