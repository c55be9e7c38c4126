"""What living where a program is costs: HUD's Fair Market Rents for its city (data/living.json),
or the user's own monthly figure, which always wins.

HUD's figures are rent and basic utilities only; nothing here invents the rest
of a budget. Where the bundled table has no rent for a city and the user gives
no figure, there is no living cost: None, never a default.
"""

from __future__ import annotations

from typing import Any

from .files import read_figures, whole_number

FILE = "living.json"


class LivingCost:
    """A yearly living cost, the monthly figure it comes from, what it covers and its source."""

    __slots__ = ("area", "covers", "national_baseline_usd_per_month", "source", "usd_per_month")

    def __init__(
        self,
        usd_per_month: int,
        covers: str,
        source: dict[str, Any],
        area: str | None = None,
        national_baseline_usd_per_month: int | None = None,
    ) -> None:
        self.usd_per_month = usd_per_month
        self.covers = covers
        self.source = source
        self.area = area
        self.national_baseline_usd_per_month = national_baseline_usd_per_month

    @property
    def usd_per_year(self) -> int:
        """Twelve months of it."""
        return self.usd_per_month * 12

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the yearly figure and, for HUD's rent, the national baseline beside it."""
        return {
            "usd_per_month": self.usd_per_month,
            "usd_per_year": self.usd_per_year,
            "covers": self.covers,
            "source": self.source,
            "area": self.area,
            "national_baseline_usd_per_month": self.national_baseline_usd_per_month,
        }


def source() -> dict[str, Any]:
    """Where the rents come from: HUD's file, its year, where it was obtained, the licence."""
    return dict(read_figures(FILE)["source"])


def living_cost(city: str, state: str, own_usd_per_month: int | None = None) -> LivingCost | None:
    """The yearly living cost in a program's city: the user's monthly figure when given, else the
    one-bedroom Fair Market Rent (rent and utilities only); None when neither is known."""
    if own_usd_per_month is not None:
        own = {"attribution": "your own figure (the living setting)"}
        return LivingCost(own_usd_per_month, "everything: your own figure", own)
    document = read_figures(FILE)
    place = document.get("places", {}).get(f"{city}, {state}")
    rent = whole_number(place.get("rent_one_bedroom_usd_per_month")) if isinstance(place, dict) else None
    if rent is None or not isinstance(place, dict):
        return None
    baseline = whole_number(document.get("national_baseline", {}).get("rent_one_bedroom_usd_per_month"))
    info = document["source"]
    return LivingCost(
        rent,
        "rent and basic utilities of a one-bedroom unit only (HUD's Fair Market Rent)",
        dict(info),
        str(place.get("hud_area", "")),
        baseline,
    )
