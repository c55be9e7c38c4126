"""The exceptions mlprog raises, each with a message written for a person.

The CLI turns every :class:`MlprogError` into ``Error: …`` on stderr and exit
code 1; :class:`UsageError` becomes exit code 2, like a bad option.
"""

from __future__ import annotations

from collections.abc import Sequence

from .records import NamedTuple


class MlprogError(Exception):
    """Base class: a request that could not be served (exit code 1)."""

    exit_code = 1


class UsageError(MlprogError):
    """The command line asks for something that cannot be (exit code 2)."""

    exit_code = 2


class NothingSelected(MlprogError):
    """Nothing left to work on: an empty shortlist, or criteria no program meets (exit code 1).

    The command line is right, so it is not a usage error, and ``--help`` would not help.
    """


class BadOptionValue(UsageError):
    """A value an option takes in form but not in meaning (``--state XX``), exit code 2.

    Said as ``--state: 'XX' is not a US state ...``; ``param_hint`` is the
    option, where the one raising it knows it (an option's own parser does not:
    Typer names the option then; see :mod:`mlprog.commands.declare`).
    """

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        self.message = message
        self.param_hint = param_hint
        said = lower_first(message.strip().rstrip("."))
        super().__init__(f"{param_hint}: {said}" if param_hint else said)


class Problem(NamedTuple):
    """One thing wrong in a data file: where it is and what is wrong.

    ``place`` is (table, entry number from 1, field) for a problem inside an
    array of tables such as ``[[programs]]`` (entry 0 for a plain table such
    as ``[meta]``); :func:`mlprog.files.locate.with_lines` turns it into ``line``.
    """

    where: str
    message: str
    place: tuple[str, int, str] | None = None
    line: int | None = None

    def __str__(self) -> str:
        said = f"{self.where}: {self.message}" if self.where else self.message
        return f"line {self.line}: {said}" if self.line else said


class DataError(MlprogError):
    """A data file that cannot be used, with every problem found in it."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        if len(self.problems) == 1:
            return f"{self.path}: {self.problems[0]}"
        lines = [f"{self.path}: {len(self.problems)} problems"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


def lower_first(text: str) -> str:
    """A message as it reads after ``Error:``: in lower case (an acronym such as US keeps its case)."""
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and not first[1:2].isupper():
        return text[0].lower() + text[1:]
    return text


def shown(text: str, limit: int = 60) -> str:
    """User input as it appears in a message: quoted, escaped, and cut if very long."""
    if len(text) > limit:
        return repr(text[:limit]) + f"... ({len(text)} characters)"
    return repr(text)


class ProgramNotFound(MlprogError):
    """A name that matches no program; carries the closest ids, if any."""

    def __init__(self, query: str, suggestions: Sequence[str], *, imported: bool = False) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        message = f"no program matches {shown(query)}"
        if self.suggestions:
            message += f"; did you mean {or_list(self.suggestions)}?"
        elif imported:  # an institution of the import is found by its id or whole name only
            message += (
                "; 'mlprog rank --unranked' lists the institutions of your College Scorecard "
                "import too, with their ids"
            )
        else:
            message += "; 'mlprog rank' lists every program with its id"
        super().__init__(message)


class AmbiguousProgram(MlprogError):
    """A name that could mean several programs; carries their ids."""

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        super().__init__(
            f"{query!r} could mean several programs: {', '.join(self.candidates)}; name one by its id"
        )


def or_list(items: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``: choices as a sentence offers them."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" or {items[-1]}"


class ScorecardError(MlprogError):
    """A file that is not a usable Field-of-Study file; the message names it and what is wrong."""


#: A list of choices longer than this is not printed whole in a message: the nearest few are.
FEW_CHOICES = 16


def nearest(typed: str, choices: Sequence[str], count: int = 3) -> list[str]:
    """The few choices closest to what was typed, closest first; none when nothing is close.

    A choice that starts with what was typed counts as close (``earn`` for
    ``earnings_1yr``), and case does not matter.
    """
    import difflib

    by_lower = {choice.lower(): choice for choice in choices}
    key = typed.strip().lower()
    if not key:
        return []
    close = difflib.get_close_matches(key, list(by_lower), n=count, cutoff=0.6)
    starting = [lower for lower in by_lower if lower.startswith(key) and lower not in close]
    return [by_lower[lower] for lower in [*close, *starting][:count]]


def choice_hint(typed: str, choices: Sequence[str], listed_by: str | None = None) -> str:
    """What a message about a value that is not one of the choices goes on to say.

    The nearest few as "did you mean ...?"; else every choice when there are
    few; else the command that lists them (``listed_by``), never a wall of 38 names.
    """
    near = nearest(typed, choices)
    if near:
        return f"did you mean {or_list(near)}?"
    if len(choices) <= FEW_CHOICES or listed_by is None:
        return f"choose from {', '.join(choices)}"
    return f"{listed_by} lists them all"
