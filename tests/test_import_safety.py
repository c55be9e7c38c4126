"""mlprog import scorecard loses nothing: what it will not overwrite, imports as transactions,
implausible figures, damaged stores, undecodable names, --cip, and ids of many look-alikes.

Every test snapshots the user's folders (and any --output target's folder) before and
compares after: a refused or failed import changes no byte and leaves no temporary file,
``-journal`` or folder behind.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import Invoke, examples, snapshot
from mlprog.files.reading import bundled_data_path
from mlprog.scorecard.rows import COLUMNS, COUNT_COLUMNS, NUMBERS
from mlprog.scorecard.save import JOURNAL_HEADER, SQLITE_HEADER
from mlprog.scorecard.unranked import group
from test_scorecard import HEADER, UW, row, write_csv

# Every figure column the import reads, from the import's own declaration: a new one is fuzzed too.
FIGURES = [column for column, key in {**COLUMNS, **COUNT_COLUMNS}.items() if key in NUMBERS]


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    return {"MLPROG_HOME": str(tmp_path / "home")}


def _store(env: dict[str, str]) -> Path:
    return Path(env["MLPROG_HOME"]) / "data" / "scorecard.sqlite"


def _import(invoke: Invoke, env: dict[str, str], source: Path, *options: str) -> Any:
    result = invoke("import", "scorecard", str(source), *options, env=env)
    assert result.exit_code == 0, result.stderr
    return result


def _refused(result: Any, exit_code: int, *words: str) -> None:
    """One `Error:` line naming what is wrong; no traceback, no internal error (in-process or not)."""
    code = result.returncode if isinstance(result, subprocess.CompletedProcess) else result.exit_code
    assert code == exit_code, (code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    if exit_code == 2 and len(lines) >= 2 and lines[-1].startswith("Try 'mlprog "):
        lines.pop()  # a usage error points at --help, as every one does
    # One message, wrapped between words at COLUMNS when a test sets it: join it back.
    assert lines[0].startswith("Error: "), result.stderr
    assert not any(line.startswith(("Error: ", "Traceback")) for line in lines[1:]), result.stderr
    lines = [" ".join(lines)]
    assert "internal error" not in result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


# --- 1. what an import will not overwrite -------------------------------------------------


def _not_a_store(folder: Path, kind: str, source: Path) -> Path:
    """A file (or link) at which an --output must be refused, beside the source."""
    target = folder / f"target-{kind}"
    if kind == "the input":
        return source
    if kind == "the input, spelled otherwise":
        (folder / "sub").mkdir()
        return folder / "sub" / ".." / "." / source.name
    if kind == "a hard link to the input":
        os.link(source, target)
    elif kind == "a symbolic link to the input":
        target.symlink_to(source)
    elif kind == "a shortlist":
        target.write_text('{"version": 1, "programs": ["uw"]}\n', encoding="utf-8")
    elif kind == "an empty file":
        target.write_bytes(b"")
    elif kind == "another CSV":
        write_csv(target)
    elif kind == "another SQLite database":
        with contextlib.closing(sqlite3.connect(target)) as db:
            db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
            db.execute("INSERT INTO meta VALUES ('format', 'someone-else-1')")
            db.commit()
    elif kind == "a folder":
        target.mkdir()
    return target


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("the input", ["the file being imported"]),
        ("the input, spelled otherwise", ["the file being imported"]),
        ("a hard link to the input", ["the file being imported"]),
        ("a symbolic link to the input", ["the file being imported"]),
        ("a shortlist", ["not an mlprog Scorecard import", "will not replace it"]),
        ("an empty file", ["not an mlprog Scorecard import"]),
        ("another CSV", ["not an mlprog Scorecard import"]),
        ("another SQLite database", ["not an mlprog Scorecard import"]),
        ("a folder", ["not a regular file"]),
    ],
)
def test_an_output_that_is_not_an_import_is_never_replaced(
    invoke: Invoke, tmp_path: Path, home: dict[str, str], kind: str, words: list[str]
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    source = write_csv(folder / "fos.csv")
    target = _not_a_store(folder, kind, source)
    before = snapshot(tmp_path)
    result = invoke("import", "scorecard", str(source), "--output", str(target), env=home)
    _refused(result, 1, str(target), *words)
    assert snapshot(tmp_path) == before


def test_an_import_is_never_written_through_a_symbolic_link(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    source = write_csv(tmp_path / "fos.csv")
    elsewhere = tmp_path / "elsewhere"
    _import(invoke, home, source, "--output", str(elsewhere / "real.sqlite"))  # an import: replaceable
    linked = tmp_path / "linked.sqlite"
    linked.symlink_to(elsewhere / "real.sqlite")
    default = _store(home)
    default.parent.mkdir(parents=True)
    default.symlink_to(elsewhere / "real.sqlite")  # the data folder's import, a link
    before = snapshot(tmp_path)
    for target, options in ((linked, ["--output", str(linked)]), (default, [])):
        result = invoke("import", "scorecard", str(source), *options, env=home)
        _refused(result, 1, str(target), "a symbolic link")
    assert snapshot(tmp_path) == before


def test_an_earlier_import_is_replaced_in_the_data_folder_and_at_an_output(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    first = write_csv(tmp_path / "first.csv", [row(UW, "1107", "5", EARN_MDN_1YR="1000")])
    second = write_csv(tmp_path / "second.csv", [row(UW, "1107", "5", EARN_MDN_1YR="2000")])
    output = tmp_path / "out" / "mine.sqlite"
    for options in ([], ["--output", str(output)]):
        _import(invoke, home, first, *options)
        _import(invoke, home, second, *options)
    assert json.loads(invoke("show", "uw", "--json", env=home).stdout)["earnings_1yr"] == 2000
    with contextlib.closing(sqlite3.connect(output)) as db:
        (record,) = db.execute("SELECT record FROM rows").fetchone()
    assert json.loads(record)["earnings_1yr"] == 2000
    assert sorted(p.name for p in output.parent.iterdir()) == ["mine.sqlite"]
    assert sorted(p.name for p in _store(home).parent.iterdir()) == ["scorecard.sqlite"]


def test_a_damaged_import_in_the_data_folder_is_repaired_by_importing_again(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    store = _store(home)
    store.parent.mkdir(parents=True)
    store.write_text("not a database", encoding="utf-8")
    assert invoke("show", "uw", env=home).exit_code == 1
    _import(invoke, home, write_csv(tmp_path / "fos.csv"))
    assert json.loads(invoke("show", "uw", "--json", env=home).stdout)["earnings_1yr"] == 120000


# --- 2. imports are transactions ------------------------------------------------------------


@pytest.fixture
def earlier(invoke: Invoke, tmp_path: Path, home: dict[str, str]) -> dict[str, str]:
    """A home with an earlier import in place."""
    _import(invoke, home, write_csv(tmp_path / "fos.csv"))
    return home


@pytest.mark.parametrize(
    ("options", "named"), [(("--output", ""), "--output"), (("--output", "-"), "--output")]
)
def test_an_import_is_written_to_a_file_never_to_stdout_or_nowhere(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str], options: tuple[str, ...], named: str
) -> None:
    before = snapshot(tmp_path)
    result = invoke("import", "scorecard", str(tmp_path / "fos.csv"), *options, env=earlier)
    _refused(result, 2, named, "not a file name")
    assert snapshot(tmp_path) == before


def test_a_figure_written_with_underscores_is_no_number(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str]
) -> None:
    """Python reads 1_000 as a number; the Scorecard never writes one so: the file is not its."""
    newer = write_csv(tmp_path / "newer.csv", [row(UW, "1107", "5", EARN_MDN_1YR="1_000")])
    before = snapshot(tmp_path)
    _refused(invoke("import", "scorecard", str(newer), env=earlier), 1, "'1_000' is not a number")
    assert snapshot(tmp_path) == before


def test_an_empty_file_name_is_named_as_empty(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str]
) -> None:
    before = snapshot(tmp_path)
    _refused(invoke("import", "scorecard", " ", env=earlier), 2, "the file name is empty")
    assert snapshot(tmp_path) == before


def test_an_invalid_programs_file_is_reported_before_the_earlier_import_is_replaced(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str]
) -> None:
    programs = Path(earlier["MLPROG_HOME"]) / "config" / "programs.toml"
    programs.parent.mkdir(parents=True)
    programs.write_text("[[programs]]\nid = 'x'\nrank = 'first'\n", encoding="utf-8")
    newer = write_csv(tmp_path / "newer.csv", [row(UW, "1107", "5", EARN_MDN_1YR="1")])
    before = snapshot(tmp_path)
    result = invoke("import", "scorecard", str(newer), env=earlier)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {programs}")
    assert "internal error" not in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([], ["a header and no rows"]),
        ([[], []], ["a header and no rows"]),
        (
            [row(UW, "1107", "3"), row(UW, "5202", "5"), row(UW, "1107", "6")],
            ["none of its 3 rows is a master's degree (CREDLEV 5) in CIP 1101, 1104, 1107, 2705, 3070, 3071"],
        ),
    ],
)
def test_a_file_with_nothing_to_import_keeps_the_earlier_import(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str], rows: list[list[str]], words: list[str]
) -> None:
    empty = write_csv(tmp_path / "empty.csv", rows)
    before = snapshot(tmp_path)
    result = invoke("import", "scorecard", str(empty), env=earlier)
    _refused(result, 1, str(empty), *words)
    assert snapshot(tmp_path) == before


def _big_csv(path: Path, institutions: int = 3000) -> Path:
    return write_csv(
        path, [row(f"Institution {n}", "1107", "5", EARN_MDN_1YR=str(1000 + n)) for n in range(institutions)]
    )


def _cli(
    env: dict[str, str], *args: str | bytes, limit: str | None = None
) -> subprocess.CompletedProcess[str]:
    """mlprog in a process of its own; with ``limit``, under ``ulimit -f`` (a full disk)."""
    command: list[str | bytes] = [sys.executable, "-m", "mlprog", *args]
    if limit is not None:
        command = ["bash", "-c", f'ulimit -f {limit}; exec "$@"', "bash", *command]
    return subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False, errors="replace"
    )


def test_a_full_disk_keeps_the_earlier_import_and_leaves_nothing(
    tmp_path: Path, earlier: dict[str, str]
) -> None:
    big = _big_csv(tmp_path / "big.csv")
    output = tmp_path / "out" / "new" / "scorecard.sqlite"  # folders made for it go again too
    before = snapshot(tmp_path)
    for options in ([], ["--output", str(output)]):
        result = _cli(earlier, "import", "scorecard", str(big), *options, limit="50")
        _refused(result, 1, str(_store(earlier) if not options else output), "cannot write the imported data")
        assert "Traceback" not in result.stderr
        assert snapshot(tmp_path) == before


def test_any_exception_while_writing_keeps_the_earlier_import_and_leaves_nothing(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlprog.scorecard import save as scorecard_save

    newer = write_csv(tmp_path / "newer.csv", [row(UW, "1107", "5", EARN_MDN_1YR="1")])
    before = snapshot(tmp_path)

    def broken_check(*args: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(scorecard_save, "_check_written", broken_check)
    result = invoke("import", "scorecard", str(newer), env=earlier)
    _refused(result, 1, str(_store(earlier)), "cannot write the imported data", "earlier import is kept")
    assert snapshot(tmp_path) == before

    def bug(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(scorecard_save, "_check_written", bug)
    result = invoke("import", "scorecard", str(newer), env=earlier)
    assert result.exit_code != 0
    assert snapshot(tmp_path) == before  # even a bug leaves the earlier import and no temporary file


KILLED = """
import os, signal, sys
import mlprog.__main__ as entry  # its Ctrl-C handler: os._exit(130), no finally runs
from mlprog.scorecard import save as scorecard_save

