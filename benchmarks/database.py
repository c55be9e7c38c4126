"""Issue 28's database targets: how mlprog answers from data of 1,000 to 100,000 programs, each
figure a ratio to its reference measured in the same run.

Generates data files of the bundled layout (``big_files.program``; ``summary``, the
default: the ranking row of each program, as issue 28 measured, whose full ``rank --json``
is 48 MB at 100,000; ``full``: a full card each, 120 MB of JSON), then times whole
processes, stdout to a pipe, with ``--data FILE``:

- warm (the cache built): ``rank --json --limit 20``, ``rank --state CA --limit 20`` and
  ``show ID``, each against ``mlprog rank --json --limit 20`` on the bundled data (target:
  at most 2x); the full ``rank --json`` (target: at most 1.0 s, peak memory under 150 MB);
  ``chart`` of every program (target: under 2 s);
- cold (no cache: the file parsed, checked and cached, then the answer): ``rank --json
  --limit 20`` against ``validate`` of the same file, which reads the data once (target: at
  most 1.5x); then the first full ``rank --json``, which builds every program and keeps its
  JSON beside the cache for the next (no target: measured, once per cold round).

Rounds are interleaved (each command once per round, the reference among them), so that
a slow moment of the shared machine falls on all alike; each figure is the median, of the
wall time (which the targets are) and of the CPU time (user and system: what the process
itself did, which the machine's other work moves far less).

    .venv/bin/python benchmarks/database.py [--sizes 1000,10000,100000] [--rounds 5] [--kind full]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from big_files import measure_cpu, program, write_toml

#: (label, arguments, target, what the target is measured against)
WARM = (
    ("rank --json --limit 20", ["rank", "--json", "--limit", "20"], 2.0, "reference"),
    ("rank --state CA --limit 20", ["rank", "--state", "CA", "--limit", "20"], 2.0, "reference"),
    ("show ID", ["show", "{middle}"], 2.0, "reference"),
    ("rank --json (all)", ["rank", "--json"], 1.0, "seconds"),
    ("chart (all)", ["chart", "--width", "120", "--height", "30"], 2.0, "seconds"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cold-rounds", type=int, default=1)
    parser.add_argument("--kind", choices=("summary", "full"), default="summary")
    parser.add_argument("--mlprog", default=str(Path(sys.executable).parent / "mlprog"))
    args = parser.parse_args()
    missed = []
    print(f"{'programs':>8}  {'question':30} {'median':>8} {'CPU':>8} {'max RSS':>8} {'ratio':>7}  target")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        env = {**os.environ, "MLPROG_HOME": str(home), "COLUMNS": "120"}
        for size in (int(text) for text in args.sizes.split(",")):
            path = Path(folder) / f"{args.kind}-{size}.toml"
            write_toml(path, [program(n, full=args.kind == "full") for n in range(1, size + 1)])
            data = ["--data", str(path)]
            # Cold: the cache removed before each run; the reference reads the same data once.
            # After it, the first whole list builds every program and keeps its JSON for the next.
            cold, once, keeping = [], [], []
            for _ in range(args.cold_rounds):
                shutil.rmtree(home / "cache", ignore_errors=True)
                cold.append(measure_cpu([args.mlprog, "rank", "--json", "--limit", "20", *data], env))
                once.append(measure_cpu([args.mlprog, "validate", *data], env))
                keeping.append(measure_cpu([args.mlprog, "rank", "--json", *data], env))
            missed += _report(size, "validate (reads once)", once, None, None)
            missed += _report(size, "cold rank --json --limit 20", cold, _median(once), 1.5)
            _report(size, "first rank --json (all)", keeping, None, None)
            # Warm: every question and the reference, round by round.
            runs: dict[str, list[tuple[float, float, float]]] = {label: [] for label, *_ in WARM}
            reference: list[tuple[float, float, float]] = []
            # The same table on the bundled data: what drawing it costs, apart from the size.
            twin: list[tuple[float, float, float]] = []
            for _ in range(args.rounds):
                reference.append(measure_cpu([args.mlprog, "rank", "--json", "--limit", "20"], env))
                twin.append(measure_cpu([args.mlprog, "rank", "--state", "CA", "--limit", "20"], env))
                for label, question, *_ in WARM:
                    argv = [part.format(middle=f"p{size // 2}") for part in question]
                    runs[label].append(measure_cpu([args.mlprog, *argv, *data], env))
            missed += _report(size, "bundled rank --json --limit 20", reference, None, None)
            for label, _, target, against in WARM:
                base = _median(reference) if against == "reference" else None
                missed += _report(size, label, runs[label], base, target, memory=label.endswith("(all)"))
            _report(size, "bundled rank --state CA --limit 20", twin, None, None)
            _report(size, "  the table, against it", runs["rank --state CA --limit 20"], _median(twin), None)
    print("\nall targets met" if not missed else "\nmissed: " + "; ".join(missed))


def _median(runs: list[tuple[float, float, float]], at: int = 0) -> float:
    """The median wall time (``at`` 2: CPU time) of these runs."""
    return statistics.median(run[at] for run in runs)


def _report(
    size: int,
    label: str,
    runs: list[tuple[float, float, float]],
    base: float | None,
    target: float | None,
    *,
    memory: bool = False,
) -> list[str]:
    """Print one figure; the target it misses, if any."""
    seconds, megabytes, cpu = _median(runs), max(run[1] for run in runs), _median(runs, 2)
    ratio = f"{seconds / base:6.2f}x" if base else ""
    missed = []
    said = ""
    if target is not None:
        value = seconds / base if base else seconds
        said = f"<= {target}{'x' if base else ' s'}  {'ok' if value <= target else 'MISSED'}"
        if value > target:
            missed.append(f"{size:,} {label}")
        if memory:
            said += f"; < 150 MB {'ok' if megabytes < 150 else 'MISSED'}"
            if megabytes >= 150:
                missed.append(f"{size:,} {label} memory")
    print(
        f"{size:>8,}  {label:30} {seconds:7.3f}s {cpu:7.3f}s {megabytes:6.0f}MB {ratio:>7}  {said}",
        flush=True,
    )
    return missed


if __name__ == "__main__":
    main()
