"""filter: the programs that meet criteria, and why one does or does not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Unpack

from ..criteria import Criteria, Evaluation, evaluate
from ..model import Dataset
from ..query import find_program
from .selection import Choosing, Selection, choose


def select_programs(dataset: Dataset, criteria: Criteria, **choice: Unpack[Choosing]) -> Selection:
    """The programs meeting every criterion, best match first (or by ``sort``), cut to a limit.

    The keywords are :class:`~mlprog.answers.selection.Choosing`'s. Programs a
    criterion could not be checked on are left out (and counted) unless
    ``include_unknown``, which lists them after the full matches.
    """
    return choose(dataset, criteria, by_match=True, **choice)


class Explanation:
    """Whether one program meets the criteria: which fail, which could not be checked."""

    __slots__ = ("criteria", "evaluation")

    def __init__(self, evaluation: Evaluation, criteria: Criteria) -> None:
        self.evaluation = evaluation
        self.criteria = criteria

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def as_dict(self) -> dict[str, Any]:
        """The report: ``matches`` is true, false, or null when a criterion could not be checked."""
        return {
            "id": self.evaluation.program.id,
            "matches": self.evaluation.verdict,
            "failures": list(self.evaluation.failures),
            "unknown": [reason for _, reason in self.evaluation.unknown],
            "matched": self.evaluation.matched,
        }

    def rows(self) -> list[dict[str, Any]]:
        """The report, as the one NDJSON line."""
        return [self.as_dict()]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The report as a JSON object."""
        return self.as_dict()

    def columns(self) -> tuple[str, ...]:
        """The report's keys."""
        return ("id", "matches", "failures", "unknown", "matched")

    def plain_text(self) -> None:
        """Drawn with Rich."""


def explain_match(
    dataset: Dataset,
    name: str,
    criteria: Criteria,
    *,
    profile: str | None = None,
) -> Explanation:
    """Say which criteria keep the named program out, which could not be checked, or that it matches.

    A profile's filters count as criteria, as they do in a selection.
    """
    if profile is not None:
        from ..weights import find_profile, with_profile

        criteria = with_profile(criteria, find_profile(dataset, profile))
    return Explanation(evaluate(find_program(dataset.programs, name), criteria), criteria)
