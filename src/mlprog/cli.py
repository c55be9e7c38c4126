"""The mlprog command line: the Typer app, its shared options, and the entry point.

Commands live in modules by subject and register on ``app`` when this module
imports them (at its end): :mod:`mlprog.cli_explore` (rank, filter, compare,
show), :mod:`mlprog.cli_plan` (profiles, cost), :mod:`mlprog.cli_data` (fields,
schema, validate) and :mod:`mlprog.cli_user` (shortlist, note, paths, config).
Each parses its options, asks the core, and hands the result to a renderer.

Start-up time matters here (see benchmarks/startup.py):

- Rich is imported only by the code paths that draw tables and cards.
- No command module uses ``from __future__ import annotations``: Typer would
  then ``eval`` every annotation of every command on each run.
- :func:`main` builds only the command being run (see :func:`_app_for`).
"""

import copy
import math
import os
import sys
from collections.abc import Callable, Iterable
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import MlprogError, shown
from .formats import OutputFormat
from .load import load_dataset
from .query import (
    SORT_FIELDS,
    Criteria,
    unique_programs,
)
from .sanitize import terminal_safe
from .states import state_code

if TYPE_CHECKING:
    from .model import Dataset, Program
    from .settings import Settings

DEBUG_ENV = "MLPROG_DEBUG"


class _Group(TyperGroup):
    """Turns mlprog's own errors into one line on stderr and their exit code."""

    # ctx is click's Context, which Typer vendors privately; Any avoids importing it.
    def invoke(self, ctx: Any) -> Any:
        _SETTINGS.clear()  # read afresh by each run (tests run many in one process)
        try:
            return super().invoke(ctx)
        except MlprogError as exc:
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="mlprog",
    help=(
        "Explore master's programs in machine learning: rank, filter, compare, show.\n\n"
        "Examples:\n\n"
        "  mlprog rank --state CA --type public\n\n"
        "  mlprog filter --partner Amazon --lab robotics\n\n"
        "  mlprog compare cmu usc uw\n\n"
        "  mlprog show cmu --json | jq .tuition\n\n"
        "  mlprog rank --profile value --explain\n\n"
        "  mlprog cost cmu uw --employer google\n\n"
        "  mlprog shortlist add cmu uw"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def error(message: str) -> None:
    """Write ``Error: message`` to stderr, with control characters made visible."""
    lines = [terminal_safe(line) for line in message.split("\n")]
    sys.stderr.write("Error: " + "\n".join(lines) + "\n")


# --- shell completion ----------------------------------------------------------------
# Each returns candidates for what the user has typed so far; a broken data file
# must not break the shell, so failures complete to nothing.


def _complete_programs(incomplete: str) -> list[tuple[str, str]]:
    try:
        programs = load_dataset().programs
    except MlprogError:
        return []
    typed = incomplete.lower()
    candidates = []
    for program in programs:
        for name in (program.id, *program.aliases):
            if name.lower().startswith(typed):
                candidates.append((name, program.name))
    return candidates


def _complete_fields(incomplete: str) -> list[str]:
    from .model import PROGRAM_FIELDS

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + name for name in PROGRAM_FIELDS if name.startswith(last)]


def _complete_states(incomplete: str) -> list[tuple[str, str]]:
    from .states import STATE_NAMES

    return [(code, name) for code, name in STATE_NAMES.items() if code.startswith(incomplete.upper())]


def _complete_data_ids(
    incomplete: str, entries: Callable[["Dataset"], Iterable[tuple[str, str]]]
) -> list[tuple[str, str]]:
    """(id, description) pairs from the data in use whose id starts with what is typed."""
    try:
        dataset = load_dataset()
    except MlprogError:
        return []
    return [(key, about) for key, about in entries(dataset) if key.startswith(incomplete.lower())]


def _complete_profiles(incomplete: str) -> list[tuple[str, str]]:
    return _complete_data_ids(incomplete, lambda data: ((p.id, p.title) for p in data.profiles))


