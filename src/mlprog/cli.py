"""The mlprog command line: each command parses options, asks the core, and renders.

Start-up time matters here (see benchmarks/startup.py):

- Rich is imported only by the code paths that draw tables and cards.
- This module does not use ``from __future__ import annotations``: Typer would
  then ``eval`` every annotation of every command on each run.
- :func:`main` builds only the command being run (see :func:`_app_for`).
"""

import copy
import math
import os
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import MlprogError, UsageError, shown
from .formats import OutputFormat, select, write_json, write_ndjson
from .load import check_files, load_dataset
from .model import PROFILE_KEYS
from .output import Output, emit_list, emit_one
from .query import (
    SORT_FIELDS,
    Criteria,
    best_ids,
    evaluate,
    filter_programs,
    find_program,
    find_programs,
    sort_programs,
    unique_programs,
)
from .sanitize import terminal_safe
from .states import state_code

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import RenderableType

    from .model import Dataset, Profile, Program
    from .personal import PersonalScore
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


def _complete_profiles(incomplete: str) -> list[tuple[str, str]]:
    try:
        profiles = load_dataset().profiles
    except MlprogError:
        return []
    return [(p.id, p.title) for p in profiles if p.id.startswith(incomplete.lower())]


def _complete_employers(incomplete: str) -> list[tuple[str, str]]:
    try:
        benefits = load_dataset().employer_benefits
    except MlprogError:
        return []
    return [(b.id, b.name) for b in benefits if b.id.startswith(incomplete.lower())]


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


# --- commands --------------------------------------------------------------------


ShortlistOption = Annotated[
    bool, typer.Option("--shortlist", help="Only the programs on your shortlist (see `mlprog shortlist`).")
]


def _on_shortlist(programs: "Sequence[Program]") -> list["Program"]:
    """The programs on the user's shortlist, in list order; ids gone from the data are reported."""
    from .paths import user_paths
    from .shortlist import read

    ids = read(user_paths().shortlist_file).programs
    if not ids:
        raise UsageError("your shortlist is empty: add programs with `mlprog shortlist add PROGRAM...`")
    by_id = {p.id: p for p in programs}
    gone = [pid for pid in ids if pid not in by_id]
    if gone:
        sys.stderr.write(f"Note: on your shortlist but no longer in the data: {', '.join(gone)}\n")
    return [by_id[pid] for pid in ids if pid in by_id]


def _note_on(program_id: str) -> str | None:
    """The user's note on a program, if any (the shortlist file is read only if it exists)."""
    from .paths import user_paths

    path = user_paths().shortlist_file
    if not path.exists():
        return None
    from .shortlist import read

    return read(path).notes.get(program_id)


def _ranking(
    dataset: "Dataset", profile: str | None, weight: list[str] | None
) -> tuple["Profile | None", tuple[tuple[str, float], ...]]:
    """The profile and weights to rank by: the flags, else your settings; ``--profile none`` for neither."""
    defaults: tuple[tuple[str, float], ...] = ()
    if profile is None and not weight:
        settings = current_settings()
        profile, defaults = settings.profile.value, settings.weights.value
    if profile is not None and profile.strip().lower() == "none":
        profile = None
    if profile is None and not weight and not defaults:
        return None, ()
    from .personal import combine_weights, find_profile, parse_weights

    chosen = find_profile(dataset, profile) if profile is not None else None
    mine = parse_weights(weight) if weight else defaults
    return chosen, combine_weights(chosen.weights if chosen else (), mine)


def _unique(programs: list["Program"]) -> list["Program"]:
    """The programs with repeats dropped, saying so on stderr."""
    found, repeats = unique_programs(programs)
    for program in repeats:
        sys.stderr.write(f"Note: {program.id} is named more than once; it is shown once.\n")
    return found


def _no_match_note(criteria: Criteria) -> str:
    return f"No programs match: {'; '.join(criteria.describe()) or 'no criteria'}."


