"""Tables, cards and grids for people: the only package that imports Rich.

Every string that comes from a data file goes through :func:`.common.rich_text`,
which neutralises control characters and wraps the result in
``rich.text.Text``, so it is never parsed as markup and never writes an escape
sequence. :func:`draw` turns any result of :mod:`mlprog.answers` into what a
person sees.

- :mod:`.common`: the console, untrusted text, numbers.
- :mod:`.rows`: one row per program (rank, filter, --fields).
- :mod:`.cards`: one program (show, filter --explain).
- :mod:`.grids`: programs side by side (compare, cost), profiles, the shortlist.
- :mod:`.applications`: the user's applications by next deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType

from .cards import explanation, fields_card, program_card
from .common import Trimmed, make_console, notes
from .grids import comparison_grid, cost_table, profiles_table, shortlist_table
from .rows import programs_table, records_table, states_table

if TYPE_CHECKING:
    from ..answers import Result

__all__ = ["draw", "make_console", "print_result"]

#: Results drawn one row per program: off a terminal they stay one line each.
_ROW_TABLES = frozenset({"Selection", "ApplicationListing"})


# --- one drawer per kind of result ---------------------------------------------------


def _draw_selection(result: Any, fields: Sequence[str] | None) -> RenderableType:
    if fields is not None:
        return Group(records_table(result.rows(), fields), *notes(result.notes))
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


def _draw_card(result: Any, fields: Sequence[str] | None) -> RenderableType:
    if fields is not None:
        return fields_card(result.record(), fields)
    return program_card(result.program, result.meta, note=result.note, scorecard=result.outcomes)


def _draw_applications(result: Any, _: Sequence[str] | None) -> RenderableType:
    from .applications import applications_table  # its date logic is for this table alone

    return applications_table(result)


_DRAWERS: dict[str, Callable[[Any, Sequence[str] | None], RenderableType]] = {
    "Selection": _draw_selection,
    "Explanation": lambda result, _: explanation(result.evaluation, result.criteria.describe()),
    "Comparison": lambda result, _: comparison_grid(result.rows(), result.best, result.meta, result.fields),
    "ProgramCard": _draw_card,
    "ProfileList": lambda result, _: profiles_table(result.profiles),
    "ShortlistListing": lambda result, _: shortlist_table(result.rows()),
    "CostReport": lambda result, _: cost_table(result.costs, result.assumptions, result.benefit),
    "StateComparison": lambda result, _: states_table(result.rows()),
    "ApplicationListing": _draw_applications,
}


def draw(result: Result, fields: Sequence[str] | None = None) -> RenderableType:
    """The table, card or grid that shows a result to a person.

    Results are matched by their class's name rather than by ``isinstance``, so
    that drawing one kind never imports the modules that define the others
    (the cost module among them).
    """
    drawer = _DRAWERS.get(type(result).__name__)
    if drawer is None:
        raise TypeError(f"no table or card is defined for {type(result).__name__}")
    return drawer(result, fields)


def print_result(result: Result, fields: Sequence[str] | None = None, *, no_color: bool = False) -> None:
    """Draw a result on stdout, fitted to the terminal, with no line ending in spaces.

    Off a terminal (and with no COLUMNS), tables of programs are laid out wide
    enough that each program is one line; cards and grids at 80 columns.
    """
    wide = type(result).__name__ in _ROW_TABLES or fields is not None
    console = make_console(no_color=no_color, wide=wide)
    console.print(Trimmed(draw(result, fields)))
