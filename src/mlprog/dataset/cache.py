"""A cache of large data files, parsed and validated once, in the user's cache folder.

Parsing and checking a data file of 100,000 programs takes about two seconds
(tomli one, the checks most of the other), and every run used to pay it again.
When the data in use is at least ``load.CACHE_MIN_BYTES``, :mod:`mlprog.dataset.load` asks this
module first, and a run reads the data set from here instead (measured in
``benchmarks/big_files.py``; results in ``benchmarks/README.md``). Smaller
data is parsed every time: below that size, parsing costs less than opening
the cache.

The cache of one data source is one SQLite file in ``<cache folder>/data/``,
named by a hash of the source files' paths:

- ``source``: the key the cache was built for: mlprog's version, this layout's
  version, Python's ``marshal`` version, how ``query.text_order`` folds text,
  and each source file's absolute path, size and modification time in
  nanoseconds. A cache whose key is not the key of the files now is stale, and
  is rebuilt. Beside it, how many programs were written: a cache that has lost
  rows is unusable, not a smaller data set.
- ``dataset``: the data set without its programs (metadata, profiles, the
  page's sections), one ``marshal`` blob.
- ``programs``: one narrow row per program: its position in the data, its
  place in ranking order, the fields a query filters and sorts on, each text
  field's sort key, with an index for each (see
  :mod:`mlprog.dataset.cache_columns`). SQLite answers a selection from these
  alone (:mod:`mlprog.dataset.cache_table`).
- ``bodies``: each program's fields as plain tuples in a ``marshal`` blob;
  ``summaries``: the summary (the ranking fields only) of each program with
  details, which a ranking table reads instead: 100,000 full cards take 0.35 s
  to build. A program with no details is its own summary: its body is read.
- ``names``: each program's lookup keys, so that ``show`` reads one program
  without loading the others; but an id without a dash (its own key) and a
  name of plain ASCII words (the key in lowercase) are found by the indexes of
  ``id`` and ``name_order``, and have no rows here.

Each program's JSON, as ``rank --json`` writes it, is not part of it: the first
whole ``rank --json`` keeps it in a second file beside this one (see
:mod:`mlprog.dataset.cache_texts`), which a new cache removes. Encoding every
program was a third of the first run's writing, for a list it may never print.

Why this form: reading 100,000 programs back from per-row ``marshal`` blobs
takes about 0.12 s (pickle 0.27 s, JSON more), and SQLite answers ``show`` from
its index in well under a millisecond; a query of the narrow table reads a few
megabytes, not every card. ``marshal`` holds data only: nothing read from the
cache is ever run, and the classes it rebuilds are named here, not in the file.

What a cache holds is checked as it is read back, as strictly as the loader
checks a data file (see :mod:`mlprog.dataset.cache_check`): a
cache is a file in the user's folder, which may have been edited or damaged in
a way SQLite does not notice, and a program whose tuition is a string or NaN
must not reach the ranking. A cache that fails is unusable, and is rebuilt. A
query checks each program it builds, and that the program's columns are its
card's; JSON written as it is read is checked against its CRC.

A cache is written to a temporary file in the same folder and renamed over
the old one, so a reader sees the old file or the new one, never half of one,
and two processes building at once each write a whole file (the last rename
wins; both are right). A cache that cannot be read (corrupt, truncated, from
another layout, not a regular file) is treated as stale; one that cannot be
written (a read-only folder, a full disk) is skipped: the data was loaded all
the same. A temporary file goes with a Ctrl-C (see :mod:`mlprog.files.interrupted`);
one a killed writer left is removed by the next writer.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..files.interrupted import removed_if_interrupted
from ..model import Dataset, Degree, EmployerBenefit, FacultyMember, Lab, Meta, Profile, lookup_key
from ..page_sections import Career, Conflict, ConflictValue, GuideFact, GuideItem, GuideTopic, TopState
from ..version import __version__
from .build import CheckedWhenRead
from .cache_check import check_programs, check_sections
from .cache_columns import DECLARED, INDEXED, ORDER_PROBE, WIDTH, column_rows
from .cache_rows import SUMMARY, body_rows, name_rows, program_from, summary_rows

#: Raised whenever what the tables hold changes, so that older caches are rebuilt.
LAYOUT = 5

#: The classes a cache may rebuild, by name; anything else in a file makes it unreadable.
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Meta,
        EmployerBenefit,
        Profile,
        Conflict,
        ConflictValue,
        Career,
        TopState,
        GuideTopic,
        GuideItem,
        GuideFact,
        Degree,
        Lab,
        FacultyMember,
    )
}
_SECTIONS = tuple(name for name in Dataset._fields if name != "programs")


class Unusable(Exception):
    """The cache cannot be used: stale, corrupt, or not of this layout."""


def cache_file(folder: Path, sources: Sequence[Path]) -> Path:
    """Where the cache of these source files lives in the cache folder."""
    joined = "\0".join(str(source.resolve()) for source in sources)
    digest = hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()
    return folder / "data" / f"{digest[:32]}.sqlite"


def texts_file(cache: Path) -> Path:
    """Where the stored JSON of the cache at ``cache`` lives (see :mod:`mlprog.dataset.cache_texts`)."""
    return cache.with_name(f"{cache.stem}.texts")


def source_key(sources: Sequence[Path]) -> str:
    """The key of these files as they are now; it changes when any of them changes."""
    from ..query import text_order

    parts = [
        f"mlprog {__version__}",
        f"layout {LAYOUT}",
        f"marshal {marshal.version}",
        f"text order {text_order(ORDER_PROBE)}",
    ]
    for source in sources:
        status = source.stat()
        parts.append(f"{source.resolve()}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\n".join(parts)


# --- reading --------------------------------------------------------------------------


def read(path: Path, key: str, *, summaries: bool = False) -> Dataset:
    """The whole data set in the cache at ``path``; Unusable if it is not the cache of ``key``.

    With ``summaries``, each program holds only its ranking fields (``cache_rows.SUMMARY_KEPT``):
    its details are left empty, for a caller that shows none of them.
    """
    column = SUMMARY if summaries else "body"
    with opened(path, key) as connection:
        sections = _sections(connection)
        rows = connection.execute(
            f"SELECT {column} FROM bodies LEFT JOIN summaries USING (position) ORDER BY position"
        ).fetchall()
        check_count(connection, len(rows))
        programs = tuple(program_from(body) for (body,) in rows)
        check_sections(sections, check_programs(programs))
    return Dataset(programs, **sections)


def read_one(path: Path, key: str, name: str) -> Dataset | None:
    """The data set with only the program that ``name`` names exactly (by id, alias or full
    name); None when no program has that name (the caller then loads all, to say why)."""
    with opened(path, key) as connection:
        row = connection.execute(
            "SELECT body FROM bodies WHERE position = (SELECT MIN(position) FROM (SELECT position "
            "FROM names WHERE key = ?1 UNION ALL SELECT position FROM programs WHERE id = ?1 "
            "UNION ALL SELECT position FROM programs WHERE name_order = ?1 || char(0) || ?1))",
            (lookup_key(name),),
        ).fetchone()
        if row is None:
            return None
        program, sections = program_from(row[0]), _sections(connection)
        check_programs((program,))
        check_sections(sections, None)  # the other programs, which a conflict may be about, are not read
        return Dataset((program,), **sections)


def check_count(connection: sqlite3.Connection, bodies: int | None = None) -> int:
    """How many programs were written; Unusable unless each table holds them all (``bodies``:
    the rows read of the blobs, when all were read): SQLite reads what is left of a damaged
    table as if it were all, and a cache that lost rows is not a smaller data set. A query
    joins the blobs to the columns with a LEFT JOIN, so that a blob missing there is a NULL,
    which fails its check."""
    (count,) = connection.execute("SELECT count FROM source").fetchone()
    (columns,) = connection.execute("SELECT count(*) FROM programs").fetchone()  # its narrow index
    if bodies is None:
        (last,) = connection.execute("SELECT max(position) FROM bodies").fetchone()
        bodies = -1 if last is None else last + 1
    if not bodies == columns == count:
        raise Unusable(f"{min(bodies, columns)} programs where {count} were written")
    return int(count)


def read_sections(path: Path, key: str) -> dict[str, Any]:
    """The data set's parts other than its programs, checked; Unusable as :func:`read` says.
    The programs stay in the cache, for queries (see :mod:`mlprog.dataset.cache_table`)."""
    with opened(path, key) as connection:
        check_count(connection)
        sections = _sections(connection)
        check_sections(sections, None)  # the programs, which a conflict may be about, are not read
        return sections


@contextlib.contextmanager
def opened(path: Path, key: str) -> Iterator[sqlite3.Connection]:
    """The cache at ``path``, open to read; Unusable if it is not the cache of ``key``, and on
    any failure to read it while open."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # a pipe would be waited on for ever
            raise Unusable("not a regular file")
    except OSError as exc:
        raise Unusable(str(exc)) from None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError) as exc:
        raise Unusable(str(exc)) from None
    try:
        (found,) = connection.execute("SELECT key FROM source").fetchone()
        if found != key:
            raise Unusable("stale")
        yield connection
    except (sqlite3.Error, TypeError, ValueError, EOFError, KeyError, IndexError, AttributeError) as exc:
        raise Unusable(f"unreadable: {exc}") from None
    finally:
        connection.close()


