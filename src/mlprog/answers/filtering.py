"""filter: the programs that meet criteria, and why one does not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Dataset, Meta, Program
from ..query import Criteria, Evaluation, evaluate, filter_programs, find_program, sort_programs
from ..schema import SUMMARY_FIELDS
from . import Listing, no_match_note


class Selection(Listing):
    """The programs that meet the criteria, each with what its detail criteria matched."""

    __slots__ = ("criteria", "matches", "meta")

    def __init__(
        self,
        matches: tuple[Evaluation, ...],
        criteria: Criteria,
        meta: Meta,
    ) -> None:
        self.matches = matches
        self.criteria = criteria
        self.meta = meta

    @property
    def empty_note(self) -> str:
        """Said when nothing matches: the criteria, in words."""
        return no_match_note(self.criteria)

    @property
    def programs(self) -> tuple[Program, ...]:
        """The programs, in the order chosen."""
        return tuple(e.program for e in self.matches)

    def rows(self) -> list[dict[str, Any]]:
        """Each program's object with ``matched``."""
        return [{**e.program.as_dict(), "matched": e.matched} for e in self.matches]

    def columns(self) -> tuple[str, ...]:
        """The summary, and what matched when there are detail criteria."""
        return (*SUMMARY_FIELDS, "matched") if self.criteria.details else SUMMARY_FIELDS


def select_programs(
    dataset: Dataset,
    criteria: Criteria,
    *,
    sort: str = "rank",
    reverse: bool = False,
    limit: int | None = None,
    pool: Sequence[Program] | None = None,
) -> Selection:
    """The programs meeting every criterion, sorted by a field (best first) and cut to a limit."""
    evaluations = filter_programs(dataset.programs if pool is None else pool, criteria)
    by_id = {e.program.id: e for e in evaluations}
    ordered = sort_programs([e.program for e in evaluations], sort, reverse)[:limit]
    return Selection(tuple(by_id[p.id] for p in ordered), criteria, dataset.meta)


class Explanation:
    """Whether one program meets the criteria, and if not, which ones keep it out."""

    __slots__ = ("criteria", "evaluation")

    def __init__(
        self,
        evaluation: Evaluation,
        criteria: Criteria,
    ) -> None:
        self.evaluation = evaluation
        self.criteria = criteria

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def as_dict(self) -> dict[str, Any]:
        """The report: the program's id, whether it matches, the failures and what matched."""
        return {
            "id": self.evaluation.program.id,
            "matches": self.evaluation.passed,
            "failures": list(self.evaluation.failures),
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
        return ("id", "matches", "failures", "matched")

    def plain_text(self) -> None:
        """Drawn with Rich."""


def explain_match(dataset: Dataset, name: str, criteria: Criteria) -> Explanation:
    """Say which criteria keep the named program out, or that it meets them all."""
    return Explanation(evaluate(find_program(dataset.programs, name), criteria), criteria)
