"""Commands for the user's applications: set, remove, show, list and export their deadlines.

The applications, their answers and the calendar are imported inside each
command: every run imports this module (to register the commands), and only
these commands need them; icalendar is imported by ``apply export`` alone.
"""

from typing import TYPE_CHECKING, Annotated

from ..dataset.load import load_for
from ..errors import BadOptionValue, MlprogError, UsageError
from ..files.paths import user_paths
from ..output import Output, emit
from .apply_options import (
    StatusFilter,
    TodayOption,
    _clock,
    _complete_kinds,
    _complete_statuses,
    _deadline,
    _decision,
    _fee,
    _kind,
    _status,
    _statuses,
    _test,
    _yearly_money,
)
from .common import say
from .declare import Argument, Option
from .options import DataOption, ProgramArgument, emitting

if TYPE_CHECKING:
    from ..user.applications import Application


def _recorded_id(typed: str, data: str | None) -> str:
    """The program id an application is recorded under: an id on file as typed, else found in the data."""
    from ..query import find_program
    from ..user.applications import read

    key = typed.strip().lower()
    if key in read(user_paths().applications_file).entries:
        return key
    return find_program(load_for(data, [typed]).programs, typed).id


def _recorded(program_id: str) -> "Application":
    from ..user.applications import read

    entry = read(user_paths().applications_file).entries.get(program_id)
    if entry is None:
        raise MlprogError(
            f"no application to {program_id} is recorded; 'mlprog apply set {program_id}' records one"
        )
    return entry


