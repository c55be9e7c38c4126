"""Commands about the data itself: its fields, its JSON Schema, and validation.

Their answers are imported inside each command: every run imports this module
(to register the commands), and only these commands need them.
"""

from typing import Annotated

import typer

from ..formats import OutputFormat
from ..output import Output, emit
from .options import complete_programs, emitting


@emitting(json_only=True)
def fields(out: Output) -> None:
    """List the fields of a program, for --fields and for scripts reading JSON.

    Examples:

      mlprog fields
      mlprog rank --fields id,name,tuition
    """
    from ..answers.data import list_fields

    emit(list_fields(), out)


def schema(
    document: Annotated[
        str,
        typer.Argument(
            metavar="[DOCUMENT]",
            help="program (the default), career, state, guide-topic, sources or chart.",
        ),
    ] = "program",
) -> None:
    """Print the JSON Schema of a document: a program object, as rank, filter, compare and show print it,
    or a career, a state, a guide topic, the sources report, or a chart.

    Examples:

      mlprog schema
      mlprog schema career
    """
    from ..answers.data import program_schema

    emit(program_schema(document), Output(OutputFormat.json))


@emitting(json_only=True)
def validate(
    out: Output,
    data: str | None,
    file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="The data file to check (default: the data in use)."),
    ] = None,
) -> None:
    """Check a data file and your own files, listing every problem; exit 0 only if all are clean.

    Each problem names its line, and the program by its id (or its entry number
    when the id is missing or repeated). FILE wins over --data. With neither,
    checks the bundled data and, if you have one, your own programs file as
    laid over it. Your settings, shortlist and applications files are checked
    too, where they exist.

    Examples:

      mlprog validate
      mlprog validate --json
    """
    from ..answers.data import validate_data

    report = validate_data(file if file is not None else data, user_files=True)
    emit(report, out)
    if not report.ok:
        raise typer.Exit(1)


@emitting(fields=False)
def sources(
    out: Output,
    data: str | None,
    program: Annotated[
        str | None,
        typer.Argument(
            metavar="[PROGRAM|CONFLICT]",
            help="Only the conflicts about this program, or the one conflict with this id.",
            autocompletion=complete_programs,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Say where the data comes from, and list every place the source contradicts itself.

    Each conflict gives every value the page states, where it states it, and
    the value the data keeps.

    Examples:

      mlprog sources
      mlprog sources --json
    """
    from ..answers.data import list_sources
    from ..dataset.load import load_dataset

    emit(list_sources(load_dataset(data), program), out)


def import_scorecard(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="The College Scorecard's Most-Recent-Cohorts-Field-of-Study.csv.",
            show_default=False,
        ),
    ],
    cip: Annotated[
        str | None,
        typer.Option(
            metavar="CODES",
            help="4-digit CIP codes to keep, comma-separated (default: 1101,1107,3070,3071,1104,2705).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            metavar="PATH",
            help="Write here instead of your data folder (see mlprog paths); a file already there "
            "is replaced only if it is an earlier import.",
        ),
    ] = None,
) -> None:
    """Import program-level earnings and debt from the College Scorecard's Field-of-Study file.

    Keeps the master's rows of the chosen fields of study and writes them to
    your data folder, from where mlprog show adds each program's figures
    (with their own source: they never replace the page's). The earlier import
    stays as it was until the new one is complete and checked; a file that
    gives no master's rows in the chosen fields imports nothing.

    Figures that cannot be (negative, not finite, above 10,000,000) are left
    out as not reported, and counted. An import never writes over the file it
    reads, a file that is not an earlier import, or through a symbolic link.

    Examples:

      mlprog import scorecard ~/Downloads/fos.csv
      mlprog show cmu
    """
    from pathlib import Path

    from ..errors import ScorecardError
    from ..render.progress import progress_bar
    from ..scorecard.field_of_study import chosen_cips, read_field_of_study, source_of
    from ..scorecard.save import check_target, save
    from ..scorecard.store import default_path
    from ..scorecard.summary import summary
    from .common import say

    codes = chosen_cips(cip)  # a bad code is a usage error before anything is read
    if not file.strip():
        raise typer.BadParameter("the file name is empty; name the Field-of-Study CSV", param_hint="FILE")
    if output is not None and output.strip() in ("", "-"):
        raise typer.BadParameter(
            f"{output!r} is not a file name: an import is a database, written to a file, never to "
            "stdout; name the file, or leave --output out for your data folder",
            param_hint="--output",
        )
    source = Path(file).expanduser()
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise ScorecardError(f"{source}: cannot read it: {exc.strerror or exc}") from None
    own = output is None  # the import in the data folder: replaced whatever it holds
    target = Path(output).expanduser() if output else default_path()
    check_target(target, source, own=own)  # before the read, which can take a while
    with progress_bar(size, f"Reading {source.name}") as report:
        imported = read_field_of_study(source, codes, report)
    # Everything that can fail comes before the file is replaced: the data in use (without the
    # earlier import, which a damaged file must not stop from being replaced) ...
    from ..dataset.load import load_dataset

    ranked = [program.name for program in load_dataset(imported=False).programs]
    line = summary(imported, ranked)
    # ... and the write itself, checked, then renamed over the target as its last step.
    save(imported, target, source_of(imported), reading=source, own=own)
    say(line)
    say(f"Written to {target}.")
