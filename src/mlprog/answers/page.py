"""Questions about the rest of the page: career paths, the top states, the guide to choosing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import UsageError, choice_hint, nearest, shown
from ..query import rank_order
from ..text.fitting import Paragraph
from ..text.sanitize import terminal_safe
from . import Line, Listing

if TYPE_CHECKING:
    from ..figures.local import CareerWages
    from ..figures.wages import Wages
    from ..model import Dataset, Program
    from ..page_sections import Career, GuideTopic, TopState


# --- careers ---------------------------------------------------------------------------


def _holds_role(program: Program, career: Career) -> bool:
    """Whether one of the program's common roles names this career (whole words, any case)."""
    from ..page_sections import names_career

    return names_career(program.common_roles, career)


class CareerList(Listing):
    """Career paths, each with the programs whose cards name it among their common roles."""

    __slots__ = ("careers", "programs", "wages")

    def __init__(
        self,
        careers: tuple[Career, ...],
        programs: tuple[tuple[Program, ...], ...],
        wages: tuple[CareerWages, ...] | None = None,
    ) -> None:
        self.careers = careers
        self.programs = programs
        self.wages = wages  # for a career asked for by name: BLS's wages by metro area

    @property
    def empty_note(self) -> str:
        """Said when the data has no career paths."""
        return "The data file has no career paths."

    def rows(self) -> list[dict[str, Any]]:
        """Each career with the ids of the programs that name it."""
        rows = [
            {**career.as_dict(), "programs": [p.id for p in programs]}
            for career, programs in zip(self.careers, self.programs, strict=True)
        ]
        for row, wages in zip(rows, self.wages or (), strict=False):
            row["wages"] = wages.as_dict()
        return rows

    def columns(self) -> tuple[str, ...]:
        """Title, SOC code, summary and programs."""
        return ("title", "soc", "summary", "programs")

    def plain_text(self) -> list[Line] | None:
        """Each career: title and SOC code, what the work is, and the programs that name it; None
        for a career asked for by name, whose wages are drawn as a table (render/wages.py)."""
        if self.wages is not None:
            return None
        lines: list[Line] = []
        for number, (career, programs) in enumerate(zip(self.careers, self.programs, strict=True)):
            if number:
                lines.append(("", False))
            lines.append((Paragraph(f"{terminal_safe(career.title)}  (SOC {career.soc})"), False))
            lines.append((Paragraph(f"  {terminal_safe(career.summary)}"), False))
            named = ", ".join(p.id for p in programs) or "none of the ranked programs' cards name it"
            lines.append((Paragraph(f"  Programs naming it: {terminal_safe(named)}"), False))
            if self.wages is not None:
                lines.extend(_wage_lines(self.wages[number]))
        if self.careers:
            lines.append(("", False))
            lines.append(("Source: the page's 'Career Paths'; it gives no salary per career.", False))
        if self.wages:
            lines.append((terminal_safe(str(self.wages[0].source.get("attribution", ""))), False))
        return lines


def _money(amount: int | None) -> str:
    return "not published" if amount is None else f"${amount:,}"


def _wage_lines(wages: CareerWages) -> list[Line]:
    """A career's BLS wages: its occupation and fit, then nationally and in each program's area."""
    occupation = terminal_safe(wages.occupation or "an occupation BLS does not name")
    lines: list[Line] = [
        ("", False),
        (f"  BLS wages a year, SOC {wages.soc} ({occupation}): median (10th-90th percentile)", False),
    ]
    if wages.fit != "good" and wages.fit_note:
        lines.append((f"  Fit: {wages.fit}. {terminal_safe(wages.fit_note)}", False))
    entries: list[tuple[str, tuple[str, ...], Wages | None]] = [("United States", (), wages.national)]
    entries += [(entry.area.name, entry.programs, entry.wages) for entry in wages.by_area]
    for name, programs, found in entries:
        where = terminal_safe(name) + (f" ({', '.join(programs)})" if programs else "")
        if found is None:
            lines.append((f"    {where}: no estimate published", False))
            continue
        figures = found.figures
        reasons = {name: why for name, why in found.withheld.items() if name != "employment"}
        if figures["median"] is None and len(set(reasons.values())) == 1:
            # BLS withholds all of them for one reason (its footnote, as BLS words it).
            lines.append((f"    {where}: {terminal_safe(next(iter(reasons.values())))}", False))
            continue
        spread = (
            f" ({_money(figures['p10'])}-{_money(figures['p90'])})"
            if not reasons.keys() & {"p10", "p90"}
            else ""
        )
        lines.append((f"    {where}: {_money(figures['median'])}{spread}", False))
        for figure, reason in reasons.items():  # employment is in the JSON only
            lines.append((f"      {figure}: {terminal_safe(reason)}", False))
    return lines


