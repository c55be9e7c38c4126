"""The user's shortlist and notes, kept in a JSON file that is never lost.

Every change is a read-modify-write under an exclusive lock (so two processes
adding at once both succeed), written to a temporary file in the same folder,
flushed to disk and renamed over the old file (so a crash leaves the old file
or the new one, never half of one). A file that cannot be read is left as it
is: mlprog reports it, keeps a copy aside, and changes nothing until the user
fixes it or clears the list.

The file is untrusted like any other input (see :mod:`mlprog.userfile`, which
reads and writes every user file the same way): keys this version does not
know are kept on every rewrite, and a file written by a newer mlprog (a higher
``version``) is never rewritten, so it is never silently downgraded.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, NamedTuple

from .userfile import UserFileError, check_json, clean, locked, read_json, save_json

VERSION = 1
_KIND = "shortlist file"
_KNOWN_KEYS = ("version", "programs", "notes")

#: The shortlist file cannot be read or written (the errors of every user file).
ShortlistError = UserFileError


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


def read(path: Path) -> Shortlist:
    """The shortlist in the file; an empty one if there is no file yet."""
    found = read_json(path, _KIND, _parse, "start again with `mlprog shortlist clear --yes`")
    return Shortlist() if found is None else found


def check(path: Path) -> str | None:
    """What is wrong with a shortlist file, or None if it reads; nothing is copied or changed."""
    return check_json(path, _KIND, _parse)


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


def _save(path: Path, shortlist: Shortlist) -> None:
    save_json(path, shortlist.as_dict(), VERSION, _KIND)


def add(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Add ids (in order, once each); the new list and the ids that were new."""
    with locked(path):
        current = read(path)
        new = [pid for pid in dict.fromkeys(clean(i) for i in ids) if pid not in current.programs]
        updated = current._replace(programs=current.programs + tuple(new))
        _save(path, updated)
    return updated, new


def remove(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Remove ids; the new list and the ids that were on it."""
    with locked(path):
        current = read(path)
        gone = [pid for pid in dict.fromkeys(clean(i) for i in ids) if pid in current.programs]
        updated = current._replace(programs=tuple(p for p in current.programs if p not in gone))
        _save(path, updated)
    return updated, gone


def clear(path: Path) -> None:
    """Empty the list and drop the notes (an unreadable file is copied aside first).

    Keys other versions keep are dropped too: clearing starts again from nothing.
    """
    with locked(path):
        current = Shortlist()
        if path.exists():
            with contextlib.suppress(ShortlistError):  # read() copies an unreadable file aside
                current = read(path)
        _save(path, Shortlist(version=current.version))  # a newer mlprog's file is refused, not downgraded


def set_note(path: Path, program_id: str, text: str | None) -> Shortlist:
    """Set (or, with None, delete) the note on a program."""
    with locked(path):
        current = read(path)
        notes = dict(current.notes)
        if text is None:
            notes.pop(program_id, None)
        else:
            notes[program_id] = clean(text)
        updated = current._replace(notes=notes)
        _save(path, updated)
    return updated
