"""Every option that selects programs, declared once, and the decorator that gives them to a command.

rank, filter, compare --top and cost --top/--shortlist take the same
criteria, profile, weights and order. A command decorated with
:func:`selecting` names one parameter, ``picked: Picked``, and receives every
selection option in it, as a frozen record with a typed field for each (a NamedTuple: a
frozen dataclass took seven times as long to define); its ``--help`` lists them in one
block, before the output options.
"""

import copy
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from ..answers import BUNDLED_SOURCED, holds_bundled_figures
from ..errors import BadOptionValue, NothingSelected, UsageError, lower_first
from ..model import NamedTuple
from .completion import complete_profiles, complete_programs
from .declare import Argument, Option
from .options import (
    Decorated,
    MaxTuitionOption,
    MinEarningsOption,
    MinGradOption,
    MinScoreOption,
    ProgramType,
    SortField,
    StateOption,
    TypeOption,
    criteria,
    delivery_formats,
)

if TYPE_CHECKING:
    import inspect

    from ..answers.selection import Selection
    from ..criteria import Criteria
    from ..model import Dataset, Program
    from ..user.settings import Settings
    from ..weights import Weights


def _detail(name: str, help_text: str, *aliases: str) -> Any:
    return Annotated[list[str] | None, Option(f"--{name}", *aliases, metavar="WORDS", help=help_text)]


def _flag(name: str, help_text: str) -> Any:
    return Annotated[bool, Option(name, help=help_text)]


