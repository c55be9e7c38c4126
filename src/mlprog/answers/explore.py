"""Questions about programs: rank, filter, explain, compare, show, and the ranking profiles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import UsageError
from ..model import Dataset, Meta, Profile, Program
from ..query import Criteria, Evaluation, best_ids, evaluate, filter_programs, find_program, sort_programs
from ..schema import PROFILE_KEYS, PROGRAM_FIELDS, SUMMARY_FIELDS
from . import select

if TYPE_CHECKING:
    from ..ranking import PersonalScore, Weights


def _no_match_note(criteria: Criteria) -> str:
    return f"No programs match: {'; '.join(criteria.describe()) or 'no criteria'}."


# --- rank ------------------------------------------------------------------------


class Ranking(NamedTuple):
    """Programs in ranking order, or by a personal score, with how that score is made up."""

    programs: tuple[Program, ...]
    criteria: Criteria
    meta: Meta
    profile: Profile | None = None
    weights: Weights = ()
    scores: tuple[PersonalScore, ...] = ()
    explain: bool = False

    @property
    def empty_note(self) -> str:
        """Said when nothing matches: the criteria, in words."""
        return _no_match_note(self.criteria)

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

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of programs."""
        return [select(record, fields) for record in self.rows()]

    def columns(self) -> tuple[str, ...]:
        """The summary, and the personal score when weighted."""
        return (*SUMMARY_FIELDS, "personal_score") if self.scores else SUMMARY_FIELDS

    def plain_text(self) -> None:
        """Drawn as a Rich table."""


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


# --- filter ----------------------------------------------------------------------


class Selection(NamedTuple):
    """The programs that meet the criteria, each with what its detail criteria matched."""

    matches: tuple[Evaluation, ...]
    criteria: Criteria
    meta: Meta

    @property
    def empty_note(self) -> str:
        """Said when nothing matches: the criteria, in words."""
        return _no_match_note(self.criteria)

    @property
    def programs(self) -> tuple[Program, ...]:
        """The programs, in the order chosen."""
        return tuple(e.program for e in self.matches)

    def rows(self) -> list[dict[str, Any]]:
        """Each program's object with ``matched``."""
        return [{**e.program.as_dict(), "matched": e.matched} for e in self.matches]

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of programs."""
        return [select(record, fields) for record in self.rows()]

    def columns(self) -> tuple[str, ...]:
        """The summary, and what matched when there are detail criteria."""
        return (*SUMMARY_FIELDS, "matched") if self.criteria.details else SUMMARY_FIELDS

    def plain_text(self) -> None:
        """Drawn as a Rich table."""


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


class Explanation(NamedTuple):
    """Whether one program meets the criteria, and if not, which ones keep it out."""

    evaluation: Evaluation
    criteria: Criteria

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


# --- compare and show -------------------------------------------------------------


class Comparison(NamedTuple):
    """Programs side by side, with the best value of each comparable field."""

    programs: tuple[Program, ...]
    best: dict[str, list[str]]
    meta: Meta
    fields: tuple[str, ...] | None = None

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """Each program's object with ``best_in``: the fields it is best in."""
        return [
            {**p.as_dict(), "best_in": [name for name, ids in self.best.items() if p.id in ids]}
            for p in self.programs
        ]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """``{"programs": [...], "best": {field: [ids]}}``."""
        return {"programs": [select(p.as_dict(), self.fields) for p in self.programs], "best": self.best}

    def columns(self) -> tuple[str, ...]:
        """The summary and ``best_in``."""
        return (*SUMMARY_FIELDS, "best_in")

    def plain_text(self) -> None:
        """Drawn as a Rich grid."""


def compare_programs(
    programs: Sequence[Program], meta: Meta, fields: Sequence[str] | None = None
) -> Comparison:
    """Compare two or more different programs; ``fields`` chooses the rows (and the best ones)."""
    if len(programs) < 2:
        raise UsageError(
            "compare needs at least two different programs"
            + (f"; to see one, run `mlprog show {programs[0].id}`" if programs else "")
        )
    best = best_ids(programs)
    shown = tuple(name for name in fields if name != "best_in") if fields is not None else None
    if shown is not None:
        best = {name: ids for name, ids in best.items() if name in shown}
    return Comparison(tuple(programs), best, meta, shown)


class ProgramCard(NamedTuple):
    """One program, everything the source gives about it, and the user's note."""

    program: Program
    meta: Meta
    note: str | None = None

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def record(self) -> dict[str, Any]:
        """The program's object, with ``note`` when there is one."""
        record = self.program.as_dict()
        if self.note is not None:
            record["note"] = self.note
        return record

    def rows(self) -> list[dict[str, Any]]:
        """The program as one row."""
        return [self.record()]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The program's JSON object."""
        return select(self.record(), fields)

    def columns(self) -> tuple[str, ...]:
        """Every field of a program."""
        return PROGRAM_FIELDS

    def plain_text(self) -> None:
        """Drawn as a Rich card."""


def show_program(dataset: Dataset, name: str, note: str | None = None) -> ProgramCard:
    """The card of the program named by id, alias or full name."""
    return ProgramCard(find_program(dataset.programs, name), dataset.meta, note)


# --- profiles --------------------------------------------------------


class ProfileList(NamedTuple):
    """The ranking profiles a data set offers."""

    profiles: tuple[Profile, ...]
    path: str

    @property
    def empty_note(self) -> str:
        """Said when the data file has none."""
        return f"No profiles in {self.path}."

    def rows(self) -> list[dict[str, Any]]:
        """Each profile's object."""
        return [profile.as_dict() for profile in self.profiles]

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of profiles."""
        return [select(row, fields) for row in self.rows()]

    def columns(self) -> tuple[str, ...]:
        """Every key of a profile."""
        return PROFILE_KEYS

    def plain_text(self) -> None:
        """Drawn as a Rich table."""


def list_profiles(dataset: Dataset) -> ProfileList:
    """The ranking profiles of the data in use."""
    return ProfileList(dataset.profiles, dataset.path)
