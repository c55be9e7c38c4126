"""The bundled figures as :class:`mlprog.payoff.Figure` values, each labelled with its source and
cohort: a program's own College Scorecard earnings and debt, the local BLS wage of its careers,
its living cost. payoff looks them up here, in the order :data:`mlprog.payoff.EARNINGS_ORDER` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..payoff import Figure

if TYPE_CHECKING:
    from ..model import Program
    from ..page_sections import Career


def _after(years: int | None) -> str:
    """How long after completion earnings were measured, in words."""
    if years is None:
        return "when after completion not given"
    return f"{years} year{'' if years == 1 else 's'} after completion"


def scorecard_figures(program: Program) -> tuple[Figure | None, Figure | None, str | None]:
    """The program's own earnings and debt from the College Scorecard (the user's import, else
    the bundled release), each labelled; with the reason when there are none."""
    from ..figures.outcomes import earnings_field, outcomes_in_use

    note = None
    if program.scorecard is not None:
        from ..scorecard.field_of_study import SOURCE

        label = f"{SOURCE}, your import: {program.id}"
        earnings = None
        for years_after, amount in ((4, program.earnings_4yr), (1, program.earnings_1yr)):
            if amount is not None and amount > 0:
                earnings = Figure.of(amount, f"{label}, {_after(years_after)}", cohort=program.completions)
                break
        debt = None
        if program.debt_median is not None:
            debt = Figure.of(
                program.debt_median, f"{label}, median debt", cohort=program.completions, kind="debt"
            )
        return earnings, debt, None if earnings else "your Scorecard import gives no earnings for it"
    bundled = outcomes_in_use(program.name, imported=False)
    if bundled is None:
        return None, None, "the bundled College Scorecard data has no row for its institution"
    coverage = str(bundled.source.get("coverage", "")) or None
    release = bundled.source.get("release", "")
    field = earnings_field(bundled)
    if field is None:
        return None, None, "its Scorecard earnings are withheld (too few graduates, or not reported)"
    label = f"College Scorecard {release}: CIP {field.cip[:2]}.{field.cip[2:]} {field.field}"
    earnings = Figure.of(
        field.earnings_median or 0,
        f"{label}, {_after(field.earnings_years_after)}",
        cohort=field.completions,
        note=coverage,
    )
    debt = None
    if field.debt_median is not None:
        debt = Figure.of(
            field.debt_median, f"{label}, median debt", cohort=field.completions, kind="debt", note=coverage
        )
    return earnings, debt, note


def career_wage(program: Program, careers: Sequence[Career]) -> tuple[Figure | None, str | None]:
    """The local BLS median wage of the careers the program's card names, low to high across them."""
    from ..figures.local import local_wages
    from ..page_sections import careers_named

    local = local_wages(program.city, program.state, careers_named(program.common_roles, careers))
    if local is None:
        return None, "its card names no career with a BLS occupation"
    if local.area is None:
        return None, "its city is in no area the bundled BLS wages cover"
    medians = [(role.career, role.local.median) for role in local.roles if role.local and role.local.median]
    if not medians:
        return None, f"BLS publishes no median wage for its careers in {local.area.name}"
    amounts = [amount for _, amount in medians]
    release = local.source.get("release", "")
    names = ", ".join(name for name, _ in medians)
    source = f"BLS OEWS {release}: median wage in {local.area.name} ({names})".replace("  ", " ")
    note = "what people in these jobs earn there, with or without a master's; not about graduates"
    return Figure.of((min(amounts), max(amounts)), source, note=note), None


def living_figure(program: Program, own_per_month: int | None) -> Figure | None:
    """The monthly living cost: the user's own figure, else HUD's one-bedroom rent (rent only)."""
    if own_per_month is not None:
        return Figure.of(own_per_month, "your own figure (--living or the living setting)", kind="living")
    from ..figures.living import living_cost

    found = living_cost(program.city or "", program.state or "")
    if found is None:
        return None
    release = found.source.get("release", "")
    note = "rent and basic utilities only: food, transport and the rest are not in it"
    level = found.price_level
    if level is not None and level.all_items is not None:
        # BEA's index is context, not a part of the figure: no national budget to scale is bundled.
        year = level.source.get("year", "")
        note += f"; prices in {level.area}: {level.all_items:.1f} for all items (US = 100; BEA {year})"
    return Figure.of(
        found.usd_per_month,
        f"HUD Fair Market Rent {release}, one bedroom, {found.area}",
        kind="living",
        note=note,
    )
