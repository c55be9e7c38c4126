"""Charts as plain text: a scatter with labelled points and a marked frontier, and bars.

The plot area is a :class:`plotille.Canvas` (imported only here, and only by
``mlprog chart``): it places each marker and label in its character cell. The
axes, their ticks (``$20k``, ``80%``) and the placing of labels are done here,
so that every line fits the width, nothing is cut, no label covers a point,
and nothing depends on colour: frontier points are ◆, the others •.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from ..frontier import AXES
from ..model import Program

FRONTIER_MARK = "◆"
OTHER_MARK = "•"
#: The narrowest plot area worth drawing.
MIN_PLOT_WIDTH = 20
#: A note under the chart names this many programs at most, then counts the rest.
NAMED_AT_MOST = 12


def tick_text(field: str, value: float) -> str:
    """A tick as people read it: ``$20k``, ``80%``, ``65``, ``#5``."""
    unit = AXES[field][1]
    if unit == "$":
        thousands = value / 1000
        return f"${thousands:.0f}k" if thousands == int(thousands) else f"${thousands:.1f}k"
    number = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    if unit == "x":
        return f"{value:g}x"
    return {"%": f"{number}%", "#": f"#{number}"}.get(unit, number)


def value_text(field: str, value: float) -> str:
    """A value in full: ``$4,478``, ``93%``, ``61.4``, ``64.0``, ``#18`` (a score with one
    decimal, as tables write it)."""
    unit = AXES[field][1]
    if field in ("score", "personal_score"):
        return f"{value:.1f}"
    if unit == "$":
        return f"${value:,.0f}"
    if unit == "%":
        return f"{value:g}%"
    if unit == "x":
        return f"{value:.2f}x"
    return f"#{value:g}" if unit == "#" else f"{value:g}"


def nice_ticks(low: float, high: float, count: int) -> tuple[float, float, int]:
    """Round ticks covering low..high: (first, step, how many steps), about ``count`` steps."""
    if high == low:  # one value: a little room either side, never below 0 for a figure that is not
        spread = abs(low) * 0.1 or 1.0
        low, high = (max(0.0, low - spread) if low >= 0 else low - spread), high + spread
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    steps = max(1, math.ceil((high - first) / step - 1e-9))
    return first, step, steps


