"""The bundled figure files read: found like the bundled data, parsed once, checked for their shape.

The files are made by the scripts in ``scripts/`` from the published sources; a
wheel carries them in ``mlprog/data/``, an editable install and a checkout read
the one copy in the repository's ``data/``. Each is small plain JSON: only the
commands that show these figures read them, and nothing else pays for them.

Each is read from its parsed copy beside it (``wages.marshal``, written by
``scripts/bundled_copy.py``; see :func:`mlprog.files.reading.parsed_copy`) when
the copy was made from the file's exact bytes: the same document, loaded in a
third of the time of parsing the JSON, and without importing ``json`` where the
command writes none (a card, payoff's grid). The JSON file stays the one the
figures come from: a copy of other bytes is never used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..errors import MlprogError
from ..files.reading import parsed_copy


def bundled_file(name: str) -> Path:
    """Where a bundled figure file is: inside the installed package, or the checkout."""
    package = Path(__file__).resolve().parents[1]  # mlprog/, this file being mlprog/figures/files.py
    packaged = package / "data" / name
    if packaged.is_file():
        return packaged
    return package.parents[1] / "data" / name  # src/mlprog -> the checkout


@cache
def read_figures(name: str) -> dict[str, Any]:
    """The parsed file, a JSON object with a ``source``; an error naming the file when it is not one."""
    path = bundled_file(name)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise MlprogError(
            f"{path}: the bundled figures cannot be read ({error.strerror or error}); reinstall mlprog"
        ) from None
    document: Any = parsed_copy(path, raw)
    if document is None:  # no copy, or one of other bytes: the file itself, parsed
        import json

        try:
            document = json.loads(raw)
        except ValueError as error:
            raise MlprogError(
                f"{path}: the bundled figures are damaged ({error}); reinstall mlprog"
            ) from None
    if not isinstance(document, dict) or not isinstance(document.get("source"), dict):
        raise MlprogError(f"{path}: the bundled figures are damaged (no source); reinstall mlprog")
    return document


def whole_number(value: Any) -> int | None:
    """A figure as an int, or None for one not given (a bool or anything else is not a figure)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
