"""One set of criteria on every command that selects programs; search; completion; validate."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest
from typer.main import get_command

from conftest import Invoke, run_json
from forked import Job, run_each
from mlprog.cli import app
from mlprog.commands.plan import KNOWN_EMPLOYERS
from mlprog.model import Dataset
from mlprog.text.matching import fold, in_context, terms

SELECTING = ("rank", "filter", "compare", "cost", "chart")


def _options(command: str) -> dict[str, tuple[str, ...]]:
    found = get_command(app).commands[command]  # type: ignore[attr-defined]
    return {p.name: tuple(p.opts) for p in found.params if p.param_type_name == "option" and p.name}


def test_every_selecting_command_takes_every_criterion() -> None:
    criteria = {
        "state",
        "program_type",
        "max_tuition",
        "min_graduation_rate",
        "min_score",
        "partner",
        "top_employer",
        "lab",
        "degree",
        "delivery",
        "faculty",
        "search",
        "include_unknown",
        "profile",
        "weight",
        "sort",
        "reverse",
        "shortlist",
    }
    for command in SELECTING:
        assert criteria <= set(_options(command)), command
    # The same names everywhere, but where cost keeps --employer for your own employer.
    assert _options("rank")["top_employer"] == ("--employer", "--hired-by")
    assert _options("cost")["top_employer"] == ("--hired-by",)
    assert _options("cost")["employer"] == ("--employer",)


@pytest.mark.parametrize("command", ["rank", "filter"])
def test_rank_and_filter_take_each_others_criteria(invoke: Invoke, command: str) -> None:
    labs = run_json(invoke, command, "--lab", "robotics")
    assert [row["id"] for row in labs] == ["usc", "penn", "nyu"]  # RASC, GRASP, CILVR
    weighted = run_json(invoke, command, "--profile", "value", "--state", "CA")
    assert all(row["type"] == "public" and "personal_score" in row for row in weighted)


def test_compare_top_takes_the_first_of_the_selection(invoke: Invoke) -> None:
    # Public programs by tuition: ucf $4,478, sjsu $5,742, unt $8,319.
    report = run_json(invoke, "compare", "--top", "3", "--type", "public", "--sort", "tuition")
    assert [p["id"] for p in report["programs"]] == ["ucf", "sjsu", "unt"]
    refused = invoke("compare", "cmu", "usc", "--state", "CA")
    assert refused.exit_code == 2
    assert "--top N or --shortlist" in refused.stderr


def test_cost_takes_the_shortlist_and_a_selection(invoke: Invoke) -> None:
    assert invoke("shortlist", "add", "uw", "cmu").exit_code == 0
    costed = run_json(invoke, "cost", "--shortlist")
    assert [c["id"] for c in costed["programs"]] == ["uw", "cmu"]  # your order
    top = run_json(invoke, "cost", "--top", "1", "--state", "WA")
    assert [c["id"] for c in top["programs"]] == ["uw"]
    nothing = invoke("cost")
    assert nothing.exit_code == 2
    assert "name at least one program, or use --top N or --shortlist" in nothing.stderr


def test_compare_shortlist_keeps_your_order_and_adds_named(invoke: Invoke) -> None:
    invoke("shortlist", "add", "uci", "cmu")
    report = run_json(invoke, "compare", "--shortlist", "usc")
    assert [p["id"] for p in report["programs"]] == ["uci", "cmu", "usc"]


def test_cost_speaks_only_of_what_you_told_it(invoke: Invoke, bundled: Dataset) -> None:
    plain = invoke("cost", "cmu", "uw", env={"COLUMNS": "80"}).stdout
    assert "Employer pays" not in plain
    assert "Support" not in plain
    given = invoke("cost", "cmu", "--sponsorship", "5k", env={"COLUMNS": "80"}).stdout
    assert "Employer pays" in given
    assert "Source: you (--sponsorship)" in given
    # The help lists the employers the data knows, and only those.
    assert set(KNOWN_EMPLOYERS) == {b.id for b in bundled.employer_benefits}
    help_text = " ".join(invoke("cost", "--help").stdout.split())
    assert "as the source lists it: " + ", ".join(KNOWN_EMPLOYERS) in help_text


# --- matching -------------------------------------------------------------------------


def test_folding_ignores_case_accents_and_punctuation() -> None:
    assert fold("Zürich  HUMAN-Centered") == "zurich human centered"
    (term,) = terms("zurich")
    assert term.find("Université de Zürich") == (14, 20)


def test_long_words_find_longer_ones_and_short_ones_do_not() -> None:
    (robot,) = terms("robot")
    assert robot.find("Robotics Center") == (0, 8)
    (ai,) = terms("ai")
    assert ai.find("Aim high") is None
    assert ai.find("Artificial Intelligence") == (0, 23)


def test_abbreviations_work_both_ways_and_quotes_keep_phrases() -> None:
    (long,) = terms("natural language processing")
    assert long.find("courses in NLP") == (11, 14)
    quoted = terms('"data science" ethics')
    assert [t.typed for t in quoted] == ["data science", "ethics"]


def test_context_is_shortened_between_words() -> None:
    text = "A long sentence that goes on and on before the word robotics and then goes on again for a while"
    shown = in_context(text, (text.index("robotics"), text.index("robotics") + 8))
    assert shown.startswith("…")
    assert shown.endswith("…")
    assert "robotics" in shown
    assert len(shown) < len(text)


# --- completion ------------------------------------------------------------------------


def _complete(invoke: Invoke, shell: str, line: str) -> list[str]:
    words = line.split(" ")
    env = {"_MLPROG_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = invoke(env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def _finds(invoke: Invoke, command_line: str) -> bool:
    args = shlex.split(command_line)[1:]
    return invoke(*args, "--json").exit_code == 0


@pytest.mark.parametrize("line", ["mlprog show new y", "mlprog show carnegie m"])
def test_bash_completes_a_name_in_words_to_a_usable_command(invoke: Invoke, line: str) -> None:
    offered = _complete(invoke, "bash", line)
    assert offered
    for word in offered:  # bash puts it in place of the last word, as it is
        completed = line.rsplit(" ", 1)[0] + " " + word
        assert _finds(invoke, completed), completed


def test_zsh_and_fish_complete_the_same_words_unescaped(invoke: Invoke) -> None:
    zsh = _complete(invoke, "zsh", "mlprog show new y")
    assert '"york u":"New York University"' in " ".join(zsh)
    fish = _complete(invoke, "fish", "mlprog show new y")
    assert "york u\tNew York University" in fish
    for word in ("york u", "york University"):  # each shell escapes what it inserts
        assert _finds(invoke, "mlprog show new " + shlex.quote(word))


def test_the_id_completes_too(invoke: Invoke) -> None:
    assert "nyu" in _complete(invoke, "bash", "mlprog show ny")
    assert "nyu" in _complete(invoke, "bash", "mlprog compare cmu ny")


# --- validate ---------------------------------------------------------------------------


def test_validate_checks_settings_and_shortlist_files(invoke: Invoke, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"MLPROG_HOME": str(home)}
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('format = "json"\n\ncolour = "no"\n', encoding="utf-8")
    (home / "data").mkdir(parents=True)
    (home / "data" / "shortlist.json").write_text(
        '{"version": 1, "programs": ["cmu", "gone"]}', encoding="utf-8"
    )
    result = invoke("validate", "--json", env=env)
    assert result.exit_code == 1
    files = {Path(f["file"]).name: f["problems"] for f in json.loads(result.stdout)["files"]}
    assert files["programs.toml"] == []
    assert files["config.toml"] == [
        "line 3: key 'colour': is not a setting; "
        "settings: format, color, states, profile, weights, living, pager"
    ]
    assert files["shortlist.json"] == ["program 'gone': is on the shortlist but not in the data"]


def test_validate_takes_data_and_names_entries_never_a_question_mark(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    entry = (
        'rank = {rank}\nname = "N{rank}"\ncity = "C"\nstate = "CA"\ntype = "public"\ntuition = 1\nscore = 1\n'
    )
    path.write_text(
        "[[programs]]\n" + entry.format(rank=1) + '\n[[programs]]\nid = "a"\n' + entry.format(rank=1),
        encoding="utf-8",
    )
    result = invoke("validate", "--data", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "  line 1: program entry 1: missing required field 'id'",
        "  line 12: program 'a': field 'rank' repeats rank 1, already held by entry 1",
    ]
    assert "?" not in result.stderr


@pytest.mark.parametrize("typed", ["", "  ", "***", '"'])
@pytest.mark.parametrize("command", ["rank", "filter"])
def test_words_with_nothing_to_match_are_refused(invoke: Invoke, command: str, typed: str) -> None:
    result = invoke(command, "--search", typed)
    assert result.exit_code == 2
    assert "needs some words to match" in result.stderr


@pytest.mark.parametrize("command", ["rank", "filter", "compare", "cost", "validate", "show", "chart"])
@pytest.mark.parametrize("width", [60, 80])
def test_help_keeps_option_names_whole(command: str, width: int) -> None:
    env = {**os.environ, "COLUMNS": str(width)}
    (run,) = run_each([Job([command, "--help"], env, Path.cwd())])  # a real process (see forked.py)
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert all(len(line) <= width for line in lines)
    assert not [line for line in lines if line.rstrip().endswith("-") or line != line.rstrip()]
