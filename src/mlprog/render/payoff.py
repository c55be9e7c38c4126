"""The payoff grid: figures as rows, programs as columns in blocks (as cost draws them), then each
program's sources with their cohorts, and the assumptions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..payoff import NOT_ENOUGH_DATA
from ..text.sanitize import terminal_safe
from .common import money_text, rank_prefix, rich_text, years_text

if TYPE_CHECKING:
    from ..answers.payoff import PayoffReport, ProgramPayoff
    from ..payoff import Figure


def _money(span: dict[str, int] | None) -> str:
    if span is None:
        return NOT_ENOUGH_DATA
    low, high = span["low"], span["high"]
    return money_text(low) if low == high else f"{money_text(low)}–{money_text(high)}"


def _years(span: dict[str, float] | None) -> str:
    return NOT_ENOUGH_DATA if span is None else years_text(span["low"], span["high"])


def _ratio(span: dict[str, float] | None) -> str:
    if span is None:
        return NOT_ENOUGH_DATA
    low, high = span["low"], span["high"]
    return f"{low:.2f}" if low == high else f"{low:.2f}–{high:.2f}"


def _cohort(figure: Figure) -> str:
    return f" ({figure.cohort:,} graduates)" if figure.cohort is not None else ""


class PayoffGrid:
    """Each program's all-in cost, earnings, gain, payback and debt-to-earnings side by side."""

    MIN_COLUMN = 16

    def __init__(self, report: PayoffReport) -> None:
        self.report = report
        payoffs = report.payoffs
        self.forgone = report.current_salary is not None
        self.supported = report.benefit is not None or report.sponsorship is not None
        self.awarded = report.applications or any(p.result.awards.high > 0 for p in payoffs)

    def _rows(self, payoffs: Sequence[ProgramPayoff]) -> list[tuple[str, list[Text]]]:
        data: list[dict[str, Any]] = [entry.result.as_dict() for entry in payoffs]
        years = [entry.duration.years.years() for entry in payoffs]
        rows = [
            (
                "Years",
                [
                    Text(_years(span) + ("" if entry.duration.stated else " *"))
                    for span, entry in zip(years, payoffs, strict=True)
                ],
            ),
            ("Tuition", [Text(_money(row["total_tuition"])) for row in data]),
            ("Living", [Text(_money(row["living"])) for row in data]),
        ]
        if self.forgone:
            rows.append(("Salary given up", [Text(_money(row["forgone_salary"])) for row in data]))
        if self.supported:
            rows.append(("Employer pays", [Text(_money(row["employer_support"])) for row in data]))
        if self.awarded:
            rows.append(("Awards", [Text(_money(row["awards"])) for row in data]))
        rows.append(("All-in cost", [Text(_money(row["all_in_cost"]), style="bold") for row in data]))
        rows.append(
            (
                "Earnings/yr",
                [Text(_money(row["earnings"]["amount"] if row["earnings"] else None)) for row in data],
            )
        )
        rows.append(
            (
                "Gain/yr",
                [
                    Text(_money({"low": g["low"], "high": g["high"]} if (g := row["yearly_gain"]) else None))
                    for row in data
                ],
            )
        )
        rows.append(("Payback", [Text(_years(row["payback_years"]), style="bold") for row in data]))
        rows.append(("Debt/earnings", [Text(_ratio(row["debt_to_earnings"])) for row in data]))
        return rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        payoffs = self.report.payoffs
        label_width = max(cell_len(label) for label, _ in self._rows(payoffs[:1]))
        per_block = max(1, (options.max_width - label_width - 2) // (self.MIN_COLUMN + 2))
        for number, start in enumerate(range(0, len(payoffs), per_block)):
            if number:
                yield Text("")
            yield self._table(payoffs[start : start + per_block])
        yield Text("")
        yield Text("Sources:", style="bold")
        listed = Table.grid(padding=(0, 2, 0, 0))
        listed.add_column(no_wrap=True, style="cyan")
        listed.add_column()
        for entry in payoffs:
            listed.add_row(rich_text(entry.program.id), self._sources(entry))
        yield Padding(listed, (0, 0, 0, 2))
        yield Text("")
        yield Text("Assumptions:", style="bold")
        notes = Table.grid(padding=(0, 2, 0, 0))
        notes.add_column(no_wrap=True, style="bold")
        notes.add_column()
        if any(not entry.duration.stated for entry in payoffs):
            notes.add_row(
                "*", Text("No duration stated by the program: the typical one is assumed.", style="dim")
            )
        for note in self.report.assumptions:
            notes.add_row(
                rich_text(note.label),
                rich_text(note.text) + Text(f"\nSource: {terminal_safe(note.source)}", style="dim"),
            )
        yield Padding(notes, (0, 0, 0, 2))

    @staticmethod
    def _sources(entry: ProgramPayoff) -> Text:
        """Where the program's figures come from, the cohort behind each, and what was missing."""
        result = entry.result
        lines = []
        if result.earnings is not None:
            lines.append(f"Earnings: {result.earnings.source}{_cohort(result.earnings)}")
        else:
            # Why each source gave nothing (the national median, never there, is an assumption).
            reasons = [reason for reason in entry.passed_over if "national median" not in reason]
            lines.append(f"Earnings: {NOT_ENOUGH_DATA}: " + "; ".join(reasons))
        gain = result.yearly_gain
        if gain is not None and result.earnings is not None and gain.basis.startswith(result.earnings.source):
            lines.append(f"Gain: the earnings{gain.basis.removeprefix(result.earnings.source)}")
        elif gain is not None:
            lines.append(f"Gain: {gain.basis}")
        if entry.living is not None:
            lines.append(f"Living: {entry.living.source}")
        if entry.debt is not None:
            lines.append(f"Debt: {entry.debt.source}{_cohort(entry.debt)}")
        if entry.offer is not None:
            lines.append(f"Offer: {entry.offer.awards_text() or 'no awards recorded'}")
        missing = [
            reason for reason in result.missing if not reason.startswith(("salary given up", "earnings:"))
        ]
        lines.extend(f"Not enough data: {reason}" for reason in missing)
        return Text("\n").join(rich_text(line) for line in lines)

    def _table(self, payoffs: Sequence[ProgramPayoff]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("", style="bold", no_wrap=True)
        rows = self._rows(payoffs)
        for index, entry in enumerate(payoffs):
            widest = max(row[1][index].cell_len for row in rows)
            header = (
                Text(rank_prefix(entry.program.rank))
                + rich_text(entry.program.name)
                + Text(f"\n({entry.program.id})", style="cyan")
            )
            table.add_column(header, justify="right", min_width=max(widest, self.MIN_COLUMN))
        for label, cells in rows:
            table.add_row(label, *cells)
        return table


def payoff_table(report: PayoffReport) -> PayoffGrid:
    """The payoff grid of a report (see :class:`PayoffGrid`)."""
    return PayoffGrid(report)
