"""Commands about the data itself: its fields, its JSON Schema, and validation.

Their answers are imported inside each command: every run imports this module
(to register the commands), and only these commands need them.
"""

import os
from typing import Annotated

from ..errors import BadOptionValue
from ..formats import OutputFormat
from ..output import Output, emit
from .completion import complete_programs
from .declare import Argument, Option
from .options import emitting


@emitting(fields=False, no_color=False, read_settings=False)
def fields(out: Output) -> None:
    """List the fields of a program, for --fields and for scripts reading JSON.

    Examples:

      mlprog fields
      mlprog rank --fields id,name,tuition
    """
    from ..answers.data import list_fields

    emit(list_fields(), out)


@emitting(fields=False, no_color=False, read_settings=False)
def schema(
    out: Output,
    document: Annotated[
        str,
        Argument(
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

    if out.format in (OutputFormat.csv, OutputFormat.markdown):
        from ..errors import UsageError

        raise UsageError(f"a schema is JSON: --format json (the default) or ndjson, not {out.format}")
    # JSON whatever is asked: a table of a schema would be the schema (see JsonDocument).
    chosen = OutputFormat.ndjson if out.format is OutputFormat.ndjson else OutputFormat.json
    emit(program_schema(document), Output(chosen))


@emitting(fields=False, no_color=False, read_settings=False)
def validate(
    out: Output,
    data: str | None,
    file: Annotated[
        str | None,
        Argument(metavar="[FILE]", help="The data file to check (default: the data in use)."),
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
        raise SystemExit(1)  # the report said what is wrong: nothing more to say


@emitting(fields=False)
def sources(
    out: Output,
    data: str | None,
    program: Annotated[
        str | None,
        Argument(
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
        Argument(
            metavar="FILE",
            help="The College Scorecard's Most-Recent-Cohorts-Field-of-Study.csv.",
            show_default=False,
        ),
    ],
    cip: Annotated[
        str | None,
        Option(
            metavar="CODES",
            help="4-digit CIP codes to keep, comma-separated (default: 1101,1107,3070,3071,1104,2705).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        Option(
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
        raise BadOptionValue("the file name is empty; name the Field-of-Study CSV", param_hint="FILE")
    if output is not None and output.strip() in ("", "-"):
        raise BadOptionValue(
            f"{output!r} is not a file name: an import is a database, written to a file, never to "
            "stdout; name the file, or leave --output out for your data folder",
            param_hint="--output",
        )
    from ..files.reading import is_stdin, named_path

    source = named_path(os.path.expanduser(file))  # - is standard input; a file named so is ./-
    from_stdin = is_stdin(source)
    try:
        size = _stdin_size() if from_stdin else source.stat().st_size
    except OSError as exc:
        raise ScorecardError(f"{source}: cannot read it: {exc.strerror or exc}") from None
    reading = None if from_stdin else source  # the file an import must never write over
    own = output is None  # the import in the data folder: replaced whatever it holds
    target = Path(output).expanduser() if output else default_path()
    check_target(target, reading, own=own)  # before the read, which can take a while
    with progress_bar(size, "Reading standard input" if from_stdin else f"Reading {source.name}") as report:
        imported = read_field_of_study(source, codes, report)
    # Everything that can fail comes before the file is replaced: the data in use (without the
    # earlier import, which a damaged file must not stop from being replaced) ...
    from ..dataset.load import load_dataset

    ranked = [program.name for program in load_dataset(imported=False).programs]
    line = summary(imported, ranked)
    # ... and the write itself, checked, then renamed over the target as its last step.
    save(imported, target, source_of(imported), reading=reading, own=own)
    say(line)
    say(f"Written to {target}.")


def _stdin_size() -> int:
    """How much standard input holds, for the progress bar: a redirected file's size; 0 for a pipe."""
    import stat
    import sys

    if sys.stdin is None:
        return 0
    status = os.fstat(sys.stdin.fileno())
    return status.st_size if stat.S_ISREG(status.st_mode) else 0
