"""Messages on stderr: fitted to the terminal between words, in mlprog's words, with "did you mean".

Through a real pseudo-terminal at 60, 80 and 120 columns (stderr on the
terminal, stdout not): no line wider than the terminal, none ending in a space,
no word split, and a path never broken. Piped, a message stays one line.
Then the wording: no Click phrase reaches a user, one capitalisation after
``Error:``, a near miss offered, a long list shortened, an empty result that
says what to do next, ``-`` as standard input, and bash completion of a name in
several words.
"""

from __future__ import annotations

import json
import os
import pty
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Invoke, program_entry, snapshot, toml_document
from forked import Job, Run, run_each
from mlprog.text.fitting import fit_message
from test_widths import split_words

WIDTHS = (60, 80, 120)
MLPROG = [sys.executable, "-m", "mlprog"]


def _environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "MLPROG_DATA")}
    return {**env, "MLPROG_HOME": str(home), "TERM": "xterm", **extra}


def piped(args: list[str], home: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run mlprog with stdout and stderr piped."""
    return subprocess.run(
        [*MLPROG, *args], capture_output=True, text=True, env=_environment(home, **env), cwd=cwd, check=False
    )


#: Command lines that say something on stderr: errors of every kind, notes, empty results.
MESSAGES = [
    ["rank", "--fields", "id,nam"],
    ["rank", "--fields", "id,colour"],  # nothing near: every field, wrapped
    ["rank", "--type", "privat"],
    ["rank", "--sort", "zzz"],
    ["rank", "--limit", "abc"],
    ["rank", "--limit", "-3"],
    ["rank", "--limit"],
    ["rank", "--state", "Califronia"],
    ["rank", "--max-tuition", "lots"],
    ["rank", "--state", "AK"],
    ["rank", "-w", "colour=1"],
    ["filter", "--partner", "Nobody Inc"],
    ["chart", "--x", "foo"],
    ["chart", "--bar", "earnings_1yr"],
    ["guide", "zz"],
    ["compare", "cmu", "--min-score", "0"],
    ["compare", "cmu", "cmu", "uw", "uw", "--json"],
    ["show", "zzzz"],
    ["shortlist", "list"],
    ["rnak"],
    ["apply", "set", "cmu", "--deadline"],
    ["apply", "show", "cmu"],
    ["validate", "some/deeper/folder/of/user/files/programs-2026.toml"],
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder with a data file whose problems name it by a path with folders in it."""
    folder = tmp_path_factory.mktemp("work")
    bad = folder / "some/deeper/folder/of/user/files/programs-2026.toml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        toml_document([program_entry(1, tuition=-5, graduation_rate=150), program_entry(2, state="Narnia")]),
        encoding="utf-8",
    )
    return folder


def on_terminals(args: list[str], folder: Path) -> tuple[Run, list[Run]]:
    """The command line run piped (no COLUMNS: nothing is wrapped), then with stderr on a real
    pseudo-terminal at each width (stdout not on it): real processes (see forked.py), so the
    lines are laid out as a person's terminal shows them."""
    env = _environment(folder / "home")
    terminals = [Job(args, env, folder, terminal=("stderr",), size=(24, width)) for width in WIDTHS]
    wide, *narrow = run_each([Job(args, env, folder), *terminals])
    return wide, narrow


@pytest.mark.slow
@pytest.mark.parametrize("args", MESSAGES, ids=" ".join)
def test_messages_fit_a_real_terminal_between_words(args: list[str], folder: Path) -> None:
    wide, narrow = on_terminals(args, folder)
    assert wide.stderr.strip(), "the command says something on stderr"
    for width, run in zip(WIDTHS, narrow, strict=True):
        said = run.screen
        assert run.code == wide.code, (width, said)
        assert said.strip(), width
        for line in said.splitlines():
            assert cell_len(line) <= width, (width, line)
            assert not line.endswith(" "), (width, repr(line))
        assert not split_words(said, wide.stderr), (width, split_words(said, wide.stderr)[:5])
        # Each message says the same words as unwrapped: only the line ends moved.
        assert said.split() == wide.stderr.split(), width


@pytest.mark.slow
def test_a_path_is_never_broken_across_lines(folder: Path) -> None:
    path = "some/deeper/folder/of/user/files/programs-2026.toml"
    _, narrow = on_terminals(["validate", path], folder)
    for width, run in zip(WIDTHS, narrow, strict=True):
        lines = run.screen.splitlines()
        assert path in lines[0], (width, run.screen)  # whole, on the first line with its count
        assert all(cell_len(line) <= width for line in lines), (width, run.screen)


