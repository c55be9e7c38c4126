"""One declaration per idea: the output options, the selection options, a selection's keywords.

The output options (``--format``, ``--json``, ``--fields``, ``--no-color``,
``--data``) reach every command that emits data through ``@emitting()``; the
selection options reach a command as one frozen, typed record, ``Picked``; and
``rank_programs`` and ``select_programs`` pass on the one declaration of a
selection's keywords, ``Choosing``, instead of copying ``choose``'s.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest

import mlprog
from mlprog.answers.selection import Choosing
from mlprog.cli import app
from mlprog.commands import options
from mlprog.commands.declare import declared_in
from mlprog.commands.selecting import OPTIONS, Picked, selecting
from mlprog.formats import OutputFormat
from mlprog.output import Output
from mlprog.user.settings import Settings

COMMANDS = Path(options.__file__).resolve().parent

#: The annotations @emitting() gives, by the parameter Typer sees.
OUTPUT_OPTIONS = {
    "output_format": options.FormatOption,
    "json_output": options.JsonOption,
    "fields": options.FieldsOption,
    "no_color": options.NoColorOption,
}
#: Commands that emit data in one fixed form, so take no output option.
FIXED_FORM = {"note"}


def registered() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every command of the app, as ``mlprog NAME`` names it, with its callback."""
    for info in app.registered_commands:
        assert info.callback is not None
        yield info.name or info.callback.__name__, info.callback
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for info in group.typer_instance.registered_commands:
            assert info.callback is not None
            yield f"{group.name} {info.name}", info.callback


def option_names(parameter: inspect.Parameter) -> set[str]:
    """The flags of a parameter's Typer option (none for an argument or a plain parameter)."""
    info = next(iter(getattr(parameter.annotation, "__metadata__", ())), None)
    if info is None or type(info).__name__ != "OptionInfo":
        return set()
    return {name for name in (info.default, *info.param_decls) if isinstance(name, str)}


def is_output_option(parameter: inspect.Parameter) -> bool:
    """--json, --fields, --no-color, or a --format that chooses among mlprog's output formats.

    (``apply export --format`` names a file format, ics: it is that command's own.)
    """
    names = option_names(parameter)
    if names & {"--json", "--fields", "--no-color"}:
        return True
    return "--format" in names and OutputFormat in typing.get_args(typing.get_args(parameter.annotation)[0])


def test_every_command_that_emits_takes_its_output_options_from_emitting() -> None:
    emitters = []
    for name, callback in registered():
        parameters = inspect.signature(callback).parameters.values()
        given = getattr(callback, "emitting", None)
        source = inspect.getsource(inspect.unwrap(callback))
        if given is None:
            assert not any(is_output_option(p) for p in parameters), f"{name}: declares output options itself"
            assert "emit(" not in source or name in FIXED_FORM, f"{name}: emits without @emitting()"
            continue
        emitters.append(name)
        for parameter in parameters:
            if is_output_option(parameter) or parameter.name == "data":
                assert parameter.name in given, f"{name}: {parameter.name} is not @emitting()'s"
                # The very declaration in options.py, not a copy of it.
                expected = options.DataOption if parameter.name == "data" else OUTPUT_OPTIONS[parameter.name]
                made = declared_in(expected).made()  # type: ignore[union-attr]
                assert parameter.annotation.__metadata__ == (made,), f"{name}: {parameter.name}"
    assert len(emitters) == 20, emitters  # the 15 that read the settings, and 5 that do not


def test_no_command_module_builds_its_output_from_the_options() -> None:
    for path in sorted(COMMANDS.glob("*.py")):
        if path.name == "options.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "from_options" not in source, path.name
        for alias in ("FormatOption", "JsonOption", "FieldsOption", "NoColorOption"):
            assert alias not in source, f"{path.name} names {alias}: use @emitting()"


