"""A selection of cached programs made in SQLite is the selection Python makes, program for program.

Generated programs (ties in every field, graduation rates missing, names that
differ only in case or accents, details for some) are written to a data cache;
the same criteria, sort, limit and weights are put to both paths, and every
row, note and JSON byte must agree.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Invoke, examples, program_entry
from mlprog.answers.in_database import selection_path
from mlprog.answers.selection import Selection, choose
from mlprog.criteria import Criteria
from mlprog.dataset import cache as datacache
from mlprog.dataset import load
from mlprog.dataset.cache_table import CachedPrograms, Query
from mlprog.errors import MlprogError
from mlprog.formats import write_json_array, write_json_texts
from mlprog.model import Dataset, Lab, Meta, Program
from mlprog.query import SORT_FIELDS
from mlprog.scorecard.fields import OUTCOME_DIRECTIONS

STATES = ("CA", "NY", "TX")
NAMES = ("Zeta", "alpha", "Alpha", "Émile", "emile", "Beta")


@st.composite
def programs(draw: st.DrawFn) -> tuple[Program, ...]:
    """Programs of a data file: unique ids and ranks (in any order), ties everywhere else."""
    count = draw(st.integers(1, 14))
    ranks = draw(st.permutations(range(1, count + 1)))
    made = []
    for number, rank in enumerate(ranks):
        labs = draw(st.sampled_from([(), (Lab("Vision Lab", "robots"),), (Lab("Speech Lab", None),)]))
        made.append(
            Program(
                id=f"p{number}",
                rank=rank,
                name=draw(st.sampled_from(NAMES)),
                city=draw(st.sampled_from(("Austin", "austin", "Ōsaka", "Boston"))),
                state=draw(st.sampled_from(STATES)),
                type=draw(st.sampled_from(("public", "private"))),
                tuition=draw(st.sampled_from((0, 15_000, 15_000, 40_000))),
                score=draw(st.sampled_from((0.0, 70.5, 70.5, 88.0, 100.0))),
                graduation_rate=draw(st.sampled_from((None, None, 50, 50, 90))),
                labs=labs,
                overview="A thesis." if labs else None,
                source="file",
            )
        )
    return tuple(made)


@st.composite
def questions(draw: st.DrawFn, *, python_too: bool = True) -> tuple[Criteria, dict[str, Any]]:
    """Criteria and the other choices of a selection, as rank, filter and chart put them;
    without ``python_too``, only what SQLite does alone (no details, weights or frontier)."""
    details = (
        draw(st.sampled_from([{}, {}, {"lab": ("vision",)}, {"search": ("thesis",)}])) if python_too else {}
    )
    criteria = Criteria(
        states=frozenset(draw(st.sets(st.sampled_from(STATES), max_size=2))),
        type=draw(st.sampled_from((None, "public", "private"))),
        max_tuition=draw(st.sampled_from((None, 15_000, 14_999, 2**70))),
        min_graduation_rate=draw(st.sampled_from((None, 50, 51))),
        min_score=draw(st.sampled_from((None, 70.5, 70, 88.0))),
        details=details,
    )
    choice: dict[str, Any] = {
        "sort": draw(st.sampled_from((None, "graduation_rate", "name", *SORT_FIELDS))),
        "reverse": draw(st.booleans()),
        "limit": draw(st.sampled_from((None, 0, 1, 3, 20))),
        "include_unknown": draw(st.booleans()),
        "by_match": draw(st.booleans()),
        "frontier": draw(st.sampled_from((False, False, True))) if python_too else False,
    }
    if choice["sort"] in OUTCOME_DIRECTIONS:
        choice["sort"] = choice["sort"] if python_too else None  # imported: sorted in Python
    weighted = (("score", 2.0), ("tuition", -1.0)), (("graduation_rate", 1.0),)
    weights = draw(st.sampled_from(((), (), *weighted))) if python_too else ()
    if weights:
        choice["weights"] = weights
        choice["explain"] = draw(st.booleans())
    return criteria, choice


def _cached(folder: Path, given: Sequence[Program], *, summaries: bool = False) -> CachedPrograms:
    path, key = folder / "cache.sqlite", "a key"
    path.unlink(missing_ok=True)
    assert datacache.write(path, key, Dataset(tuple(given), Meta(source_name="Generated")))

    def refuse() -> Sequence[Program]:
        raise AssertionError("the cache is whole: nothing should load the files")

    return CachedPrograms(path, key, summaries=summaries, fallback=refuse, attach=None)


def _answer(selection: Selection) -> tuple[Any, ...]:
    """All a command shows of a selection: its rows, its notes (but where it ran), its JSON."""
    notes = [note for note in selection.notes if note != (selection.path.note if selection.path else None)]
    records = io.StringIO()
    write_json_array(selection.records(None), records)
    # Twice: the first list of every program is built and keeps its JSON, the second reads it.
    for _ in range(2):
        encoded = selection.json_texts(None)
        if encoded is not None:
            texts = io.StringIO()
            write_json_texts(encoded, texts)
            assert texts.getvalue() == records.getvalue()  # the stored JSON is the JSON made
    left = [(e.program.id, e.unknown) for e in selection.left_out]
    return selection.rows(), notes, records.getvalue(), left, [p.id for p in selection.programs]


@pytest.mark.slow
@settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programs(), questions())
def test_sqlite_chooses_what_python_chooses(
    tmp_path: Path, given: tuple[Program, ...], question: tuple[Criteria, dict[str, Any]]
) -> None:
    criteria, choice = question
    by_match = choice.pop("by_match")
    meta = Meta(source_name="Generated")
    in_python = choose(Dataset(given, meta), criteria, by_match=by_match, **choice)
    cached = _cached(tmp_path, given)
    in_database = choose(Dataset(cached, meta), criteria, by_match=by_match, **choice)
    assert _answer(in_database) == _answer(in_python)
    assert in_database.path is not None
    assert in_database.path.way != "python" or criteria.max_tuition == 2**70  # beyond SQLite's numbers
    if choice.get("explain"):
        assert in_database.notes[-1] == in_database.path.note


@pytest.mark.slow
@settings(
    max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programs(), questions(python_too=False))
def test_sqlite_alone_chooses_what_python_chooses(
    tmp_path: Path, given: tuple[Program, ...], question: tuple[Criteria, dict[str, Any]]
) -> None:
    criteria, choice = question
    by_match = choice.pop("by_match")
    meta = Meta(source_name="Generated")
    in_python = choose(Dataset(given, meta), criteria, by_match=by_match, **choice)
    in_database = choose(Dataset(_cached(tmp_path, given), meta), criteria, by_match=by_match, **choice)
    assert _answer(in_database) == _answer(in_python)
    assert in_database.path is not None
    assert in_database.path.way == ("python" if criteria.max_tuition == 2**70 else "database")


def test_the_database_path_builds_only_the_programs_shown(tmp_path: Path) -> None:
    given = tuple(
        Program(f"p{n}", n, f"U {n}", "Austin", STATES[n % 3], "public", 1000 * n, 50.0, None, source="file")
        for n in range(1, 301)
    )
    cached = _cached(tmp_path, given)
    built: list[int] = []
    rows = cached.rows

    def counted(*args: Any, **kwargs: Any) -> list[Program]:
        found = rows(*args, **kwargs)
        built.append(len(found))
        return found

    cached.rows = counted  # type: ignore[method-assign]
    selection = choose(Dataset(cached), Criteria(states=frozenset({"CA"})), sort="tuition", limit=5)
    assert [p.id for p in selection.programs] == ["p3", "p6", "p9", "p12", "p15"]
    assert sum(built) == 5  # the five shown, and nothing left out to count
    assert selection.path is not None
    assert selection.path.way == "database"
    assert cached._all is None  # never loaded whole


def test_one_function_decides_the_path(tmp_path: Path) -> None:
    given = tuple(
        Program(f"p{n}", n, f"U {n}", "Austin", "CA", "public", 1000, 50.0, source="file") for n in (1, 2)
    )
    cached = _cached(tmp_path, given)
    assert selection_path(given, None, Criteria(), (), sort=None, frontier=False).way == "python"
    assert selection_path(cached, list(given), Criteria(), (), sort=None, frontier=False).way == "python"
    assert selection_path(cached, None, Criteria(), (), sort="name", frontier=False).way == "database"
    weighted = selection_path(cached, None, Criteria(), (("score", 1.0),), sort=None, frontier=False)
    assert weighted.way == "narrowed"
    assert selection_path(cached, None, Criteria(), (), sort="earnings_1yr", frontier=False).way == "narrowed"
    assert selection_path(cached, None, Criteria(), (), sort=None, frontier=True).way == "narrowed"
    details = Criteria(details={"lab": ("vision",)})
    assert selection_path(cached, None, details, (), sort=None, frontier=False).way == "narrowed"


def test_damaged_columns_are_never_trusted(tmp_path: Path) -> None:
    given = tuple(
        Program(f"p{n}", n, f"U {n}", "Austin", "CA", "public", 1000 * n, 50.0, source="file")
        for n in (1, 2, 3)
    )
    cached = _cached(tmp_path, given)
    with sqlite3.connect(cached.path) as connection:  # a column that is not its card's
        connection.execute("UPDATE programs SET tuition = 1 WHERE id = 'p3'")
    connection.close()
    with pytest.raises(datacache.Unusable):
        cached.rows(Query())
    assert cached.rows(Query("id = ?", ("p1",)))[0].tuition == 1000  # a row whose columns hold


def test_two_programs_with_one_id_are_never_trusted_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are read and checked a batch at a time: an id met again in a later batch is a fault."""
    from mlprog.dataset import cache_table

    given = tuple(
        Program(f"p{n}", n, f"U {n}", "Austin", "CA", "public", 1000 * n, 50.0, source="file")
        for n in (1, 2, 3)
    )
    cached = _cached(tmp_path, given)
    monkeypatch.setattr(cache_table, "_BATCH", 2)  # p1 and p2, then p3
    assert [p.id for p in cached.rows(Query())] == ["p1", "p2", "p3"]
    with sqlite3.connect(cached.path) as connection:  # p3's row made p1's, blobs and columns alike
        connection.execute(
            "UPDATE bodies SET body = (SELECT body FROM bodies WHERE position = 0) WHERE position = 2"
        )
        connection.execute("UPDATE programs SET id = 'p1', rank = 1, tuition = 1000 WHERE position = 2")
    connection.close()
    with pytest.raises(datacache.Unusable, match="one id"):
        cached.rows(Query())


