"""The explorer's commands: rank, filter, compare and show.

They register on the app in :mod:`mlprog.cli`, which imports this module last.
"""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from .cli import (
    DataOption,
    FieldsOption,
    FormatOption,
    JsonOption,
    LimitOption,
    MaxTuitionOption,
    MinGradOption,
    MinScoreOption,
    NoColorOption,
    ReverseOption,
    SortField,
    SortOption,
    StateOption,
    TypeOption,
    _complete_profiles,
    _complete_programs,
    _criteria,
    _unique,
    app,
    current_settings,
)
from .errors import UsageError
from .formats import OutputFormat, select, write_json, write_ndjson
from .load import load_dataset
from .output import Output, emit_list, emit_one
from .query import Criteria, best_ids, evaluate, filter_programs, find_program, find_programs, sort_programs

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import RenderableType

    from .model import Dataset, Profile, Program
    from .personal import PersonalScore


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
