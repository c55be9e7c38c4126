"""Read the facts out of the source page, so tests compare the data with the page itself.

The page lives beside the repository at ``../shared/seed/``; CI has it there.
Nothing here is copied from the page by hand: every value is parsed from its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
SEED_NAME = "000_e532bdc33cf7d023.txt"


def page_path() -> Path | None:
    """The source page's path, or None where it is not beside the repository."""
    path = SEED_DIR / SEED_NAME
    return path if path.is_file() else None


@dataclass
class Row:
    """A row of the page's "Top 50" table."""

    rank: int
    name: str
    city: str
    state: str
    type: str
    tuition: int
    graduation_rate: int | None
    score: float


@dataclass
class Card:
    """The facts of one detailed card in "Complete Program Data"."""

    rank: int
    name: str
    city: str
    state: str
    type: str
    tuition: int
    graduation_rate: int | None
    score: float
    degrees: list[tuple[str, str | None]] = field(default_factory=list)
    labs: list[tuple[str, str]] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    employers: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    faculty: list[tuple[str, str]] = field(default_factory=list)
    gpa: str | None = None
    accreditations: list[str] = field(default_factory=list)


_ROW = re.compile(
    r"^\| (\d+) \| (.+?) \| (.+?), ([A-Z]{2}) \| (Public|Private) \| \$([\d,]+) "
    r"\| (\d+%|—) \| — \| ([\d.]+) \|$"
)
_CARD_HEAD = re.compile(r"^#(\d+)\. (.+?) Master's Machine Learning Program$")
_FIGURES = re.compile(
    r"Location: (.+?), ([A-Z]{2}) \| Type: (Public|Private) \| Tuition: \$([\d,]+)/year"
    r"(?: \| Graduation Rate: (\d+)%)? \| Score: ([\d.]+)"
)


def read_page() -> str:
    path = page_path()
    if path is None:
        raise FileNotFoundError(SEED_DIR / SEED_NAME)
    return path.read_text(encoding="utf-8")


def top_table(text: str) -> list[Row]:
    """Rows of the "Top 50" table (the one with an empty column of dashes)."""
    start = text.index("Top 50 Machine Learning Master's Programs 2026")
    rows = []
    for line in text[start:].splitlines():
        match = _ROW.match(line)
        if match:
            rank, name, city, state, kind, tuition, rate, score = match.groups()
            rows.append(
                Row(
                    rank=int(rank),
                    name=name,
                    city=city,
                    state=state,
                    type=kind.lower(),
                    tuition=int(tuition.replace(",", "")),
                    graduation_rate=None if rate == "—" else int(rate.rstrip("%")),
                    score=float(score),
                )
            )
    return rows


def graduation_rate_mentions(text: str, name: str) -> list[int]:
    """Every graduation rate the page states for a program, in any table or card."""
    rates = []
    for line in text.splitlines():
        if line.startswith("| #") or line.startswith("| "):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) >= 6 and re.sub(r"^#\d+ ", "", cells[0]) == name:
                rates += [int(c.rstrip("%")) for c in cells[1:] if re.fullmatch(r"\d+%", c)]
            elif len(cells) >= 6 and cells[1] == name:
                rates += [int(c.rstrip("%")) for c in cells[2:] if re.fullmatch(r"\d+%", c)]
        if line.startswith(f"Hakia ranks {name} as") and "Graduation Rate:" in line:
            rates.append(int(re.search(r"Graduation Rate: (\d+)%", line).group(1)))  # type: ignore[union-attr]
    return rates


def _split_top(text: str, sep: str) -> list[str]:
    """Split on sep outside parentheses."""
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if depth == 0 and text.startswith(sep, i):
            parts.append(current)
            current = ""
            i += len(sep)
            continue
        current += ch
        i += 1
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _trailing_parens(item: str) -> tuple[str, str | None]:
    """``"MS (16 months (3-4 semesters))"`` -> ``("MS", "16 months (3-4 semesters)")``."""
    if not item.endswith(")"):
        return item, None
    depth = 0
    for i in range(len(item) - 1, -1, -1):
        if item[i] == ")":
            depth += 1
        elif item[i] == "(":
            depth -= 1
            if depth == 0:
                return item[:i].strip(), item[i + 1 : -1]
    return item, None


def cards(text: str) -> list[Card]:
    """The detailed cards of the "Complete Program Data" section."""
    start = text.index("Complete Program Data")
    end = text.index("Compare Top 5")
    found: list[Card] = []
    for line in text[start:end].splitlines():
        head = _CARD_HEAD.match(line)
        if head:
            found.append(Card(int(head.group(1)), head.group(2), "", "", "", 0, None, 0.0))
            continue
        if not found:
            continue
        card = found[-1]
        figures = _FIGURES.search(line)
        if figures and line.startswith("Hakia ranks"):
            city, state, kind, tuition, rate, score = figures.groups()
            card.city, card.state, card.type = city, state, kind.lower()
            card.tuition = int(tuition.replace(",", ""))
            card.graduation_rate = int(rate) if rate else None
            card.score = float(score)
        elif line.startswith("Degree Programs: "):
            card.degrees = [
                _trailing_parens(i) for i in _split_top(line.removeprefix("Degree Programs: "), "; ")
            ]
        elif line.startswith("Research Labs: "):
            items = _split_top(line.removeprefix("Research Labs: "), "; ")
            card.labs = [tuple(i.split(" - ", 1)) for i in items]  # type: ignore[misc]
        elif line.startswith("Industry Partners: "):
            card.partners = _split_top(line.removeprefix("Industry Partners: "), ", ")
        elif line.startswith("Career Outcomes:"):
            for part in line.split(" | "):
                if part.startswith("Top Employers: "):
                    card.employers = _split_top(part.removeprefix("Top Employers: "), ", ")
                elif part.startswith("Common Roles: "):
                    card.roles = _split_top(part.removeprefix("Common Roles: "), ", ")
        elif line.startswith("Notable Faculty: "):
            people = _split_top(line.removeprefix("Notable Faculty: "), "; ")
            card.faculty = [_trailing_parens(p) for p in people]  # type: ignore[misc]
        elif line.startswith("Admissions: GPA: "):
            card.gpa = line.removeprefix("Admissions: GPA: ")
        elif line.startswith("Accreditations: "):
            card.accreditations = [line.removeprefix("Accreditations: ")]
    return found


def headline(text: str) -> dict[str, object]:
    """The headline figures of the page's first key takeaway."""
    match = re.search(
        r"earn a median salary of \$([\d,]+) with (\d+)% projected job growth through (\d{4}) \((.+?)\)", text
    )
    assert match is not None
    salary, growth, year, source = match.groups()
    analysed = re.search(r"(\d+) accredited Machine Learning programs analyzed using (.+)$", text, re.M)
    assert analysed is not None
    return {
        "median_salary_usd_per_year": int(salary.replace(",", "")),
        "job_growth_percent": int(growth),
        "job_growth_through": int(year),
        "statistics_source": source,
        "programs_analyzed": int(analysed.group(1)),
        "data_basis": analysed.group(2),
    }