def test_emitting_leaves_out_what_a_command_does_not_take() -> None:
    def command(out: Any, data: Any) -> None:
        """A command."""

    def listed(**choices: bool) -> list[str]:
        return list(inspect.signature(options.emitting(**choices)(command)).parameters)

    assert listed() == ["output_format", "json_output", "fields", "no_color", "no_pager", "data"]
    assert listed(fields=False) == ["output_format", "json_output", "no_color", "no_pager", "data"]
    assert listed(fields=False, no_color=False) == ["output_format", "json_output", "no_pager", "data"]
    assert listed(read_settings=False) == listed()  # --format and --json, always


def test_emitting_gives_the_output_asked_for_and_the_settings_read_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}
    reads: list[Settings] = []
    read_settings = options.load_settings

    def counted() -> Settings:
        reads.append(read_settings())
        return reads[-1]

    monkeypatch.setattr(options, "load_settings", counted)

    @options.emitting(extra_fields=("matched",))
    def command(out: Any, settings: Any, data: Any, limit: int = 0) -> None:
        """A command."""
        seen.update(out=out, settings=settings, data=data, limit=limit)

    command(
        output_format=None,
        json_output=True,
        fields="id,matched",
        no_color=True,
        no_pager=True,
        data="x.toml",
        limit=3,
    )
    assert seen["out"] == Output(OutputFormat.json, ("id", "matched"), True, None)  # --no-pager
    assert len(reads) == 1
    assert seen["settings"] is reads[0]
    assert (seen["data"], seen["limit"]) == ("x.toml", 3)
    with pytest.raises(mlprog.UsageError, match="conflict"):
        command(
            output_format=OutputFormat.csv,
            json_output=True,
            fields=None,
            no_color=False,
            no_pager=False,
            data=None,
        )


def test_the_selection_record_is_frozen_and_typed() -> None:
    picked = Picked(state=("CA",), weight=("score=2",))
    with pytest.raises(AttributeError):
        picked.state = ("NY",)  # type: ignore[misc]
    hints = typing.get_type_hints(Picked, localns=vars(mlprog.commands.selecting))
    declared = typing.get_type_hints(Picked, localns=vars(mlprog.commands.selecting), include_extras=True)
    options = [name for name in Picked._fields if typing.get_origin(declared[name]) is Annotated]
    assert list(OPTIONS) == options
    assert "by_match" in Picked._fields
    assert "by_match" not in OPTIONS
    for name in Picked._fields:
        assert hints[name] is not Any, name
        if name not in OPTIONS:
            continue
        # The field's type is the option's, a repeatable option's list held as a tuple.
        typed_as = typing.get_args(OPTIONS[name][0])[0]
        as_held = typing.Union[tuple(_held(arg) for arg in typing.get_args(typed_as) or (typed_as,))]  # noqa: UP007
        assert hints[name] == as_held, name
        assert Picked._field_defaults[name] == OPTIONS[name][1], name
        assert getattr(Picked(), name) == OPTIONS[name][1], name


def _held(kind: Any) -> Any:
    return tuple[typing.get_args(kind)[0], ...] if typing.get_origin(kind) is list else kind


def test_a_command_receives_the_selection_options_as_the_record() -> None:
    received: list[Picked] = []

    @selecting(by_match=True)
    def command(picked: Picked) -> None:
        """A command."""
        received.append(picked)

    defaults = {name: default for name, (_, default) in OPTIONS.items()}
    command(**{**defaults, "state": ["CA", "NY"], "lab": ["robotics"], "reverse": True})
    (picked,) = received
    assert isinstance(picked, Picked)
    assert (picked.state, picked.lab, picked.reverse, picked.by_match) == (
        ("CA", "NY"),
        ("robotics",),
        True,
        True,
    )
    assert picked.narrows
    assert not Picked().narrows


def test_rank_and_select_pass_on_one_declaration_of_a_selection() -> None:
    for question in (mlprog.rank_programs, mlprog.select_programs):
        keywords = [p for p in inspect.signature(question).parameters.values() if p.kind is p.VAR_KEYWORD]
        assert [(p.name, p.annotation) for p in keywords] == [("choice", "Unpack[Choosing]")]
        with pytest.raises(TypeError, match="'bogus'"):
            question(mlprog.load_dataset(), mlprog.Criteria(), bogus=1)  # type: ignore[call-arg]
    assert set(Choosing.__optional_keys__) == {
        "profile",
        "weights",
        "include_unknown",
        "sort",
        "reverse",
        "limit",
        "pool",
        "explain",
        "frontier",
    }


