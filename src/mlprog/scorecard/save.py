"""An import written as a transaction: the target checked, the store written whole under a
temporary name beside it, read back and checked, and only then renamed over the target.

The earlier import stays whole until the new one is. Whatever fails before the
rename removes the temporary file (``.scorecard.sqlite.import-…``, held with a
lock while it is written); one left by a killed process (Ctrl-C ends mlprog at
once, running no clean-up) holds no lock, and the next import removes it.

The file at the target is replaced only when it is an import: the user's own
file in the data folder, whatever it holds (that is how a damaged one is
repaired), or, with ``--output``, a file that is an mlprog import (its
``meta.format`` says so). Never the file being imported, whatever the spelling
or link that leads to it, never another file, and never through a symbolic link.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ScorecardError
from ..files.interrupted import removed_if_interrupted
from ..model import lookup_key
from .store import FORMAT, FORMAT_FAMILY, connect, institution_key, open_store
from .unranked import group

if TYPE_CHECKING:
    from .field_of_study import Imported

#: The first bytes of every SQLite database.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The first bytes of an SQLite rollback journal (its header's magic number).
JOURNAL_HEADER = bytes.fromhex("d9d505f920a163d7")
#: Files SQLite may keep beside a database; beside an import they can only be stale.
COMPANIONS = ("-journal", "-wal", "-shm")


def temporary_prefix(target: Path) -> str:
    """The name an import's temporary file starts with, beside ``target``."""
    return f".{target.name}.import-"


def check_target(target: Path, reading: Path | None = None, *, own: bool = False) -> None:
    """Refuse a target an import must not replace (see the module's docstring); no error if it
    may be written. ``reading`` is the file being imported; ``own``, that ``target`` is the
    import in the user's data folder, which is replaced whatever it holds (that is how a
    damaged one is repaired)."""
    try:
        facts = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ScorecardError(f"{target}: cannot write the imported data: {exc.strerror or exc}") from None
    if reading is not None and _same_file(reading, target):
        raise ScorecardError(
            f"{target}: that is the file being imported ({reading}); mlprog will not write over it. "
            "Give --output another path"
        )
    if stat.S_ISLNK(facts.st_mode):
        raise ScorecardError(
            f"{target}: a symbolic link; mlprog never writes an import through a link. Give --output "
            "the path it points to, or another path"
        )
    if not stat.S_ISREG(facts.st_mode):
        raise ScorecardError(f"{target}: not a regular file; mlprog will not replace it")
    if not own and not is_store(target):
        raise ScorecardError(
            f"{target}: exists and is not an mlprog Scorecard import; mlprog will not replace it. "
            "Give --output another path, or move the file away first"
        )


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)  # by device and inode: any spelling, hard or symbolic link
    except OSError:
        return False


def is_store(path: Path) -> bool:
    """Whether ``path`` is a file an import of any version of mlprog wrote (its ``meta.format``)."""
    import sqlite3

    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        with contextlib.closing(connect(path)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    except (OSError, sqlite3.Error):
        return False
    return row is not None and isinstance(row[0], str) and row[0].startswith(FORMAT_FAMILY)


def save(
    imported: Imported,
    target: Path,
    source: dict[str, Any],
    *,
    reading: Path | None = None,
    own: bool = False,
) -> None:
    """Write the kept rows and their source to ``target`` at once (an atomic rename, last).

    The target is checked (see :func:`check_target`) before anything is
    written and again just before the rename. On any failure the target is as
    it was and nothing is left behind: no temporary file, no journal, no folder
    made for it.
    """
    import sqlite3
    import tempfile

    check_target(target, reading, own=own)
    try:
        made = _make_folders(target.parent)
    except OSError as exc:
        raise ScorecardError(f"{target}: cannot write the imported data: {exc.strerror or exc}") from None
    clean_leftovers(target, own=own)
    try:
        handle, name = tempfile.mkstemp(prefix=temporary_prefix(target), dir=target.parent)
    except OSError as exc:
        _remove_folders(made)
        raise ScorecardError(f"{target}: cannot write the imported data: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        with removed_if_interrupted(temporary):  # Ctrl-C runs no `except`: the handler removes it
            _hold(handle, temporary)
            entries = group(imported.records)
            _write(temporary, imported, entries, source)
            _check_written(temporary, len(imported.records), len(entries))
            os.fsync(handle)  # the same file SQLite wrote: its content is on disk before the rename
            check_target(target, reading, own=own)  # nothing has taken the place meanwhile
            os.replace(temporary, target)
    except BaseException as exc:
        for leftover in (temporary, *(Path(name + end) for end in COMPANIONS)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        _remove_folders(made)
        if isinstance(exc, OSError | sqlite3.Error):
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if getattr(exc, "sqlite_errorname", "") == "SQLITE_IOERR_WRITE":  # ENOSPC, EFBIG, EIO
                reason += " while writing (is the disk full?)"
            raise ScorecardError(
                f"{target}: cannot write the imported data: {reason}; "
                + ("the earlier import is kept as it was" if target.exists() else "nothing was written")
            ) from None
        raise
    finally:
        os.close(handle)
    for end in COMPANIONS:  # a journal of the file replaced is no journal of this one
        with contextlib.suppress(OSError):
            Path(f"{target}{end}").unlink()
    _sync_folder(target.parent)


def _write(
    temporary: Path, imported: Imported, entries: list[dict[str, Any]], source: dict[str, Any]
) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(temporary)) as db:
        # The file is new and thrown away on failure: no journal to roll back with (and none
        # to leave behind); durability is the fsync before the rename.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE rows (name TEXT NOT NULL, position INTEGER NOT NULL, record TEXT NOT NULL);"
            "CREATE TABLE institutions (name TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, "
            "position INTEGER PRIMARY KEY, entry TEXT NOT NULL);"
        )
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("source", _dumped(source))])
        db.executemany(
            "INSERT INTO rows VALUES (?, ?, ?)",
            (
                (institution_key(record["institution"]), position, _dumped(record))
                for position, record in enumerate(imported.records)
            ),
        )
        db.executemany(
            "INSERT INTO institutions VALUES (?, ?, ?, ?, ?)",
            (
                (
                    institution_key(entry["name"]),
                    lookup_key(entry["name"]),
                    entry["id"],
                    position,
                    _dumped(entry),
                )
                for position, entry in enumerate(entries)
            ),
        )
        db.execute("CREATE INDEX rows_by_name ON rows (name, position)")
        db.execute("CREATE INDEX institutions_by_key ON institutions (key)")
        db.execute("CREATE INDEX institutions_by_id ON institutions (id)")
        db.commit()


