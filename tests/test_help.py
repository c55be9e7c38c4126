"""Help that fits a screen: the top-level help on 24 lines at 80 columns, examples on every page.

Widths through the CliRunner (``COLUMNS``, which Click reads), and once through
a real pseudo-terminal of 24 rows and 80 columns with no ``COLUMNS`` set.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shlex
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from typer._click import formatting
from typer.main import get_command
from typer.testing import CliRunner

from forked import Job, run_each
from mlprog import cli
from mlprog.cli import app
from mlprog.commands.helptext import EXIT_CODES, in_words, split_examples

WIDTHS = (60, 80, 120)
PANELS = ("Explore:", "Decide:", "Your lists:", "Data and settings:")


def help_of(*words: str, width: int = 80) -> str:
    """The help of ``mlprog WORDS`` as a terminal of this width shows it.

    CliRunner draws help at 80 columns whatever COLUMNS says, so the width is
    set as Click sets it from a terminal's (two less, at most 78, at least 50).
    """
    command = get_command(app)
    context = command.make_context("mlprog", [], resilient_parsing=True)
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
        context = command.make_context(word, [], parent=context, resilient_parsing=True)
    forced = formatting.FORCED_WIDTH
    formatting.FORCED_WIDTH = max(min(width, 80) - 2, 50)
    try:
        return command.get_help(context) + "\n"
    finally:
        formatting.FORCED_WIDTH = forced


def every_help_page() -> list[tuple[str, ...]]:
    """Every command's and group's words: ("rank",), ("shortlist",), ("shortlist", "add"), ..."""
    pages: list[tuple[str, ...]] = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        pages.append((name,))
        pages.extend((name, sub) for sub in getattr(command, "commands", {}))
    return pages


PAGES = every_help_page()


# --- the top-level help -----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_top_level_help_fits_the_width_with_every_summary_whole(width: int) -> None:
    text = help_of(width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width, text
    assert lines[0] == "Usage: mlprog [OPTIONS] COMMAND [ARGS]..."
    assert not [line for line in lines[1:] if line.rstrip().endswith(("...", "…"))], text
    assert "mlprog COMMAND --help" in text  # a command line is never broken across lines
    if width >= 80:
        assert len(lines) <= 24, text
    assert [line for line in lines if line in PANELS] == list(PANELS)  # grouped by task, in this order


def test_the_top_level_help_lists_every_command_once_under_its_panel() -> None:
    text = help_of()
    listed = re.findall(r"(?:^  |  )([a-z]+)  +[A-Z]", text, re.MULTILINE)
    commands = list(get_command(app).commands)  # type: ignore[attr-defined]
    assert sorted(listed) == sorted(commands)
    for name in commands:  # each with its summary, whole, on the line of its name
        assert re.search(rf"\b{name} +{re.escape(cli._SUMMARIES[name])}(  |$)", text, re.MULTILINE), name
    # Two to a line at 80 columns, so every summary stays short.
    assert max(len(summary) for summary in cli._SUMMARIES.values()) <= 26
    assert set(cli._SUMMARIES) == set(commands) == set(cli._PANEL_OF)


def test_the_top_level_help_has_examples_options_a_pointer_and_the_exit_codes() -> None:
    text = help_of()
    examples = [line.removeprefix("Examples:").strip() for line in text.splitlines()]
    assert len([line for line in examples if line.startswith("mlprog ")]) == 3
    assert "mlprog COMMAND --help" in text
    assert "docs/" in text
    for option in ("-h, --help", "-V, --version", "--install-completion"):
        assert option in text
    assert EXIT_CODES in text
    assert re.findall(r"\b(\d+) [a-z]", EXIT_CODES) == ["0", "1", "2", "130"]


def test_bare_mlprog_prints_the_help_and_succeeds() -> None:
    bare = CliRunner().invoke(app, [])
    assert bare.exit_code == 0
    assert bare.stdout == help_of()
    assert bare.stderr == ""
    # Real processes (see forked.py), as wide as COLUMNS says: the same help as --help.
    jobs = [Job([], {**os.environ, "COLUMNS": str(width)}, Path.cwd()) for width in WIDTHS]
    for width, real in zip(WIDTHS, run_each(jobs), strict=True):
        assert real.code == 0
        assert real.stdout == help_of(width=width)
        assert real.stderr == ""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_command_help_is_as_wide_as_a_real_process_shows_it(width: int) -> None:
    env = {**os.environ, "COLUMNS": str(width)}
    pages = (("rank",), ("apply", "set"))
    for words, real in zip(
        pages, run_each([Job([*words, "--help"], env, Path.cwd()) for words in pages]), strict=True
    ):
        assert real.code == 0, real.stderr
        assert real.stdout == help_of(*words, width=width)


def test_the_top_level_help_fits_a_real_24_by_80_terminal() -> None:
    """No COLUMNS: the width comes from the terminal itself, as for a person."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "mlprog", "--help"], stdout=secondary, stderr=secondary, env=env
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait() == 0
    lines = b"".join(chunks).decode().replace("\r\n", "\n").rstrip("\n").split("\n")
    assert lines[0].startswith("Usage: mlprog")
    assert len(lines) <= 24
    assert max(len(line) for line in lines) <= 80


