"""Find and read TOML files: which data file is in use, and reading any file with care.

Every file mlprog reads is untrusted: it may be missing, huge, binary, not
UTF-8 or not TOML. :func:`read_document` refuses each of these with a reason
written for a person (``line 3, column 7: invalid TOML: ...``);
:func:`read_toml` raises that reason as a :class:`~mlprog.errors.DataError`
naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .errors import DataError, Problem, UsageError

#: Environment variable naming a data file to use instead of the bundled one.
DATA_ENV = "MLPROG_DATA"
#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 16 * 1024 * 1024


class Unreadable(Exception):
    """A file that cannot be read as TOML; ``reason`` says why, for a person."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def bundled_data_path() -> Path:
    """Where the bundled data file is: inside the installed package, or the checkout.

    A wheel carries the file at ``mlprog/data/programs.toml``. An editable
    install and a source checkout use the one copy at the repository's top level.
    """
    packaged = Path(__file__).resolve().parent / "data" / "programs.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / "programs.toml"


def resolve_data_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data file to use: the one named, else ``$MLPROG_DATA``, else the bundled one.

    An empty name is refused rather than read as "not given", so that
    ``--data "$UNSET_VARIABLE"`` fails instead of quietly using the bundled data.
    """
    if explicit is not None:
        if not str(explicit).strip():
            raise UsageError("the data file path is empty; name a file, or leave the option out")
        return Path(explicit)
    from_env = os.environ.get(DATA_ENV, "")
    if from_env:
        return Path(from_env)
    return bundled_data_path()


def explicit_data_path(path: str | os.PathLike[str] | None) -> Path | None:
    """The data file named by the caller or ``$MLPROG_DATA``; None when the bundled data is in use."""
    if path is None and not os.environ.get(DATA_ENV, ""):
        return None
    return resolve_data_path(path)


def read_toml(path: Path, *, allow_empty: bool = False) -> dict[str, Any]:
    """Read a TOML file with the data files' checks; DataError naming the file and the reason."""
    try:
        return read_document(path, allow_empty=allow_empty)
    except Unreadable as exc:
        raise DataError(str(path), [Problem("", exc.reason)]) from None


def read_data_document(path: Path) -> dict[str, Any]:
    """Read a data file; a missing bundled file is a broken installation, and says so."""
    try:
        return read_document(path)
    except Unreadable as exc:
        if exc.reason == "file not found" and path == bundled_data_path():
            raise Unreadable(
                "the bundled data file is missing from this installation; reinstall mlprog"
            ) from None
        raise


def read_document(path: Path, *, allow_empty: bool = False) -> dict[str, Any]:
    """Parse a TOML file, or raise Unreadable saying what is wrong with it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise Unreadable("file not found") from None
    except IsADirectoryError:
        raise Unreadable("is a directory, not a data file") from None
    except PermissionError:
        raise Unreadable("permission denied: the file cannot be read") from None
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise Unreadable(f"file is larger than {limit} MiB; is it really a data file?")
    if not raw.strip() and not allow_empty:
        raise Unreadable("file is empty; a data file needs [[programs]] entries")
    if b"\x00" in raw:
        raise Unreadable("file holds binary data (NUL bytes), not TOML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    import tomli  # here, not at the top: `mlprog --version` never reads data

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise Unreadable(f"line {exc.lineno}, column {exc.colno}: invalid TOML: {exc.msg}") from None
    except RecursionError:
        raise Unreadable("nested too deeply to read") from None
