"""The explorer's commands: rank, filter, compare and show.

Each imports its answer inside the command, so a run loads only its own.
"""

from typing import Annotated

import typer

from ..errors import UsageError
from ..formats import OutputFormat
from ..load import load_dataset
from ..options import (
    DataOption,
    FieldsOption,
    FormatOption,
    JsonOption,
    LimitOption,
    MaxTuitionOption,
    MinGradOption,
    MinScoreOption,
    NoColorOption,
    ProgramArgument,
    ReverseOption,
    ShortlistOption,
    SortField,
    SortOption,
    StateOption,
    TypeOption,
    complete_profiles,
    complete_programs,
    criteria,
    delivery_formats,
)
from ..output import Output, emit
from ..query import find_programs
from ..settings import load_settings
from .common import on_shortlist, ranking_choice, unique_named, user_notes


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
            autocompletion=complete_profiles,
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
    from ..answers.rank import rank_programs

    settings = load_settings()
    extra = ("personal_score", "personal")
    out = Output.from_options(output_format, json_output, fields, no_color, extra, settings)
    dataset = load_dataset(data)
    wanted = criteria(dataset, settings, state, program_type, max_tuition, min_graduation_rate, min_score)
    profile_name, weights = ranking_choice(profile, weight, settings)
    ranking = rank_programs(
        dataset,
        wanted,
        profile=profile_name,
        weights=weights,
        sort=sort.value if sort else None,
        reverse=reverse,
        limit=limit,
        pool=on_shortlist(dataset.programs) if shortlist else None,
        explain=explain,
    )
    emit(ranking, out)


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
        list[str] | None,
        typer.Option(help="Delivery format: online, part-time (or evening), full-time, on campus, hybrid."),
    ] = None,
    faculty: Annotated[
        list[str] | None, typer.Option(help="Words in a faculty member's name or focus.")
    ] = None,
    search: Annotated[list[str] | None, typer.Option(help="Words anywhere in a program's text.")] = None,
    explain: Annotated[
        str | None,
        typer.Option(
            metavar="PROGRAM",
            autocompletion=complete_programs,
            help="Say which criterion keeps this program out, or that it matches.",
        ),
    ] = None,
    state: StateOption = None,
    program_type: TypeOption = None,
    max_tuition: MaxTuitionOption = None,
    min_graduation_rate: MinGradOption = None,
    min_score: MinScoreOption = None,
    sort: SortOption = SortField.rank,
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
    from ..answers.filtering import explain_match, select_programs

    settings = load_settings()
    out = Output.from_options(output_format, json_output, fields, no_color, ("matched",), settings)
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
        details[name] = delivery_formats(values) if name == "delivery" else tuple(values)
    dataset = load_dataset(data)
    wanted = criteria(
        dataset, settings, state, program_type, max_tuition, min_graduation_rate, min_score, details
    )
    if explain is not None:
        if out.fields is not None or out.format in (OutputFormat.csv, OutputFormat.markdown):
            raise UsageError("--explain prints a table or JSON; drop --fields and --format csv/markdown")
        emit(explain_match(dataset, explain, wanted), out)
        return
    selection = select_programs(
        dataset,
        wanted,
        sort=sort.value,
        reverse=reverse,
        limit=limit,
        pool=on_shortlist(dataset.programs) if shortlist else None,
    )
    emit(selection, out)


def compare(
    programs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PROGRAM...",
            help="Two or more ids, aliases or names.",
            show_default=False,
            autocompletion=complete_programs,
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
    from ..answers.programs import compare_programs

    out = Output.from_options(output_format, json_output, fields, no_color, ("best_in",), load_settings())
    dataset = load_dataset(data)
    named = find_programs(dataset.programs, programs or [])
    found = unique_named((on_shortlist(dataset.programs) if shortlist else []) + named)
    emit(compare_programs(found, dataset.meta, out.fields), out)


def show(
    program: ProgramArgument,
    output_format: FormatOption = None,
    json_output: JsonOption = False,
    fields: FieldsOption = None,
    no_color: NoColorOption = False,
    data: DataOption = None,
) -> None:
    """Print one program's full card: figures, degrees, labs, partners, outcomes, faculty."""
    from ..answers.programs import show_program

    out = Output.from_options(output_format, json_output, fields, no_color, (), load_settings())
    dataset = load_dataset(data)
    emit(show_program(dataset, program, user_notes()), out)
