"""How help reads: the top-level help on one screen, and every command's help ending in examples.

Imported only when help is shown (``--help``, a bare ``mlprog``, a group
without its command), never by a command that runs: cli.py's group and
command classes call in here from their ``format_help``.

- ``mlprog --help`` fits a 24-line, 80-column terminal: the commands in
  panels by task, two to a row where the width allows and one otherwise, each
  summary whole (never cut with "..."), three examples, the options in a line,
  where to read more, and the exit codes.
- A command's docstring may end with an ``Examples:`` section, one command
  line each; they are printed at the very end of its help, as written, never
  rewrapped.
- Click's range notation (``[x>=1]``, ``[0<=x<=100]``) is said in words, and a
  required argument's usage shows ``PROGRAM``, not ``{PROGRAM}``.
"""

import inspect
import re
from collections.abc import Iterable, Sequence
from typing import Any

from typer._click.formatting import HelpFormatter, wrap_text

#: What the top-level help shows under the panels, each a whole command line that runs as written.
TOP_EXAMPLES = (
    "mlprog rank --state CA --type public",
    "mlprog compare cmu usc uw",
    "mlprog show cmu --json | jq .tuition",
)
#: The exit codes mlprog uses: cli.py and __main__.py exit with no others.
EXIT_CODES = "Exit codes: 0 done, 1 could not be served, 2 usage error, 130 interrupted."
MORE = "Each command's options and examples: mlprog COMMAND --help. Guides: docs/."

_CODES = re.compile(r"\d+ [a-z ]+[a-z]")  # "1 could not be served"
_EXAMPLES = re.compile(r"^Examples:[ \t]*$", re.MULTILINE)
#: Click's range notation: ``x>=1``, ``x<5``, ``0<=x<=100``.
_RANGE = re.compile(r"^(?:(?P<low>[-\d.]+)<=?)?x(?P<hop>[<>]=?)(?P<high>[-\d.]+)$")
_BOUNDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}


def split_examples(help_text: str | None) -> tuple[str, list[str]]:
    """A docstring's text, and the command lines of its ``Examples:`` section (if any)."""
    text = inspect.cleandoc(help_text or "").partition("\f")[0]
    found = _EXAMPLES.search(text)
    if found is None:
        return text, []
    examples = [line.strip() for line in text[found.end() :].splitlines() if line.strip()]
    return text[: found.start()].rstrip(), examples


def write_command_help(command: Any, ctx: Any, formatter: HelpFormatter) -> None:
    """A command's or a group's help, as Click lays it out, with its examples last."""
    text, examples = split_examples(command.help)
    command.format_usage(ctx, formatter)
    if text:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None:
            named, described = record
            record = (named, in_words(described))
            (arguments if param.param_type_name == "argument" else options).append(record)
    for title, rows in (("Arguments", arguments), ("Options", options)):
        if rows:
            with formatter.section(title):
                formatter.write_dl(rows)
    commands = list(getattr(command, "commands", {}).items())
    if commands:
        with formatter.section("Commands"):
            formatter.write_dl([(name, _summary(sub)) for name, sub in commands if not sub.hidden])
    if examples:
        with formatter.section("Examples"):
            for example in examples:
                formatter.write_text(f"\b\n{example}")


def usage_pieces(pieces: Iterable[str]) -> list[str]:
    """Usage words without Click's braces round a required argument (``{PROGRAM}``)."""
    return [piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece for piece in pieces]


def in_words(described: str) -> str:
    """An option's help with Click's bracketed range notation said in words.

    ``Score at least this.  [0<=x<=100]`` -> ``Score at least this.  [0 to 100]``;
    ``[x>=1]`` -> ``[at least 1]``; other notes (``default: ...``) are kept.
    """
    if not described.endswith("]") or "[" not in described:
        return described
    head, _, notes = described.rpartition("[")
    return head + "[" + "; ".join(_range_in_words(note) for note in notes[:-1].split("; ")) + "]"


