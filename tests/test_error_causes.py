"""Errors that name the real cause (issue 26): the file, key, variable or value at fault, in one
``Error:`` line with the right exit code, never an internal error; and a cache that cannot be
trusted is rebuilt, never believed.

The autouse fixture in conftest points HOME and XDG_* at a temporary folder.
"""

from __future__ import annotations

import json
import marshal
import math
import os
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, program_entry, snapshot
from forked import Job, run_each
from mlprog.dataset import cache as datacache
from mlprog.dataset import load
from mlprog.files.paths import user_paths
from mlprog.model import Program
from mlprog.text.sanitize import escape_json_controls, terminal_safe

MLPROG = [sys.executable, "-m", "mlprog"]
WriteData = Callable[..., Path]


def _run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MLPROG, *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def _clean_failure(stderr: str) -> None:
    """Whatever went wrong was said in mlprog's voice: no internal error, no traceback."""
    assert "internal error" not in stderr
    assert "Traceback" not in stderr


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLPROG_HOME in a temporary folder."""
    root = tmp_path / "mlprog-home"
    monkeypatch.setenv("MLPROG_HOME", str(root))
    return root


# --- 1. a name too long for the file system ------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["rank"],
        ["show", "cmu"],
        ["shortlist", "list"],
        ["apply", "list"],
        ["config", "show"],
        ["paths"],
        ["validate"],
        ["sources"],
    ],
    ids=" ".join,
)
def test_a_folder_name_too_long_for_the_file_system_is_named_on_every_command(
    tmp_path: Path, args: list[str]
) -> None:
    too_long = tmp_path / ("a" * 256)  # one name past the 255 bytes file systems allow
    before = snapshot(tmp_path)

    result = _run(*args, env={"MLPROG_HOME": str(too_long)}, cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    _clean_failure(result.stderr)
    (line,) = result.stderr.splitlines()  # one line, naming the path and the cause
    assert line.startswith(f"Error: {too_long}/")
    assert "file name too long for the file system; set MLPROG_HOME to a shorter folder" in line
    if args == ["paths"]:  # every path is listed first, each marked as one that cannot be used
        listed = result.stdout.splitlines()
        assert len(listed) == 8
        assert all(str(too_long) in row and "(cannot be used: file name too long" in row for row in listed)
    else:
        assert result.stdout == ""
    assert snapshot(tmp_path) == before  # nothing made, nothing left behind


# --- 2. a setting that names what the data does not have --------------------------


def test_a_bad_profile_or_zero_weights_in_the_settings_blame_the_file_or_variable(
    home: Path, invoke: Invoke
) -> None:
    config = home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    profiles = "choose from prestige, value, regional, working ('mlprog profiles' describes them)"

    config.write_text('format = "table"\nprofile = "nope"\n', encoding="utf-8")
    before = snapshot(home)
    result = invoke("rank")
    assert result.exit_code == 1  # the settings are at fault, not a flag: not 2
    assert result.stderr == f"Error: {config}: line 2: key 'profile': no profile 'nope'; {profiles}\n"
    assert invoke("rank", "--profile", "value").exit_code == 0  # a flag still wins over the file
    shown = invoke("config", "show")
    assert shown.exit_code == 0
    assert f"profile  \"nope\"  (config file; not valid: no profile 'nope'; {profiles})" in shown.stdout
    report = json.loads(invoke("config", "show", "--json").stdout)
    assert report["problems"] == {"profile": f"no profile 'nope'; {profiles}"}
    assert snapshot(home) == before

    config.write_text("weights = { score = 0 }\n", encoding="utf-8")
    result = invoke("rank")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {config}: line 1: key 'weights': all weights are zero; give at least one a non-zero weight\n"
    )
    assert "not valid: all weights are zero" in invoke("config", "show").stdout
    config.unlink()

    result = invoke("rank", env={"MLPROG_PROFILE": "nope"})
    assert (result.exit_code, result.stderr) == (1, f"Error: MLPROG_PROFILE: no profile 'nope'; {profiles}\n")
    result = invoke("rank", env={"MLPROG_WEIGHTS": "score=0"})
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: MLPROG_WEIGHTS: all weights are zero; give at least one a non-zero weight\n",
    )


# --- 3. shell completion with nonsense in its variables --------------------------------


@pytest.mark.slow
def test_completion_with_garbage_in_its_variables_completes_nothing_quietly(tmp_path: Path) -> None:
    home = {**os.environ, "MLPROG_HOME": str(tmp_path / "home")}
    bash = {**home, "_MLPROG_COMPLETE": "complete_bash", "COMP_WORDS": "mlprog show"}
    numbers = ("99", "abc", "-5", "", "0", " 2", "+2", "٢")  # ٢: an Arabic-Indic two
    missing = {**home, "_MLPROG_COMPLETE": "complete_bash"}  # no COMP_WORDS, no COMP_CWORD
    # Sane requests still complete: the word after `show`, and a word inside an open quote,
    # which is what bash sends while a quoted name is being typed.
    sane = [{**bash, "COMP_CWORD": "2"}, {**bash, "COMP_WORDS": 'mlprog show "cm', "COMP_CWORD": "2"}]
    others = [
        (shell, words)
        for shell in ("zsh", "fish")
        for words in (
            'mlprog show "cm',
            "mlprog show 'cm\\",
            "mlprog --data",
            "\\",
            "",
            "mlprog rank --top abc ",
        )
    ]
    envs = [
        *({**bash, "COMP_CWORD": number} for number in numbers),
        missing,
        *sane,
        *(
            {**home, "_MLPROG_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words}
            for shell, words in others
        ),
    ]
    runs = iter(run_each([Job([], env, tmp_path) for env in envs]))  # real processes, one driver

    for number, result in zip(numbers, runs, strict=False):
        assert (result.code, result.stdout, result.stderr) == (0, "", ""), number
    result = next(runs)
    assert (result.code, result.stdout) == (0, "")
    assert next(runs).stdout.splitlines()[0] == "cmu"
    quoted = next(runs)
    assert (quoted.code, quoted.stdout, quoted.stderr) == (0, "cmu\n", "")
    for (shell, words), result in zip(others, runs, strict=True):
        assert (result.code, result.stderr) == (0, ""), (shell, words)


# --- 4. a program named more than once ----------------------------------------------


def test_a_program_named_three_times_is_one_note(invoke: Invoke) -> None:
    result = invoke("compare", "cmu", "cmu", "cmu", "uw", "--json")
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if "named more than once" in line]
    assert notes == ["Note: cmu is named more than once; it is shown once."]
    assert [p["id"] for p in json.loads(result.stdout)["programs"]] == ["cmu", "uw"]

    result = invoke("compare", "cmu", "cmu", "cmu", "uw", "uw", "--json")
    assert result.stderr.splitlines() == ["Note: cmu and uw are named more than once; each is shown once."]

    result = invoke("compare", "cmu", "cmu", "cmu")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Note: cmu is named more than once; it is shown once."
    assert result.stderr.count("named more than once") == 1
    assert "compare needs at least two different programs" in result.stderr


# --- 5. invisible and reordering characters from a data file ------------------------

#: Format characters that must never reach a terminal raw: zero-width space, the bidi marks,
#: embeddings, overrides and isolates, the byte-order mark, the soft hyphen, a tag character.
_HIDDEN = "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\U000e0041"


def test_format_characters_from_a_data_file_are_shown_escaped(invoke: Invoke, write_data: WriteData) -> None:
    name = "Zero\u200bWidth\u202eUniversity\u2066 of\u00adSoft\ufeff Tags\U000e0041"
    city = "Spring\u200efield\u2067\u200f\u202a\u202b\u202c\u202d\u2068\u2069"
    path = write_data([program_entry(1, name=name, city=city), program_entry(2)])
    wide = {"COLUMNS": "400"}  # no wrapping, so each escape is whole on its line

    for args in (["rank"], ["show", "prog1"], ["compare", "prog1", "prog2"], ["rank", "--format", "csv"]):
        result = invoke(*args, "--data", str(path), env=wide)
        assert result.exit_code == 0, (args, result.stderr)
        output = result.stdout + result.stderr
        assert not set(_HIDDEN) & set(output), args
        assert "Zero\\u200bWidth\\u202eUniversity\\u2066 of\\xadSoft\\ufeff Tags\\U000e0041" in output, args
    shown = invoke("show", "prog1", "--data", str(path), "--json")
    assert not set(_HIDDEN) & set(shown.stdout)  # escaped in the JSON text, the same in its data
    assert json.loads(shown.stdout)["name"] == name

    # Every format character is escaped but the joiners, which spelling and emoji need.
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    kept = "\u200c\u200d"
    assert set(terminal_safe(every)) & set(every) == set(kept)
    assert set(escape_json_controls(json.dumps(every, ensure_ascii=False))) & set(every) == set(kept)
    assert json.loads(escape_json_controls(json.dumps(every, ensure_ascii=False))) == every


def test_json_text_with_nothing_to_escape_is_kept_without_a_regular_expression(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Printable text (accents, dashes) is returned as it is, without compiling the pattern (which
    costs more than a command's JSON); every character the pattern escapes still is escaped."""
    from mlprog.text import sanitize

    unsafe = sanitize._compiled(sanitize._JSON_UNSAFE)
    escaped = [chr(c) for c in range(sys.maxunicode + 1) if unsafe.match(chr(c))]
    assert len(escaped) > 200  # DEL, the C1 controls, the separators, the format characters
    for character in escaped:
        text = json.dumps(f"Montréal – {character}", ensure_ascii=False)
        assert escape_json_controls(text) != text, hex(ord(character))

    def compile_refused(pattern: str) -> Any:
        raise AssertionError("compiled a pattern for text with nothing to escape")

    monkeypatch.setattr(sanitize, "_compiled", compile_refused)
    printable = json.dumps({"name": "Université de Montréal – ML", "city": "Zürich"}, ensure_ascii=False)
    assert escape_json_controls(printable) == printable


