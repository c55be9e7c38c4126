"""Offers: a program's decision on an application, the awards it offers, and the date to reply by.

Kept in each application's ``offer`` in ``applications.json`` (see
:mod:`mlprog.user.applications`, which reads and writes the file): this module
holds what an offer is, what ``apply set --decision --scholarship
--assistantship --reply-by`` makes of one, and the reader's rules for it, so
that nothing is written that the reader would refuse.
"""

from __future__ import annotations

from typing import Any

from ..model import NamedTuple
from .deadlines import parse_deadline

#: Statuses of an application not yet sent: a deadline that has passed is overdue for these.
NOT_SENT = frozenset({"considering", "preparing"})
#: A program's decision on an application: the statuses ``--decision`` sets.
DECISIONS = ("admitted", "waitlisted", "rejected")
#: Statuses the user moves to after an admission: ``--decision admitted`` leaves them as they are.
AFTER_ADMISSION = frozenset({"declined", "enrolled"})
#: Statuses awaiting the user's reply to an offer: a reply-by date that has passed is overdue for these.
REPLY_PENDING = frozenset({"admitted", "waitlisted"})
#: The kind of an offer's reply-by date among an application's dates (in the calendar's UIDs too).
REPLY_BY = "reply-by"
#: The most an award may be, as for any sum of money mlprog takes (more is a typing mistake).
MAX_AWARD = 10_000_000
#: The keys of an offer this version reads; any other key is kept as it is.
_KNOWN_OFFER_KEYS = ("decision", "scholarship", "assistantship_per_year", "reply_by")


def parse_decision(typed: str) -> str:
    """A decision by name (any case): admitted, waitlisted or rejected; ValueError listing them."""
    text = typed.strip().lower()
    if text not in DECISIONS:
        from ..errors import choice_hint

        raise ValueError(f"{typed.strip()!r} is not a decision; {choice_hint(typed, DECISIONS)}")
    return text


class Offer(NamedTuple):
    """A program's answer to an application: its decision, the awards offered and the date to reply by.

    ``scholarship`` is the whole award over the degree, ``assistantship_per_year``
    a yearly stipend; None where nothing is recorded (0 is an offer of none).
    """

    decision: str | None = None
    scholarship: int | None = None
    assistantship_per_year: int | None = None
    reply_by: str | None = None
    other: dict[str, Any] = {}  # noqa: RUF012 - keys this version does not know, kept as they are

    def as_dict(self) -> dict[str, Any]:
        """The offer as the file holds it."""
        return {
            **self.other,
            "decision": self.decision,
            "scholarship": self.scholarship,
            "assistantship_per_year": self.assistantship_per_year,
            "reply_by": self.reply_by,
        }

    def awards_text(self) -> str:
        """The awards in words: ``scholarship $20,000 in all; assistantship $25,000 a year``; empty
        when none is recorded."""
        return awards_text(self.scholarship, self.assistantship_per_year)


def awards_text(scholarship: int | None, assistantship_per_year: int | None) -> str:
    """The awards offered in words, each that is recorded (0 is said: an offer of none)."""
    said = []
    if scholarship is not None:
        said.append(f"scholarship ${scholarship:,} in all")
    if assistantship_per_year is not None:
        said.append(f"assistantship ${assistantship_per_year:,} a year")
    return "; ".join(said)


class OfferChange(NamedTuple):
    """What ``apply set`` changes of an offer; None leaves a value as it is."""

    decision: str | None = None
    scholarship: int | None = None
    assistantship_per_year: int | None = None
    reply_by: str | None = None
    clear: bool = False  # the decision, awards and reply-by removed (the status stays)

    def touches(self) -> bool:
        """Whether the change sets any part of the offer."""
        values = (self.decision, self.scholarship, self.assistantship_per_year, self.reply_by)
        return any(value is not None for value in values)


def next_status_and_offer(
    program_id: str, status_now: str, offer_now: Offer | None, new_status: str | None, change: OfferChange
) -> tuple[str, Offer | None]:
    """The status and the offer after the change; ValueError where they would disagree.

    A decision moves the status to it (``admitted``, ...), except that an
    admission leaves a status the user reached after one (declined, enrolled);
    a status that is a decision records that decision too. Both given, they
    must agree.
    """
    status = new_status
    decision = change.decision
    if status in DECISIONS and decision is not None and status != decision:
        raise ValueError(
            f"--status {status} and --decision {decision} disagree; give one, or the same for both"
        )
    if decision is None and status in DECISIONS:
        decision = status
    if status is None and decision is not None:
        status = status_now if decision == "admitted" and status_now in AFTER_ADMISSION else decision
    status = status or status_now
    offer = None if change.clear else offer_now
    amounts = (change.scholarship, change.assistantship_per_year)
    if decision is not None or change.touches():
        base = offer or Offer()
        offer = base._replace(
            decision=base.decision if decision is None else decision,
            scholarship=base.scholarship if change.scholarship is None else change.scholarship,
            assistantship_per_year=(
                base.assistantship_per_year
                if change.assistantship_per_year is None
                else change.assistantship_per_year
            ),
            reply_by=base.reply_by if change.reply_by is None else change.reply_by,
        )
    for amount, option in zip(amounts, ("--scholarship", "--assistantship"), strict=True):
        if amount is not None and not 0 <= amount <= MAX_AWARD:
            raise ValueError(f"{option} must be from $0 to ${MAX_AWARD:,}, not {amount}")
    if (
        offer is not None
        and offer.decision == "rejected"
        and (offer.scholarship or offer.assistantship_per_year)
    ):
        raise ValueError(
            f"a rejection comes with no award: {program_id}'s offer would be rejected with "
            f"{awards_text(offer.scholarship, offer.assistantship_per_year)}; "
            "give --scholarship 0 --assistantship 0 with it, or --clear-offer first"
        )
    if status == "enrolled" and offer is not None and offer.decision in ("waitlisted", "rejected"):
        raise ValueError(
            f"the decision recorded for {program_id} is {offer.decision}, so you cannot be "
            "enrolled; set --decision admitted too"
        )
    return status, offer


def parse_offer(where: str, data: Any) -> Offer:
    """An entry's ``offer``, each value as ``apply set`` writes it."""
    if not isinstance(data, dict):
        raise TypeError(f"{where} must be an object")
    decision = data.get("decision")
    if decision is not None and decision not in DECISIONS:
        raise ValueError(f"{where}.decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    reply_by = data.get("reply_by")
    if reply_by is not None and (not isinstance(reply_by, str) or parse_deadline(reply_by) != reply_by):
        raise ValueError(f"{where}.reply_by: {reply_by!r} is not a date as mlprog writes it")
    return Offer(
        decision,
        _amount(data.get("scholarship"), f"{where}.scholarship"),
        _amount(
            data.get("assistantship_per_year"),
            f"{where}.assistantship_per_year",
        ),
        reply_by,
        {key: value for key, value in data.items() if key not in _KNOWN_OFFER_KEYS},
    )


def _amount(value: Any, where: str) -> int | None:
    """An award as the file holds it: None, or a whole number of dollars from 0 to MAX_AWARD."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AWARD:
        raise ValueError(f"{where} must be a whole number of US dollars from 0 to {MAX_AWARD:,}")
    return value
