"""Shared fixtures: an isolated environment, the bundled data, and data-file writers."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from mlprog.cli import app
from mlprog.dataset.load import load_dataset
from mlprog.model import Dataset


def pytest_sessionstart(session: pytest.Session) -> None:
    """In CI the source page must be there: its fidelity tests may skip on a laptop, never in CI."""
    import source_page

    if _in_ci() and source_page.page_path() is None:
        where = source_page.SEED_DIR / source_page.SEED_NAME
        pytest.exit(f"CI: the source page is missing at {where}; the data-fidelity tests need it", 1)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The forked runs' driver ends with the tests, waited for (its time counts as theirs)."""
    import sys

    forked = sys.modules.get("forked")  # the tests' module, if a test used it
    if forked is not None:
        forked.stop()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1")


# CliRunner.invoke has Typer build the app's click command on every call: about 25 ms, most of
# an in-process run, for a command that is the same each time (the app is built once, on first
# use of mlprog.cli.app, and no test changes it). Each app's command is built once and run as
# often as a test likes, as click runs any command (a fresh click context for every run).
# test_cli's test_a_command_built_once_runs_as_one_built_afresh compares the two.
_build_command = typer.main.get_command
_commands: dict[int, tuple[typer.Typer, Any]] = {}  # the app is kept, so its id is never reused


def built_command(typer_app: typer.Typer) -> Any:
    """The click command of a Typer app, built on its first run in this process."""
    kept = _commands.get(id(typer_app))
    if kept is None:
        kept = _commands[id(typer_app)] = (typer_app, _build_command(typer_app))
    return kept[1]


typer.testing._get_command = built_command  # type: ignore[attr-defined]  # CliRunner's own lookup


# Hypothesis: every example in CI, a tenth of them in development (HYPOTHESIS_PROFILE=ci for all).
# A failure found is kept in .hypothesis/ and tried first on the next run, whatever the count.
settings.register_profile("ci", max_examples=100)
settings.register_profile("dev", max_examples=10)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _in_ci() else "dev"))


def examples(full: int) -> int:
    """A property test's number of examples: ``full`` in CI, fewer in development (see the profiles)."""
    return max(5, full * settings.default.max_examples // 100)


# Variables that change how mlprog behaves or looks; tests start without them.
_ENV_VARS = ("MLPROG_DATA", "MLPROG_DEBUG", "COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TERM")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in _ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    # Whatever a test does, it never reads or writes the real home folder.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))


@pytest.fixture(scope="session")
def bundled() -> Dataset:
    """The bundled data set, loaded once."""
    return load_dataset()


Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run mlprog in-process with arguments; returns the result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def run(*args: str, env: Mapping[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=dict(env or {}))

    return run


def snapshot(*roots: Path) -> dict[str, bytes | str]:
    """Every entry under the roots, byte for byte: ``{path: content}``.

    A symbolic link is recorded as ``"-> target"`` (never followed), a folder
    as ``"dir"`` and any other special file by its kind, so comparing two
    snapshots proves that nothing was changed, added or left behind (a
    temporary file, a ``-journal``, a lock is an added entry).
    """
    import stat

    found: dict[str, bytes | str] = {}
    for root in roots:
        if not root.exists() and not root.is_symlink():
            continue
        for path in sorted([root, *root.rglob("*")]):
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[str(path)] = f"-> {os.readlink(path)}"
            elif stat.S_ISDIR(mode):
                found[str(path)] = "dir"
            elif stat.S_ISREG(mode):
                found[str(path)] = path.read_bytes()
            else:
                found[str(path)] = f"special {stat.S_IFMT(mode):o}"
    return found


def run_json(invoke: Invoke, *args: str) -> Any:
    """Run a command with --json and return the parsed output, asserting success."""
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- writing data files ---------------------------------------------------------


def toml_value(value: Any) -> str:
    """A TOML literal for a str, int, float, bool, list or dict (as an inline table)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # JSON string escapes are valid TOML basic-string escapes; DEL must be escaped too.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(programs: Sequence[Mapping[str, Any]], meta: Mapping[str, Any] | None = None) -> str:
    """A data file's text with a [meta] table and one [[programs]] entry per mapping."""
    lines = []
    if meta:
        lines.append("[meta]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in meta.items())
    for program in programs:
        lines.append("\n[[programs]]")
        lines.extend(f"{json.dumps(key)} = {toml_value(value)}" for key, value in program.items())
    return "\n".join(lines) + "\n"


def program_entry(n: int = 1, **fields: Any) -> dict[str, Any]:
    """A valid program entry numbered n; keyword arguments override or add fields."""
    entry: dict[str, Any] = {
        "id": f"prog{n}",
        "rank": n,
        "name": f"Test University {n}",
        "city": "Springfield",
        "state": "IL",
        "type": "public",
        "tuition": 10000 + n,
        "graduation_rate": 90,
        "score": 50.0,
    }
    entry.update(fields)
    return entry


@pytest.fixture
def write_data(tmp_path: Path) -> Callable[..., Path]:
    """Write a data file from program mappings (or raw text) and return its path."""
    counter = iter(range(1_000_000))

    def write(programs: Sequence[Mapping[str, Any]] | str, meta: Mapping[str, Any] | None = None) -> Path:
        path = tmp_path / f"data{next(counter)}.toml"
        text = programs if isinstance(programs, str) else toml_document(programs, meta)
        path.write_text(text, encoding="utf-8")
        return path

    return write