def test_terminal_text_with_nothing_to_escape_is_kept_without_a_regular_expression(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same for text drawn on a terminal: every character made a space or escaped still is."""
    from mlprog.text import sanitize

    patterns = [sanitize._compiled(sanitize._UNSAFE), sanitize._compiled(sanitize._SPACES)]
    changed = [chr(c) for c in range(sys.maxunicode + 1) if any(p.match(chr(c)) for p in patterns)]
    assert len(changed) > 2200  # the controls, tab and newline, format characters, lone surrogates
    for character in changed:
        assert terminal_safe(f"Montréal – {character}") != f"Montréal – {character}", hex(ord(character))

    def compile_refused(pattern: str) -> Any:
        raise AssertionError("compiled a pattern for text with nothing to escape")

    monkeypatch.setattr(sanitize, "_compiled", compile_refused)
    assert terminal_safe("Université de Montréal – ML · Zürich") == "Université de Montréal – ML · Zürich"


# --- 6. a degree's length that no degree has ------------------------------------------


@pytest.mark.parametrize("value", [5e-324, 0, 0.1, 1e308, 11, float("nan"), float("inf"), -1.5])
@pytest.mark.parametrize("field", ["full_time_years", "part_time_years"])
def test_an_implausible_length_is_a_data_error_naming_the_file_and_field(
    invoke: Invoke, write_data: WriteData, value: float, field: str
) -> None:
    lengths = {"full_time_years": [1.5, 2.0], "part_time_years": [2.5, 4.0]}
    lengths[field] = [value, 4.0] if math.isnan(value) or value < 4 else [2.0, value]  # nan: low
    # A degree that states its length: part time, it is stretched by part-time / full-time years,
    # which a full time of 5e-324 years made too large for any figure (an OverflowError).
    stated = program_entry(1, degrees=[{"name": "MS in Machine Learning", "duration": "2 years"}])
    path = write_data([stated], meta=lengths)

    result = invoke("cost", "prog1", "--part-time", "--data", str(path))

    assert result.exit_code == 1
    _clean_failure(result.stderr)
    shown = "nan" if math.isnan(value) else repr(value)
    assert result.stderr == (
        f"Error: {path}: line {2 if field == 'full_time_years' else 3}: meta: field {field!r} must be a "
        f"pair [low, high] of years: must be a number of years from 0.25 to 10, got {shown}\n"
    )
    assert invoke("validate").exit_code == 0  # the bundled data is within the bounds
    good = write_data([stated], meta={"full_time_years": [0.25, 10], "part_time_years": [1, 10]})
    assert invoke("cost", "prog1", "--part-time", "--data", str(good)).exit_code == 0


@pytest.mark.parametrize(("value", "said"), [([1.5], "1 value"), ([], "0 values"), ([1, 2, 3], "3 values")])
def test_a_length_that_is_no_pair_says_how_many_values_it_holds(
    invoke: Invoke, write_data: WriteData, value: list[float], said: str
) -> None:
    path = write_data([program_entry(1)], meta={"full_time_years": value, "part_time_years": [2.5, 4.0]})
    result = invoke("rank", "--data", str(path))
    assert result.exit_code == 1
    assert f"must be a pair [low, high] of years, got an array of {said}\n" in result.stderr


# --- 7. a data cache that holds what no data file gives ---------------------------------

_TUITION = Program._fields.index("tuition")


def _with_field(index: int, value: Any) -> Callable[[bytes], bytes]:
    def edit(body: bytes) -> bytes:
        values = list(marshal.loads(body))
        values[index] = value
        return marshal.dumps(tuple(values))

    return edit


@pytest.mark.parametrize(
    "damage",
    [
        _with_field(_TUITION, "lots"),
        _with_field(_TUITION, float("nan")),
        _with_field(_TUITION, [1, 2]),
        _with_field(_TUITION, True),
        _with_field(Program._fields.index("score"), float("inf")),
        _with_field(Program._fields.index("degrees"), ((1, None),)),
        _with_field(Program._fields.index("state"), "ZZ"),
        lambda body: marshal.dumps(42),  # not a program's row at all
        lambda body: marshal.dumps({"tuition": "lots"}),
        "meta",  # the data set's own section: a typical length no degree has
    ],
    ids=[
        "tuition-text",
        "tuition-nan",
        "tuition-list",
        "tuition-boolean",
        "score-infinite",
        "degree-name-a-number",
        "state-no-state",
        "row-a-number",
        "row-a-table",
        "meta-length-5e-324",
    ],
)
def test_a_cache_entry_no_data_file_could_give_is_rebuilt(
    invoke: Invoke,
    write_data: WriteData,
    monkeypatch: pytest.MonkeyPatch,
    damage: Callable[[bytes], bytes] | str,
) -> None:
    monkeypatch.setattr(load, "CACHE_MIN_BYTES", 0)  # cache data of any size, as a large file is
    path = write_data(
        [program_entry(n) for n in range(1, 4)],
        meta={"full_time_years": [1.5, 2.0], "part_time_years": [2.5, 4.0]},
    )
    fresh = {
        args: invoke(*args, "--data", str(path), "--json").stdout for args in (("rank",), ("show", "prog2"))
    }
    (cache,) = (user_paths().cache_dir / "data").glob("*.sqlite")
    with sqlite3.connect(cache) as connection:
        if damage == "meta":
            (body,) = connection.execute("SELECT body FROM dataset").fetchone()
            sections = marshal.loads(body)
            sections["meta"][1]["full_time_years"] = (5e-324, 2.0)
            connection.execute("UPDATE dataset SET body = ?", (marshal.dumps(sections),))
        else:
            assert callable(damage)
            (body,) = connection.execute("SELECT body FROM bodies WHERE position = 1").fetchone()
            connection.execute("UPDATE bodies SET body = ? WHERE position = 1", (damage(body),))
    connection.close()
    key = datacache.source_key([path])
    with pytest.raises(datacache.Unusable):
        datacache.read(cache, key)
    user_files = snapshot(path, user_paths().config_dir, user_paths().data_dir)

    for args, expected in fresh.items():
        result = invoke(*args, "--data", str(path), "--json")
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == expected  # what a fresh parse gives
    assert invoke("cost", "prog2", "--part-time", "--data", str(path)).exit_code == 0

    datacache.read(cache, key)  # the cache was rebuilt whole, and is usable again
    # No temporary file left; beside the cache, at most the JSON a whole `rank --json` kept.
    left = {p.name for p in cache.parent.iterdir()}
    assert cache.name in left
    assert left <= {cache.name, datacache.texts_file(cache).name}
    assert snapshot(path, user_paths().config_dir, user_paths().data_dir) == user_files
