"""Every human-readable output at every common terminal width: nothing cut, split or padded.

For each command and width, the whole output (stdout and stderr) is checked:
no line is wider than the terminal, no line ends in a space, and no word is
split inside itself. A split word is found by comparing the output's words
with the same output laid out 4096 columns wide, where nothing wraps: every
word at a narrow width must be a word there, a piece of one broken after a
hyphen, or one shortened with "…".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from mlprog.cli import app

WIDTHS = (60, 80, 100, 120, 200)
WIDE = 4096

COMMANDS = [
    ["rank"],
    ["rank", "--profile", "value"],
    ["rank", "--profile", "value", "--explain"],
    ["rank", "-w", "score=2", "-w", "tuition=-1", "--limit", "8"],
    ["rank", "--fields", "id,name,city,tuition,labs,score"],
    ["filter", "--lab", "robotics"],
    ["filter", "--partner", "amazon", "--search", "learning"],
    ["filter", "--lab", "robotics", "--explain", "usc"],
    ["filter", "--lab", "robotics", "--explain", "cmu"],
    ["filter", "--partner", "google", "--include-unknown"],
    ["filter", "--search", "nlp new york"],
    ["filter", "--partner", "google", "--explain", "rit"],
    ["rank", "--profile", "working"],
    ["rank", "-w", "graduation_rate=1", "-w", "score=1"],
    ["compare", "--top", "3", "--state", "CA"],
    ["cost", "--top", "2", "--sponsorship", "10k"],
    ["compare", "cmu", "usc"],
    ["compare", "cmu", "usc", "uw"],
    ["compare", "cmu", "usc", "uw", "penn", "nyu"],
    ["compare", "cmu", "ucf", "--fields", "tuition,labs,industry_partners"],
    ["show", "cmu"],
    ["show", "usc"],
    ["show", "ucf"],
    ["show", "uci", "--fields", "name,tuition,score,labs,faculty"],
    ["cost", "cmu", "uw", "ucf"],
    ["cost", "usc", "nyu", "--employer", "google", "--part-time"],
    ["payoff", "cmu", "usc", "uci", "usd"],
    ["careers", "ml engineer"],
    ["careers", "data scientist"],
    ["payoff", "--top", "3", "--current-salary", "90k", "--employer", "google"],
    ["profiles"],
    ["fields"],
    ["shortlist", "list"],
    ["note", "cmu"],
    ["config", "show"],
    ["paths"],
    ["apply", "list"],
    ["apply", "show", "cmu"],
    ["apply", "show", "uw"],
    ["validate"],
    ["sources"],
    ["sources", "penn"],
    ["careers"],
    ["careers", "Data Scientist"],
    ["states"],
    ["guide"],
    ["guide", "thesis"],
    ["guide", "financing"],
]

_SPLITTER = re.compile(r"[\s│─╭╮╰╯┌┐└┘├┤┬┴┼━]+")


def run(args: list[str], width: int, home: Path) -> str:
    env = {"COLUMNS": str(width), "MLPROG_HOME": str(home)}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code in (0, 1), (args, width, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user folder with a shortlist and notes, so shortlist list and note have something to show."""
    folder = tmp_path_factory.mktemp("home")
    shortlist = folder / "data" / "shortlist.json"
    shortlist.parent.mkdir(parents=True)
    notes = {
        "cmu": "Ask about the fifth-year MS and funding for research assistants before the deadline",
        "uw": "Cheapest strong option; visit in spring",
    }
    shortlist.write_text(json.dumps({"version": 1, "programs": ["cmu", "uw", "ucf"], "notes": notes}))
    applications = {
        "cmu": {"status": "preparing", "deadlines": {"priority": "2020-12-01", "final": "2027-01-15T17:00"}},
        "uw": {
            "status": "waitlisted",
            "deadlines": {"final": "2099-01-15"},
            "fee": 1250,
            "tests": {"GRE": 330},
        },
        "northeastern": {"status": "considering", "letters_requested": 3, "letters_received": 1, "fee": 75},
        "gone": {"status": "interview", "deadlines": {"funding": "2020-02-29"}},
    }
    (folder / "data" / "applications.json").write_text(
        json.dumps({"version": 1, "applications": applications})
    )
    return folder


