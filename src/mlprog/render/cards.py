"""One program at a time: its full card, chosen fields, and why a filter keeps it out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
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
from .laid_card import CardBody, FramedCard, LabelGrid, Piece

if TYPE_CHECKING:
    from rich.table import Table

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


def _section(title: str, body: RenderableType | list[Piece]) -> list[Piece]:
    """A heading, its body two cells in, and a blank line."""
    pieces = body if isinstance(body, list) else [(0, body)]
    return [(0, Text(title, style="bold underline")), *((2 + i, part) for i, part in pieces), (0, None)]


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


def _outcomes(outcomes: Outcomes) -> list[Piece]:
    """The program's Scorecard rows: each field of study with its figures, then the source."""
    parts: list[Piece] = []
    labels = (
        ("earnings_1yr", "Median earnings, 1 year after"),
        ("earnings_4yr", "Median earnings, 4 years after"),
        ("earnings_5yr", "Median earnings, 5 years after"),
        ("debt_median", "Median debt"),
    )
    for record in outcomes.records:
        grid = LabelGrid(justify="right")
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
        parts.extend([(0, head), (2, grid)])
    source = outcomes.source
    said = f"Source: {source.get('name')}, {source.get('file')}, imported {source.get('imported')}"
    parts.append((0, rich_text(said, "dim")))
    return parts


def _bundled_outcomes(bundled: InstitutionOutcomes) -> list[Piece]:
    """The bundled Scorecard figures of each field, what they cover, and their source."""
    from ..figures.outcomes import WITHHELD

    parts: list[Piece] = []
    said = "withheld"
    for field in bundled.fields:
        grid = LabelGrid()
        after = f"{field.earnings_years_after} year{'s' * (field.earnings_years_after != 1)} after"
        earnings = f"Median earnings, {after}" if field.earnings_years_after else "Median earnings"
        for label, value in ((earnings, field.earnings_median), ("Median debt", field.debt_median)):
            grid.add_row(rich_text(label), Text(money_text(value) if value is not None else said))
        completions = field.completions
        # "withheld" as for earnings and debt: the note under the fields says what it means.
        grid.add_row(rich_text("Completions"), Text(f"{completions:,}" if completions is not None else said))
        head = rich_text(f"{field.field} (CIP {cip_text(field.cip)})", "bold")
        parts.extend([(0, head), (2, grid)])
    withheld = f"{said.capitalize()}: {WITHHELD.split(': ', 1)[1]}; the data does not say which."
    parts.append((0, rich_text(withheld, "italic")))
    parts.append((0, rich_text(str(bundled.source.get("coverage", "")), "italic")))
    parts.append((0, rich_text(f"Source: {bundled.source.get('attribution', '')}", "dim")))
    return parts


def _local_wages(local: LocalWages) -> list[Piece]:
    """Each career the card names: BLS's median wage here and nationally, and how well its code fits."""
    area = local.area.name if local.area else None
    lines: list[Piece] = []
    for role in local.roles:
        here = role.local.median if role.local else None
        there = role.national.median if role.national else None
        occupation = f", {role.occupation}" if role.occupation else ""
        said = f"median {money_text(here)} a year here" if here is not None else "no median published here"
        nationally = f", {money_text(there)} nationally" if there is not None else ""
        named = rich_text(f"{role.career} (SOC {role.soc}{occupation})", "bold")
        lines.append((0, named + rich_text(f": {said}{nationally}")))
        if role.fit != "good" and role.fit_note:
            lines.append((2, rich_text(role.fit_note, "italic")))
    head = rich_text(f"In {area} (BLS area)" if area else "No BLS area is known for this city")
    source = rich_text(f"Source: {local.source.get('attribution', '')}", "dim")
    return [(0, head), *lines, (0, source)]


