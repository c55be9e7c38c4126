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

Nothing is written that could not be read back: the bytes about to be written
are first parsed by the same function that reads the file, and must fit in
``MAX_FILE_BYTES``. A change is worked out and checked once before the lock is
taken (so a change refused leaves nothing behind, not even a lock file), then
again under the lock, against the file as it is then, and only then written.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..errors import MlprogError

#: A user file larger than this is refused, by the reader and so by every writer too:
#: even thousands of entries are far smaller.
MAX_FILE_BYTES = 16 * 1024 * 1024
# Lone surrogates: what undecodable bytes in a command line become, and what JSON may
# carry escaped. UTF-8 cannot hold them: text typed now is stored with U+FFFD in their
# place (clean); what a file already holds is kept exactly, written escaped (save).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# What makes a path simply not there, as pathlib's exists() takes them (any other error is raised).
_NOT_THERE = (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EBADF)

Parsed = TypeVar("Parsed")
Outcome = TypeVar("Outcome")


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


def write_atomically(path: Path, content: str | bytes, *, make_folder: bool = True) -> None:
    """Replace path's content: temporary file in the same folder, fsync, rename.

    Text is written as UTF-8 exactly as given (no newline translation); a file
    replaced keeps its permissions, a new one is the user's alone (0600). The
    folder is created if missing, unless ``make_folder`` is False (a file the
    user named: a missing folder is then an OSError, most likely a typo).
    """
    import tempfile

    data = content.encode("utf-8") if isinstance(content, str) else content
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            with contextlib.suppress(OSError, AttributeError):  # no fchmod: Windows before 3.13
                os.fchmod(out.fileno(), stat.S_IMODE(os.lstat(path).st_mode))  # as the file replaced
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


def size_text(size: int) -> str:
    """A size in MiB, as limits are given to people: ``16 MiB``, ``16.2 MiB``."""
    mebibytes = size / (1024 * 1024)
    return f"{mebibytes:.0f} MiB" if mebibytes == int(mebibytes) else f"{mebibytes:.1f} MiB"


def encode_json(
    path: Path, document: dict[str, Any], known_version: int, kind: str, parse: Callable[[Any], object]
) -> bytes:
    """The bytes that hold ``document``, checked as the reader will check them; UserFileError if not.

    Refused: a newer version's file (never downgraded), a document over
    ``MAX_FILE_BYTES`` (the reader would refuse it), and one that ``parse``, the
    reader's own check, does not accept. Nothing is written here.
    """
    version = document.get("version", known_version)
    if version > known_version:
        raise UserFileError(
            f"{path}: written by a newer mlprog (file version {version}, this one knows "
            f"{known_version}); it is kept as it is. Upgrade mlprog to change it"
        )
    try:
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        if _LONE_SURROGATE.search(text):  # kept exactly as the file held them: written escaped
            text = json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False) + "\n"
    except ValueError as exc:  # NaN or an infinity: JSON has no such number
        raise UserFileError(f"{path}: not changed: the change would not be valid JSON ({exc})") from None
    content = text.encode("utf-8")
    if len(content) > MAX_FILE_BYTES:
        raise UserFileError(
            f"{path}: not changed: the change would make it {size_text(len(content))}, over the "
            f"{size_text(MAX_FILE_BYTES)} a {kind} may hold; it is kept as it was"
        )
    try:
        parse(_decode(content))
    except (ValueError, TypeError, RecursionError) as exc:
        raise UserFileError(
            f"{path}: not changed: the change would make it a {kind} mlprog cannot read back ({exc}); "
            "it is kept as it was"
        ) from None
    return content


def write_json_file(path: Path, content: bytes, kind: str) -> None:
    """Replace a user file (under :func:`locked`) with bytes :func:`encode_json` made."""
    if path.is_dir():
        raise UserFileError(f"{path}: is a directory, not a {kind}; it is kept as it is")
    _remove_orphans(path)
    try:
        write_atomically(path, content)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def check_folder(path: Path) -> None:
    """UserFileError if the file's folder cannot be, because a file stands where a folder must.

    Each folder is looked at once: another mlprog may make a missing one at any moment (the
    first changes of two processes at once), and a folder found missing, then there at a
    second look, is a folder, not a file in the way.
    """
    for folder in (path.parent, *path.parent.parents):
        try:
            if stat.S_ISDIR(os.stat(folder).st_mode):
                return
        except OSError as exc:
            if exc.errno not in _NOT_THERE:
                raise
            if not folder.is_symlink():  # missing: its parent is looked at next
                continue
            # a link to nowhere (or in a loop) stands where the folder must be
        raise UserFileError(f"{path}: cannot be written (not a folder: {folder}); it is kept as it was")


def update_json(path: Path, kind: str, prepare: Callable[[], tuple[Outcome, bytes | None]]) -> Outcome:
    """Change a user file: ``prepare`` reads it and returns the outcome and the bytes to write.

    ``prepare`` runs first without the lock, so that a change it refuses (its
    errors are raised as they are) leaves nothing behind, not even a lock file;
    then again under the lock, against the file as it is then, and its bytes
    (None: nothing to write) replace the file.
    """
    check_folder(path)
    prepare()
    with locked(path):
        outcome, content = prepare()
        if content is not None:
            write_json_file(path, content, kind)
    return outcome
