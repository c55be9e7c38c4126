"""A career asked for by name: what the work is, the programs naming it, and BLS's wages as a table
(area, programs, median, 10th-90th percentile), each figure whole at any width.

A figure BLS does not publish is a dash with a numbered note giving BLS's reason
(its footnote, as BLS words it), never a number.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..figures.local import NO_ESTIMATE
from .common import MISSING, Hyphenated, money_text, rich_text

if TYPE_CHECKING:
    from ..answers.page import CareerList
    from ..figures.local import CareerWages
    from ..figures.wages import Wages


class _Reasons:
    """BLS's reasons for the figures it withholds, numbered in the order first met."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def mark(self, reason: str) -> str:
        number = self.numbers.setdefault(reason, len(self.numbers) + 1)
        return f"{MISSING} [{number}]"


def _cells(found: Wages | None, reasons: _Reasons) -> tuple[Text, Text]:
    """The median cell and the 10th-90th cell of one area."""
    if found is None:
        mark = reasons.mark(NO_ESTIMATE)
        return Text(mark), Text(mark)
    figures = found.figures
    withheld = {name: why for name, why in found.withheld.items() if name != "employment"}
    median = money_text(figures["median"]) if "median" not in withheld else reasons.mark(withheld["median"])
    spread_reasons = [withheld[name] for name in ("p10", "p90") if name in withheld]
    if spread_reasons:
        spread = reasons.mark(spread_reasons[0])
    else:
        spread = f"{money_text(figures['p10'])}–{money_text(figures['p90'])}"
    return Text(median), Text(spread)


class _Words:
    """A place's name in a table cell, broken between words only: a metro's name joins its
    cities with hyphens ("Boston-Cambridge-Newton, MA-NH"), and a line ending "MA-" reads
    as a typo. A word wider than the column (none of BLS's names at 60 columns) is shortened."""

    def __init__(self, value: str) -> None:
        self.content = rich_text(value)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        plain = self.content.plain
        start = 0
        while start < len(plain):
            end = len(plain)
            if cell_len(plain[start:end]) > width:  # the last space that leaves the line within width
                space = plain.rfind(" ", start, start + width + 1)
                end = space if space > start else plain.find(" ", start)
                end = len(plain) if end < 0 else end
            line = self.content[start:end]
            if line.cell_len > width:
                line.truncate(max(1, width), overflow="ellipsis")
            line.no_wrap, line.overflow = True, "ignore"
            yield line
            start = end
            while start < len(plain) and plain[start] == " ":
                start += 1


class _AreaTable:
    """The areas' wages: area, programs, median, 10th-90th. An area's name wraps between words
    only (never after a hyphen: "Boston-Cambridge-Newton, MA-NH" is one place); where the
    four columns do not fit with each name's longest word whole, the programs go under their
    area's name instead of beside it. Piped (wide), nothing wraps."""

    def __init__(self, rows: list[tuple[str, str, Text, Text]]) -> None:
        self.rows = rows

    GAP = 2  # between columns: the box's blank separator and one cell of padding

    def _widest(self, column: int, header: str, words: bool = False) -> int:
        """The column's widest cell (or, with ``words``, its longest word), header included."""
        texts = [cell if isinstance(cell := row[column], str) else cell.plain for row in self.rows]
        pieces = [word for text in texts for word in text.split()] if words else texts
        return max([cell_len(header), *(cell_len(piece) for piece in pieces)])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        figures = self._widest(2, "Median") + self._widest(3, "10th–90th")
        room = options.max_width - figures - 3 * self.GAP  # for the area and the programs
        area, programs = self._widest(0, "Area"), self._widest(1, "Programs")
        area_word, programs_word = self._widest(0, "Area", True), self._widest(1, "Programs", True)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
        if area_word + programs_word <= room:  # the programs beside their area: each as wide as fits
            programs_width = max(programs_word, min(programs, room - area))
            table.add_column("Area", width=min(area, room - programs_width))
            table.add_column("Programs", style="cyan", width=programs_width)
        else:  # the programs under their area's name, in the width the figures leave
            table.add_column("Area and its programs", width=max(area_word, room + self.GAP))
        table.add_column("Median", justify="right", no_wrap=True)
        table.add_column("10th–90th", justify="right", no_wrap=True)
        for name, listed, median, spread in self.rows:
            if len(table.columns) == 4:
                shown = Hyphenated(listed, "cyan") if listed else Text(MISSING, style="dim")
                table.add_row(_Words(name), shown, median, spread)
            else:
                under = [Padding(Hyphenated(listed, "cyan"), (0, 0, 0, 2))] if listed else []
                table.add_row(Group(_Words(name), *under), median, spread)
        yield table


def wages_table(wages: CareerWages) -> Group:
    """The occupation, the fit, and the table of areas with the reasons for what BLS withholds."""
    occupation = wages.occupation or "an occupation BLS does not name"
    parts: list[RenderableType] = [
        Text(""),
        Padding(rich_text(f"BLS wages a year, SOC {wages.soc} ({occupation})"), (0, 0, 0, 2)),
    ]
    if wages.fit != "good" and wages.fit_note:
        parts.append(Padding(rich_text(f"Fit: {wages.fit}. {wages.fit_note}"), (0, 0, 0, 2)))
    reasons = _Reasons()
    entries: list[tuple[str, tuple[str, ...], Wages | None]] = [("United States", (), wages.national)]
    entries += [(entry.area.name, entry.programs, entry.wages) for entry in wages.by_area]
    rows = [(name, ", ".join(programs), *_cells(found, reasons)) for name, programs, found in entries]
    table = _AreaTable(rows)
    parts.append(Padding(table, (1, 0, 0, 0)))
    if reasons.numbers:
        listed = Table.grid(padding=(0, 1, 0, 0))
        listed.add_column(no_wrap=True)
        listed.add_column()
        for reason, number in reasons.numbers.items():
            listed.add_row(f"[{number}]", rich_text(reason))
        parts.append(listed)
    return Group(*parts)


def career_wages_view(result: CareerList) -> Group:
    """Each career asked for: title and SOC code, the work, the programs naming it, its wages."""
    parts: list[RenderableType] = []
    for number, (career, programs) in enumerate(zip(result.careers, result.programs, strict=True)):
        if number:
            parts.append(Text(""))
        parts.append(rich_text(f"{career.title}  (SOC {career.soc})", "bold"))
        parts.append(Padding(rich_text(career.summary), (0, 0, 0, 2)))
        named = ", ".join(p.id for p in programs) or "none of the ranked programs' cards name it"
        parts.append(Padding(rich_text(f"Programs naming it: {named}"), (0, 0, 0, 2)))
        if result.wages is not None:
            # The table starts at the margin, so that at 60 columns no figure is cut.
            parts.append(wages_table(result.wages[number]))
    parts.append(Text(""))
    parts.append(Text("Source: the page's 'Career Paths'; it gives no salary per career."))
    if result.wages:
        parts.append(rich_text(str(result.wages[0].source.get("attribution", ""))))
    return Group(*parts)
