"""chart: the selected programs as points (one field against another) or as bars.

The points, axes and value frontier are worked out here, as plain data that
``--json`` and ``--format csv`` print; :mod:`mlprog.text.charts` turns them into
the text chart a person sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from ..frontier import AXES, NUMERIC_FIELDS, check_field, value_frontier
from ..model import Meta, Program
from ..scorecard.fields import OUTCOME_DIRECTIONS
from . import BUNDLED_SOURCED

#: A note names this many programs left out of a chart at most, then counts the rest.
NAMED_AT_MOST = 12
#: The shortest plot drawn to fit a terminal's height (--height may ask for less).
MIN_PLOT_HEIGHT = 6


def axis(field: str) -> dict[str, Any]:
    """An axis as JSON gives it: the field, its name, its unit, and which way is better."""
    name, unit = AXES[field]
    return {"field": field, "name": name, "unit": unit, "higher_is_better": NUMERIC_FIELDS[field]}


class Chart:
    """Programs plotted: a scatter of two fields with its value frontier, or bars of one field."""

    __slots__ = (
        "bar",
        "frontier",
        "height",
        "left_out",
        "meta",
        "notes",
        "nothing_selected",
        "programs",
        "screen",
        "sources",
        "width",
        "x",
        "y",
    )

    def __init__(
        self,
        programs: tuple[Program, ...],
        meta: Meta,
        *,
        x: str,
        y: str | None,
        bar: bool,
        frontier: tuple[Program, ...],
        left_out: tuple[Program, ...],
        notes: Sequence[str] = (),
        nothing_selected: str | None = None,
        sources: Sequence[dict[str, Any]] = (),
    ) -> None:
        self.programs = programs
        self.sources = list(sources)
        self.nothing_selected = nothing_selected
        self.meta = meta
        self.x = x
        self.y = y
        self.bar = bar
        self.frontier = frontier
        self.left_out = left_out
        self.notes = list(notes)
        self.width = 80
        self.height = 16
        #: The terminal's lines, which the whole chart must fit in; None: the height as set.
        self.screen: int | None = None

    @property
    def empty_note(self) -> str:
        """Said when nothing can be plotted: nothing was selected, or nothing has the values."""
        if self.nothing_selected:
            return self.nothing_selected
        if self.bar:
            said = f"Nothing to plot: no program selected has a value for {self.x}"
        else:
            said = f"Nothing to plot: no program selected has both {self.x} and {self.y}"
        imported = {field for field in (self.x, self.y) if field in OUTCOME_DIRECTIONS}
        if imported and self._bundled:
            return f"{said}: the bundled College Scorecard figures give none for the programs selected."
        if imported:  # figures that only an import brings
            return f"{said}: College Scorecard figures come with 'mlprog import scorecard'."
        return f"{said}; choose other fields with --x and --y, or --bar."

    @property
    def has_rows(self) -> bool:
        """Whether :meth:`rows` gives any, known without making them (the text chart needs none)."""
        return bool(self.programs)

    def rows(self) -> list[dict[str, Any]]:
        """One row per point: id, name, the values plotted, and whether it is on the frontier."""
        on_frontier = {p.id for p in self.frontier}
        rows = []
        for program in self.programs:
            row: dict[str, Any] = {"id": program.id, "name": program.name, self.x: getattr(program, self.x)}
            if self.y is not None:
                row[self.y] = getattr(program, self.y)
                row["frontier"] = program.id in on_frontier
            rows.append(row)
        return rows

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """``{"kind", "x", "y", "points", "frontier", "left_out", "sources"}``: enough to draw it
        again, and the sources (with their attribution) of the bundled figures it plots."""
        return {
            "kind": "bar" if self.bar else "scatter",
            "x": axis(self.x),
            "y": axis(self.y) if self.y else None,
            "points": self.rows(),
            "frontier": [p.id for p in self.frontier],
            "left_out": [p.id for p in self.left_out],
            "sources": self.sources,
        }

    def columns(self) -> tuple[str, ...]:
        """The CSV columns: one row per point."""
        return ("id", "name", self.x) if self.y is None else ("id", "name", self.x, self.y, "frontier")

    def plain_text(self) -> list[tuple[str, bool]]:
        """The chart as lines of text, at the width and height chosen (none when nothing is plotted).

        On a terminal whose height is to be fitted (``screen``), the plot is made
        shorter until the whole chart, with its title, legend and notes, fits in
        one line less than the screen (the shell's prompt comes after it).
        """
        if not self.programs:
            return []
        height = self.height
        lines = self._lines(height)
        if self.screen is not None and not self.bar:
            room = self.screen - 1
            while len(lines) > room and height > MIN_PLOT_HEIGHT:
                height = max(MIN_PLOT_HEIGHT, height - (len(lines) - room))
                lines = self._lines(height)
        return [(line, False) for line in lines]

    def _lines(self, height: int) -> list[str]:
        """The chart's lines with a plot of this height, and the note on the programs left out."""
        from ..text.charts import bars, scatter
        from ..text.fitting import fit_line

        if self.bar:
            lines = bars(self.programs, self.x, self.width)
        else:
            assert self.y is not None
            lines = scatter(self.programs, self.x, self.y, self.frontier, self.width, height)
        if self.left_out:
            count = len(self.left_out)
            from ..criteria import missing_words

            ids = [p.id for p in self.left_out[:NAMED_AT_MOST]]
            if count > NAMED_AT_MOST:
                ids.append(f"and {count - NAMED_AT_MOST:,} more")
            lines += fit_line(
                f"Not plotted: {count:,} program{'s' if count != 1 else ''} "
                f"({', '.join(ids)}): {missing_words(self._missing(), self._bundled)}.",
                self.width,
            )
        return lines

    @property
    def _bundled(self) -> bool:
        """Whether the College Scorecard figures are the bundled release's (no import of the user's)."""
        return any(p.bundled_outcomes_source is not None for p in (*self.programs, *self.left_out))

    def _missing(self) -> list[str]:
        """The fields the programs left out lack, in the order met."""
        fields = [self.x] if self.y is None else [self.x, self.y]
        return [f for p in self.left_out for f in fields if getattr(p, f) is None]


def bundled_sources(
    programs: Sequence[Program], fields: Sequence[str | None], living: int | None = None
) -> list[dict[str, Any]]:
    """The sources of the bundled figures these programs' ``fields`` show, each with its release,
    licence and attribution: the College Scorecard's when a field is one of its figures and came
    from the bundled release, HUD's rents when one is the all-in cost and ``living`` (the user's
    own monthly figure) is not given. Empty when every figure is the page's or the user's own."""
    named = {field for field in fields if field}
    found: list[dict[str, Any]] = []
    if named & BUNDLED_SOURCED:
        about = next((p.bundled_outcomes_source for p in programs if p.bundled_outcomes_source), None)
        if about is not None:
            found.append(about)
    if "all_in_cost" in named and living is None:
        from ..figures.living import source

        found.append(source())
    return found


def chart_programs(
    programs: Sequence[Program],
    meta: Meta,
    *,
    x: str = "tuition",
    y: str = "score",
    bar: str | None = None,
    notes: Sequence[str] = (),
    nothing_selected: str | None = None,
    sources: Sequence[dict[str, Any]] = (),
) -> Chart:
    """Chart the programs: ``y`` against ``x`` with the value frontier, or bars of ``bar``.

    Bars are sorted best first. Programs missing a plotted value are left out
    and named. ``sources``: those of the bundled figures plotted (see
    :func:`bundled_sources`).
    """
    if bar is not None:
        check_field(bar, "--bar")
        plotted = [p for p in programs if getattr(p, bar) is not None]
        plotted.sort(key=lambda p: getattr(p, bar), reverse=NUMERIC_FIELDS[bar])
        left_out = tuple(p for p in programs if getattr(p, bar) is None)
        return Chart(
            tuple(plotted),
            meta,
            x=bar,
            y=None,
            bar=True,
            frontier=(),
            left_out=left_out,
            notes=notes,
            nothing_selected=nothing_selected,
            sources=sources,
        )
    check_field(x, "--x")
    check_field(y, "--y")
    if x == y:
        from ..errors import UsageError

        raise UsageError(f"--x and --y are both {x}: choose two different fields")
    # One pass over each field's values (a membership test in `plotted` once made this quadratic).
    has_both = [
        a is not None and b is not None
        for a, b in zip(map(attrgetter(x), programs), map(attrgetter(y), programs), strict=True)
    ]
    if all(has_both):
        plotted, left_out = list(programs), ()
    else:
        plotted = [p for p, both in zip(programs, has_both, strict=True) if both]
        left_out = tuple(p for p, both in zip(programs, has_both, strict=True) if not both)
    front = value_frontier(plotted, x, y)
    front.sort(key=lambda p: getattr(p, x), reverse=NUMERIC_FIELDS[x])
    return Chart(
        tuple(plotted),
        meta,
        x=x,
        y=y,
        bar=False,
        frontier=tuple(front),
        left_out=left_out,
        notes=notes,
        nothing_selected=nothing_selected,
        sources=sources,
    )