@app.command()
def rank(
    state: StateOption = None,
    program_type: TypeOption = None,
    max_tuition: MaxTuitionOption = None,
    min_graduation_rate: MinGradOption = None,
    min_score: MinScoreOption = None,
    weight: Annotated[
        list[str] | None,
        typer.Option(
            "--weight",
            "-w",
            metavar="FIELD=NUMBER",
            help="Rank by your own weights (repeatable): score, tuition, graduation_rate, rank. "
            "A negative weight means lower is better, e.g. -w score=2 -w tuition=-1.",
        ),
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile",
            "-p",
            metavar="NAME",
            autocompletion=_complete_profiles,
            help="Rank by a profile's weights and filters ('none' for none).",
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show how much each weighted field adds to the personal score.")
    ] = False,
    sort: Annotated[
        SortField | None,
        typer.Option(
            "--sort",
            case_sensitive=False,
            help="Sort by this field, best first (cheapest tuition, highest score and rate, A to Z). "
            "Default: rank, or the personal score when weighted.",
        ),
    ] = None,
    reverse: ReverseOption = False,
    limit: LimitOption = None,
    shortlist: ShortlistOption = False,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """List programs in ranking order, or by your own weights, with optional filters.

    Programs with no graduation rate stay in the list (shown as a dash) and sort
    last; only --min-graduation-rate leaves them out. With --weight or --profile,
    each program gets a personal score from 0 to 100 (see README, "Personal ranking").
    """
    extra = ("personal_score", "personal")
    out = Output.from_options(output_format, json_output, fields, no_color, extra, current_settings())
    dataset = load_dataset(data)
    criteria = _criteria(dataset, state, program_type, max_tuition, min_graduation_rate, min_score)
    chosen, weights = _ranking(dataset, profile, weight)
    if chosen is not None:
        from .personal import with_profile

        criteria = with_profile(criteria, chosen)
    if explain and not weights:
        raise UsageError("--explain shows a personal score's make-up: add --weight or --profile")
    pool = _on_shortlist(dataset.programs) if shortlist else dataset.programs
    kept = [e.program for e in filter_programs(pool, criteria)]
    ranked: list[PersonalScore] = []
    if weights:
        from .personal import personal_scores

        ranked = personal_scores(kept, weights)
    scores = {s.program.id: s for s in ranked}
    if ranked and sort is None:  # weighted: best personal score first, unless --sort says otherwise
        programs = [s.program for s in (reversed(ranked) if reverse else ranked)]
    else:
        programs = sort_programs(kept, sort.value if sort else "rank", reverse)
    programs = programs[:limit]
    records = [p.as_dict() for p in programs]
    if scores:
        for record in records:
            personal = scores[record["id"]].as_dict()
            record["personal_score"] = personal["score"]
            record["personal"] = personal

    def table() -> "RenderableType":
        from .personal import describe_weights
        from .render import programs_table

        heading = None
        if weights:
            heading = f"Weights: {describe_weights(weights)}"
            if chosen is not None:
                heading = f"Profile {chosen.id} ({chosen.title}). " + heading
        shown_scores = [scores[p.id] for p in programs] if scores else None
        return programs_table(programs, dataset.meta, personal=shown_scores, explain=explain, heading=heading)

    emit_list(
        records,
        out,
        table,
        extra_fields=("personal_score",) if scores else (),
        empty_note=_no_match_note(criteria),
    )


@app.command("filter")
def filter_command(
    partner: Annotated[
        list[str] | None, typer.Option(help="Industry partner, e.g. Amazon (repeatable).")
    ] = None,
    employer: Annotated[
        list[str] | None, typer.Option(help="Top employer of graduates (repeatable).")
    ] = None,
    lab: Annotated[
        list[str] | None, typer.Option(help="Words in a lab's name or focus, e.g. robotics.")
    ] = None,
    degree: Annotated[
        list[str] | None, typer.Option(help="Words in a degree's name, e.g. 'data science'.")
    ] = None,
    delivery: Annotated[
        list[str] | None, typer.Option(help="Delivery format: online, part-time, full-time, on campus.")
    ] = None,
    faculty: Annotated[
        list[str] | None, typer.Option(help="Words in a faculty member's name or focus.")
    ] = None,
    search: Annotated[list[str] | None, typer.Option(help="Words anywhere in a program's text.")] = None,
    explain: Annotated[
        str | None,
        typer.Option(
            metavar="PROGRAM",
            autocompletion=_complete_programs,
            help="Say which criterion keeps this program out, or that it matches.",
        ),
    ] = None,
    state: StateOption = None,
    program_type: TypeOption = None,
    max_tuition: MaxTuitionOption = None,
    min_graduation_rate: MinGradOption = None,
    min_score: MinScoreOption = None,
    sort: SortOption = SortField.rank,  # type: ignore[attr-defined]
    reverse: ReverseOption = False,
    limit: LimitOption = None,
    shortlist: ShortlistOption = False,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """Find programs matching criteria, including partners, labs, degrees and faculty.

    Matching is case-insensitive on whole words or phrases. Different options
    must all hold (AND); a repeated option matches any of its values (OR).
    """
    out = Output.from_options(output_format, json_output, fields, no_color, ("matched",), current_settings())
    raw_details = {
        "partner": partner,
        "employer": employer,
        "lab": lab,
        "degree": degree,
        "delivery": delivery,
        "faculty": faculty,
        "search": search,
    }
    details: dict[str, tuple[str, ...]] = {}
    for name, values in raw_details.items():
        if values is None:
            continue
        if not all(v.strip() for v in values):
            raise typer.BadParameter("needs some words to match, not an empty string", param_hint=f"--{name}")
        details[name] = tuple(values)
    dataset = load_dataset(data)
    criteria = _criteria(dataset, state, program_type, max_tuition, min_graduation_rate, min_score, details)

    if explain is not None:
        _explain(find_program(dataset.programs, explain), criteria, out)
        return

    pool = _on_shortlist(dataset.programs) if shortlist else dataset.programs
    evaluations = filter_programs(pool, criteria)
    by_id = {e.program.id: e for e in evaluations}
    programs = sort_programs([e.program for e in evaluations], sort.value, reverse)[:limit]
    records = [{**p.as_dict(), "matched": by_id[p.id].matched} for p in programs]

    def table() -> "RenderableType":
        from .render import programs_table

        shown = [by_id[p.id] for p in programs] if details else None
        return programs_table(programs, dataset.meta, matches=shown)

    extra = ("matched",) if details else ()
    emit_list(records, out, table, extra_fields=extra, empty_note=_no_match_note(criteria))


def _explain(program: "Program", criteria: Criteria, out: Output) -> None:
    if out.fields is not None or out.format in (OutputFormat.csv, OutputFormat.markdown):
        raise UsageError("--explain prints a table or JSON; drop --fields and --format csv/markdown")
    verdict = evaluate(program, criteria)
    if out.is_json:
        report = {
            "id": program.id,
            "matches": verdict.passed,
            "failures": list(verdict.failures),
            "matched": verdict.matched,
        }
        write_json(report) if out.format is OutputFormat.json else write_ndjson([report])
        return
    from .render import explanation

    out.print(explanation(verdict, criteria.describe()))


@app.command()
def compare(
    programs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PROGRAM...",
            help="Two or more ids, aliases or names.",
            show_default=False,
            autocompletion=_complete_programs,
        ),
    ] = None,
    shortlist: Annotated[
        bool, typer.Option("--shortlist", help="Compare the programs on your shortlist (and any named).")
    ] = False,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """Put programs side by side: fields as rows, programs as columns, best marked ★."""
    out = Output.from_options(output_format, json_output, fields, no_color, ("best_in",), current_settings())
    dataset = load_dataset(data)
    named = find_programs(dataset.programs, programs or [])
    found = _unique((_on_shortlist(dataset.programs) if shortlist else []) + named)
    if len(found) < 2:
        raise UsageError(
            "compare needs at least two different programs"
            + (f"; to see one, run `mlprog show {found[0].id}`" if found else "")
        )
    best = best_ids(found)
    shown_fields = [f for f in out.fields if f != "best_in"] if out.fields is not None else None
    if shown_fields is not None:
        best = {name: ids for name, ids in best.items() if name in shown_fields}
    if out.format is OutputFormat.json:
        write_json({"programs": [select(p.as_dict(), shown_fields) for p in found], "best": best})
        return
    records = [{**p.as_dict(), "best_in": [name for name, ids in best.items() if p.id in ids]} for p in found]
    if out.format is OutputFormat.table:
        from .render import comparison_grid

        out.print(comparison_grid(records, best, dataset.meta, shown_fields))
        return
    emit_list(records, out, lambda: "", extra_fields=("best_in",))


@app.command()
def show(
    program: Annotated[
        str,
        typer.Argument(
            metavar="PROGRAM", help="An id, alias or full name, e.g. cmu.", autocompletion=_complete_programs
        ),
    ],
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """Print one program's full card: figures, degrees, labs, partners, outcomes, faculty."""
    out = Output.from_options(output_format, json_output, fields, no_color, (), current_settings())
    dataset = load_dataset(data)
    found = find_program(dataset.programs, program)

    note = _note_on(found.id)

    def card() -> "RenderableType":
        from .render import program_card

        return program_card(found, dataset.meta, note=note)

    record = found.as_dict()
    if note is not None:
        record["note"] = note
    emit_one(record, out, card)


@app.command()
def profiles(
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """List the ranking profiles, each with its weights and filters (use: rank --profile NAME)."""
    out = Output.from_options(output_format, json_output, None, no_color, (), current_settings())
    dataset = load_dataset(data)
    records = [profile.as_dict() for profile in dataset.profiles]

    def table() -> "RenderableType":
        from .render import profiles_table

        return profiles_table(dataset.profiles)

    emit_list(records, out, table, empty_note=f"No profiles in {dataset.path}.", fields_default=PROFILE_KEYS)


@app.command()
def cost(
    programs: Annotated[
        list[str],
        typer.Argument(
            metavar="PROGRAM...", help="One or more ids, aliases or names.", autocompletion=_complete_programs
        ),
    ],
    years: Annotated[
        float | None,
        typer.Option(
            min=0.1, max=10, metavar="YEARS", help="Full-time length in years, instead of the stated one."
        ),
    ] = None,
    part_time: Annotated[
        bool, typer.Option("--part-time", help="Study part time: a longer degree, the same total tuition.")
    ] = False,
    employer: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            autocompletion=_complete_employers,
            help="Your employer's tuition benefit, as the source lists it (e.g. google).",
        ),
    ] = None,
    sponsorship: Annotated[
        int | None, typer.Option(min=0, metavar="USD", help="Your employer pays up to this much a year.")
    ] = None,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """What a whole degree costs you after employer support, and its payback time.

    Tuition per year times the program's length, less what your employer pays,
    and the years a master's salary premium takes to pay it back, as ranges.
    Every assumption is listed with its source.
    """
    from .cost import COST_KEYS, assumptions, degree_cost, find_benefit, flat_cost, support_from

    out = Output.from_options(output_format, json_output, None, no_color, (), current_settings())
    if years is not None and math.isnan(years):
        raise typer.BadParameter("must be a number of years", param_hint="--years")
    dataset = load_dataset(data)
    found = _unique(find_programs(dataset.programs, programs))
    benefit = find_benefit(dataset, employer) if employer is not None else None
    support = support_from(benefit, sponsorship)
    costs = [degree_cost(p, dataset.meta, years=years, part_time=part_time, support=support) for p in found]
    notes = assumptions(dataset.meta, costs, part_time=part_time, support=support)
    if out.format is OutputFormat.json:
        write_json(
            {
                "programs": [c.as_dict() for c in costs],
                "part_time": part_time,
                "employer": benefit._asdict() if benefit else None,
                "sponsorship_per_year": sponsorship,
                "assumptions": [n._asdict() for n in notes],
            }
        )
        return

    def table() -> "RenderableType":
        from .render import cost_table

        return cost_table(costs, notes, benefit)

    emit_list([flat_cost(c) for c in costs], out, table, fields_default=COST_KEYS)


@app.command()
def fields(json_output: JsonOption = False) -> None:
    """List the fields of a program, for --fields and for scripts reading JSON."""
    properties = program_schema()["properties"]
    if json_output:
        write_json([{"name": name, "description": spec["description"]} for name, spec in properties.items()])
        return
    width = max(len(name) for name in properties)
    for name, spec in properties.items():
        sys.stdout.write(f"{name:<{width}}  {spec['description']}\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a program object, as rank, filter, compare and show print it."""
    write_json(program_schema())


def program_schema() -> dict[str, Any]:
    """The JSON Schema shipped inside the package."""
    import json

    text = (Path(__file__).parent / "program.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@app.command()
def validate(
    file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="The data file to check (default: the data in use)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Check a data file and list every problem in it; exit 0 only if it is clean.

    With no FILE, checks the bundled data and, if you have one, your own
    programs file as laid over it.
    """
    results = check_files(file)
    failed = any(problems for _, problems in results)
    if json_output:
        reports = [
            {"file": str(path), "ok": not problems, "problems": [str(p) for p in problems]}
            for path, problems in results
        ]
        write_json(reports[0] if file is not None else reports)
    else:
        for path, problems in results:
            if not problems:
                sys.stdout.write(f"{terminal_safe(str(path))}: ok\n")
                continue
            count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
            sys.stderr.write(f"{terminal_safe(str(path))}: {count}\n")
            for problem in problems:
                sys.stderr.write(f"  {terminal_safe(str(problem))}\n")
    if failed:
        raise typer.Exit(1)


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


# The commands for the user's own files register on `app` as this module is imported.
from . import cli_user  # noqa: E402, F401
