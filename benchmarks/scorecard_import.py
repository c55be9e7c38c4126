"""How fast `mlprog import scorecard` reads a Field-of-Study file of the real size, and in how much memory.

Generates a synthetic file of the real layout: 230,000 rows by 190 columns,
the needed columns among look-alikes, values mostly PS or NULL, a mix of
credential levels and CIP codes (written to a temporary folder, about 200 MB),
then runs the import once and reports the wall time and the peak memory
(``ru_maxrss`` of the child). Targets (issue 18): under 10 s and 200 MB.

Then it times the commands that read the import (best of five, beside a bare
``python -c pass``): ``show`` of a ranked program, ``show`` of an institution
the page does not rank (by its name, and a name that matches nothing), and
``rank --unranked`` as a table and as JSON.

    .venv/bin/python benchmarks/scorecard_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEEDED = [
    "UNITID", "OPEID6", "INSTNM", "CONTROL", "CIPCODE", "CIPDESC", "CREDLEV", "IPEDSCOUNT1", "IPEDSCOUNT2",
    "EARN_MDN_1YR", "EARN_MDN_4YR", "EARN_MDN_5YR", "DEBT_ALL_STGP_EVAL_MDN",
    "EARN_COUNT_WNE_1YR", "EARN_COUNT_WNE_4YR", "EARN_COUNT_WNE_5YR",
]  # fmt: skip
COLUMNS = 190
TIME_TARGET = 10.0
MEMORY_TARGET_MB = 200


def header() -> list[str]:
    fillers = [f"EARN_MDN_{n}YR_LOOKALIKE_{i}" for i, n in enumerate(range(COLUMNS - len(NEEDED)))]
    columns = fillers[: (COLUMNS - len(NEEDED)) // 2] + NEEDED + fillers[(COLUMNS - len(NEEDED)) // 2 :]
    return columns[:COLUMNS]


def generate(path: Path, rows: int) -> None:
    random.seed(18)
    names = header()
    index = {name: i for i, name in enumerate(names)}
    cips = ["1101", "1107", "3070", "5202", "2601", "4506", "1104", "2705", "5104", "1313"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(names) + "\n")
        for number in range(rows):
            values = ["PS" if (number + i) % 3 else "NULL" for i in range(COLUMNS)]
            values[index["UNITID"]] = str(100000 + number // 12)
            values[index["OPEID6"]] = f"{number // 12:06d}"
            values[index["INSTNM"]] = f'"Institution {number // 12}, Campus"'
            values[index["CONTROL"]] = "Public"
            values[index["CIPCODE"]] = cips[number % len(cips)]
            values[index["CIPDESC"]] = "Field."
            values[index["CREDLEV"]] = str(1 + number % 8)
            for name in ("EARN_MDN_1YR", "EARN_MDN_4YR", "DEBT_ALL_STGP_EVAL_MDN"):
                if random.random() < 0.3:
                    values[index[name]] = str(random.randint(20000, 150000))
            out.write(",".join(values) + "\n")


READS = {
    "python -c pass": ["-c", "pass"],
    "show cmu": ["-m", "mlprog", "show", "cmu"],
    "show an unranked institution": ["-m", "mlprog", "show", "Institution 9009, Campus"],
    "show a name that matches nothing": ["-m", "mlprog", "show", "zzzz"],
    "rank --limit 20": ["-m", "mlprog", "rank", "--limit", "20"],
    "rank --unranked --limit 20": ["-m", "mlprog", "rank", "--unranked", "--limit", "20"],
    "rank --unranked --json": ["-m", "mlprog", "rank", "--unranked", "--json"],
}


def reads(env: dict[str, str]) -> None:
    """Each command that reads the import: the best of five runs."""
    for label, arguments in READS.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([sys.executable, *arguments], env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
        print(f"{label:34} {min(times):6.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=230_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "Most-Recent-Cohorts-Field-of-Study.csv"
        generate(source, args.rows)
        size = source.stat().st_size
        env = {**os.environ, "MLPROG_HOME": str(Path(folder) / "home")}
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "mlprog", "import", "scorecard", str(source)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"file: {args.rows:,} rows x {COLUMNS} columns, {size / 1e6:.0f} MB")
        print(run.stderr.strip())
        print(f"import: {elapsed:.2f} s (target < {TIME_TARGET:g} s)")
        print(f"peak memory: {peak_mb:.0f} MB (target < {MEMORY_TARGET_MB} MB)")
        if run.returncode == 0:
            reads(env)
    ok = run.returncode == 0 and elapsed < TIME_TARGET and peak_mb < MEMORY_TARGET_MB
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
