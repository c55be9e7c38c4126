"""The cache of large data files: the same data back, rebuilt when stale or broken, never in the way."""

from __future__ import annotations

import json
import marshal
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke, program_entry
from mlprog.dataset import cache as datacache
from mlprog.dataset import load
from mlprog.dataset.cache_rows import SUMMARY_KEPT
from mlprog.dataset.load import load_dataset
from mlprog.errors import DataError
from mlprog.files.paths import user_paths
from mlprog.files.reading import bundled_data_path
from mlprog.formats import write_json, write_json_array
from mlprog.model import Dataset, Program

WriteData = Callable[..., Path]


@pytest.fixture
def always_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache data of any size, so small test files take the path a large file takes."""
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)


def _same(one: Dataset, other: Dataset) -> bool:
    """Equal data sets: programs field by field, the page's sections (plain classes) as data."""
    return one.programs == other.programs and datacache._encode(one._replace(programs=())) == (
        datacache._encode(other._replace(programs=()))
    )


def _caches() -> list[Path]:
    folder = user_paths().cache_dir / "data"
    return sorted(folder.glob("*.sqlite")) if folder.exists() else []


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a data file cannot be parsed: only the cache can answer."""

    def refuse(*_: object) -> None:
        raise AssertionError("the data file was parsed; the cache should have answered")

    monkeypatch.setattr(load, "read_and_build", refuse)
    monkeypatch.setattr(load, "bundled_with_overlay", refuse)


def _detailed(n: int) -> dict[str, object]:
    return program_entry(
        n,
        aliases=[f"tu{n}"],
        overview="Two years; a thesis.",
        degrees=[{"name": "MS", "duration": "2 years"}, {"name": "PhD"}],
        labs=[{"name": "Vision Lab", "focus": "robots"}],
        faculty=[{"name": "Ada Lovelace"}],
        industry_partners=["Amazon"],
        delivery=["online"],
    )


def test_the_bundled_data_comes_back_from_a_cache_unchanged(tmp_path: Path, bundled: Dataset) -> None:
    path = tmp_path / "cache.sqlite"
    key = datacache.source_key([bundled_data_path()])
    assert datacache.write(path, key, bundled)

    again = datacache.read(path, key)

    assert again.programs == bundled.programs  # every field of every program, nested ones included
    assert [type(p.degrees[0]) for p in again.programs if p.degrees] == [
        type(p.degrees[0]) for p in bundled.programs if p.degrees
    ]
    for section in ("meta", "path", "employer_benefits", "profiles"):
        assert getattr(again, section) == getattr(bundled, section)
    for section in ("conflicts", "careers", "top_states", "guide"):  # plain classes: compared as data
        assert datacache._encode(getattr(again, section)) == datacache._encode(getattr(bundled, section))
        assert [type(item) for item in getattr(again, section)] == [
            type(item) for item in getattr(bundled, section)
        ]


def test_a_second_load_is_answered_by_the_cache(
    write_data: WriteData, always_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_data([_detailed(n) for n in range(1, 6)])
    first = load_dataset(path)
    assert len(_caches()) == 1

    _no_parsing(monkeypatch)
    second = load_dataset(path)

    assert _same(second, first)
    assert second.programs[0].labs[0].focus == "robots"
    assert {p.source for p in second.programs} == {"file"}


def test_small_data_is_not_cached(write_data: WriteData) -> None:
    load_dataset(write_data([program_entry(1)]))
    load_dataset()
    assert _caches() == []


def test_a_changed_file_is_read_again(write_data: WriteData, always_cache: None) -> None:
    path = write_data([program_entry(1, tuition=20000), program_entry(2)])
    assert load_dataset(path).programs[0].tuition == 20000
    stamp = path.stat().st_mtime_ns
    path.write_text(path.read_text().replace("20000", "30000"), encoding="utf-8")
    os.utime(
        path, ns=(stamp + 1_000_000, stamp + 1_000_000)
    )  # same size: only the time tells, as after any edit

    assert load_dataset(path).programs[0].tuition == 30000
    assert len(_caches()) == 1  # rebuilt in place, not beside


def test_the_users_programs_file_over_the_bundled_data_is_cached_as_one(
    always_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_file = user_paths().programs_file
    user_file.parent.mkdir(parents=True)
    user_file.write_text(
        '[[programs]]\nid = "cmu"\ntuition = 1\n\n'
        + "\n".join(
            f"[[programs]]\n{k} = {json.dumps(v)}" if k == "id" else f"{k} = {json.dumps(v)}"
            for k, v in program_entry(99).items()
        )
        + "\n",
        encoding="utf-8",
    )
    first = load_dataset()
    _no_parsing(monkeypatch)
    second = load_dataset()
    assert _same(second, first)
    by_id = {p.id: p for p in second.programs}
    assert (by_id["cmu"].tuition, by_id["cmu"].source, by_id["prog99"].source) == (1, "user_override", "user")


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100, "truncate"])
def test_a_broken_cache_is_rebuilt(write_data: WriteData, always_cache: None, damage: bytes | str) -> None:
    path = write_data([_detailed(n) for n in range(1, 4)])
    expected = load_dataset(path)
    (cache,) = _caches()
    if damage == "truncate":
        with cache.open("r+b") as file:
            file.truncate(cache.stat().st_size // 2)
    else:
        assert isinstance(damage, bytes)
        cache.write_bytes(damage)

    assert _same(load_dataset(path), expected)
    assert _same(datacache.read(cache, datacache.source_key([path])), expected)  # whole again


def test_a_cache_that_lost_rows_is_rebuilt_not_read_as_fewer_programs(
    write_data: WriteData, always_cache: None
) -> None:
    path = write_data([_detailed(n) for n in range(1, 6)])
    expected = load_dataset(path)
    (cache,) = _caches()
    with sqlite3.connect(cache) as connection:  # SQLite reads what is left as if it were all
        connection.execute("DELETE FROM programs WHERE position > 1")
    connection.close()
    assert _same(load_dataset(path), expected)
    assert len(datacache.read(cache, datacache.source_key([path])).programs) == 5  # whole again


@pytest.mark.parametrize("name", [None, "prog2"])  # the whole data set; one program, as show asks
def test_a_pipe_in_place_of_the_cache_is_never_waited_on(
    write_data: WriteData, always_cache: None, name: str | None
) -> None:
    path = write_data([_detailed(n) for n in range(1, 4)])
    expected = load_dataset(path)
    (cache,) = _caches()
    cache.unlink()
    os.mkfifo(cache)  # opening a pipe to read waits for a writer: for ever
    # In a process of its own, so that a return of the bug fails the test instead of hanging it.
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_ONE, str(path), name or ""], capture_output=True, timeout=60, check=False
    )
    assert loaded.returncode == 0, loaded.stderr
    assert [p.id for p in expected.programs if not name or p.id == name] == json.loads(loaded.stdout)


LOAD_ONE = """
import json, sys
from mlprog.dataset import load
load.CACHE_MIN_BYTES = 0
dataset = load.load_dataset(sys.argv[1], name=sys.argv[2] or None)
print(json.dumps([p.id for p in dataset.programs if not sys.argv[2] or p.id == sys.argv[2]]))
"""


def test_a_killed_writers_temporary_file_is_removed_and_a_live_ones_kept(
    write_data: WriteData, always_cache: None
) -> None:
    path = write_data([program_entry(1), program_entry(2)])
    load_dataset(path)
    (cache,) = _caches()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    leftovers = {
        int(dead.stdout): cache.with_name(f".{cache.name}.{int(dead.stdout)}.tmp"),  # ended
        os.getppid(): cache.with_name(f".{cache.name}.{os.getppid()}.tmp"),  # runs: a writer under way
    }
    for leftover in leftovers.values():
        leftover.write_bytes(b"partly written")
    cache.unlink()  # the next load writes the cache again
    load_dataset(path)
    assert sorted(p.name for p in cache.parent.iterdir()) == sorted(
        [cache.name, leftovers[os.getppid()].name]
    )


CTRL_C_WHILE_CACHING = """
import os, signal, sys
import mlprog.__main__ as entry  # its Ctrl-C handler: os._exit(130), no finally runs
from mlprog.dataset import cache as datacache, load

