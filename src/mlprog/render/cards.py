"""One program at a time: its full card, chosen fields, and why a filter keeps it out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..criteria import Evaluation
from ..model import Meta, Program
from ..text.sanitize import terminal_safe
from .common import (
    MISSING,
    bulleted,
    cell,
    field_text,
    money_text,
    percent_text,
    rank_prefix,
    ranked,
    rich_text,
    score_text,
)

if TYPE_CHECKING:
    from ..figures.living import LivingCost
    from ..figures.local import LocalWages
    from ..figures.outcomes import InstitutionOutcomes
    from ..scorecard.outcomes import Outcomes

NOT_RANKED = "not ranked by the page"
#: A longer name is shortened in the card's title (a 60-column card has room for this) and shown
#: whole inside.
TITLE_NAME = 44
UNRANKED_CARD = (
    "The page does not rank this institution: what is known of it comes from the College "
    "Scorecard file you imported (below)."
)


def cip_text(cip: object) -> str:
    """A CIP code as the classification writes it, ``11.01`` (the data stores ``1101``), so that the
    card and payoff's sources name a field alike; anything else as it is."""
    code = str(cip or "")
    return f"{code[:2]}.{code[2:]}" if len(code) == 4 and code.isdigit() else code


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, style="bold underline"), Padding(body, (0, 0, 1, 2)))


def _bullets(items: Iterable[str]) -> RenderableType:
    return bulleted([rich_text(item) for item in items])


def _named_details(pairs: Iterable[tuple[str, str | None]]) -> RenderableType:
    lines = []
    for name, detail in pairs:
        line = rich_text(name, "bold")
        if detail:
            line += Text(" — ") + rich_text(detail)
        lines.append(line)
    return bulleted(lines)


def _outcomes(outcomes: Outcomes) -> RenderableType:
    """The program's Scorecard rows: each field of study with its figures, then the source."""
    parts: list[RenderableType] = []
    labels = (
        ("earnings_1yr", "Median earnings, 1 year after"),
        ("earnings_4yr", "Median earnings, 4 years after"),
        ("earnings_5yr", "Median earnings, 5 years after"),
        ("debt_median", "Median debt"),
    )
    for record in outcomes.records:
        grid = Table.grid(padding=(0, 2))
        grid.add_column()
        grid.add_column(justify="right")
        for key, label in labels:
            value = record.get(key)
            shown = money_text(round(value)) if isinstance(value, int | float) else "not reported"
            grid.add_row(rich_text(label), Text(shown))
        completions = (
            record.get("completions_2")
            if record.get("completions_2") is not None
            else record.get("completions_1")
        )
        if isinstance(completions, int | float):
            grid.add_row(rich_text("Completions"), Text(f"{completions:g}"))
        head = rich_text(f"{record.get('field') or 'Field'} (CIP {cip_text(record.get('cip'))})", "bold")
        parts.extend([head, Padding(grid, (0, 0, 0, 2))])
    source = outcomes.source
    parts.append(
        rich_text(
            f"Source: {source.get('name')}, {source.get('file')}, imported {source.get('imported')}", "dim"
        )
    )
    return Group(*parts)


def _bundled_outcomes(bundled: InstitutionOutcomes) -> RenderableType:
    """The bundled Scorecard figures of each field, what they cover, and their source."""
    from ..figures.outcomes import WITHHELD

    parts: list[RenderableType] = []
    said = "withheld"
    for field in bundled.fields:
        grid = Table.grid(padding=(0, 2))
        grid.add_column()
        grid.add_column()
        after = f"{field.earnings_years_after} year{'s' * (field.earnings_years_after != 1)} after"
        earnings = f"Median earnings, {after}" if field.earnings_years_after else "Median earnings"
        for label, value in ((earnings, field.earnings_median), ("Median debt", field.debt_median)):
            grid.add_row(rich_text(label), Text(money_text(value) if value is not None else said))
        completions = field.completions
        # "withheld" as for earnings and debt: the note under the fields says what it means.
        grid.add_row(rich_text("Completions"), Text(f"{completions:,}" if completions is not None else said))
        head = rich_text(f"{field.field} (CIP {cip_text(field.cip)})", "bold")
        parts.extend([head, Padding(grid, (0, 0, 0, 2))])
    parts.append(
        rich_text(
            f"{said.capitalize()}: {WITHHELD.split(': ', 1)[1]}; the data does not say which.", "italic"
        )
    )
    parts.append(rich_text(str(bundled.source.get("coverage", "")), "italic"))
    parts.append(rich_text(f"Source: {bundled.source.get('attribution', '')}", "dim"))
    return Group(*parts)


