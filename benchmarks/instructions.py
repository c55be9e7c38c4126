"""Count the instructions each command executes, under valgrind's callgrind.

Wall-clock medians (startup.py) move with whatever else the machine is doing;
an instruction count does not: the same build, command and environment give
the same count. Use it to compare two versions of mlprog to within a fraction
of a percent, e.g. before and after a change:

    .venv/bin/python benchmarks/instructions.py                     # this checkout
    .venv/bin/python benchmarks/instructions.py --other ../old/.venv/bin/python

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
    ("python -c pass",),
    ("--version",),
    ("rank", "--json"),
    ("show", "cmu", "--json"),
    ("rank",),
    ("show", "cmu"),
    ("compare", "cmu", "usc", "uw"),
    ("--help",),
    ("rank", "--help"),
)


def count(python: str, args: tuple[str, ...]) -> int:
    """Instructions executed by ``python -m mlprog ARGS`` (or by ``python -c pass``)."""
    command = [python, "-c", "pass"] if args == ("python -c pass",) else [python, "-m", "mlprog", *args]
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
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
        raise SystemExit(f"valgrind gave no count for {' '.join(args)}:\n{result.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    """Print each command's instruction count, and the other build's beside it if given."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--other", metavar="PYTHON", help="a second Python with another mlprog installed")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    pythons = [sys.executable] + ([options.other] if options.other else [])
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    for python in pythons:  # run each command once, so that no counted run pays for compiling
        for args in COMMANDS[1:]:  # (each imports modules of its own: --version alone compiles few)
            subprocess.run([python, "-m", "mlprog", *args], capture_output=True, check=False, env=env)
    header = f"{'command':34} {'this':>14}" + (f" {'other':>14} {'change':>8}" if options.other else "")
    print(header)
    for args in COMMANDS:
        counts = [count(python, args) for python in pythons]
        label = args[0] if args == ("python -c pass",) else "mlprog " + " ".join(args)
        line = f"{label:34} {counts[0]:14,}"
        if len(counts) == 2:
            line += f" {counts[1]:14,} {100 * (counts[0] - counts[1]) / counts[1]:+7.1f}%"
        print(line)


if __name__ == "__main__":
    main()
