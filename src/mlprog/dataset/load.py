"""Load the data in use: a named file, or the bundled data with the user's programs over it.

:func:`load_dataset` raises :class:`~mlprog.errors.DataError` carrying every
problem found (see :mod:`mlprog.dataset.build`); :func:`check_files` returns them for
``mlprog validate``.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DataError, MlprogError, Problem, UsageError
from ..files.reading import Unreadable, bundled_data_path, explicit_data_path, is_stdin, read_data_document
from ..model import Dataset, Profile, Program
from .build import build_dataset
from .overlay import bundled_with_overlay, user_programs_file

if TYPE_CHECKING:
    from ..scorecard.store import Store

#: Data smaller than this is parsed on every run: at this size parsing takes about 0.05 s,
#: less than importing sqlite3 and opening a cache, which the smaller data never pays.
CACHE_MIN_BYTES = 512 * 1024


def load_dataset(
    path: str | os.PathLike[str] | None = None,
    *,
    name: str | None = None,
    summaries: bool = False,
    imported: bool = True,
    queryable: bool = False,
) -> Dataset:
    """Read and validate the data in use; raise DataError listing every problem.

    A file named here or by ``$MLPROG_DATA`` is used on its own. Otherwise the
    bundled data is used, with the user's own programs file (see
    :mod:`mlprog.files.paths`) laid over it when there is one: new ids are added, and
    an existing id's fields are replaced by the ones the user gives.

    Large data is read from its cache when the cache is fresh (see
    :mod:`mlprog.dataset.cache`). With ``name``, the data set may hold only the
    program of that exact name (id, alias or full name), when the cache can
    find it without loading the others; ``show`` asks that way. With
    ``summaries``, the programs may hold only their ranking fields, their
    details empty (see :data:`mlprog.dataset.cache_rows.SUMMARY_KEPT`), for a caller
    that shows none of them: a ranking table. ``imported=False`` leaves out the
    user's College Scorecard import (the import itself, which must not depend on
    the file it replaces). With ``queryable``, the programs of a fresh cache (or
    of the one this call has just written) may stay in it, as a
    :class:`~mlprog.dataset.cache_table.CachedPrograms` that a selection queries
    in SQLite (see :mod:`mlprog.answers.in_database`); read as a sequence, it
    loads them all.
    """
    explicit = explicit_data_path(path)
    user_file = None if explicit is not None else user_programs_file()
    sources = [explicit] if explicit is not None else [bundled_data_path(), *filter(None, [user_file])]
    with _collector_paused():
        cache = _cache_for(sources)
        if cache is not None and queryable and name is None:
            left = _left_in_cache(*cache, summaries, lambda: _built(explicit, user_file).programs, imported)
            if left is not None:
                return left
        if cache is not None:
            cached = _from_cache(*cache, name, summaries and not queryable)
            if cached is not None:
                return _with_outcomes(cached) if imported else cached
        dataset = _built(explicit, user_file)
        if cache is not None:
            from .cache import write

            if write(*cache, dataset) and queryable and name is None:
                # Answered from the cache just written, as the next run will be: SQLite selects
                # in a few milliseconds what the Python path takes half a second over 100,000
                # programs for, and the answer reads back (and checks) the rows it shows.
                left = _left_in_cache(*cache, summaries, lambda: dataset.programs, imported)
                if left is not None:
                    return left
    return _with_outcomes(dataset) if imported else dataset


def _built(explicit: Path | None, user_file: Path | None) -> Dataset:
    """The data set parsed and checked from its files; DataError listing every problem."""
    if explicit is not None:
        dataset, problems = read_and_build(explicit, source="file")
        if problems or dataset is None:
            raise DataError(str(explicit), problems)
        return dataset
    dataset, problems, failing = bundled_with_overlay(bundled_data_path(), user_file)
    if problems or dataset is None:
        from ..files.locate import with_lines

        raise DataError(str(failing), with_lines(failing, problems))
    return dataset


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Build the data set with Python's cyclic garbage collector paused, then set it aside.

    The data set holds no reference cycles, but the collector would walk all of
    it again and again while it is built and while the output is made (with
    100,000 programs, ``rank --json`` spent more than half its time there).
    ``gc.freeze`` keeps what is loaded out of every later collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _cache_for(sources: list[Path]) -> tuple[Path, str] | None:
    """Where the cache of these files is and the key it must have; None when they are small
    (or read from standard input, which has no date or size to key a cache by)."""
    if any(is_stdin(source) for source in sources):
        return None
    total = 0
    for source in sources:
        with contextlib.suppress(OSError):  # a missing file: the loader says so
            total += source.stat().st_size
    if total < CACHE_MIN_BYTES:
        return None
    from ..files.paths import user_paths
    from .cache import cache_file, source_key

    try:
        return cache_file(user_paths().cache_dir, sources), source_key(sources)
    except (MlprogError, OSError):  # no cache folder to find, a file gone: load without a cache
        return None


def _from_cache(path: Path, key: str, name: str | None, summaries: bool) -> Dataset | None:
    from .cache import Unusable, read, read_one

    try:
        if name is not None:
            return read_one(path, key, name) or read(path, key)
        return read(path, key, summaries=summaries)
    except Unusable:
        return None


def _left_in_cache(
    path: Path, key: str, summaries: bool, fallback: Callable[[], Sequence[Program]], imported: bool
) -> Dataset | None:
    """The data set with its programs left in the cache, to be queried; None if it is unusable."""
    from .cache import Unusable, read_sections
    from .cache_table import CachedPrograms

    try:
        sections = read_sections(path, key)
    except Unusable:
        return None
    store = _imported() if imported else None
    attach = None
    if store is not None:
        store.connection.close()  # opened again for each set of programs built
        sections["profiles"] = _with_return_profile(sections["profiles"])
        attach = _attach_outcomes
    programs = CachedPrograms(path, key, summaries=summaries, fallback=fallback, attach=attach)
    return Dataset(programs, **sections)


def _attach_outcomes(programs: Sequence[Program]) -> Sequence[Program]:
    """These programs with the College Scorecard figures the user imported (see
    :func:`_with_outcomes`)."""
    store = _imported()
    if store is None:  # removed since: no figures, as a run that started now would find
        return programs
    from ..scorecard.outcomes import attach

    with contextlib.closing(store.connection):
        return attach(programs, store)


def _with_return_profile(profiles: tuple[Profile, ...]) -> tuple[Profile, ...]:
    from ..scorecard.outcomes import RETURN_PROFILE

    if any(p.id == RETURN_PROFILE.id for p in profiles):
        return profiles
    return (*profiles, RETURN_PROFILE)


def _imported() -> Store | None:
    """The user's College Scorecard import, open; None when there is none."""
    from ..files.paths import is_there, user_paths

    try:
        imported = user_paths().scorecard_file
    except MlprogError:
        return None  # no folders to find: nothing imported
    if not is_there(imported):
        return None
    from ..scorecard.store import open_store

    return open_store(imported)


