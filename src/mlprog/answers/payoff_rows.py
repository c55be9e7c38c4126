"""payoff's flat records, for CSV, NDJSON and Markdown: the JSON document of each program's
payoff with its nested figures flattened (ranges as _low and _high; a figure's source, cohort
and note beside it), so that a spreadsheet has every figure the JSON has."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The columns of a payoff in CSV, NDJSON and Markdown: the JSON document's figures flattened,
#: ranges as _low and _high, each figure's source, cohort and note beside it.
PAYOFF_KEYS = (
    "id",
    "name",
    "tuition_per_year",
    "years_low",
    "years_high",
    "years_basis",
    "living_per_month_low",
    "living_per_month_high",
    "living_per_month_source",
    "living_per_month_note",
    "total_tuition_low",
    "total_tuition_high",
    "living_low",
    "living_high",
    "forgone_salary_low",
    "forgone_salary_high",
    "employer_support_low",
    "employer_support_high",
    "awards_low",
    "awards_high",
    "all_in_cost_low",
    "all_in_cost_high",
    "earnings_low",
    "earnings_high",
    "earnings_source",
    "earnings_cohort",
    "earnings_note",
    "yearly_gain_low",
    "yearly_gain_high",
    "yearly_gain_basis",
    "payback_years_low",
    "payback_years_high",
    "debt_low",
    "debt_high",
    "debt_source",
    "debt_cohort",
    "debt_note",
    "debt_to_earnings_low",
    "debt_to_earnings_high",
    "missing",
)
#: With --applications, each offer as the applications file holds it.
OFFER_KEYS = ("decision", "scholarship", "assistantship_per_year", "reply_by")


def _flat_figure(flat: dict[str, Any], key: str, figure: Mapping[str, Any] | None) -> None:
    """A labelled figure (amount, source, cohort, note) as flat keys, None where there is none."""
    amount = figure["amount"] if figure else None
    flat[f"{key}_low"] = amount["low"] if amount else None
    flat[f"{key}_high"] = amount["high"] if amount else None
    for part in ("source", "cohort", "note"):
        flat[f"{key}_{part}"] = figure[part] if figure else None


def flat_payoff(nested: Mapping[str, Any]) -> dict[str, Any]:
    """A payoff's JSON record as one flat record: every figure, ranges as _low and _high, None
    where not enough data; ``missing`` says why, as in JSON; the offer's keys with one."""
    flat: dict[str, Any] = {key: nested[key] for key in ("id", "name", "tuition_per_year")}
    flat["years_basis"] = nested["years"]["basis"]
    for key in (
        "years",
        "total_tuition",
        "living",
        "forgone_salary",
        "employer_support",
        "awards",
        "all_in_cost",
        "yearly_gain",
        "payback_years",
        "debt_to_earnings",
    ):
        value = nested[key]
        flat[f"{key}_low"] = value["low"] if value else None
        flat[f"{key}_high"] = value["high"] if value else None
    flat["yearly_gain_basis"] = nested["yearly_gain"]["basis"] if nested["yearly_gain"] else None
    _flat_figure(flat, "living_per_month", nested["living_per_month"])
    _flat_figure(flat, "earnings", nested["earnings"])
    _flat_figure(flat, "debt", nested["debt"])
    flat["missing"] = "; ".join(nested["missing"]) or None
    record = {key: flat.get(key) for key in PAYOFF_KEYS}
    offer = nested.get("offer")
    if offer is not None:
        record.update({f"offer_{key}": offer.get(key) for key in OFFER_KEYS})
    return record
