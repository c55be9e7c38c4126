"""Questions about the user's applications: the list by next deadline, and one application."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..model import NamedTuple
from ..text.sanitize import terminal_safe
from ..user.deadlines import days_left, days_text, deadline_moment, has_passed, overdue_text, shown_deadline
from ..user.offers import awards_text
from . import Line, select

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..model import Dataset
    from ..user.applications import Application
    from ..user.deadlines import Clock

#: How many days ahead the list's footer counts deadlines as due soon.
DUE_SOON_DAYS = 14
#: The columns of a row in NDJSON, CSV and Markdown: the object with its deadlines flattened.
ROW_KEYS = (
    "id",
    "name",
    "in_data",
    "status",
    "next_kind",
    "next_due",
    "days_left",
    "overdue",
    "priority",
    "final",
    "funding",
    "reply_by",
    "decision",
    "scholarship",
    "assistantship_per_year",
    "fee",
    "letters_requested",
    "letters_received",
    "tests",
)


def application_record(entry: Application, names: dict[str, str], clock: Clock) -> dict[str, Any]:
    """An application as JSON: its program, status, deadlines with days left, fee, letters, tests,
    and the offer (decision, awards, reply-by date) where one is recorded.

    The offer's reply-by date is among the deadlines, of kind ``reply-by``. A
    deadline is ``overdue`` when it has passed and the application is not yet
    sent (considering or preparing); a reply-by date, when it has passed and
    the offer is not yet answered (admitted or waitlisted).
    """

    def deadline(kind: str, due: str) -> dict[str, Any]:
        passed = has_passed(due, clock)
        return {
            "kind": kind,
            "due": due,
            "days_left": days_left(due, clock.today),
            "passed": passed,
            "overdue": entry.is_overdue(kind, passed),
        }

    upcoming = entry.next_deadline(clock)
    name = names.get(entry.program_id)
    return {
        "id": entry.program_id,
        "name": name,
        "in_data": name is not None,
        "status": entry.status,
        "next_deadline": deadline(*upcoming) if upcoming else None,
        "deadlines": [deadline(kind, due) for kind, due in entry.ordered_deadlines()],
        "fee": entry.fee,
        "letters_requested": entry.letters_requested,
        "letters_received": entry.letters_received,
        "tests": dict(entry.tests),
        "offer": _offer_record(entry),
    }


def _offer_record(entry: Application) -> dict[str, Any] | None:
    """The offer as JSON (None if none is recorded): the keys this version knows, never others."""
    if entry.offer is None:
        return None
    offer = entry.offer
    return {
        "decision": offer.decision,
        "scholarship": offer.scholarship,
        "assistantship_per_year": offer.assistantship_per_year,
        "reply_by": offer.reply_by,
    }


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """An application's record as one flat row: its next deadline and each kind's date as columns."""
    upcoming = record["next_deadline"] or {}
    by_kind = {item["kind"]: item["due"] for item in record["deadlines"]}
    offer = record["offer"] or {}
    return {
        "id": record["id"],
        "name": record["name"],
        "in_data": record["in_data"],
        "status": record["status"],
        "next_kind": upcoming.get("kind"),
        "next_due": upcoming.get("due"),
        "days_left": upcoming.get("days_left"),
        "overdue": upcoming.get("overdue"),
        "priority": by_kind.get("priority"),
        "final": by_kind.get("final"),
        "funding": by_kind.get("funding"),
        "reply_by": by_kind.get("reply-by"),
        "decision": offer.get("decision"),
        "scholarship": offer.get("scholarship"),
        "assistantship_per_year": offer.get("assistantship_per_year"),
        "fee": record["fee"],
        "letters_requested": record["letters_requested"],
        "letters_received": record["letters_received"],
        "tests": record["tests"],
    }


class ApplicationListing(NamedTuple):
    """The applications sorted by next deadline, with the total of fees and how many are due soon."""

    records: tuple[dict[str, Any], ...]
    filters: tuple[str, ...] = ()

    @property
    def empty_note(self) -> str:
        """Said when no application is listed."""
        if self.filters:
            return f"No applications match: {'; '.join(self.filters)}. 'mlprog apply list' lists them all."
        return "You have no applications yet: 'mlprog apply set PROGRAM --deadline YYYY-MM-DD' records one."

    @property
    def gone(self) -> list[str]:
        """Ids of applications whose program the data no longer has."""
        return [record["id"] for record in self.records if not record["in_data"]]

    @property
    def notes(self) -> list[str]:
        """Programs gone from the data, which are kept and listed."""
        if not self.gone:
            return []
        return [f"No longer in the data, kept with your applications: {', '.join(self.gone)}"]

    @property
    def total_fees(self) -> int:
        """The sum of the fees recorded."""
        return sum(record["fee"] or 0 for record in self.records)

    @property
    def due_soon(self) -> int:
        """How many applications have their next deadline within ``DUE_SOON_DAYS`` days (not passed)."""
        return sum(
            1
            for record in self.records
            if record["next_deadline"]
            and 0 <= record["next_deadline"]["days_left"] <= DUE_SOON_DAYS
            and not record["next_deadline"]["passed"]
        )

    def footer(self) -> str:
        """The line under the table: fees in all, and how many are due soon."""
        with_fee = sum(1 for record in self.records if record["fee"] is not None)
        fees = f"Fees: ${self.total_fees:,} in all ({with_fee} of {len(self.records)} with a fee recorded)."
        return f"{fees} Due within {DUE_SOON_DAYS} days: {self.due_soon}."

    def rows(self) -> list[dict[str, Any]]:
        """Each application as a flat row (see :data:`ROW_KEYS`)."""
        return [flat_row(record) for record in self.records]

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of applications (see :func:`application_record`)."""
        return [select(record, fields) for record in self.records]

    def columns(self) -> tuple[str, ...]:
        """The flat row's keys."""
        return ROW_KEYS

    def plain_text(self) -> None:
        """Drawn as a table (:mod:`mlprog.render.applications`)."""


