"""Regenerate data/living.json: HUD Fair Market Rents and BEA price levels where the ranked programs are.

Development time only (mlprog never runs it): it needs openpyxl (`pip install -e '.[scripts]'`),
HUD's FY2026 Fair Market Rents workbook, FY26_FMRs.xlsx (the file HUD USER publishes for
FY 2026, with its 'Field_Descriptions' sheet), and BEA's Regional Price Parities by MSA,
MARPP_MSA_2008_2024.csv (the table in the MARPP.zip BEA publishes; the zip itself will do)::

    .venv/bin/python scripts/build_living.py --fmr FY26_FMRs.xlsx --rpp MARPP_MSA_2008_2024.csv

Each file's SHA-256 is recorded in the output, with where it was obtained (--obtained,
--rpp-obtained); the same files give byte for byte the same output.

What it keeps: for each city of scripts/metros.toml, its HUD area (a metro FMR area) and the
monthly Fair Market Rents for a studio and a one-bedroom unit (rent and basic utilities, the
40th percentile of recent movers' rents; HUD's definition), and the national baseline: the
median one-bedroom FMR over the people of every county and New England town in the file
(weighted by HUD's own 2023 population column), so a local rent can be read beside it.
And for the city's metropolitan area, BEA's Regional Price Parities of the latest year in the
file (US = 100): all items, goods, housing, utilities and other services, as BEA gives them.

No yearly living cost is made of them: that needs a national figure for the rest of a budget
(food, transport, health care...) from its agency's own file, and none could be obtained (BLS's
Consumer Expenditure tables were not reachable as BLS publishes them). mlprog says so and asks
for the user's own figure instead of inventing one.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

from package_data import sha256, write_json

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("stusps", "hud_area_code", "countyname", "county_town_name", "hud_area_name", "fips", "pop2023")
#: Where the copy we read came from: HUD's own file, committed unchanged in its cell values to a
#: public repository (HUD USER's site cannot be reached from where the data is built).
DEFAULT_OBTAINED = (
    "FY26_FMRs.xlsx as published by HUD USER (Fair Market Rents, FY 2026); read from the copy in "
    "the public repository Mirainopower/housing_pulse, commit 9c1f8553fcc7e6080299c88fa751ef796e76921d"
)
#: Where the copy of BEA's table came from, and how its bytes were checked against BEA's own file.
DEFAULT_RPP_OBTAINED = (
    "MARPP_MSA_2008_2024.csv from MARPP.zip as published by BEA (https://apps.bea.gov/regional/zip/"
    "MARPP.zip); read from the copy in the public repository comaeclipse/Nextbase-Django, commit "
    "3fa8c1d3bd86a358494152bbcd8a2ae61a617977, data/sources/rpp/, with BEA's CRLF line ends restored; "
    "its SHA-256 is the one lamontaes/Political-Game-Git records for the member of MARPP.zip it "
    "downloaded from apps.bea.gov on 2026-09-03 (data/source/bea-regional/artifact-lock.json)"
)
#: The columns BEA's regional tables open with, before one column per year.
BEA_HEADER = ("GeoFIPS", "GeoName", "Region", "TableName", "LineCode", "IndustryClassification")
#: BEA's five price parity lines (LineCode), under the names living.json gives them.
RPP_LINES = {"1": "all_items", "2": "goods", "3": "housing", "4": "utilities", "5": "other_services"}


def _weighted_median(pairs: list[tuple[int, int]]) -> int:
    """The value at which half the weight lies on either side (the lower one at an exact half)."""
    pairs.sort()
    total = sum(weight for _, weight in pairs)
    running = 0
    for value, weight in pairs:
        running += weight
        if running * 2 >= total:
            return value
    raise ValueError("no rows")


def rpp_table(table: bytes) -> bytes:
    """BEA's MSA table: the bytes given, or its member when they are BEA's MARPP.zip."""
    if not table.startswith(b"PK"):
        return table
    with zipfile.ZipFile(io.BytesIO(table)) as archive:
        names = [name for name in archive.namelist() if re.fullmatch(r"MARPP_MSA_\d{4}_\d{4}\.csv", name)]
        if len(names) != 1:
            sys.exit(f"the zip holds no single MARPP_MSA_*.csv table: {archive.namelist()}")
        return archive.read(names[0])


def _parity(text: str) -> float | None:
    """A price parity as BEA writes it ("108.266"), None where BEA publishes none ("(NA)")."""
    text = text.strip()
    return None if text == "(NA)" else float(text)


def price_parities(table: bytes, codes: set[str]) -> tuple[dict[str, dict[str, Any]], int, str]:
    """For each MSA code asked for: its name and the five parities of the file's latest year; with
    that year and the release line of the file's footer ("Last updated: ...")."""
    lines = table.decode("utf-8").splitlines()
    rows = list(csv.reader(lines))
    header = [name.strip() for name in rows[0]]
    if tuple(header[: len(BEA_HEADER)]) != BEA_HEADER:
        sys.exit(f"not BEA's MARPP table: its header is {header[:8]}")
    year = max(int(name) for name in header[8:] if name.isdigit())
    column = header.index(str(year))
    updated = [row[0] for row in rows if len(row) == 1 and row[0].startswith("Last updated:")]
    if len(updated) != 1:
        sys.exit("the table has no 'Last updated:' line, so its release cannot be said")
    found: dict[str, dict[str, Any]] = {}
    for row in rows[1:]:
        if len(row) <= column or row[3].strip() != "MARPP":
            continue  # the footer's notes
        code, line = row[0].strip().strip('"'), row[4].strip()
        if code in codes and line in RPP_LINES:
            entry = found.setdefault(code, {"msa": code, "area": row[1].strip()})
            entry[RPP_LINES[line]] = _parity(row[column])
    for code in sorted(codes):
        if sorted(found.get(code, {})) != sorted(["msa", "area", *RPP_LINES.values()]):
            sys.exit(f"MSA {code}: the table does not give its five price parities")
    return found, year, updated[0].removeprefix("Last updated:").strip()


