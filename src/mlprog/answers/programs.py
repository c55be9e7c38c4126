"""Programs one at a time or side by side: compare, show, and the ranking profiles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..dataset.schema import PROFILE_KEYS, SUMMARY_FIELDS
from ..errors import UsageError
from ..model import Dataset, Meta, Profile, Program
from ..query import best_ids, find_program
from . import Listing, select

if TYPE_CHECKING:
    from ..figures.living import LivingCost
    from ..figures.local import LocalWages
    from ..figures.outcomes import InstitutionOutcomes
    from ..page_sections import Career
    from ..scorecard.outcomes import Outcomes


class Comparison:
    """Programs side by side, with the best value of each comparable field."""

    __slots__ = ("best", "fields", "meta", "programs")

    def __init__(
        self,
        programs: tuple[Program, ...],
        best: dict[str, list[str]],
        meta: Meta,
        fields: tuple[str, ...] | None = None,
    ) -> None:
        self.programs = programs
        self.best = best
        self.meta = meta
        self.fields = fields

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
            + (f"; to see one, run 'mlprog show {programs[0].id}'" if programs else "")
        )
    best = best_ids(programs)
    shown = tuple(name for name in fields if name != "best_in") if fields is not None else None
    if shown is not None:
        best = {name: ids for name, ids in best.items() if name in shown}
    return Comparison(tuple(programs), best, meta, shown)


class ProgramCard:
    """One program, everything the source gives about it, and the user's note; with the bundled
    College Scorecard outcomes (unless the user's import is in use) and the local wages of the
    careers its card names."""

    __slots__ = ("bundled", "living", "local_wages", "meta", "note", "outcomes", "program")

    def __init__(
        self,
        program: Program,
        meta: Meta,
        note: str | None = None,
        outcomes: Outcomes | None = None,
        bundled: InstitutionOutcomes | None = None,
        local_wages: LocalWages | None = None,
        living: LivingCost | None = None,
    ) -> None:
        self.program = program
        self.meta = meta
        self.note = note
        self.outcomes = outcomes
        self.bundled = bundled
        self.local_wages = local_wages
        self.living = living

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
        """The program's JSON object; without --fields, also ``outcomes`` (which College Scorecard
        figures are in use, the bundled ones in full) and ``local_wages``, each with its source."""
        if fields is not None:
            return select(self.record(), fields)
        document = self.record()
        if self.outcomes is not None:
            document["outcomes"] = {"in_use": "import", "source": self.outcomes.source}
        elif self.bundled is not None:
            document["outcomes"] = self.bundled.as_dict()
        if self.local_wages is not None:
            document["local_wages"] = self.local_wages.as_dict()
        if self.living is not None:
            document["living_cost"] = self.living.as_dict()
        return document

    def columns(self) -> tuple[str, ...]:
        """The card's main fields: the ranking row (--fields chooses others)."""
        return SUMMARY_FIELDS

    def plain_text(self) -> None:
        """Drawn as a Rich card."""


def show_program(
    dataset: Dataset,
    name: str,
    notes: Mapping[str, str] | None = None,
    living_usd_per_month: int | None = None,
) -> ProgramCard:
    """The card of the program named by id, alias or full name, with the user's note on it if any,
    its College Scorecard outcomes (the user's import when there is one, else the bundled ones),
    the local wages of the careers its card names, and what living there costs: the user's own
    monthly figure when given, else HUD's rent for the city (rent only, said so)."""
    program = find_program(dataset.programs, name)
    return card_of(
        program, dataset.meta, dataset.careers, (notes or {}).get(program.id), living_usd_per_month
    )


def card_of(
    program: Program,
    meta: Meta,
    careers: Sequence[Career],
    note: str | None = None,
    living_usd_per_month: int | None = None,
) -> ProgramCard:
    """A program's card as `show` gives it (and `browse` draws it): its note, its outcomes in use
    (the bundled ones also filling its earnings, debt and completions), the local wages of the
    careers its card names, and what living there costs."""
    # Imported here, so that compare and the rest never read the bundled figures.
    from ..figures.living import living_cost
    from ..figures.local import local_wages
    from ..figures.outcomes import outcomes_in_use, with_bundled_outcomes
    from ..page_sections import careers_named

    bundled = outcomes_in_use(program.name, imported=program.scorecard is not None)
    if bundled is not None:  # read for the card already: its figures fill the program's fields too
        program = with_bundled_outcomes((program,))[0]
    return ProgramCard(
        program,
        meta,
        note,
        program.scorecard,
        bundled=bundled,
        local_wages=local_wages(program.city, program.state, careers_named(program.common_roles, careers)),
        living=living_cost(program.city or "", program.state or "", living_usd_per_month),
    )


# --- profiles --------------------------------------------------------


class ProfileList(Listing):
    """The ranking profiles a data set offers."""

    __slots__ = ("path", "profiles")

    def __init__(
        self,
        profiles: tuple[Profile, ...],
        path: str,
    ) -> None:
        self.profiles = profiles
        self.path = path

    @property
    def empty_note(self) -> str:
        """Said when the data file has none."""
        return f"No profiles in {self.path}."

    def rows(self) -> list[dict[str, Any]]:
        """Each profile's object."""
        return [profile.as_dict() for profile in self.profiles]

    def columns(self) -> tuple[str, ...]:
        """Every key of a profile."""
        return PROFILE_KEYS


def list_profiles(dataset: Dataset) -> ProfileList:
    """The ranking profiles of the data in use."""
    return ProfileList(dataset.profiles, dataset.path)
