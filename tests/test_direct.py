"""mlprog.direct reads a plain command line as Typer would, and leaves every other to Typer.

The proof: the same command line through both readers gives the command the same values
(Typer's recorded by standing in for the command while Typer builds and runs it), or the
direct reader declines it. And the table it reads is the one Typer's commands make today.
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.main import get_command

from mlprog import cli, direct
from mlprog.direct_table import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


class _Recorder:
    """Stands in for a command while Typer builds it: the same signature; a call is recorded."""

    def __init__(self, real: Any) -> None:
        self.real = real
        for name in ("__name__", "__doc__", "__module__", "__qualname__"):
            setattr(self, name, getattr(real, name))
        self.calls: list[dict[str, Any]] = []

    @property
    def __signature__(self) -> inspect.Signature:
        return self.real.__signature__ if hasattr(self.real, "_run") else inspect.signature(self.real)

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return self.real.__annotations__

    def __call__(self, **values: Any) -> None:
        self.calls.append(values)


def typer_values(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """What Typer calls the command of ``argv`` with, or None if Typer refuses the line."""
    module_name, function, _ = COMMANDS[argv[0]]
    module = importlib.import_module(f"mlprog.commands.{module_name}")
    recorder = _Recorder(getattr(module, function))
    with monkeypatch.context() as patch:
        patch.setattr(module, function, recorder)
        command = get_command(cli._built(only=argv[0], completion=False))
        try:
            command.main(argv, prog_name="mlprog", standalone_mode=False)
        except Exception:  # noqa: BLE001 - a usage error: Typer refused it
            return None
    assert len(recorder.calls) == 1
    return typed(recorder.calls[0])


def direct_values(argv: list[str]) -> dict[str, Any] | None:
    found = direct.read(argv)
    if found is None:
        return None
    name, command, values = found
    module_name, function, _ = COMMANDS[name]
    assert command is getattr(sys.modules[f"mlprog.commands.{module_name}"], function)
    return typed(values)


def typed(values: dict[str, Any]) -> dict[str, Any]:
    """Each value with its type: a StrEnum member equals its text, an int its float."""
    return {
        name: [(type(v), v) for v in value] if isinstance(value, list) else (type(value), value)
        for name, value in values.items()
    }


def test_the_table_is_what_typer_builds_today() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "direct_table.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_table_covers_the_commands_that_matter_for_start_up() -> None:
    assert {"rank", "filter", "compare", "show", "chart", "cost", "payoff", "states", "validate"} <= set(
        COMMANDS
    )
    assert not {"apply", "shortlist", "import", "config", "browse"} & set(COMMANDS)


PLAIN = [
    ["rank"],
    ["rank", "--json"],
    ["rank", "--state", "CA", "--state", "NY", "--type", "public", "-n", "3", "--json"],
    ["rank", "--max-tuition", "20k", "--min-score", "50", "--min-graduation-rate", "90"],
    ["rank", "-w", "score=2", "-w", "tuition=-1", "--sort", "score", "--reverse", "--explain"],
    ["rank", "--limit=5", "--fields=id,name", "--format", "csv"],
    ["rank", "--profile", "value", "--include-unknown", "--unranked", "--frontier", "--shortlist"],
    ["filter", "--lab", "robotics", "--partner", "Amazon", "--search", "computer vision"],
    ["filter", "--explain", "cmu", "--delivery", "online", "--employer", "Google"],
    ["compare", "cmu", "usc", "uw"],
    ["compare", "--top", "3", "--state", "CA", "--json"],
    ["show", "cmu"],
    ["show", "new", "york", "university", "--json"],
    ["show", "cmu", "--data", "some.toml", "--no-color", "--no-pager"],
    ["chart", "--json"],
    ["cost", "cmu", "usc", "--json"],
    ["payoff", "--top", "25"],
    ["states"],
    ["careers", "--json"],
    ["guide"],
    ["profiles"],
    ["fields", "--json"],
    ["schema", "show"],
    ["validate", "data.toml", "--json"],
    ["sources", "--data", "mine.toml"],
]


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_a_plain_line_gives_the_command_what_typer_gives_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = typer_values(argv, monkeypatch)
    assert expected is not None, "Typer reads it"
    assert direct_values(argv) == expected


DECLINED = [
    ["rank", "--help"],
    ["rank", "-h"],
    ["rank", "-n5"],
    ["rank", "--limit", "0"],  # below the range: Typer's message
    ["rank", "--limit", "abc"],
    ["rank", "--limit", "+5"],
    ["rank", "--limit", "1", "--limit", "2"],  # Click keeps the last; the table does not guess
    ["rank", "--type", "PUBLIC"],  # Click folds the case; its rule, not the table's
    ["rank", "--state", "-x"],
    ["rank", "--json=1"],
    ["rank", "--max-tuition", "lots"],  # the parser refuses it: Typer says how
    ["rank", "--", "x"],
    ["rank", "extra"],
    ["rank", "--bogus"],
    ["show"],  # a required argument missing
    ["shows", "cmu"],
    ["apply", "list"],
    ["--version"],
    [],
]


@pytest.mark.parametrize("argv", DECLINED, ids=lambda argv: " ".join(argv) or "(none)")
def test_any_other_line_goes_to_typer(argv: list[str]) -> None:
    assert direct.read(argv) is None


def test_mlprog_data_and_completion_go_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert direct.read(["rank", "--json"]) is not None
    monkeypatch.setenv("MLPROG_DATA", "other.toml")
    assert direct.read(["rank", "--json"]) is None
    assert direct.read(["rank", "--json", "--data", "mine.toml"]) is not None  # the option wins
    monkeypatch.delenv("MLPROG_DATA")
    monkeypatch.setenv("_MLPROG_COMPLETE", "complete_bash")
    assert direct.read(["rank", "--json"]) is None


# Words a person might type after a command: options of every kind, good and bad values.
_WORDS = st.sampled_from(
    [
        *("--json", "--state", "CA", "ny", "--type", "public", "private", "Public", "--limit", "-n"),
        *("3", "0", "-1", "1.5", "x", "--min-score", "50", "50.5", "101", "nan", "--max-tuition"),
        *("15k", "$20,000", "--sort", "score", "tuition", "--reverse", "-w", "score=2", "--top"),
        *("cmu", "usc", "--format", "csv", "markdown", "--fields", "id,name", "--explain", "--help"),
        *("--lab", "robotics", "--no-color", "--data", "", "-", "--", "--limit=2", "--bogus"),
        *("--min-graduation-rate", "90", "--include-unknown", "-p", "value", "--years", "2"),
    ]
)


@given(
    command=st.sampled_from(["rank", "filter", "compare", "show", "chart", "cost", "payoff"]),
    words=st.lists(_WORDS, max_size=7),
)
def test_any_line_is_read_alike_or_left_to_typer(command: str, words: list[str]) -> None:
    argv = [command, *words]
    found = direct_values(argv)
    if found is None:
        return
    with pytest.MonkeyPatch.context() as patch:
        assert typer_values(argv, patch) == found, argv