load.CACHE_MIN_BYTES = 0
fill = datacache._fill

def interrupted(*args):
    fill(*args)  # the temporary file is whole, not yet renamed
    os.kill(os.getpid(), signal.SIGINT)
    raise AssertionError("not interrupted")

datacache._fill = interrupted
sys.argv = ["mlprog", "rank", "--data", sys.argv[1]]
entry.main()
"""


def test_ctrl_c_while_the_cache_is_written_leaves_no_temporary_file(write_data: WriteData) -> None:
    path = write_data([_detailed(n) for n in range(1, 4)])
    stopped = subprocess.run(
        [sys.executable, "-c", CTRL_C_WHILE_CACHING, str(path)], capture_output=True, text=True, check=False
    )
    assert stopped.returncode == 130, stopped.stderr
    folder = user_paths().cache_dir / "data"
    assert folder.is_dir()  # the write had begun
    assert list(folder.iterdir()) == []


def test_a_cache_of_another_layout_is_rebuilt(write_data: WriteData, always_cache: None) -> None:
    path = write_data([program_entry(1), program_entry(2)])
    expected = load_dataset(path)
    (cache,) = _caches()
    with sqlite3.connect(cache) as connection:  # a program of fewer fields, under a key that matches
        connection.execute("UPDATE bodies SET body = ?", (marshal.dumps(("x", 1)),))
    connection.close()
    assert _same(load_dataset(path), expected)


def test_a_cache_folder_that_cannot_be_written_is_no_obstacle(
    write_data: WriteData, always_cache: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = write_data([program_entry(1)])
    assert load_dataset(path).programs[0].id == "prog1"
    assert blocker.read_text(encoding="utf-8") == "a file where the cache folder would be"


def test_data_with_problems_is_never_cached(write_data: WriteData, always_cache: None) -> None:
    path = write_data([program_entry(1, tuition=-5)])
    for _ in range(2):
        with pytest.raises(DataError, match="tuition"):
            load_dataset(path)
    assert _caches() == []


def test_show_reads_one_program_from_the_cache(
    write_data: WriteData, always_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    dashed = {**_detailed(6), "id": "state-u-6", "aliases": []}
    folded = {**_detailed(7), "name": "Texas A&M Université", "aliases": []}
    path = write_data(
        [*(_detailed(n) for n in range(1, 6)), dashed, folded], meta={"source_name": "Test page"}
    )
    load_dataset(path)
    _no_parsing(monkeypatch)
    # An id of letters and digits, a name of plain words, are found by their columns; an id with a
    # dash, a name with punctuation or accents, by their keys ("state u 6", "texas a m université").
    for name, found in [
        *((name, "prog3") for name in ("prog3", "PROG3", "TU3", "test university 3", " Test  University 3")),
        *((name, "state-u-6") for name in ("state-u-6", "State U 6", "state_u 6", "Test University 6")),
        *((name, "prog7") for name in ("Texas A&M Université", "texas a m UNIVERSITÉ", "prog7")),
    ]:
        one = load_dataset(path, name=name)
        assert [p.id for p in one.programs] == [found], name
        assert one.meta.source_name == "Test page"
    assert len(load_dataset(path, name="prog").programs) == 7  # no exact name: all, to say why
    assert len(load_dataset(path, name="texas a m universite").programs) == 7  # the accent counts


def test_show_through_the_cache_says_the_same(
    invoke: Invoke, write_data: WriteData, always_cache: None
) -> None:
    path = str(write_data([_detailed(n) for n in range(1, 6)]))
    cold = [invoke("show", "prog2", "--data", path), invoke("show", "nowhere", "--data", path)]
    warm = [invoke("show", "prog2", "--data", path), invoke("show", "nowhere", "--data", path)]
    assert [(r.exit_code, r.stdout, r.stderr) for r in warm] == [
        (r.exit_code, r.stdout, r.stderr) for r in cold
    ]
    assert "Vision Lab" in warm[0].stdout
    assert warm[1].exit_code == 1
    assert "nowhere" in warm[1].stderr


def _load_in_child(path: str, home: str) -> int:
    os.environ["XDG_CACHE_HOME"] = home
    load.CACHE_MIN_BYTES = 0
    return len(load_dataset(path).programs)


@pytest.mark.slow
def test_processes_building_the_cache_at_once_all_succeed(write_data: WriteData, tmp_path: Path) -> None:
    path = write_data([_detailed(n) for n in range(1, 200)])
    home = str(tmp_path / "shared-cache")
    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        counts = pool.starmap(_load_in_child, [(str(path), home)] * 12)
    assert counts == [199] * 12
    (cache,) = (Path(home) / "mlprog" / "data").glob("*.sqlite")
    assert len(datacache.read(cache, datacache.source_key([path])).programs) == 199
    assert not list((Path(home) / "mlprog" / "data").glob(".*.tmp"))  # no temporary left behind


@pytest.mark.parametrize("criteria", [(), ("--partner", "amazon")])
def test_rank_json_is_the_same_parsed_cold_and_warm(
    invoke: Invoke,
    write_data: WriteData,
    always_cache: None,
    monkeypatch: pytest.MonkeyPatch,
    criteria: tuple[str, ...],
) -> None:
    path = str(write_data([_detailed(n) for n in range(1, 30)]))
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 1 << 60)  # read whole: no cache
    parsed = invoke("rank", "--json", "--data", path, *criteria)
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)
    cold = invoke("rank", "--json", "--data", path, *criteria)  # the cache written, then asked
    warm = invoke("rank", "--json", "--data", path, *criteria)
    assert parsed.exit_code == cold.exit_code == warm.exit_code == 0
    assert warm.stdout == cold.stdout == parsed.stdout
    assert len(json.loads(warm.stdout)) == 29


@pytest.mark.parametrize("count", [0, 1, 2, 499, 500, 501, 1234])
def test_a_json_array_written_in_batches_is_the_array_written_whole(count: int, tmp_path: Path) -> None:
    records = [{"n": n, "text": "caf\u00e9 \x7f \u2028 \u202e", "more": [n, None, 1.5]} for n in range(count)]
    whole, batched = tmp_path / "whole", tmp_path / "batched"
    with whole.open("w", encoding="utf-8") as out:
        write_json(records, out)
    with batched.open("w", encoding="utf-8") as out:
        write_json_array(iter(records), out)
    assert batched.read_bytes() == whole.read_bytes()
    assert json.loads(batched.read_text(encoding="utf-8")) == records


def test_a_ranking_table_reads_summaries_and_says_the_same(
    invoke: Invoke, write_data: WriteData, always_cache: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write_data([_detailed(n) for n in range(1, 8)] + [program_entry(n) for n in range(8, 12)]))
    questions = [
        ("rank",),
        ("rank", "--partner", "amazon"),  # a detail criterion: the whole cards are read
        ("rank", "--search", "thesis", "--include-unknown"),
        ("rank", "--profile", "value"),
        ("rank", "--fields", "id,overview"),  # a table of details
        ("rank", "--sort", "tuition", "--limit", "3"),
    ]
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 1 << 60)  # read whole, every card built: no cache
    cold = [invoke(*q, "--data", path) for q in questions]
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)  # the first question writes the cache, all ask it
    warm = [invoke(*q, "--data", path) for q in questions]
    for question, before, after in zip(questions, cold, warm, strict=True):
        assert (after.exit_code, after.stdout, after.stderr) == (
            before.exit_code,
            before.stdout,
            before.stderr,
        ), question
    assert "Amazon" in warm[1].stdout
    assert "Two years; a thesis." in warm[4].stdout


def test_summaries_keep_the_ranking_fields_and_leave_the_details_empty(
    write_data: WriteData, always_cache: None
) -> None:
    path = write_data([_detailed(n) for n in range(1, 4)])
    whole = load_dataset(path)
    (cache,) = _caches()
    summaries = datacache.read(cache, datacache.source_key([path]), summaries=True)
    for full, summary in zip(whole.programs, summaries.programs, strict=True):
        for field in Program._fields:
            expected = getattr(full, field) if field in SUMMARY_KEPT else Program._field_defaults[field]
            assert getattr(summary, field) == expected, field
    assert whole.programs[0].labs  # the details were there to leave out


def test_each_programs_stored_json_is_what_as_dict_encodes(bundled: Dataset) -> None:
    """The cache makes each program's JSON without ``as_dict``; it must be that text, byte for
    byte, for every kind of program: the bundled ones, full cards, text that JSON escapes."""
    from mlprog.dataset.cache_columns import program_json

    made = [
        Program("x", None, 'Ünï «q» "\\" \x1f', None, None, None, None, None, aliases=("a", "b")),
        Program("y", 3, "Y", "Town", "CA", "public", 100, 9.5, 80, highlight="h", notes=("n",), source="x"),
        Program("z", 4, "Z", None, None, None, None, 1e-7, admissions_gpa="3.0", common_roles=("r",)),
    ]
    programs = [*bundled.programs, *made]
    assert any(p.degrees for p in programs)
    assert any(not p.detailed for p in programs)
    for program in programs:
        expected = json.dumps(program.as_dict(), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        crc, text = program_json(program)
        assert text.decode("utf-8") == expected, program.id
        assert crc == zlib.crc32(text)
