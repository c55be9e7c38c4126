"""The user's own JSON files (shortlist, applications), kept so that nothing in them is ever lost.

Every change is a read-modify-write under an exclusive lock (so two processes
changing a file at once both succeed), written to a temporary file in the same
folder, flushed to disk and renamed over the old file (so a crash leaves the
old file or the new one, never half of one). A file that cannot be read is
left as it is: mlprog reports it, keeps a copy aside, and changes nothing until
the user fixes it.

A file is untrusted like any other input: only a regular file of at most
``MAX_FILE_BYTES`` is read; nesting too deep to read makes it corrupt, not a
crash; a file written by a newer mlprog (a higher ``version``) is never
rewritten, so it is never silently downgraded. No write follows a symbolic link
planted at the lock, the copy aside or a temporary name.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from .errors import MlprogError

#: A user file larger than this is refused: even thousands of entries are far smaller.
MAX_FILE_BYTES = 16 * 1024 * 1024
# Lone surrogates: what undecodable bytes in a command line become, and what JSON may
# carry escaped; UTF-8 cannot hold them, so they are stored as U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

Parsed = TypeVar("Parsed")


class UserFileError(MlprogError):
    """A user file cannot be read or written; the message says where and why."""


def clean(text: str) -> str:
    """Text that UTF-8 can hold: each lone surrogate becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _decode(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8").removeprefix("\ufeff"))


def read_json(path: Path, kind: str, parse: Callable[[Any], Parsed], restart: str) -> Parsed | None:
    """The file's content as ``parse`` makes it; None if there is no file yet.

    ``parse`` raises ValueError or TypeError for content it cannot use; the
    file is then copied aside and reported as not a valid ``kind``, with
    ``restart`` saying how to start again.
    """
    from .reading import Unreadable, read_bytes

    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except Unreadable as exc:
        if exc.reason == "file not found":
            return None
        raise UserFileError(f"{path}: {exc.reason}; it is kept as it is") from None
    try:
        return parse(_decode(raw))
    except (ValueError, TypeError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        reason = "nested too deeply to read" if isinstance(exc, RecursionError) else str(exc)
        aside = copy_aside(path, raw)
        raise UserFileError(
            f"{path}: not a valid {kind} ({reason}). It is kept as it is, with a copy at "
            f"{aside}; fix it, or {restart}"
        ) from None


def check_json(path: Path, kind: str, parse: Callable[[Any], object]) -> str | None:
    """What is wrong with a user file, or None if it reads; nothing is copied or changed."""
    from .reading import Unreadable, read_bytes

    try:
        parse(_decode(read_bytes(path, MAX_FILE_BYTES)))
    except Unreadable as exc:
        return exc.reason
    except RecursionError:
        return "nested too deeply to read"
    except (ValueError, TypeError) as exc:
        return f"not a valid {kind} ({exc})"
    return None


def copy_aside(path: Path, content: bytes) -> Path:
    """Keep a copy of an unreadable file at ``NAME.corrupt`` (numbered if taken); its path.

    The copy is created new (never through a link planted at that name).
    """
    for number in range(1000):
        aside = path.with_name(f"{path.name}.corrupt" + (f".{number}" if number else ""))
        with contextlib.suppress(OSError):
            if not aside.is_symlink() and aside.is_file() and aside.read_bytes() == content:
                return aside
        try:
            descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise UserFileError(f"{path}: unreadable, and no copy could be kept ({exc.strerror})") from None
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        return aside
    raise UserFileError(f"{path}: too many copies aside already; clean up {path.parent}")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of path (a lock file beside it).

    The lock file is opened without following a link, so a link planted there
    neither redirects the lock nor creates its target.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    try:
        try:
            import fcntl
        except ImportError:  # no fcntl (Windows): changes are still atomic, but not serialised
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def cannot_write(path: Path, exc: OSError) -> UserFileError:
    """The error for a file that could not be written, naming the path that failed."""
    reason = exc.strerror or str(exc)
    where = exc.filename if exc.filename and str(exc.filename) != str(path) else path
    return UserFileError(f"{path}: cannot be written ({reason}: {where}); it is kept as it was")


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace path's content: temporary file in the same folder, fsync, rename.

    Text is written as UTF-8 exactly as given (no newline translation).
    """
    import tempfile

    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _remove_orphans(path: Path) -> None:
    """Remove temporary files a killed writer left. Only under the lock, when no writer is mid-write."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name}.*"):
            with contextlib.suppress(OSError):
                leftover.unlink()  # a link is removed, never its target


def save_json(path: Path, document: dict[str, Any], known_version: int, kind: str) -> None:
    """Write a user file's document (under :func:`locked`); a newer version's file is refused.

    The document's ``version`` is the file's own; one above ``known_version``
    was written by a newer mlprog and is kept as it is.
    """
    version = document.get("version", known_version)
    if version > known_version:
        raise UserFileError(
            f"{path}: written by a newer mlprog (file version {version}, this one knows "
            f"{known_version}); it is kept as it is. Upgrade mlprog to change it"
        )
    if path.is_dir():
        raise UserFileError(f"{path}: is a directory, not a {kind}; it is kept as it is")
    _remove_orphans(path)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if _LONE_SURROGATE.search(text):  # only in keys kept for other versions: keep them exactly, escaped
        text = json.dumps(document, indent=2, ensure_ascii=True) + "\n"
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise cannot_write(path, exc) from None