def list_careers(dataset: Dataset, title: str | None = None) -> CareerList:
    """The page's career paths (or the one titled so, with BLS's wages for its SOC code nationally
    and in the metro area of every ranked program), each with the programs that name it."""
    careers = tuple(dataset.careers)
    if title is not None:
        wanted = " ".join(title.split()).casefold()
        careers = tuple(c for c in careers if c.title.casefold() == wanted) or tuple(
            c for c in careers if wanted and wanted in c.title.casefold()
        )
        if not careers:
            near = nearest(title, [c.title for c in dataset.careers])
            known = "; ".join(c.title for c in dataset.careers) or "none in this data file"
            hint = f"did you mean {' or '.join(near)}?" if near else f"careers: {known}"
            raise UsageError(f"no career path {shown(title)}; {hint}")
    programs = tuple(tuple(p for p in dataset.programs if _holds_role(p, c)) for c in careers)
    if title is None:
        return CareerList(careers, programs)
    # One career asked for by name: its wages where each ranked program is (the bundled BLS figures).
    from ..figures.local import career_wages

    places = [(p.id, p.city, p.state) for p in dataset.programs if p.ranked]
    return CareerList(careers, programs, tuple(career_wages(c.soc, places) for c in careers))


# --- states ------------------------------------------------------------------------------


class StateComparison(Listing):
    """The page's top-states rows beside what the ranked programs give for each state."""

    __slots__ = ("rows_",)

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows_ = rows

    @property
    def empty_note(self) -> str:
        """Said when the data has no states table."""
        return "The data file has no top-states table."

    def rows(self) -> list[dict[str, Any]]:
        """Each state: the page's figures, the ranked programs' figures, and where they disagree."""
        return [dict(row) for row in self.rows_]

    def columns(self) -> tuple[str, ...]:
        """The state, then the page's and the ranked programs' figures."""
        return ("state", "page", "ranked", "disagree")

    def plain_text(self) -> None:
        """Drawn as a table."""


def compare_states(dataset: Dataset) -> StateComparison:
    """Each row of the page's top-states table, beside the ranked programs of that state."""
    from statistics import median  # states alone needs it: careers and guide do not pay its import

    rows = []
    for row in dataset.top_states:
        ranked = [p for p in dataset.programs if p.state == row.state and p.ranked]
        tuitions = [p.tuition for p in ranked if p.tuition is not None]
        best = min(ranked, key=rank_order) if ranked else None
        ranked_median = _whole_dollars(median(tuitions)) if tuitions else None
        unranked_top = not any(_is_named(p, row.top_program) for p in dataset.programs)
        disagree = []
        # More ranked programs than the page counts, or as many and its top program besides them.
        if len(ranked) > row.programs or (ranked and unranked_top and len(ranked) >= row.programs):
            disagree.append("programs")
        if ranked and not _median_can_be(row.median_tuition, tuitions, row.programs):
            disagree.append("median_tuition")
        if ranked and unranked_top:
            disagree.append("top_program")
        rows.append(
            {
                "state": row.state,
                "page": _page_row(row),
                "ranked": {
                    "programs": len(ranked),
                    "median_tuition": ranked_median,
                    "best": best.id if best else None,
                    "best_rank": best.rank if best else None,
                },
                "disagree": disagree,
            }
        )
    return StateComparison(rows)


def _whole_dollars(amount: float) -> int:
    """A median tuition in whole dollars, halves rounded up: the median of an even count of
    tuitions is a mean of two, and JSON gives every median as the same type, an integer."""
    from fractions import Fraction

    return int(Fraction(amount) + Fraction(1, 2))


