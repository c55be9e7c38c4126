"""Personal rankings: the user's own weights and profiles over the programs' numbers.

Each weighted field is normalised over the programs being ranked to a share
from 0 (worst) to 1 (best): ``(value - lowest) / (highest - lowest)``, turned
around for a negative weight, where lower is better. Where every program has
the same value, each gets the full share. A missing value (a graduation rate
the source does not give) gets a share of 0, the worst, so that a program never
gains from missing data; it is flagged as missing. A field's contribution is
``100 * |weight| * share / sum of |weights|``, and the personal score, from 0 to
100, is the sum of the contributions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from .criteria import Criteria
from .dataset.validators import MAX_WEIGHT
from .errors import UsageError, choice_hint, shown
from .model import WEIGHT_FIELDS, Dataset, NamedTuple, Profile, Program
from .query import rank_order

Weights = tuple[tuple[str, float], ...]


class Contribution(NamedTuple):
    """What one weighted field adds to a program's personal score."""

    field: str
    weight: float
    points: float
    missing: bool = False


class PersonalScore(NamedTuple):
    """A program's personal score, from 0 to 100, and how it is made up."""

    program: Program
    score: float
    contributions: tuple[Contribution, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: score and contributions to two decimals; the contributions sum to the score."""
        points = {c.field: round(c.points, 2) for c in self.contributions}
        return {
            "score": round(sum(points.values()), 2),
            "contributions": points,
            "missing": [c.field for c in self.contributions if c.missing],
        }


def parse_weights(items: Iterable[str]) -> Weights:
    """Read ``FIELD=NUMBER`` items; any mistake is a usage error that says what is valid.

    Whether they are all zero is checked by :func:`combine_weights`, once a
    profile's weights are laid under them.
    """
    weights: dict[str, float] = {}
    fields = ", ".join(WEIGHT_FIELDS)
    for item in items:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep:
            raise UsageError(f"--weight {shown(item)} must be FIELD=NUMBER, e.g. score=2 (fields: {fields})")
        if name not in WEIGHT_FIELDS:
            hint = choice_hint(name, WEIGHT_FIELDS)
            raise UsageError(f"--weight: unknown field {shown(name)}; {hint}")
        try:
            weight = float(number)
        except ValueError:
            raise UsageError(f"--weight {name}: {shown(number)} is not a number") from None
        if not math.isfinite(weight) or abs(weight) > MAX_WEIGHT:
            raise UsageError(
                f"--weight {name}: the weight must be a number from -{MAX_WEIGHT} to {MAX_WEIGHT}, "
                f"got {shown(number.strip())}"
            )
        if name in weights:
            raise UsageError(f"--weight: {name} is given twice")
        weights[name] = weight
    return tuple(weights.items())


def combine_weights(profile: Weights, explicit: Weights) -> Weights:
    """A profile's weights with the user's own laid over them, field by field."""
    merged = dict(profile)
    merged.update(explicit)
    if merged and not any(merged.values()):
        raise UsageError("--weight: all weights are zero; give at least one a non-zero weight")
    return tuple(merged.items())


def find_profile(dataset: Dataset, name: str) -> Profile:
    """The profile with this id (any case), or a usage error listing the profiles."""
    for profile in dataset.profiles:
        if profile.id == name.strip().lower():
            return profile
    known = [p.id for p in dataset.profiles]
    hint = choice_hint(name, known) if known else "this data file has none"
    raise UsageError(f"no profile {shown(name)}; {hint} ('mlprog profiles' describes them)")


def _share(value: float | None, lowest: float, highest: float, weight: float) -> float:
    if value is None:
        return 0.0
    if highest == lowest:
        return 1.0
    share = (value - lowest) / (highest - lowest)
    return share if weight > 0 else 1.0 - share


def personal_scores(programs: Sequence[Program], weights: Weights) -> list[PersonalScore]:
    """Score every program by the weights; best first, ties in ranking order."""
    total = sum(abs(weight) for _, weight in weights)
    ranges: dict[str, tuple[float, float]] = {}
    for name, _ in weights:
        present = [getattr(p, name) for p in programs if getattr(p, name) is not None]
        ranges[name] = (min(present), max(present)) if present else (0.0, 0.0)
    scored = []
    for program in programs:
        contributions = []
        for name, weight in weights:
            value = getattr(program, name)
            share = _share(value, *ranges[name], weight)
            points = 100.0 * abs(weight) * share / total if total else 0.0
            contributions.append(Contribution(name, weight, points, missing=value is None))
        scored.append(PersonalScore(program, sum(c.points for c in contributions), tuple(contributions)))
    scored.sort(key=lambda s: (-s.score, *rank_order(s.program)))
    return scored


def describe_weights(weights: Mapping[str, float] | Weights) -> str:
    """Weights as people read them: ``score 2, tuition -1 (lower is better)``."""
    pairs = weights.items() if isinstance(weights, Mapping) else weights
    words = []
    for name, weight in pairs:
        text = f"{name} {weight:g}"
        if weight < 0:
            text += " (lower is better)"
        words.append(text)
    return ", ".join(words)


def with_profile(criteria: Criteria, profile: Profile | None) -> Criteria:
    """Criteria with a profile's filters filling whatever the user did not set."""
    if profile is None:
        return criteria
    filters = dict(profile.filters)
    details = dict(criteria.details)
    if "delivery" in filters and "delivery" not in details:
        details["delivery"] = tuple(filters["delivery"])
    combined = criteria._replace(
        states=criteria.states or frozenset(filters.get("states", ())),
        type=criteria.type or filters.get("type"),
        max_tuition=criteria.max_tuition if criteria.max_tuition is not None else filters.get("max_tuition"),
        min_graduation_rate=(
            criteria.min_graduation_rate
            if criteria.min_graduation_rate is not None
            else filters.get("min_graduation_rate")
        ),
        min_score=criteria.min_score if criteria.min_score is not None else filters.get("min_score"),
        details=details,
    )
    if profile.requires_state and not combined.states:
        raise UsageError(f"profile {profile.id!r} needs your region: add --state, e.g. --state CA")
    return combined