def _sections(connection: sqlite3.Connection) -> dict[str, Any]:
    (body,) = connection.execute("SELECT body FROM dataset").fetchone()
    values = _decode(marshal.loads(body))
    if not isinstance(values, dict) or set(values) != set(_SECTIONS):
        raise ValueError("the data set's sections are not this layout's")
    return values


def _decode(value: Any) -> Any:
    """Plain data back into the model's objects: a list is ``[class name, fields]``."""
    if isinstance(value, list):
        name, fields = value
        cls = _CLASSES[name]
        return cls(**{field: _decode(item) for field, item in fields.items()})
    if isinstance(value, tuple):
        return tuple(_decode(item) for item in value)
    if isinstance(value, dict):
        return {key: _decode(item) for key, item in value.items()}
    return value


# --- writing --------------------------------------------------------------------------


def write(path: Path, key: str, dataset: Dataset) -> bool:
    """Write the cache of ``dataset`` at ``path``, atomically; False when it cannot be written."""
    try:
        sections = marshal.dumps(_encode({name: getattr(dataset, name) for name in _SECTIONS}))
        columns = column_rows(dataset.programs)
    except (TypeError, ValueError):  # something this layout cannot hold: no cache, no harm
        return False
    # Each program's blobs are made as SQLite takes them, never all held at once: for 100,000
    # programs that is some 250 MB less at the peak of a first run.
    bodies = body_rows(dataset.programs), summary_rows(dataset.programs)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_orphans(path)
        temporary.unlink(missing_ok=True)
        with removed_if_interrupted(temporary):  # Ctrl-C runs no `except`: the handler removes it
            connection = sqlite3.connect(temporary)
            try:
                _fill(
                    connection,
                    key,
                    sections,
                    (len(dataset.programs), columns, bodies),
                    name_rows(dataset.programs),
                )
            finally:
                connection.close()
            os.replace(temporary, path)
        # The old data's JSON (see :mod:`mlprog.dataset.cache_texts`): of no use now, and large.
        texts_file(path).unlink(missing_ok=True)
    except (OSError, sqlite3.Error, TypeError, ValueError):  # ValueError, TypeError: a program
        with contextlib.suppress(OSError):  # this layout cannot hold (no cache, no harm)
            temporary.unlink(missing_ok=True)
        return False
    return True


