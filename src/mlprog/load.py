"""Load the data in use: a named file, or the bundled data with the user's programs over it.

:func:`load_dataset` raises :class:`~mlprog.errors.DataError` carrying every
problem found (see :mod:`mlprog.build`); :func:`check_files` returns them for
``mlprog validate``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .build import build_dataset
from .errors import DataError, MlprogError, Problem
from .model import Dataset
from .overlay import bundled_with_overlay, user_programs_file, with_source
from .reading import Unreadable, bundled_data_path, explicit_data_path, read_data_document


def load_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Read and validate the data in use; raise DataError listing every problem.

    A file named here or by ``$MLPROG_DATA`` is used on its own. Otherwise the
    bundled data is used, with the user's own programs file (see
    :mod:`mlprog.paths`) laid over it when there is one: new ids are added, and
    an existing id's fields are replaced by the ones the user gives.
    """
    explicit = explicit_data_path(path)
    if explicit is not None:
        dataset, problems = read_and_build(explicit)
        if problems or dataset is None:
            raise DataError(str(explicit), problems)
        return _with_outcomes(with_source(dataset, "file", None))
    dataset, problems, failing = bundled_with_overlay(bundled_data_path(), user_programs_file())
    if problems or dataset is None:
        from .locate import with_lines

        raise DataError(str(failing), with_lines(failing, problems))
    return _with_outcomes(dataset)


def _with_outcomes(dataset: Dataset) -> Dataset:
    """The programs with the College Scorecard figures the user imported, if any."""
    from .paths import user_paths

    try:
        imported = user_paths().scorecard_file
    except MlprogError:
        return dataset  # no folders to find: nothing imported
    if not imported.exists():
        return dataset
    from .scorecard import RETURN_PROFILE, attach
    from .scorecard_store import open_store

    store = open_store(imported)
    if store is None:
        return dataset
    profiles = dataset.profiles
    if not any(p.id == RETURN_PROFILE.id for p in profiles):
        profiles = (*profiles, RETURN_PROFILE)
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
            from .locate import with_lines

            problems = with_lines(user_file, problems)
        results.append((user_file, problems if failing == user_file else []))
    return results


def read_and_build(path: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read a data file and build its data set; the problems (each on its line) if it is not clean."""
    try:
        document = read_data_document(path)
    except Unreadable as exc:
        return None, [Problem("", exc.reason)]
    dataset, problems = build_dataset(document, str(path))
    if problems:
        from .locate import with_lines

        problems = with_lines(path, problems)
    return dataset, problems


def check_file(path: str | os.PathLike[str] | None = None) -> tuple[Path, list[Problem]]:
    """Validate one data file on its own, without raising: the path checked and its problems."""
    from .reading import resolve_data_path

    resolved = resolve_data_path(path)
    return resolved, read_and_build(resolved)[1]
