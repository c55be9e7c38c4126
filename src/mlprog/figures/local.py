"""A program's bundled figures put together for its card: the outcomes in use and the local wages
of the careers its card names (each with its source)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import wages as bls

#: Why an area has no figures: BLS publishes no estimate of the occupation there.
NO_ESTIMATE = "no estimate published for this area"

if TYPE_CHECKING:
    from ..page_sections import Career
    from .wages import Area, Wages


class RoleWage:
    """A career a card names, BLS's figures for its SOC code in the program's area, and the fit."""

    __slots__ = ("career", "fit", "fit_note", "local", "national", "occupation", "soc")

    def __init__(
        self,
        career: str,
        soc: str,
        occupation: str | None,
        fit: str,
        fit_note: str,
        local: Wages | None,
        national: Wages | None,
    ) -> None:
        self.career = career
        self.soc = soc
        self.occupation = occupation
        self.fit = fit
        self.fit_note = fit_note
        self.local = local
        self.national = national

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the career, its SOC code and occupation, the local and national figures."""
        return {
            "career": self.career,
            "soc": self.soc,
            "occupation": self.occupation,
            "fit": self.fit,
            "fit_note": self.fit_note,
            "local": self.local.as_dict() if self.local else None,
            "national": self.national.as_dict() if self.national else None,
        }


class LocalWages:
    """The area a program is in and the wages of the careers its card names, with their source."""

    __slots__ = ("area", "roles", "source")

    def __init__(self, area: Area | None, roles: tuple[RoleWage, ...], source: dict[str, Any]) -> None:
        self.area = area
        self.roles = roles
        self.source = source

    def as_dict(self) -> dict[str, Any]:
        """``{"area", "area_code", "area_type", "roles": [...], "source"}``."""
        return {
            "area": self.area.name if self.area else None,
            "area_code": self.area.code if self.area else None,
            "area_type": self.area.kind if self.area else None,
            "roles": [role.as_dict() for role in self.roles],
            "source": self.source,
        }


def local_wages(city: str | None, state: str | None, careers: Sequence[Career]) -> LocalWages | None:
    """The local and national wages of these careers where the program is; None for no career."""
    if not careers:
        return None
    area = bls.area_of(city, state) if city and state else None
    roles = []
    for career in careers:
        occupation = bls.occupation(career.soc) or {}
        roles.append(
            RoleWage(
                career.title,
                career.soc,
                occupation.get("name"),
                occupation.get("fit", "unchecked"),
                occupation.get("note", ""),
                bls.wages(career.soc, area) if area else None,
                bls.national(career.soc),
            )
        )
    return LocalWages(area, tuple(roles), bls.source())


class AreaWages:
    """One metro area (or state) where programs are, their ids, and BLS's figures there."""

    __slots__ = ("area", "programs", "wages")

    def __init__(self, area: Area, programs: tuple[str, ...], wages: Wages | None) -> None:
        self.area = area
        self.programs = programs
        self.wages = wages

    def as_dict(self, soc: str) -> dict[str, Any]:
        """JSON-ready: the area, the programs there, and the figures of SOC code ``soc`` (null where
        BLS has none, with the reason), under the same keys whether BLS publishes them or not."""
        if self.wages is not None:
            figures = self.wages.as_dict()
        else:
            # No row for the occupation in the area: every figure withheld, for the same reason.
            figures = bls.Wages(
                soc,
                self.area,
                dict.fromkeys(bls.FIGURES),
                dict.fromkeys(bls.FIGURES, NO_ESTIMATE),
            ).as_dict()
        return {**figures, "programs": list(self.programs)}


class CareerWages:
    """A career's SOC code, BLS's occupation and its fit, the national figures and each program area's."""

    __slots__ = ("by_area", "fit", "fit_note", "national", "occupation", "soc", "source")

    def __init__(
        self,
        soc: str,
        occupation: str | None,
        fit: str,
        fit_note: str,
        national: Wages | None,
        by_area: tuple[AreaWages, ...],
        source: dict[str, Any],
    ) -> None:
        self.soc = soc
        self.occupation = occupation
        self.fit = fit
        self.fit_note = fit_note
        self.national = national
        self.by_area = by_area
        self.source = source

    def as_dict(self) -> dict[str, Any]:
        """``{"soc", "occupation", "fit", "fit_note", "national", "by_area": [...], "source"}``."""
        return {
            "soc": self.soc,
            "occupation": self.occupation,
            "fit": self.fit,
            "fit_note": self.fit_note,
            "national": self.national.as_dict() if self.national else None,
            "by_area": [entry.as_dict(self.soc) for entry in self.by_area],
            "source": self.source,
        }


def career_wages(soc: str, places: Sequence[tuple[str, str | None, str | None]]) -> CareerWages:
    """BLS's figures for a SOC code nationally and in the area of each program, given as
    ``(id, city, state)``: one entry per area, in the areas' name order."""
    programs_in: dict[str, list[str]] = {}
    areas: dict[str, Area] = {}
    for program_id, city, state in places:
        area = bls.area_of(city, state) if city and state else None
        if area is not None:
            areas[area.code] = area
            programs_in.setdefault(area.code, []).append(program_id)
    occupation = bls.occupation(soc) or {}
    by_area = tuple(
        AreaWages(area, tuple(programs_in[area.code]), bls.wages(soc, area))
        for area in sorted(areas.values(), key=lambda area: area.name)
    )
    return CareerWages(
        soc,
        occupation.get("name"),
        occupation.get("fit", "unchecked"),
        occupation.get("note", ""),
        bls.national(soc),
        by_area,
        bls.source(),
    )
