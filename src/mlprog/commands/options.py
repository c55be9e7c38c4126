"""The command-line options commands share, declared once, and what turns them into core values.

Each option is an ``Annotated`` alias that a command names as a parameter
(Typer reads options from parameters, so a shared option must be one). The
output options (``--format``, ``--json``, ``--fields``, ``--no-color``,
``--data``) are given by one decorator, :func:`emitting`, which also turns them
into the :class:`~mlprog.output.Output` a command emits to. Shell completion
functions are here too: a broken data file must not break the shell, so they
complete to nothing on a data error.

No ``from __future__ import annotations`` here or in the command modules:
Typer would then ``eval`` every annotation of every command on each run.
"""

import math
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from ..criteria import Criteria
from ..dataset.states import state_code
from ..dataset.validators import MONEY_CEILING
from ..errors import BadOptionValue, nearest, shown
from ..files.reading import DATA_ENV
from ..formats import OutputFormat
from ..output import Output
from ..user.settings import load_settings
from .completion import complete_fields, complete_program_words, complete_programs, complete_states
from .declare import Argument, Option, typer_signature

if TYPE_CHECKING:
    import inspect

    from ..model import Dataset
    from ..user.settings import Settings


# --- option types -----------------------------------------------------------------------


class ProgramType(StrEnum):
    """The two kinds of institution the source distinguishes."""

    public = "public"
    private = "private"


class SortField(StrEnum):
    """The fields a listing sorts by (their directions are in :data:`mlprog.query.SORT_FIELDS`)."""

    rank = "rank"
    score = "score"
    tuition = "tuition"
    graduation_rate = "graduation_rate"
    name = "name"
    id = "id"
    city = "city"
    state = "state"
    type = "type"
    earnings_1yr = "earnings_1yr"
    earnings_4yr = "earnings_4yr"
    earnings_5yr = "earnings_5yr"
    debt_median = "debt_median"
    debt_to_earnings = "debt_to_earnings"
    completions = "completions"
    all_in_cost = "all_in_cost"


# --- options ------------------------------------------------------------------------------

DataOption = Annotated[
    str | None,
    Option(
        "--data",
        envvar=DATA_ENV,
        metavar="PATH",
        help="Use this data file instead of the bundled one.",
        show_envvar=True,
    ),
]
JsonOption = Annotated[bool, Option("--json", help="Print JSON: the same as --format json.")]
FormatOption = Annotated[
    OutputFormat | None,
    Option("--format", "-f", case_sensitive=False, help="Output format (default: table)."),
]
FieldsOption = Annotated[
    str | None,
    Option(
        "--fields",
        metavar="LIST",
        autocompletion=complete_fields,
        help="Comma-separated fields to print, in order, e.g. id,name,tuition (see mlprog fields).",
    ),
]
NoColorOption = Annotated[
    bool, Option("--no-color", help="Print without colour (also: NO_COLOR=1, TERM=dumb).")
]
NoPagerOption = Annotated[
    bool, Option("--no-pager", help="Print long output straight, not through the pager.")
]
StateOption = Annotated[
    list[str] | None,
    Option(
        "--state",
        metavar="STATE",
        autocompletion=complete_states,
        help="Only programs in these states: a code or a name, repeated or comma-separated "
        "(--state CA,NY; 'all' for every state).",
    ),
]
TypeOption = Annotated[
    ProgramType | None,
    Option("--type", case_sensitive=False, help="Only public or only private programs."),
]


def parse_money(typed: str) -> int:
    """A sum of US dollars as people write it: ``15000``, ``15,000``, ``$15,000``, ``15k``, ``1.5m``."""
    cleaned = typed.strip().replace(",", "").replace("_", "").removeprefix("$").strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(cleaned[-1:], 1)
    number = cleaned[:-1] if factor != 1 else cleaned
    try:
        amount = float(number) * factor if len(number) <= 20 else math.nan
    except ValueError:
        amount = math.nan
    if not math.isfinite(amount) or amount < 0 or amount > MONEY_CEILING:
        raise BadOptionValue(
            f"{shown(typed)} is not an amount of US dollars from 0 to {MONEY_CEILING:,}; "
            "write it as 15000, 15,000, $15,000 or 15k"
        )
    return round(amount)


