"""The user's shortlist and notes, kept in a JSON file that is never lost.

Every change is a read-modify-write under an exclusive lock (so two processes
adding at once both succeed), written to a temporary file in the same folder,
flushed to disk and renamed over the old file (so a crash leaves the old file
or the new one, never half of one). A file that cannot be read is left as it
is: mlprog reports it, keeps a copy aside, and changes nothing until the user
fixes it or clears the list.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .errors import MlprogError

VERSION = 1


class ShortlistError(MlprogError):
    """The shortlist file cannot be read or written; the message says where and why."""


class Shortlist(NamedTuple):
    """Program ids in the order they were added, and notes by id."""

    programs: tuple[str, ...] = ()
    notes: dict[str, str] = {}  # noqa: RUF012 - never mutated; replaced on change

    def as_dict(self) -> dict[str, Any]:
        """The file's content."""
        return {"version": VERSION, "programs": list(self.programs), "notes": dict(self.notes)}


def read(path: Path) -> Shortlist:
    """The shortlist in the file; an empty one if there is no file yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Shortlist()
    except OSError as exc:
        raise ShortlistError(f"{path}: cannot be read ({exc.strerror or exc}); it is kept as it is") from None
    try:
        return _parse(json.loads(raw.decode("utf-8")))
    except (ValueError, TypeError) as exc:  # UnicodeDecodeError is a ValueError
        aside = _copy_aside(path)
        raise ShortlistError(
            f"{path}: not a valid shortlist file ({exc}). It is kept as it is, with a copy at {aside}; "
            "fix it, or start again with `mlprog shortlist clear --yes`"
        ) from None


def _parse(data: Any) -> Shortlist:
    if not isinstance(data, dict):
        raise TypeError("the file must hold a JSON object")
    programs = data.get("programs", [])
    notes = data.get("notes", {})
    if not isinstance(programs, list) or not all(isinstance(p, str) for p in programs):
        raise TypeError("'programs' must be a list of program ids")
    if not isinstance(notes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in notes.items()
    ):
        raise TypeError("'notes' must map program ids to text")
    return Shortlist(tuple(dict.fromkeys(programs)), dict(notes))


def _copy_aside(path: Path) -> Path:
    """Copy an unreadable file to ``NAME.corrupt`` (numbered if taken) and return the copy's path."""
    for number in range(1000):
        aside = path.with_name(f"{path.name}.corrupt" + (f".{number}" if number else ""))
        if aside.exists() and aside.read_bytes() == path.read_bytes():
            return aside
        if not aside.exists():
            import shutil

            shutil.copy2(path, aside)
            return aside
    raise ShortlistError(f"{path}: too many copies aside already; clean up {path.parent}")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for a read-modify-write of path (a lock file beside it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with lock_path.open("a") as lock:
        try:
            import fcntl
        except ImportError:  # no fcntl (Windows): changes are still atomic, but not serialised
            yield
            return
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


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


def _save(path: Path, shortlist: Shortlist) -> None:
    write_atomically(path, json.dumps(shortlist.as_dict(), indent=2, ensure_ascii=False) + "\n")


def add(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Add ids (in order, once each); the new list and the ids that were new."""
    with _locked(path):
        current = read(path)
        new = [pid for pid in dict.fromkeys(ids) if pid not in current.programs]
        updated = current._replace(programs=current.programs + tuple(new))
        _save(path, updated)
    return updated, new


def remove(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Remove ids; the new list and the ids that were on it."""
    with _locked(path):
        current = read(path)
        gone = [pid for pid in dict.fromkeys(ids) if pid in current.programs]
        updated = current._replace(programs=tuple(p for p in current.programs if p not in gone))
        _save(path, updated)
    return updated, gone


def clear(path: Path) -> None:
    """Empty the list and drop the notes (an unreadable file is copied aside first)."""
    with _locked(path):
        if path.exists():
            with contextlib.suppress(ShortlistError):  # read() copies an unreadable file aside
                read(path)
        _save(path, Shortlist())


def set_note(path: Path, program_id: str, text: str | None) -> Shortlist:
    """Set (or, with None, delete) the note on a program."""
    with _locked(path):
        current = read(path)
        notes = dict(current.notes)
        if text is None:
            notes.pop(program_id, None)
        else:
            notes[program_id] = text
        updated = current._replace(notes=notes)
        _save(path, updated)
    return updated
