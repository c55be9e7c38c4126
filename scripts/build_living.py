"""Regenerate data/living.json: HUD Fair Market Rents where the ranked programs are.

Development time only (mlprog never runs it): it needs openpyxl (`pip install -e '.[scripts]'`)
and HUD's FY2026 Fair Market Rents workbook, FY26_FMRs.xlsx (the file HUD USER publishes for
FY 2026, with its 'Field_Descriptions' sheet)::

    .venv/bin/python scripts/build_living.py --fmr FY26_FMRs.xlsx

The workbook's SHA-256 is recorded in the output, with where it was obtained (--obtained);
the same workbook gives byte for byte the same file.

What it keeps: for each city of scripts/metros.toml, its HUD area (a metro FMR area) and the
monthly Fair Market Rents for a studio and a one-bedroom unit (rent and basic utilities, the
40th percentile of recent movers' rents; HUD's definition), and the national baseline: the
median one-bedroom FMR over the people of every county and New England town in the file
(weighted by HUD's own 2023 population column), so a local rent can be read beside it.
"""

from __future__ import annotations

import argparse
import io
import sys
import tomllib
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


def build(workbook: bytes, obtained: str) -> dict[str, Any]:
    """The living-costs document, from the workbook's bytes."""
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
        "places": out,
    }


def main(argv: list[str] | None = None) -> int:
    """Write data/living.json (or --output)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fmr", type=Path, required=True, help="HUD's FY26_FMRs.xlsx")
    parser.add_argument("--obtained", default=DEFAULT_OBTAINED, help="where the workbook came from")
    parser.add_argument("--output", type=Path, default=ROOT / "data" / "living.json")
    args = parser.parse_args(argv)
    try:
        workbook = args.fmr.read_bytes()
    except OSError as error:
        print(f"Error: {args.fmr}: {error.strerror or error}", file=sys.stderr)
        return 1
    write_json(args.output, build(workbook, args.obtained))
    return 0


if __name__ == "__main__":
    sys.exit(main())
