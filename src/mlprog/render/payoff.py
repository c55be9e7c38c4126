"""The payoff grid: figures as rows, programs as columns, then each program's sources with their
cohorts, and the assumptions. Too narrow for the programs side by side, the programs are rows of
one table (as compare draws them), then each program's figures and sources together."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..payoff import NOT_ENOUGH_DATA
from ..text.fitting import line_spans, shorten
from ..text.sanitize import terminal_safe
from .common import (
    MISSING,
    NO_DURATION,
    LaidOut,
    assumption_lines,
    labelled,
    money_text,
    rank_prefix,
    rich_text,
    sourced,
    years_text,
)
from .grids import block_widths, column_block, column_blocks
from .rows import RowTable, _Column, _Step

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


def _reply_by(entry: ProgramPayoff) -> Text:
    reply_by = entry.offer.reply_by if entry.offer is not None else None
    return rich_text(reply_by) if reply_by else Text(MISSING, style="dim")


#: A figure's column header where programs are rows (too narrow for them side by side).
_SHORT_LABELS = {"All-in cost": "All-in", "Debt/earnings": "Debt/earn"}
#: The figures in the one table where programs are rows; every figure is in each program's details.
_SUMMARY_LABELS = ("Reply by", "All-in cost", "Earnings/yr", "Gain/yr", "Payback", "Debt/earnings")
#: What gives way first in that table when it is too narrow (each is in the details below it).
_GIVES_WAY = ("Gain/yr", "Debt/earnings", "Earnings/yr")


def _heading(entry: ProgramPayoff) -> str:
    """A program's column heading, before its id: its rank and name."""
    return terminal_safe(rank_prefix(entry.program.rank) + entry.program.name)


def _cohort(figure: Figure) -> str:
    return f" ({figure.cohort:,} graduates)" if figure.cohort is not None else ""


class PayoffGrid(LaidOut):
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
        rows: list[tuple[str, list[Text]]] = []
        if self.report.applications:  # the date to answer by, beside the offer it answers
            rows.append(("Reply by", [_reply_by(entry) for entry in payoffs]))
        rows += [
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

    def lines(self, console: Console, width: int) -> Iterator[Text]:
        """The grid's lines: the figures (programs side by side, or as rows), the assumptions."""
        payoffs = self.report.payoffs
        rows = self._rows(payoffs)
        label_width = max(cell_len(label) for label, _ in rows)
        # Columns as wide as their widest figure (never under MIN_COLUMN), as many to a block as fit.
        widths = [
            max(self.MIN_COLUMN, *(cells[index].cell_len for _, cells in rows))
            for index in range(len(payoffs))
        ]
        if len(column_blocks(widths, label_width, width)) > 1:
            # Blocks of columns one under the other split a program's figures from the others'
            # (at 60 columns, one program a block): programs as rows instead, as compare does.
            yield from self._summary(payoffs, rows).lines(console, width)
            yield from self._details(payoffs, rows, console, width)
        else:
            yield from self._side_by_side(payoffs, rows, widths, label_width, width)
        yield from self._assumptions(console, width)

    def _assumptions(self, console: Console, width: int) -> Iterator[Text]:
        """Every assumption with its source."""
        notes = [(note.label, sourced(note.text, note.source)) for note in self.report.assumptions]
        if any(not entry.duration.stated for entry in self.report.payoffs):
            notes.insert(0, ("*", Text(NO_DURATION, style="dim")))
        yield from assumption_lines(notes, console, width)

    def _side_by_side(
        self,
        payoffs: Sequence[ProgramPayoff],
        rows: list[tuple[str, list[Text]]],
        widths: list[int],
        label_width: int,
        width: int,
    ) -> Iterator[Text]:
        """Figures as rows, programs as columns in one block; then every program's sources."""
        block = list(range(len(payoffs)))
        headings = [(_heading(entry), entry.program.id) for entry in payoffs]
        fitted = block_widths(widths, block, headings, label_width, width)
        yield from column_block(headings, rows, block, fitted, label_width)
        yield Text("")
        yield Text("Sources:", style="bold")
        yield from self._sources_lines(payoffs, width)

    @staticmethod
    def _summary(payoffs: Sequence[ProgramPayoff], rows: list[tuple[str, list[Text]]]) -> RowTable:
        """A program a row with its main figures, in one table."""
        columns = [_Column("ID", [rich_text(entry.program.id, "cyan") for entry in payoffs])]
        for label, cells in rows:
            if label in _SUMMARY_LABELS:
                columns.append(_Column(_SHORT_LABELS.get(label, label), cells, "right"))
        steps = [_Step(_SHORT_LABELS.get(label, label)) for label in _GIVES_WAY]
        return RowTable(columns, steps, hint="Each program's figures are below.")

    def _details(
        self,
        payoffs: Sequence[ProgramPayoff],
        rows: list[tuple[str, list[Text]]],
        console: Console,
        width: int,
    ) -> Iterator[Text]:
        """Each program's figures in full with their sources, one program under the other."""
        label_width = max(cell_len(label) for label, _ in rows)
        labels = [Text(label, style="bold") for label, _ in rows]
        for index, entry in enumerate(payoffs):
            yield Text("")
            program = entry.program
            yield (
                Text(rank_prefix(program.rank), style="bold")
                + rich_text(program.name, "bold")
                + Text(" (")
                + rich_text(program.id, "cyan")
                + Text(")")
            )
            figures = [(label, cells[index]) for label, (_, cells) in zip(labels, rows, strict=True)]
            yield from labelled(
                figures, console, width, indent=1, gap=2, label_width=label_width, wraps=False
            )
            sources = []
            for line in self._source_list(entry):
                label, _, text = line.partition(": ")
                sources.append((rich_text(label + ":", "bold"), rich_text(text)))
            yield from labelled(sources, console, width, indent=1, gap=1)

    def _sources_lines(self, payoffs: Sequence[ProgramPayoff], width: int) -> Iterator[Text]:
        """Each program's id, then its sources, continuation lines two further in."""
        ids = [terminal_safe(entry.program.id) for entry in payoffs]
        id_width = max(cell_len(shown) for shown in ids)
        indent = 2 + id_width + 2
        room = max(20, width - indent - 2)  # the continuation lines' width, the narrower
        for shown, entry in zip(ids, payoffs, strict=True):
            head: Text | None = Text("  ") + Text(shown.ljust(id_width), style="cyan") + Text("  ")
            for source in self._source_list(entry):
                text = terminal_safe(source)
                for number, (start, end, cut) in enumerate(line_spans(text, room)):
                    piece = shorten(text[start:end], room) if cut else text[start:end]
                    lead = head if head is not None else Text(" " * (indent + (2 if number else 0)))
                    head = None
                    yield lead + Text(piece)

    @staticmethod
    def _source_list(entry: ProgramPayoff) -> list[str]:
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
        return lines


def payoff_table(report: PayoffReport) -> PayoffGrid:
    """The payoff grid of a report (see :class:`PayoffGrid`)."""
    return PayoffGrid(report)
