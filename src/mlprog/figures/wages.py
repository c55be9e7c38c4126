"""BLS OEWS wages of the page's careers, nationally, by state and in each program's metro area
(data/wages.json).

A program's area is its city's metropolitan area (the table in scripts/metros.toml);
a city the table does not hold uses its state. A wage BLS does not publish keeps
BLS's reason (its footnote), never a number.
"""

from __future__ import annotations

from typing import Any

from .files import read_figures, whole_number

FILE = "wages.json"
NATIONAL = "0000000"
#: The figures of each occupation and area, in the order they are shown.
FIGURES = ("employment", "p10", "p25", "median", "p75", "p90")


class Area:
    """An OEWS area: its code, BLS's name, and its kind (national, state or metro)."""

    __slots__ = ("code", "kind", "name")

    def __init__(self, code: str, name: str, kind: str) -> None:
        self.code = code
        self.name = name
        self.kind = kind


class Wages:
    """One occupation's published figures in one area; ``withheld`` gives BLS's reason for a missing one."""

    __slots__ = ("area", "figures", "soc", "withheld")

    def __init__(
        self, soc: str, area: Area, figures: dict[str, int | None], withheld: dict[str, str]
    ) -> None:
        self.soc = soc
        self.area = area
        self.figures = figures
        self.withheld = withheld

    @property
    def median(self) -> int | None:
        """The annual median wage, None where BLS publishes none."""
        return self.figures.get("median")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the area, each figure (null where withheld) and BLS's reasons."""
        return {
            "soc": self.soc,
            "area": self.area.name,
            "area_code": self.area.code,
            "area_type": self.area.kind,
            **self.figures,
            "withheld": dict(self.withheld),
        }


def source() -> dict[str, Any]:
    """Where the wages come from: BLS's release, its files, the licence, the attribution."""
    return dict(read_figures(FILE)["source"])


def occupation(soc: str) -> dict[str, str] | None:
    """BLS's name of the occupation and how well it fits the page's career (``fit``, ``note``)."""
    found = read_figures(FILE).get("occupations", {}).get(soc)
    return {key: str(value) for key, value in found.items()} if isinstance(found, dict) else None


def area_of(city: str, state: str) -> Area | None:
    """The OEWS area of a program's city: its metro area, else its state's; None when neither is bundled."""
    document = read_figures(FILE)
    code = document.get("places", {}).get(f"{city}, {state}") or document.get("states", {}).get(state)
    return _area(str(code)) if code else None


def _area(code: str) -> Area | None:
    found = read_figures(FILE).get("areas", {}).get(code)
    if not isinstance(found, dict):
        return None
    return Area(code, str(found.get("name", "")), str(found.get("type", "")))


def wages(soc: str, area: Area) -> Wages | None:
    """The occupation's figures in the area; None where BLS publishes no estimate there."""
    found = read_figures(FILE)["areas"].get(area.code, {}).get("wages", {}).get(soc)
    if not isinstance(found, dict):
        return None
    notes = read_figures(FILE).get("footnotes", {})
    figures: dict[str, int | None] = {}
    withheld: dict[str, str] = {}
    given = found.get("withheld")
    codes_of: dict[str, Any] = given if isinstance(given, dict) else {}
    for name in FIGURES:
        figures[name] = whole_number(found.get(name))
        if figures[name] is None:
            codes = codes_of.get(name) or []
            said = "; ".join(str(notes.get(c, f"not published (BLS code {c})")) for c in codes)
            withheld[name] = said or "not published"
    return Wages(soc, area, figures, withheld)


def national(soc: str) -> Wages | None:
    """The occupation's national figures."""
    area = _area(NATIONAL)
    return wages(soc, area) if area else None


def places() -> dict[str, Area]:
    """Every city of the bundled table and its metro area."""
    out = {}
    for place, code in read_figures(FILE).get("places", {}).items():
        area = _area(str(code))
        if area is not None:
            out[str(place)] = area
    return out
