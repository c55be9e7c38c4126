"""Each program's JSON as ``rank --json`` writes it, kept beside the data cache once a whole
list has been written, so that the next long list is written without building a program.

The first run (the one that builds the data cache, see :mod:`mlprog.dataset.cache`)
does not encode 100,000 programs that it may never print: that was a third of its
writing. The first ``rank --json`` that writes every program builds them (checked, as
any query's) and encodes them, and keeps what it wrote in a second SQLite file
beside the cache, ``<cache name>.texts``: the same key, the same count, and per
program its position in the data, its JSON's CRC and its JSON. From then on,
:meth:`~mlprog.dataset.cache_table.CachedPrograms.json_texts` attaches that file
and writes the stored JSON, checked against each CRC, as SQLite returns it.

The file is written as the cache is: to a temporary file in the same folder
(``.<name>.<pid>.tmp``, removed on any failure, on Ctrl-C, or by the next writer if
the process was killed), renamed into place only when whole. A list the reader
stops (``| head``) or a folder that cannot be written leaves no file: the JSON is
written all the same. A texts file of another key or count is not used, and the
next whole list replaces it; a new cache removes the old one's.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..files.interrupted import removed_if_interrupted
from .cache import remove_orphans, texts_file

#: The name under which the texts file is attached to a connection to the cache.
SCHEMA = "stored"


def attach(connection: sqlite3.Connection, cache: Path, key: str, count: int) -> bool:
    """Attach the texts file of ``cache`` to ``connection`` (opened with URIs) as :data:`SCHEMA`
    if it holds the JSON of every one of the ``count`` programs of ``key``; False (nothing
    attached) when there is none, or it is of other data, unreadable, or short of rows."""
    file = texts_file(cache)
    try:
        if not stat.S_ISREG(os.lstat(file).st_mode):  # a pipe would be waited on for ever
            return False
    except OSError:
        return False
    try:
        connection.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (f"{file.as_uri()}?mode=ro",))
    except sqlite3.Error:
        return False
    try:
        found = connection.execute(f"SELECT key, count FROM {SCHEMA}.source").fetchone()
        (last,) = connection.execute(f"SELECT max(position) FROM {SCHEMA}.texts").fetchone()
        if found == (key, count) and last == count - 1:
            return True
    except (sqlite3.Error, TypeError, ValueError):
        pass
    connection.execute(f"DETACH DATABASE {SCHEMA}")
    return False


class Keeper:
    """The texts file being written, a batch at a time, while the JSON is printed (see the
    module's text). Its failures are its own: once one happens it keeps nothing, and the
    list is written all the same."""

    def __init__(self, cache: Path, key: str, count: int) -> None:
        self.path = texts_file(cache)
        self.temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.key, self.count = key, count
        self.connection: sqlite3.Connection | None = None

    def open(self) -> None:
        """Begin the temporary file (nothing is kept if it cannot be)."""
        remove_orphans(self.path)
        try:
            self.temporary.unlink(missing_ok=True)
            self.connection = sqlite3.connect(self.temporary)
            # A file no one reads until it is renamed into place whole: no journal, no syncing.
            for pragma in ("page_size = 16384", "journal_mode = OFF", "synchronous = OFF"):
                self.connection.execute(f"PRAGMA {pragma}")
            self.connection.execute("PRAGMA locking_mode = EXCLUSIVE")
            self.connection.execute("BEGIN")
            self.connection.execute("CREATE TABLE source (key TEXT NOT NULL, count INTEGER NOT NULL)")
            self.connection.execute(
                "CREATE TABLE texts (position INTEGER PRIMARY KEY, crc INTEGER NOT NULL, json BLOB NOT NULL)"
            )
        except (OSError, sqlite3.Error):
            self.abandon()

    def add(self, rows: Iterable[tuple[int, int, bytes]]) -> None:
        """Keep these programs' texts: (position, CRC, JSON) each."""
        if self.connection is None:
            return
        try:
            self.connection.executemany("INSERT INTO texts VALUES (?, ?, ?)", rows)
        except sqlite3.Error:  # a full disk; two rows of one position would be a fault of ours
            self.abandon()

    def finish(self) -> None:
        """Every program's text is in: the file is renamed into place."""
        if self.connection is None:
            return
        try:
            self.connection.execute("INSERT INTO source VALUES (?, ?)", (self.key, self.count))
            self.connection.commit()
            self.connection.close()
            self.connection = None
            os.replace(self.temporary, self.path)
        except (OSError, sqlite3.Error):
            self.abandon()

    def abandon(self) -> None:
        """Keep nothing: the temporary file is removed."""
        if self.connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self.connection.close()
            self.connection = None
        with contextlib.suppress(OSError):
            self.temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def kept(cache: Path, key: str, count: int) -> Iterator[Keeper]:
    """A :class:`Keeper` of the texts of ``cache``: the file renamed into place if the block
    ends normally, its temporary file removed otherwise (an error, a list stopped, Ctrl-C)."""
    keeper = Keeper(cache, key, count)
    with removed_if_interrupted(keeper.temporary):
        keeper.open()
        try:
            yield keeper
        except BaseException:
            keeper.abandon()
            raise
        keeper.finish()