def test_damaged_json_is_never_written(tmp_path: Path) -> None:
    given = tuple(
        Program(f"p{n}", n, f"U {n}", "Austin", "CA", "public", 1000 * n, 50.0, source="file")
        for n in (1, 2, 3)
    )
    cached = _cached(tmp_path, given)
    selection = choose(Dataset(cached), Criteria())
    first = selection.json_texts(None)
    assert first is not None
    list(first)  # every program's JSON: kept beside the cache
    stored = datacache.texts_file(cached.path)
    with sqlite3.connect(stored) as connection:
        connection.execute("""UPDATE texts SET json = CAST('{"id":"p2","tuition":"free"}' AS BLOB)""")
    connection.close()
    encoded = selection.json_texts(None)
    assert encoded is not None
    with pytest.raises(MlprogError, match="damaged"):
        list(encoded)
    assert not cached.path.exists()  # removed: the next run builds it again
    assert not stored.exists()


def test_a_cache_damaged_after_the_selection_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    given = tuple(
        Program(f"p{n}", n, f"U {n}", "Austin", "CA", "public", 1000 * n, 50.0, source="file")
        for n in (1, 2, 3)
    )
    cached = _cached(tmp_path, given)
    selection = choose(Dataset(cached), Criteria())  # nothing built yet
    with sqlite3.connect(cached.path) as connection:
        connection.execute("UPDATE programs SET tuition = 1 WHERE id = 'p3'")
    connection.close()
    with pytest.raises(MlprogError, match="damaged"):
        selection.rows()
    assert not cached.path.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("rank", "--json"),
        ("rank", "--json", "--limit", "3", "--state", "CA"),
        ("rank", "--sort", "name", "--limit", "4"),
        ("rank", "--min-graduation-rate", "60", "--json"),
        ("rank", "--min-graduation-rate", "60", "--include-unknown"),
        ("filter", "--lab", "vision", "--include-unknown", "--json"),
        ("rank", "--weight", "score=1", "--weight", "graduation_rate=1", "--json"),
        ("chart", "--json"),
        ("chart", "--lab", "vision", "--json"),  # a detail criterion: the whole cards are read
        ("rank", "--lab", "vision", "--limit", "3"),
        ("rank", "--frontier", "--format", "csv"),
    ],
)
def test_a_command_says_the_same_from_the_cache(
    invoke: Invoke, write_data: Any, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    entries = []
    for n in range(1, 13):
        entry = program_entry(n, state=("CA", "NY", "IL")[n % 3], graduation_rate=40 + n, score=50.0 + n % 3)
        if n % 4 == 0:
            del entry["graduation_rate"]  # not given: unknown to --min-grad
        if n % 2:
            entry["labs"] = [{"name": "Vision Lab"}]
        entries.append(entry)
    path = str(write_data(entries))
    python = invoke(*args, "--data", path)  # small: read whole, chosen in Python, no cache
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)  # cache data of any size, as a large file is
    cold = invoke(*args, "--data", path)  # parsed, the cache written, then asked
    warm = invoke(*args, "--data", path)  # from the cache
    assert python.exit_code == cold.exit_code == warm.exit_code == 0, warm.stderr
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr) == (python.stdout, python.stderr)
    if "--json" in args:
        assert json.loads(warm.stdout) is not None