def tokens(text: str) -> list[str]:
    """The words of a text, without the punctuation around them."""
    words = (token.strip(".,;:()'\"*") for token in _SPLITTER.split(text))
    return [word for word in words if word]


def vocabulary(wide_output: str) -> set[str]:
    """The words of the wide output, and every run of their pieces between hyphens and slashes."""
    words = set()
    for token in tokens(wide_output):
        pieces = [piece for piece in re.split(r"(?<=[-/])", token) if piece]
        for first in range(len(pieces)):
            for last in range(first + 1, len(pieces) + 1):
                words.add("".join(pieces[first:last]))
    return words


def split_words(narrow_output: str, wide_output: str) -> list[str]:
    """The words at a narrow width that the wide output does not have whole."""
    known = vocabulary(wide_output)
    bad = []
    for token in tokens(narrow_output):
        if token in known:
            continue
        if token.endswith("…") and any(word.startswith(token[:-1]) for word in known):
            continue  # shortened with an ellipsis, never split
        bad.append(token)
    return bad


# Words that only appear when columns give way (the footer saying what was hidden).
_NARROW_ONLY = set(
    tokens("Not shown: Location (state only), Type, Grad, State, Tuition. Widen the window or use --fields.")
)
_NARROW_ONLY |= {"State", "PA", "CA", "NY", "WA"}
_NARROW_ONLY |= set(
    tokens("Not shown: Kind, Letters, Fee. Widen the window, or see one with `mlprog apply show`.")
)
_NARROW_ONLY |= set(tokens("Not shown: Median, Page median. Widen the window or use --json."))
# compare, too narrow for programs side by side: programs as rows, figures as columns.
_NARROW_ONLY |= set(tokens("ID Grad Earn 1yr 5yr Debt/earn. ★ = best in its column."))
# payoff, likewise: programs as rows, then each program's figures; careers' areas and programs.
_NARROW_ONLY |= set(tokens("All-in Debt/earn. Each program's figures are below. Area and its programs"))


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_width_fits_with_no_split_word_and_no_trailing_space(args: list[str], home: Path) -> None:
    wide = run(args, WIDE, home)
    for width in WIDTHS:
        output = run(args, width, home)
        for number, line in enumerate(output.splitlines(), start=1):
            assert cell_len(line) <= width, (width, number, line)
            assert not line.endswith(" "), (width, number, repr(line))
        bad = [word for word in split_words(output, wide) if word not in _NARROW_ONLY]
        assert not bad, (width, bad[:10])


def test_the_checks_catch_what_they_look_for() -> None:
    wide = "Carnegie Mellon University  Pittsburgh, PA  Washington-Seattle"
    assert split_words("Carnegie Mellon Universit\ny", wide) == ["Universit", "y"]
    assert split_words("Washington-\nSeattle Carnegie Mell…", wide) == []
    assert split_words("Philadelph\nia", "Philadelphia") == ["Philadelph", "ia"]


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_keep_rank_id_and_score_whole(width: int, home: Path) -> None:
    output = run(["rank"], width, home)
    for program_id, score in (("cmu", "94.4"), ("northeastern", "65.4"), ("psu", "58.8")):
        line = next(line for line in output.splitlines() if f"  {program_id} " in f"{line} ")
        assert score in line, (width, line)


def test_narrow_tables_say_what_they_hid(home: Path) -> None:
    narrow = run(["rank"], 60, home)
    assert "Not shown: Location (state only), Type, Grad." in narrow
    assert "Not shown" not in run(["rank"], 200, home)
