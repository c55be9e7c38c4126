"""What Typer reads while it builds a command: the shared option declarations, left as they were,
and a decorated command's annotations, made once (cheaper start-up)."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import pytest
import typer
from typer.main import get_command
from typer.models import OptionInfo

import mlprog.cli
from mlprog.commands import options
from mlprog.commands.declare import declared_in
from mlprog.commands.options import JsonOption
from mlprog.output import Output


def test_the_shared_declarations_are_unchanged_by_building_commands() -> None:
    """Building a command twice (every test's CliRunner does) gives it the same options."""
    declared = declared_in(JsonOption).made()  # type: ignore[union-attr]
    assert isinstance(declared, OptionInfo)
    before = dict(vars(declared))
    apps = [mlprog.cli._built(only="rank", completion=False) for _ in range(2)]
    first, second = (_described(get_command(app).commands["rank"].params) for app in apps)  # type: ignore[attr-defined]
    assert first == second
    assert ("json_output", ["--json"]) in [option[:2] for option in first]
    assert vars(declared) == before


def _described(params: list[Any]) -> list[tuple[Any, ...]]:
    """What a command's options are: names, flags, defaults, help, how many values, their type."""
    return [
        (p.name, p.opts, p.secondary_opts, p.default, getattr(p, "help", None), p.multiple, p.type.name)
        for p in params
    ]


def test_a_decorated_command_resolves_its_annotations_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer reads a command's __annotations__ three times while building it: made once, the same."""
    made: list[int] = []
    real = options.hints_to_resolve

    def counted(parameters: Any) -> dict[str, Any]:
        made.append(1)
        return real(parameters)

    monkeypatch.setattr(options, "hints_to_resolve", counted)
    command = options.emitting()(_emits)
    get_command(_one_command(command))
    assert len(made) == 1
    assert command.__annotations__ == real(list(inspect.signature(command).parameters.values()))


def _emits(out: Output, limit: Annotated[int, typer.Option(help="How many.")] = 3) -> None:
    """A command that emits."""


def _one_command(command: Any) -> typer.Typer:
    app = typer.Typer()
    app.command()(command)
    return app
