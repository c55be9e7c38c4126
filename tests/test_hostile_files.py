"""Files people really have, and files nobody should: every one is an answer, never a crash or a hang."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import Invoke, examples, program_entry, run_json, toml_document
from mlprog.cli import app

MLPROG = [sys.executable, "-m", "mlprog"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [*MLPROG, *args], capture_output=True, text=True, env=full_env, timeout=30, check=False
    )


# --- files that are not files ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory", "huge"])
@pytest.mark.parametrize("role", ["data", "settings", "user programs"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str, role: str) -> None:
    home = tmp_path / "home"
    target = {
        "data": tmp_path / "data.toml",
        "settings": home / "config" / "config.toml",
        "user programs": home / "config" / "programs.toml",
    }[role]
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "directory":
        target.mkdir()
    else:
        target.write_text("# big\n")
        os.truncate(target, 300 * 1024 * 1024)  # sparse: refused from its size, never read
    args = ["rank", "--json"] + (["--data", str(target)] if role == "data" else [])
    result = run(*args, env={"MLPROG_HOME": str(home)})
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Error: {target}: "), result.stderr
    expected = {
        "fifo": "is not a regular file",
        "dev-zero": "is not a regular file",
        "directory": "is a directory",
        "huge": "larger than 256 MiB",
    }[kind]
    assert expected in result.stderr


# --- files people really have ----------------------------------------------------------------


def test_a_byte_order_mark_and_crlf_line_ends_are_accepted(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "windows.toml"
    text = toml_document([program_entry(1), program_entry(2)]).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert [p["id"] for p in run_json(invoke, "rank", "--data", str(path))] == ["prog1", "prog2"]
    assert invoke("validate", str(path)).exit_code == 0


def test_an_empty_user_programs_file_adds_nothing(tmp_path: Path, invoke: Invoke) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "programs.toml").write_text("")
    result = invoke("rank", "--json", env={"MLPROG_HOME": str(home)})
    assert result.exit_code == 0, result.stderr
    programs = json.loads(result.stdout)
    assert len(programs) == 25
    assert {p["source"] for p in programs} == {"bundled"}


# --- numbers and types -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"tuition": 10**12},
            "field 'tuition' must be a whole number of US dollars per year from 0 to 10000000",
        ),
        ({"rank": 10**9}, "field 'rank' must be a whole number from 1 to 1000000"),
        ({"score": float("nan")}, "field 'score' must be a number from 0 to 100, got nan"),
        ({"score": float("inf")}, "field 'score' must be a number from 0 to 100, got inf"),
        ({"id": ["a", "b"]}, "field 'id' must be a string, got an array"),
        ({"name": {"x": 1}}, "field 'name' must be a string, got a table"),
        ({"id": "cmu\n"}, "field 'id' must be a lowercase slug (letters a-z, digits and '-'), got 'cmu\\n'"),
    ],
)
def test_numbers_and_types_out_of_bounds_are_data_errors(
    invoke: Invoke, write_data: object, change: dict[str, object], message: str
) -> None:
    path = write_data([program_entry(1, **change)])  # type: ignore[operator]
    result = invoke("validate", str(path))
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_zero_salary_premium_cannot_divide_a_cost(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "zero.toml"
    path.write_text("[meta]\nsalary_premium_usd_per_year = [0, 0]\n\n" + toml_document([program_entry(1)]))
    result = invoke("cost", "prog1", "--years", "2", "--data", str(path))
    assert result.exit_code == 1
    assert "field 'salary_premium_usd_per_year' must be a pair [low, high]" in result.stderr
    assert "from 1 to 10000000, got 0" in result.stderr


def test_an_integer_too_long_to_convert_is_a_data_error_with_its_line(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "long.toml"
    long_line = '"tuition" = ' + "9" * 5000
    path.write_text(re.sub(r'"tuition" = \d+', long_line, toml_document([program_entry(1)])))
    result = invoke("rank", "--data", str(path))
    assert result.exit_code == 1
    line = path.read_text().splitlines().index(long_line) + 1
    expected = f"line {line}: a number of more than 4,300 digits, longer than any value"
    assert result.stderr == f"Error: {path}: {expected}\n"


def test_ids_of_the_wrong_type_in_a_user_file_are_data_errors(tmp_path: Path, invoke: Invoke) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "programs.toml").write_text(
        '[[profiles]]\nid = ["x"]\ntitle = "T"\nweights = { score = 1 }\n'
    )
    result = invoke("rank", env={"MLPROG_HOME": str(home)})
    assert result.exit_code == 1
    assert "field 'id' must be a string, got an array" in result.stderr


def test_weights_are_bounded_on_the_command_line_and_in_files(invoke: Invoke, tmp_path: Path) -> None:
    assert "a number from -1000 to 1000" in invoke("rank", "-w", "score=1e9").stderr
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text("weights = { score = 5000 }\n")
    result = invoke("rank", env={"MLPROG_HOME": str(home)})
    assert result.exit_code == 1  # the settings file is wrong, not the command line
    assert result.stderr.startswith(f"Error: {home / 'config' / 'config.toml'}: key 'weights'")
    assert "--weight" not in result.stderr


# --- bounded time ----------------------------------------------------------------------------


def test_a_huge_duration_is_read_in_linear_time(tmp_path: Path) -> None:
    """20,000 digits used to take 16 s (a backtracking pattern); the timeout is only a hang guard."""
    path = tmp_path / "digits.toml"
    degree = [{"name": "MS", "duration": "1" * 20_000 + " months"}]
    path.write_text(toml_document([program_entry(1, degrees=degree)]))
    result = run("cost", "prog1", "--data", str(path))
    assert result.returncode in (0, 2), result.stderr  # an unreadable duration falls back or asks for --years
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_ten_megabyte_name_is_shortened_for_display(tmp_path: Path) -> None:
    path = tmp_path / "long-name.toml"
    path.write_text(toml_document([program_entry(1, name="Long name " * 1_000_000)]))
    result = run("rank", "--data", str(path), env={"COLUMNS": "60"})
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) < 20_000
    assert "…" in result.stdout
    assert all(len(line) <= 60 for line in result.stdout.splitlines())


# --- arbitrary bytes in every user file ------------------------------------------------------------

_FILES = {
    "settings": "config/config.toml",
    "programs": "config/programs.toml",
    "shortlist": "data/shortlist.json",
}
_COMMANDS = (
    ["rank", "--json"],
    ["rank"],
    ["show", "cmu"],
    ["shortlist", "list"],
    ["shortlist", "add", "uw"],
    ["note", "cmu", "x"],
    ["config", "show"],
    ["validate"],
)
_SEEDS = [
    b"",
    b"\xef\xbb\xbf",
    b"[" * 5000,
    b'{"version": 1, "programs": [1], "notes": {}}',
    b'{"version": 99}',
    b"weights = { score = 1e400 }",
    b"[[programs]]\nid = 3\n",
    b"\x00\xff\xfe",
    b'states = ["\\u001b[2J"]',
]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    which=st.sampled_from(sorted(_FILES)),
    content=st.one_of(
        st.sampled_from(_SEEDS), st.binary(max_size=300), st.text(max_size=200).map(str.encode)
    ),
    command=st.sampled_from(_COMMANDS),
)
def test_any_bytes_in_a_user_file_get_an_answer_not_an_internal_error(
    which: str, content: bytes, command: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / _FILES[which]
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        result = CliRunner().invoke(app, command, env={"MLPROG_HOME": folder})
    assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
    assert result.exit_code in (0, 1, 2), (command, result.exit_code)
    assert "internal error" not in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "99999999999999999999", "100000"])
def test_an_absurd_columns_value_is_ignored_or_kept_within_bounds(columns: str) -> None:
    result = run("rank", "--limit", "3", env={"COLUMNS": columns})
    assert result.returncode == 0, result.stderr
    assert "Carnegie Mellon University" in result.stdout  # laid out wide, one program a line
    assert all(len(line) <= 4096 for line in result.stdout.splitlines())


def test_a_tiny_columns_value_is_raised_to_twenty() -> None:
    result = run("rank", "--limit", "3", env={"COLUMNS": "3"})
    assert result.returncode == 0, result.stderr
    assert "cmu" in result.stdout
    assert all(len(line) <= 20 for line in result.stdout.splitlines()), result.stdout


def test_ids_from_the_shortlist_file_reach_stderr_only_made_visible(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    content = {"version": 1, "programs": ["cmu", "\x1b]0;owned\x07x"], "notes": {}}
    (home / "data" / "shortlist.json").write_text(json.dumps(content))
    result = run("rank", "--shortlist", "--json", env={"MLPROG_HOME": str(home)})
    assert result.returncode == 0
    assert "\x1b" not in result.stderr
    assert "\\x1b]0;owned\\x07x" in result.stderr
