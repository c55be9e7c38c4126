"""Typer's copies of the option declarations (cli._shallow_copy, made for start-up): the same
copies as copy.copy made before, and commands built from them the same."""

from __future__ import annotations

import copy
from typing import Any

import typer
from typer.main import get_command
from typer.models import ArgumentInfo, OptionInfo

import mlprog.cli
from mlprog.commands.options import JsonOption


def test_a_declaration_copies_as_copy_copy_did() -> None:
    """A new object of the same class, with the same attributes, and independent of the first."""
    for declared in (
        typer.Option("--limit", "-n", help="How many.", min=1, show_default=False),
        typer.Argument(help="Programs."),
    ):
        copied = copy.copy(declared)
        assert copied is not declared
        assert type(copied) is type(declared)
        assert isinstance(copied, (OptionInfo, ArgumentInfo))
        assert vars(copied) == vars(declared)
        copied.help = "changed"
        assert declared.help != "changed"  # Typer changes its copies, never the declaration


def test_the_shared_declarations_are_unchanged_by_building_commands() -> None:
    """Building a command twice (every test's CliRunner does) gives it the same options."""
    (declared,) = (meta for meta in JsonOption.__metadata__ if isinstance(meta, OptionInfo))
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
