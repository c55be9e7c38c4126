"""Tables, cards and comparison grids for people: the only module that imports Rich.

Every string that comes from a data file goes through :func:`_text`, which
neutralises control characters and wraps the result in ``rich.text.Text``, so
it is never parsed as markup and never writes an escape sequence.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Meta, Program
from .query import Evaluation
from .sanitize import terminal_safe

#: Off a terminal, lines are allowed to be this long, so no row ever wraps.
PIPE_WIDTH = 4096
MISSING = "—"
BEST_MARK = "★"


def make_console(stream: TextIO | None = None, *, no_color: bool = False) -> Console:
    """A console for stdout (or stream) that wraps nothing when it is not a terminal.

    Colour follows Rich's rules (off when not a terminal, with ``NO_COLOR`` or
    ``TERM=dumb``, on with ``FORCE_COLOR``), and ``no_color`` turns it off.
    """
    out = stream if stream is not None else sys.stdout
    width: int | None = None
    if not out.isatty() and not os.environ.get("COLUMNS") and not os.environ.get("FORCE_COLOR"):
        width = PIPE_WIDTH
    return Console(
        file=out,
        width=width,
        color_system=None if no_color else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )


def _text(value: str | None, style: str = "") -> Text:
    return Text(terminal_safe(value) if value else MISSING, style=style if value else "dim")


def money(amount: int | None) -> str:
    """Whole US dollars with thousands separators: ``$62,260``."""
    return MISSING if amount is None else f"${amount:,}"


def percent(value: int | None) -> str:
    """A whole percent, or a dash where the source gives none."""
    return MISSING if value is None else f"{value}%"


def _source_note(meta: Meta, prefix: str = "") -> Text:
    note = f"{prefix}{MISSING} = not given by the source. Source: {terminal_safe(meta.citation())}."
    return Text(note, style="dim")


def programs_table(
    programs: Sequence[Program],
    meta: Meta,
    *,
    matches: Sequence[Evaluation] | None = None,
) -> Group:
    """One row per program: rank, name, location, type, tuition, graduation rate, score.

    With ``matches`` (from a filter with detail criteria), a last column shows
    what matched for each program.
    """
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", style="bold")
    table.add_column("Program")
    table.add_column("ID", style="cyan")
    table.add_column("Location")
    table.add_column("Type")
    table.add_column("Tuition/yr", justify="right")
    table.add_column("Grad rate", justify="right")
    table.add_column("Score", justify="right")
    matched_by_id = {e.program.id: e.matched for e in matches or ()}
    if matches is not None:
        table.add_column("Matched")
    for program in programs:
        cells: list[Text] = [
            Text(str(program.rank)),
            _text(program.name),
            _text(program.id),
            _text(program.location),
            _text(program.type),
            Text(money(program.tuition)),
            Text(percent(program.graduation_rate)),
            Text(f"{program.score:g}"),
        ]
        if matches is not None:
            found = matched_by_id.get(program.id, {})
            summary = "; ".join(f"{name}: {', '.join(values)}" for name, values in found.items())
            cells.append(_text(summary or None))
        table.add_row(*cells)
    return Group(table, _source_note(meta))


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(title, style="bold underline"), Padding(body, (0, 0, 1, 2)))


def _bullets(items: Iterable[str]) -> Text:
    return Text("\n").join(Text("• ") + _text(item) for item in items)


def _named_details(pairs: Iterable[tuple[str, str | None]]) -> Text:
    lines = []
    for name, detail in pairs:
        line = Text("• ") + _text(name, "bold")
        if detail:
            line += Text(" — ") + _text(detail)
        lines.append(line)
    return Text("\n").join(lines)


def program_card(program: Program, meta: Meta) -> Panel:
    """A program's full card: header, key figures, and every detail the source gives."""
    figures = Table.grid(padding=(0, 2))
    figures.add_column(style="bold")
    figures.add_column()
    figures.add_row("Rank", Text(f"#{program.rank}"))
    figures.add_row("Location", _text(program.location))
    figures.add_row("Type", _text(program.type))
    figures.add_row("Tuition", Text(f"{money(program.tuition)} per year"))
    figures.add_row("Graduation rate", Text(percent(program.graduation_rate)))
    figures.add_row("Score", Text(f"{program.score:g} / 100"))
    if program.aliases:
        figures.add_row("Also known as", _text(", ".join(program.aliases)))
    parts: list[RenderableType] = [Padding(figures, (0, 0, 1, 0))]

    if not program.detailed:
        parts.append(
            Text(
                "The source gives no detailed profile for this program: only its "
                "ranking row (above) is known.",
                style="italic",
            )
        )
        parts.append(Text(""))
    if program.highlight:
        parts.append(_section("What sets it apart", _text(program.highlight)))
    if program.insight:
        parts.append(_section("Insight", _text(program.insight)))
    if program.overview:
        parts.append(_section("Overview", _text(program.overview)))
    if program.degrees:
        parts.append(_section("Degrees", _named_details((d.name, d.duration) for d in program.degrees)))
    if program.delivery:
        parts.append(_section("Delivery", _text(", ".join(program.delivery))))
    if program.labs:
        parts.append(_section("Research labs", _named_details((lab.name, lab.focus) for lab in program.labs)))
    if program.industry_partners:
        parts.append(_section("Industry partners", _text(", ".join(program.industry_partners))))
    if program.top_employers or program.common_roles:
        outcomes = Table.grid(padding=(0, 2))
        outcomes.add_column(style="bold")
        outcomes.add_column()
        if program.top_employers:
            outcomes.add_row("Top employers", _text(", ".join(program.top_employers)))
        if program.common_roles:
            outcomes.add_row("Common roles", _text(", ".join(program.common_roles)))
        parts.append(_section("Career outcomes", outcomes))
    if program.faculty:
        parts.append(_section("Notable faculty", _named_details((f.name, f.focus) for f in program.faculty)))
    if program.admissions_gpa:
        parts.append(_section("Admissions", Text("GPA: ") + _text(program.admissions_gpa)))
    if program.accreditations:
        parts.append(_section("Accreditations", _text(", ".join(program.accreditations))))
    if program.location_advantages:
        parts.append(_section("Location advantages", _bullets(program.location_advantages)))
    if program.notes:
        parts.append(_section("Notes", _bullets(program.notes)))
    parts.append(Text(f"Source: {terminal_safe(meta.citation())}", style="dim"))

    title = Text(f"#{program.rank} ", style="bold") + _text(program.name, "bold")
    subtitle = Text(f"{program.id} · score {program.score:g}")
    return Panel(Group(*parts), title=title, title_align="left", subtitle=subtitle, expand=False)