def test_the_documented_call_keeps_working() -> None:
    data = mlprog.load_dataset()
    ranking = mlprog.rank_programs(
        data, mlprog.Criteria(type="public"), weights=(("score", 2), ("tuition", -1))
    )
    assert ranking.programs
    assert all(program.type == "public" for program in ranking.programs)
    scores = [score.score for score in ranking.scores]
    assert scores
    assert scores == sorted(scores, reverse=True)  # by the personal score the weights make


def test_a_decorated_command_leaves_typer_only_the_annotations_it_must_resolve() -> None:
    """Typer reads a declared option from the signature; ``__annotations__`` (which it resolves
    with typing.get_type_hints, rebuilding each Annotated type) keeps only the others."""
    import typer
    from typer.testing import CliRunner

    from mlprog.commands import explore

    seen: dict[str, Any] = {}

    def command_itself(out: Output, times: int = 1, label: str = "x") -> None:
        seen.update(times=times, label=label, out=out)

    # As a command module declares them (no future import there: objects, not text).
    command_itself.__annotations__ = {"out": Output, "times": int, "label": Annotated[str, typer.Option()]}
    counting = options.emitting(fields=False)(command_itself)
    assert set(counting.__annotations__) == {"times"}
    assert set(inspect.signature(counting).parameters) >= {"times", "label", "json_output"}
    assert explore.rank.__annotations__ == {}  # every one of rank's parameters is declared
    assert "sort" in inspect.signature(explore.rank).parameters

    command = typer.Typer()
    command.command()(counting)
    result = CliRunner().invoke(command, ["--times", "3", "--label", "y", "--json"])
    assert result.exit_code == 0, result.output
    assert seen["times"] == 3  # an int, as the annotation Typer resolved says
    assert (seen["label"], seen["out"].format) == ("y", OutputFormat.json)


def test_a_decorated_command_makes_its_signature_only_when_asked() -> None:
    """A module of commands decorates several when imported; Typer asks for the signature of the
    one being run, and only then is it made (each took about 0.7 M instructions)."""
    import subprocess
    import sys

    probe = (
        "import inspect, mlprog.commands.explore as e\n"
        "made = [n for n in ('rank', 'filter_command', 'compare', 'chart')"
        " if getattr(e, n)._signature is not None]\n"
        "print(made, list(inspect.signature(e.compare).parameters)[-3:], e.compare._signature is not None)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[0] == "[] ['no_color', 'no_pager', 'data'] True"

    seen: dict[str, Any] = {}

    def command_itself(picked: Picked, out: Output, settings: Settings, data: str | None) -> None:
        seen.update(picked=picked, out=out)

    command_itself.__annotations__ = {
        "picked": Picked,
        "out": Output,
        "settings": Settings,
        "data": str | None,
    }
    decorated = selecting()(options.emitting()(command_itself))
    assert decorated._signature is None  # type: ignore[attr-defined]
    assert decorated.emitting == ("output_format", "json_output", "fields", "no_color", "no_pager", "data")  # type: ignore[attr-defined]
    assert inspect.unwrap(decorated) is command_itself
    assert decorated.__name__ == "command_itself"
    parameters = list(inspect.signature(decorated).parameters)
    assert parameters[:2] == ["state", "program_type"]
    assert parameters[-6:] == ["output_format", "json_output", "fields", "no_color", "no_pager", "data"]
    assert decorated._signature is not None  # type: ignore[attr-defined]
    defaults = {name: p.default for name, p in inspect.signature(decorated).parameters.items()}
    decorated(**{**defaults, "state": ["CA"], "json_output": True})
    assert seen["picked"].state == ("CA",)
    assert seen["out"].format is OutputFormat.json
