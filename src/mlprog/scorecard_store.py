"""Where imported College Scorecard rows are kept: a SQLite file, read by institution name.

A command needs the rows of a few dozen institutions out of thousands; SQLite
(from the standard library) answers that without reading the rest, so a run
with imported figures costs a few milliseconds more, not the parse of the whole
import. The ``institutions`` table holds every institution once, its rows
grouped (see :mod:`mlprog.unranked`), for the runs that list the institutions
the page does not rank. The file is built beside its target and renamed over it, so an earlier
import stays whole until the new one is.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import shown
from .model import lookup_key
from .scorecard import ScorecardError, folded
from .unranked import group

if TYPE_CHECKING:
    from .scorecard import Imported

FORMAT = "mlprog-scorecard-3"
#: Names asked for in one query (SQLite allows 999 parameters in old builds).
BATCH = 500


def save(imported: Imported, target: Path, source: dict[str, Any]) -> None:
    """Write the kept rows and their source to ``target`` at once."""
    import sqlite3
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(handle)
    except OSError as exc:
        raise ScorecardError(f"{target}: cannot write the imported data: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.executescript(
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE rows (name TEXT NOT NULL, position INTEGER NOT NULL, record TEXT NOT NULL);"
                "CREATE TABLE institutions (name TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, "
                "position INTEGER PRIMARY KEY, entry TEXT NOT NULL);"
            )
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("source", json.dumps(source))]
            )
            db.executemany(
                "INSERT INTO rows VALUES (?, ?, ?)",
                (
                    (folded(record["institution"]), position, json.dumps(record, ensure_ascii=False))
                    for position, record in enumerate(imported.records)
                ),
            )
            db.executemany(
                "INSERT INTO institutions VALUES (?, ?, ?, ?, ?)",
                (
                    (
                        folded(entry["name"]),
                        lookup_key(entry["name"]),
                        entry["id"],
                        position,
                        json.dumps(entry, ensure_ascii=False),
                    )
                    for position, entry in enumerate(group(imported.records))
                ),
            )
            db.execute("CREATE INDEX rows_by_name ON rows (name, position)")
            db.execute("CREATE INDEX institutions_by_key ON institutions (key)")
            db.execute("CREATE INDEX institutions_by_id ON institutions (id)")
            db.commit()
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ScorecardError(f"{target}: cannot write the imported data: {reason}") from None


class Store:
    """An imported file, open for reading: its source, and rows by institution name."""

    def __init__(self, path: Path, connection: Any, source: dict[str, Any]) -> None:
        self.path, self.connection, self.source = path, connection, source

    def rows_for(self, names: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The rows of each institution named (folded names), in the file's order."""
        import sqlite3

        wanted = sorted({folded(name) for name in names})
        found: dict[str, list[dict[str, Any]]] = {}
        try:
            for start in range(0, len(wanted), BATCH):
                batch = wanted[start : start + BATCH]
                marks = ",".join("?" * len(batch))
                query = f"SELECT name, record FROM rows WHERE name IN ({marks}) ORDER BY position"
                for name, record in self.connection.execute(query, batch):
                    found.setdefault(name, []).append(json.loads(record))
        except (sqlite3.Error, ValueError):
            raise _damaged(self.path) from None
        return found

    def institutions(self, ranked: Iterable[str], named: str | None = None) -> Iterator[dict[str, Any]]:
        """Every institution whose name is not one of these (ranked programs' names), in file
        order; with ``named``, only those whose id or whole name is that (an index lookup)."""
        import sqlite3

        skip = {folded(name) for name in ranked}
        query = "SELECT name, entry FROM institutions"
        arguments: tuple[str, ...] = ()
        if named is not None:
            query += " WHERE key = ? OR id = ?"
            arguments = (lookup_key(named), named.strip().lower())
        try:
            for name, entry in self.connection.execute(query + " ORDER BY position", arguments):
                if name not in skip:
                    yield json.loads(entry)
        except (sqlite3.Error, ValueError):
            raise _damaged(self.path) from None


def _damaged(path: Path) -> ScorecardError:
    return ScorecardError(
        f"{path}: not an imported Scorecard file; import it again with `mlprog import scorecard`"
    )


def open_store(path: Path) -> Store | None:
    """The imported file at ``path``, or None if there is none; a damaged one is an error naming it."""
    if not path.exists():
        return None
    if not path.is_file():
        raise ScorecardError(f"{path}: not a regular file")
    import sqlite3
    from urllib.parse import quote

    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        source = json.loads(meta["source"])
        if not isinstance(source, dict):
            raise ValueError(meta.get("format"))
    except (sqlite3.Error, KeyError, ValueError):
        raise _damaged(path) from None
    if meta.get("format") != FORMAT:
        connection.close()
        raise ScorecardError(
            f"{path}: imported by another version of mlprog ({shown(str(meta.get('format')))}); "
            "import the file again with `mlprog import scorecard`"
        )
    return Store(path, connection, source)
