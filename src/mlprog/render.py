"""Tables, cards and comparison grids for people: the only module that imports Rich.

Every string that comes from a data file goes through :func:`_text`, which
neutralises control characters and wraps the result in ``rich.text.Text``, so
it is never parsed as markup and never writes an escape sequence.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .formats import flatten

if TYPE_CHECKING:
    from .cost import Assumption, Cost
    from .personal import PersonalScore
from .model import EmployerBenefit, Meta, Profile, Program
from .query import Evaluation
from .sanitize import terminal_safe

#: Off a terminal, lines are allowed to be this long, so no row ever wraps.
PIPE_WIDTH = 4096
MISSING = "—"
BEST_MARK = "★"


def make_console(stream: TextIO | None = None, *, no_color: bool = False) -> Console:
    """A console for stdout (or stream) that wraps nothing when it is not a terminal.

    Colour follows Rich's rules (off when not a terminal, with ``NO_COLOR`` or
    ``TERM=dumb``, on with ``FORCE_COLOR``), and ``no_color`` turns it off.
    """
    out = stream if stream is not None else sys.stdout
    width: int | None = None
    if not out.isatty() and not os.environ.get("COLUMNS"):
        width = PIPE_WIDTH
    return Console(
        file=out,
        width=width,
        color_system=None if no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )


def _text(value: str | None, style: str = "") -> Text:
    return Text(terminal_safe(value) if value else MISSING, style=style if value else "dim")


def money(amount: int | None) -> str:
    """Whole US dollars with thousands separators: ``$62,260``."""
    return MISSING if amount is None else f"${amount:,}"


def percent(value: int | None) -> str:
    """A whole percent, or a dash where the source gives none."""
    return MISSING if value is None else f"{value}%"


def _source_note(meta: Meta, prefix: str = "") -> Text:
    note = f"{prefix}{MISSING} = not given by the source. Source: {terminal_safe(meta.citation())}."
    return Text(note, style="dim")


class _Column(NamedTuple):
    header: str
    cell: Callable[[Program], Text]
    justify: JustifyMethod = "left"
    no_wrap: bool = True
    style: str = ""


class _RowTable:
    """A one-row-per-program table, laid out here rather than by ``rich.table``.

    It looks like a ``box.SIMPLE_HEAD`` table, but lays out in about a fifth of
    the time, which every `mlprog rank` pays (see benchmarks/README.md). Figures
    and ids never wrap or get cut short; on a terminal too narrow for the natural
    widths, the wrappable columns (names, places) shrink and wrap instead.
    """

    GAP = 3  # spaces between columns
    EDGE = 2  # spaces before the first column and after the last

    def __init__(self, columns: Sequence[_Column], rows: Sequence[Sequence[Text]]) -> None:
        self.columns = columns
        self.rows = rows

    def _widths(self, max_width: int) -> list[int]:
        widths = [
            max([cell_len(column.header)] + [row[i].cell_len for row in self.rows])
            for i, column in enumerate(self.columns)
        ]
        excess = sum(widths) + self.GAP * (len(widths) - 1) + 2 * self.EDGE - max_width
        flexible = [i for i, column in enumerate(self.columns) if not column.no_wrap]
        # A wrappable column keeps room for its header and, up to 10 cells, its longest word.
        floors = {
            i: max(
                cell_len(self.columns[i].header),
                min(
                    10, max((cell_len(word) for row in self.rows for word in row[i].plain.split()), default=1)
                ),
            )
            for i in flexible
        }
        for minimum in (floors, dict.fromkeys(floors, 4)):  # words whole if possible; else 4 cells
            shrinking = list(flexible)
            while excess > 0 and shrinking:
                widest = max(shrinking, key=lambda i: widths[i])
                if widths[widest] <= minimum[widest]:
                    shrinking.remove(widest)
                    continue
                widths[widest] -= 1
                excess -= 1
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        widths = self._widths(options.max_width)
        edge = " " * self.EDGE
        gap = " " * self.GAP
        total = sum(widths) + self.GAP * (len(widths) - 1) + 2 * self.EDGE

        def joined(pieces: list[Text]) -> Text:
            # Laid out already: Rich must not wrap or trim it again.
            line = Text(edge) + Text(gap).join(pieces) + Text(edge)
            line.no_wrap, line.overflow = True, "ignore"
            return line

        yield Text("")
        header = [Text(c.header, style="bold") for c in self.columns]
        for pieces in self._lines(console, header, widths):
            yield joined(pieces)
        yield Text(" " + "─" * (total - 2) + " ")
        for row in self.rows:
            for pieces in self._lines(console, row, widths):
                yield joined(pieces)
        yield Text("")

    def _lines(self, console: Console, cells: Sequence[Text], widths: Sequence[int]) -> list[list[Text]]:
        """The cells of one row as lines of padded, styled pieces (wrapped where they must be)."""
        wrapped = []
        for cell, width in zip(cells, widths, strict=True):
            wrapped.append([cell] if cell.cell_len <= width else list(cell.wrap(console, width)))
        height = max(len(parts) for parts in wrapped)
        lines = []
        for number in range(height):
            pieces = []
            for column, parts, width in zip(self.columns, wrapped, widths, strict=True):
                piece = parts[number].copy() if number < len(parts) else Text("")
                piece.rstrip()
                padding = " " * (width - piece.cell_len)
                piece = Text(padding) + piece if column.justify == "right" else piece + Text(padding)
                if column.style:
                    piece.stylize_before(column.style)
                pieces.append(piece)
            lines.append(pieces)
        return lines


_SHORT_FIELD = {"graduation_rate": "grad", "tuition": "tuition", "score": "score", "rank": "rank"}


def programs_table(
    programs: Sequence[Program],
    meta: Meta,
    *,
    matches: Sequence[Evaluation] | None = None,
    personal: Sequence[PersonalScore] | None = None,
    explain: bool = False,
    heading: str | None = None,
) -> Group:
    """One row per program: rank, name, location, type, tuition, graduation rate, score.

    With ``matches`` (from a filter with detail criteria), a last column shows
    what matched for each program. With ``personal`` scores, a first column shows
    each program's personal score; with ``explain``, the table shows instead what
    each weighted field adds to it.
    """
    matched = {e.program.id: e.matched for e in matches or ()}
    mine = {s.program.id: s for s in personal or ()}
    columns: list[_Column] = []
    if personal is not None:
        columns.append(
            _Column(
                "Yours", lambda p: Text(f"{mine[p.id].as_dict()['score']:.1f}"), "right", style="bold magenta"
            )
        )
    if explain and personal:
        for index, contribution in enumerate(personal[0].contributions):

            def points(p: Program, index: int = index) -> Text:
                part = mine[p.id].contributions[index]
                return Text(f"{part.points:.1f}" + ("*" if part.missing else ""))

            columns.append(_Column(f"+{_SHORT_FIELD[contribution.field]}", points, "right"))
    columns += [
        _Column("#", lambda p: Text(str(p.rank)), "right", style="bold"),
        _Column("Program", lambda p: _text(p.name), no_wrap=False),
        _Column("ID", lambda p: _text(p.id), style="cyan"),
    ]
    if not explain:  # an explained ranking needs the room for its contributions
        columns += [
            _Column("Location", lambda p: _text(p.location), no_wrap=False),
            _Column("Type", lambda p: _text(p.type)),
            _Column("Tuition", lambda p: Text(money(p.tuition)), "right"),
            _Column("Grad", lambda p: Text(percent(p.graduation_rate)), "right"),
            _Column("Score", lambda p: Text(f"{p.score:g}"), "right"),
        ]
    if matches is not None:

        def what_matched(p: Program) -> Text:
            found = matched.get(p.id, {})
            return _text("; ".join(f"{name}: {', '.join(values)}" for name, values in found.items()) or None)

        columns.append(_Column("Matched", what_matched, no_wrap=False))

    table = _RowTable(columns, [[column.cell(p) for column in columns] for p in programs])
    parts: list[RenderableType] = [table, _source_note(meta)]
    if heading:
        parts.insert(0, Text(terminal_safe(heading), style="bold"))
    if personal is not None:
        note = (
            "Yours: your personal score, 0-100. Each weighted field is scaled from the worst (0) to the "
            "best (1) program listed; a missing value counts as the worst"
        )
        note += " (marked *)." if explain else "."
        parts.append(Text(note, style="dim"))
    return Group(*parts)


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, style="bold underline"), Padding(body, (0, 0, 1, 2)))


def _bullets(items: Iterable[str]) -> Text:
    return Text("\n").join(Text("• ") + _text(item) for item in items)


def _named_details(pairs: Iterable[tuple[str, str | None]]) -> Text:
    lines = []
    for name, detail in pairs:
        line = Text("• ") + _text(name, "bold")
        if detail:
            line += Text(" — ") + _text(detail)
        lines.append(line)
    return Text("\n").join(lines)


def program_card(program: Program, meta: Meta, note: str | None = None) -> Panel:
    """A program's full card: header, key figures, and every detail the source gives."""
    figures = Table.grid(padding=(0, 2))
    figures.add_column(style="bold")
    figures.add_column()
    figures.add_row("Rank", Text(f"#{program.rank}"))
    figures.add_row("Location", _text(program.location))
    figures.add_row("Type", _text(program.type))
    figures.add_row("Tuition", Text(f"{money(program.tuition)} per year"))
    figures.add_row("Graduation rate", Text(percent(program.graduation_rate)))
    figures.add_row("Score", Text(f"{program.score:g} / 100"))
    if program.aliases:
        figures.add_row("Also known as", _text(", ".join(program.aliases)))
    parts: list[RenderableType] = [Padding(figures, (0, 0, 1, 0))]

    if not program.detailed:
        parts.append(
            Text(
                "The source gives no detailed profile for this program: only its "
                "ranking row (above) is known.",
                style="italic",
            )
        )
        parts.append(Text(""))
    if program.highlight:
        parts.append(_section("What sets it apart", _text(program.highlight)))
    if program.insight:
        parts.append(_section("Insight", _text(program.insight)))
    if program.overview:
        parts.append(_section("Overview", _text(program.overview)))
    if program.degrees:
        parts.append(_section("Degrees", _named_details((d.name, d.duration) for d in program.degrees)))
    if program.delivery:
        parts.append(_section("Delivery", _text(", ".join(program.delivery))))
    if program.labs:
        parts.append(_section("Research labs", _named_details((lab.name, lab.focus) for lab in program.labs)))
    if program.industry_partners:
        parts.append(_section("Industry partners", _text(", ".join(program.industry_partners))))
    if program.top_employers or program.common_roles:
        outcomes = Table.grid(padding=(0, 2))
        outcomes.add_column(style="bold")
        outcomes.add_column()
        if program.top_employers:
            outcomes.add_row("Top employers", _text(", ".join(program.top_employers)))
        if program.common_roles:
            outcomes.add_row("Common roles", _text(", ".join(program.common_roles)))
        parts.append(_section("Career outcomes", outcomes))
    if program.faculty:
        parts.append(_section("Notable faculty", _named_details((f.name, f.focus) for f in program.faculty)))
    if program.admissions_gpa:
        parts.append(_section("Admissions", Text("GPA: ") + _text(program.admissions_gpa)))
    if program.accreditations:
        parts.append(_section("Accreditations", _text(", ".join(program.accreditations))))
    if program.location_advantages:
        parts.append(_section("Location advantages", _bullets(program.location_advantages)))
    if program.notes:
        parts.append(_section("Notes", _bullets(program.notes)))
    if note:
        parts.append(_section("Your note", _text(note)))
    origin = {
        "user": "added by your programs file",
        "user_override": "bundled, with fields replaced by your programs file",
        "file": "from the data file you named",
    }.get(program.source)
    source_line = f"Source: {terminal_safe(meta.citation())}"
    parts.append(Text(source_line + (f" ({origin})" if origin else ""), style="dim"))

    title = Text(f"#{program.rank} ", style="bold") + _text(program.name, "bold")
    subtitle = Text(f"{program.id} · score {program.score:g}")
    return Panel(Group(*parts), title=title, title_align="left", subtitle=subtitle, expand=False)


