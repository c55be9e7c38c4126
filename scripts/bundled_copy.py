"""Write data/programs.marshal, the parsed copy of data/programs.toml (see
``mlprog.files.reading.parsed_copy``): run after every change to the data file.

    .venv/bin/python scripts/bundled_copy.py          # write it
    .venv/bin/python scripts/bundled_copy.py --check  # exit 1 if it is not current

A run of a data command then reads the copy (about 0.5 million instructions)
instead of importing tomli and parsing the file (about 30 million). A copy that
is not current is never wrong, only slow: mlprog parses the file instead.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

import tomli

DATA = Path(__file__).resolve().parents[1] / "data"
#: marshal's format 4 has been read by every Python since 3.4.
VERSION = 4


def copy_of(toml_file: Path) -> tuple[bytes, dict[str, Any]]:
    """The parsed copy of a data file: its bytes, and the document tomli parses from them."""
    raw = toml_file.read_bytes()
    return raw, tomli.loads(raw.decode("utf-8").removeprefix("\ufeff"))


def main() -> int:
    """Write the copy, or with --check say whether it is current."""
    wanted = copy_of(DATA / "programs.toml")
    target = DATA / "programs.marshal"
    if "--check" in sys.argv[1:]:  # the content, not the bytes: marshal's may differ between runs
        current = target.is_file() and marshal.loads(target.read_bytes()) == wanted
        print(f"{target}: {'current' if current else 'NOT current: run scripts/bundled_copy.py'}")
        return 0 if current else 1
    written = marshal.dumps(wanted, VERSION)
    target.write_bytes(written)
    print(f"wrote {target} ({len(written):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
