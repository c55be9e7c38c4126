"""How ``mlprog chart`` grows with the number of programs, against ``rank --format csv``.

Generates data files of the bundled layout (the ranking row of each program,
as ``big_files.py`` makes them) of 1,000 to 30,000 programs, then times, as
whole processes with ``--data FILE`` writing to a pipe:

- ``rank --format csv`` (every program, one line each: the yardstick),
- ``chart`` (the text chart: every point placed and labelled, the notes on
  points too close to tell apart and on labels with no room, the frontier),
- ``chart --json`` (the same chart as data).

Each file is read once first, so every timed run reads the warm cache. The
commands are timed round-robin (a slow moment of the machine falls on all of
them alike), and the median of each is printed with its ratio to
``rank --format csv`` on the same data. The exit code is 1 if a chart takes
more than 3 times as long as that at any size: a chart is one pass over the
programs, like the CSV, plus drawing.

    .venv/bin/python benchmarks/chart_size.py [--sizes 1000,5000,10000,30000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from big_files import program, write_toml

#: A chart may take at most this many times as long as ``rank --format csv`` on the same data.
TARGET = 3.0

QUESTIONS = {
    "rank --format csv": ["rank", "--format", "csv"],
    "chart": ["chart"],
    "chart --json": ["chart", "--json"],
}


def time_once(argv: list[str], env: dict[str, str]) -> float:
    """Seconds for one whole process, its output to a pipe that is read and dropped."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,30000")
    parser.add_argument("--runs", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--mlprog", default=str(Path(sys.executable).parent / "mlprog"))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{date.today()}  {platform.platform()}  Python {platform.python_version()}  {os.cpu_count()} CPUs")
    print(f"median of {args.runs} interleaved rounds, warm cache, output to a pipe\n")
    header = f"{'programs':>8}  " + "  ".join(f"{label:>17}" for label in QUESTIONS)
    print(f"{header}  {'chart ratio':>11}  {'--json ratio':>12}  target")
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "MLPROG_HOME": str(Path(folder) / "home"), "COLUMNS": "80"}
        for name in ("MLPROG_DATA", "NO_COLOR", "FORCE_COLOR"):
            env.pop(name, None)
        for size in sizes:
            path = Path(folder) / f"summary-{size}.toml"
            write_toml(path, [program(n, full=False) for n in range(1, size + 1)])
            commands = {
                label: [args.mlprog, *question, "--data", str(path)] for label, question in QUESTIONS.items()
            }
            for argv in commands.values():  # warm: the first run writes the cache
                time_once(argv, env)
            samples: dict[str, list[float]] = {label: [] for label in commands}
            for _ in range(args.runs):
                for label, argv in commands.items():
                    samples[label].append(time_once(argv, env))
            medians = {label: statistics.median(times) for label, times in samples.items()}
            yardstick = medians["rank --format csv"]
            ratios = [medians["chart"] / yardstick, medians["chart --json"] / yardstick]
            verdict = "ok" if max(ratios) <= TARGET else "MISSED"
            if verdict != "ok":
                missed.append(f"{size:,}")
            times = "  ".join(f"{medians[label]:>16.2f}s" for label in QUESTIONS)
            print(
                f"{size:>8,}  {times}  {ratios[0]:>10.2f}x  {ratios[1]:>11.2f}x  <= {TARGET}x  {verdict}",
                flush=True,
            )
    if missed:
        print(f"\nmissed at {', '.join(missed)} programs", file=sys.stderr)
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