def _dumped(value: Any) -> str:
    # allow_nan=False: a figure that is not finite never reaches the file (it is dropped on reading)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _check_written(temporary: Path, records: int, entries: int) -> None:
    """The file just written, read back as a command will read it: whole, with every row."""
    import sqlite3

    store = open_store(temporary)
    if store is None:
        raise sqlite3.DatabaseError("the file written is gone")
    with contextlib.closing(store.connection) as db:
        (check,) = db.execute("PRAGMA quick_check").fetchone()
        (rows,) = db.execute("SELECT count(*) FROM rows").fetchone()
        (institutions,) = db.execute("SELECT count(*) FROM institutions").fetchone()
    if (check, rows, institutions) != ("ok", records, entries):
        raise sqlite3.DatabaseError(f"the file written does not read back whole ({check})")


def _hold(handle: int, path: Path) -> None:
    """Lock the temporary file while it is written, so that another import leaves it alone."""
    try:
        import fcntl
    except ImportError:  # no fcntl (Windows): an open file cannot be removed there anyway
        return
    fcntl.flock(handle, fcntl.LOCK_EX)
    with contextlib.suppress(FileNotFoundError):
        if os.path.samestat(os.fstat(handle), os.lstat(path)):
            return
    # Another import's clean-up took the file between its creation and this lock.
    raise OSError(errno.EBUSY, "another import is under way; try again when it is done")


def _in_use(path: Path) -> bool:
    """Whether a live import holds this temporary file (see :func:`_hold`)."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False  # gone, or not ours to open: nothing holds it
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)  # closing releases the lock just taken
    return False


def clean_leftovers(target: Path, *, own: bool = False) -> None:
    """Remove the temporary files (and their journals) of imports to ``target`` that were killed.

    Only regular files with the import's own prefix that are empty or SQLite's
    (a file of the same name holding anything else is the user's), and none a
    running import holds; a file that cannot be removed is left (it does no harm). In the data
    folder (``own``), also those of earlier versions, named ``.scorecard.sqlite.`` and
    eight characters (``tempfile``'s), with or without ``-journal``.
    """
    import re

    prefix = temporary_prefix(target)
    earlier = re.compile(re.escape(f".{target.name}.") + r"[a-z0-9_]{8}(-journal)?") if own else None
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix) and not (earlier is not None and earlier.fullmatch(name)):
            continue
        path = target.parent / name
        owner = next((name[: -len(end)] for end in COMPANIONS if name.endswith(end)), name)
        with contextlib.suppress(OSError):
            if (
                stat.S_ISREG(os.lstat(path).st_mode)
                and _made_by_sqlite(path)
                and not _in_use(target.parent / owner)
            ):
                path.unlink()


def _made_by_sqlite(path: Path) -> bool:
    """Whether a file could be an import's temporary file or its journal: empty (created, not
    yet written) or begun by SQLite. A file of the same name holding anything else is the
    user's, and is kept."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags), "rb") as handle:  # never through a link, never waiting
        head = handle.read(len(SQLITE_HEADER))
    # A database begins with its header; a rollback journal with its magic number, or zeros
    # until its header is written.
    return head == SQLITE_HEADER or head.startswith(JOURNAL_HEADER) or not head.strip(b"\0")


def _make_folders(folder: Path) -> list[Path]:
    """Make the folder and its missing parents; the ones made, deepest first (removed on failure)."""
    made = []
    current = folder
    while not current.exists() and not current.is_symlink() and current != current.parent:
        made.append(current)
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    return made


def _remove_folders(made: list[Path]) -> None:
    for folder in made:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty: whatever else came to be there stays


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
