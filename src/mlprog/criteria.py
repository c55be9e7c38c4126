"""What a program must satisfy, and how each program fares: matches, does not, or unknown.

The page gives details (labs, partners, degrees, delivery, faculty, employers)
only for some programs, and not every detail for each. A criterion on a detail
the source does not give for a program is neither met nor failed: it is
*unknown*, and the program is left out of a selection unless the user asks to
see such programs (``--include-unknown``), marked as not checked. The same
holds for a minimum graduation rate where the source gives no rate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from .model import NamedTuple, Program

# --- a program's text, field by field ---------------------------------------------


def _same(texts: Iterable[str]) -> list[tuple[str, str]]:
    return [(text, text) for text in texts]


def _named(pairs: Iterable[tuple[str, str | None]]) -> list[tuple[str, str]]:
    return [(name, f"{name}: {focus}" if focus else name) for name, focus in pairs]


def text_fields(program: Program) -> list[tuple[str, str]]:
    """Every text field of a program as (field name, text), for a free-text search."""
    singles = {
        "name": program.name,
        "id": program.id,
        "city": program.city,
        "state": program.state,
        "type": program.type,
        "highlight": program.highlight,
        "insight": program.insight,
        "overview": program.overview,
        "admissions_gpa": program.admissions_gpa,
    }
    many = {
        "aliases": program.aliases,
        "degrees": [text for _, text in _named((d.name, d.duration) for d in program.degrees)],
        "labs": [text for _, text in _named((lab.name, lab.focus) for lab in program.labs)],
        "industry_partners": program.industry_partners,
        "top_employers": program.top_employers,
        "common_roles": program.common_roles,
        "faculty": [text for _, text in _named((f.name, f.focus) for f in program.faculty)],
        "accreditations": program.accreditations,
        "delivery": program.delivery,
        "location_advantages": program.location_advantages,
        "notes": program.notes,
    }
    pairs = [(name, text) for name, text in singles.items() if text]
    pairs.extend((name, text) for name, texts in many.items() for text in texts)
    return pairs


#: Detail criterion -> the (label, text) items of a program it searches. The
#: label names the item a match is shown with (a partner, a lab); for --search,
#: the field.
DETAIL_FIELDS: dict[str, Callable[[Program], list[tuple[str, str]]]] = {
    "partner": lambda p: _same(p.industry_partners),
    "employer": lambda p: _same(p.top_employers),
    "lab": lambda p: _named((lab.name, lab.focus) for lab in p.labs),
    "degree": lambda p: _same(d.name for d in p.degrees),
    "delivery": lambda p: _same(p.delivery),
    "faculty": lambda p: _named((f.name, f.focus) for f in p.faculty),
    "search": text_fields,
}

#: Detail criterion -> what the source may not give, in words.
DETAIL_WORDS: dict[str, str] = {
    "partner": "industry partners",
    "employer": "top employers",
    "lab": "research labs",
    "degree": "degrees",
    "delivery": "delivery formats",
    "faculty": "faculty",
    "search": "details",
    "min_graduation_rate": "graduation rate",
    "graduation_rate": "graduation rate",
    # Every ranked program has these; an institution the page does not rank has none.
    "states": "state",
    "type": "type",
    "max_tuition": "tuition",
    "min_score": "score",
    "rank": "rank",
    "tuition": "tuition",
    "score": "score",
}
#: Why an institution known from a College Scorecard import alone has no ranking row.
RANKING_ROW_UNKNOWN = "the page does not rank this institution"
#: What the College Scorecard import gives, in words, by criterion or field.
IMPORTED_WORDS: dict[str, str] = {
    "min_earnings": "median earnings",
    "earnings_1yr": "median earnings a year after",
    "earnings_4yr": "median earnings four years after",
    "earnings_5yr": "median earnings five years after",
    "debt_median": "median debt",
    "debt_to_earnings": "debt to earnings",
}


#: Why the bundled College Scorecard figures give nothing for a program.
BUNDLED_NONE = "none in the bundled College Scorecard figures (withheld, or no master's rows in their fields)"


class Criteria(NamedTuple):
    """What a program must satisfy. Fields combine with AND; values in one field with OR."""

    states: frozenset[str] = frozenset()
    type: str | None = None
    max_tuition: int | None = None
    min_graduation_rate: int | None = None
    min_score: float | None = None
    details: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    min_earnings: int | None = None
    #: Whether the College Scorecard figures are the bundled release's (the user has no import):
    #: --min-earnings then checks its earnings (four years after, else a year after), and what
    #: is missing is said of the bundled figures, not of an import.
    bundled_figures: bool = False

    def describe(self) -> list[str]:
        """The criteria in words, as a user would type them."""
        words = []
        if self.states:
            words.append("state " + " or ".join(sorted(self.states)))
        if self.type:
            words.append(f"type {self.type}")
        if self.max_tuition is not None:
            words.append(f"tuition at most ${self.max_tuition:,}")
        if self.min_graduation_rate is not None:
            words.append(f"graduation rate at least {self.min_graduation_rate}%")
        if self.min_score is not None:
            words.append(f"score at least {self.min_score:g}")
        if self.min_earnings is not None:
            which = " (bundled College Scorecard, four years after)" if self.bundled_figures else ""
            words.append(f"median earnings{which} at least ${self.min_earnings:,}")
        for name, values in self.details.items():
            words.append(f"{name} " + " or ".join(repr(v) for v in values))
        return words


class Evaluation(NamedTuple):
    """How one program fares against criteria.

    ``failures`` says why it does not match; ``unknown`` names the criteria
    that could not be checked (the source does not give what they look at),
    each with why; ``matched`` holds, per detail criterion, the matching text
    in context, or None where that criterion is unknown.
    """

    program: Program
    failures: tuple[str, ...]
    matched: dict[str, list[str] | None]
    unknown: tuple[tuple[str, str], ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every criterion holds, each checked."""
        return not self.failures and not self.unknown

    @property
    def verdict(self) -> bool | None:
        """True (matches), False (does not) or None (nothing fails, but something was not checked)."""
        if self.failures:
            return False
        return None if self.unknown else True