def chosen_applications(
    entries: Mapping[str, Application], clock: Clock, statuses: frozenset[str], due_within: int | None
) -> list[Application]:
    """The applications with these statuses (all if none) whose next deadline is at most
    ``due_within`` days away and not passed (any, if None), sorted by next deadline, then id;
    applications with no deadline come last."""

    def keep(entry: Application) -> bool:
        if statuses and entry.status not in statuses:
            return False
        if due_within is None:
            return True
        upcoming = entry.next_deadline(clock)
        return (
            upcoming is not None
            and 0 <= days_left(upcoming[1], clock.today) <= due_within
            and not has_passed(upcoming[1], clock)
        )

    def order(entry: Application) -> tuple[int, float, str]:
        upcoming = entry.next_deadline(clock)
        if upcoming is None:
            return (1, 0.0, entry.program_id)
        return (0, deadline_moment(upcoming[1]).timestamp(), entry.program_id)

    return sorted((entry for entry in entries.values() if keep(entry)), key=order)


def program_names(dataset: Dataset) -> dict[str, str]:
    """Each program's name by id."""
    return {program.id: program.name for program in dataset.programs}


def list_applications(
    dataset: Dataset,
    entries: Sequence[Application],
    clock: Clock,
    filters: Sequence[str] = (),
) -> ApplicationListing:
    """The applications (already chosen and sorted) as a listing; ``filters`` describe the choice."""
    names = program_names(dataset)
    return ApplicationListing(tuple(application_record(e, names, clock) for e in entries), tuple(filters))


class ApplicationCard(NamedTuple):
    """One application, every deadline with its days left."""

    record: dict[str, Any]

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """The application as one flat row."""
        return [flat_row(self.record)]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The application's JSON object."""
        return select(self.record, fields)

    def columns(self) -> tuple[str, ...]:
        """The flat row's keys."""
        return ROW_KEYS

    def plain_text(self) -> list[Line]:
        """A short card: program, status, each deadline, fee, letters, tests."""
        record = self.record
        name = terminal_safe(record["name"] or "no longer in the data")
        lines = [f"{name} ({terminal_safe(record['id'])})", f"Status:     {record['status']}"]
        if not record["deadlines"]:
            lines.append("Deadlines:  none recorded")
        due_width = max((len(shown_deadline(item["due"])) for item in record["deadlines"]), default=0)
        for number, item in enumerate(record["deadlines"]):
            label = "Deadlines:" if number == 0 else ""
            when = overdue_text(item["days_left"]) if item["overdue"] else days_text(item["days_left"])
            due = shown_deadline(item["due"])
            lines.append(f"{label:<11} {item['kind']:<9} {due:<{due_width}}  ({when})")
        fee = "—" if record["fee"] is None else f"${record['fee']:,}"
        lines.append(f"Fee:        {fee}")
        requested, received = record["letters_requested"], record["letters_received"]
        letters = f"{received} of {requested} received" if requested else "none requested"
        lines.append(f"Letters:    {letters}")
        tests = ", ".join(f"{test} {score:g}" for test, score in record["tests"].items())
        lines.append(f"Tests:      {terminal_safe(tests) or '—'}")
        lines.extend(offer_lines(record["offer"]))
        return [(terminal_safe(line), False) for line in lines]


def offer_lines(offer: dict[str, Any] | None) -> list[str]:
    """The offer in a card's lines: the decision, then the awards (its reply-by date is among the
    deadlines); none when no offer is recorded."""
    if offer is None:
        return []
    awards = awards_text(offer["scholarship"], offer["assistantship_per_year"])
    return [f"Decision:   {offer['decision'] or '—'}", f"Awards:     {awards or '—'}"]


def show_application(dataset: Dataset, entry: Application, clock: Clock) -> ApplicationCard:
    """One application as a card."""
    return ApplicationCard(application_record(entry, program_names(dataset), clock))
