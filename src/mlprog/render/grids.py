"""Programs side by side: the comparison grid, the cost grid, profiles and the shortlist."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..formats import flatten
from ..model import EmployerBenefit, Meta, Profile
from ..sanitize import terminal_safe
from ..schema import SUMMARY_FIELDS
from .common import BEST_MARK, MISSING, cell, money, source_note, text, value_text

if TYPE_CHECKING:
    from ..cost import Assumption, Cost

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
        header = Text(f"#{record.get('rank')} ") + text(str(record.get("name")))
        table.add_column(header + Text(f"\n({terminal_safe(str(record.get('id')))})", style="cyan"))
    for position, (label, field) in enumerate(rows):
        winners = best.get(field, [])
        cells = []
        for record in records:
            shown = value_text(record, field)
            if not record.get("detailed", True) and field not in _SUMMARY_ROWS.union(SUMMARY_FIELDS):
                cells.append(Text("no detailed profile", style="dim italic"))
            elif record.get("id") in winners and shown is not None:
                cells.append(Text(f"{BEST_MARK} {shown}", style="bold green"))
            else:
                cells.append(cell(shown))
        next_is_detail = position + 1 < len(rows) and rows[position + 1][1] not in _SUMMARY_ROWS
        table.add_row(label, *cells, end_section=field in _SUMMARY_ROWS and next_is_detail)
    return Group(table, source_note(meta, prefix=f"{BEST_MARK} = best in row. "))


def profiles_table(profiles: Sequence[Profile]) -> Table:
    """Each profile with its weights, filters and who it is for."""
    from ..ranking import describe_weights

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
            text(profile.id),
            text(profile.title, "bold") + Text("\n") + text(profile.summary),
            text(describe_weights(profile.weights)),
            text("\n".join(filters) or None),
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
            + text(cost.program.name)
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
            Text("  • ") + text(note.text) + Text(f" (source: {terminal_safe(note.source)})", style="dim")
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
            name = text(str(record["name"]))
            figures = [Text(str(record["rank"])), name, Text(money(record["tuition"]))]
        else:
            figures = [Text(MISSING), Text("no longer in the data", style="italic red"), Text(MISSING)]
        table.add_row(text(str(record["id"])), *figures, text(record.get("note")))
    return table
