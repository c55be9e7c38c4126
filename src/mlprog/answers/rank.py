"""rank: programs in ranking order, by a field, or by the user's own weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..criteria import Criteria
from ..model import Dataset, Program
from .selection import Selection, choose

if TYPE_CHECKING:
    from ..weights import Weights


def rank_programs(
    dataset: Dataset,
    criteria: Criteria | None = None,
    *,
    profile: str | None = None,
    weights: Weights = (),
    include_unknown: bool = False,
    sort: str | None = None,
    reverse: bool = False,
    limit: int | None = None,
    pool: Sequence[Program] | None = None,
    explain: bool = False,
    frontier: bool = False,
) -> Selection:
    """Rank the programs that meet the criteria: by rank, by a field, or by personal weights.

    A profile's weights lie under ``weights`` (field by field) and its filters
    fill whatever the criteria leave unset. With weights, programs sort by
    their personal score unless ``sort`` names a field. ``pool`` limits the
    programs considered (a shortlist); ``explain`` asks for each weighted
    field's contribution, and needs weights. Programs a criterion could not be
    checked on are left out (and counted) unless ``include_unknown``.
    """
    return choose(
        dataset,
        criteria,
        profile=profile,
        weights=weights,
        include_unknown=include_unknown,
        sort=sort,
        reverse=reverse,
        limit=limit,
        pool=pool,
        explain=explain,
        frontier=frontier,
    )
