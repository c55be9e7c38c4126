"""The source page's sections beyond the programs: careers, the top-states table, the selection guide.

Plain classes with slots rather than NamedTuples: every data command defines
them, and a NamedTuple costs about twenty times as much to define.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Career:
    """A career path the page describes, with its SOC code as the page writes it."""

    __slots__ = ("roles", "section", "soc", "summary", "title")

    def __init__(self, title: str, soc: str, summary: str, section: str, roles: tuple[str, ...] = ()) -> None:
        self.title = title
        self.soc = soc
        self.summary = summary
        self.section = section
        self.roles = roles  # the role names on programs' cards that count as this career

    def as_dict(self) -> dict[str, Any]:
        """The career as JSON-ready data."""
        return {"title": self.title, "soc": self.soc, "summary": self.summary, "section": self.section}


def careers_named(roles: Sequence[str], careers: Sequence[Career]) -> tuple[Career, ...]:
    """The careers that one of these roles (a card's common roles) names: whole words, any case."""
    return tuple(career for career in careers if names_career(roles, career))


def names_career(roles: Sequence[str], career: Career) -> bool:
    """Whether one of the roles names the career: its title or one of its role names, as whole words."""
    names = (career.title, *career.roles)
    return any(_names(role, names) for role in roles)


def _names(role: str, names: Sequence[str]) -> bool:
    """Whether the role holds one of the names as whole words, in any case."""
    if not (role.isascii() and all(name.isascii() for name in names)):
        import re

        return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", role, re.IGNORECASE) for name in names)
    # In ASCII (the page's careers and roles) the same test without a regular expression:
    # compiling one per name cost payoff about 1 M instructions a career.
    lowered = role.lower()
    for name in names:
        wanted = name.lower()
        start = lowered.find(wanted)
        while start >= 0:
            end = start + len(wanted)
            if not (start and _word(lowered[start - 1])) and not (end < len(lowered) and _word(lowered[end])):
                return True
            start = lowered.find(wanted, start + 1)
    return False


def _word(char: str) -> bool:
    """Whether a character is part of a word, as ``\\w`` says."""
    return char.isalnum() or char == "_"


class TopState:
    """A row of the page's 'Top States' table, as the page gives it."""

    __slots__ = ("median_tuition", "programs", "section", "state", "top_program")

    def __init__(
        self, state: str, programs: int, median_tuition: int, top_program: str, section: str
    ) -> None:
        self.state = state
        self.programs = programs
        self.median_tuition = median_tuition
        self.top_program = top_program
        self.section = section

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "state": self.state,
            "programs": self.programs,
            "median_tuition": self.median_tuition,
            "top_program": self.top_program,
            "section": self.section,
        }


class GuideItem:
    """One entry of a guide topic: a track, a tier, a format; with a figure and its source if any."""

    __slots__ = ("detail", "figure", "name", "source")

    def __init__(
        self, name: str, detail: str | None = None, figure: str | None = None, source: str | None = None
    ) -> None:
        self.name = name
        self.detail = detail
        self.figure = figure
        self.source = source

    def as_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data."""
        return {"name": self.name, "detail": self.detail, "figure": self.figure, "source": self.source}


class GuideFact:
    """A figure the page states, with the source it cites (None where it cites none)."""

    __slots__ = ("source", "text")

    def __init__(self, text: str, source: str | None = None) -> None:
        self.text = text
        self.source = source

    def as_dict(self) -> dict[str, Any]:
        """The fact as JSON-ready data."""
        return {"text": self.text, "source": self.source}


class GuideTopic:
    """A topic of the page's guide to choosing: what it says, in our words, and its figures."""

    __slots__ = ("facts", "id", "items", "section", "see_also", "summary", "title")

    def __init__(
        self,
        id: str,
        title: str,
        section: str,
        summary: str,
        items: tuple[GuideItem, ...] = (),
        facts: tuple[GuideFact, ...] = (),
        see_also: str | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.section = section
        self.summary = summary
        self.items = items
        self.facts = facts
        self.see_also = see_also

    def as_dict(self) -> dict[str, Any]:
        """The topic as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "section": self.section,
            "summary": self.summary,
            "items": [item.as_dict() for item in self.items],
            "facts": [fact.as_dict() for fact in self.facts],
            "see_also": self.see_also,
        }


class ConflictValue:
    """One of the values the page gives for the same thing, and where it gives it."""

    __slots__ = ("value", "where")

    def __init__(self, value: str, where: tuple[str, ...]) -> None:
        self.value = value
        self.where = where


class Conflict:
    """A place where the page contradicts itself: every value, where each is, and what is kept."""

    __slots__ = ("about", "field", "id", "kept", "summary", "values")

    def __init__(
        self,
        id: str,
        about: str,
        summary: str,
        values: tuple[ConflictValue, ...],
        field: str | None = None,
        kept: str | None = None,
    ) -> None:
        self.id = id
        self.about = about  # a program's id, or "page"
        self.summary = summary
        self.values = values
        self.field = field
        self.kept = kept

    def as_dict(self) -> dict[str, Any]:
        """The conflict as JSON-ready data."""
        return {
            "id": self.id,
            "about": self.about,
            "field": self.field,
            "summary": self.summary,
            "values": [{"value": v.value, "where": list(v.where)} for v in self.values],
            "kept": self.kept,
        }