MaxTuitionOption = Annotated[
    int | None,
    Option(
        "--max-tuition",
        metavar="USD",
        parser=parse_money,
        help="Tuition at most this much per year: 15000, 15,000, $15,000 or 15k.",
    ),
]
MinGradOption = Annotated[
    int | None,
    Option(
        "--min-graduation-rate",
        min=0,
        max=100,
        metavar="PERCENT",
        help="Graduation rate at least this (programs with no rate are left out).",
    ),
]
MinEarningsOption = Annotated[
    int | None,
    Option(
        "--min-earnings",
        metavar="USD",
        parser=parse_money,
        help="Median earnings at least this: a year after, from your College Scorecard import (see "
        "mlprog import scorecard); without one, the bundled Scorecard figures' four years after "
        "(a year after where only that is given).",
    ),
]
MinScoreOption = Annotated[
    float | None, Option("--min-score", min=0, max=100, metavar="SCORE", help="Score at least this.")
]
LimitOption = Annotated[
    int | None, Option("--limit", "-n", min=1, metavar="N", help="Show at most N programs.")
]
ProgramArgument = Annotated[
    str,
    Argument(
        metavar="PROGRAM", help="An id, alias or full name, e.g. cmu.", autocompletion=complete_programs
    ),
]
ProgramWordsArgument = Annotated[
    list[str],
    Argument(
        metavar="PROGRAM",
        help="An id, alias or full name, e.g. cmu or new york u (quotes are optional).",
        autocompletion=complete_program_words,
    ),
]
ProgramsArgument = Annotated[
    list[str],
    Argument(
        metavar="PROGRAM...", help="One or more ids, aliases or names.", autocompletion=complete_programs
    ),
]


# --- the output options, given to a command by one decorator ------------------------------

F = TypeVar("F", bound=Callable[..., Any])

#: What :func:`emitting` gives a command, by the name of the parameter it declares for it.
GIVEN = ("out", "settings", "data")


def emitting(
    *,
    fields: bool = True,
    extra_fields: Sequence[str] = (),
    no_color: bool = True,
    read_settings: bool = True,
) -> Callable[[F], F]:
    """Give a command the output options, after its own, and the :class:`Output` they ask for.

    The command declares ``out: Output``, and may declare ``settings: Settings``
    (the user's settings, read once, which choose the format when none is
    given) and ``data: str | None`` (``--data``, offered only to a command that
    declares it). ``fields=False`` or ``no_color=False`` leave those options
    out; ``extra_fields`` are the field names ``--fields`` accepts besides a
    program's (``matched``, say). ``read_settings=False``: the settings are
    not read, and the format is a table unless --format or --json says
    otherwise (``paths`` and ``validate`` must work when the settings file
    does not). Every command that prints data takes both --format and --json.
    """
    offered = {
        "output_format": (FormatOption, None, True),
        "json_output": (JsonOption, False, True),
        "fields": (FieldsOption, None, fields),
        "no_color": (NoColorOption, False, no_color),
        "no_pager": (NoPagerOption, False, True),
    }
    options = {name: (annotation, default) for name, (annotation, default, on) in offered.items() if on}

    def decorate(command: F) -> F:
        given = [name for name in GIVEN if name in _parameter_names(command)]
        if "out" not in given or (not read_settings and "settings" in given):
            raise TypeError(f"{command.__name__}: @emitting gives out (and settings, if it reads them)")
        wanted = {**options, **({"data": (DataOption, None)} if "data" in given else {})}

        def parameters(signature: "inspect.Signature") -> "list[inspect.Parameter]":
            import inspect

            own = [p for p in signature.parameters.values() if p.name not in GIVEN]
            kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
            added = [
                inspect.Parameter(name, kind, default=d, annotation=a) for name, (a, d) in wanted.items()
            ]
            return [*own, *added]

        def run(**kwargs: Any) -> Any:
            typed = {name: kwargs.pop(name) for name in options}
            settings = load_settings() if read_settings else None
            out = Output.from_options(
                typed["output_format"],
                typed["json_output"],
                typed.get("fields"),
                typed.get("no_color", False),
                extra_fields,
                settings,
                typed["no_pager"],
            )
            values = {"out": out, "settings": settings, "data": kwargs.pop("data", None)}
            return command(**{name: values[name] for name in given}, **kwargs)

        decorated = Decorated(command, run, parameters)
        decorated.emitting = tuple(wanted)
        return decorated  # type: ignore[return-value]

    return decorate


def _parameter_names(command: Callable[..., Any]) -> tuple[str, ...]:
    """A command's parameters' names, read from its code where it has some (no signature made)."""
    code = getattr(command, "__code__", None)
    if code is None:
        import inspect

        return tuple(inspect.signature(command).parameters)
    return tuple(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])


