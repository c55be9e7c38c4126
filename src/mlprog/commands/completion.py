"""Shell completion: what Tab offers for program names, fields, states, profiles and employers.

A broken data file must not break the shell, so each completes to nothing on a
data error. The option declarations in :mod:`.options` name these functions.

No ``from __future__ import annotations`` here: Typer reads these signatures.
"""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import MlprogError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..model import Dataset


def complete_programs(incomplete: str) -> list[tuple[str, str]]:
    """Ids, aliases and names that start with what is typed, each with the program's name."""
    return _program_names("", incomplete)


def complete_program_words(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """For a name typed as several words (``mlprog show new y``): the rest of each name it starts.

    The words already typed for the argument are in ``ctx.params``; what is
    offered replaces only the word being typed. (``ctx``, Click's context, is
    given by its name, so this module imports no Typer.)
    """
    return _program_names(" ".join(ctx.params.get("program") or ()), incomplete)


def _program_names(before: str, incomplete: str) -> list[tuple[str, str]]:
    """(the word being typed, completed, and the program's name) for each id, alias or name
    that starts with the words ``before`` it and the word itself (in any case).

    The completion keeps the word as typed (the shell offers only what starts
    with it) and adds the rest of the name; each shell escapes it as it must
    (for bash, see :func:`complete_whole_words_in_bash`).
    """
    from ..dataset.load import load_dataset

    try:
        programs = load_dataset().programs
    except MlprogError:
        return []
    typed = f"{before} {incomplete}" if before else incomplete
    candidates: dict[str, str] = {}
    for program in programs:
        for name in (program.id, *program.aliases, program.name):
            if name.lower().startswith(typed.lower()):
                candidates.setdefault(incomplete + name[len(typed) :], program.name)
    return list(candidates.items())


def bash_quote(value: str) -> str:
    """A word as bash reads it back: each space and shell character escaped with a backslash."""
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", value)


def complete_whole_words_in_bash() -> None:
    """Make bash completion offer each candidate escaped as one word, the part typed included.

    Bash puts a candidate in place of the word being completed exactly as it
    is, so ``mlprog show new\\ y`` must be offered ``new\\ york\\ university``: Typer
    offers ``new york university``, which bash would split into three words
    (zsh and fish escape what they insert themselves).
    """
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete

    class WholeWords(BashComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return bash_quote(str(item.value))

    add_completion_class(WholeWords, "bash")


def complete_fields(incomplete: str) -> list[str]:
    """Field names for the last item of a comma list."""
    from ..dataset.schema import PROGRAM_FIELDS

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + name for name in PROGRAM_FIELDS if name.startswith(last)]


def complete_states(incomplete: str) -> list[tuple[str, str]]:
    """State codes that start with what is typed, each with the state's name."""
    from ..dataset.states import STATE_NAMES

    return [(code, name) for code, name in STATE_NAMES.items() if code.startswith(incomplete.upper())]


def _complete_data_ids(
    incomplete: str, entries: "Callable[[Dataset], Iterable[tuple[str, str]]]"
) -> list[tuple[str, str]]:
    """(id, description) pairs from the data in use whose id starts with what is typed."""
    from ..dataset.load import load_dataset

    try:
        dataset = load_dataset()
    except MlprogError:
        return []
    return [(key, about) for key, about in entries(dataset) if key.startswith(incomplete.lower())]


def complete_profiles(incomplete: str) -> list[tuple[str, str]]:
    """Profile ids, each with its title."""
    return _complete_data_ids(incomplete, lambda data: ((p.id, p.title) for p in data.profiles))


def complete_employers(incomplete: str) -> list[tuple[str, str]]:
    """Employer benefit ids, each with the employer's name."""
    return _complete_data_ids(incomplete, lambda data: ((b.id, b.name) for b in data.employer_benefits))
