"""How mlprog answers from a user data file of 1,000 to 100,000 programs, cold and warm.

Generates data files of the bundled layout (``summary``: the ranking row of
each program, about 230 bytes each; ``full``: a full card each, about 1 KB),
then times, as whole processes, with ``--data FILE``:

- ``rank --json`` (every program, written to a pipe),
- ``rank --limit 20`` (a table),
- ``show ID`` (one card),

first cold (no cache: the file is parsed and validated) and then warm (from the
cache that the cold run left), with each run's peak memory (``ru_maxrss``).
Beside them, the same questions asked of the same data by ``jq`` (over a JSON
copy) and ``sqlite3`` (over a table of it), when those tools are installed.
Issue 18's targets for 100,000 programs, warm: ``show`` and ``rank --limit 20``
under 0.5 s; ``rank --json`` bounded by writing its output.

    .venv/bin/python benchmarks/big_files.py [--sizes 1000,10000,100000] [--kinds summary,full]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

STATES = ["CA", "NY", "TX", "PA", "MA", "WA", "IL", "GA", "NC", "MI"]


def program(number: int, *, full: bool) -> dict[str, object]:
    """One generated program: valid, unique in id, name and rank."""
    entry: dict[str, object] = {
        "id": f"p{number}",
        "rank": number,
        "name": f"Generated University {number}",
        "city": f"City {number % 997}",
        "state": STATES[number % len(STATES)],
        "type": "public" if number % 3 else "private",
        "tuition": 10_000 + (number * 37) % 60_000,
        "graduation_rate": 40 + number % 60,
        "score": round(100 - number / 2000, 2),
    }
    if full:
        entry |= {
            "highlight": f"Program {number} is known for applied machine learning research.",
            "overview": "A two-year master's with a thesis or project, core courses in "
            "statistics, optimization and deep learning, and electives across the university. " * 2,
            "industry_partners": ["Amazon", "Google", f"Partner {number % 50}"],
            "top_employers": ["Microsoft", f"Employer {number % 80}"],
            "delivery": ["on campus"] if number % 2 else ["online", "on campus"],
            "degrees": [{"name": "MS", "duration": "2 years"}, {"name": "PhD"}],
            "labs": [{"name": f"Lab {number % 300}", "focus": "robotics and vision"}],
            "faculty": [{"name": f"Professor {number % 5000}", "focus": "natural language processing"}],
        }
    return entry


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string for this text
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return str(value)


def write_toml(path: Path, programs: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('[meta]\nsource_name = "Generated for benchmarks"\n\n')
        for entry in programs:
            out.write("[[programs]]\n")
            tables = {k: v for k, v in entry.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
            for key, value in entry.items():
                if key not in tables:
                    out.write(f"{key} = {_toml_value(value)}\n")
            for key, rows in tables.items():
                for row in rows:
                    assert isinstance(row, dict)
                    out.write(f"\n[[programs.{key}]]\n")
                    out.writelines(f"{k} = {_toml_value(v)}\n" for k, v in row.items())
            out.write("\n")


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Time one command in a fresh helper process, so that its peak memory is its own."""
    seconds, megabytes, _ = measure_cpu(argv, env)
    return seconds, megabytes


def measure_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Time one command in a fresh helper process: wall seconds, peak memory in MB, and the CPU
    seconds it used (user and system), which the machine's other work moves far less."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "elapsed = time.perf_counter() - start\n"
        "if done.returncode: sys.exit(done.stderr.decode()[-500:])\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(elapsed, used.ru_maxrss / 1024, used.ru_utime + used.ru_stime)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr[-500:]}")
    seconds, megabytes, cpu = done.stdout.split()
    return float(seconds), float(megabytes), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--kinds", default="summary,full")
    parser.add_argument("--mlprog", default=str(Path(sys.executable).parent / "mlprog"))
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    jq, sqlite = shutil.which("jq"), shutil.which("sqlite3")
    print(f"{'kind':8} {'programs':>8} {'file':>7}  {'question':22} {'cold':>14} {'warm':>14}")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "MLPROG_HOME": str(Path(folder) / "home")}
        for kind in args.kinds.split(","):
            for size in sizes:
                entries = [program(n, full=kind == "full") for n in range(1, size + 1)]
                path = Path(folder) / f"{kind}-{size}.toml"
                write_toml(path, entries)
                megabytes = path.stat().st_size / 1e6
                questions = {
                    "rank --json": ["rank", "--json"],
                    "rank --limit 20": ["rank", "--limit", "20"],
                    f"show p{size // 2}": ["show", f"p{size // 2}"],
                }
                for label, question in questions.items():
                    shutil.rmtree(Path(folder) / "home" / "cache", ignore_errors=True)
                    argv = [args.mlprog, *question, "--data", str(path)]
                    cold = measure(argv, env)
                    warm = measure(argv, env)
                    print(
                        f"{kind:8} {size:>8,} {megabytes:>5.1f}MB  {label:22} "
                        f"{cold[0]:>6.2f}s {cold[1]:>4.0f}MB {warm[0]:>6.2f}s {warm[1]:>4.0f}MB",
                        flush=True,
                    )
                _others(Path(folder), kind, size, entries, jq, sqlite)


def _others(
    folder: Path, kind: str, size: int, entries: list[dict[str, object]], jq: str | None, sqlite: str | None
) -> None:
    """The same questions put to jq (a JSON copy) and sqlite3 (a table), for scale."""
    if jq:
        copy = folder / f"{kind}-{size}.json"
        copy.write_text(json.dumps(entries), encoding="utf-8")
        for label, program_filter in {
            "jq: all by rank": "sort_by(.rank)",
            "jq: top 20": "sort_by(.rank) | .[:20]",
            "jq: one by id": f'.[] | select(.id == "p{size // 2}")',
        }.items():
            seconds, megabytes = measure([jq, program_filter, str(copy)], dict(os.environ))
            print(f"{kind:8} {size:>8,} {'':7}  {label:22} {seconds:>6.2f}s {megabytes:>4.0f}MB")
    if sqlite:
        database = folder / f"{kind}-{size}.sqlite"
        with sqlite3.connect(database) as connection:
            connection.execute("CREATE TABLE programs (id TEXT PRIMARY KEY, rank INTEGER, body TEXT)")
            connection.execute("CREATE INDEX by_rank ON programs (rank)")
            connection.executemany(
                "INSERT INTO programs VALUES (?, ?, ?)",
                ((e["id"], e["rank"], json.dumps(e)) for e in entries),
            )
        connection.close()
        for label, query in {
            "sqlite3: all by rank": "SELECT body FROM programs ORDER BY rank",
            "sqlite3: top 20": "SELECT body FROM programs ORDER BY rank LIMIT 20",
            "sqlite3: one by id": f"SELECT body FROM programs WHERE id = 'p{size // 2}'",
        }.items():
            seconds, megabytes = measure([sqlite, str(database), query], dict(os.environ))
            print(f"{kind:8} {size:>8,} {'':7}  {label:22} {seconds:>6.2f}s {megabytes:>4.0f}MB")


if __name__ == "__main__":
    main()