# Rows of the default comparison: (label, JSON field). "location" joins city and state.
COMPARE_ROWS = (
    ("Rank", "rank"),
    ("Score", "score"),
    ("Tuition/yr", "tuition"),
    ("Graduation rate", "graduation_rate"),
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
_SUMMARY_ROWS = frozenset({"rank", "score", "tuition", "graduation_rate", "location", "type"})
_SUMMARY_KEYS = frozenset(
    {"id", "rank", "name", "city", "state", "type", "tuition", "graduation_rate", "score"}
)


def _value_text(record: Mapping[str, Any], field: str) -> str | None:
    """A field of a program record as display text; None where it is empty."""
    if field == "location":
        return f"{record.get('city')}, {record.get('state')}"
    value = record.get(field)
    if value is None or value in ([], ""):
        return None
    if field == "tuition":
        return money(value)
    if field == "graduation_rate":
        return percent(value)
    if field == "rank":
        return f"#{value}"
    if isinstance(value, list):
        # Labs and degrees show by name in a grid; the card has the details.
        return "\n".join(str(item["name"]) if isinstance(item, dict) else flatten(item) for item in value)
    return flatten(value)


def _cell(text: str | None) -> Text:
    if text is None:
        return Text(MISSING, style="dim")
    return Text("\n").join(Text(terminal_safe(line)) for line in text.split("\n"))


def comparison_grid(
    records: Sequence[Mapping[str, Any]],
    best: Mapping[str, Sequence[str]],
    meta: Meta,
    fields: Sequence[str] | None = None,
) -> Group:
    """Fields as rows, programs as columns; the best value in a row carries a star."""
    rows = COMPARE_ROWS if fields is None else tuple((name, name) for name in fields)
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("", style="bold")
    for record in records:
        header = Text(f"#{record.get('rank')} ") + _text(str(record.get("name")))
        table.add_column(header + Text(f"\n({terminal_safe(str(record.get('id')))})", style="cyan"))
    for position, (label, field) in enumerate(rows):
        winners = best.get(field, [])
        cells = []
        for record in records:
            text = _value_text(record, field)
            if not record.get("detailed", True) and field not in _SUMMARY_ROWS | _SUMMARY_KEYS:
                cells.append(Text("no detailed profile", style="dim italic"))
            elif record.get("id") in winners and text is not None:
                cells.append(Text(f"{BEST_MARK} {text}", style="bold green"))
            else:
                cells.append(_cell(text))
        next_is_detail = position + 1 < len(rows) and rows[position + 1][1] not in _SUMMARY_ROWS
        table.add_row(label, *cells, end_section=field in _SUMMARY_ROWS and next_is_detail)
    return Group(table, _source_note(meta, prefix=f"{BEST_MARK} = best in row. "))


def records_table(records: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> Table:
    """A plain table of the chosen fields, one row per program (for --fields)."""
    table = Table(box=box.SIMPLE_HEAD)
    for name in fields:
        numeric = name in {"rank", "tuition", "graduation_rate", "score"}
        table.add_column(name, justify="right" if numeric else "left", no_wrap=numeric)
    for record in records:
        table.add_row(*(_cell(flatten(record.get(name)) or None) for name in fields))
    return table


def fields_card(record: Mapping[str, Any], fields: Sequence[str]) -> Table:
    """The chosen fields of one program as name/value lines (for show --fields)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name in fields:
        grid.add_row(name, _cell(_value_text(record, name)))
    return grid


def explanation(evaluation: Evaluation, criteria_words: Sequence[str]) -> Text:
    """Why a program is kept out by a filter, or that it matches."""
    program = evaluation.program
    head = Text(f"#{program.rank} ") + _text(program.name, "bold") + Text(f" ({program.id})")
    if not criteria_words:
        return head + Text(": no criteria given, so it matches.")
    if evaluation.passed:
        lines = [head + Text(" matches every criterion:")]
        lines.extend(Text("  ✓ ") + _text(word) for word in criteria_words)
        for name, values in evaluation.matched.items():
            lines.append(Text(f"  {name} matched: ") + _text(", ".join(values)))
        return Text("\n").join(lines)
    lines = [head + Text(" is kept out by:")]
    lines.extend(Text("  ✗ ", style="red") + _text(reason) for reason in evaluation.failures)
    return Text("\n").join(lines)


def profiles_table(profiles: Sequence[Profile]) -> Table:
    """Each profile with its weights, filters and who it is for."""
    from .personal import describe_weights

    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Profile", style="bold cyan")
    table.add_column("For")
    table.add_column("Weights")
    table.add_column("Filters")
    for profile in profiles:
        filters = [
            f"{name}: {flatten(list(v) if isinstance(v, tuple) else v)}" for name, v in profile.filters
        ]
        if profile.requires_state:
            filters.append("your --state")
        table.add_row(
            _text(profile.id),
            _text(profile.title, "bold") + Text("\n") + _text(profile.summary),
            _text(describe_weights(profile.weights)),
            _text("\n".join(filters) or None),
        )
    return table


def _span(span: Mapping[str, Any] | None, money_span: bool = True) -> str:
    if span is None:
        return MISSING
    low, high = span["low"], span["high"]
    show = money if money_span else (lambda v: f"{v:g}")
    return show(low) if low == high else f"{show(low)}–{show(high)}"


def cost_table(costs: Sequence[Cost], notes: Sequence[Assumption], benefit: EmployerBenefit | None) -> Group:
    """What each degree costs: figures as rows, programs as columns (as in compare), ranges
    low to high, with every assumption and its source underneath."""
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("", style="bold", no_wrap=True)
    rows = [cost.as_dict() for cost in costs]
    for cost in costs:
        header = (
            Text(f"#{cost.program.rank} ")
            + _text(cost.program.name)
            + Text(f"\n({cost.program.id})", style="cyan")
        )
        table.add_column(header, justify="right", min_width=15)
    years = [
        _span(row["years"], money_span=False) + ("" if cost.duration.stated else " *")
        for row, cost in zip(rows, costs, strict=True)
    ]
    table.add_row("Years", *years)
    table.add_row("Tuition", *(_span(row["total_tuition"]) for row in rows))
    table.add_row("Employer pays", *(_span(row["employer_support"]) for row in rows))
    table.add_row("  of it tax-free", *(_span(row["tax_free_support"]) for row in rows))
    table.add_row("You pay", *(Text(_span(row["net_cost"]), style="bold") for row in rows))
    table.add_row("Payback, years", *(_span(row["payback_years"], money_span=False) for row in rows))
    lines = [Text("Assumptions:", style="bold")]
    if any(not c.duration.stated for c in costs):
        lines.append(Text("  * no duration stated by the program; the typical one is assumed", style="dim"))
    for note in notes:
        lines.append(
            Text("  • ") + _text(note.text) + Text(f" (source: {terminal_safe(note.source)})", style="dim")
        )
    if benefit is not None and benefit.service_commitment_years:
        service = benefit.service_commitment_years
        lines.append(Text(f"  • {terminal_safe(benefit.name)} asks for {service} years of service."))
    return Group(table, *lines)


def shortlist_table(records: Sequence[Mapping[str, Any]]) -> Table:
    """The shortlist in its own order, with notes; ids gone from the data say so."""
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Program")
    table.add_column("Tuition", justify="right", no_wrap=True)
    table.add_column("Your note")
    for record in records:
        if record["in_data"]:
            name = _text(str(record["name"]))
            figures = [Text(str(record["rank"])), name, Text(money(record["tuition"]))]
        else:
            figures = [Text(MISSING), Text("no longer in the data", style="italic red"), Text(MISSING)]
        table.add_row(_text(str(record["id"])), *figures, _text(record.get("note")))
    return table
