"""The programs of a data cache, asked where they lie: SQLite filters, sorts and limits them, and
Python builds only the programs it shows.

:func:`mlprog.dataset.load.load_dataset` gives a :class:`CachedPrograms` in place of the
tuple of programs when its caller asks for one (``queryable``) and the data has a fresh
cache. It is a sequence like the tuple: anything that reads it as one (a lookup, a
shortlist, a chart's axis) loads every program, as before. A selection asks it instead
(see :mod:`mlprog.answers.in_database`): :meth:`CachedPrograms.rows` builds the programs a
query finds, in its order, each checked as :func:`~mlprog.dataset.cache.read` checks them,
and :meth:`CachedPrograms.json_texts` gives their JSON, checked against its CRC, without
building them at all.

The columns a query may name are :data:`~mlprog.dataset.cache.COLUMNS` (as the program
holds them), :data:`~mlprog.dataset.cache.ORDER_COLUMNS` (text sort keys) and ``place``
(the program's place in ranking order).
"""

from __future__ import annotations

import contextlib
import operator
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from ..errors import MlprogError
from ..model import NamedTuple, Program
from .cache import Unusable, check_count, opened, texts_file
from .cache_check import check_programs
from .cache_columns import COLUMNS, program_json
from .cache_rows import SUMMARY, program_from
from .cache_texts import SCHEMA, attach, kept

#: Rows read and checked at a time when their JSON is written as it comes.
_BATCH = 2000
_first = operator.itemgetter(0)
_second = operator.itemgetter(1)
#: A program's values of the columns, as a query reads them after its blob.
_COLUMNS_OF = operator.attrgetter(*COLUMNS)


class Query(NamedTuple):
    """A query of the cached programs: SQL conditions over the columns, the order, a limit."""

    where: str = "1"
    params: tuple[Any, ...] = ()
    order: str = "place"
    limit: int | None = None

    def sql(self, selected: str, *joined: str) -> tuple[str, tuple[Any, ...]]:
        """The SELECT of ``selected`` (columns of ``programs`` and of the ``joined`` tables,
        ``bodies``, ``summaries`` or the stored ``texts``) and its parameters."""
        join = "".join(f" LEFT JOIN {table} USING (position)" for table in joined)
        text = f"SELECT {selected} FROM programs{join} WHERE {self.where} ORDER BY {self.order}"
        if self.limit is None:
            return text, self.params
        return f"{text} LIMIT ?", (*self.params, self.limit)


Attach = Callable[[Sequence[Program]], Sequence[Program]]


