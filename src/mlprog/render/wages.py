"""A career asked for by name: what the work is, the programs naming it, and BLS's wages as a table
(area, programs, median, 10th-90th percentile), each figure whole at any width.

A figure BLS does not publish is a dash with a numbered note giving BLS's reason
(its footnote, as BLS words it), never a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
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


def wages_table(wages: CareerWages) -> Group:
    """The occupation, the fit, and the table of areas with the reasons for what BLS withholds."""
    occupation = wages.occupation or "an occupation BLS does not name"
    parts: list[RenderableType] = [
        Text(""),
        Padding(rich_text(f"BLS wages a year, SOC {wages.soc} ({occupation})"), (0, 0, 0, 2)),
    ]
    if wages.fit != "good" and wages.fit_note:
        parts.append(Padding(rich_text(f"Fit: {wages.fit}. {wages.fit_note}"), (0, 0, 0, 2)))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Area")
    # Never narrower than the longest id and its comma: an id is not cut.
    ids = [program for entry in wages.by_area for program in entry.programs]
    # ... and no wider than a few ids a line, so that the area's name has the room.
    narrowest = max((len(i) + 1 for i in ids), default=8)
    table.add_column("Programs", style="cyan", min_width=narrowest, max_width=max(narrowest, 18))
    table.add_column("Median", justify="right", no_wrap=True)
    table.add_column("10th–90th", justify="right", no_wrap=True)
    reasons = _Reasons()
    entries: list[tuple[str, tuple[str, ...], Wages | None]] = [("United States", (), wages.national)]
    entries += [(entry.area.name, entry.programs, entry.wages) for entry in wages.by_area]
    for name, programs, found in entries:
        median, spread = _cells(found, reasons)
        table.add_row(Hyphenated(name), Hyphenated(", ".join(programs)), median, spread)
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
