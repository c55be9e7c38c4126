"""Plain typed records for programs and the data set that holds them.

Nothing here knows about files or terminals: the loader builds these objects,
the query functions read them, and the renderers show them. They are
NamedTuples rather than dataclasses because they are immutable all the same
and several times cheaper to define, which every command pays at start-up;
their base, :class:`mlprog.records.NamedTuple` (given to the other modules from here),
makes them cheaper still.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .records import NamedTuple as NamedTuple  # noqa: PLC0414 - the records' base, for the others

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .page_sections import Career, Conflict, GuideTopic, TopState


class Degree(NamedTuple):
    """A degree a program offers, with its duration as the source states it."""

    name: str
    duration: str | None = None


class Lab(NamedTuple):
    """A research lab or institute and what it works on."""

    name: str
    focus: str | None = None


class FacultyMember(NamedTuple):
    """A notable faculty member and their role or research focus."""

    name: str
    focus: str | None = None


class Program(NamedTuple):
    """One master's program: the ranking row plus, for some, a detailed profile.

    A data file gives every program its rank, city, state, type, tuition and
    score. They are None only for an institution the page does not rank, known
    from the user's College Scorecard import alone (``source`` "scorecard").
    """

    id: str
    rank: int | None
    name: str
    city: str | None
    state: str | None
    type: str | None
    tuition: int | None
    score: float | None
    graduation_rate: int | None = None
    aliases: tuple[str, ...] = ()
    highlight: str | None = None
    insight: str | None = None
    overview: str | None = None
    degrees: tuple[Degree, ...] = ()
    labs: tuple[Lab, ...] = ()
    industry_partners: tuple[str, ...] = ()
    top_employers: tuple[str, ...] = ()
    common_roles: tuple[str, ...] = ()
    faculty: tuple[FacultyMember, ...] = ()
    admissions_gpa: str | None = None
    accreditations: tuple[str, ...] = ()
    delivery: tuple[str, ...] = ()
    location_advantages: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    #: Where the program's data comes from: "bundled", "user" (added by the user's
    #: programs file), "user_override" (bundled, with fields the user replaced), "file" (--data),
    #: "scorecard" (an institution the page does not rank, from the user's Scorecard import).
    source: str = "bundled"
    # Imported from the College Scorecard (see mlprog.scorecard.outcomes), never from the page:
    # the figures of the program's main field of study, and every field's rows.
    earnings_1yr: int | None = None
    earnings_4yr: int | None = None
    earnings_5yr: int | None = None
    debt_median: int | None = None
    completions: int | None = None
    debt_to_earnings: float | None = None
    earnings_premium: int | None = None
    scorecard: Any = None
    #: Not from the Scorecard: worked out only when asked for (see mlprog.scorecard.fields).
    all_in_cost: int | None = None
    #: The source of the bundled College Scorecard figures filled in above (the user having no
    #: import of their own; see mlprog.figures.outcomes.with_bundled_outcomes), None otherwise:
    #: written as the object's ``outcomes`` key, so that the figures never travel without it.
    bundled_outcomes_source: Any = None

    @property
    def location(self) -> str | None:
        """City and state, as people write them: ``Pittsburgh, PA``; None where neither is known."""
        return ", ".join(part for part in (self.city, self.state) if part) or None

    @property
    def ranked(self) -> bool:
        """Whether the page ranks this program (not an institution known from an import alone)."""
        return self.rank is not None

    @property
    def detailed(self) -> bool:
        """Whether the source gives more than the ranking row for this program."""
        return bool(
            self.highlight
            or self.overview
            or self.degrees
            or self.labs
            or self.industry_partners
            or self.top_employers
            or self.faculty
        )

    def as_dict(self) -> dict[str, Any]:
        """The program as JSON-ready data; keys are mlprog's stable JSON keys."""
        return {
            "id": self.id,
            "rank": self.rank,
            "name": self.name,
            "city": self.city,
            "state": self.state,
            "type": self.type,
            "tuition": self.tuition,
            "graduation_rate": self.graduation_rate,
            "score": self.score,
            "aliases": list(self.aliases),
            "detailed": self.detailed,
            "highlight": self.highlight,
            "insight": self.insight,
            "overview": self.overview,
            "degrees": [{"name": d.name, "duration": d.duration} for d in self.degrees],
            "labs": [{"name": lab.name, "focus": lab.focus} for lab in self.labs],
            "industry_partners": list(self.industry_partners),
            "top_employers": list(self.top_employers),
            "common_roles": list(self.common_roles),
            "faculty": [{"name": f.name, "focus": f.focus} for f in self.faculty],
            "admissions_gpa": self.admissions_gpa,
            "accreditations": list(self.accreditations),
            "delivery": list(self.delivery),
            "location_advantages": list(self.location_advantages),
            "notes": list(self.notes),
            "source": self.source,
            "earnings_1yr": self.earnings_1yr,
            "earnings_4yr": self.earnings_4yr,
            "earnings_5yr": self.earnings_5yr,
            "debt_median": self.debt_median,
            "completions": self.completions,
            "debt_to_earnings": self.debt_to_earnings,
            "earnings_premium": self.earnings_premium,
            "all_in_cost": self.all_in_cost,
            "scorecard": self.scorecard.as_dict() if self.scorecard is not None else None,
            **(
                {"outcomes": {"in_use": "bundled", "source": self.bundled_outcomes_source}}
                if self.bundled_outcomes_source is not None
                else {}
            ),
        }


