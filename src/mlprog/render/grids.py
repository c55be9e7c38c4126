"""Programs side by side: the comparison grid, the cost grid, profiles and the shortlist."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..dataset.schema import SUMMARY_FIELDS
from ..formats import flatten
from ..model import EmployerBenefit, Meta, Profile
from ..text.fitting import line_spans
from ..text.sanitize import terminal_safe
from .common import (
    BEST_MARK,
    MISSING,
    NO_DURATION,
    Hyphenated,
    LaidOut,
    assumption_lines,
    bulleted,
    cell,
    field_text,
    money_text,
    rank_prefix,
    rich_text,
    source_note,
    sourced,
    years_text,
)

if TYPE_CHECKING:
    from ..cost import Assumption, Cost

# Rows of the default comparison: (label, JSON field). "location" joins city and state.
COMPARE_ROWS = (
    ("Rank", "rank"),
    ("Score", "score"),
    ("Tuition/yr", "tuition"),
    ("Graduation rate", "graduation_rate"),
    ("Earnings, 1 yr", "earnings_1yr"),
    ("Earnings, 5 yrs", "earnings_5yr"),
    ("Median debt", "debt_median"),
    ("Debt/earnings", "debt_to_earnings"),
    ("Location", "location"),
    ("Type", "type"),
    ("Degrees", "degrees"),
    ("Delivery", "delivery"),
    ("Research labs", "labs"),
    ("Industry partners", "industry_partners"),
    ("Top employers", "top_employers"),
    ("Common roles", "common_roles"),
    ("Admissions (GPA)", "admissions_gpa"),
    ("Accreditations", "accreditations"),
)
_IMPORTED_ROWS = frozenset({"earnings_1yr", "earnings_5yr", "debt_median", "debt_to_earnings"})
_SUMMARY_ROWS = frozenset(
    {"rank", "score", "tuition", "graduation_rate", "location", "type"} | _IMPORTED_ROWS
)


#: A program's column in a comparison is never narrower than this; fewer fit side by side.
MIN_PROGRAM_COLUMN = 22
#: A list in a comparison shows this many items, then "+ N more".
LIST_ITEMS_SHOWN = 4


class ComparisonGrid:
    """Fields as rows, programs as columns, the best value in a row starred.

    Programs that do not fit side by side at the width (each column at least
    ``MIN_PROGRAM_COLUMN`` cells) are shown in blocks, one under the other, each
    with the row labels; nothing is squeezed.
    """

    def __init__(
        self,
        records: Sequence[Mapping[str, Any]],
        best: Mapping[str, Sequence[str]],
        meta: Meta,
        fields: Sequence[str] | None = None,
    ) -> None:
        self.records = records
        self.best = best
        self.meta = meta
        if fields is None:  # imported figures only where some program has them
            imported = {f for f in _IMPORTED_ROWS if any(r.get(f) is not None for r in records)}
            self.rows = tuple(
                row for row in COMPARE_ROWS if row[1] not in _IMPORTED_ROWS or row[1] in imported
            )
        else:
            self.rows = tuple((name, name) for name in fields)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        label_width = max((cell_len(label) for label, _ in self.rows), default=0)
        blocks = _blocks(len(self.records), options.max_width, label_width, MIN_PROGRAM_COLUMN)
        if len(blocks) > 1:
            yield from self._transposed()
            return
        yield self._table(self.records)
        yield source_note(self.meta, prefix=f"{BEST_MARK} = best in row. ")

    def _transposed(self) -> Iterator[RenderableType]:
        """Too narrow for the programs side by side: the figures with a best value as one table,
        a program a row (its values and their stars seen together), then each program's details.

        Blocks of columns one under the other put a row's star in a block that had scrolled away.
        """
        from .rows import TO_THE_WORD, RowTable, _Column, _Step

        figures = [(label, field) for label, field in self.rows if _figure(field, self.best)]
        details = [(label, field) for label, field in self.rows if not _figure(field, self.best)]
        columns = [_Column("ID", [rich_text(str(r.get("id")), "cyan") for r in self.records])]
        for label, field in figures:
            winners = self.best.get(field, [])
            cells = [_starred(record, field, winners) for record in self.records]
            numeric = field not in ("location", "type")
            header = _SHORT_LABELS.get(field, label)
            columns.append(_Column(header, cells, "right" if numeric else "left", wraps=not numeric))
        steps = [_Step(TO_THE_WORD), *(_Step(_SHORT_LABELS.get(f, name)) for name, f in reversed(figures))]
        yield RowTable(columns, steps[:-1] if len(steps) > 1 else steps)
        yield source_note(self.meta, prefix=f"{BEST_MARK} = best in its column. ")
        for record in self.records if details else ():
            yield Text("")
            name = Text(rank_prefix(record.get("rank")), style="bold") + rich_text(
                str(record.get("name")), "bold"
            )
            yield name + Text(" (") + rich_text(str(record.get("id")), "cyan") + Text(")")
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column()
            for label, field in details:
                grid.add_row(label, self._cell(record, field, self.best.get(field, [])))
            yield Padding(grid, (0, 0, 0, 1))

    def _table(self, records: Sequence[Mapping[str, Any]]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("", style="bold", no_wrap=True)
        for record in records:
            header = Text(rank_prefix(record.get("rank"))) + rich_text(str(record.get("name")))
            table.add_column(
                header + Text(f"\n({terminal_safe(str(record.get('id')))})", style="cyan"),
                min_width=min(MIN_PROGRAM_COLUMN, 40),
            )
        for position, (label, field) in enumerate(self.rows):
            winners = self.best.get(field, [])
            cells = [self._cell(record, field, winners) for record in records]
            next_is_detail = position + 1 < len(self.rows) and self.rows[position + 1][1] not in _SUMMARY_ROWS
            table.add_row(label, *cells, end_section=field in _SUMMARY_ROWS and next_is_detail)
        return table

    def _cell(self, record: Mapping[str, Any], field: str, winners: Sequence[str]) -> RenderableType:
        if not record.get("detailed", True) and field not in _SUMMARY_ROWS.union(SUMMARY_FIELDS):
            return Text("no detailed profile", style="dim italic")
        value = record.get(field)
        if isinstance(value, list) and value:
            return _bullets(value, str(record.get("id")))
        shown = field_text(record, field)
        if record.get("id") in winners and shown is not None:
            return Text(f"{BEST_MARK} {shown}", style="bold green")
        return cell(shown)


def _bullets(items: Sequence[Any], program_id: str) -> RenderableType:
    """One bullet per item (labs and degrees by name); a long list ends with where to see the rest."""
    names = [str(item["name"]) if isinstance(item, dict) else str(item) for item in items]
    shown = names if len(names) <= LIST_ITEMS_SHOWN + 1 else names[:LIST_ITEMS_SHOWN]
    lines: list[Text | tuple[str, Text]] = [rich_text(name) for name in shown]
    if len(shown) < len(names):
        more = len(names) - len(shown)
        lines.append(("+", Text(f"{more} more (mlprog show {terminal_safe(program_id)})", style="dim")))
    return bulleted(lines)


def comparison_grid(
    records: Sequence[Mapping[str, Any]],
    best: Mapping[str, Sequence[str]],
    meta: Meta,
    fields: Sequence[str] | None = None,
) -> ComparisonGrid:
    """Fields as rows, programs as columns (in blocks where they do not fit); the best starred."""
    return ComparisonGrid(records, best, meta, fields)


def profiles_table(profiles: Sequence[Profile]) -> Group:
    """Each profile as a short block: its id and title, who it is for, its weights and filters."""
    from ..weights import describe_weights

    blocks: list[RenderableType] = []
    for number, profile in enumerate(profiles):
        filters = [
            f"{name}: {flatten(list(v) if isinstance(v, tuple) else v)}" for name, v in profile.filters
        ]
        if profile.requires_state:
            filters.append("your --state")
        details = Table.grid(padding=(0, 1))
        details.add_column(style="bold", no_wrap=True)
        details.add_column()
        if profile.summary:
            details.add_row("For", rich_text(profile.summary))
        details.add_row("Weights", rich_text(describe_weights(profile.weights)))
        details.add_row("Filters", rich_text("; ".join(filters) or None))
        if number:
            blocks.append(Text(""))
        blocks.append(rich_text(profile.id, "bold cyan") + Text("  ") + rich_text(profile.title, "bold"))
        blocks.append(Padding(details, (0, 0, 0, 2)))
    blocks.append(Text(""))
    blocks.append(Text("Use one with: mlprog rank --profile ID", style="dim"))
    return Group(*blocks)


def _span(span: Mapping[str, Any] | None, money_span: bool = True) -> str:
    if span is None:
        return MISSING
    low, high = span["low"], span["high"]
    if not money_span:
        return years_text(low, high)
    return money_text(low) if low == high else f"{money_text(low)}–{money_text(high)}"


#: A figure's column header where programs are rows (compare, too narrow for them side by side).
_SHORT_LABELS = {
    "graduation_rate": "Grad",
    "earnings_1yr": "Earn 1yr",
    "earnings_5yr": "Earn 5yr",
    "debt_median": "Debt",
    "debt_to_earnings": "Debt/earn",
}


def _figure(field: str, best: Mapping[str, Sequence[str]]) -> bool:
    """Whether a comparison's row is a short figure (one best value, or where and what it is)."""
    return field in best or field in ("location", "type", "rank", "score", "tuition")