def with_unranked(dataset: Dataset, *, asked: bool = True) -> Dataset:
    """The data set with the institutions the page does not rank, from the user's Scorecard import,
    after its programs (see :mod:`mlprog.scorecard.unranked`).

    ``asked`` (--unranked): with nothing imported, a usage error says so;
    otherwise the data set comes back as it was.
    """
    added = unranked_programs(dataset.programs)
    if added is None:
        if asked:
            raise UsageError(
                "--unranked lists the institutions of a College Scorecard import that the page does "
                "not rank, and nothing is imported; see 'mlprog import scorecard --help'"
            )
        return dataset
    return dataset._replace(programs=(*dataset.programs, *added))


def unranked_programs(ranked: Sequence[Program], names: Sequence[str] = ()) -> list[Program] | None:
    """The institutions of the user's Scorecard import that are none of these programs; None
    when nothing is imported.

    With ``names``, when each is an institution's id or whole name, only those
    are built (an index lookup); otherwise all of them, for the partial names
    and the suggestions.
    """
    store = _imported()
    if store is None:
        return None
    from ..scorecard.unranked import programs

    names_of = [p.name for p in ranked]
    with contextlib.closing(store.connection):
        exact = [list(store.institutions(names_of, named=name)) for name in names]
        if exact and all(exact):
            entries = list({entry["id"]: entry for found in exact for entry in found}.values())
        else:
            entries = list(store.institutions(names_of))
        return programs(entries, store.source, ranked)


def widened(dataset: Dataset, names: Iterable[str]) -> Dataset:
    """The data set, with the unranked institutions added when a name is no program's and a
    College Scorecard import may hold it (the lookup itself is left to the caller)."""
    from ..errors import AmbiguousProgram, ProgramNotFound
    from ..query import find_program

    ids = {program.id for program in dataset.programs}
    missing = []
    for name in names:
        if name in ids:
            continue
        try:
            find_program(dataset.programs, name)
        except ProgramNotFound:
            missing.append(name)
        except AmbiguousProgram:
            continue  # the caller says so
    added = unranked_programs(dataset.programs, missing) if missing else None
    return dataset._replace(programs=(*dataset.programs, *added)) if added else dataset


def load_for(data: str | os.PathLike[str] | None, names: Iterable[str]) -> Dataset:
    """The data in use, able to find every one of these names (see :func:`widened`)."""
    return widened(load_dataset(data), names)


def _with_outcomes(dataset: Dataset) -> Dataset:
    """The programs with the College Scorecard figures the user imported, if any."""
    store = _imported()
    if store is None:
        return dataset
    from ..scorecard.outcomes import attach

    profiles = _with_return_profile(dataset.profiles)
    with contextlib.closing(store.connection):
        programs = attach(dataset.programs, store)
    return dataset._replace(programs=programs, profiles=profiles)


def check_files(path: str | os.PathLike[str] | None = None) -> list[tuple[Path, list[Problem]]]:
    """Validate without raising: each file checked, with its problems.

    A named file is checked on its own; otherwise the bundled data, and the
    user's programs file as laid over it, if there is one.
    """
    explicit = explicit_data_path(path)
    if explicit is not None:
        return [(explicit, read_and_build(explicit)[1])]
    bundled = bundled_data_path()
    results = [(bundled, read_and_build(bundled)[1])]
    user_file = user_programs_file()
    if user_file is not None:
        _, problems, failing = bundled_with_overlay(bundled, user_file)
        if failing == user_file and problems:
            from ..files.locate import with_lines

            problems = with_lines(user_file, problems)
        results.append((user_file, problems if failing == user_file else []))
    return results


def read_and_build(path: Path, source: str = "bundled") -> tuple[Dataset | None, list[Problem]]:
    """Read a data file and build its data set, each program of this ``source``; the problems (each
    on its line) if it is not clean."""
    try:
        document = read_data_document(path)
    except Unreadable as exc:
        return None, [Problem("", exc.reason)]
    dataset, problems = build_dataset(document, str(path), source)
    if problems:
        from ..files.locate import with_lines

        problems = with_lines(path, problems)
    return dataset, problems
