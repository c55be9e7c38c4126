"""Every field of a data file, declared once: how it is checked, described and typed.

The loader checks entries against these declarations, ``mlprog fields`` lists
them, ``mlprog schema`` prints the JSON Schema built from them, and shell
completion offers their names. The validators themselves are in :mod:`mlprog.dataset.validators`.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..model import Degree, FacultyMember, Lab
from ..page_sections import GuideFact, GuideItem
from ..scorecard.fields import OUTCOME_FIELDS, SCORECARD_ABOUT, SCORECARD_JSON
from .validators import (
    DELIVERY_FORMATS,
    ID_PATTERN,
    MONEY_CEILING,
    PROGRAM_TYPES,
    Validated,
    Validator,
    boolean,
    conflict_values,
    delivery,
    named_tables,
    pair,
    program_type,
    records,
    required_text,
    score,
    slug,
    soc_code,
    state,
    state_list,
    text,
    text_list,
    validate_table,
    weights,
    whole,
    years,
)

#: Where a program's data can come from (see ``Program.source``).
SOURCES = ("bundled", "user", "user_override", "file", "scorecard")

# --- the program's fields ---------------------------------------------------------


class Field:
    """One field of a program's JSON object: how a data file gives it, and what it means.

    ``check`` is None for a field mlprog works out itself (``detailed``,
    ``source``), which a data file may not set. (A plain class rather than a
    NamedTuple: it is defined on every run, and that costs a twentieth as much.)
    """

    __slots__ = ("check", "description", "json", "name", "required")

    def __init__(
        self,
        name: str,
        description: str,
        json: dict[str, Any],
        check: Validator | None = None,
        required: bool = False,
    ) -> None:
        self.name = name
        self.description = description
        self.json = json
        self.check = check
        self.required = required

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _strings() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


def _named(kind: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", kind],
            "properties": {"name": {"type": "string"}, kind: {"type": ["string", "null"]}},
        },
    }


_WHOLE_DOLLARS = "a whole number of US dollars per year"
#: What a ranking-row field is for an institution known from a Scorecard import alone.
_UNRANKED_NULL = "; null for an institution the page does not rank (source scorecard)."
#: Ranks and counts of programs stay below this.
COUNT_CEILING = 1_000_000

#: A program's fields in the order of its JSON object (and of ``Program.as_dict``).
PROGRAM_FIELD_SPECS: tuple[Field, ...] = (
    Field(
        "id",
        "Short lowercase id people type, e.g. cmu.",
        {"type": "string", "pattern": ID_PATTERN.pattern},
        slug,
        required=True,
    ),
    Field(
        "rank",
        "Rank in the source's table; null for an institution it does not rank (source scorecard).",
        {"type": ["integer", "null"], "minimum": 1},
        whole(1, COUNT_CEILING, "a whole number"),
        required=True,
    ),
    Field("name", "Full name of the institution.", {"type": "string"}, required_text, required=True),
    Field("city", f"City{_UNRANKED_NULL}", _nullable("string"), required_text, required=True),
    Field(
        "state",
        f"Two-letter US state or territory code{_UNRANKED_NULL}",
        {**_nullable("string"), "pattern": "^[A-Z]{2}$"},
        state,
        required=True,
    ),
    Field(
        "type",
        "Public or private institution (for an institution the page does not rank, from the "
        "Scorecard's CONTROL; null where it is neither).",
        {"enum": [*PROGRAM_TYPES, None]},
        program_type,
        required=True,
    ),
    Field(
        "tuition",
        f"Tuition in US dollars per year{_UNRANKED_NULL}",
        {**_nullable("integer"), "minimum": 0},
        whole(0, MONEY_CEILING, _WHOLE_DOLLARS),
        required=True,
    ),
    Field(
        "graduation_rate",
        "Graduation rate in percent; null where the source gives none.",
        {**_nullable("integer"), "minimum": 0, "maximum": 100},
        whole(0, 100, "a whole percent"),
    ),
    Field(
        "score",
        f"The source's score, 0 to 100{_UNRANKED_NULL}",
        {**_nullable("number"), "minimum": 0, "maximum": 100},
        score,
        required=True,
    ),
    Field("aliases", "Other names the program answers to.", _strings(), text_list),
    Field("detailed", "Whether the source gives a detailed profile.", {"type": "boolean"}),
    Field("highlight", "What sets the program apart (summarised).", _nullable("string"), text),
    Field("insight", "The source's insight line (summarised).", _nullable("string"), text),
    Field("overview", "Overview of the program (summarised).", _nullable("string"), text),
    Field(
        "degrees",
        "Degrees offered, with duration as the source states it.",
        _named("duration"),
        named_tables("duration", Degree),
    ),
    Field(
        "labs",
        "Research labs and institutes, with their focus.",
        _named("focus"),
        named_tables("focus", Lab),
    ),
    Field("industry_partners", "Industry partners.", _strings(), text_list),
    Field("top_employers", "Top employers of graduates.", _strings(), text_list),
    Field("common_roles", "Common roles of graduates.", _strings(), text_list),
    Field(
        "faculty",
        "Notable faculty, with their role or focus.",
        _named("focus"),
        named_tables("focus", FacultyMember),
    ),
    Field("admissions_gpa", "GPA requirement as the source states it.", _nullable("string"), text),
    Field("accreditations", "Accreditations and designations.", _strings(), text_list),
    Field(
        "delivery",
        "Delivery formats the source states.",
        {"type": "array", "items": {"enum": list(DELIVERY_FORMATS)}},
        delivery,
    ),
    Field("location_advantages", "Location advantages the source lists.", _strings(), text_list),
    Field("notes", "Where the source contradicts itself or lacks a value.", _strings(), text_list),
    Field(
        "source",
        "Where the data comes from: bundled, added by your programs file (user), bundled with "
        "fields your file replaced (user_override), a --data file (file), or an institution the "
        "page does not rank, from your College Scorecard import (scorecard: --unranked, or named).",
        {"enum": list(SOURCES)},
    ),
    # Not from the page: null until imported or asked for (see mlprog.scorecard.fields).
    *(Field(name, f"{about}.", _nullable(kind)) for name, kind, about in OUTCOME_FIELDS),
    Field("scorecard", SCORECARD_ABOUT, SCORECARD_JSON),
)


def _sourced(required: list[str], **properties: Any) -> dict[str, Any]:
    """An object of figures not from the page: these keys and their ``source`` required."""
    properties["source"] = {"type": "object"}
    return {"type": "object", "required": [*required, "source"], "properties": properties}


#: Keys some commands add to a program's object, with what they mean.
EXTRA_FIELD_SPECS: tuple[Field, ...] = (
    Field(
        "matched",
        "rank and filter with detail criteria (--partner, --lab, --search...): for each one, the "
        "matching text in context, or null where the source does not give what it looks at.",
        {
            "type": "object",
            "additionalProperties": {"type": ["array", "null"], "items": {"type": "string"}},
        },
    ),
    Field(
        "unchecked",
        "rank and filter with --include-unknown: the criteria this program could not be "
        "checked on, because the source does not give what they look at; empty when it "
        "meets every one.",
        {"type": "array", "items": {"type": "string"}},
    ),
    Field(
        "best_in",
        "compare only (ndjson, csv, markdown): the fields in which this program is best.",
        {"type": "array", "items": {"enum": ["rank", "tuition", "graduation_rate", "score"]}},
    ),
    Field(
        "personal_score",
        "rank and filter with --weight or --profile: the personal score, 0 to 100.",
        {"type": "number", "minimum": 0, "maximum": 100},
    ),
    Field(
        "personal",
        "rank and filter with --weight or --profile: the personal score, each weighted field's "
        "contribution (they sum to the score), and the fields missing a value (a score on "
        "partial data, marked * in tables).",
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["score", "contributions", "missing"],
            "properties": {
                "score": {"type": "number", "minimum": 0, "maximum": 100},
                "contributions": {
                    "type": "object",
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
                },
                "missing": {"type": "array", "items": {"type": "string"}},
            },
        },
    ),
    Field("note", "show only: your note on the program (see `mlprog note`).", {"type": "string"}),
    Field(
        "outcomes",
        "The College Scorecard outcomes in use (`in_use`: import or bundled), sourced: show always "
        "(the bundled ones in full); rank, filter and compare wherever bundled figures fill the "
        "program's Scorecard fields (`{in_use, source}`; kept beside them whatever --fields chooses).",
        _sourced(["in_use"], in_use={"enum": ["import", "bundled"]}),
    ),
    Field(
        "local_wages",
        "show only: BLS's wages there and nationally for each career the card names, sourced.",
        _sourced(["area", "roles"], roles={"type": "array", "items": {"type": "object"}}),
    ),
    Field(
        "living_cost",
        "show only: living there a month and a year (your `living` setting, else HUD's rent), sourced.",
        _sourced(["usd_per_month", "usd_per_year", "covers"], usd_per_year={"type": "integer"}),
    ),
)

#: Every key of a program's JSON object, in output order.
PROGRAM_FIELDS: tuple[str, ...] = tuple(spec.name for spec in PROGRAM_FIELD_SPECS)
#: The ranking row every program has: what tables, CSV and Markdown show by default.
SUMMARY_FIELDS: tuple[str, ...] = PROGRAM_FIELDS[: PROGRAM_FIELDS.index("score") + 1]

#: Field name -> (validator, required), for the fields a data file may give.
PROGRAM_SCHEMA: dict[str, tuple[Validator, bool]] = {
    spec.name: (spec.check, spec.required) for spec in PROGRAM_FIELD_SPECS if spec.check is not None
}


def program_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a program object, as rank, filter, compare and show print it."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "mlprog-program.schema.json",
        "title": "mlprog program",
        "description": (
            "One master's program in machine learning, as mlprog prints it in JSON. rank and filter "
            "print an array of these; show prints one; compare prints "
            '{"programs": [...], "best": {...}}.'
        ),
        "type": "object",
        "additionalProperties": False,
        "required": list(PROGRAM_FIELDS),
        "properties": {
            spec.name: {**spec.json, "description": spec.description}
            for spec in (*PROGRAM_FIELD_SPECS, *EXTRA_FIELD_SPECS)
        },
    }


# --- the rest of a data file ------------------------------------------------------

META_SCHEMA: dict[str, Validator] = {
    "source_name": text,
    "source_title": text,
    "source_year": whole(1900, 2100, "a year"),
    "data_basis": text,
    "programs_analyzed": whole(0, COUNT_CEILING, "a whole number"),
    "programs_listed": whole(0, COUNT_CEILING, "a whole number"),
    "median_salary_usd_per_year": whole(0, MONEY_CEILING, _WHOLE_DOLLARS),
    "median_salary_role": text,
    "job_growth_percent": score,
    "job_growth_through": whole(1900, 2200, "a year"),
    "statistics_source": text,
    # The premium divides a cost into years of payback: it must be above zero.
    "salary_premium_usd_per_year": pair(whole(1, MONEY_CEILING, "a whole number"), "US dollars per year"),
    "tax_free_employer_benefit_usd": whole(0, MONEY_CEILING, _WHOLE_DOLLARS),
    "full_time_years": pair(years, "years"),
    "part_time_years": pair(years, "years"),
    "notes": text_list,
}

BENEFIT_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "id": (slug, True),
    "name": (required_text, True),
    "aliases": (text_list, False),
    "cap_usd_per_year": (whole(0, MONEY_CEILING, _WHOLE_DOLLARS), False),
    "percent": (whole(0, 100, "a whole percent"), False),
    "service_commitment_years": (whole(0, 50, "a whole number of years"), False),
    "note": (text, False),
}

PROFILE_FILTER_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "states": (state_list, False),
    "type": (program_type, False),
    "max_tuition": (whole(0, MONEY_CEILING, _WHOLE_DOLLARS), False),
    "min_graduation_rate": (whole(0, 100, "a whole percent"), False),
    "min_score": (score, False),
    "delivery": (delivery, False),
}


def profile_filters(value: Any) -> Validated:
    """A profile's filters table, as (name, value) pairs."""
    problems: list[Problem] = []
    values, ok = validate_table("", value, PROFILE_FILTER_SCHEMA, problems)
    if not ok:
        return None, "; ".join(p.message for p in problems)
    return tuple(values.items()), None