def _range_in_words(note: str) -> str:
    found = _RANGE.match(note)
    if found is None or not found["high"]:
        return note
    if found["low"]:
        return f"{found['low']} to {found['high']}"
    return f"{_BOUNDS[found['hop']]} {found['high']}"


def _summary(command: Any) -> str:
    """A command's summary, whole: its short help, or its help's first sentence."""
    if command.short_help:
        return str(command.short_help)
    text = split_examples(command.help)[0]
    first = text.split("\n\n", 1)[0].replace("\n", " ")
    sentence = re.match(r"(.+?[.!?])(?:\s|$)", first)
    return (sentence.group(1) if sentence else first).rstrip(".")


# --- the top-level help ---------------------------------------------------------------------


def write_top_help(
    description: str,
    panels: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    options: Sequence[str],
    formatter: HelpFormatter,
) -> None:
    """``mlprog --help``: usage, what mlprog is, the commands by panel, examples, options,
    where to read more and the exit codes, in as few lines as the width allows."""
    width = formatter.width or 78
    lines = ["Usage: mlprog [OPTIONS] COMMAND [ARGS]...", *_wrapped(description, width, "", "")]
    lines.append("")
    entries = [row for _, rows in panels for row in rows]
    name_width = max(len(name) for name, _ in entries)
    cell = name_width + 2 + max(len(summary) for _, summary in entries)
    across = max(1, (width - len(_INDENT) + len(_GAP)) // (cell + len(_GAP)))
    for title, rows in panels:
        lines.append(f"{title}:")
        lines.extend(_panel(rows, name_width, cell, across, width))
    label = "Examples:  "
    for index, example in enumerate(TOP_EXAMPLES):
        lines.append((label if index == 0 else " " * len(label)) + example)
    lines.extend(_items(options, width, "Options:   ", " " * len(label)))
    lines.extend(_wrapped(MORE, width, "", "", keep=("mlprog COMMAND --help",)))
    lines.extend(_wrapped(EXIT_CODES, width, "", "", keep=_CODES.findall(EXIT_CODES)))
    formatter.write("\n".join(lines) + "\n")


_INDENT, _GAP = "  ", "  "


def _panel(rows: Sequence[tuple[str, str]], name_width: int, cell: int, across: int, width: int) -> list[str]:
    """A panel's commands, ``across`` to a line in cells of one width (so that every panel's
    columns line up); one to a line, the summary wrapped under itself, if it fits no cell."""
    if across == 1:
        hang = " " * (len(_INDENT) + name_width + 2)
        lines = []
        for name, summary in rows:
            lines.extend(_wrapped(summary, width, f"{_INDENT}{name:<{name_width}}  ", hang))
        return lines
    return [
        (
            _INDENT
            + _GAP.join(
                f"{name:<{name_width}}  {summary}".ljust(cell)
                for name, summary in rows[start : start + across]
            )
        ).rstrip()
        for start in range(0, len(rows), across)
    ]


def _items(items: Sequence[str], width: int, first: str, rest: str) -> list[str]:
    """Items two spaces apart, as many to a line as fit, never broken inside one (``-h, --help``)."""
    lines, starts = [first], [first, rest]
    for item in items:
        if lines[-1] not in starts and len(lines[-1]) + 2 + len(item) > width:
            lines.append(rest)
        lines[-1] += item if lines[-1] in starts else "  " + item
    return lines


def _wrapped(text: str, width: int, first: str, rest: str, keep: Iterable[str] = ()) -> list[str]:
    """Text wrapped between words at the width, the first line after ``first``, the others after
    ``rest``; never inside one of the phrases to ``keep`` (a command line, an exit code's meaning)."""
    for phrase in keep:  # a no-break space is not a place to wrap (TextWrapper breaks at ASCII spaces)
        text = text.replace(phrase, phrase.replace(" ", "\xa0"))
    wrapped = wrap_text(text, width, initial_indent=first, subsequent_indent=rest)
    return wrapped.replace("\xa0", " ").splitlines()