class Picked(NamedTuple):
    """The selection options as typed (fields in the order --help lists them), and what they
    make of a data set. Each field is declared once, with its option."""

    state: Annotated[tuple[str, ...] | None, StateOption] = None
    program_type: Annotated[ProgramType | None, TypeOption] = None
    max_tuition: Annotated[int | None, MaxTuitionOption] = None
    min_graduation_rate: Annotated[int | None, MinGradOption] = None
    min_score: Annotated[float | None, MinScoreOption] = None
    min_earnings: Annotated[int | None, MinEarningsOption] = None
    partner: Annotated[
        tuple[str, ...] | None,
        _detail("partner", "An industry partner, e.g. Amazon (repeat for any of several)."),
    ] = None
    top_employer: Annotated[
        tuple[str, ...] | None, _detail("employer", "A top employer of graduates, e.g. Google.", "--hired-by")
    ] = None
    lab: Annotated[
        tuple[str, ...] | None, _detail("lab", "Words in a lab's name or focus, e.g. robotics, nlp.")
    ] = None
    degree: Annotated[
        tuple[str, ...] | None, _detail("degree", "Words in a degree's name, e.g. 'data science'.")
    ] = None
    delivery: Annotated[
        tuple[str, ...] | None,
        _detail("delivery", "Delivery format: online, part-time (or evening), full-time, on campus, hybrid."),
    ] = None
    faculty: Annotated[
        tuple[str, ...] | None, _detail("faculty", "Words in a faculty member's name or focus.")
    ] = None
    search: Annotated[
        tuple[str, ...] | None,
        _detail(
            "search",
            "Words found anywhere: names, cities, labs, partners, employers, degrees, faculty, "
            'summaries. All words must match; "quote" a phrase.',
        ),
    ] = None
    include_unknown: Annotated[
        bool,
        _flag(
            "--include-unknown",
            "Also list programs a criterion could not be checked on, because the source "
            "does not give what it looks at (marked ?).",
        ),
    ] = False
    unranked: Annotated[
        bool,
        _flag(
            "--unranked",
            "Also list the institutions of your College Scorecard import that the page does "
            "not rank (no rank, tuition or score; see mlprog import scorecard).",
        ),
    ] = False
    frontier: Annotated[
        bool,
        _flag(
            "--frontier",
            "Keep only the value frontier: the programs no other selected one beats on both "
            "tuition and score (cheaper and as good, or better and no dearer).",
        ),
    ] = False
    profile: Annotated[
        str | None,
        Annotated[
            str | None,
            Option(
                "--profile",
                "-p",
                metavar="NAME",
                autocompletion=complete_profiles,
                help="Rank by a profile's weights and filters ('none' for none; see mlprog profiles).",
            ),
        ],
    ] = None
    weight: Annotated[
        tuple[str, ...] | None,
        Annotated[
            list[str] | None,
            Option(
                "--weight",
                "-w",
                metavar="FIELD=NUMBER",
                help="Rank by your own weights (repeatable): score, tuition, graduation_rate, rank, "
                "a College Scorecard figure (as for --sort) or all_in_cost. A negative weight means "
                "lower is better, e.g. -w score=2 -w tuition=-1.",
            ),
        ],
    ] = None
    sort: Annotated[
        SortField | None,
        Annotated[
            SortField | None,
            Option(
                "--sort",
                case_sensitive=False,
                metavar="FIELD",
                help="Sort by this field, best first (cheapest tuition, highest score and rate, A to Z): "
                "rank, score, tuition, graduation_rate, name, id, city, state, type, a College "
                "Scorecard figure (earnings_1yr, earnings_4yr, earnings_5yr, debt_median, "
                "debt_to_earnings, completions), or all_in_cost (as payoff works it out). "
                "Default: rank, or the personal score when weighted (filter: full matches first).",
            ),
        ],
    ] = None
    reverse: Annotated[bool, _flag("--reverse", "Reverse the sort order.")] = False
    shortlist: Annotated[
        bool, _flag("--shortlist", "Only the programs on your shortlist (see mlprog shortlist).")
    ] = False
    #: Not an option: the command's default order puts full matches first (filter).
    by_match: bool = False

    @property
    def narrows(self) -> bool:
        """Whether any option that chooses or orders programs was given."""
        # `is`, not `in`: 0 == False, and `--min-score 0` is given as much as `--min-score 50`.
        return any(not _unset(getattr(self, name)) for name in OPTIONS)

    def widen(
        self, dataset: "Dataset", fields: Sequence[str | None] = (), living: int | None = None
    ) -> "Dataset":
        """The data set, with the unranked institutions of the user's import if --unranked asks,
        and the bundled College Scorecard figures when --sort, --weight or ``fields`` (a chart's
        axes, --fields) name one and the user has no import of their own."""
        if self.unranked:
            from ..dataset.load import with_unranked

            dataset = with_unranked(dataset)
        return with_bundled_figures(dataset, self.fields_used(fields), living)

    def fields_used(self, fields: Sequence[str | None] = ()) -> set[str]:
        """The fields --sort, --weight, --min-earnings and the caller's own (a chart's axes) name."""
        named = {self.sort.value if self.sort else None, *fields}
        named |= {weight.partition("=")[0].strip() for weight in self.weight or ()}
        if self.min_earnings is not None:  # an import's a year after, else the bundled figures
            named.add("min_earnings")
        return {name for name in named if name}

    def details(self) -> dict[str, tuple[str, ...]]:
        """The detail criteria given: --partner, --lab, --search and the others."""
        found: dict[str, tuple[str, ...]] = {}
        for name, values in (
            ("partner", self.partner),
            ("employer", self.top_employer),
            ("lab", self.lab),
            ("degree", self.degree),
            ("delivery", self.delivery),
            ("faculty", self.faculty),
            ("search", self.search),
        ):
            if values is None:
                continue
            from ..text.matching import fold

            if not all(fold(v) for v in values):
                raise BadOptionValue(
                    "needs some words to match (letters or digits), not an empty string or punctuation",
                    param_hint=f"--{name}",
                )
            found[name] = delivery_formats(values) if name == "delivery" else values
        return found

    def criteria(self, dataset: "Dataset", settings: "Settings") -> "Criteria":
        """The criteria the options describe (a profile's filters are added by the selection), saying
        whether the College Scorecard figures are the bundled ones (see :meth:`widen`)."""
        bundled = holds_bundled_figures(dataset.programs)
        return criteria(
            dataset,
            settings,
            self.state,
            self.program_type,
            self.max_tuition,
            self.min_graduation_rate,
            self.min_score,
            self.details(),
            self.min_earnings,
        )._replace(bundled_figures=bundled)

    def select(
        self,
        dataset: "Dataset",
        settings: "Settings",
        *,
        limit: int | None = None,
        explain: bool = False,
        pool: "list[Program] | None" = None,
    ) -> "Selection":
        """The selection these options make of the data set (a shortlist read if asked for)."""
        from ..answers.selection import choose
        from .common import on_shortlist, ranking_choice

        wanted = self.criteria(dataset, settings)
        weights: Weights = ()
        if self.by_match and self.profile is None and not self.weight:
            profile_name = None  # filter ranks only when asked to
        else:
            profile_name, weights = ranking_choice(self.profile, self.weight, settings, dataset)
        if pool is None and self.shortlist:
            pool = on_shortlist(dataset.programs)
        return choose(
            dataset,
            wanted,
            by_match=self.by_match,
            profile=profile_name,
            weights=weights,
            include_unknown=self.include_unknown,
            sort=self.sort.value if self.sort else None,
            reverse=self.reverse,
            limit=limit,
            pool=pool,
            explain=explain,
            frontier=self.frontier,
        )


#: name -> (annotation, default): the selection options, in the order --help lists them. A field's
#: annotation is ``Annotated[type as held, the option's own Annotated declaration]``.
OPTIONS: dict[str, tuple[Any, Any]] = {
    name: (Picked.__annotations__[name].__metadata__[0], Picked._field_defaults[name])
    for name in Picked._fields
    if hasattr(Picked.__annotations__[name], "__metadata__")
}
#: Where the selection options go in a command's parameters: before the first of these.
_BEFORE = ("output_format", "json_output", "fields", "no_color", "data")


F = TypeVar("F", bound=Callable[..., Any])


