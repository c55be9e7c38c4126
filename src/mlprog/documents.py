"""JSON Schemas of the documents mlprog prints besides a program (see :mod:`mlprog.schema`)."""

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


def career_json_schema() -> dict[str, Any]:
    """A career path as `mlprog careers --json` prints it (an array of these)."""
    return _document(
        "career",
        "A career path from the source page; `mlprog careers --json` prints an array of these.",
        _object(
            "A career path.",
            {
                "title": _TEXT,
                "soc": {"type": "string", "pattern": r"^\d{2}-\d{4}$"},
                "summary": _TEXT,
                "section": _TEXT,
                "programs": {"type": "array", "items": _TEXT},
            },
        ),
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
            "median_tuition": {"type": ["number", "null"]},
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
        _object("Sources.", {"source": source, "conflicts": {"type": "array", "items": conflict}}),
    )


#: `mlprog schema DOCUMENT`: each document mlprog prints in JSON, and its schema.
DOCUMENT_SCHEMAS = {
    "program": program_json_schema,
    "career": career_json_schema,
    "state": state_json_schema,
    "guide-topic": guide_json_schema,
    "sources": sources_json_schema,
}