class CachedPrograms(Sequence[Program]):
    """The programs of a fresh cache, left in it until asked for (see the module's text)."""

    def __init__(
        self,
        path: Path,
        key: str,
        *,
        summaries: bool,
        fallback: Callable[[], Sequence[Program]],
        attach: Attach | None,
    ) -> None:
        self.path = path
        self.key = key
        #: Built with only the ranking fields (``cache_rows.SUMMARY_KEPT``), unless a query asks for more.
        self.summaries = summaries
        #: The user's College Scorecard figures attached to each program built (None: nothing imported).
        self.attach = attach
        self._fallback = fallback
        self._all: Sequence[Program] | None = None

    # --- a sequence: every program, loaded once, on first use ------------------------------

    def loaded(self) -> Sequence[Program]:
        """Every program, read from the cache (or from the files if the cache is unusable now)."""
        if self._all is None:
            from .cache import read

            try:
                programs: Sequence[Program] = read(self.path, self.key, summaries=self.summaries).programs
            except Unusable:
                programs = self._fallback()
            else:
                if self.attach is not None:
                    programs = self.attach(programs)
            self._all = tuple(programs)
        return self._all

    def __len__(self) -> int:
        return len(self.loaded())

    @overload
    def __getitem__(self, index: int) -> Program: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Program]: ...

    def __getitem__(self, index: int | slice) -> Program | Sequence[Program]:
        return self.loaded()[index]

    def __iter__(self) -> Iterator[Program]:
        return iter(self.loaded())

    def __eq__(self, other: object) -> bool:
        return tuple(self.loaded()) == (tuple(other) if isinstance(other, Sequence) else other)

    __hash__ = None  # type: ignore[assignment]  # a sequence that compares by content

    # --- queries ---------------------------------------------------------------------------

    def rows(self, query: Query, *, full: bool = False) -> list[Program]:
        """The programs the query finds, in its order: summaries unless ``full`` (or the data set
        was loaded whole), each checked, its columns compared with it; Unusable on any fault."""
        programs: list[Program] = []
        with opened(self.path, self.key) as connection:
            check_count(connection)
            for _, built in self._batches(connection, query, full=full):
                programs += built
        if self.attach is not None and programs:
            return list(self.attach(programs))
        return programs

    def _batches(
        self, connection: sqlite3.Connection, query: Query, *, full: bool
    ) -> Iterator[tuple[list[int], list[Program]]]:
        """The programs the query finds, built and checked a batch at a time (as :meth:`rows`
        says), each batch with their positions in the data."""
        summaries = self.summaries and not full
        blob, joined = (SUMMARY, ("bodies", "summaries")) if summaries else ("bodies.body", ("bodies",))
        names = ", ".join(f"programs.{name}" for name in COLUMNS)
        text, params = query.sql(f"{blob}, programs.position, {names}", *joined)
        ids: set[str] = set()
        # A batch at a time, so that the rows SQLite returns and the checks' columns are never
        # all held beside the programs: for a chart of 100,000 that is some 90 MB less at the peak.
        cursor = connection.execute(text, params)
        while found := cursor.fetchmany(_BATCH):
            try:
                built = list(map(program_from, map(_first, found)))
                batch_ids = check_programs(built)
            except (ValueError, TypeError, EOFError, AttributeError) as exc:  # a blob missing or damaged
                raise Unusable(f"unreadable: {exc}") from None
            if not ids.isdisjoint(batch_ids):
                raise Unusable("unreadable: two programs with one id")
            ids |= batch_ids
            # Each program's columns are its card's: SQLite chose by them, and what it chose is shown.
            if list(map(_COLUMNS_OF, built)) != [row[2:] for row in found]:
                raise Unusable("a program's columns are not its card's")
            yield list(map(_second, found)), built

    def unranked(self, query: Query) -> int:
        """How many of the programs the query finds the page does not rank."""
        text, params = query.sql("programs.rank AS rank")
        with opened(self.path, self.key) as connection:
            found = connection.execute(f"SELECT count(*) FROM ({text}) WHERE rank IS NULL", params).fetchone()
        return int(found[0])

    def json_texts(self, query: Query) -> Iterator[str]:
        """The found programs' JSON objects, as ``Program.as_dict`` makes them and
        ``formats.write_json_array`` encodes them (before control characters are escaped), a
        batch at a time: each text is one or more whole objects, comma-separated. Memory holds
        one batch.

        Once a whole list has been written, the JSON is stored (see
        :mod:`mlprog.dataset.cache_texts`), and nothing is built: each batch is checked
        against its CRCs before it is given. Until then the programs are built, checked as
        :meth:`rows` checks them, and encoded; a list of every program keeps its JSON. A fault
        found (the cache damaged or edited since it was opened) raises MlprogError, after the
        cache is removed so that the next run builds it again.
        """
        try:
            with opened(self.path, self.key) as connection:
                count = check_count(connection)
                if attach(connection, self.path, self.key, count):
                    text, params = query.sql(f"{SCHEMA}.texts.json, {SCHEMA}.texts.crc", f"{SCHEMA}.texts")
                    cursor = connection.execute(text, params)
                    while batch := cursor.fetchmany(_BATCH):
                        blobs, crcs = zip(*batch, strict=True)
                        if list(map(zlib.crc32, blobs)) != list(crcs):
                            raise Unusable("a program's JSON is not what was written")
                        yield b",".join(blobs).decode("utf-8", "surrogatepass")
                    return
                whole = query.where == "1" and query.limit is None
                with kept(self.path, self.key, count) if whole else contextlib.nullcontext() as keeper:
                    for positions, built in self._batches(connection, query, full=True):
                        crcs, blobs = zip(*map(program_json, built), strict=True)
                        if keeper is not None:
                            keeper.add(zip(positions, crcs, blobs, strict=True))
                        yield b",".join(blobs).decode("utf-8", "surrogatepass")
        except (Unusable, TypeError, UnicodeDecodeError) as exc:
            raise self.damaged(exc) from None

    def damaged(self, exc: Exception) -> MlprogError:
        """The error of a cache found damaged once its answer has begun (too late to read the
        files instead): the cache is removed, so that the next run builds it again."""
        with contextlib.suppress(OSError):  # rebuildable: mlprog's own, never the user's
            self.path.unlink(missing_ok=True)
            texts_file(self.path).unlink(missing_ok=True)
        return MlprogError(
            f"the data cache {self.path} turned out damaged while it was read ({exc}); it is "
            "removed, and the next run builds it again"
        )