class Decorated:
    """A command with the parameters a decorator gives it (:func:`emitting`,
    :func:`~mlprog.commands.selecting.selecting`), called as ``run``.

    Its signature, which Typer reads, is made when first asked for: a run asks
    for its own command's alone, and a module of commands decorates several
    when imported (the explorer's five took 3.6 million instructions, on every
    run of each of them, when each decorator made its signature at once).
    """

    def __init__(
        self,
        command: Callable[..., Any],
        run: Callable[..., Any],
        parameters: "Callable[[inspect.Signature], list[inspect.Parameter]]",
    ) -> None:
        for name in ("__module__", "__name__", "__qualname__", "__doc__"):
            setattr(self, name, getattr(command, name))
        self.__wrapped__ = command
        self.emitting: tuple[str, ...] | None = getattr(command, "emitting", None)  # read by the tests
        self._run, self._parameters = run, parameters
        self._signature: inspect.Signature | None = None
        self._annotations: dict[str, Any] | None = None

    @property
    def __signature__(self) -> "inspect.Signature":
        """The command's own parameters and the decorator's, in the order --help lists them,
        declared as Typer reads them (only Typer asks: :mod:`mlprog.direct` reads its table)."""
        if self._signature is None:
            import inspect

            signature = inspect.signature(self.__wrapped__)
            self._signature = typer_signature(signature.replace(parameters=self._parameters(signature)))
        return self._signature

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        """What Typer resolves (see :func:`hints_to_resolve`), made once: Typer asks three times."""
        if self._annotations is None:
            self._annotations = hints_to_resolve(list(self.__signature__.parameters.values()))
        return self._annotations

    def __call__(self, **kwargs: Any) -> Any:
        return self._run(**kwargs)


def hints_to_resolve(parameters: "Sequence[inspect.Parameter]") -> dict[str, Any]:
    """A decorated command's ``__annotations__``: only the parameters Typer needs them for.

    Typer takes an option's type and declaration from the signature, and
    resolves ``__annotations__`` (``typing.get_type_hints``, which rebuilds every
    ``Annotated`` type) only for a parameter declared without ``typer.Option`` or
    ``typer.Argument``: for rank's 35 options, a sixth of building the command.
    """
    import typer

    declared = typer.models.ParameterInfo
    return {
        p.name: p.annotation
        for p in parameters
        if not any(isinstance(meta, declared) for meta in getattr(p.annotation, "__metadata__", ()))
    }


# --- from option values to core values ---------------------------------------------------


def chosen_states(values: Sequence[str] | None, dataset: "Dataset", settings: "Settings") -> frozenset[str]:
    """The state codes asked for: --state values, else the user's default states; 'all' for none."""
    if values is None:
        return frozenset(settings.states.value)
    if [v.strip().lower() for v in values] == ["all"]:
        return frozenset()
    codes = set()
    typed = [part for value in values for part in value.split(",")]
    for value in typed:
        code = state_code(value)
        if code is None:
            from ..dataset.states import STATE_NAMES

            near = nearest(value, [*STATE_NAMES, *STATE_NAMES.values()])
            present = ", ".join(sorted({p.state for p in dataset.programs if p.state}))
            hint = f"; did you mean {' or '.join(near)}?" if near else ""
            raise BadOptionValue(
                f"{shown(value)} is not a US state or territory{hint} (a code or a name, such as CA "
                f"or California, or 'all'; states with programs: {present})",
                param_hint="--state",
            )
        codes.add(code)
    return frozenset(codes)


def criteria(
    dataset: "Dataset",
    settings: "Settings",
    state: Sequence[str] | None,
    program_type: ProgramType | None,
    max_tuition: int | None,
    min_graduation_rate: int | None,
    min_score: float | None,
    details: dict[str, tuple[str, ...]] | None = None,
    min_earnings: int | None = None,
) -> Criteria:
    """The criteria the selection options describe."""
    if min_score is not None and math.isnan(min_score):
        raise BadOptionValue("must be a number from 0 to 100, not nan", param_hint="--min-score")
    return Criteria(
        states=chosen_states(state, dataset, settings),
        type=program_type.value if program_type else None,
        max_tuition=max_tuition,
        min_graduation_rate=min_graduation_rate,
        min_score=min_score,
        details=details or {},
        min_earnings=min_earnings,
    )


def delivery_formats(values: Sequence[str]) -> tuple[str, ...]:
    """The delivery formats typed (``part time``, ``evening``), as the data names them."""
    from ..dataset.validators import DELIVERY_FORMATS, delivery_format

    formats = []
    for typed in (part for value in values for part in value.split(",")):
        found = delivery_format(typed)
        if found is None:
            raise BadOptionValue(
                f"{shown(typed)} is not a delivery format; formats: {', '.join(DELIVERY_FORMATS)} "
                "(also 'part time', 'evening', 'on campus')",
                param_hint="--delivery",
            )
        formats.append(found)
    return tuple(dict.fromkeys(formats))