@pytest.mark.parametrize(
    "args",
    [
        ("rank", "--json", "--limit", "3"),
        ("rank", "--json"),
        ("rank", "--state", "CA", "--limit", "3"),
        ("filter", "--max-tuition", "10005", "--json"),
    ],
)
def test_a_question_sqlite_answers_reads_only_the_programs_shown(
    invoke: Invoke, write_data: Any, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    path = str(write_data([program_entry(n, state=("CA", "NY")[n % 2]) for n in range(1, 9)]))
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)  # cache data of any size, as a large file is

    def every_program(self: CachedPrograms) -> Sequence[Program]:
        raise AssertionError("every program was read: the first run, at 100,000, pays a second")

    monkeypatch.setattr(CachedPrograms, "loaded", every_program)
    for run in ("cold", "warm"):  # the cache written, then asked; then asked again
        done = invoke(*args, "--data", path)
        assert done.exit_code == 0, (run, done.stderr)
        assert "prog" in done.stdout


def test_explain_says_where_the_selection_ran(
    invoke: Invoke, write_data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write_data([program_entry(n, state=("CA", "NY")[n % 2]) for n in range(1, 9)]))
    asked = ("rank", "--weight", "score=1", "--state", "CA", "--explain", "--data", path)
    small = invoke(*asked)  # under the cache's threshold: read whole, no cache
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)  # cache data of any size, as a large file is
    # The first run writes the cache and answers from it, as the next run does.
    cold, warm = invoke(*asked), invoke(*asked)
    assert "Chosen in Python: the data was read whole, with no cache to ask." in small.stdout
    for run in (cold, warm):
        assert "Narrowed in SQLite, in the data cache (criteria on state;" in " ".join(run.stdout.split())
    table = small.stdout.split("Chosen in Python")[0]
    assert table == cold.stdout.split("Narrowed in SQLite")[0] == warm.stdout.split("Narrowed in SQLite")[0]