class Meta(NamedTuple):
    """What the data set says about its source and the headline figures."""

    source_name: str | None = None
    source_title: str | None = None
    source_year: int | None = None
    data_basis: str | None = None
    programs_analyzed: int | None = None
    programs_listed: int | None = None
    median_salary_usd_per_year: int | None = None
    median_salary_role: str | None = None
    job_growth_percent: float | None = None
    job_growth_through: int | None = None
    statistics_source: str | None = None
    salary_premium_usd_per_year: tuple[int, int] | None = None
    tax_free_employer_benefit_usd: int | None = None
    full_time_years: tuple[float, float] | None = None
    part_time_years: tuple[float, float] | None = None
    notes: tuple[str, ...] = ()

    def citation(self) -> str:
        """A one-line credit for the source, for table captions and cards."""
        parts = [p for p in (self.source_name, self.source_title) if p]
        text = ": ".join(parts) if parts else "unnamed source"
        if self.data_basis:
            text += f" (built on {self.data_basis})"
        return text


class EmployerBenefit(NamedTuple):
    """An employer's tuition benefit: a yearly cap or a share of tuition, and its terms."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    cap_usd_per_year: int | None = None
    percent: int | None = None
    service_commitment_years: int | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The benefit as JSON-ready data."""
        return {**self._asdict(), "aliases": list(self.aliases)}


#: Fields a personal ranking can weigh.
WEIGHT_FIELDS = (
    "score",
    "tuition",
    "graduation_rate",
    "rank",
    "earnings_1yr",
    "earnings_4yr",
    "earnings_5yr",
    "debt_median",
    "debt_to_earnings",
    "all_in_cost",
)


class Profile(NamedTuple):
    """A named set of weights and filters: a kind of student's priorities."""

    id: str
    title: str
    weights: tuple[tuple[str, float], ...]
    summary: str | None = None
    filters: tuple[tuple[str, Any], ...] = ()
    requires_state: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The profile as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "weights": dict(self.weights),
            "filters": {name: list(v) if isinstance(v, tuple) else v for name, v in self.filters},
            "requires_state": self.requires_state,
        }


class Dataset(NamedTuple):
    """Programs in rank order, the source's metadata, and the file they came from."""

    programs: Sequence[Program]
    meta: Meta = Meta()
    path: str = ""
    employer_benefits: tuple[EmployerBenefit, ...] = ()
    profiles: tuple[Profile, ...] = ()
    # The page's own sections: for the bundled data, checked when first read (see
    # mlprog.dataset.build.CheckedWhenRead), so sequences rather than tuples.
    conflicts: Sequence[Conflict] = ()
    careers: Sequence[Career] = ()
    top_states: Sequence[TopState] = ()
    guide: Sequence[GuideTopic] = ()


def lookup_key(text: str) -> str:
    """Fold a name for matching: case-insensitive, punctuation and spacing ignored.

    ``"University of California-Irvine"`` and ``"university of california irvine"``
    give the same key.
    """
    folded = text.casefold()
    if folded.isascii():  # the common case, without a Python step per character
        return " ".join(_ASCII_PUNCTUATION.sub(" ", folded).split())
    return " ".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


_ASCII_PUNCTUATION = re.compile(r"[^a-z0-9]")
