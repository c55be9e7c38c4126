"""The user's shortlist and notes, kept in a JSON file that is never lost.

Every change is a read-modify-write under an exclusive lock (so two processes
adding at once both succeed), written to a temporary file in the same folder,
flushed to disk and renamed over the old file (so a crash leaves the old file
or the new one, never half of one). A file that cannot be read is left as it
is: mlprog reports it, keeps a copy aside, and changes nothing until the user
fixes it or clears the list.

The file is untrusted like any other input (see :mod:`mlprog.files.userfile`, which
reads and writes every user file the same way): keys this version does not
know are kept on every rewrite, and a file written by a newer mlprog (a higher
``version``) is never rewritten, so it is never silently downgraded.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ..files.userfile import UserFileError, check_json, clean, encode_json, read_json, update_json
from ..model import NamedTuple

VERSION = 1
#: The longest note, in characters: pages of text. Longer is most likely a paste gone
#: wrong, and it keeps the file far under the size every user file may have.
MAX_NOTE_CHARS = 100_000
#: What the file is called in messages.
KIND = "shortlist file"
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
    found = read_json(path, KIND, _parse, "start again with 'mlprog shortlist clear --yes'")
    return Shortlist() if found is None else found


def check(path: Path) -> str | None:
    """What is wrong with a shortlist file, or None if it reads; nothing is copied or changed."""
    return check_json(path, KIND, _parse)


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
    # Ids are kept exactly, lone surrogates and all (they are written escaped): two ids
    # that differ only there are two programs, and made alike they would become one.
    return Shortlist(
        tuple(dict.fromkeys(programs)),
        {key: clean(text) for key, text in notes.items()},
        version,
        other,
    )


def _encoded(path: Path, shortlist: Shortlist) -> bytes:
    return encode_json(path, shortlist.as_dict(), VERSION, KIND, _parse)


def check_note(text: str) -> str:
    """The note as it is stored (lone surrogates as U+FFFD); ValueError if it is too long."""
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"the note is {len(text):,} characters; a note may have at most {MAX_NOTE_CHARS:,}")
    return clean(text)


def prepared_add(path: Path, ids: list[str]) -> tuple[tuple[Shortlist, list[str]], bytes | None]:
    """What :func:`add` would make of the file: the new list, the ids new on it, the bytes to write.

    The bytes are None when every id is on the list already (nothing to write).
    """
    current = read(path)
    new = [pid for pid in dict.fromkeys(ids) if pid not in current.programs]
    updated = current._replace(programs=current.programs + tuple(new))
    return (updated, new), (_encoded(path, updated) if new else None)


def add(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Add ids (in order, once each); the new list and the ids that were new."""
    return update_json(path, KIND, lambda: prepared_add(path, ids))


def remove(path: Path, ids: list[str]) -> tuple[Shortlist, list[str]]:
    """Remove ids (matched exactly); the new list and the ids that were on it."""

    def prepare() -> tuple[tuple[Shortlist, list[str]], bytes | None]:
        current = read(path)
        gone = [pid for pid in dict.fromkeys(ids) if pid in current.programs]
        updated = current._replace(programs=tuple(p for p in current.programs if p not in gone))
        return (updated, gone), (_encoded(path, updated) if gone else None)

    return update_json(path, KIND, prepare)


def clear(path: Path) -> None:
    """Empty the list and drop the notes (an unreadable file is copied aside first).

    Keys other versions keep are dropped too: clearing starts again from nothing.
    """

    def prepare() -> tuple[None, bytes]:
        current = Shortlist()
        if path.exists():
            with contextlib.suppress(ShortlistError):  # read() copies an unreadable file aside
                current = read(path)
        # A newer mlprog's file is refused, not downgraded.
        return None, _encoded(path, Shortlist(version=current.version))

    update_json(path, KIND, prepare)


def set_note(path: Path, program_id: str, text: str | None) -> Shortlist:
    """Set (or, with None, delete) the note on a program; ValueError for a note too long."""
    stored = None if text is None else check_note(text)

    def prepare() -> tuple[Shortlist, bytes | None]:
        current = read(path)
        notes = dict(current.notes)
        if stored is None:
            notes.pop(program_id, None)
        else:
            notes[program_id] = stored
        updated = current._replace(notes=notes)
        return updated, (None if notes == current.notes else _encoded(path, updated))

    return update_json(path, KIND, prepare)
