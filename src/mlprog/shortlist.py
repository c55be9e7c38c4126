"""The user's shortlist and notes, kept in a JSON file that is never lost.

Every change is a read-modify-write under an exclusive lock (so two processes
adding at once both succeed), written to a temporary file in the same folder,
flushed to disk and renamed over the old file (so a crash leaves the old file
or the new one, never half of one). A file that cannot be read is left as it
is: mlprog reports it, keeps a copy aside, and changes nothing until the user
fixes it or clears the list.

The file is untrusted like any other input: only a regular file of at most
``MAX_FILE_BYTES`` is read; nesting too deep to read makes it corrupt, not a
crash; keys this version does not know are kept on every rewrite, and a file
written by a newer mlprog (a higher ``version``) is never rewritten, so it is
never silently downgraded. No write follows a symbolic link planted at the
lock, the copy aside or a temporary name.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .errors import MlprogError

VERSION = 1
#: A shortlist file larger than this is refused: even thousands of notes are far smaller.
MAX_FILE_BYTES = 16 * 1024 * 1024
_KNOWN_KEYS = ("version", "programs", "notes")
# Lone surrogates: what undecodable bytes in a command line become, and what JSON may
# carry escaped; UTF-8 cannot hold them, so they are stored as U+FFFD.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class ShortlistError(MlprogError):
    """The shortlist file cannot be read or written; the message says where and why."""


class Shortlist(NamedTuple):
    """Program ids in the order they were added, notes by id, and keys kept for other versions."""

    programs: tuple[str, ...] = ()
    notes: dict[str, str] = {}  # noqa: RUF012 - never mutated; replaced on change
    version: int = VERSION
    other: dict[str, Any] = {}  # noqa: RUF012 - keys this version does not know, kept as they are

    def as_dict(self) -> dict[str, Any]:
        """The file's content: the keys this version knows, then the ones it keeps for others."""
        return {
            **self.other,
            "version": self.version,
            "programs": list(self.programs),
            "notes": dict(self.notes),
        }


def clean(text: str) -> str:
    """Text that UTF-8 can hold: each lone surrogate becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def read(path: Path) -> Shortlist:
    """The shortlist in the file; an empty one if there is no file yet."""
    from .reading import Unreadable, read_bytes

    try:
        raw = read_bytes(path, MAX_FILE_BYTES)
    except Unreadable as exc:
        if exc.reason == "file not found":
            return Shortlist()
        raise ShortlistError(f"{path}: {exc.reason}; it is kept as it is") from None
    try:
        data = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
        return _parse(data)
    except (ValueError, TypeError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        reason = "nested too deeply to read" if isinstance(exc, RecursionError) else str(exc)
        aside = _copy_aside(path, raw)
        raise ShortlistError(
            f"{path}: not a valid shortlist file ({reason}). It is kept as it is, with a copy at "
            f"{aside}; fix it, or start again with `mlprog shortlist clear --yes`"
        ) from None


def check(path: Path) -> str | None:
    """What is wrong with a shortlist file, or None if it reads; nothing is copied or changed."""
    from .reading import Unreadable, read_bytes

    try:
        _parse(json.loads(read_bytes(path, MAX_FILE_BYTES).decode("utf-8").removeprefix("\ufeff")))
    except Unreadable as exc:
        return exc.reason
    except RecursionError:
        return "nested too deeply to read"
    except (ValueError, TypeError) as exc:
        return f"not a valid shortlist file ({exc})"
    return None


def _parse(data: Any) -> Shortlist:
    if not isinstance(data, dict):
        raise TypeError("the file must hold a JSON object")
    version = data.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TypeError("'version' must be a whole number from 1")
    programs = data.get("programs", [])
    notes = data.get("notes", {})
    if not isinstance(programs, list) or not all(isinstance(p, str) for p in programs):
        raise TypeError("'programs' must be a list of program ids")
    if not isinstance(notes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in notes.items()
    ):
        raise TypeError("'notes' must map program ids to text")
    other = {key: value for key, value in data.items() if key not in _KNOWN_KEYS}
    return Shortlist(
        tuple(dict.fromkeys(clean(p) for p in programs)),
        {clean(k): clean(v) for k, v in notes.items()},
        version,
        other,
    )


def _copy_aside(path: Path, content: bytes) -> Path:
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
            raise ShortlistError(f"{path}: unreadable, and no copy could be kept ({exc.strerror})") from None
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
        return aside
    raise ShortlistError(f"{path}: too many copies aside already; clean up {path.parent}")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of path (a lock file beside it).

    The lock file is opened without following a link, so a link planted there
    neither redirects the lock nor creates its target.
    """
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
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


def _cannot_write(path: Path, exc: OSError) -> ShortlistError:
    reason = exc.strerror or str(exc)
    where = exc.filename if exc.filename and str(exc.filename) != str(path) else path
    return ShortlistError(f"{path}: cannot be written ({reason}: {where}); it is kept as it was")


def write_atomically(path: Path, text: str) -> None:
    """Replace path's content with text: temporary file in the same folder, fsync, rename."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
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


def _save(path: Path, shortlist: Shortlist) -> None:
    if shortlist.version > VERSION:
        raise ShortlistError(
            f"{path}: written by a newer mlprog (file version {shortlist.version}, this one knows "
            f"{VERSION}); it is kept as it is. Upgrade mlprog to change it"
        )
    if path.is_dir():
        raise ShortlistError(f"{path}: is a directory, not a shortlist file; it is kept as it is")
    _remove_orphans(path)
    text = json.dumps(shortlist.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if _LONE_SURROGATE.search(text):  # only in keys kept for other versions: keep them exactly, escaped
        text = json.dumps(shortlist.as_dict(), indent=2, ensure_ascii=True) + "\n"
    try:
        write_atomically(path, text)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def add(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Add ids (in order, once each); the new list and the ids that were new."""
    with _locked(path):
        current = read(path)
        new = [pid for pid in dict.fromkeys(clean(i) for i in ids) if pid not in current.programs]
        updated = current._replace(programs=current.programs + tuple(new))
        _save(path, updated)
    return updated, new


def remove(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Remove ids; the new list and the ids that were on it."""
    with _locked(path):
        current = read(path)
        gone = [pid for pid in dict.fromkeys(clean(i) for i in ids) if pid in current.programs]
        updated = current._replace(programs=tuple(p for p in current.programs if p not in gone))
        _save(path, updated)
    return updated, gone


def clear(path: Path) -> None:
    """Empty the list and drop the notes (an unreadable file is copied aside first).

    Keys other versions keep are dropped too: clearing starts again from nothing.
    """
    with _locked(path):
        current = Shortlist()
        if path.exists():
            with contextlib.suppress(ShortlistError):  # read() copies an unreadable file aside
                current = read(path)
        _save(path, Shortlist(version=current.version))  # a newer mlprog's file is refused, not downgraded


def set_note(path: Path, program_id: str, text: str | None) -> Shortlist:
    """Set (or, with None, delete) the note on a program."""
    with _locked(path):
        current = read(path)
        notes = dict(current.notes)
        if text is None:
            notes.pop(program_id, None)
        else:
            notes[program_id] = clean(text)
        updated = current._replace(notes=notes)
        _save(path, updated)
    return updated