PROFILE_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "id": (slug, True),
    "title": (required_text, True),
    "summary": (text, False),
    "weights": (weights, True),
    "filters": (profile_filters, False),
    "requires_state": (boolean, False),
}

#: The keys of a profile's JSON object.
PROFILE_KEYS: tuple[str, ...] = tuple(PROFILE_SCHEMA)

CONFLICT_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "id": (slug, True),
    "about": (required_text, True),
    "field": (text, False),
    "summary": (required_text, True),
    "kept": (text, False),
    "values": (conflict_values, True),
}

CAREER_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "title": (required_text, True),
    "soc": (soc_code, True),
    "summary": (required_text, True),
    "section": (required_text, True),
    "roles": (text_list, False),
}

TOP_STATE_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "state": (state, True),
    "programs": (whole(0, COUNT_CEILING, "a whole number"), True),
    "median_tuition": (whole(0, MONEY_CEILING, _WHOLE_DOLLARS), True),
    "top_program": (required_text, True),
    "section": (required_text, True),
}

GUIDE_SCHEMA: dict[str, tuple[Validator, bool]] = {
    "id": (slug, True),
    "title": (required_text, True),
    "section": (required_text, True),
    "summary": (required_text, True),
    "items": (records(GuideItem, ("name",), ("detail", "figure", "source")), False),
    "facts": (records(GuideFact, ("text",), ("source",)), False),
    "see_also": (text, False),
}

#: The sections a data file may have.
TOP_LEVEL_KEYS = (
    "meta",
    "programs",
    "employer_benefits",
    "profiles",
    "conflicts",
    "careers",
    "top_states",
    "guide",
)