def _detail_hits(name: str, program: Program, values: Sequence[str]) -> list[str]:
    """The matching text, in context, of a detail criterion: any of its values (OR)."""
    from .text.matching import in_context, terms

    items = DETAIL_FIELDS[name](program)
    hits: list[str] = []
    for value in values:
        wanted = terms(value)
        if not wanted:
            continue
        if name == "search":  # every term somewhere, each in any field
            places: dict[tuple[str, str], list[tuple[int, int]]] = {}
            for term in wanted:
                where = next(
                    ((label, text, span) for label, text in items if (span := term.find(text))), None
                )
                if where is None:
                    break
                label, text, span = where
                places.setdefault((label, text), []).append(span)
            else:  # one hit a field: from its first matching word to its last
                for (label, text), spans in places.items():
                    whole = (min(a for a, _ in spans), max(b for _, b in spans))
                    hits.append(f"{label}: {in_context(text, whole)}")
        else:  # every term in one item: one lab, one partner
            for label, text in items:
                spans = [span for term in wanted if (span := term.find(text)) is not None]
                if len(spans) == len(wanted):
                    first = min(spans)
                    in_label = text.startswith(label) and first[1] <= len(label)
                    hits.append(label if in_label else f"{label} ({in_context(text, first).strip()})")
    return list(dict.fromkeys(hits))


def _unknown_detail(name: str, program: Program) -> bool:
    """Whether the source does not give what this detail criterion looks at, for this program."""
    if name == "search":
        return not program.detailed
    return not DETAIL_FIELDS[name](program)