def _living(living: LivingCost) -> list[Piece]:
    """What living there costs a month and a year, what the figure covers, and its source."""
    said = f"{money_text(living.usd_per_month)} a month, {money_text(living.usd_per_year)} a year"
    lines: list[Text] = [rich_text(said, "bold")]
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
    return [(0, line) for line in lines]


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
) -> FramedCard:
    """A program's full card: header, key figures, and every detail the source gives."""
    figures = LabelGrid("bold")
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
    parts: list[Piece] = [(0, figures), (0, None)]

    if not program.ranked:
        parts.extend([(0, Text(UNRANKED_CARD, style="italic")), (0, None)])
    elif not program.detailed:
        said = "The source gives no detailed profile for this program: only its ranking row (above) is known."
        parts.extend([(0, Text(said, style="italic")), (0, None)])
    if program.highlight:
        parts.extend(_section("What sets it apart", rich_text(program.highlight)))
    if program.insight:
        parts.extend(_section("Insight", rich_text(program.insight)))
    if program.overview:
        parts.extend(_section("Overview", rich_text(program.overview)))
    if program.degrees:
        parts.extend(_section("Degrees", _named_details((d.name, d.duration) for d in program.degrees)))
    if program.delivery:
        parts.extend(_section("Delivery", rich_text(", ".join(program.delivery))))
    if program.labs:
        parts.extend(_section("Research labs", _named_details((lab.name, lab.focus) for lab in program.labs)))
    if program.industry_partners:
        parts.extend(_section("Industry partners", rich_text(", ".join(program.industry_partners))))
    if program.top_employers or program.common_roles:
        outcomes = LabelGrid("bold")
        if program.top_employers:
            outcomes.add_row("Top employers", rich_text(", ".join(program.top_employers)))
        if program.common_roles:
            outcomes.add_row("Common roles", rich_text(", ".join(program.common_roles)))
        parts.extend(_section("Career outcomes", outcomes))
    if program.faculty:
        parts.extend(_section("Notable faculty", _named_details((f.name, f.focus) for f in program.faculty)))
    if program.admissions_gpa:
        parts.extend(_section("Admissions", Text("GPA: ") + rich_text(program.admissions_gpa)))
    if program.accreditations:
        parts.extend(_section("Accreditations", rich_text(", ".join(program.accreditations))))
    if program.location_advantages:
        parts.extend(_section("Location advantages", _bullets(program.location_advantages)))
    if program.notes:
        parts.extend(_section("Notes", _bullets(program.notes)))
    if scorecard is not None:
        parts.extend(_section("Scorecard outcomes (imported, not from the page)", _outcomes(scorecard)))
    elif bundled is not None:
        release = bundled.source.get("release", "")
        heading = f"Scorecard outcomes (bundled, release {release}; not from the page)"
        parts.extend(_section(heading, _bundled_outcomes(bundled)))
    if local_wages is not None:
        parts.extend(_section("Local wages of its roles (not from the page)", _local_wages(local_wages)))
    if living is not None:
        # HUD's figure is rent only: its heading says so before its first line does.
        heading = "Rent and utilities" if living.area is not None else "Living costs, your figure"
        parts.extend(_section(f"{heading} (not from the page)", _living(living)))
    if note:
        parts.extend(_section("Your note", rich_text(note)))
    origin = {
        "user": "added by your programs file",
        "user_override": "bundled, with fields replaced by your programs file",
        "file": "from the data file you named",
    }.get(program.source)
    if program.ranked:
        source_line = f"Source: {terminal_safe(meta.citation())}"
        parts.append((0, Text(source_line + (f" ({origin})" if origin else ""), style="dim")))

    title = Text(rank_prefix(program.rank), style="bold") + named
    subtitle = Text(
        program.id + (f" · score {score_text(program.score)}" if program.score is not None else "")
    )
    return FramedCard(CardBody(parts), title, subtitle, CARD_WIDTH)


def fields_card(record: Mapping[str, Any], fields: Sequence[str]) -> Table:
    """The chosen fields of one program as name/value lines (for show --fields)."""
    from rich.table import Table

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