def remove_orphans(path: Path) -> None:
    """Remove the temporary files of writers of this cache that were killed: named for a
    process (``.NAME.PID.tmp``) that no longer runs. A live writer's file is left alone."""
    prefix, suffix = f".{path.name}.", ".tmp"
    with contextlib.suppress(OSError):
        for leftover in path.parent.iterdir():
            pid = leftover.name.removeprefix(prefix).removesuffix(suffix)
            if leftover.name != f"{prefix}{pid}{suffix}" or not pid.isdigit() or _running(int(pid)):
                continue
            with contextlib.suppress(OSError):
                leftover.unlink()  # a link is removed, never its target


def _running(pid: int) -> bool:
    """Whether a process with this id runs (any process: a cache's writer or not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process, or not a process id at all
        return True
    return True


def _fill(
    connection: sqlite3.Connection,
    key: str,
    sections: bytes,
    programs: tuple[
        int, Iterable[tuple[Any, ...]], tuple[Iterable[tuple[Any, ...]], Iterable[tuple[Any, ...]]]
    ],
    names: Iterable[tuple[str, int]],
) -> None:
    count, columns, (bodies, summaries) = programs
    # Pages of 16 KB, not 4: a program's JSON and blobs take fewer pages, a fifth less time writing.
    connection.execute("PRAGMA page_size = 16384")
    connection.execute("PRAGMA journal_mode = OFF")  # a new file, renamed into place only when whole
    connection.execute("PRAGMA synchronous = OFF")
    # A file no other process reads until it is renamed, and indexes sorted in memory: a
    # quarter less time writing 100,000 programs.
    for pragma in ("locking_mode = EXCLUSIVE", "cache_size = -131072", "temp_store = MEMORY"):
        connection.execute(f"PRAGMA {pragma}")
    with connection:
        connection.execute("CREATE TABLE source (key TEXT NOT NULL, count INTEGER NOT NULL)")
        connection.execute("CREATE TABLE dataset (body BLOB NOT NULL)")
        # The columns apart from the blobs: a query that scans them reads a few megabytes, not all
        # the cards.
        connection.execute(f"CREATE TABLE programs ({DECLARED})")
        # Each blob in a table of its own or first in its row: SQLite reads a row's columns in
        # order, through every page of the ones before the one asked for.
        connection.execute("CREATE TABLE bodies (position INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        connection.execute("CREATE TABLE summaries (position INTEGER PRIMARY KEY, summary BLOB NOT NULL)")
        connection.execute("CREATE TABLE names (key TEXT NOT NULL, position INTEGER NOT NULL)")
        connection.execute("INSERT INTO source VALUES (?, ?)", (key, count))
        connection.execute("INSERT INTO dataset VALUES (?)", (sections,))
        connection.executemany(f"INSERT INTO programs VALUES ({', '.join('?' * WIDTH)})", columns)
        connection.executemany("INSERT INTO bodies VALUES (?, ?)", bodies)
        connection.executemany("INSERT INTO summaries VALUES (?, ?)", summaries)
        connection.executemany("INSERT INTO names VALUES (?, ?)", names)
        connection.execute("CREATE INDEX names_by_key ON names (key)")
        connection.execute("CREATE INDEX programs_by_id ON programs (id)")
        connection.execute("CREATE UNIQUE INDEX programs_by_place ON programs (place)")
        for name in INDEXED:
            connection.execute(f"CREATE INDEX programs_by_{name} ON programs ({name}, place)")


def _encode(value: Any) -> Any:
    """The model's objects as plain data that ``marshal`` holds (see :func:`_decode`)."""
    if isinstance(value, CheckedWhenRead):  # a page section of the bundled data: checked now
        value = tuple(value)
    cls = type(value)
    if _CLASSES.get(cls.__name__) is cls:
        names = getattr(cls, "_fields", None) or cls.__slots__
        return [cls.__name__, {name: _encode(getattr(value, name)) for name in names}]
    if isinstance(value, tuple):
        return tuple(_encode(item) for item in value)
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot cache a {cls.__name__}")
