"""JSON Schemas of the documents mlprog prints besides a program (see :mod:`mlprog.dataset.schema`)."""

from __future__ import annotations

from typing import Any

from .schema import program_json_schema

_TEXT = {"type": "string"}
_MAYBE_TEXT = {"type": ["string", "null"]}
_MONEY = {"type": "integer", "minimum": 0}


def _object(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def _document(name: str, description: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"mlprog-{name}.schema.json",
        "title": f"mlprog {name}",
        "description": description,
        **body,
    }


#: The sources of bundled figures: each says its release, licence and the attribution it needs.
_FIGURES_SOURCE = {
    "type": "object",
    "required": ["title", "publisher", "release", "licence", "attribution"],
    "properties": {"attribution": _TEXT, "release": _TEXT, "licence": _TEXT},
}


def career_json_schema() -> dict[str, Any]:
    """A career path as `mlprog careers --json` prints it (an array of these)."""
    career = _object(
        "A career path.",
        {
            "title": _TEXT,
            "soc": {"type": "string", "pattern": r"^\d{2}-\d{4}$"},
            "summary": _TEXT,
            "section": _TEXT,
            "programs": {"type": "array", "items": _TEXT},
        },
    )
    career["properties"]["wages"] = {
        "type": "object",
        "description": "`careers CAREER` only: BLS's wages for the SOC code, nationally and in the "
        "metro area of every ranked program (null where BLS publishes none), with their source.",
        "required": ["soc", "fit", "national", "by_area", "source"],
        "properties": {"by_area": {"type": "array"}, "source": _FIGURES_SOURCE},
    }
    return _document(
        "career",
        "A career path from the source page; `mlprog careers --json` prints an array of these.",
        career,
    )


def state_json_schema() -> dict[str, Any]:
    """A state as `mlprog states --json` prints it (an array of these)."""
    page = _object(
        "The page's row.",
        {
            "programs": {"type": "integer", "minimum": 0},
            "median_tuition": _MONEY,
            "top_program": _TEXT,
            "section": _TEXT,
        },
    )
    ranked = _object(
        "What the ranked programs give.",
        {
            "programs": {"type": "integer", "minimum": 0},
            "median_tuition": {
                "type": ["integer", "null"],
                "minimum": 0,
                "description": "The ranked programs' median tuition in whole US dollars (halves rounded up).",
            },
            "best": _MAYBE_TEXT,
            "best_rank": {"type": ["integer", "null"]},
        },
    )
    disagree = {"type": "array", "items": {"enum": ["programs", "median_tuition", "top_program"]}}
    return _document(
        "state",
        "A row of the source's top-states table beside the ranked programs; `mlprog states --json`.",
        _object("A state.", {"state": _TEXT, "page": page, "ranked": ranked, "disagree": disagree}),
    )


def guide_json_schema() -> dict[str, Any]:
    """A guide topic as `mlprog guide TOPIC --json` prints it."""
    item = _object(
        "An entry.", {"name": _TEXT, "detail": _MAYBE_TEXT, "figure": _MAYBE_TEXT, "source": _MAYBE_TEXT}
    )
    fact = _object("A figure and the source the page cites for it.", {"text": _TEXT, "source": _MAYBE_TEXT})
    return _document(
        "guide-topic",
        "A topic of the source's guide to choosing; `mlprog guide TOPIC --json`.",
        _object(
            "A guide topic.",
            {
                "id": _TEXT,
                "title": _TEXT,
                "section": _TEXT,
                "summary": _TEXT,
                "items": {"type": "array", "items": item},
                "facts": {"type": "array", "items": fact},
                "see_also": _MAYBE_TEXT,
            },
        ),
    )


def sources_json_schema() -> dict[str, Any]:
    """What `mlprog sources --json` prints."""
    source = _object(
        "Where the data comes from.",
        {
            "name": _MAYBE_TEXT,
            "title": _MAYBE_TEXT,
            "year": {"type": ["integer", "null"]},
            "data_basis": _MAYBE_TEXT,
            "statistics_source": _MAYBE_TEXT,
            "file": _TEXT,
        },
    )
    value = _object("A value the page states.", {"value": _TEXT, "where": {"type": "array", "items": _TEXT}})
    conflict = _object(
        "A place where the page contradicts itself.",
        {
            "id": _TEXT,
            "about": _TEXT,
            "field": _MAYBE_TEXT,
            "summary": _TEXT,
            "values": {"type": "array", "minItems": 2, "items": value},
            "kept": _MAYBE_TEXT,
        },
    )
    return _document(
        "sources",
        "The source of the data and its conflicts; `mlprog sources --json`.",
        _object(
            "Sources.",
            {
                "source": source,
                "figures": {
                    "type": "array",
                    "description": "The sources of the figures bundled beside the page's: College "
                    "Scorecard outcomes, BLS wages, HUD rents.",
                    "items": _FIGURES_SOURCE,
                },
                "conflicts": {"type": "array", "items": conflict},
            },
        ),
    )


def chart_json_schema() -> dict[str, Any]:
    """What `mlprog chart --json` prints: enough for a script to draw the chart again."""
    from ..frontier import NUMERIC_FIELDS

    fields = list(NUMERIC_FIELDS)
    axis = _object(
        "An axis: the field plotted, its name and unit, and which way is better.",
        {
            "field": {"enum": fields},
            "name": _TEXT,
            "unit": {"enum": ["$", "%", "#", "x", ""]},
            "higher_is_better": {"type": "boolean"},
        },
    )
    point = {
        "type": "object",
        "description": "A program plotted: its id and name, the values plotted, and (scatter) "
        "whether it is on the value frontier.",
        "required": ["id", "name"],
        "properties": {
            "id": _TEXT,
            "name": _TEXT,
            **{field: {"type": "number"} for field in fields},
            "frontier": {"type": "boolean"},
        },
        "additionalProperties": False,
    }
    return _document(
        "chart",
        "A chart; `mlprog chart --json`. kind is scatter (y against x, with the frontier) or bar "
        "(x only; y is null).",
        _object(
            "Chart.",
            {
                "kind": {"enum": ["scatter", "bar"]},
                "x": axis,
                "y": {"oneOf": [axis, {"type": "null"}]},
                "points": {"type": "array", "items": point},
                "frontier": {"type": "array", "items": _TEXT},
                "left_out": {"type": "array", "items": _TEXT},
                "sources": {
                    "type": "array",
                    "description": "The sources of the bundled figures plotted (College Scorecard "
                    "outcomes, HUD's rents in all_in_cost), each with its attribution; empty when "
                    "every figure is the page's or your own.",
                    "items": _FIGURES_SOURCE,
                },
            },
        ),
    )


#: `mlprog schema DOCUMENT`: each document mlprog prints in JSON, and its schema.
DOCUMENT_SCHEMAS = {
    "program": program_json_schema,
    "career": career_json_schema,
    "state": state_json_schema,
    "guide-topic": guide_json_schema,
    "sources": sources_json_schema,
    "chart": chart_json_schema,
}