class _Grid:
    """Where values fall on a plot area of ``width`` x ``height`` characters."""

    def __init__(self, x: tuple[float, float], y: tuple[float, float], width: int, height: int) -> None:
        self.width, self.height = width, height
        # The canvas spans a little more than the ticks, so that the last tick falls
        # in the last column (plotille puts xmax one column past it).
        self.x0, self.x1 = x[0], x[0] + (x[1] - x[0]) * (2 * width) / (2 * width - 1)
        self.y0, self.y1 = y[0], y[0] + (y[1] - y[0]) * (4 * height) / (4 * height - 1)
        self.dx = (self.x1 - self.x0) / (2 * width)
        self.dy = (self.y1 - self.y0) / (4 * height)

    def column(self, value: float) -> int:
        return min(self.width - 1, round((value - self.x0) / self.dx) // 2)

    def row(self, value: float) -> int:
        return min(self.height - 1, round((value - self.y0) / self.dy) // 4)

    def cell_x(self, column: int) -> float:
        """A value that falls in this column (for text put there)."""
        return self.x0 + (2 * column + 0.5) * self.dx

    def cell_y(self, row: int) -> float:
        return self.y0 + (4 * row + 0.5) * self.dy


def scatter(
    programs: Sequence[Program], x: str, y: str, frontier: Sequence[Program], width: int, height: int
) -> list[str]:
    """``y`` against ``x``, each point labelled by its id where there is room, the frontier marked."""
    import plotille

    xs = list(map(float, map(attrgetter(x), programs)))
    ys = list(map(float, map(attrgetter(y), programs)))
    y_first, y_step, y_steps = nice_ticks(min(ys), max(ys), max(2, height // 4))
    y_ticks = [y_first + i * y_step for i in range(y_steps + 1)]
    gutter = max(len(tick_text(y, v)) for v in y_ticks) + 1
    plot_width = max(MIN_PLOT_WIDTH, width - gutter - 2)
    x_first, x_step, x_steps = nice_ticks(min(xs), max(xs), max(2, plot_width // 12))
    grid = _Grid(
        (x_first, x_first + x_step * x_steps), (y_first, y_first + y_step * y_steps), plot_width, height
    )
    canvas = plotille.Canvas(plot_width, height, grid.x0, grid.y0, grid.x1, grid.y1)
    on_frontier = {p.id for p in frontier}
    ids = list(map(attrgetter("id"), programs))
    # Frontier points first (in the order given), so that theirs are the markers and labels a
    # crowded cell keeps; then the others, in the order given (best first, as ranked).
    first_ones = [n for n, name in enumerate(ids) if name in on_frontier]
    order: Sequence[int] = range(len(ids))
    if first_ones:
        on_it = set(first_ones)
        order = first_ones + [n for n in order if n not in on_it]
    # Each value's cell, in one pass each (grid.column and grid.row, without a call per point).
    x0, dx, last_column = grid.x0, grid.dx, plot_width - 1
    y0, dy, last_row = grid.y0, grid.dy, height - 1
    columns_of = [c if (c := round((v - x0) / dx) // 2) < last_column else last_column for v in xs]
    rows_of = [r if (r := round((v - y0) / dy) // 4) < last_row else last_row for v in ys]
    cells = list(zip(columns_of, rows_of, strict=True))
    # One marker per cell, the first program's in that order (the later ones overwrite the
    # earlier in a dict made backwards): the others there are counted, and the first few
    # named, rather than drawn, so drawing 100,000 points costs a few thousand markers.
    backwards = order[::-1]
    owners = dict(zip(map(cells.__getitem__, backwards), backwards, strict=True))
    owned = [n for n in order if owners[cells[n]] == n]  # the programs that have a cell, in order
    shared: list[str] = []
    for n in order:
        if len(shared) == NAMED_AT_MOST:
            break
        if (owner := owners[cells[n]]) != n:
            shared.append(f"{ids[n]} (at {ids[owner]})")
    shared_count = len(order) - len(owned)
    free = [plot_width] * height  # empty cells left in each row, so that a full row is passed by
    for n in owned:
        program = programs[n]
        mark = FRONTIER_MARK if program.id in on_frontier else OTHER_MARK
        canvas.point(getattr(program, x), getattr(program, y), marker=mark)
        free[rows_of[n]] -= 1
    taken = set(owners)
    unlabelled: list[str] = []
    unlabelled_count = 0
    shortest = min((len(ids[n]) for n in owned), default=0)
    for n in owned:
        label = ids[n]
        column, row = columns_of[n], rows_of[n]
        # A label needs as many empty cells in its line: once no line has room for the shortest,
        # the canvas is full and the rest go unlabelled untried.
        if max(free) < shortest or not _label(
            canvas, grid, label, (column, row), plot_width, height, taken, free
        ):
            if unlabelled_count < NAMED_AT_MOST:
                unlabelled.append(label)
            unlabelled_count += 1
    rows = canvas.plot(linesep="\n").replace("\u2800", " ").split("\n")
    tick_rows = {grid.row(v): tick_text(y, v) for v in y_ticks}
    lines = [f"{' ' * gutter} {AXES[y][0]}"]
    for number, line in zip(range(height - 1, -1, -1), rows, strict=True):
        tick = tick_rows.get(number)
        lead = f"{tick:>{gutter - 1}} ┤" if tick is not None else f"{'':>{gutter - 1}} │"
        lines.append((lead + line).rstrip())
    x_ticks = [x_first + i * x_step for i in range(x_steps + 1)]
    columns = {grid.column(v): tick_text(x, v) for v in x_ticks}
    axis = "".join("┬" if c in columns else "─" for c in range(plot_width))
    lines.append(f"{'':>{gutter - 1}} └{axis}")
    lines.append(_tick_labels(columns, gutter + 1, gutter + 1 + plot_width))
    name = AXES[x][0]
    lines.append(f"{' ' * max(0, gutter + 1 + plot_width - len(name))}{name}")
    legend = (
        f"{FRONTIER_MARK} value frontier: no other point beats it on both axes; {OTHER_MARK} other programs."
    )
    lines.extend(_prose(legend, width))
    if shared:
        lines.extend(_prose(f"Too close to tell apart: {_named(shared, shared_count)}.", width))
    if unlabelled:
        lines.extend(_prose(f"No room for a label: {_named(unlabelled, unlabelled_count)}.", width))
    lines.extend(_frontier_list(frontier, x, y))
    return lines


Cell = tuple[int, int]


def _label(
    canvas: Any,
    grid: _Grid,
    label: str,
    point: Cell,
    width: int,
    height: int,
    taken: set[Cell],
    free: list[int],
) -> bool:
    """Write the label near its point where there is room (beside it, right then left; else
    just above or below it); whether it was written."""
    column, row = point
    starts = [(column + 1, row), (column - len(label), row)]
    starts += [(c, r) for r in (row + 1, row - 1) for c in (column + 1, column - len(label))]
    for start, line in starts:
        if not 0 <= line < height or free[line] < len(label):
            continue
        place = [(start + i, line) for i in range(len(label))]
        if _room(place, point, width, taken):
            canvas.text(grid.cell_x(start), grid.cell_y(line), label)
            taken.update(place)
            free[line] -= len(label)
            return True
    return False


def _named(names: list[str], count: int) -> str:
    """The names given, and how many more there are, if any."""
    if count <= len(names):
        return ", ".join(names)
    return f"{', '.join(names)}, and {count - len(names):,} more (mlprog chart --json lists every point)"


def _room(place: list[Cell], point: Cell, width: int, taken: set[Cell]) -> bool:
    """Whether a label fits in these cells: inside the plot, on nothing, and with a blank cell
    (or the plot's edge, or its own point) at each end, so that it never runs into another
    label or point ("penn••nyu", "sjsuunt")."""
    if not all(0 <= column < width and (column, line) not in taken for column, line in place):
        return False
    (first, line), (last, _) = place[0], place[-1]
    ends = [(first - 1, line), (last + 1, line)]
    if line == point[1]:  # beside its point: the point's other side is clear too ("ucf◆◆sjsu")
        ends.append((point[0] - 1 if first > point[0] else point[0] + 1, line))
    return all(cell == point or not 0 <= cell[0] < width or cell not in taken for cell in ends)


def _prose(text: str, width: int) -> list[str]:
    from .fitting import fit_line

    return fit_line(text, width)


def _tick_labels(columns: dict[int, str], offset: int, end: int) -> str:
    """Tick labels centred under their ticks, any that would touch the one before dropped."""
    line = ""
    for column, label in sorted(columns.items()):
        start = max(0, offset + column - len(label) // 2)
        if start + len(label) > end:
            start = end - len(label)
        if line and start <= len(line):
            continue
        line += " " * (start - len(line)) + label
    return line


def _frontier_list(frontier: Sequence[Program], x: str, y: str) -> list[str]:
    """The frontier programs: id, then both values, in columns."""
    if not frontier:
        return []
    width = max(len(p.id) for p in frontier)
    xs = [value_text(x, getattr(p, x)) for p in frontier]
    ys = [value_text(y, getattr(p, y)) for p in frontier]
    x_width, y_width = max(map(len, xs)), max(map(len, ys))
    lines = [f"Value frontier ({AXES[x][0].lower()}, {AXES[y][0].lower()}):"]
    for program, x_value, y_value in zip(frontier, xs, ys, strict=True):
        lines.append(f"  {program.id:<{width}}  {x_value:>{x_width}}  {y_value:>{y_width}}")
    return lines


def bars(programs: Sequence[Program], field: str, width: int) -> list[str]:
    """One bar per program, in the order given, its length in proportion to its value."""
    if not programs:
        return []
    values = [float(getattr(p, field)) for p in programs]
    texts = [value_text(field, v) for v in values]
    id_width = max(len(p.id) for p in programs)
    text_width = max(map(len, texts))
    room = max(10, width - id_width - text_width - 3)
    top = max(values) or 1.0
    lines = [f"{AXES[field][0]}, best first:"]
    for program, value, text in zip(programs, values, texts, strict=True):
        length = max(1, round(value / top * room)) if value > 0 else 0
        lines.append(
            f"{program.id:<{id_width}} {'█' * length}{' ' * (room - length)} {text:>{text_width}}".rstrip()
        )
    return lines