def test_a_message_breaks_only_at_spaces() -> None:
    message = "Error: /home/someone/projects/ml-programs/data/programs.toml: line 3: tuition must be a number"
    lines = fit_message(message, 40)
    assert lines == [
        "Error:",
        "/home/someone/projects/ml-programs/data/programs.toml:",  # too wide, but whole, never cut
        "line 3: tuition must be a number",
    ]
    assert fit_message("  line 12: programs[3]: state 'Narnia' is not a US state code", 30) == [
        "  line 12: programs[3]: state",
        "    'Narnia' is not a US state",
        "    code",
    ]
    assert fit_message("short enough   ", 80) == ["short enough"]


def test_piped_messages_stay_one_line_unless_columns_says_otherwise(folder: Path) -> None:
    home = folder / "home"
    whole = piped(["rank", "--fields", "id,colour"], home, folder).stderr.splitlines()
    assert len(whole) == 2  # the message, then the hint: for grep and for a log
    assert len(whole[0]) > 200
    wrapped = piped(["rank", "--fields", "id,colour"], home, folder, COLUMNS="60").stderr.splitlines()
    assert len(wrapped) > 4
    assert all(len(line) <= 60 for line in wrapped)
    assert " ".join(wrapped).split() == " ".join(whole).split()


# --- every command: its usage errors fit and speak mlprog's words -----------------------------


def _every_command() -> list[list[str]]:
    """Every command a user can run, as words: ``["rank"]``, ``["apply", "set"]``."""
    import typer

    from mlprog.cli import app

    found = []
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        found += [[name, sub] for sub in subcommands] if subcommands else [[name]]
    return found


_EVERY_COMMAND = _every_command()


@pytest.mark.parametrize("command", _EVERY_COMMAND, ids=" ".join)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_command_refuses_a_bad_option_in_its_own_words(
    invoke: Invoke, command: list[str], width: int
) -> None:
    result = invoke(*command, "--no-such-option-at-all", env={"COLUMNS": str(width)})
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    said = " ".join(result.stderr.split())
    assert said.startswith(f"Error: {' '.join(command)} has no option --no-such-option-at-all"), said
    assert said.endswith(f"Try 'mlprog {' '.join(command)} --help'.")
    for line in lines:
        assert len(line) <= width, line
    assert result.stdout == ""


CLICK_WORDS = (
    "Invalid value",
    "is not a valid",
    "is not in the range",
    "x>=",
    "<=x",
    "is not one of",
    "Missing argument",
    "Missing option",
    "No such option",
    "No such command",
    "requires an argument",
    "Got unexpected",
    "does not take a value",
    "Did you mean",
    "Possible options",
    "`",
)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["rank", "--limit", "abc"], "--limit takes a whole number, not 'abc'"),
        (["rank", "--limit", "-3"], "--limit takes a whole number of 1 or more, not -3"),
        (["rank", "--min-score", "200"], "--min-score takes a number from 0 to 100, not 200"),
        (["rank", "--min-graduation-rate", "x"], "--min-graduation-rate takes a whole number, not 'x'"),
        (["rank", "--limit"], "--limit needs a value"),
        (["rank", "--json=yes"], "--json takes no value"),
        (["rank", "extra", "more"], "unexpected arguments 'extra', 'more' for rank"),
        (["show"], "show needs PROGRAM"),
        (["rank", "--format", "xml"], "--format takes table, json, ndjson, csv or markdown, not 'xml'"),
        (["rank", "--type", "privat"], "--type takes public or private, not 'privat'; did you mean private?"),
        (["rank", "--sort", "nam"], "'nam' is not a value --sort takes; did you mean name?"),
        (["rank", "--fields", "id,nam"], "unknown field 'nam' for --fields; did you mean name?"),
        (
            ["rank", "--fields", "nam,tution"],
            "unknown fields 'nam', 'tution' for --fields; did you mean name, tuition?",
        ),
        (["chart", "--bar", "scor"], "--bar: 'scor' is not a numeric field; did you mean score?"),
        (["chart", "--x", "tuiton"], "--x: 'tuiton' is not a numeric field; did you mean tuition?"),
        (["chart", "--y", "grad"], "--y: 'grad' is not a numeric field; did you mean graduation_rate?"),
        (["guide", "thesys"], "no guide topic 'thesys'; did you mean thesis?"),
        (["rank", "--profile", "valeu"], "no profile 'valeu'; did you mean value?"),
        (["rank", "-w", "scor=1"], "--weight: unknown field 'scor'; did you mean score?"),
        (
            ["rank", "--state", "Califronia"],
            "--state: 'Califronia' is not a US state or territory; did you mean California?",
        ),
        (["rnak"], "unknown command 'rnak'; did you mean rank?"),
        (["schema", "carer"], "no schema for 'carer'; did you mean career or chart?"),
        (["careers", "Data Scientst"], "no career path 'Data Scientst'; did you mean Data Scientist?"),
        (["cost", "cmu", "--employer", "gogle"], "no employer benefit for 'gogle'; did you mean google?"),
        (["shortlist", "lst"], "unknown command 'lst' in shortlist; did you mean list?"),
        (["compare", "cmu", "--min-score", "0"], "the selection options choose programs for --top N"),
    ],
)
def test_errors_are_in_mlprogs_words(invoke: Invoke, args: list[str], said: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"Error: {said}"), result.stderr
    first = result.stderr.removeprefix("Error: ")[0]
    assert first in {"'", "-"} or first.islower(), result.stderr  # one capitalisation
    for words in CLICK_WORDS:
        assert words not in result.stderr, words


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["compare", "--top", "2", "--state", "AK"], "no programs match: state AK."),
        (["payoff", "--top", "3", "--state", "AK"], "no programs match: state AK."),
        (["cost", "--top", "3", "--state", "AK", "--json"], "no programs match: state AK."),
        (["cost", "--shortlist"], "your shortlist is empty: add programs with 'mlprog shortlist add"),
        (["rank", "--shortlist", "--json"], "your shortlist is empty"),
    ],
)
def test_nothing_to_work_on_is_not_a_usage_error(invoke: Invoke, args: list[str], said: str) -> None:
    """The command line is right, so: exit 1, and no pointer to --help that would not help."""
    result = invoke(*args)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"Error: {said}"), result.stderr
    assert "--help" not in result.stderr
    assert result.stdout == ""


