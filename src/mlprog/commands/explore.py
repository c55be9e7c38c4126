"""The explorer's commands: rank, filter, compare and chart (show, which selects nothing, is in
:mod:`.show`).

Each imports its answer inside the command, so a run loads only its own.
"""

from typing import Annotated

from ..answers import SELECTION_FIELDS
from ..dataset.load import load_dataset, widened
from ..errors import UsageError
from ..formats import OutputFormat
from ..output import Output, emit
from ..query import find_programs
from ..user.settings import Settings
from .common import unique_named
from .completion import complete_programs
from .declare import Option
from .options import LimitOption, emitting
from .selecting import NamedProgramsArgument, Picked, TopOption, picked_programs, selecting


@selecting()
@emitting(extra_fields=SELECTION_FIELDS)
def rank(
    picked: Picked,
    out: Output,
    settings: Settings,
    data: str | None,
    explain: Annotated[
        bool, Option("--explain", help="Show how much each weighted field adds to the personal score.")
    ] = False,
    limit: LimitOption = None,
) -> None:
    """List programs in ranking order, or by your own weights, with optional filters.

    Programs with no graduation rate stay in the list (shown as a dash) and sort
    last. A criterion the source gives no data for (a lab for a program with no
    details, say) leaves a program out, counted below the table, unless
    --include-unknown. With --weight or --profile, each program gets a personal
    score from 0 to 100 (see docs/ranking.md).

    Examples:

      mlprog rank --state CA --type public
      mlprog rank --profile value --explain
      mlprog rank -w score=2 -w tuition=-1 --limit 10
      mlprog rank --json | jq '.[0].name'
    """
    # A ranking table shows no program's details: a large data set is read without them,
    # unless a criterion (yours or a profile's) looks at them.
    summaries = out.format is OutputFormat.table and out.fields is None
    dataset = load_dataset(data, summaries=summaries, queryable=True)
    if summaries and picked.criteria(dataset, settings).details:  # read wherever they are read
        dataset = load_dataset(data, queryable=True)
    dataset = picked.widen(dataset, out.fields or (), settings.living.value)
    emit(picked.select(dataset, settings, limit=limit, explain=explain), out)


@selecting(by_match=True)
@emitting(extra_fields=SELECTION_FIELDS)
def filter_command(
    picked: Picked,
    out: Output,
    settings: Settings,
    data: str | None,
    explain: Annotated[
        str | None,
        Option(
            metavar="PROGRAM",
            autocompletion=complete_programs,
            help="Say which criteria keep this program out or could not be checked, or that it matches.",
        ),
    ] = None,
    limit: LimitOption = None,
) -> None:
    """Find programs matching criteria, including partners, labs, degrees and faculty.

    Matching ignores case and accents and works on whole words (a word of five
    letters or more also finds longer ones: robot finds robotics); nlp, cv, rl,
    hci, ai and ml find what they stand for. Different options must all hold
    (AND); a repeated option matches any of its values (OR). Programs the source
    gives no data for on a criterion are counted, or listed with --include-unknown.

    Examples:

      mlprog filter --partner Amazon --lab robotics
      mlprog filter --search "computer vision" --state NY
      mlprog filter --delivery online --max-tuition 30k
    """
    dataset = picked.widen(
        load_dataset(data, queryable=explain is None), out.fields or (), settings.living.value
    )
    if explain is not None:
        from ..answers.filtering import explain_match

        dataset = widened(dataset, [explain])
        if out.fields is not None or out.format in (OutputFormat.csv, OutputFormat.markdown):
            raise UsageError("--explain prints a table or JSON; drop --fields and --format csv/markdown")
        wanted = picked.criteria(dataset, settings)
        emit(explain_match(dataset, explain, wanted, profile=picked.profile), out)
        return
    emit(picked.select(dataset, settings, limit=limit), out)


@selecting()
@emitting(extra_fields=("best_in",))
def compare(
    picked: Picked,
    out: Output,
    settings: Settings,
    data: str | None,
    programs: NamedProgramsArgument = None,
    top: TopOption = None,
) -> None:
    """Put programs side by side: fields as rows, programs as columns, best marked ★.

    Name programs, or take the first N of a selection with --top N (any rank
    or filter option chooses and orders it), or your shortlist with --shortlist.

    Examples:

      mlprog compare cmu usc uw
      mlprog compare --top 3 --state CA
      mlprog compare cmu uw --fields tuition,score
    """
    from ..answers.programs import compare_programs

    dataset = picked.widen(load_dataset(data), out.fields or (), settings.living.value)
    dataset = widened(dataset, programs or [])
    named = find_programs(dataset.programs, programs or [])
    chosen = picked_programs(picked, dataset, settings, top, named)
    emit(compare_programs(unique_named(chosen + named), dataset.meta, out.fields), out)


@selecting()
@emitting(fields=False)
def chart(
    picked: Picked,
    out: Output,
    settings: Settings,
    data: str | None,
    x: Annotated[
        str,
        Option("--x", metavar="FIELD", help="The field across: tuition, score, graduation_rate or rank."),
    ] = "tuition",
    y: Annotated[
        str,
        Option("--y", metavar="FIELD", help="The field up: score, tuition, graduation_rate or rank."),
    ] = "score",
    bar: Annotated[
        str | None,
        Option("--bar", metavar="FIELD", help="Draw bars of this field instead, best first."),
    ] = None,
    width: Annotated[
        int | None,
        Option(min=40, max=400, metavar="COLUMNS", help="Chart width (default: the terminal's)."),
    ] = None,
    height: Annotated[
        int | None,
        Option(min=6, max=200, metavar="LINES", help="Plot height (default: fits the terminal)."),
    ] = None,
    limit: LimitOption = None,
) -> None:
    """Draw the selected programs: tuition against score, with the value frontier marked.

    Each point is labelled by its program id; frontier points (no other
    selected program is cheaper and at least as good, or better and no dearer)
    are marked ◆ and listed under the chart. Any rank or filter option chooses
    the programs; --x and --y plot other fields; --bar draws bars.

    Examples:

      mlprog chart --state CA
      mlprog chart --x tuition --y graduation_rate
      mlprog chart --bar score --limit 10
    """
    from ..answers.chart import bundled_sources, chart_programs
    from ..text.fitting import chart_size

    # A chart shows no program's details: the ranking fields (and imported figures) suffice,
    # unless a criterion looks at them.
    dataset = load_dataset(data, summaries=True, queryable=True)
    if picked.criteria(dataset, settings).details:
        dataset = load_dataset(data, queryable=True)
    dataset = picked.widen(dataset, (x, y, bar), settings.living.value)
    selection = picked.select(dataset, settings, limit=limit)
    result = chart_programs(
        selection.programs,
        dataset.meta,
        x=x,
        y=y,
        bar=bar,
        notes=selection.notes,
        nothing_selected=None if selection.matches else selection.empty_note,
        sources=bundled_sources(selection.programs, (x, y, bar), settings.living.value),
    )
    result.width, result.height, result.screen = chart_size(width, height)
    if result.screen is not None:  # the notes said on stderr share the screen
        from ..output import lines_said

        result.screen -= lines_said()
    emit(result, out)