# --- every command's help ---------------------------------------------------------------------


@pytest.mark.parametrize("words", PAGES, ids=" ".join)
def test_every_help_page_ends_with_examples_in_plain_words(words: tuple[str, ...]) -> None:
    for width in WIDTHS:
        text = help_of(*words, width=width)
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= width, (width, text)
        assert "`" not in text
        assert not re.search(r"\[[^\]]*\bx[<>]=?|[<>]=?x\b", text), text  # Click's [x>=1], [0<=x<=100]
        assert "{" not in text.splitlines()[0]  # usage: PROGRAM, not {PROGRAM}
        assert "Personal ranking" not in text
        assert "README" not in text
        examples = text.split("\nExamples:\n", 1)[1].splitlines()
        assert 2 <= len(examples) <= 4, text
        assert all(line.startswith("  mlprog ") or line.startswith("  ") for line in examples)


def test_a_summary_in_a_group_is_never_cut() -> None:
    for group in ("shortlist", "apply", "import", "config"):
        for width in WIDTHS:
            commands = help_of(group, width=width).split("\nCommands:\n", 1)[1]
            assert "..." not in commands


def examples_of(words: tuple[str, ...]) -> list[str]:
    command = get_command(app)
    for word in words:
        command = command.commands[word]  # type: ignore[attr-defined]
    return split_examples(command.help)[1]


#: Examples that need what a test has not got: a terminal (browse, clear without --yes) or the
#: College Scorecard's file. They must still parse: no usage error.
NEEDS_MORE = ("mlprog browse", "mlprog shortlist clear\n", "mlprog import scorecard")


def parses(args: list[str]) -> None:
    """Parse a command line as mlprog would, without running it: a usage error raises."""
    command = get_command(app)
    context = command.make_context("mlprog", [], resilient_parsing=True)
    while hasattr(command, "commands"):
        name, args = args[0], args[1:]
        command = command.commands[name]
        context = command.make_context(name, list(args), parent=context)


#: What the examples build on: a shortlist and two applications.
SETUP = (
    "shortlist add cmu uw usc",
    "apply set cmu --deadline 2026-12-10",
    "apply set uw --deadline 2027-01-15",
)


@pytest.mark.slow
@pytest.mark.parametrize("words", [(), *PAGES], ids=lambda words: " ".join(words) or "mlprog")
def test_every_example_in_the_help_runs_as_written(
    words: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = (
        examples_of(words)
        if words
        else [
            line.removeprefix("Examples:").strip()
            for line in help_of().splitlines()
            if line.removeprefix("Examples:").strip().startswith("mlprog ")
        ]
    )
    assert examples, words
    runner = CliRunner()
    env = {"MLPROG_HOME": str(tmp_path / "home"), "MLPROG_TODAY": "2026-11-01"}
    monkeypatch.chdir(tmp_path)  # apply export writes where it is told: here
    for setup in SETUP:
        assert runner.invoke(app, setup.split(), env=env).exit_code == 0, setup
    for example in examples:
        args = shlex.split(example.split(" | ")[0])
        assert args[0] == "mlprog", example
        if (example + "\n").startswith(NEEDS_MORE):
            parses(args[1:])
            continue
        result = runner.invoke(app, args[1:], env=env)
        assert result.exit_code == 0, (example, result.stderr)


# --- the pieces -------------------------------------------------------------------------------


def test_click_ranges_are_said_in_words() -> None:
    assert in_words("Show at most N programs.  [x>=1]") == "Show at most N programs.  [at least 1]"
    assert in_words("Score at least this.  [0<=x<=100]") == "Score at least this.  [0 to 100]"
    assert in_words("Width.  [default: 80; 40<=x<=400]") == "Width.  [default: 80; 40 to 400]"
    assert in_words("A file.  [env var: MLPROG_DATA]") == "A file.  [env var: MLPROG_DATA]"
    assert in_words("Below.  [x<5]") == "Below.  [less than 5]"
    assert in_words("No notes at all.") == "No notes at all."


def test_examples_are_split_from_a_docstring() -> None:
    text, examples = split_examples(
        "Do a thing.\n\n    More.\n\n    Examples:\n\n      mlprog a\n      mlprog b\n"
    )
    assert text == "Do a thing.\n\nMore."
    assert examples == ["mlprog a", "mlprog b"]
    assert split_examples("Nothing else.") == ("Nothing else.", [])