def _local_wages(local: LocalWages) -> RenderableType:
    """Each career the card names: BLS's median wage here and nationally, and how well its code fits."""
    area = local.area.name if local.area else None
    lines: list[RenderableType] = []
    for role in local.roles:
        here = role.local.median if role.local else None
        there = role.national.median if role.national else None
        occupation = f", {role.occupation}" if role.occupation else ""
        said = f"median {money_text(here)} a year here" if here is not None else "no median published here"
        nationally = f", {money_text(there)} nationally" if there is not None else ""
        lines.append(
            rich_text(f"{role.career} (SOC {role.soc}{occupation})", "bold")
            + rich_text(f": {said}{nationally}")
        )
        if role.fit != "good" and role.fit_note:
            lines.append(Padding(rich_text(role.fit_note, "italic"), (0, 0, 0, 2)))
    head = rich_text(f"In {area} (BLS area)" if area else "No BLS area is known for this city")
    source = rich_text(f"Source: {local.source.get('attribution', '')}", "dim")
    return Group(head, *lines, source)


def _living(living: LivingCost) -> RenderableType:
    """What living there costs a month and a year, what the figure covers, and its source."""
    said = f"{money_text(living.usd_per_month)} a month, {money_text(living.usd_per_year)} a year"
    lines: list[RenderableType] = [rich_text(said, "bold")]
    if living.area is not None:  # HUD's rent, not the user's own figure
        lines.append(rich_text(f"In {living.area}: {living.covers}."))
        if living.national_baseline_usd_per_month is not None:
            baseline = money_text(living.national_baseline_usd_per_month)
            lines.append(rich_text(f"National baseline: {baseline} a month."))
        level = living.price_level
        if level is not None and level.all_items is not None:
            housing = level.parities.get("housing")
            year = level.source.get("year", "")
            said = f"Prices in {level.area} in {year}: {level.all_items:.1f} for all items"
            said += f", {housing:.1f} for housing" if housing is not None else ""
            lines.append(rich_text(f"{said}, where the US average is 100."))
        lines.append(
            rich_text(
                "Rent only: give your whole monthly budget as living in your config file "
                "(see mlprog config show), or as payoff --living.",
                "italic",
            )
        )
    lines.append(rich_text(f"Source: {living.source.get('attribution', '')}", "dim"))
    if living.area is not None and living.price_level is not None:
        lines.append(rich_text(f"Source: {living.price_level.source.get('attribution', '')}", "dim"))
    return Group(*lines)


def _control(program: Program, scorecard: Outcomes | None) -> Text:
    """An unranked institution's type as the Scorecard gives it: ``Private, nonprofit``."""
    records = scorecard.records if scorecard is not None else ()
    control = next((r.get("control") for r in records if r.get("control")), None)
    return rich_text(f"{control} (College Scorecard)" if control else program.type or MISSING)


#: The widest a program's card is drawn: its prose stays at a readable measure (lines of
#: about 88 characters inside the frame and the section's indent), however wide the terminal.
CARD_WIDTH = 94


