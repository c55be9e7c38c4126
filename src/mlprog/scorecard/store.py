"""Where imported College Scorecard rows are kept: a SQLite file, read by institution name.

A command needs the rows of a few dozen institutions out of thousands; SQLite
(from the standard library) answers that without reading the rest, so a run
with imported figures costs a few milliseconds more, not the parse of the whole
import. The ``institutions`` table holds every institution once, its rows
grouped (see :mod:`mlprog.scorecard.unranked`), for the runs that list the institutions
the page does not rank.

The file is written whole under another name and renamed into place (see
:mod:`mlprog.scorecard.save`); nothing ever writes to it in place, so a
``-journal`` beside it can belong to no write of mlprog's. It is read as
immutable: SQLite neither rolls such a journal back nor fails on it (the next
import removes it). Every row is checked as it is read (see
:func:`mlprog.scorecard.rows.valid_record`): a damaged file is an error naming it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ScorecardError, shown
from ..model import lookup_key
from .rows import valid_record

FORMAT = "mlprog-scorecard-3"
#: What every version's ``meta.format`` starts with: the mark of a file mlprog may replace.
FORMAT_FAMILY = "mlprog-scorecard-"
#: Names asked for in one query (SQLite allows 999 parameters in old builds).
BATCH = 500


class Store:
    """An imported file, open for reading: its source, and rows by institution name.

    Every row is checked as it is read (see :func:`mlprog.scorecard.rows.valid_record`):
    a row of another shape is a damaged file, said as such, never a crash later.
    """

    def __init__(self, path: Path, connection: Any, source: dict[str, Any]) -> None:
        self.path, self.connection, self.source = path, connection, source

    def rows_for(self, names: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """The rows of each institution named (folded names), in the file's order."""
        import sqlite3

        # A name SQLite cannot take (text with lone surrogates) is no institution's name.
        wanted = sorted({key for key in (institution_key(name) for name in names) if _encodable(key)})
        found: dict[str, list[dict[str, Any]]] = {}
        try:
            for start in range(0, len(wanted), BATCH):
                batch = wanted[start : start + BATCH]
                marks = ",".join("?" * len(batch))
                query = f"SELECT name, record FROM rows WHERE name IN ({marks}) ORDER BY position"
                for name, text in self.connection.execute(query, batch):
                    record = _loaded(text)
                    if not valid_record(record):
                        raise ValueError(name)
                    found.setdefault(name, []).append(record)
        except (sqlite3.Error, ValueError):
            raise _damaged(self.path) from None
        return found

    def institutions(self, ranked: Iterable[str], named: str | None = None) -> Iterator[dict[str, Any]]:
        """Every institution whose name is not one of these (ranked programs' names), in file
        order; with ``named``, only those whose id or whole name is that (an index lookup)."""
        import sqlite3

        skip = {institution_key(name) for name in ranked}
        query = "SELECT name, entry FROM institutions"
        arguments: tuple[str, ...] = ()
        if named is not None:
            if not _encodable(named):
                return  # text SQLite cannot take is no institution's id or name
            query += " WHERE key = ? OR id = ?"
            arguments = (lookup_key(named), named.strip().lower())
        try:
            for name, text in self.connection.execute(query + " ORDER BY position", arguments):
                if name not in skip:
                    entry = _loaded(text)
                    if not _valid_entry(entry):
                        raise ValueError(name)
                    yield entry
        except (sqlite3.Error, ValueError):
            raise _damaged(self.path) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN or Infinity: never written by an import


#: One decoder for every row (json.loads with an option would make one per call).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _loaded(text: object) -> Any:
    """A stored JSON value; ValueError if it is not one an import writes."""
    if type(text) is not str:
        raise ValueError(type(text).__name__)
    return _DECODER.decode(text)


def _valid_entry(entry: object) -> bool:
    """Whether an ``institutions`` entry has the shape an import writes (see :func:`group`)."""
    if not isinstance(entry, dict):
        return False
    get = entry.get
    name, ident, unitid, control, records = (
        get("name"),
        get("id"),
        get("unitid"),
        get("control"),
        get("records"),
    )
    return (
        isinstance(name, str)
        and bool(name.strip())
        and isinstance(ident, str)
        and bool(ident)
        and isinstance(unitid, str)
        and (control is None or isinstance(control, str))
        and isinstance(records, list)
        and bool(records)
        and all(valid_record(record) for record in records)
    )


def _damaged(path: Path) -> ScorecardError:
    return ScorecardError(
        f"{path}: not an imported Scorecard file, or a damaged one; import it again with "
        "'mlprog import scorecard'"
    )


def connect(path: Path) -> Any:
    """A read-only connection to an import. ``immutable``: the file is never written in place
    (see the module's docstring), so SQLite takes no lock and looks at no journal beside it."""
    import sqlite3
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)


def open_store(path: Path) -> Store | None:
    """The imported file at ``path``, or None if there is none; a damaged one is an error naming it."""
    if not path.exists():
        return None
    if not path.is_file():
        raise ScorecardError(f"{path}: not a regular file")
    import sqlite3

    connection = None
    try:
        connection = connect(path)
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        written = meta.get("format")
        if not isinstance(written, str) or not written.startswith(FORMAT_FAMILY):
            raise ValueError(written)
        source = _loaded(meta["source"]) if written == FORMAT else {}
        if not isinstance(source, dict):
            raise ValueError(written)
    except (sqlite3.Error, KeyError, ValueError):
        if connection is not None:
            connection.close()
        raise _damaged(path) from None
    if written != FORMAT:
        connection.close()
        raise ScorecardError(
            f"{path}: imported by another version of mlprog ({shown(written)}); "
            "import the file again with 'mlprog import scorecard'"
        )
    return Store(path, connection, source)


def check_store(path: Path) -> str | None:
    """What is wrong with an import, or None if every row and institution reads (``validate``).

    Reads all of it, as no other command does; nothing is changed.
    """
    import sqlite3

    try:
        store = open_store(path)
        if store is None:
            return None
        with contextlib.closing(store.connection) as db:
            store.rows_for(name for (name,) in db.execute("SELECT DISTINCT name FROM rows"))
            for _ in store.institutions(()):
                pass
    except sqlite3.Error:
        return str(_damaged(path)).removeprefix(f"{path}: ")
    except ScorecardError as exc:
        return str(exc).removeprefix(f"{path}: ")
    return None


def institution_key(name: object) -> str:
    """An institution's name as the import matches it: lower case, spaces collapsed."""
    return " ".join(str(name).lower().split())


def default_path() -> Path:
    """Where an import is written unless --output says otherwise: the user's data folder."""
    from ..files.paths import user_paths

    return user_paths().scorecard_file