def test_a_long_list_is_shortened_to_the_nearest_few(invoke: Invoke) -> None:
    near = invoke("rank", "--fields", "id,earn").stderr
    assert "did you mean earnings_1yr, earnings_4yr or earnings_5yr?" in near
    assert "tuition" not in near  # not the 38 fields
    sort = invoke("rank", "--sort", "nam").stderr
    assert "tuition" not in sort


# --- every empty result says what to do next ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "next_step"),
    [
        (["shortlist", "list"], "add programs with 'mlprog shortlist add PROGRAM...'"),
        (["rank", "--state", "AK"], "Loosen a criterion, or see every program with 'mlprog rank'."),
        (["apply", "list"], "'mlprog apply set PROGRAM --deadline YYYY-MM-DD' records one"),
        (["apply", "list", "--status", "admitted"], "'mlprog apply list' lists them all."),
        (["chart", "--bar", "earnings_5yr"], "come with 'mlprog import scorecard'"),
        (["note", "cmu"], "No note on cmu: 'mlprog note cmu TEXT' writes one."),
    ],
)
def test_every_empty_result_suggests_the_next_command(
    invoke: Invoke, args: list[str], next_step: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert next_step in result.stderr
    assert result.stdout == ""


def test_show_matching_nothing_with_an_import_points_to_unranked(
    invoke: Invoke, tmp_path: Path, folder: Path
) -> None:
    from test_scorecard import write_csv

    home = {"MLPROG_HOME": str(tmp_path / "home")}
    assert invoke("show", "zzzqqq", env=home).stderr.endswith(
        "'mlprog rank' lists every program with its id\n"
    )
    assert invoke("import", "scorecard", str(write_csv(tmp_path / "fos.csv")), env=home).exit_code == 0
    result = invoke("show", "zzzqqq", env=home)
    assert result.exit_code == 1
    assert "'mlprog rank --unranked' lists the institutions of your College Scorecard import" in result.stderr


# --- --sort name folds accents ----------------------------------------------------------------


def test_sort_by_name_folds_accents_and_case(invoke: Invoke, write_data: Callable[..., Path]) -> None:
    names = ["Zeta Institute", "University of Y", "Université X", "universidad Z", "École A"]
    path = write_data([program_entry(n, name=name) for n, name in enumerate(names, start=1)])
    result = invoke("rank", "--data", str(path), "--sort", "name", "--json")
    assert result.exit_code == 0, result.stderr
    order = [program["name"] for program in json.loads(result.stdout)]
    assert order == ["École A", "universidad Z", "Université X", "University of Y", "Zeta Institute"]


# --- every command that prints data takes --json and --format --------------------------------


@pytest.mark.parametrize("command", [["fields"], ["validate"], ["paths"], ["config", "show"], ["schema"]])
def test_json_and_format_everywhere(invoke: Invoke, command: list[str]) -> None:
    as_json = invoke(*command, "--json")
    assert as_json.exit_code == 0, as_json.stderr
    assert json.loads(as_json.stdout) == json.loads(invoke(*command, "--format", "json").stdout)
    ndjson = invoke(*command, "--format", "ndjson")
    assert ndjson.exit_code == 0, ndjson.stderr
    assert all(json.loads(line) for line in ndjson.stdout.splitlines())
    csv = invoke(*command, "--format", "csv")
    if command == ["schema"]:  # a schema is JSON
        assert csv.exit_code == 2
        assert "a schema is JSON" in csv.stderr
    else:
        assert csv.exit_code == 0, csv.stderr
        assert csv.stdout.splitlines()[0].startswith(("name,", "file,"))


def test_paths_and_validate_still_work_when_the_settings_do_not(invoke: Invoke, tmp_path: Path) -> None:
    config = tmp_path / "home" / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("format = [", encoding="utf-8")
    env = {"MLPROG_HOME": str(tmp_path / "home")}
    assert invoke("paths", "--format", "csv", env=env).exit_code == 0
    assert invoke("validate", "--format", "csv", env=env).exit_code == 1  # the settings file named


# --- '-' is standard input --------------------------------------------------------------------


def test_dash_is_standard_input(folder: Path, tmp_path: Path) -> None:
    from mlprog.files.reading import bundled_data_path

    home = tmp_path / "home"
    data = bundled_data_path().read_text(encoding="utf-8")
    env = _environment(home)

    def run(*args: str, given: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*MLPROG, *args], input=given, capture_output=True, text=True, env=env, cwd=tmp_path, check=False
        )

    ok = run("validate", "-", given=data)
    assert (ok.returncode, ok.stdout) == (0, "-: ok\n")
    bad = run("validate", "-", "--json", given=data.replace("tuition = ", "tuition = -", 1))
    assert bad.returncode == 1
    problems = json.loads(bad.stdout)["problems"]
    assert problems
    assert problems[0].startswith("line ")  # located by reading standard input again, as kept
    ranked = run("rank", "--data", "-", "--json", "--limit", "2", given=data)
    assert [p["id"] for p in json.loads(ranked.stdout)] == ["cmu", "usc"]
    (tmp_path / "-").write_text("not the data", encoding="utf-8")  # ./- is a file; - is not
    assert run("validate", "-", given=data).returncode == 0
    assert run("validate", "./-", given=data).returncode == 1

    from test_scorecard import write_csv

    csv = write_csv(tmp_path / "fos.csv").read_text(encoding="utf-8")
    before = snapshot(folder)
    imported = run("import", "scorecard", "-", given=csv)
    assert imported.returncode == 0, imported.stderr
    assert (home / "data" / "scorecard.sqlite").is_file()
    shown = json.loads(run("show", "cmu", "--json", given="").stdout)
    assert shown["scorecard"] is not None
    assert snapshot(folder) == before


