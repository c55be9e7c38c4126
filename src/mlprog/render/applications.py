"""The applications table: one row per application, by next deadline, with fees and what is due."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from ..user.deadlines import days_text, overdue_text, shown_deadline
from .common import MISSING, money_text, notes, rich_text
from .rows import RELAX, TO_THE_WORD, RowTable, _Column, _Step

if TYPE_CHECKING:
    from ..answers.applications import ApplicationListing


def _due(record: dict[str, Any]) -> Text:
    upcoming = record["next_deadline"]
    if not upcoming:
        return Text(MISSING, style="dim")
    return Text("\n".join(shown_deadline(upcoming["due"]).split(" ")))  # the time under the date


def _left(record: dict[str, Any]) -> Text:
    upcoming = record["next_deadline"]
    if not upcoming:
        return Text(MISSING, style="dim")
    said = days_text(upcoming["days_left"])
    if upcoming["overdue"]:
        return Text(overdue_text(upcoming["days_left"]), style="bold red")
    return Text(said, style="dim" if upcoming["passed"] else "")


def _program(record: dict[str, Any]) -> Text:
    if not record["in_data"]:
        return Text("no longer in the data", style="italic red")
    return rich_text(record["name"])


def _letters(record: dict[str, Any]) -> Text:
    requested = record["letters_requested"]
    if not requested:
        return Text(MISSING, style="dim")
    return Text(f"{record['letters_received']}/{requested}")


def _offer(record: dict[str, Any]) -> Text:
    """The awards offered, short: ``$20,000 + $25,000/yr`` (scholarship in all, assistantship a year)."""
    offer = record["offer"] or {}
    parts = []
    if offer.get("scholarship") is not None:
        parts.append(money_text(offer["scholarship"]))
    if offer.get("assistantship_per_year") is not None:
        parts.append(f"{money_text(offer['assistantship_per_year'])}/yr")
    return Text(" + ".join(parts)) if parts else Text(MISSING, style="dim")


def applications_table(listing: ApplicationListing) -> Group:
    """Due date (local time), kind, days left (overdue in red), id, program, status, letters, fee;
    and the awards offered, when any application records an offer.

    A deadline's time, if it has one, is shown under its date. When the
    terminal is narrow the kind goes first, then letters, then the fee; the
    footer gives the total of fees and how many are due soon.
    """
    records = listing.records
    columns = [
        _Column("Due", [_due(r) for r in records]),
        _Column("Kind", [rich_text(r["next_deadline"] and r["next_deadline"]["kind"]) for r in records]),
        _Column("Left", [_left(r) for r in records], wraps=True, comfortable=14),
        _Column(
            "ID", [rich_text(r["id"]) for r in records], style="cyan", wraps=True, comfortable=20, relaxed=12
        ),
        _Column("Program", [_program(r) for r in records], wraps=True, comfortable=22, relaxed=12),
        _Column("Status", [rich_text(r["status"]) for r in records]),
        _Column("Letters", [_letters(r) for r in records], "right"),
        _Column("Fee", [Text(money_text(r["fee"])) for r in records], "right"),
    ]
    steps = [_Step("Kind"), _Step(RELAX), _Step("Letters"), _Step("Fee"), _Step(TO_THE_WORD)]
    if any(r["offer"] for r in records):
        columns.insert(6, _Column("Offered", [_offer(r) for r in records], "right"))
        steps.insert(1, _Step("Offered"))
    table = RowTable(columns, steps, hint="Widen the window, or see one with `mlprog apply show`.")
    return Group(table, Text(listing.footer(), style="dim"), *notes(listing.notes))