def build(workbook: bytes, obtained: str, rpp: bytes, rpp_obtained: str) -> dict[str, Any]:
    """The living-costs document, from the workbook's and BEA's table's bytes."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True, data_only=True)
    rows = book["FY26_FMRs"].iter_rows(values_only=True)
    header = [str(name) for name in next(rows)]
    wanted = [*FIELDS, "fmr_0", "fmr_1"]
    missing = [name for name in wanted if name not in header]
    if missing:
        sys.exit(f"the workbook has no column {', '.join(missing)}")
    index = {name: header.index(name) for name in wanted}
    records = [{name: row[i] for name, i in index.items()} for row in rows if row and row[0]]
    book.close()
    places = tomllib.loads((ROOT / "scripts" / "metros.toml").read_text(encoding="utf-8"))["places"]
    by_fips = {str(record["fips"]): record for record in records}
    table = rpp_table(rpp)
    parities, year, release = price_parities(table, {entry["bea_msa"] for entry in places.values()})
    out: dict[str, Any] = {}
    for place, entry in sorted(places.items()):
        record = by_fips.get(entry["hud_fips"])
        if record is None:
            sys.exit(f"{place}: no row with fips {entry['hud_fips']} in the workbook")
        out[place] = {
            "hud_area": record["hud_area_name"],
            "hud_area_code": record["hud_area_code"],
            "county": record["county_town_name"] or record["countyname"],
            "fips": record["fips"],
            "rent_studio_usd_per_month": int(record["fmr_0"]),
            "rent_one_bedroom_usd_per_month": int(record["fmr_1"]),
            "price_parities": parities[entry["bea_msa"]],
        }
    baseline = _weighted_median([(int(r["fmr_1"]), int(r["pop2023"] or 0)) for r in records])
    return {
        "source": {
            "title": "Fair Market Rents, FY 2026",
            "publisher": "U.S. Department of Housing and Urban Development (HUD USER)",
            "release": "FY 2026",
            "file": "FY26_FMRs.xlsx",
            "file_sha256": sha256(workbook),
            "obtained": obtained,
            "licence": "public domain (a US federal government work)",
            "attribution": (
                "Rents: U.S. Department of Housing and Urban Development, Fair Market Rents FY 2026 "
                "(public domain)."
            ),
            "definition": (
                "A Fair Market Rent is HUD's estimate of the 40th percentile gross rent (rent and basic "
                "utilities) paid by recent movers for a standard-quality unit in the area."
            ),
            "covers": (
                "Rent and basic utilities only: food, transport, health insurance and the rest of living "
                "costs are not in it."
            ),
        },
        "national_baseline": {
            "rent_one_bedroom_usd_per_month": baseline,
            "how": (
                "The median one-bedroom Fair Market Rent over the US population: every county (in New "
                "England, every town) of the file, weighted by the file's 2023 population."
            ),
        },
        "price_parities_source": {
            "title": f"Regional Price Parities by MSA (table MARPP), {year}",
            "publisher": "U.S. Bureau of Economic Analysis (BEA)",
            "release": release,
            "year": year,
            "file": f"MARPP_MSA_2008_{year}.csv (in MARPP.zip)",
            "file_sha256": sha256(table),
            "obtained": rpp_obtained,
            "licence": "public domain (a US federal government work)",
            "attribution": (
                f"Price levels: U.S. Bureau of Economic Analysis, Regional Price Parities by MSA, {year} "
                "(public domain)."
            ),
            "definition": (
                "A Regional Price Parity is the level of prices in an area against the US average in the "
                "same year (US = 100): 108 means 8% dearer than the nation as a whole. BEA gives one for "
                "all items, goods, housing (rents), utilities and other services."
            ),
            "covers": (
                "An index, not an amount: it says how dear an area is against the US average, not what "
                "living there costs. mlprog makes no living cost of it, since no national figure for the "
                "rest of a budget could be had from its agency's own file."
            ),
        },
        "places": out,
    }


def main(argv: list[str] | None = None) -> int:
    """Write data/living.json (or --output)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fmr", type=Path, required=True, help="HUD's FY26_FMRs.xlsx")
    parser.add_argument("--obtained", default=DEFAULT_OBTAINED, help="where the workbook came from")
    parser.add_argument("--rpp", type=Path, required=True, help="BEA's MARPP_MSA_*.csv, or MARPP.zip")
    parser.add_argument("--rpp-obtained", default=DEFAULT_RPP_OBTAINED, help="where BEA's table came from")
    parser.add_argument("--output", type=Path, default=ROOT / "data" / "living.json")
    args = parser.parse_args(argv)
    try:
        workbook = args.fmr.read_bytes()
        rpp = args.rpp.read_bytes()
    except OSError as error:
        print(f"Error: {error.filename}: {error.strerror or error}", file=sys.stderr)
        return 1
    write_json(args.output, build(workbook, args.obtained, rpp, args.rpp_obtained))
    return 0


if __name__ == "__main__":
    sys.exit(main())