def evaluate(program: Program, criteria: Criteria) -> Evaluation:
    """Check a program against every criterion: what fails, what matched, what is unknown."""
    failures: list[str] = []
    unknown: list[tuple[str, str]] = []
    why = "not given by the source" if program.ranked else RANKING_ROW_UNKNOWN
    if criteria.states:
        if program.state is None:
            unknown.append(("states", f"state: {why}"))
        elif program.state not in criteria.states:
            wanted = " or ".join(sorted(criteria.states))
            failures.append(f"state is {program.state}, not {wanted}")
    if criteria.type:
        if program.type is None:
            unknown.append(("type", f"type: {why}"))
        elif program.type != criteria.type:
            failures.append(f"type is {program.type}, not {criteria.type}")
    if criteria.max_tuition is not None:
        if program.tuition is None:
            unknown.append(("max_tuition", f"tuition: {why}"))
        elif program.tuition > criteria.max_tuition:
            failures.append(f"tuition ${program.tuition:,} is above ${criteria.max_tuition:,}")
    if criteria.min_graduation_rate is not None:
        rate = program.graduation_rate
        if rate is None:
            unknown.append(("min_graduation_rate", "graduation rate: not given by the source"))
        elif rate < criteria.min_graduation_rate:
            failures.append(f"graduation rate {rate}% is below {criteria.min_graduation_rate}%")
    if criteria.min_score is not None:
        if program.score is None:
            unknown.append(("min_score", f"score: {why}"))
        elif program.score < criteria.min_score:
            # The score as tables write it (64.0); the threshold as typed (70).
            failures.append(f"score {program.score:.1f} is below {criteria.min_score:g}")
    if criteria.min_earnings is not None and criteria.bundled_figures:
        # The bundled release gives one figure an institution: four years after, or a year after
        # where that alone is given (see mlprog.figures.outcomes.with_bundled_outcomes).
        four = program.earnings_4yr is not None
        earned = program.earnings_4yr if four else program.earnings_1yr
        if earned is None:
            unknown.append(("min_earnings", f"median earnings: {BUNDLED_NONE}"))
        elif earned < criteria.min_earnings:
            after = "four years" if four else "a year"
            failures.append(
                f"median earnings {after} after ${earned:,} (bundled College Scorecard) are below "
                f"${criteria.min_earnings:,}"
            )
    elif criteria.min_earnings is not None:
        earned = program.earnings_1yr
        if earned is None:
            unknown.append(("min_earnings", "median earnings: not reported (or no Scorecard data imported)"))
        elif earned < criteria.min_earnings:
            failures.append(f"median earnings ${earned:,} are below ${criteria.min_earnings:,}")
    matched: dict[str, list[str] | None] = {}
    for name, values in criteria.details.items():
        hits = _detail_hits(name, program, values)
        if hits:
            matched[name] = hits
        elif _unknown_detail(name, program):
            matched[name] = None
            unknown.append((name, f"{name}: {DETAIL_WORDS[name]} not given by the source"))
        else:
            wanted = " or ".join(repr(v) for v in values)
            failures.append(f"no {name} matches {wanted}")
    return Evaluation(program, tuple(failures), matched, tuple(unknown))


def screen(programs: Iterable[Program], criteria: Criteria) -> tuple[list[Evaluation], list[Evaluation]]:
    """The programs that meet every criterion, and those that fail none but were not all checked."""
    matching: list[Evaluation] = []
    undecided: list[Evaluation] = []
    for program in programs:
        result = evaluate(program, criteria)
        if result.passed:
            matching.append(result)
        elif result.verdict is None:
            undecided.append(result)
    return matching, undecided


def filter_programs(programs: Iterable[Program], criteria: Criteria) -> list[Evaluation]:
    """The evaluations of the programs that meet every criterion (each checked), in input order."""
    return screen(programs, criteria)[0]


def missing_words(names: Iterable[str], bundled: bool = False) -> str:
    """What is not known, in words: ``the source gives no industry partners``, and/or ``no median
    earnings imported from the College Scorecard`` (``bundled``: ``no median earnings in the
    bundled College Scorecard figures``, the user having no import); names are criteria or
    fields, in the order first met."""
    names = list(dict.fromkeys(names))
    page = [DETAIL_WORDS[n] for n in names if n in DETAIL_WORDS]
    imported = [IMPORTED_WORDS[n] for n in names if n in IMPORTED_WORDS]
    said = []
    if page:
        said.append("the source gives no " + " or ".join(page))
    if imported:  # the user's import, or the bundled release when there is none
        where = (
            "in the bundled College Scorecard figures" if bundled else "imported from the College Scorecard"
        )
        said.append("no " + " or ".join(imported) + f" {where}")
    return ", and ".join(said)


def unknown_words(evaluations: Iterable[Evaluation], bundled: bool = False) -> str:
    """What could not be checked for these programs, in words (see :func:`missing_words`)."""
    return missing_words((name for e in evaluations for name, _ in e.unknown), bundled)
