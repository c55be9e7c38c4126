"""What living where a program is costs: HUD's Fair Market Rents for its city (data/living.json),
or the user's own monthly figure, which always wins; and how dear its metro is, by BEA's
Regional Price Parities (US = 100).

HUD's figures are rent and basic utilities only; nothing here invents the rest
of a budget. BEA's parities are an index, not an amount: making a living cost of
one needs a national figure for the rest of a budget from its agency's own file,
and the bundled data has none, so none is made. Where the bundled table has no
rent for a city and the user gives no figure, there is no living cost: None,
never a default.
"""

from __future__ import annotations

from typing import Any

from .files import read_figures, whole_number

FILE = "living.json"


#: BEA's price parity lines, in the order they are said.
PARITIES = ("all_items", "goods", "housing", "utilities", "other_services")


class PriceLevel:
    """How dear a metro is against the US average (US = 100), by BEA's Regional Price Parities of
    one year; a parity BEA does not publish is None."""

    __slots__ = ("area", "parities", "source")

    def __init__(self, area: str, parities: dict[str, float | None], source: dict[str, Any]) -> None:
        self.area = area
        self.parities = parities
        self.source = source

    @property
    def all_items(self) -> float | None:
        """The parity of all goods and services together."""
        return self.parities.get("all_items")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the area, the year, each parity, and BEA's attribution."""
        return {
            "area": self.area,
            "year": self.source.get("year"),
            **{name: self.parities.get(name) for name in PARITIES},
            "source": self.source.get("attribution", ""),
        }


def _parity(value: Any) -> float | None:
    """A parity from the file: a positive number, or None (not published, or not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        return None
    return float(value)


def price_level(city: str, state: str) -> PriceLevel | None:
    """BEA's price parities for the metro a program's city is in; None where the table has none."""
    document = read_figures(FILE)
    place = document.get("places", {}).get(f"{city}, {state}")
    found = place.get("price_parities") if isinstance(place, dict) else None
    info = document.get("price_parities_source")
    if not isinstance(found, dict) or not isinstance(info, dict):
        return None
    return PriceLevel(str(found.get("area", "")), {name: _parity(found.get(name)) for name in PARITIES}, info)


class LivingCost:
    """A yearly living cost, the monthly figure it comes from, what it covers and its source; with,
    where known, how dear the metro is (BEA's price parities), which the figure does not use."""

    __slots__ = (
        "area",
        "covers",
        "national_baseline_usd_per_month",
        "price_level",
        "source",
        "usd_per_month",
    )

    def __init__(
        self,
        usd_per_month: int,
        covers: str,
        source: dict[str, Any],
        area: str | None = None,
        national_baseline_usd_per_month: int | None = None,
        price_level: PriceLevel | None = None,
    ) -> None:
        self.usd_per_month = usd_per_month
        self.covers = covers
        self.source = source
        self.area = area
        self.national_baseline_usd_per_month = national_baseline_usd_per_month
        self.price_level = price_level

    @property
    def usd_per_year(self) -> int:
        """Twelve months of it."""
        return self.usd_per_month * 12

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the yearly figure and, for HUD's rent, the national baseline and the
        metro's price parities beside it."""
        return {
            "usd_per_month": self.usd_per_month,
            "usd_per_year": self.usd_per_year,
            "covers": self.covers,
            "source": self.source,
            "area": self.area,
            "national_baseline_usd_per_month": self.national_baseline_usd_per_month,
            "price_parities": self.price_level.as_dict() if self.price_level is not None else None,
        }


def source() -> dict[str, Any]:
    """Where the rents come from: HUD's file, its year, where it was obtained, the licence."""
    return dict(read_figures(FILE)["source"])


def price_parity_source() -> dict[str, Any]:
    """Where the price parities come from: BEA's file, its year and release, the licence; empty
    when the bundled file has none."""
    info = read_figures(FILE).get("price_parities_source")
    return dict(info) if isinstance(info, dict) else {}


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
        price_level(city, state),
    )
