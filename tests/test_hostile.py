"""Hostile and broken input: no crash, no injection, a clear message and a meaningful exit code."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke, program_entry, run_json, toml_document
from mlprog.dataset.load import check_files, load_dataset
from mlprog.errors import DataError
from mlprog.files.reading import MAX_FILE_BYTES

WriteData = Callable[..., Path]
MLPROG = [sys.executable, "-m", "mlprog"]

EVIL_NAME = "[bold red]Evil[/] \x1b]0;owned\x07\x1b[2J\u202eX"
EVIL_CITY = "[link=https://x.example]C[/link]"
EVIL_OVERVIEW = (
    "one\rtwo \x1b]52;c;aGVsbG8=\x07 \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \x9b31m"
)
# What a terminal must never receive from data: ESC, BEL, CR, C1 controls, bidi overrides.
FORBIDDEN = ["\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2066"]


@pytest.fixture
def evil_data(write_data: WriteData) -> Path:
    return write_data(
        [
            program_entry(
                1,
                id="evil",
                name=EVIL_NAME,
                city=EVIL_CITY,
                overview=EVIL_OVERVIEW,
                industry_partners=["[/]", "[bold]"],
                labs=[{"name": "Lab \x1b[31mred", "focus": "[italic]x"}],
            ),
            program_entry(2),
        ]
    )


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin"), "HOME": os.environ["HOME"]}
    return subprocess.run([*MLPROG, *args], env={**base, **(env or {})}, capture_output=True, check=False)


# --- untrusted text -----------------------------------------------------------------


def test_exact_bytes_of_a_hostile_name_on_the_terminal(evil_data: Path) -> None:
    result = run("show", "evil", "--data", str(evil_data), "--fields", "name", "--no-color")
    assert result.returncode == 0
    assert result.stdout == b"name  [bold red]Evil[/] \\x1b]0;owned\\x07\\x1b[2J\\u202eX\n"


@pytest.mark.parametrize(
    "args",
    [
        ["rank"],
        ["filter", "--search", "evil"],
        ["filter", "--lab", "lab"],
        ["compare", "evil", "prog2"],
        ["show", "evil"],
        ["show", "evil", "--fields", "name,city,overview,labs"],
        ["rank", "--format", "csv", "--fields", "id,name,city,industry_partners,labs,overview"],
        ["rank", "--format", "markdown", "--fields", "id,name,city,industry_partners,labs,overview"],
        ["filter", "--search", "evil", "--explain", "evil"],
    ],
)
def test_markup_is_literal_and_escapes_are_neutralised(
    invoke: Invoke, evil_data: Path, args: list[str]
) -> None:
    # Wide enough that no cell wraps, so the name's markup must appear whole and literal.
    result = invoke(*args, "--data", str(evil_data), env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for char in FORBIDDEN:
        assert char not in out, repr(char)
    # Every one of these outputs shows the program's name: its markup stays literal text,
    # and its escape sequences are shown, not obeyed.
    assert "[bold red]Evil[/]" in out
    shown_escape = "\\x1b]0;owned\\x07"
    if "markdown" in args:  # Markdown escapes the backslash itself
        shown_escape = shown_escape.replace("\\", "\\\\")
    assert shown_escape in out


def test_markup_in_a_table_on_a_real_terminal_stays_literal(evil_data: Path) -> None:
    result = run("rank", "--data", str(evil_data), env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    text = result.stdout.decode()
    assert "[bold red]Evil[/]" in text
    assert "[link=https://x.example]C[/link]" in text
    assert "\x1b]" not in text  # no OSC sequence: no title, no hyperlink, no clipboard
    assert "\u202e" not in text


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_keeps_the_data_exactly_and_escaped(invoke: Invoke, evil_data: Path, fmt: str) -> None:
    result = invoke("show", "evil", "--data", str(evil_data), "--format", fmt)
    for char in FORBIDDEN:
        assert char not in result.stdout
    card = json.loads(result.stdout)
    assert card["name"] == EVIL_NAME
    assert card["city"] == EVIL_CITY
    assert card["overview"] == EVIL_OVERVIEW
    assert card["labs"] == [{"name": "Lab \x1b[31mred", "focus": "[italic]x"}]


@pytest.mark.parametrize(
    "text",
    [
        "x" * 5000,
        "",
        "東京工業大学 機械学習研究科",
        "Université de Montréal — apprentissage",
        "🤖🎓 Robot University 👩🏽‍🔬",
        "Zalgo Z̷̡̛͓a̸͇̓l̶̰̈́g̵̣͑o̷̗͝",
        "مدرسة التعلم الآلي",
    ],
)
def test_unusual_text_renders_without_breaking_the_table(
    invoke: Invoke, write_data: WriteData, text: str
) -> None:
    path = write_data([program_entry(1, overview=text, city=text or "x", name=(text or "y") + " U")])
    for args in (["rank"], ["show", "prog1"], ["compare", "prog1", "prog2"]):
        if args[0] == "compare":
            path = write_data([program_entry(1, name=(text or "y") + " U"), program_entry(2)])
        result = invoke(*args, "--data", str(path))
        assert result.exit_code == 0, result.stderr
    table = invoke("rank", "--data", str(path), env={"COLUMNS": "100"})
    lines = [line for line in table.stdout.splitlines() if line.strip()]
    from rich.cells import cell_len

    widths = {cell_len(line) for line in lines[:3]}
    assert len(widths) == 1  # header, rule and first row line up


def test_empty_name_is_refused_by_validation(write_data: WriteData) -> None:
    [(_, problems)] = check_files(write_data([program_entry(1, name="  ")]))
    assert [str(p) for p in problems] == ["line 5: program 'prog1': field 'name' must not be empty"]


# --- broken files -------------------------------------------------------------------


def _error_for(invoke: Invoke, path: Path | str) -> str:
    result = invoke("rank", "--data", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {path}: ")
    return result.stderr


def test_not_found(invoke: Invoke, tmp_path: Path) -> None:
    assert "file not found" in _error_for(invoke, tmp_path / "missing.toml")


def test_a_directory(invoke: Invoke, tmp_path: Path) -> None:
    assert "is a directory, not a data file" in _error_for(invoke, tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_no_read_permission_for_real(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1)])
    path.chmod(0)
    assert "permission denied" in _error_for(invoke, path)


def test_no_read_permission(invoke: Invoke, write_data: WriteData, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_data([program_entry(1)])

    original = os.open

    def refuse(name: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert "permission denied: the file cannot be read" in _error_for(invoke, path)


def test_empty(invoke: Invoke, write_data: WriteData) -> None:
    assert "file is empty" in _error_for(invoke, write_data("\n  \n"))


def test_not_utf8(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[programs]]\nname = "Universit\xe9"\n'.encode("latin-1"))
    assert "not UTF-8 text: invalid byte at offset 30" in _error_for(invoke, path)


def test_binary_garbage(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binary data" in _error_for(invoke, path)


def test_truncated_toml(invoke: Invoke, write_data: WriteData) -> None:
    full = (Path(__file__).resolve().parents[1] / "data" / "programs.toml").read_text(encoding="utf-8")
    message = _error_for(invoke, write_data(full[: len(full) // 2 - 7]))
    assert "invalid TOML" in message
    assert "line " in message


def test_huge_file(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# a comment\n")
    os.truncate(path, MAX_FILE_BYTES + 10)  # sparse: its size is checked before anything is read
    assert f"larger than {MAX_FILE_BYTES // 2**20} MiB" in _error_for(invoke, path)


@pytest.mark.parametrize(
    "nested", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b=" * 3000 + "1" + "}" * 3000]
)
def test_deeply_nested(invoke: Invoke, write_data: WriteData, nested: str) -> None:
    message = _error_for(invoke, write_data(nested + "\n"))
    assert "nested too deeply" in message or "invalid TOML" in message


def test_programs_not_a_list(invoke: Invoke, write_data: WriteData) -> None:
    assert "'programs' must be an array of tables" in _error_for(invoke, write_data("programs = 3\n"))


def test_a_data_error_is_an_mlprog_error(write_data: WriteData) -> None:
    with pytest.raises(DataError):
        load_dataset(write_data("programs = 3\n"))


# --- arguments ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", ""], 1, "no program matches ''"),
        (["show", "x" * 100_000], 1, "... (100000 characters)"),
        (["compare", "cmu", ""], 1, "no program matches ''"),
        (["rank", "--state", ""], 2, "is not a US state or territory"),
        (["rank", "--data", ""], 2, "the data file path is empty"),
        (["rank", "--limit", "-1"], 2, "--limit takes a whole number of 1 or more, not -1"),
        (["rank", "--limit", "1e3"], 2, "--limit takes a whole number, not '1e3'"),
        (["rank", "--max-tuition", "lots"], 2, "'lots' is not an amount of US dollars"),
        (["rank", "--min-score", "nan"], 2, "--min-score"),
        (["rank", "--min-score", "inf"], 2, "--min-score"),
        (["rank", "--fields", "id,x" * 1000], 2, "unknown field"),
        (["rank", "--format", "xml"], 2, "--format takes table, json, ndjson, csv or markdown, not 'xml'"),
        (["filter", "--explain", "cmu", "--fields", "id"], 2, "--explain prints a table or JSON"),
        (["filter", "--partner", ""], 2, "needs some words to match"),
    ],
)
def test_bad_arguments(invoke: Invoke, args: list[str], code: int, message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""
    assert len(result.stderr) < 3000


# --- interrupts and the unforeseen ------------------------------------------------------


@pytest.mark.slow
def test_a_list_stopped_by_its_reader_leaves_no_half_kept_json(tmp_path: Path) -> None:
    """The first whole list of a cached data file keeps its JSON beside the cache; a reader that
    goes (``| head -c 100``) stops it, and the half-written file is removed, not left behind."""
    entries = [program_entry(n, id=f"p{n}", name=f"Program {n}") for n in range(1, 3001)]
    data = tmp_path / "many.toml"
    data.write_text(toml_document(entries), encoding="utf-8")
    env = {**os.environ, "MLPROG_HOME": str(tmp_path / "home")}
    subprocess.run([*MLPROG, "rank", "--json", "--limit", "1", "--data", str(data)], env=env, check=True)
    cache = tmp_path / "home" / "cache" / "data"
    before = sorted(path.name for path in cache.iterdir())
    assert len(before) == 1  # the cache, and no JSON kept yet
    process = subprocess.Popen(
        [*MLPROG, "rank", "--json", "--data", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdout.read(100).startswith(b'[{"id":"p1"')
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert stderr == b""
    assert sorted(path.name for path in cache.iterdir()) == before


@pytest.mark.slow
def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # Enough output that mlprog waits on a full pipe nobody reads, like a slow terminal.
    entries = [program_entry(n, id=f"p{n}", name=f"Program {n}") for n in range(1, 3001)]
    data = tmp_path / "many.toml"
    data.write_text(toml_document(entries), encoding="utf-8")
    # As at a terminal, Ctrl-C must not be ignored in mlprog, even where this test's runner
    # ignores it (a shell's background job does). An ignored signal is inherited across exec;
    # a handled one is not, so handle it here while starting the process.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [*MLPROG, "rank", "--data", str(data)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    assert process.stdout is not None
    try:
        assert process.stdout.read(100), "mlprog never started writing"
        # A signal that lands between two system calls is noticed only at the next one; a
        # person would press Ctrl-C again, and so does this test if the first goes unseen.
        stderr = b""
        for _ in range(5):
            process.send_signal(signal.SIGINT)
            try:
                _, stderr = process.communicate(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert b"KeyboardInterrupt" not in stderr


_BOOM = (
    "import sys, mlprog.cli as cli, mlprog.commands.explore as commands\n"
    "def boom(*args, **kwargs):\n"
    "    raise RuntimeError('simulated bug')\n"
    "commands.load_dataset = boom\n"
    "sys.argv = ['mlprog', 'rank']\n"
    "cli.main()\n"
)


def test_an_unforeseen_error_is_one_line_and_exit_1() -> None:
    result = subprocess.run([sys.executable, "-c", _BOOM], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: internal error: RuntimeError: simulated bug\n")
    assert "report it" in result.stderr
    assert "MLPROG_DEBUG=1" in result.stderr


def test_the_debug_switch_shows_the_traceback() -> None:
    env = {**os.environ, "MLPROG_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", _BOOM], capture_output=True, text=True, check=False, env=env
    )
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: simulated bug" in result.stderr


def test_json_output_is_never_nan(invoke: Invoke, write_data: WriteData) -> None:
    path = write_data([program_entry(1, score=0.1 + 0.2)])
    [program] = run_json(invoke, "rank", "--data", str(path))
    assert program["score"] == pytest.approx(0.3)
    assert "NaN" not in invoke("rank", "--json", "--data", str(path)).stdout
