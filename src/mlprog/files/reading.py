"""Find and read TOML files: which data file is in use, and reading any file with care.

Every file mlprog reads is untrusted: it may be missing, huge, binary, not
UTF-8 or not TOML. :func:`read_document` refuses each of these with a reason
written for a person (``line 3, column 7: invalid TOML: ...``);
:func:`read_toml` raises that reason as a :class:`~mlprog.errors.DataError`
naming the file.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import DataError, Problem, UsageError

#: Environment variable naming a data file to use instead of the bundled one.
DATA_ENV = "MLPROG_DATA"
#: The file name that means standard input (``validate -``, ``--data -``); ``./-`` is a file.
STDIN = "-"
#: Files larger than this are refused before reading: room for 100,000 programs with full
#: cards (about 100 MB), and a bound on what a wrong file can cost.
MAX_FILE_BYTES = 256 * 1024 * 1024


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
    package = Path(__file__).resolve().parents[1]  # mlprog/, this file being mlprog/files/reading.py
    packaged = package / "data" / "programs.toml"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "data" / "programs.toml"  # src/mlprog -> the checkout


def resolve_data_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data file to use: the one named, else ``$MLPROG_DATA``, else the bundled one.

    An empty name is refused rather than read as "not given", so that
    ``--data "$UNSET_VARIABLE"`` fails instead of quietly using the bundled data.
    """
    if explicit is not None:
        if not str(explicit).strip():
            raise UsageError("the data file path is empty; name a file, or leave the option out")
        return named_path(os.fspath(explicit))
    from_env = os.environ.get(DATA_ENV, "")
    if from_env:
        return named_path(from_env)
    return bundled_data_path()


def named_path(typed: str) -> Path:
    """The file a name given on the command line means: ``-`` is standard input.

    A file that is named ``-`` is given as ``./-``, which pathlib would make ``-``
    again: it is kept apart as that file's full path.
    """
    path = Path(typed)
    if typed != STDIN and is_stdin(path):
        return Path.cwd() / path
    return path


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
    """Read a data file; a missing bundled file is a broken installation, and says so.

    The bundled file is taken from its parsed copy (see :func:`parsed_copy`) when the
    copy was made from exactly these bytes: the same document, without importing tomli
    or parsing (together about a tenth of what ``rank --json`` executes). The caller
    checks the document as it checks any other.
    """
    bundled = path == bundled_data_path()
    try:
        if bundled:
            document = parsed_copy(path, read_bytes(path, MAX_FILE_BYTES))
            if document is not None:
                return document
        return read_document(path)
    except Unreadable as exc:
        if exc.reason == "file not found" and bundled:
            raise Unreadable(
                "the bundled data file is missing from this installation; reinstall mlprog"
            ) from None
        raise


#: The parsed copy of the bundled data file, beside it: ``marshal`` of the file's bytes and the
#: document tomli parses from them. Written by ``scripts/bundled_copy.py``, as are the bundled
#: figure files' copies (``wages.json`` and ``wages.marshal``: see :func:`copy_path`).
PARSED_COPY = "programs.marshal"


def copy_path(path: Path) -> Path:
    """Where a bundled file's parsed copy is: beside it, its name ending in ``.marshal``."""
    return path.with_suffix(".marshal")


def parsed_copy(path: Path, raw: bytes) -> dict[str, Any] | None:
    """The document parsed from ``raw`` (the bytes of ``path``, a bundled file: the data file or
    a figure file), as its copy holds it; None when there is no copy or it was made from other bytes.

    The copy keeps the bytes it was parsed from, and is used only when they are these,
    byte for byte: an edited file, or a copy left from another version, is parsed
    as it is. ``marshal`` holds data only: nothing in the copy is run. One that does not
    load (damaged, or from a Python whose ``marshal`` differs) is ignored the same way.
    """
    import marshal

    try:
        source, document = marshal.loads(copy_path(path).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if source != raw or not isinstance(document, dict):
        return None
    return document


def read_document(path: Path, *, allow_empty: bool = False) -> dict[str, Any]:
    """Parse a TOML file, or raise Unreadable saying what is wrong with it.

    Only a regular file is read: a FIFO, a device or a folder is refused at
    once, without waiting on it, and so is a file over ``MAX_FILE_BYTES``.
    UTF-8 with a byte-order mark, and CRLF line ends, are accepted.
    """
    raw = read_bytes(path, MAX_FILE_BYTES)
    if not raw.strip() and not allow_empty:
        raise Unreadable("file is empty; a data file needs [[programs]] entries")
    if b"\x00" in raw:
        raise Unreadable("file holds binary data (NUL bytes), not TOML text")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    import tomli  # here, not at the top: `mlprog --version` never reads data

    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise Unreadable(f"line {exc.lineno}, column {exc.colno}: invalid TOML: {exc.msg}") from None
    except RecursionError:
        raise Unreadable("nested too deeply to read") from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        line = _long_number_line(text)
        raise Unreadable(f"line {line}: a number of more than 4,300 digits, longer than any value") from None


def is_stdin(path: str | os.PathLike[str]) -> bool:
    """Whether a file name means standard input: ``-``, as typed (``./-`` is a file of that name)."""
    return os.fspath(path) == STDIN


#: Standard input, once read: a data file's problems are located by reading it again.
_stdin_read: dict[int, bytes] = {}


def read_bytes(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; Unreadable for anything else.

    The file is opened without blocking, so a FIFO cannot make the read wait,
    and checked with ``fstat`` on the open file, so what is checked is what is read.
    ``-`` is standard input, a pipe or a redirected file (never a terminal, which
    would wait for typing), read once.
    """
    if is_stdin(path):
        return _standard_input(limit)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise Unreadable("file not found") from None
    except IsADirectoryError:
        raise Unreadable("is a directory, not a data file") from None
    except PermissionError:
        raise Unreadable("permission denied: the file cannot be read") from None
    except OSError as exc:
        from .paths import os_reason

        raise Unreadable(f"cannot be read: {os_reason(exc)}") from None
    status = os.fstat(descriptor)
    problem = None
    if stat.S_ISDIR(status.st_mode):
        problem = "is a directory, not a data file"
    elif not stat.S_ISREG(status.st_mode):
        problem = "is not a regular file (a pipe, a device or a socket); give a file's path"
    elif status.st_size > limit:
        problem = f"file is larger than {limit // (1024 * 1024)} MiB; is it really a data file?"
    if problem is not None:
        os.close(descriptor)
        raise Unreadable(problem)
    with os.fdopen(descriptor, "rb") as handle:
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:  # it grew while being read
        raise Unreadable(f"file is larger than {limit // (1024 * 1024)} MiB; is it really a data file?")
    return raw


def _standard_input(limit: int) -> bytes:
    """Standard input's bytes (at most ``limit``), read the first time and kept for the next."""
    import sys

    if limit in _stdin_read:
        return _stdin_read[limit]
    stream = sys.stdin
    if stream is None or stream.isatty():
        raise Unreadable("standard input is a terminal; pipe or redirect a file into it (< programs.toml)")
    try:
        raw = stream.buffer.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise Unreadable(f"standard input cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    if len(raw) > limit:
        raise Unreadable(
            f"standard input is larger than {limit // (1024 * 1024)} MiB; is it really a data file?"
        )
    _stdin_read[limit] = raw
    return raw


def _long_number_line(text: str) -> int:
    """The line of the first run of more than 4,300 digits (where Python's int() gives up)."""
    match = re.search(r"[0-9_]{4300,}", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1
