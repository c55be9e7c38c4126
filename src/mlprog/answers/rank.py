"""rank: programs in ranking order, by a field, or by the user's own weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..model import Dataset, Meta, Profile, Program
from ..query import Criteria, filter_programs, sort_programs
from ..schema import SUMMARY_FIELDS
from . import Listing, no_match_note

if TYPE_CHECKING:
    from ..ranking import PersonalScore, Weights


class Ranking(Listing):
    """Programs in ranking order, or by a personal score, with how that score is made up."""

    __slots__ = ("criteria", "explain", "meta", "profile", "programs", "scores", "weights")

    def __init__(
        self,
        programs: tuple[Program, ...],
        criteria: Criteria,
        meta: Meta,
        profile: Profile | None = None,
        weights: Weights = (),
        scores: tuple[PersonalScore, ...] = (),
        explain: bool = False,
    ) -> None:
        self.programs = programs
        self.criteria = criteria
        self.meta = meta
        self.profile = profile
        self.weights = weights
        self.scores = scores
        self.explain = explain

    @property
    def empty_note(self) -> str:
        """Said when nothing matches: the criteria, in words."""
        return no_match_note(self.criteria)

    def rows(self) -> list[dict[str, Any]]:
        """Each program's object, with ``personal_score`` and ``personal`` when weighted."""
        by_id = {s.program.id: s for s in self.scores}
        records = []
        for program in self.programs:
            record = program.as_dict()
            if program.id in by_id:
                personal = by_id[program.id].as_dict()
                record["personal_score"] = personal["score"]
                record["personal"] = personal
            records.append(record)
        return records

    def columns(self) -> tuple[str, ...]:
        """The summary, and the personal score when weighted."""
        return (*SUMMARY_FIELDS, "personal_score") if self.scores else SUMMARY_FIELDS


def rank_programs(
    dataset: Dataset,
    criteria: Criteria | None = None,
    *,
    profile: str | None = None,
    weights: Weights = (),
    sort: str | None = None,
    reverse: bool = False,
    limit: int | None = None,
    pool: Sequence[Program] | None = None,
    explain: bool = False,
) -> Ranking:
    """Rank the programs that meet the criteria: by rank, by a field, or by personal weights.

    A profile's weights lie under ``weights`` (field by field) and its filters
    fill whatever the criteria leave unset. With weights, programs sort by
    their personal score unless ``sort`` names a field. ``pool`` limits the
    programs considered (a shortlist); ``explain`` asks for each weighted
    field's contribution, and needs weights.
    """
    criteria = criteria if criteria is not None else Criteria()
    chosen: Profile | None = None
    combined: Weights = ()
    if profile is not None or weights:
        from ..ranking import combine_weights, find_profile, with_profile

        chosen = find_profile(dataset, profile) if profile is not None else None
        combined = combine_weights(chosen.weights if chosen else (), weights)
        criteria = with_profile(criteria, chosen)
    if explain and not combined:
        raise UsageError("--explain shows a personal score's make-up: add --weight or --profile")
    kept = [e.program for e in filter_programs(dataset.programs if pool is None else pool, criteria)]
    scores: list[PersonalScore] = []
    if combined:
        from ..ranking import personal_scores

        scores = personal_scores(kept, combined)
    if scores and sort is None:  # weighted: best personal score first, unless a field is named
        programs = [s.program for s in (reversed(scores) if reverse else scores)]
    else:
        programs = sort_programs(kept, sort or "rank", reverse)
    shown = programs[:limit]
    by_id = {s.program.id: s for s in scores}
    return Ranking(
        programs=tuple(shown),
        criteria=criteria,
        meta=dataset.meta,
        profile=chosen,
        weights=combined,
        scores=tuple(by_id[p.id] for p in shown) if scores else (),
        explain=explain,
    )
