"""browse: the ranking in a full-screen view, by keyboard (Textual, imported only here, when run)."""

from typing import TYPE_CHECKING

from ..dataset.load import load_dataset
from ..errors import MlprogError
from ..user.settings import load_settings
from .common import user_notes
from .options import DataOption, LimitOption
from .selecting import Picked, selecting

if TYPE_CHECKING:
    from ..answers.selection import Selection


@selecting()
def browse(picked: Picked, limit: LimitOption = None, data: DataOption = None) -> None:
    """Browse the ranking full-screen, by keyboard: sort, search, read cards, shortlist, compare.

    Any rank or filter option chooses the programs. Keys: arrows or j/k move,
    enter opens the full card, / searches as you type, s sorts by the next
    column and r reverses, a adds to or removes from your shortlist, m marks and
    c compares the marked, p ranks by the next profile, ? lists the keys, q
    quits. It needs a terminal; elsewhere use mlprog rank or mlprog show.

    Examples:

      mlprog browse
      mlprog browse --state CA --type public
      mlprog browse --profile value
    """
    from ..browse import NEEDS_TERMINAL, has_terminal

    if not has_terminal():
        raise MlprogError(NEEDS_TERMINAL)
    settings = load_settings()
    dataset = picked.widen(load_dataset(data))
    selection = picked.select(dataset, settings, limit=limit)

    def reselect(profile: str | None) -> "Selection":
        return picked._replace(profile=profile or "none").select(dataset, settings, limit=limit)

    from ..browse.app import BrowseApp
    from ..files.paths import user_paths

    sort = picked.sort
    app = BrowseApp(
        selection,
        reselect=reselect,
        profile=selection.profile.id if selection.profile else None,
        profiles=[profile.id for profile in dataset.profiles],
        shortlist_path=user_paths().shortlist_file,
        notes=user_notes(),
        sort=sort.value if sort else None,
        reverse=bool(sort) and picked.reverse,  # without --sort, the selection is reversed already
        careers=dataset.careers,
        living=settings.living.value,
    )
    import gc

    gc.enable()  # a session lives long: the collector that a short run goes without is back on
    app.run()
