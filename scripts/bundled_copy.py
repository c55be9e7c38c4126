"""Write the bundled files' parsed copies (see ``mlprog.files.reading.parsed_copy``):
data/programs.marshal of data/programs.toml, and data/outcomes.marshal, wages.marshal and
living.marshal of the bundled figure files. Run it after every change to one of them (the
regeneration scripts run it for the figure file they write into data/).

    .venv/bin/python scripts/bundled_copy.py          # write those not current
    .venv/bin/python scripts/bundled_copy.py --check  # exit 1 if one is not current

A run of a data command then reads the data's copy (about 0.5 million instructions)
instead of importing tomli and parsing the file (about 30 million), and a command that
shows the figures reads theirs instead of parsing the JSON (and, for a table, importing
json). A copy that is not current is never wrong, only slow: mlprog parses the file instead.
"""

from __future__ import annotations

import json
import marshal
import sys
from pathlib import Path
from typing import Any

import tomli

DATA = Path(__file__).resolve().parents[1] / "data"
#: marshal's format 4 has been read by every Python since 3.4.
VERSION = 4
#: Every bundled file that has a parsed copy: the data, and the figures (made by scripts/build_*.py).
BUNDLED = ("programs.toml", "outcomes.json", "wages.json", "living.json")


def copy_of(bundled_file: Path) -> tuple[bytes, dict[str, Any]]:
    """The parsed copy of a bundled file: its bytes, and the document mlprog parses from them
    (tomli for the data file, json for a figure file)."""
    raw = bundled_file.read_bytes()
    if bundled_file.suffix == ".json":
        return raw, json.loads(raw)
    return raw, tomli.loads(raw.decode("utf-8").removeprefix("\ufeff"))


def copy_path(bundled_file: Path) -> Path:
    """Where the copy goes: beside the file, as mlprog.files.reading.copy_path looks for it."""
    return bundled_file.with_suffix(".marshal")


def is_current(bundled_file: Path) -> bool:
    """Whether the file's copy holds its bytes and their document (the content, not the bytes:
    marshal's may differ between runs)."""
    target = copy_path(bundled_file)
    return target.is_file() and marshal.loads(target.read_bytes()) == copy_of(bundled_file)


def write_copy(bundled_file: Path) -> Path:
    """Write the file's copy beside it; the copy written."""
    target = copy_path(bundled_file)
    target.write_bytes(marshal.dumps(copy_of(bundled_file), VERSION))
    return target


def main() -> int:
    """Write the copies not current, or with --check say whether each is current."""
    if "--check" in sys.argv[1:]:
        stale = 0
        for name in BUNDLED:
            current = is_current(DATA / name)
            stale += not current
            target = copy_path(DATA / name)
            print(f"{target}: {'current' if current else 'NOT current: run scripts/bundled_copy.py'}")
        return 1 if stale else 0
    for name in BUNDLED:
        if is_current(DATA / name):  # left as it is: marshal's bytes may differ for the same content
            print(f"{copy_path(DATA / name)}: current")
            continue
        target = write_copy(DATA / name)
        print(f"wrote {target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