@pytest.mark.slow
def test_dash_is_never_a_terminal(folder: Path) -> None:
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [*MLPROG, "validate", "-"],
            stdin=follower,
            capture_output=True,
            text=True,
            env=_environment(folder / "home"),
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 1
    assert "standard input is a terminal" in result.stderr


# --- shell completion --------------------------------------------------------------------------


def bash_completes(words: list[str], folder: Path) -> list[str]:
    """What bash itself puts in COMPREPLY for these words (the last being completed), through
    mlprog's own completion script."""
    script = Path(sys.executable).parent / "mlprog"
    env = _environment(folder / "home", PATH=f"{script.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    array = " ".join(shlex.quote(word) for word in words)
    program = (
        'eval "$(_MLPROG_COMPLETE=source_bash mlprog)"\n'
        f"COMP_WORDS=({array}); COMP_CWORD={len(words) - 1}\n"
        '_mlprog_completion mlprog\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", program], capture_output=True, text=True, env=env, check=True
    )
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.slow
@pytest.mark.parametrize(
    "typed",
    [
        ["mlprog", "show", "new\\ y"],  # the name as one word, its space escaped
        ["mlprog", "show", "new", "y"],  # as two words
        ["mlprog", "show", "'new y"],  # inside an open quote
    ],
    ids=" ".join,
)
def test_bash_completes_a_name_in_words_as_words_the_shell_keeps(typed: list[str], folder: Path) -> None:
    offered = bash_completes(typed, folder)
    assert offered
    before = " ".join(typed[:-1])
    for candidate in offered:
        words = shlex.split(f"{before} {candidate}")  # bash puts it in place of the word, as it is
        assert " ".join(words[2:]).lower().startswith("new york u"), (candidate, words)
        assert len(words) == len(typed), (candidate, words)  # the word completed is still one word


def test_a_bogus_completion_request_is_an_error(folder: Path) -> None:
    result = piped([], folder / "home", folder, _MLPROG_COMPLETE="bogus_bash")
    assert result.returncode == 2
    assert result.stderr.startswith("Error: _MLPROG_COMPLETE='bogus_bash' is not a completion request")
    assert result.stdout == ""


# --- a selection option given as 0 is given ---------------------------------------------------


def test_zero_is_a_given_value() -> None:
    from mlprog.commands.selecting import Picked

    assert Picked(min_score=0).narrows
    assert Picked(min_graduation_rate=0).narrows
    assert not Picked().narrows
