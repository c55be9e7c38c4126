"""rank: programs in ranking order, by a field, or by the user's own weights."""

from __future__ import annotations

from typing import Unpack

from ..criteria import Criteria
from ..model import Dataset
from .selection import Choosing, Selection, choose


def rank_programs(
    dataset: Dataset, criteria: Criteria | None = None, **choice: Unpack[Choosing]
) -> Selection:
    """Rank the programs that meet the criteria: by rank, by a field, or by personal weights.

    The keywords (``profile``, ``weights``, ``sort``, ``limit``, ``explain``
    and the others) are :class:`~mlprog.answers.selection.Choosing`'s. A
    profile's weights lie under ``weights`` (field by field) and its filters
    fill whatever the criteria leave unset. With weights, programs sort by
    their personal score unless ``sort`` names a field. Programs a criterion
    could not be checked on are left out (and counted) unless ``include_unknown``.
    """
    return choose(dataset, criteria, **choice)