def apply_set(
    program: ProgramArgument,
    deadline: Annotated[
        str | None,
        Option(
            "--deadline",
            metavar="DATE",
            parser=_deadline,
            help="A deadline: YYYY-MM-DD (the end of that day, your local time), or YYYY-MM-DDTHH:MM "
            "with an optional offset (2027-01-15T17:00-05:00).",
        ),
    ] = None,
    kind: Annotated[
        str | None,
        Option(
            "--kind",
            metavar="KIND",
            parser=_kind,
            autocompletion=_complete_kinds,
            help="Which deadline --deadline sets: priority, final (the default) or funding.",
        ),
    ] = None,
    clear_deadline: Annotated[
        list[str] | None,
        Option(
            "--clear-deadline",
            metavar="KIND",
            parser=_kind,
            autocompletion=_complete_kinds,
            help="Remove the deadline of this kind (repeat for several).",
        ),
    ] = None,
    fee: Annotated[
        int | None,
        Option("--fee", metavar="USD", parser=_fee, help="The application fee in US dollars: 75 or $75."),
    ] = None,
    status: Annotated[
        str | None,
        Option(
            "--status",
            metavar="STATUS",
            parser=_status,
            autocompletion=_complete_statuses,
            help="considering, preparing, submitted, interview, admitted, waitlisted, rejected, declined "
            "or enrolled (a new application starts as considering).",
        ),
    ] = None,
    letters: Annotated[
        int | None,
        Option("--letters", metavar="N", min=0, max=99, help="How many letters of recommendation."),
    ] = None,
    letters_received: Annotated[
        int | None,
        Option("--letters-received", metavar="N", min=0, max=99, help="How many letters have arrived."),
    ] = None,
    test: Annotated[
        list[str] | None,
        Option(
            "--test",
            metavar="NAME=SCORE",
            parser=_test,
            help="A test score, such as GRE=330 or IELTS=7.5; repeat for several; NAME= removes one.",
        ),
    ] = None,
    decision: Annotated[
        str | None,
        Option(
            "--decision",
            metavar="DECISION",
            parser=_decision,
            help="The program's decision: admitted, waitlisted or rejected (the status follows it).",
        ),
    ] = None,
    scholarship: Annotated[
        int | None,
        Option(
            "--scholarship",
            metavar="USD",
            parser=_fee,
            help="The scholarship offered, in US dollars over the whole degree: 20000, $20,000 or 20k.",
        ),
    ] = None,
    assistantship: Annotated[
        int | None,
        Option(
            "--assistantship",
            metavar="USD/year",
            parser=_yearly_money,
            help="The assistantship's stipend offered, in US dollars a year: 25000 or $25,000/year.",
        ),
    ] = None,
    reply_by: Annotated[
        str | None,
        Option(
            "--reply-by",
            metavar="DATE",
            parser=_deadline,
            help="The date to answer the offer by, written as for --deadline (it goes in the calendar).",
        ),
    ] = None,
    clear_offer: Annotated[
        bool,
        Option("--clear-offer", help="Remove the decision, awards and reply-by date (not the status)."),
    ] = False,
    data: DataOption = None,
) -> None:
    """Record or update an application; its program joins your shortlist.

    Options left out keep what is recorded. A program may have a priority, a
    final and a funding deadline: set each with --deadline and --kind. Record
    its offer with --decision, --scholarship, --assistantship and --reply-by.

    Examples:

      mlprog apply set cmu --deadline 2026-12-10 --fee 75
      mlprog apply set cmu --status submitted
      mlprog apply set cmu --decision admitted
    """
    from ..query import find_program
    from ..user.applications import DEFAULT_KIND, Change, parse_test, record_application
    from ..user.deadlines import check_local_time, shown_deadline
    from ..user.offers import OfferChange

    if kind is not None and deadline is None:
        raise UsageError("--kind says which deadline --deadline sets; give --deadline too")
    check_local_time()
    found = find_program(load_for(data, [program]).programs, program)
    change = Change(
        status=status,
        deadline=(kind or DEFAULT_KIND, deadline) if deadline is not None else None,
        clear_deadlines=tuple(clear_deadline or ()),
        fee=fee,
        letters_requested=letters,
        letters_received=letters_received,
        tests=tuple(parse_test(typed) for typed in test or ()),
        offer=OfferChange(decision, scholarship, assistantship, reply_by, clear_offer),
    )
    folders = user_paths()
    try:  # both files change, or neither: every check comes first
        entry, new, added = record_application(
            folders.applications_file, folders.shortlist_file, found.id, change
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if added:
        say(f"Added {found.id} to your shortlist.")
    deadlines = ", ".join(f"{k} {shown_deadline(d)}" for k, d in entry.ordered_deadlines()) or "no deadline"
    say(f"Application to {found.id} {'recorded' if new else 'updated'}: {entry.status}; {deadlines}.")
    if entry.offer is not None and (awards := entry.offer.awards_text()):
        say(f"Offered: {awards}.")


def apply_remove(
    program: Annotated[str, Argument(metavar="PROGRAM", help="An id, alias or name.")],
    data: DataOption = None,
) -> None:
    """Remove an application (the program stays on your shortlist).

    Examples:

      mlprog apply remove cmu
      mlprog apply list
    """
    from ..user.applications import remove_application

    program_id = _recorded_id(program, data)
    if not remove_application(user_paths().applications_file, program_id):
        raise MlprogError(f"no application to {program_id} is recorded; 'mlprog apply list' shows them")
    say(f"Application to {program_id} removed.")


@emitting(fields=False, no_color=False)
def apply_show(
    out: Output,
    data: str | None,
    program: Annotated[str, Argument(metavar="PROGRAM", help="An id, alias or name.")],
    today: TodayOption = None,
) -> None:
    """Show one application: every deadline with its days left, fee, letters, tests.

    Examples:

      mlprog apply show cmu
      mlprog apply show cmu --json
    """
    from ..answers.applications import show_application

    clock = _clock(today)
    entry = _recorded(_recorded_id(program, data))
    emit(show_application(load_for(data, [entry.program_id]), entry, clock), out)


@emitting(fields=False)
def apply_list(
    out: Output,
    data: str | None,
    status: StatusFilter = None,
    due_within: Annotated[
        int | None,
        Option(
            "--due-within",
            metavar="DAYS",
            min=0,
            help="Only applications whose next deadline is at most DAYS days away (0: today).",
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """List your applications by next deadline.

    Each with its days left (overdue marked), status, letters and fee. A date
    with no time is the end of that day in your local time. The footer gives
    the total of fees and how many are due in the next 14 days.

    Examples:

      mlprog apply list
      mlprog apply list --due-within 30
      mlprog apply list --status submitted --json
    """
    from ..answers.applications import chosen_applications, list_applications
    from ..user.applications import read

    clock = _clock(today)
    statuses = _statuses(status)
    entries = read(user_paths().applications_file).entries
    chosen = chosen_applications(entries, clock, statuses, due_within)
    filters = []
    if statuses:
        filters.append(f"status {' or '.join(sorted(statuses))}")
    if due_within is not None:
        filters.append(f"due within {due_within} days")
    dataset = load_for(data, [entry.program_id for entry in chosen])
    emit(list_applications(dataset, chosen, clock, filters), out)


def apply_export(
    output_format: Annotated[
        str, Option("--format", "-f", metavar="FORMAT", help="The file's format: ics (iCalendar).")
    ] = "ics",
    output: Annotated[
        str | None,
        Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to this file: a new one, or an earlier export (replaced); - for stdout.",
        ),
    ] = None,
    status: StatusFilter = None,
    today: TodayOption = None,
    data: DataOption = None,
) -> None:
    """Export your deadlines as an iCalendar (.ics) file.

    One event per deadline and per offer's reply-by date, with a reminder a
    week before. Each event keeps
    the same UID from export to export, so importing a newer file into your
    calendar updates the events instead of adding them twice.

    Examples:

      mlprog apply export --output deadlines.ics
      mlprog apply export --status preparing -o due.ics
    """
    from ..answers.applications import chosen_applications
    from ..output import emit_file
    from ..user.applications import read
    from ..user.ics import deadlines_calendar, is_export

    if output_format.strip().lower() != "ics":
        raise BadOptionValue(
            f"{output_format!r} is not a format for export; formats: ics", param_hint="--format"
        )
    clock = _clock(today)
    entries = chosen_applications(
        read(user_paths().applications_file).entries, clock, _statuses(status), None
    )
    ids = [entry.program_id for entry in entries]
    names = {program.id: program.name for program in load_for(data, ids).programs}
    emit_file(deadlines_calendar(entries, names, clock), output, ours=is_export)
    if output not in (None, "-"):
        events = sum(len(entry.ordered_deadlines()) for entry in entries)
        say(f"Wrote {events} deadline{'s' if events != 1 else ''} to {output}.")