def _complete_employers(incomplete: str) -> list[tuple[str, str]]:
    return _complete_data_ids(incomplete, lambda data: ((b.id, b.name) for b in data.employer_benefits))


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mlprog {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    """Explore master's programs in machine learning."""


# --- shared options ------------------------------------------------------------


class ProgramType(StrEnum):
    """The two kinds of institution the source distinguishes."""

    public = "public"
    private = "private"


SortField = Enum("SortField", {name: name for name in SORT_FIELDS}, type=str)  # type: ignore[misc]

DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="MLPROG_DATA",
        metavar="PATH",
        help="Use this data file instead of the bundled one.",
        show_envvar=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON: the same as --format json.")]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", case_sensitive=False, help="Output format (default: table)."),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="LIST",
        autocompletion=_complete_fields,
        help="Comma-separated fields to print, in order, e.g. id,name,tuition (see `mlprog fields`).",
    ),
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="Print without colour (also: NO_COLOR=1, TERM=dumb).")
]
StateOption = Annotated[
    list[str] | None,
    typer.Option(
        "--state",
        metavar="CODE",
        autocompletion=_complete_states,
        help="Only programs in this state (repeatable: --state CA --state NY; 'all' for every state).",
    ),
]
TypeOption = Annotated[
    ProgramType | None,
    typer.Option("--type", case_sensitive=False, help="Only public or only private programs."),
]
MaxTuitionOption = Annotated[
    int | None,
    typer.Option("--max-tuition", min=0, metavar="USD", help="Tuition at most this much per year."),
]
MinGradOption = Annotated[
    int | None,
    typer.Option(
        "--min-graduation-rate",
        min=0,
        max=100,
        metavar="PERCENT",
        help="Graduation rate at least this (programs with no rate are left out).",
    ),
]
MinScoreOption = Annotated[
    float | None, typer.Option("--min-score", min=0, max=100, metavar="SCORE", help="Score at least this.")
]
SortOption = Annotated[
    SortField,
    typer.Option(
        "--sort",
        case_sensitive=False,
        help="Sort by this field, best first (cheapest tuition, highest score and rate, A to Z).",
    ),
]
ReverseOption = Annotated[bool, typer.Option("--reverse", help="Reverse the sort order.")]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="Show at most N programs.")
]


_SETTINGS: list["Settings"] = []


def current_settings() -> "Settings":
    """The user's settings (environment and settings file), read once per run."""
    if not _SETTINGS:
        from .settings import load_settings

        _SETTINGS.append(load_settings())
    return _SETTINGS[0]


def _states(values: list[str] | None, dataset: "Dataset") -> frozenset[str]:
    if values is None:  # no --state: the user's default states, if any
        return frozenset(current_settings().states.value)
    if [v.strip().lower() for v in values] == ["all"]:
        return frozenset()
    codes = set()
    for value in values:
        code = state_code(value)
        if code is None:
            present = ", ".join(sorted({p.state for p in dataset.programs}))
            raise typer.BadParameter(
                f"{shown(value)} is not a US state or territory code. "
                f"States with programs: {present} (any US state or territory code, "
                "a state's name, or 'all' is accepted)",
                param_hint="--state",
            )
        codes.add(code)
    return frozenset(codes)


def _criteria(
    dataset: "Dataset",
    state: list[str] | None,
    program_type: ProgramType | None,
    max_tuition: int | None,
    min_graduation_rate: int | None,
    min_score: float | None,
    details: dict[str, tuple[str, ...]] | None = None,
) -> Criteria:
    if min_score is not None and math.isnan(min_score):
        raise typer.BadParameter("must be a number from 0 to 100, not nan", param_hint="--min-score")
    return Criteria(
        states=_states(state, dataset),
        type=program_type.value if program_type else None,
        max_tuition=max_tuition,
        min_graduation_rate=min_graduation_rate,
        min_score=min_score,
        details=details or {},
    )


def _unique(programs: list["Program"]) -> list["Program"]:
    """The programs with repeats dropped, saying so on stderr."""
    found, repeats = unique_programs(programs)
    for program in repeats:
        sys.stderr.write(f"Note: {program.id} is named more than once; it is shown once.\n")
    return found


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))


def _app_for(argv: list[str]) -> typer.Typer:
    """The app to run for these arguments: with only the named command, if one is.

    Typer builds a click command, with every option, for each registered
    command on every run; building only the one being run saves most of that.
    Top-level help, an unknown command (which gets "did you mean") and shell
    completion get the whole app.
    """
    name = next((arg for arg in argv if not arg.startswith("-")), None)
    if name is None or any(key.startswith("_MLPROG_COMPLETE") for key in os.environ):
        return app
    commands = [info for info in app.registered_commands if _command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if not commands and not groups:
        return app
    pruned = copy.copy(app)
    pruned.registered_commands = commands
    pruned.registered_groups = groups
    return pruned


def main() -> NoReturn:
    """Console-script entry point: run the app; an unforeseen error is one line, not a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")
    try:
        # The name is fixed so that `python -m mlprog` speaks and completes as `mlprog`.
        _app_for(sys.argv[1:])(prog_name="mlprog")
    except Exception as exc:  # the last line of defence
        if os.environ.get(DEBUG_ENV):
            raise
        error(
            f"internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in mlprog {__version__}. Please report it on mlprog's issue tracker "
            f"with the command you ran; {DEBUG_ENV}=1 shows the traceback."
        )
        sys.exit(1)
    sys.exit(0)


# The commands register on `app` as their modules are imported; they import from here.
from . import cli_data, cli_explore, cli_plan, cli_user  # noqa: E402, F401
