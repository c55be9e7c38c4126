"""Each program's JSON, kept beside the data cache by the first whole list and read by the next:
never by the first run, never half a file, never another data set's."""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import snapshot
from mlprog.answers.selection import choose
from mlprog.criteria import Criteria
from mlprog.dataset import cache as datacache
from mlprog.dataset import cache_table, cache_texts
from mlprog.dataset.cache_table import CachedPrograms, Query
from mlprog.formats import write_json_array, write_json_texts
from mlprog.model import Dataset, Lab, Meta, Program


def _programs(count: int, city: str = "Austin") -> tuple[Program, ...]:
    return tuple(
        Program(
            f"p{n}",
            n,
            f"Université {n}",
            city,
            "CA",
            "public",
            1000 * n,
            50.0,
            labs=(Lab("Vision Lab", "robots"),) if n % 2 else (),
            source="file",
        )
        for n in range(1, count + 1)
    )


def _cached(folder: Path, given: Sequence[Program], key: str = "a key") -> CachedPrograms:
    path = folder / "cache.sqlite"
    assert datacache.write(path, key, Dataset(tuple(given), Meta(source_name="Generated")))

    def refuse() -> Sequence[Program]:
        raise AssertionError("the cache is whole: nothing should load the files")

    return CachedPrograms(path, key, summaries=False, fallback=refuse, attach=None)


def _made(given: Sequence[Program]) -> str:
    """The JSON array the Python path writes of these programs."""
    out = io.StringIO()
    write_json_array((p.as_dict() for p in given), out)
    return out.getvalue()


def _written(cached: CachedPrograms, query: Query | None = None) -> str:
    out = io.StringIO()
    write_json_texts(cached.json_texts(query or Query()), out)
    return out.getvalue()


def _nothing_built(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(body: bytes) -> Program:
        raise AssertionError("a program was built: the stored JSON should have been written")

    monkeypatch.setattr(cache_table, "program_from", refuse)


def test_the_first_whole_list_keeps_the_json_and_the_next_writes_it_as_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = _programs(5)
    cached = _cached(tmp_path, given)
    stored = datacache.texts_file(cached.path)
    assert not stored.exists()  # the first run (the cache written) encodes nothing
    assert _written(cached, Query(limit=2)) == _made(given[:2])
    assert _written(cached, Query("state = ?", ("CA",))) == _made(given)
    assert not stored.exists()  # only a list of every program keeps the JSON
    assert _written(cached) == _made(given)
    assert stored.exists()
    _nothing_built(monkeypatch)
    assert _written(cached) == _made(given)
    assert _written(cached, Query(order="place DESC", limit=2)) == _made(given[:-3:-1])


def test_the_selection_writes_the_same_json_before_and_after_it_is_kept(tmp_path: Path) -> None:
    cached = _cached(tmp_path, _programs(4))
    selection = choose(Dataset(cached), Criteria())
    before, after = io.StringIO(), io.StringIO()
    for out in (before, after):
        texts = selection.json_texts(None)
        assert texts is not None
        write_json_texts(texts, out)
    assert before.getvalue() == after.getvalue() == _made(_programs(4))


@pytest.mark.parametrize("stop", ["list stopped", "rename refused"])
def test_a_list_that_does_not_end_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    given = _programs(5)
    cached = _cached(tmp_path, given)
    before = snapshot(tmp_path)
    monkeypatch.setattr(cache_table, "_BATCH", 2)  # three batches: the file is under way after one
    if stop == "list stopped":  # as `| head` does: the reader goes away after the first batch
        texts = cached.json_texts(Query())
        assert next(texts).startswith('{"id":"p1"')
        texts.close()
    else:

        def refuse(*_: object) -> None:
            raise OSError("no room")

        monkeypatch.setattr(cache_texts.os, "replace", refuse)
        assert _written(cached) == _made(given)  # the list is written all the same
    assert snapshot(tmp_path) == before  # no texts file, no temporary file


def test_another_data_sets_json_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = _cached(tmp_path, _programs(3), key="the old key")
    _written(old)
    kept = tmp_path / "kept"
    shutil.copy(datacache.texts_file(old.path), kept)
    new = _cached(tmp_path, _programs(3, city="Boston"), key="the new key")
    assert not datacache.texts_file(new.path).exists()  # a new cache removes the old one's JSON
    shutil.copy(kept, datacache.texts_file(new.path))  # as if a writer of the old data renamed it late
    assert _written(new) == _made(_programs(3, city="Boston"))  # built, not read from the old file
    _nothing_built(monkeypatch)
    assert _written(new) == _made(_programs(3, city="Boston"))  # and the JSON kept is the new data's


def test_a_kept_file_short_of_programs_is_not_used(tmp_path: Path) -> None:
    cached = _cached(tmp_path, _programs(4))
    _written(cached)
    with sqlite3.connect(datacache.texts_file(cached.path)) as connection:
        connection.execute("DELETE FROM texts WHERE position = 3")
    connection.close()
    assert _written(cached) == _made(_programs(4))  # built again, and kept whole
    assert _written(cached) == _made(_programs(4))
