"""What several commands do the same way: the user's shortlist as a pool, repeats, ranking flags."""

from typing import TYPE_CHECKING

from ..errors import NothingSelected
from ..query import unique_programs

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model import Dataset, Program
    from ..user.settings import Settings
    from ..weights import Weights


def say(message: str) -> None:
    """A note for the person on stderr (stderr is a terminal too: controls are made visible)."""
    from ..output import say as say_on_stderr

    say_on_stderr(message)


def on_shortlist(programs: "Sequence[Program]") -> list["Program"]:
    """The programs on the user's shortlist, in list order; ids gone from the data are reported."""
    from ..files.paths import user_paths
    from ..user.shortlist import read

    ids = read(user_paths().shortlist_file).programs
    if not ids:
        raise NothingSelected("your shortlist is empty: add programs with 'mlprog shortlist add PROGRAM...'")
    by_id = {p.id: p for p in programs}
    gone = [pid for pid in ids if pid not in by_id]
    if gone:  # an institution the page does not rank, from the user's Scorecard import?
        from ..dataset.load import unranked_programs

        by_id.update((p.id, p) for p in unranked_programs(programs, gone) or () if p.id in gone)
        gone = [pid for pid in ids if pid not in by_id]
    if gone:
        say(f"Note: on your shortlist but no longer in the data: {', '.join(gone)}")
    return [by_id[pid] for pid in ids if pid in by_id]


def user_notes() -> dict[str, str]:
    """The user's notes by program id (the shortlist file is read only if it exists)."""
    from ..files.paths import is_there, user_paths

    path = user_paths().shortlist_file
    if not is_there(path):
        return {}
    from ..user.shortlist import read

    return read(path).notes


def unique_named(programs: "list[Program]") -> list["Program"]:
    """The programs with repeats dropped, saying so on stderr."""
    found, repeats = unique_programs(programs)
    # Each program named again is said once, however often it was repeated: `cmu cmu cmu` is one note.
    repeated = list(dict.fromkeys(program.id for program in repeats))
    if len(repeated) == 1:
        say(f"Note: {repeated[0]} is named more than once; it is shown once.")
    elif repeated:
        listed = ", ".join(repeated[:-1]) + f" and {repeated[-1]}"
        say(f"Note: {listed} are named more than once; each is shown once.")
    return found


def ranking_choice(
    profile: str | None, weight: "Sequence[str] | None", settings: "Settings", dataset: "Dataset"
) -> tuple[str | None, "Weights"]:
    """The profile and weights to rank by: the flags, else the settings; ``--profile none`` for neither.

    From the settings, they are checked against the data here, so that a profile the data
    lacks is blamed on the settings file (or variable), not on ``--profile``.
    """
    if profile is None and not weight:
        from ..user.settings import ranking_settings

        return ranking_settings(settings, dataset)
    if profile is not None and profile.strip().lower() == "none":
        profile = None
    if not weight:
        return profile, ()
    from ..weights import parse_weights

    return profile, parse_weights(weight)