@pytest.mark.parametrize(
    "args",
    [
        ("rank", "--json"),
        ("rank", "--json", "--limit", "2", "--state", "IL"),
        ("rank", "--json", "--sort", "earnings_1yr", "--limit", "2"),
        ("rank", "--min-earnings", "100000", "--json"),
        ("rank", "--profile", "return", "--json"),
        ("rank", "--state", "IL", "--limit", "3"),
    ],
)
def test_imported_figures_reach_the_programs_sqlite_chooses(
    invoke: Invoke, write_data: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: tuple[str, ...]
) -> None:
    from test_scorecard import UW, write_csv

    env = {"MLPROG_HOME": str(tmp_path / "home")}
    assert invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=env).exit_code == 0
    names = ["Carnegie Mellon University", UW, "Nowhere College", "Université de Tëst"]
    entries = [program_entry(n, name=name, state=("IL", "WA")[n % 2]) for n, name in enumerate(names, 1)]
    path = str(write_data(entries))
    python = invoke(*args, "--data", path, env=env)  # small: read whole, chosen in Python, no cache
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)  # cache data of any size, as a large file is
    cold = invoke(*args, "--data", path, env=env)  # parsed, the cache written, then asked
    warm = invoke(*args, "--data", path, env=env)  # from the cache, the figures attached as built
    assert python.exit_code == cold.exit_code == warm.exit_code == 0, warm.stderr
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr) == (python.stdout, python.stderr)
    if args[:2] == ("rank", "--json"):
        earned = {p["id"]: p["earnings_1yr"] for p in json.loads(warm.stdout)}
        assert earned.get("prog1") == 150000 or "prog1" not in earned  # CMU's, from the import
