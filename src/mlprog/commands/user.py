"""Commands for the user's own files: shortlist, notes, settings and folders.

Their answers, and the loading of the data, are imported inside each command:
every run of one imports this module, and ``paths`` and ``config show`` read no
data (tests/test_startup_structure.py lists what each imports).
"""

import contextlib
import sys
from typing import Annotated

import typer

from ..errors import MlprogError, UsageError
from ..files.paths import user_paths
from ..output import Output, emit
from ..user.settings import load_settings
from .common import say
from .declare import Argument, Option
from .options import DataOption, ProgramArgument, ProgramsArgument, emitting


def shortlist_add(programs: ProgramsArgument, data: DataOption = None) -> None:
    """Add programs to your shortlist (each name is checked against the data).

    Examples:

      mlprog shortlist add cmu uw
      mlprog shortlist add "new york university"
    """
    from ..dataset.load import load_for
    from ..query import find_programs
    from ..user.shortlist import add

    dataset = load_for(data, programs)
    ids = [p.id for p in find_programs(dataset.programs, programs)]
    updated, new = add(user_paths().shortlist_file, ids)
    already = [pid for pid in dict.fromkeys(ids) if pid not in new]
    if already:
        say(f"Already on your shortlist: {', '.join(already)}")
    say(f"Shortlist: {', '.join(updated.programs)}")


def shortlist_remove(
    programs: Annotated[list[str], Argument(metavar="PROGRAM...", help="Ids on your shortlist.")],
) -> None:
    """Remove programs from your shortlist (ids no longer in the data can be removed too).

    Examples:

      mlprog shortlist remove uw
      mlprog shortlist remove cmu usc
    """
    from ..user.shortlist import read, remove

    path = user_paths().shortlist_file
    on_list = read(path).programs
    ids = [name.strip().lower() for name in programs]
    missing = [pid for pid in ids if pid not in on_list]
    if missing:
        raise UsageError(
            f"not on your shortlist: {', '.join(missing)}; it holds: {', '.join(on_list) or 'nothing'}"
        )
    updated, _ = remove(path, ids)
    say(f"Shortlist: {', '.join(updated.programs) or '(empty)'}")


@emitting(fields=False)
def shortlist_list(out: Output, data: str | None) -> None:
    """Show your shortlist, with your notes; ids no longer in the data are reported, not dropped.

    Examples:

      mlprog shortlist list
      mlprog shortlist list --json
    """
    from ..answers.user import shortlist_listing
    from ..dataset.load import load_for
    from ..user.shortlist import read

    shortlist = read(user_paths().shortlist_file)
    listing = shortlist_listing(load_for(data, shortlist.programs), shortlist)
    if listing.gone:
        say(f"Note: no longer in the data, kept on your shortlist: {', '.join(listing.gone)}")
    emit(listing, out)


def shortlist_clear(
    yes: Annotated[bool, Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Empty your shortlist and drop your notes (asks first on a terminal; needs --yes otherwise).

    Examples:

      mlprog shortlist clear
      mlprog shortlist clear --yes
    """
    from ..user.shortlist import clear

    path = user_paths().shortlist_file
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError("clearing the shortlist needs --yes when not asked at a terminal")
        if not _agreed(f"Empty your shortlist and drop your notes ({path})?"):
            say("Kept as it is.")
            raise typer.Exit(1)
    clear(path)
    say("Shortlist cleared.")


def _agreed(question: str) -> bool:
    """Yes to a question asked at the terminal: only y or yes agrees; no answer (Ctrl-D) is no.

    Asked on stderr, so stdout stays the command's own. Click's confirm would turn Ctrl-D and
    Ctrl-C alike into a bare "Aborted."; here Ctrl-C stays an interrupt (exit 130).
    """
    sys.stderr.write(f"{question} [y/N]: ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        sys.stderr.write("\n")  # the next message on a line of its own
    return answer.strip().lower() in {"y", "yes"}


def note(
    program: ProgramArgument,
    text: Annotated[str | None, Argument(metavar="[TEXT]", help="The note; leave out to show it.")] = None,
    delete: Annotated[bool, Option("--delete", help="Delete the note.")] = False,
    data: DataOption = None,
) -> None:
    """Write a note on a program (shown by show and the shortlist), or show it.

    Examples:

      mlprog note cmu "Ask about the robotics lab"
      mlprog note cmu
      mlprog note cmu --delete
    """
    from ..user.shortlist import check_note, read, set_note

    path = user_paths().shortlist_file
    if delete and text is not None:
        raise UsageError("--delete takes no text")
    if text is not None:
        try:
            check_note(text)  # before anything is read: a note too long is a bad value, not a bad file
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    from ..dataset.load import load_for
    from ..query import find_program

    found = find_program(load_for(data, [program]).programs, program)
    if delete:
        set_note(path, found.id, None)
        say(f"Note on {found.id} deleted.")
    elif text is None:
        from ..answers.user import NoteText

        emit(NoteText(found.id, read(path).notes.get(found.id)), Output())
    else:
        if not text.strip():
            raise UsageError("the note is empty; to delete it, use --delete")
        set_note(path, found.id, text)
        say(f"Note on {found.id} saved.")


@emitting(fields=False, no_color=False, read_settings=False)
def paths(out: Output) -> None:
    """Show where your settings, programs and shortlist live (MLPROG_HOME and XDG_* move them).

    Examples:

      mlprog paths
      mlprog paths --json
    """
    from ..answers.user import user_files

    report = user_files(user_paths())
    emit(report, out)
    if report.problem is not None:  # every path is shown; then why one of them cannot be used
        raise MlprogError(report.problem)


@emitting(fields=False, no_color=False, read_settings=False)
def config_show(out: Output) -> None:
    """Print the settings in force and where each comes from (flag > MLPROG_* > config file > default).

    Examples:

      mlprog config show
      mlprog config show --json
    """
    from ..answers.user import ConfigReport
    from ..user.settings import ranking_problems

    settings = load_settings()
    problems: dict[str, str] = {}
    if any(setting.source != "default" for setting in (settings.profile, settings.weights)):
        # A profile is checked against the data's profiles; data that cannot load checks nothing.
        from ..dataset.load import load_dataset

        with contextlib.suppress(MlprogError):
            problems = ranking_problems(settings, load_dataset())
    report = ConfigReport(user_paths().config_file, settings, problems)
    emit(report, out)