def comparison_grid(programs: Sequence[Program], best: dict[str, list[str]], meta: Meta) -> Group:
    """Fields as rows, programs as columns; the best value in a row carries a star."""
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("", style="bold")
    for program in programs:
        table.add_column(
            Text(f"#{program.rank} ") + _text(program.name) + Text(f"\n({program.id})", style="cyan")
        )

    def marked(field_name: str, shown: list[str]) -> list[Text]:
        winners = best.get(field_name, [])
        cells = []
        for program, value in zip(programs, shown, strict=True):
            if program.id in winners and len(programs) > 1:
                cells.append(Text(f"{BEST_MARK} {value}", style="bold green"))
            else:
                cells.append(Text(value, style="dim" if value == MISSING else ""))
        return cells

    table.add_row("Rank", *marked("rank", [f"#{p.rank}" for p in programs]))
    table.add_row("Score", *marked("score", [f"{p.score:g}" for p in programs]))
    table.add_row("Tuition/yr", *marked("tuition", [money(p.tuition) for p in programs]))
    table.add_row(
        "Graduation rate", *marked("graduation_rate", [percent(p.graduation_rate) for p in programs])
    )
    table.add_row("Location", *(_text(p.location) for p in programs))
    table.add_row("Type", *(_text(p.type) for p in programs), end_section=True)

    def detail(program: Program, items: Sequence[str]) -> Text:
        if not program.detailed:
            return Text("no detailed profile", style="dim italic")
        if not items:
            return _text(None)
        return Text("\n").join(_text(item) for item in items)

    detail_rows: list[tuple[str, list[Text]]] = [
        ("Degrees", [detail(p, [d.name for d in p.degrees]) for p in programs]),
        ("Delivery", [detail(p, list(p.delivery)) for p in programs]),
        ("Research labs", [detail(p, [lab.name for lab in p.labs]) for p in programs]),
        ("Industry partners", [detail(p, list(p.industry_partners)) for p in programs]),
        ("Top employers", [detail(p, list(p.top_employers)) for p in programs]),
        ("Common roles", [detail(p, list(p.common_roles)) for p in programs]),
        ("Admissions (GPA)", [detail(p, [p.admissions_gpa] if p.admissions_gpa else []) for p in programs]),
        ("Accreditations", [detail(p, list(p.accreditations)) for p in programs]),
    ]
    for label, cells in detail_rows:
        table.add_row(label, *cells)
    return Group(table, _source_note(meta, prefix=f"{BEST_MARK} = best in row. "))


def explanation(evaluation: Evaluation, criteria_words: Sequence[str]) -> Text:
    """Why a program is kept out by a filter, or that it matches."""
    program = evaluation.program
    head = Text(f"#{program.rank} ") + _text(program.name, "bold") + Text(f" ({program.id})")
    if not criteria_words:
        return head + Text(": no criteria given, so it matches.")
    if evaluation.passed:
        lines = [head + Text(" matches every criterion:")]
        lines.extend(Text("  ✓ ") + _text(word) for word in criteria_words)
        for name, values in evaluation.matched.items():
            lines.append(Text(f"  {name} matched: ") + _text(", ".join(values)))
        return Text("\n").join(lines)
    lines = [head + Text(" is kept out by:")]
    lines.extend(Text("  ✗ ", style="red") + _text(reason) for reason in evaluation.failures)
    return Text("\n").join(lines)