def _without(annotation: Any, taken: tuple[str, ...]) -> Any:
    """The option's annotation with the flags the command keeps for itself taken out of its names.

    In ``Annotated``, Typer reads ``Option``'s first name from its ``default`` slot.
    """
    kind, info = annotation.__origin__, annotation.__metadata__[0]
    names = (info.default, *info.param_decls)
    kept = tuple(name for name in names if name not in taken)
    if kept == names:
        return annotation
    renamed = copy.copy(info)
    renamed.default, renamed.param_decls = kept[0], kept[1:]
    return Annotated[kind, renamed]


@functools.cache
def _parameters(taken: tuple[str, ...]) -> "tuple[inspect.Parameter, ...]":
    """The selection options as parameters, made once for every command that takes them alike
    (each module of commands decorates several at import: a run pays for all of them)."""
    import inspect

    return tuple(
        inspect.Parameter(
            name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=default,
            annotation=_without(annotation, taken),
        )
        for name, (annotation, default) in OPTIONS.items()
    )


def selecting(*, by_match: bool = False, taken: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Give a command every selection option, gathered into its ``picked`` parameter.

    ``by_match``: the default order puts full matches first (filter) rather
    than following the ranking, and the user's default profile is not applied.
    ``taken``: flags the command uses for something else (cost's ``--employer``
    is your employer); the criterion keeps its other name (``--hired-by``).
    """

    def decorate(command: F) -> F:
        def parameters(signature: "inspect.Signature") -> "list[inspect.Parameter]":
            own = [p for p in signature.parameters.values() if p.name != "picked"]
            at = next((i for i, p in enumerate(own) if p.name in _BEFORE), len(own))
            return [*own[:at], *_parameters(taken), *own[at:]]

        def run(**kwargs: Any) -> Any:
            typed = {name: kwargs.pop(name) for name in OPTIONS}
            # A repeatable option comes as a list; the record holds a tuple, and cannot change.
            values: dict[str, Any] = {n: tuple(v) if isinstance(v, list) else v for n, v in typed.items()}
            return command(picked=Picked(**values, by_match=by_match), **kwargs)

        return Decorated(command, run, parameters)  # type: ignore[return-value]

    return decorate


#: The fields the bundled Scorecard outcomes fill (figures.outcomes.FILLED; a test checks they agree).
BUNDLED_OUTCOME_FIELDS = BUNDLED_SOURCED


def with_bundled_figures(dataset: "Dataset", fields: set[str], living: int | None = None) -> "Dataset":
    """The data set with the bundled College Scorecard figures filled in when these fields name one
    (or ``min_earnings``, which then checks them) and no program has the user's own import (which
    then stays in use), saying whose figures they are and whom they cover; and with each program's
    all-in cost when they name it (``living``: the user's monthly figure, else HUD's rent)."""
    if "all_in_cost" in fields:
        from ..answers.payoff import with_all_in_cost

        dataset = with_all_in_cost(dataset, living)
    wanted = sorted(fields & BUNDLED_OUTCOME_FIELDS)
    if "min_earnings" in fields:
        wanted.append("--min-earnings (median earnings four years after, else a year after)")
    if not wanted or any(p.scorecard is not None for p in dataset.programs):
        return dataset
    from ..figures.outcomes import source, with_bundled_outcomes
    from .common import say

    about = source()
    say(
        f"{', '.join(wanted)}: the bundled College Scorecard figures "
        f"(release {about.get('release', '')}). {about.get('coverage', '')}"
    )
    return dataset._replace(programs=with_bundled_outcomes(dataset.programs))


NamedProgramsArgument = Annotated[
    list[str] | None,
    Argument(
        metavar="PROGRAM...",
        help="Ids, aliases or names (or use --top N or --shortlist).",
        show_default=False,
        autocompletion=complete_programs,
    ),
]
TopOption = Annotated[
    int | None,
    Option(
        "--top",
        min=1,
        metavar="N",
        help="The first N programs the rank and filter options select (in rank order by default).",
    ),
]


def picked_programs(
    picked: Picked, dataset: "Dataset", settings: "Settings", top: int | None, named: "list[Program]"
) -> "list[Program]":
    """The programs --top N or --shortlist choose (none without either), saying what was left out."""
    from .common import on_shortlist, say

    if top is None and not picked.shortlist:
        if picked.narrows:
            raise UsageError(
                "the selection options choose programs for --top N or --shortlist: add one of them, "
                "or name the programs only"
            )
        return []
    pool = on_shortlist(dataset.programs) if picked.shortlist else None
    selection = picked.select(dataset, settings, limit=top, pool=pool)
    for line in selection.notes:
        say(line)
    if not selection.matches and not named:
        raise NothingSelected(lower_first(selection.empty_note))
    chosen = list(selection.programs)
    if pool is not None and top is None and not (picked.sort or picked.profile or picked.weight):
        order = {program.id: place for place, program in enumerate(pool)}
        chosen.sort(key=lambda program: order[program.id])  # your shortlist, in your order
    return chosen


def _unset(value: object) -> bool:
    """Whether an option's value is its default: None, False or an empty tuple (never 0)."""
    return value is None or value is False or (isinstance(value, tuple) and not value)