def program_card(
    program: Program,
    meta: Meta,
    note: str | None = None,
    scorecard: Outcomes | None = None,
    bundled: InstitutionOutcomes | None = None,
    local_wages: LocalWages | None = None,
    living: LivingCost | None = None,
) -> Constrain:
    """A program's full card: header, key figures, and every detail the source gives."""
    figures = Table.grid(padding=(0, 2))
    figures.add_column(style="bold")
    figures.add_column()
    named = rich_text(program.name, "bold")
    if named.cell_len > TITLE_NAME:  # a panel's title is cut, not wrapped: the name goes inside whole
        figures.add_row("Name", rich_text(program.name))
        named.truncate(TITLE_NAME - 1)
        named.rstrip()
        named.append("…")
    figures.add_row("Rank", Text(ranked(program.rank, NOT_RANKED)))
    figures.add_row("Location", rich_text(program.location))
    figures.add_row("Type", _control(program, scorecard) if not program.ranked else rich_text(program.type))
    figures.add_row(
        "Tuition", Text(money_text(program.tuition) + " per year" * (program.tuition is not None))
    )
    figures.add_row("Graduation rate", Text(percent_text(program.graduation_rate)))
    figures.add_row("Score", Text(score_text(program.score) + " / 100" * (program.score is not None)))
    if program.aliases:
        figures.add_row("Also known as", rich_text(", ".join(program.aliases)))
    parts: list[RenderableType] = [Padding(figures, (0, 0, 1, 0))]

    if not program.ranked:
        parts.append(Text(UNRANKED_CARD, style="italic"))
        parts.append(Text(""))
    elif not program.detailed:
        parts.append(
            Text(
                "The source gives no detailed profile for this program: only its "
                "ranking row (above) is known.",
                style="italic",
            )
        )
        parts.append(Text(""))
    if program.highlight:
        parts.append(_section("What sets it apart", rich_text(program.highlight)))
    if program.insight:
        parts.append(_section("Insight", rich_text(program.insight)))
    if program.overview:
        parts.append(_section("Overview", rich_text(program.overview)))
    if program.degrees:
        parts.append(_section("Degrees", _named_details((d.name, d.duration) for d in program.degrees)))
    if program.delivery:
        parts.append(_section("Delivery", rich_text(", ".join(program.delivery))))
    if program.labs:
        parts.append(_section("Research labs", _named_details((lab.name, lab.focus) for lab in program.labs)))
    if program.industry_partners:
        parts.append(_section("Industry partners", rich_text(", ".join(program.industry_partners))))
    if program.top_employers or program.common_roles:
        outcomes = Table.grid(padding=(0, 2))
        outcomes.add_column(style="bold")
        outcomes.add_column()
        if program.top_employers:
            outcomes.add_row("Top employers", rich_text(", ".join(program.top_employers)))
        if program.common_roles:
            outcomes.add_row("Common roles", rich_text(", ".join(program.common_roles)))
        parts.append(_section("Career outcomes", outcomes))
    if program.faculty:
        parts.append(_section("Notable faculty", _named_details((f.name, f.focus) for f in program.faculty)))
    if program.admissions_gpa:
        parts.append(_section("Admissions", Text("GPA: ") + rich_text(program.admissions_gpa)))
    if program.accreditations:
        parts.append(_section("Accreditations", rich_text(", ".join(program.accreditations))))
    if program.location_advantages:
        parts.append(_section("Location advantages", _bullets(program.location_advantages)))
    if program.notes:
        parts.append(_section("Notes", _bullets(program.notes)))
    if scorecard is not None:
        parts.append(_section("Scorecard outcomes (imported, not from the page)", _outcomes(scorecard)))
    elif bundled is not None:
        release = bundled.source.get("release", "")
        heading = f"Scorecard outcomes (bundled, release {release}; not from the page)"
        parts.append(_section(heading, _bundled_outcomes(bundled)))
    if local_wages is not None:
        parts.append(_section("Local wages of its roles (not from the page)", _local_wages(local_wages)))
    if living is not None:
        parts.append(_section("Living costs (not from the page)", _living(living)))
    if note:
        parts.append(_section("Your note", rich_text(note)))
    origin = {
        "user": "added by your programs file",
        "user_override": "bundled, with fields replaced by your programs file",
        "file": "from the data file you named",
    }.get(program.source)
    if program.ranked:
        source_line = f"Source: {terminal_safe(meta.citation())}"
        parts.append(Text(source_line + (f" ({origin})" if origin else ""), style="dim"))

    title = Text(rank_prefix(program.rank), style="bold") + named
    subtitle = Text(
        program.id + (f" · score {score_text(program.score)}" if program.score is not None else "")
    )
    panel = Panel(Group(*parts), title=title, title_align="left", subtitle=subtitle, expand=False)
    return Constrain(panel, CARD_WIDTH)


def fields_card(record: Mapping[str, Any], fields: Sequence[str]) -> Table:
    """The chosen fields of one program as name/value lines (for show --fields)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for name in fields:
        grid.add_row(name, cell(field_text(record, name)))
    return grid


def explanation(evaluation: Evaluation, criteria_words: Sequence[str]) -> Text:
    """Whether a program meets a filter: each failure (✗), each criterion not checked (?), or a match."""
    program = evaluation.program
    head = Text(rank_prefix(program.rank)) + rich_text(program.name, "bold") + Text(f" ({program.id})")
    if not criteria_words:
        return head + Text(": no criteria given, so it matches.")
    if evaluation.passed:
        lines = [head + Text(" matches every criterion:")]
        lines.extend(Text("  ✓ ") + rich_text(word) for word in criteria_words)
        for name, values in evaluation.matched.items():
            lines.append(Text(f"  {name} matched: ") + rich_text("; ".join(values or ())))
        return Text("\n").join(lines)
    verdict = " is kept out by:" if evaluation.failures else " could not be checked on every criterion:"
    lines = [head + Text(verdict)]
    lines.extend(Text("  ✗ ", style="red") + rich_text(reason) for reason in evaluation.failures)
    lines.extend(Text("  ? ", style="yellow") + rich_text(reason) for _, reason in evaluation.unknown)
    if not evaluation.failures:
        for name, values in evaluation.matched.items():
            if values is not None:
                lines.append(Text(f"  {name} matched: ") + rich_text("; ".join(values)))
        lines.append(Text("It fails no criterion; --include-unknown lists it.", style="dim"))
    return Text("\n").join(lines)