def _starred(record: Mapping[str, Any], field: str, winners: Sequence[str]) -> Text:
    shown = field_text(record, field)
    if record.get("id") in winners and shown is not None:
        return Text(f"{BEST_MARK} {shown}", style="bold green")
    return cell(shown)


def _blocks(count: int, width: int, label_width: int, minimum: int) -> list[slice]:
    """Programs per block so that each column gets at least ``minimum`` cells."""
    per_block = max(1, (width - label_width - 2) // (minimum + 2))
    return [slice(start, start + per_block) for start in range(0, count, per_block)]


class CostGrid(LaidOut):
    """What each degree costs: figures as rows, programs as columns in blocks (as in compare),
    ranges low to high, with every assumption and its source underneath. Laid out by hand, as
    payoff's grid is (Rich's Table took half of `cost --top 25`)."""

    MIN_COLUMN = 16

    def __init__(
        self, costs: Sequence[Cost], notes: Sequence[Assumption], benefit: EmployerBenefit | None
    ) -> None:
        self.costs = costs
        self.notes = notes
        self.benefit = benefit
        # Support rows only when there is support to speak of: an employer or a sponsorship.
        self.supported = any(cost.employer_support.high > 0 for cost in costs) or benefit is not None

    def _rows(self, costs: Sequence[Cost]) -> list[tuple[str, list[Text]]]:
        data = [cost.as_dict() for cost in costs]
        rows = [
            (
                "Years",
                [
                    Text(_span(row["years"], money_span=False) + ("" if cost.duration.stated else " *"))
                    for row, cost in zip(data, costs, strict=True)
                ],
            ),
            ("Tuition", [Text(_span(row["total_tuition"])) for row in data]),
        ]
        if self.supported:
            rows.append(("Employer pays", [Text(_span(row["employer_support"])) for row in data]))
            rows.append(("  of it tax-free", [Text(_span(row["tax_free_support"])) for row in data]))
        rows.append(("You pay", [Text(_span(row["net_cost"]), style="bold") for row in data]))
        rows.append(("Payback", [Text(_span(row["payback_years"], money_span=False)) for row in data]))
        return rows

    def lines(self, console: Console, width: int) -> Iterator[Text]:
        """The figures, as many programs to a block as fit, then the assumptions."""
        rows = self._rows(self.costs)
        label_width = max(cell_len(label) for label, _ in rows)
        headings = [
            (terminal_safe(rank_prefix(cost.program.rank) + cost.program.name), cost.program.id)
            for cost in self.costs
        ]
        widths = [
            max(self.MIN_COLUMN, *(cells[index].cell_len for _, cells in rows))
            for index in range(len(headings))
        ]
        for number, block in enumerate(column_blocks(widths, label_width, width)):
            if number:
                yield Text("")
            fitted = block_widths(widths, block, headings, label_width, width)
            yield from column_block(headings, rows, block, fitted, label_width)
        listed = [(note.label, sourced(note.text, note.source)) for note in self.notes]
        if any(not c.duration.stated for c in self.costs):
            listed.insert(0, ("*", Text(NO_DURATION, style="dim")))
        if self.benefit is not None and self.benefit.service_commitment_years:
            service = self.benefit.service_commitment_years
            listed.append(
                ("Service", Text(f"{terminal_safe(self.benefit.name)} asks for {service} years of service."))
            )
        yield from assumption_lines(listed, console, width)


def column_blocks(widths: Sequence[int], label_width: int, width: int) -> list[list[int]]:
    """The columns (by index), as many to a block as fit the width beside the labels."""
    blocks: list[list[int]] = [[]]
    used = label_width + 2
    for index, column in enumerate(widths):
        if blocks[-1] and used + column + 2 > width:
            blocks.append([])
            used = label_width + 2
        blocks[-1].append(index)
        used += column + 2
    return blocks


def block_widths(
    widths: Sequence[int], block: list[int], headings: Sequence[tuple[str, str]], label_width: int, width: int
) -> list[int]:
    """Every column's width, those of the block given what the block leaves of the width: each
    up to what its heading needs on one line (at least 8 more), so fewer heading lines, and a
    lone program not in a narrow strip."""
    spare = width - label_width - 2 - sum(widths[index] + 2 for index in block)
    share = max(0, spare // len(block))
    fitted = list(widths)
    for index in block:
        fitted[index] = widths[index] + min(share, max(8, cell_len(headings[index][0]) - widths[index]))
    return fitted


def _heading_spans(name: str, width: int) -> list[tuple[int, int]]:
    """Where a heading breaks: between words, as a table's heading does (California-Irvine
    whole); after a hyphen only where a word is wider than the column."""
    unbroken = line_spans(name.replace("-", "x"), width)  # the same widths, no hyphen to break at
    if not any(shortened for _, _, shortened in unbroken):
        return [(start, end) for start, end, _ in unbroken]
    return [(start, end) for start, end, _ in line_spans(name, width)]


def column_block(
    headings: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, list[Text]]],
    block: list[int],
    widths: Sequence[int],
    label_width: int,
) -> Iterator[Text]:
    """One block of programs, laid out by hand as a simple-head table: each heading (a name,
    then its id) wrapped and bottom-aligned, a rule, then figures right-aligned under them."""
    headers: list[list[Text]] = []
    for index in block:
        name, program_id = headings[index]
        lines = [Text(name[a:b], style="bold") for a, b in _heading_spans(name, widths[index])]
        lines.append(Text(f"({terminal_safe(program_id)})", style="bold cyan"))
        headers.append(lines)
    tall = max(len(lines) for lines in headers)
    for line_number in range(tall):
        line = Text(" " * (label_width + 2))
        for lines, index in zip(headers, block, strict=True):
            offset = line_number - (tall - len(lines))
            piece = lines[offset] if offset >= 0 else Text("")
            line.append(" " * (widths[index] - piece.cell_len + 1))
            line.append_text(piece)
            line.append(" ")
        line.rstrip()
        yield line
    yield Text("─" * (label_width + 2 + sum(widths[index] + 2 for index in block)))
    for label, cells in rows:
        line = Text(" ") + Text(label.ljust(label_width), style="bold") + Text(" ")
        for index in block:
            cell = cells[index]
            line.append(" " * (widths[index] - cell.cell_len + 1))
            line.append_text(cell)
            line.append(" ")
        line.rstrip()
        yield line


def cost_table(
    costs: Sequence[Cost], notes: Sequence[Assumption], benefit: EmployerBenefit | None
) -> CostGrid:
    """The cost grid of these costs (see :class:`CostGrid`)."""
    return CostGrid(costs, notes, benefit)


def shortlist_table(records: Sequence[Mapping[str, Any]]) -> Table:
    """The shortlist in its own order, with notes; ids gone from the data say so."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("ID", style="cyan")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Program")
    table.add_column("Tuition", justify="right", no_wrap=True)
    table.add_column("Your note")
    for record in records:
        figures: list[RenderableType]
        if record["in_data"]:
            name = Hyphenated(str(record["name"]))
            figures = [Text(str(record["rank"] or MISSING)), name, Text(money_text(record["tuition"]))]
        else:
            figures = [Text(MISSING), Text("no longer in the data", style="italic red"), Text(MISSING)]
        table.add_row(Hyphenated(str(record["id"])), *figures, rich_text(record.get("note")))
    return table