def _is_named(program: Program, name: str) -> bool:
    """Whether a name as the page's tables write it is this program: its name, the name's start, an alias."""
    from ..model import lookup_key

    key = lookup_key(name)
    full = lookup_key(program.name)
    return key == full or full.startswith(key + " ") or key in {lookup_key(a) for a in program.aliases}


def _median_can_be(stated: int, known: list[int], count: int) -> bool:
    """Whether ``stated`` can be the median of ``count`` tuitions of which ``known`` are some.

    The unknown ones may be anything: the median is lowest when they are all
    free, highest when they are all dearer than any known one.
    """
    from statistics import median

    if len(known) >= count:
        return median(known) == stated
    missing = count - len(known)
    dearest = max(known) * 10 + stated
    return median([*known, *[0] * missing]) <= stated <= median([*known, *[dearest] * missing])


def _page_row(row: TopState) -> dict[str, Any]:
    data = row.as_dict()
    data.pop("state")
    return data


# --- the guide ----------------------------------------------------------------------------


class GuideAnswer(Listing):
    """The guide's topics in brief, or one topic in full."""

    __slots__ = ("full", "topics")

    def __init__(self, topics: tuple[GuideTopic, ...], full: bool) -> None:
        self.topics = topics
        self.full = full

    @property
    def empty_note(self) -> str:
        """Said when the data has no guide."""
        return "The data file has no guide."

    def rows(self) -> list[dict[str, Any]]:
        """Each topic (in brief: id, title, section, summary)."""
        if self.full:
            return [topic.as_dict() for topic in self.topics]
        return [
            {"id": t.id, "title": t.title, "section": t.section, "summary": t.summary} for t in self.topics
        ]

    def document(self, fields: Sequence[str] | None) -> Any:
        """One topic's object, or the list of topics."""
        rows = self.rows()
        return rows[0] if self.full and len(rows) == 1 else rows

    def columns(self) -> tuple[str, ...]:
        """Id, title, section, summary."""
        return ("id", "title", "section", "summary")

    def plain_text(self) -> list[Line]:
        """The list of topics, or one topic with its items and figures, each with its source."""
        if not self.full:
            lines: list[Line] = [("Topics (mlprog guide TOPIC for one):", False), ("", False)]
            width = max((len(t.id) for t in self.topics), default=0)
            for t in self.topics:
                lines.append(
                    (f"{t.id:<{width}}  {terminal_safe(t.title)}: {terminal_safe(t.summary)}", False)
                )
            return lines
        topic = self.topics[0]
        lines = [(Paragraph(f"{terminal_safe(topic.title)}  ({_where(topic.section)})"), False)]
        lines.append((Paragraph(f"  {terminal_safe(topic.summary)}"), False))
        for item in topic.items:
            text = f"  • {item.name}"
            if item.detail:
                text += f": {item.detail}"
            if item.figure:
                text += f" ({item.figure}" + (f"; source: {item.source}" if item.source else "") + ")"
            lines.append((terminal_safe(text), False))
        if topic.facts:
            lines.append(("", False))
            lines.append(("  Figures:", False))
            for fact in topic.facts:
                source = f" (source: {fact.source})" if fact.source else " (the page cites no source)"
                lines.append((terminal_safe(f"  • {fact.text}{source}"), False))
        if topic.see_also:
            lines.append(("", False))
            lines.append((Paragraph(f"  See also: {terminal_safe(topic.see_also)}"), False))
        return lines


def _where(section: str) -> str:
    """Where on the page a topic comes from: a heading, quoted as the page writes it; or a place
    with no heading, which the data file describes in words starting "the page's"."""
    if section.startswith("the page's "):
        return terminal_safe(section)
    return f"the page's '{terminal_safe(section)}'"


def read_guide(dataset: Dataset, topic: str | None = None) -> GuideAnswer:
    """The guide's topics in brief, or the one named (by id, or a word of its title)."""
    if topic is None:
        return GuideAnswer(tuple(dataset.guide), full=False)
    wanted = topic.strip().casefold()
    found = [t for t in dataset.guide if t.id == wanted] or [
        t for t in dataset.guide if wanted and wanted in t.title.casefold()
    ]
    if len(found) != 1:
        topics = [t.id for t in dataset.guide]
        known = choice_hint(topic, topics) if topics else "this data file has none"
        raise UsageError(f"no guide topic {shown(topic)}; {known}")
    return GuideAnswer((found[0],), full=True)
