"""How `mlprog import scorecard` scales with many rows of one institution name (issue 26).

Rows of one name are one institution per UNITID. When the UNITIDs give no
digits to tell them apart (missing, or punctuation such as ``-`` and ``.``),
every institution's id is the name's and a number, in file order; the numbering
once counted again from 2 for each row, so 10,000 such rows took about a
minute. This generates files of N master's rows of one name (only the columns
the import reads), with UNITIDs that are

- ``numeric``: a number each (``100000``, ``100001``, ...): ids ``same-name-college-100000``, ...;
- ``missing``: empty, so all rows are one institution (its rows grouped by name);
- ``punctuation``: a different string of ``-`` and ``.`` each, so each row is an
  institution whose id needs a number: ``same-name-college-x``, ``-x-2``, ...;

and times the whole import process (best of ``--runs``) for each size, beside
the same number of rows of distinct names (``distinct names``: the ordinary case).
A run over ``--limit`` seconds is stopped and shown as ``>LIMIT``.

    .venv/bin/python benchmarks/import_one_name.py [--sizes 1000,5000,10000,30000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = [
    "UNITID", "OPEID6", "INSTNM", "CONTROL", "CIPCODE", "CIPDESC", "CREDLEV", "IPEDSCOUNT1", "IPEDSCOUNT2",
    "EARN_MDN_1YR", "EARN_MDN_4YR", "EARN_MDN_5YR", "DEBT_ALL_STGP_EVAL_MDN",
]  # fmt: skip
KINDS = ("distinct names", "numeric", "missing", "punctuation")


def unitid(kind: str, number: int) -> str:
    if kind in ("numeric", "distinct names"):
        return str(100000 + number)
    if kind == "missing":
        return ""
    return format(number + 1, "b").replace("0", "-").replace("1", ".")


def generate(path: Path, kind: str, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        for number in range(rows):
            name = f"Institution {number}" if kind == "distinct names" else "Same Name College"
            figures = ["12", "14", str(50000 + number % 1000), "PS", "NULL", "30000"]
            writer.writerow([unitid(kind, number), "001", name, "Public", "1107", "CS.", "5", *figures])


def timed(source: Path, home: Path, limit: float) -> float | None:
    """Seconds for one import of the file into a fresh folder; None past the limit."""
    env = {**os.environ, "MLPROG_HOME": str(home)}
    start = time.perf_counter()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "mlprog", "import", "scorecard", str(source)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return None
    if run.returncode != 0:
        raise SystemExit(f"import failed: {run.stderr.strip()}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,30000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a run is stopped")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'rows':>7}  " + "  ".join(f"{kind:>14}" for kind in KINDS))
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            cells = []
            for kind in KINDS:
                source = Path(folder) / f"{kind.replace(' ', '-')}-{rows}.csv"
                generate(source, kind, rows)
                times = []
                for run in range(args.runs):
                    seconds = timed(source, Path(folder) / f"home-{kind}-{rows}-{run}", args.limit)
                    if seconds is None:
                        break
                    times.append(seconds)
                cells.append(
                    f"{min(times):13.2f}s" if len(times) == args.runs else f"{'>' + str(args.limit):>13}s"
                )
            print(f"{rows:>7,}  " + "  ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
