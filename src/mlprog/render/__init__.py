"""Tables, cards and grids for people: the only package that imports Rich.

Every string that comes from a data file goes through :func:`.common.rich_text`,
which neutralises control characters and wraps the result in
``rich.text.Text``, so it is never parsed as markup and never writes an escape
sequence. :func:`draw` turns any result of :mod:`mlprog.answers` that is not
plain text into what a person sees.

- :mod:`.common`: the console, untrusted text, numbers.
- :mod:`.rows`: one row per program (rank, filter, --fields).
- :mod:`.cards`: one program (show, filter --explain).
- :mod:`.laid_card`: a card's body laid out by hand.
- :mod:`.grids`: programs side by side (compare, cost), profiles, the shortlist.
- :mod:`.applications`: the user's applications by next deadline.
- :mod:`.payoff`: the payoff grid.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .common import Trimmed, make_console, notes
from .plain import Stack, plain_lines

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..answers import Result
    from ..answers.applications import ApplicationListing
    from ..answers.cost import CostReport
    from ..answers.filtering import Explanation
    from ..answers.page import CareerList, StateComparison
    from ..answers.payoff import PayoffReport
    from ..answers.programs import Comparison, ProfileList, ProgramCard
    from ..answers.selection import Selection
    from ..answers.user import ShortlistListing

__all__ = ["Drawer", "draw", "drawer_for", "make_console", "print_result"]

#: The fields --fields chose, or None for a result's own layout.
Fields = Sequence[str] | None
R = TypeVar("R")


class Drawer(Generic[R]):
    """How one class of result is drawn: the class, its drawer (typed with it), and whether
    each of its rows stays one line off a terminal."""

    __slots__ = ("draw", "kind", "wide")

    def __init__(
        self, kind: type[R], draw: Callable[[R, Fields], RenderableType], *, wide: bool = False
    ) -> None:
        self.kind = kind
        self.draw = draw
        self.wide = wide


# --- one drawer per kind of result ---------------------------------------------------


def _selection(result: Selection, fields: Fields) -> RenderableType:
    # Each drawer imports its own module: a ranking table loads neither cards nor grids.
    from .rows import programs_table, records_table

    if fields is not None:
        return Stack(records_table(result.rows(), fields), *notes(result.notes))
    from ..weights import describe_weights

    heading = None
    if result.weights:
        heading = f"Weights: {describe_weights(result.weights)}"
        if result.profile is not None:
            heading = f"Profile {result.profile.id} ({result.profile.title}). " + heading
    return programs_table(
        result.matches,
        result.meta,
        details=bool(result.criteria.details),
        personal=result.scores or None,
        explain=result.explain,
        heading=heading,
        notes=result.notes,
    )


def _explanation(result: Explanation, _: Fields) -> RenderableType:
    from .cards import explanation

    return explanation(result.evaluation, result.criteria.describe())


def _comparison(result: Comparison, _: Fields) -> RenderableType:
    from .grids import comparison_grid

    return comparison_grid(result.rows(), result.best, result.meta, result.fields)


def _card(result: ProgramCard, fields: Fields) -> RenderableType:
    from .cards import fields_card, program_card

    if fields is not None:
        return fields_card(result.record(), fields)
    return program_card(
        result.program,
        result.meta,
        note=result.note,
        scorecard=result.outcomes,
        bundled=result.bundled,
        local_wages=result.local_wages,
        living=result.living,
    )


def _profiles(result: ProfileList, _: Fields) -> RenderableType:
    from .grids import profiles_table

    return profiles_table(result.profiles)


def _shortlist(result: ShortlistListing, _: Fields) -> RenderableType:
    from .grids import shortlist_table

    return shortlist_table(result.rows())


def _cost(result: CostReport, _: Fields) -> RenderableType:
    from .grids import cost_table

    return cost_table(result.costs, result.assumptions, result.benefit)


def _payoff(result: PayoffReport, _: Fields) -> RenderableType:
    from .payoff import payoff_table  # drawn for payoff alone

    return payoff_table(result)


def _career_wages(result: CareerList, _: Fields) -> RenderableType:
    from .wages import career_wages_view  # drawn for `careers CAREER` alone

    return career_wages_view(result)


def _states(result: StateComparison, _: Fields) -> RenderableType:
    from .rows import states_table

    return states_table(result.rows())


def _applications(result: ApplicationListing, _: Fields) -> RenderableType:
    from .applications import applications_table  # its date logic is for this table alone

    return applications_table(result)


# --- which drawer draws which result -------------------------------------------------
#
# Each function below imports the result classes of one module of answers, at run
# time, and pairs each with its drawer; its return type names those classes, so mypy
# checks that each drawer is typed for the class it is paired with. It is called only
# once a result from that module is drawn, when the module is loaded already (the
# result came from it), so drawing one kind of result never loads the modules of the
# others: the cost arithmetic, the applications' dates, the shortlist's files.


def _of_selection() -> tuple[Drawer[Selection]]:
    from ..answers.selection import Selection

    return (Drawer(Selection, _selection, wide=True),)


def _of_filtering() -> tuple[Drawer[Explanation]]:
    from ..answers.filtering import Explanation

    return (Drawer(Explanation, _explanation),)


def _of_programs() -> tuple[Drawer[Comparison], Drawer[ProgramCard], Drawer[ProfileList]]:
    from ..answers.programs import Comparison, ProfileList, ProgramCard

    return (Drawer(Comparison, _comparison), Drawer(ProgramCard, _card), Drawer(ProfileList, _profiles))


def _of_user() -> tuple[Drawer[ShortlistListing]]:
    from ..answers.user import ShortlistListing

    return (Drawer(ShortlistListing, _shortlist),)


def _of_cost() -> tuple[Drawer[CostReport]]:
    from ..answers.cost import CostReport

    return (Drawer(CostReport, _cost),)


def _of_payoff() -> tuple[Drawer[PayoffReport]]:
    from ..answers.payoff import PayoffReport

    return (Drawer(PayoffReport, _payoff),)


def _of_page() -> tuple[Drawer[StateComparison], Drawer[CareerList]]:
    from ..answers.page import CareerList, StateComparison

    return (Drawer(StateComparison, _states, wide=True), Drawer(CareerList, _career_wages, wide=True))


def _of_applications() -> tuple[Drawer[ApplicationListing]]:
    from ..answers.applications import ApplicationListing

    return (Drawer(ApplicationListing, _applications, wide=True),)


#: The drawers of the results of each module of answers (a test checks that each
#: module named here defines the classes its function pairs).
DRAWERS_BY_MODULE: dict[str, Callable[[], tuple[Drawer[Any], ...]]] = {
    "mlprog.answers.selection": _of_selection,
    "mlprog.answers.filtering": _of_filtering,
    "mlprog.answers.programs": _of_programs,
    "mlprog.answers.user": _of_user,
    "mlprog.answers.cost": _of_cost,
    "mlprog.answers.page": _of_page,
    "mlprog.answers.payoff": _of_payoff,
    "mlprog.answers.applications": _of_applications,
}


def drawer_for(kind: type[R]) -> Drawer[R]:
    """The drawer of a class of result; TypeError for a class no table or card draws."""
    pairs = DRAWERS_BY_MODULE.get(kind.__module__)
    for drawer in pairs() if pairs is not None else ():
        if drawer.kind is kind:
            return drawer
    raise TypeError(f"no table or card is defined for {kind.__qualname__}")


def draw(result: Result, fields: Fields = None) -> RenderableType:
    """The table, card or grid that shows a result to a person."""
    return drawer_for(type(result)).draw(result, fields)


def print_result(result: Result, fields: Fields = None, *, no_color: bool = False) -> None:
    """Draw a result on stdout, fitted to the terminal, with no line ending in spaces.

    Off a terminal (and with no COLUMNS), tables of programs are laid out wide
    enough that each program is one line; cards and grids at 80 columns.
    """
    drawer = drawer_for(type(result))
    wide = drawer.wide or fields is not None
    drawing = drawer.draw(result, fields)
    lines = plain_lines(drawing, wide=wide)
    if lines is not None:  # piped elsewhere, and plain: Rich's console is not needed for it
        _write("".join(line + "\n" for line in lines))
        return
    console = make_console(no_color=no_color, wide=wide)
    console.print(drawing if getattr(drawing, "trimmed", False) else Trimmed(drawing))


def _write(text: str) -> None:
    """Write to stdout; a reader that has gone (``| head``) ends the run quietly, as Rich's does."""
    try:
        sys.stdout.write(text)
    except BrokenPipeError:
        from ..formats import reader_gone

        reader_gone()