how = getattr(signal, sys.argv[3])

def interrupt(*args, **kwargs):
    os.kill(os.getpid(), how)
    raise AssertionError("not interrupted")

setattr(scorecard_save, sys.argv[1], interrupt)
sys.argv = ["mlprog", "import", "scorecard", sys.argv[2]]
entry.main()
"""


@pytest.mark.parametrize("moment", ["lookup_key", "_check_written"])  # mid-write; written, not renamed
@pytest.mark.parametrize(("how", "code"), [("SIGINT", 130), ("SIGKILL", -9)])
def test_an_interrupted_import_keeps_the_earlier_one_and_the_next_import_cleans_up(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str], moment: str, how: str, code: int
) -> None:
    store = _store(earlier)
    saved = store.read_bytes()
    newer = write_csv(tmp_path / "newer.csv", [row(UW, "1107", "5", EARN_MDN_1YR="7")])
    killed = subprocess.run(
        [sys.executable, "-c", KILLED, moment, str(newer), how],
        env={**os.environ, **earlier},
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == code, killed.stderr
    assert store.read_bytes() == saved
    leftovers = [p.name for p in store.parent.iterdir() if p.name.startswith(f".{store.name}.")]
    if how == "SIGINT":  # Ctrl-C removes the temporary file on the way out
        assert leftovers == []
    else:
        assert leftovers  # a killed process cleans nothing: the next import does
    assert json.loads(invoke("show", "uw", "--json", env=earlier).stdout)["earnings_1yr"] == 120000
    _import(invoke, earlier, newer)
    assert sorted(p.name for p in store.parent.iterdir()) == ["scorecard.sqlite"]
    assert json.loads(invoke("show", "uw", "--json", env=earlier).stdout)["earnings_1yr"] == 7


def test_an_import_leaves_the_temporary_file_of_one_under_way(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str]
) -> None:
    import fcntl

    store = _store(earlier)
    live, dead = (store.parent / f".{store.name}.import-{which}" for which in ("live", "dead"))
    older = [
        store.parent / f".{store.name}.{name}" for name in ("k3_9xq0a", "k3_9xq0a-journal")
    ]  # earlier versions
    for leftover in (live, dead, *older):
        leftover.write_bytes(SQLITE_HEADER + b"partly written")
    Path(f"{dead}-journal").write_bytes(JOURNAL_HEADER + b"partly written")
    # Files of the same names that SQLite did not write are the user's: kept, whatever their name.
    users = [store.parent / f".{store.name}.{name}" for name in ("backup01", "import-mynotes.txt")]
    for own in users:
        own.write_bytes(b"my own notes")
    with live.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running import holds its file
        _import(invoke, earlier, tmp_path / "fos.csv")
        assert sorted(p.name for p in store.parent.iterdir()) == sorted(
            [live.name, "scorecard.sqlite", *(own.name for own in users)]
        )
    assert all(own.read_bytes() == b"my own notes" for own in users)


def _journal(store: Path, *, spilled: bool) -> None:
    """Leave the journal of a writer killed inside a transaction beside the store: unspilled, the
    file is as it was and the journal's header is blank; spilled, the journal is hot (it holds
    the pages as they were) and the file half changed."""
    script = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        + ("db.execute('PRAGMA cache_size = 1')\n" if spilled else "")
        + "db.execute('BEGIN')\n"
        "db.execute(\"UPDATE rows SET record = '[]'\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(store)], check=True)
    assert Path(f"{store}-journal").stat().st_size > 0


@pytest.mark.parametrize("journal", ["stale", "junk", "hot"])
def test_a_stray_journal_beside_the_import_neither_breaks_reading_nor_survives_an_import(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str], journal: str
) -> None:
    store = _store(earlier)
    if journal == "junk":
        Path(f"{store}-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + os.urandom(600))
    else:
        _journal(store, spilled=journal == "hot")
    before = snapshot(tmp_path)
    for args in (("show", "uw", "--json"), ("rank", "--json"), ("rank", "--unranked", "--json")):
        result = invoke(*args, env=earlier)
        if journal == "hot" and result.exit_code:  # half changed in place: damaged, and said so
            _refused(result, 1, f"{store}: not an imported Scorecard file", "import it again")
        else:
            assert result.exit_code == 0, result.stderr
    if journal != "hot":  # the file as it was, read whole: the journal is not looked at
        assert json.loads(invoke("show", "uw", "--json", env=earlier).stdout)["earnings_1yr"] == 120000
    assert snapshot(tmp_path) == before  # reading writes nothing, rolls nothing back
    _import(invoke, earlier, tmp_path / "fos.csv")  # and importing again repairs
    assert sorted(p.name for p in store.parent.iterdir()) == ["scorecard.sqlite"]
    assert json.loads(invoke("show", "uw", "--json", env=earlier).stdout)["earnings_1yr"] == 120000


def test_implausible_figures_are_dropped_counted_and_never_reach_a_command(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    rows = [
        row(UW, "1107", "5", IPEDSCOUNT2="NaN", EARN_MDN_1YR="1e308", DEBT_ALL_STGP_EVAL_MDN="30000",
            EARN_MDN_4YR="Infinity", EARN_MDN_5YR="-inf", EARN_COUNT_WNE_1YR="-3"),
        row(UW, "3070", "5", IPEDSCOUNT2="12", EARN_MDN_1YR="90000", DEBT_ALL_STGP_EVAL_MDN="1e999",
            EARN_COUNT_WNE_4YR="10000001"),
        row(UW, "3070", "3", EARN_MDN_1YR="nan"),
        row("Carnegie Mellon University", "1101", "5", EARN_MDN_1YR="10000000", DEBT_ALL_STGP_EVAL_MDN="0"),
    ]  # fmt: skip
    result = _import(invoke, home, write_csv(tmp_path / "odd.csv", rows))
    assert (
        "; 8 implausible values (negative, not finite, or above 10,000,000) left out as not reported."
        in (result.stderr.splitlines()[0])
    )
    uw = _strict_json(invoke("show", "uw", "--json", env=home).stdout)
    cs, data_science = uw["scorecard"]["fields"]
    assert [cs[k] for k in ("completions_2", "earnings_1yr", "earnings_4yr", "earnings_5yr")] == [None] * 4
    assert (cs["earnings_count_1yr"], cs["debt_median"]) == (None, 30000)
    assert (data_science["debt_median"], data_science["earnings_count_4yr"]) == (None, None)
    assert data_science["bachelors_earnings_1yr"] is None
    # The main field is data science (12 completions), its debt dropped: no ratio, no premium.
    assert (uw["earnings_1yr"], uw["debt_to_earnings"], uw["earnings_premium"]) == (90000, None, None)
    cmu = _strict_json(invoke("show", "cmu", "--json", env=home).stdout)
    assert (cmu["earnings_1yr"], cmu["debt_median"], cmu["debt_to_earnings"]) == (10_000_000, 0, 0.0)


NUMBERISH = st.one_of(
    st.sampled_from(["NaN", "nan", "Infinity", "-inf", "1e999", "1e308", "-1e308", "-5", "PS", "NULL", ""]),
    st.floats().map(repr),
    st.floats().map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
#: Now and then, any text at all in one of the figures (most of it is refused as no number).
ANY_TEXT = st.none() | st.tuples(
    st.integers(min_value=0, max_value=3 * len(FIGURES) - 1),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)


@pytest.mark.slow
@settings(
    max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(NUMBERISH, min_size=3 * len(FIGURES), max_size=3 * len(FIGURES)),
    text=ANY_TEXT,
)
def test_no_imported_value_can_break_a_command(
    invoke: Invoke, values: list[str], text: tuple[int, str] | None
) -> None:
    if text is not None:
        values[text[0]] = text[1]
    figures = [
        dict(zip(FIGURES, values[n * len(FIGURES) : (n + 1) * len(FIGURES)], strict=True)) for n in range(3)
    ]
    rows = [
        row(UW, "1107", "5", **figures[0]),
        row(UW, "1107", "3", **figures[1]),  # the bachelor's baseline of the premium
        row("Université de Tëst", "1107", "5", **figures[2]),
    ]
    with tempfile.TemporaryDirectory() as folder:
        env = {"MLPROG_HOME": str(Path(folder) / "home"), "COLUMNS": "100"}
        source = Path(folder) / "f.csv"
        with source.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # a "\r" inside a value stays in it
            writer.writerows([HEADER, *rows])
        result = invoke("import", "scorecard", str(source), env=env)
        if result.exit_code != 0:  # text that is no number (or a NUL): refused, with one clean line
            _refused(result, 1, str(source))
            event("refused")
            return
        event("imported")
        for args in (
            ("rank",),
            ("rank", "--json"),
            ("rank", "--unranked", "--json"),
            ("rank", "--unranked"),
            ("rank", "--profile", "return", "--json"),
            ("show", "uw"),
            ("show", "uw", "--json"),
            ("show", "universite-de-test", "--json"),
            ("chart",),
            ("chart", "--x", "debt_median", "--y", "earnings_1yr", "--json"),
            ("cost", "uw", "--json"),
            ("careers", "--json"),
            ("rank", "--data", str(bundled_data_path()), "--json"),
        ):
            ran = invoke(*args, env=env)
            assert ran.exit_code == 0, (args, ran.stderr)
            assert "internal error" not in ran.stderr
            if "--json" in args:
                _strict_json(ran.stdout)


# --- 3. a damaged store is an error naming it ----------------------------------------------

UW_ROW = "name = 'university of washington-seattle campus'"
ALL = frozenset({"show", "rank", "unranked"})


@pytest.mark.parametrize(
    ("sql", "failing"),
    [
        (f"UPDATE rows SET record = '[1, 2]' WHERE {UW_ROW}", ALL),
        (f"UPDATE rows SET record = json_remove(record, '$.institution') WHERE {UW_ROW}", ALL),
        (f"UPDATE rows SET record = json_set(record, '$.institution', 7) WHERE {UW_ROW}", ALL),
        (f"UPDATE rows SET record = json_set(record, '$.earnings_1yr', '120000') WHERE {UW_ROW}", ALL),
        (f"UPDATE rows SET record = replace(record, '120000', 'NaN') WHERE {UW_ROW}", ALL),
        (f"UPDATE rows SET record = 42 WHERE {UW_ROW}", ALL),
        (f"UPDATE rows SET record = '{{' WHERE {UW_ROW}", ALL),
        ("UPDATE institutions SET entry = '[]'", {"unranked"}),
        ("UPDATE institutions SET entry = json_remove(entry, '$.name')", {"unranked"}),
        ("UPDATE institutions SET entry = json_set(entry, '$.records', json('{}'))", {"unranked"}),
        ("UPDATE institutions SET entry = json_set(entry, '$.records', json('[]'))", {"unranked"}),
        ("UPDATE institutions SET entry = json_set(entry, '$.records[0].debt_median', -1)", {"unranked"}),
        ("UPDATE meta SET value = '[1]' WHERE key = 'source'", ALL),
        ("DELETE FROM meta WHERE key = 'format'", ALL),
        ("DROP TABLE institutions", {"unranked"}),
    ],
)  # fmt: skip
def test_a_damaged_import_is_an_error_naming_it(
    invoke: Invoke, tmp_path: Path, earlier: dict[str, str], sql: str, failing: set[str]
) -> None:
    store = _store(earlier)
    with contextlib.closing(sqlite3.connect(store)) as db:
        db.execute(sql)
        db.commit()
    before = snapshot(tmp_path)
    commands = {
        "show": ("show", "uw", "--json"),
        "rank": ("rank", "--json"),
        "unranked": ("rank", "--unranked"),
    }
    for name, args in commands.items():
        result = invoke(*args, env=earlier)
        if name in failing:
            _refused(result, 1, f"{store}: not an imported Scorecard file", "import it again")
        else:
            assert result.exit_code == 0, (args, result.stderr)
    checked = invoke("validate", env=earlier)  # reads all of it: every damage is found
    assert checked.exit_code == 1, checked.stdout
    assert f"{store}: 1 problem" in checked.stderr  # problems are reported on stderr
    assert "internal error" not in checked.stderr
    assert snapshot(tmp_path) == before


def test_validate_reads_a_whole_import(invoke: Invoke, earlier: dict[str, str]) -> None:
    checked = invoke("validate", env=earlier)
    assert checked.exit_code == 0, checked.stdout
    assert f"{_store(earlier)}: ok" in checked.stdout


# --- 4. a name that is not text --------------------------------------------------------------


def test_an_undecodable_program_name_is_not_found_not_a_damaged_import(
    tmp_path: Path, earlier: dict[str, str]
) -> None:
    before = snapshot(tmp_path)
    for name in (b"\xff\xfe", b"Universit\xe9 de T\xebst"):  # Latin-1 bytes, not UTF-8
        result = _cli(earlier, "show", name)  # type: ignore[arg-type]
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("Error: no program matches "), result.stderr
        assert "damaged" not in result.stderr  # not blamed on the import
        assert "import it again" not in result.stderr
    assert snapshot(tmp_path) == before


# --- 5. --cip -------------------------------------------------------------------------------------


@pytest.mark.parametrize("codes", ["abc", "99999", "1107,abc", "11.x"])
def test_a_bad_cip_code_is_a_usage_error_before_the_file_is_read(
    invoke: Invoke, tmp_path: Path, home: dict[str, str], codes: str
) -> None:
    missing = tmp_path / "not-there.csv"  # read first, this would be "cannot read it"
    before = snapshot(tmp_path)
    result = invoke("import", "scorecard", str(missing), "--cip", codes, env=home)
    bad = codes.rsplit(",", maxsplit=1)[-1]
    _refused(result, 2, "--cip", repr(bad), "such as 1107")
    assert snapshot(tmp_path) == before


# --- 6. ids of many look-alikes ---------------------------------------------------------------


def test_many_institutions_of_one_name_get_unique_ids_in_file_order(
    invoke: Invoke, tmp_path: Path, home: dict[str, str]
) -> None:
    # Distinct UNITIDs that are all punctuation: one institution each, all with the same id
    # but for a number (the numbering used to start again at 2 for each: 10,000 took ~68 s).
    marks = [format(n, "b").replace("0", "-").replace("1", ".") for n in range(1, 10_001)]
    records = [{"unitid": mark, "institution": "Same Name College", "control": "Public"} for mark in marks]
    ids = [entry["id"] for entry in group(records)]
    assert ids[:3] == ["same-name-college-x", "same-name-college-x-2", "same-name-college-x-3"]
    assert ids == ["same-name-college-x"] + [f"same-name-college-x-{n}" for n in range(2, 10_001)]
    # Through the command: rows with no UNITID, "-" and "." for it.
    units = ["", "-", "."] * 1000
    source = write_csv(
        tmp_path / "same.csv", [row("Same Name College", "1107", "5", UNITID=unit) for unit in units]
    )
    _import(invoke, home, source)
    listed = [p["id"] for p in _strict_json(invoke("rank", "--unranked", "--json", env=home).stdout)]
    assert [i for i in listed if i.startswith("same-name")] == [
        "same-name-college-x",
        "same-name-college-x-2",
        "same-name-college-x-3",
    ]
