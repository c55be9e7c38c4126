"""Count the instructions each command executes, under valgrind's callgrind.

Wall-clock medians (startup.py) move with whatever else the machine is doing;
an instruction count does not: the same build, command and environment give
the same count. Use it to compare two versions of mlprog to within a fraction
of a percent, e.g. before and after a change:

    .venv/bin/python benchmarks/instructions.py                     # this checkout
    .venv/bin/python benchmarks/instructions.py --other ../old/.venv/bin/python

A command's output goes to a pipe; a ``COLUMNS=N`` before it sets the width its
tables are laid out at (a pipe is 80 columns wide otherwise). ``--only TEXT``
(repeatable) counts only the commands whose line contains TEXT (``--only payoff``), and
``--other-path SRC`` puts SRC first on the other Python's ``PYTHONPATH``: the
source of another version (``git archive BASE src | tar -x -C ../base``) run
from this environment, so both counts share every installed package.

Needs valgrind (Debian: apt-get install valgrind). Slow: each command runs
about fifty times slower under callgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

COMMANDS = (
    "python -c pass",
    "--version",
    "rank --json",
    "show cmu --json",
    "rank",
    "show cmu",
    "compare cmu usc uw",
    "--help",
    "rank --help",
    # payoff stays within cost's budget (issue 29), for every layout it has: programs as rows at
    # 60, 80 (a pipe's width) and 120 columns, side by side when they fit, offers, JSON.
    "cost --top 25",
    "payoff --top 25",
    "COLUMNS=60 cost --top 25",
    "COLUMNS=60 payoff --top 25",
    "COLUMNS=120 cost --top 25",
    "COLUMNS=120 payoff --top 25",
    "COLUMNS=120 cost cmu usc uw",
    "COLUMNS=120 payoff cmu usc uw",
    "cost --top 25 --json",
    "payoff --top 25 --json",
    "payoff --applications",
)


def split(line: str) -> tuple[dict[str, str], list[str]]:
    """A command line's environment (its leading ``NAME=value`` words) and its arguments."""
    words = line.split()
    settings = {}
    while words and "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        settings[name] = value
    return settings, words


#: The offers that `payoff --applications` compares, recorded in the counts' own MLPROG_HOME.
OFFERS = (
    ("cmu", "--decision", "admitted", "--scholarship", "10000", "--reply-by", "2027-04-15"),
    ("uw", "--decision", "admitted", "--assistantship", "20000"),
    ("ucf", "--decision", "admitted"),
)


def environment(line: str, home: str, path: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The arguments of a command line, and the environment to run it in: this one, with the
    line's own settings, a home of its own (no user's settings change a count) and the path."""
    settings, args = split(line)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(settings, MLPROG_HOME=home)
    if path is not None:
        env["PYTHONPATH"] = path
    return args, env


def count(python: str, line: str, home: str, path: str | None = None) -> int:
    """Instructions executed by ``python -m mlprog ARGS`` (or by ``python -c pass``)."""
    args, env = environment(line, home, path)
    command = [python, "-c", "pass"] if line == "python -c pass" else [python, "-m", "mlprog", *args]
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {line}:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    """Print each command's instruction count, and the other build's beside it if given."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--other", metavar="PYTHON", help="a second Python with another mlprog installed")
    parser.add_argument("--other-path", metavar="SRC", help="PYTHONPATH for the other run (another source)")
    parser.add_argument(
        "--only", metavar="TEXT", action="append", help="count only the commands whose line contains TEXT"
    )
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    runs: list[tuple[str, str | None]] = [(sys.executable, None)]
    if options.other or options.other_path:
        runs.append((options.other or sys.executable, options.other_path))
    chosen = [line for line in COMMANDS if options.only is None or any(text in line for text in options.only)]
    with tempfile.TemporaryDirectory() as home:
        for offer in OFFERS:
            args, env = environment("apply set", home)
            command = [sys.executable, "-m", "mlprog", *args, *offer]
            subprocess.run(command, capture_output=True, check=True, env=env)
        report(runs, chosen, home)


def report(runs: list[tuple[str, str | None]], chosen: list[str], home: str) -> None:
    """Print each chosen command's count in each run, and the change between two runs."""
    for python, path in runs:  # run each command once, so that no counted run pays for compiling
        for line in COMMANDS[1:]:  # (each imports modules of its own: --version alone compiles few)
            args, env = environment(line, home, path)
            subprocess.run([python, "-m", "mlprog", *args], capture_output=True, check=False, env=env)
    header = f"{'command':40} {'this':>14}" + (f" {'other':>14} {'change':>8}" if len(runs) == 2 else "")
    print(header, flush=True)
    for line in chosen:
        counts = [count(python, line, home, path) for python, path in runs]
        settings, args = split(line)
        label = (
            line
            if line == "python -c pass"
            else " ".join([*(f"{name}={value}" for name, value in settings.items()), "mlprog", *args])
        )
        shown = f"{label:40} {counts[0]:14,}"
        if len(counts) == 2:
            shown += f" {counts[1]:14,} {100 * (counts[0] - counts[1]) / counts[1]:+7.1f}%"
        print(shown, flush=True)


if __name__ == "__main__":
    main()
