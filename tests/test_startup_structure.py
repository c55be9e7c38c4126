"""What each path imports: structure that keeps start-up fast (timings live in benchmarks/)."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlprog.cli import app

# The module list of a command must be a fresh process's: what `python -c` loads to import
# mlprog's entry point's reader and run the command line. The driver does the first step, the
# same for every command line, once (import mlprog.direct: a fixed set of modules), then
# forks a child for each command line in turn. Each child is that fresh process from there on:
# it runs its command with stdout and stderr on pipes and lists its modules last on stderr,
# and ends at once (no teardown). A test below checks that a child lists what a process of
# its own does.
_FORK_AND_LIST = """
import os, sys
import mlprog.direct
for args, home in {jobs!r}:
    child = os.fork()
    if child == 0:
        if home is not None:
            os.chdir(home)
            os.environ["MLPROG_HOME"] = home
        sys.argv = ["mlprog", *args]
        try:
            mlprog.direct.main()
        except SystemExit:
            pass
        sys.stdout.flush()
        sys.stderr.write("\\nMODULES=" + repr(sorted(sys.modules)) + "\\n")
        sys.stderr.flush()
        os._exit(0)
    os.waitpid(child, 0)
"""
_LISTED = re.compile(r"^MODULES=(\[.*\])$", re.MULTILINE)


def modules_after_each(*jobs: tuple[list[str], Path | None]) -> list[set[str]]:
    """The modules loaded by ``mlprog ARGS`` for each job (ARGS, HOME), each as a fresh process
    has them. With a HOME, the command runs in it, with MLPROG_HOME set to it."""
    listed = [(args, None if home is None else str(home)) for args, home in jobs]
    result = subprocess.run(
        [sys.executable, "-c", _FORK_AND_LIST.format(jobs=listed)],
        capture_output=True,
        text=True,
        check=False,
    )
    found = [set(ast.literal_eval(modules)) for modules in _LISTED.findall(result.stderr)]
    assert len(found) == len(jobs), result.stderr  # every child listed its modules
    return found


def modules_after(*args: str) -> set[str]:
    """The modules loaded by a real process that runs ``mlprog ARGS``."""
    return modules_after_each((list(args), None))[0]


def modules_after_all(*command_lines: list[str]) -> list[set[str]]:
    """The modules of each command line, each as a fresh process has them (one driver for all)."""
    return modules_after_each(*((args, None) for args in command_lines))


def loaded(modules: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in modules)


def modules_of(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running CODE (which imports nothing to report)."""
    probe = f"import sys\n{code}\nsys.stdout.write(repr(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(ast.literal_eval(result.stdout))


def test_import_mlprog_loads_no_module_the_interpreter_has_not_already() -> None:
    """``import mlprog`` runs before the entry point's Ctrl-C handler, in every process: it adds
    mlprog itself and nothing else (no typing, importlib, __future__), so that window is as short
    as it can be, and the library's own import costs next to nothing."""
    interpreter = modules_of("pass")
    assert "sys" in interpreter  # the probe really listed them
    assert modules_of("import mlprog") - interpreter == {"mlprog"}
    # The public names still come on first use.
    assert "mlprog.criteria" in modules_of("import mlprog\nmlprog.Criteria")


def test_json_commands_do_not_import_rich_or_other_heavy_modules() -> None:
    lines = (["rank", "--json"], ["show", "cmu", "--json"], ["compare", "cmu", "usc", "--json"])
    for args, modules in zip(lines, modules_after_all(*lines), strict=True):
        assert "mlprog.dataset.load" in modules  # the probe really ran the command
        for heavy in (
            "rich",
            "pydantic",
            "platformdirs",
            "mlprog.render",
            "mlprog.cost",
            "mlprog.answers.cost",
            "mlprog.weights",
            "csv",
            "mlprog.dataset.cache",  # the bundled data is small: parsed, never cached
            "sqlite3",
            "textual",
            # A plain command line is read without Typer (mlprog.direct), nor what it loads.
            "typer",
            "inspect",
            "mlprog.cli",
        ):
            assert not loaded(modules, heavy), (args, heavy)


def test_only_apply_export_imports_icalendar() -> None:
    """icalendar is for `mlprog apply export`: the other commands, apply's included, never load it."""
    lines = (
        ["rank", "--json"],
        ["apply", "list", "--json"],
        ["apply", "list"],
        ["paths"],
        ["apply", "export"],
    )
    *others, export = modules_after_all(*lines)
    for args, modules in zip(lines, others, strict=False):
        assert "mlprog.dataset.load" in modules or "mlprog.answers.user" in modules  # the probe really ran
        assert not loaded(modules, "icalendar"), args
        assert ("mlprog.user.applications" in modules) == (args[0] == "apply"), args
    assert loaded(export, "icalendar")


def test_version_loads_no_data_and_no_rich() -> None:
    modules = modules_after("--version")
    assert not loaded(modules, "rich")
    assert not loaded(modules, "tomli")


def test_tables_import_rich_but_not_json() -> None:
    modules = modules_after("rank")
    assert loaded(modules, "rich")
    assert not loaded(modules, "json")


def test_drawing_a_table_loads_no_other_commands_answers() -> None:
    """render finds a result's drawer through the module the result came from: drawing one kind
    of result never imports the modules of the others (nor what they import: JSON, dates, costs)."""
    others = {
        "mlprog.answers.cost",
        "mlprog.cost",
        "mlprog.answers.applications",
        "mlprog.answers.user",
        "mlprog.answers.page",
    }
    owns = (
        (["rank"], set()),
        (["compare", "cmu", "usc"], set()),
        (["show", "cmu"], set()),
        (["cost", "cmu", "uw"], {"mlprog.answers.cost", "mlprog.cost"}),
        (["states"], {"mlprog.answers.page"}),
    )
    for (args, own), modules in zip(owns, modules_after_all(*(args for args, _ in owns)), strict=True):
        assert "mlprog.render" in modules, args  # the probe really drew a table
        assert modules & others == own, args


def test_only_browse_imports_textual() -> None:
    """The drawing commands do not import Textual; browse does, but only once it has a terminal."""
    lines = (["rank"], ["show", "cmu"], ["compare", "cmu", "usc"], ["chart"], ["--help"], ["browse"])
    *drawing, refused = modules_after_all(*lines)  # the probe's stdout is a pipe: browse is refused
    for args, modules in zip(lines, drawing, strict=False):
        assert "mlprog.dataset.load" in modules or args == ["--help"]
        assert not loaded(modules, "textual"), args
        assert not loaded(modules, "mlprog.browse"), args
    assert "mlprog.commands.browse" in refused
    assert not loaded(refused, "textual")


def test_the_core_imports_neither_typer_nor_rich() -> None:
    """Every core module imported, and the data loaded, in a fresh process: no terminal library."""
    from test_structure import CORE

    code = (
        "import importlib, sys, json\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "import mlprog.dataset.load\n"
        "mlprog.dataset.load.load_dataset()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(json.loads(result.stdout))
    assert {
        "mlprog.query",
        "mlprog.answers.rank",
        "mlprog.dataset.schema",
        "mlprog.cost",
        "mlprog.answers.cost",
    } <= modules
    assert not loaded(modules, "typer")
    assert not loaded(modules, "rich")
    assert not loaded(modules, "click")


def test_the_entry_point_exits_with_the_commands_code() -> None:
    for args, code in ((["rank", "--json"], 0), (["show", "nope"], 1), (["rank", "--limit", "0"], 2)):
        result = subprocess.run([sys.executable, "-m", "mlprog", *args], capture_output=True, check=False)
        assert result.returncode == code, args
    ok = subprocess.run([sys.executable, "-m", "mlprog", "rank", "--json"], capture_output=True, check=True)
    assert len(json.loads(ok.stdout)) == 25  # all output flushed before the fast exit


def test_exit_code_of_a_message() -> None:
    from mlprog.__main__ import _exit_code

    assert _exit_code(SystemExit()) == 0
    assert _exit_code(SystemExit(2)) == 2
    assert _exit_code(SystemExit("bye")) == 1


COMMAND_MODULES = {"apply", "browse", "data", "explore", "page", "plan", "show", "user"}


def test_a_command_loads_no_other_commands_module() -> None:
    """Each run imports the module of its own command only (cli.py registers them by name)."""
    runs = {
        ("rank", "--json", "--limit", "1"): "explore",
        ("show", "cmu"): "show",
        ("cost", "cmu", "--json"): "plan",
        ("states", "--json"): "page",
        ("shortlist", "list", "--json"): "user",
        ("apply", "list", "--json"): "apply",
        ("fields", "--json"): "data",
    }
    *listed, version = modules_after_all(*(list(args) for args in runs), ["--version"])
    for (args, own), modules in zip(runs.items(), listed, strict=True):
        commands = {name.removeprefix("mlprog.commands.") for name in modules} & COMMAND_MODULES
        assert commands == {own}, (args, commands)
    assert not {f"mlprog.commands.{name}" for name in COMMAND_MODULES} & version


# --- what each command imports, listed ------------------------------------------------------

#: In every process: the entry point's reader of plain command lines, and its table.
BASE = {"direct", "direct_table", "errors", "records", "text", "text.sanitize"}
#: A command line mlprog.direct leaves to Typer (help, a group's command, a mistake): the
#: Typer app, and what it imports that is not Python's.
TYPER = {"cli", "commands.declare", "text.said", "version", "typer", "annotated_doc", "shellingham"}
#: In every command that runs: its options and what they are checked against.
COMMAND = {
    *("answers", "commands", "commands.options", "criteria", "dataset", "dataset.states"),
    *("dataset.validators", "files", "files.reading", "formats", "model", "output"),
    *("scorecard", "scorecard.fields", "user", "user.settings", "commands.declare"),
    "commands.completion",  # the options' completion callbacks, named where they are declared
}
#: Reading the data (the bundled data from its parsed copy: no TOML parser, see
#: files.reading.parsed_copy; a command that reads a user's file adds tomli).
DATA = {"dataset.build", "dataset.load", "dataset.overlay", "dataset.schema", "files.paths", "page_sections"}
#: Drawing a table or a card (Rich).
TABLE = {"render", "render.common", "render.plain", "text.fitting", "rich"}
#: Each kind of drawing's own module (a ranking table loads no card's, nor a grid's).
ROWS, GRID, CARD = {"render.rows"}, {"render.grids"}, {"render.cards", "render.laid_card"}
#: The shortlist and notes.
LISTS = {"commands.common", "commands.user", "files.userfile", "query", "user.shortlist"}
#: The applications.
APPLY = {
    "commands.apply",
    "commands.apply_options",
    "commands.common",
    "files.userfile",
    "query",
    "user.applications",
    "user.deadlines",
    "user.offers",
}
#: The bundled outcomes, wages and rents (show's card and careers).
FIGURES = {"figures", "figures.files", "figures.living", "figures.local", "figures.outcomes", "figures.wages"}
EXPLORE = {"commands.common", "commands.explore", "commands.selecting", "query"}
#: show's own module: it takes no selection option, so it loads neither the explorer's module
#: nor commands.selecting (about 6 M instructions on each run when it did).
SHOW = {"commands.common", "commands.show", "query"}

#: Each command line (run with a shortlist of cmu and an application to cmu on file) and every
#: module it loads: mlprog's (without the "mlprog." prefix) and the packages that are not
#: Python's own. A module a command does not need is a cost on each of its runs; a new one here
#: fails the test below, which prints what came and went.
IMPORTS: dict[str, set[str]] = {
    # mlprog's own options and no command at all: Typer's, without the table of commands.
    "--version": (BASE - {"direct_table"}) | TYPER | {"commands"},
    "--help": (BASE - {"direct_table"}) | TYPER | {"commands", "commands.helptext"},
    "": (BASE - {"direct_table"}) | TYPER | {"commands", "commands.helptext"},
    "rank --json": BASE | COMMAND | DATA | EXPLORE | {"answers.selection"},
    "rank": BASE | COMMAND | DATA | TABLE | ROWS | EXPLORE | {"answers.selection", "weights"},
    "filter --json": BASE | COMMAND | DATA | EXPLORE | {"answers.selection"},
    "compare cmu usc --json": BASE | COMMAND | DATA | EXPLORE | {"answers.programs"},
    "compare cmu usc": BASE | COMMAND | DATA | TABLE | GRID | EXPLORE | {"answers.programs"},
    "show cmu --json": BASE
    | COMMAND
    | DATA
    | SHOW
    | FIGURES
    | {"answers.programs", "files.userfile", "user.shortlist"},
    "show cmu": BASE
    | COMMAND
    | DATA
    | TABLE
    | CARD
    | SHOW
    | FIGURES
    | {"answers.programs", "files.userfile", "user.shortlist"},
    "chart --json": BASE
    | COMMAND
    | DATA
    | EXPLORE
    | {"answers.chart", "answers.selection", "frontier", "text.fitting"},
    "chart": BASE
    | COMMAND
    | DATA
    | EXPLORE
    | {"answers.chart", "answers.selection", "frontier", "text.fitting", "text.charts", "plotille"},
    "browse": BASE
    | TYPER  # refused: stdout is not a terminal, so neither the data nor Textual is loaded
    | COMMAND
    | (DATA - {"files.paths"})
    | {"browse", "commands.browse", "commands.common", "commands.selecting", "query"}
    | {"text.fitting"},  # its refusal, wrapped at the terminal's width
    "profiles --json": BASE
    | COMMAND
    | DATA
    | {"answers.programs", "commands.common", "commands.plan", "commands.selecting", "query"},
    "cost cmu --json": BASE
    | COMMAND
    | DATA
    | {"answers.cost", "commands.common", "commands.plan", "commands.selecting", "cost", "query"},
    # payoff: cost's modules, its own, and the bundled figures it reads (its flat rows only for
    # CSV and the like: answers.payoff_rows is not here).
    "payoff cmu --json": BASE
    | COMMAND
    | DATA
    | FIGURES
    | {"answers.cost", "commands.common", "commands.plan", "commands.selecting", "cost", "query"}
    | {"answers.payoff", "answers.payoff_sources", "payoff"},
    "payoff cmu": BASE
    | COMMAND
    | DATA
    | TABLE
    | GRID
    | ROWS
    | FIGURES
    | {"answers.cost", "commands.common", "commands.plan", "commands.selecting", "cost", "query"}
    | {"answers.payoff", "answers.payoff_sources", "payoff", "render.payoff"},
    "fields --json": BASE | COMMAND | {"answers.data", "commands.data", "dataset.schema", "page_sections"},
    "schema": BASE
    | COMMAND
    | {"answers.data", "commands.data", "dataset.document_schemas", "dataset.schema", "page_sections"},
    "validate --json": BASE
    | COMMAND
    | DATA
    | {
        "answers.data",
        "commands.data",
        "files.userfile",
        "user.applications",
        "user.deadlines",
        "user.offers",
        "user.shortlist",
    },
    "sources --json": BASE
    | COMMAND
    | DATA
    | {"answers.data", "commands.data"}
    | (FIGURES - {"figures.local"}),
    "import scorecard missing.csv": BASE
    | TYPER
    | COMMAND
    | TABLE
    | {"commands.data", "files.interrupted", "render.progress"}
    | {"commands.common", "query"}
    | {f"scorecard.{name}" for name in ("field_of_study", "outcomes", "rows", "save", "store")}
    | {"scorecard.summary", "scorecard.unranked"},
    "careers --json": BASE | COMMAND | DATA | {"answers.page", "commands.page", "query", "text.fitting"},
    "states --json": BASE | COMMAND | DATA | {"answers.page", "commands.page", "query", "text.fitting"},
    "guide --json": BASE | COMMAND | DATA | {"answers.page", "commands.page", "query", "text.fitting"},
    "note cmu": BASE | TYPER | COMMAND | DATA | LISTS | {"answers.user", "text.fitting"},
    "paths --json": BASE
    | TYPER
    | COMMAND
    | {"answers.user", "commands.common", "commands.user", "files.paths", "query"},
    "shortlist add uw": BASE | TYPER | COMMAND | DATA | LISTS | {"text.fitting"},
    "shortlist remove cmu": BASE | TYPER | COMMAND | LISTS | {"files.paths", "text.fitting"},
    "shortlist list --json": BASE | TYPER | COMMAND | DATA | LISTS | {"answers.user"},
    "shortlist clear --yes": BASE | TYPER | COMMAND | LISTS | {"files.paths", "text.fitting"},
    "apply set cmu --fee 75": BASE | TYPER | COMMAND | DATA | APPLY | {"text.fitting", "user.shortlist"},
    "apply remove cmu": BASE | TYPER | COMMAND | DATA | APPLY | {"text.fitting"},
    "apply show cmu --json": BASE | TYPER | COMMAND | DATA | APPLY | {"answers.applications"},
    "apply list --json": BASE | TYPER | COMMAND | DATA | APPLY | {"answers.applications"},
    "apply export -o out.ics": BASE
    | TYPER
    | COMMAND
    | DATA
    | APPLY
    | {"answers.applications", "text.fitting", "user.ics", "icalendar", "dateutil"},
    "config show --json": BASE
    | TYPER
    | COMMAND
    | {"answers.user", "commands.common", "commands.user", "files.paths", "query"},
}


def named(modules: set[str]) -> set[str]:
    """mlprog's modules, unprefixed, and the top-level names of the packages that are not Python's own."""
    own = {name.removeprefix("mlprog.") for name in modules if name.startswith("mlprog.")}
    others = {name.split(".")[0] for name in modules} - set(sys.stdlib_module_names)
    # Not packages: a compiled module's helper (tomli's mypyc), the interpreter's set-up.
    others = {
        name for name in others if not name.endswith("__mypyc") and not name.startswith("_sysconfigdata")
    }
    return own | (others - {"mlprog", "__main__", "_distutils_hack", "sitecustomize"})


def loaded_by_each(homes: dict[str, Path]) -> dict[str, set[str]]:
    """What a real ``mlprog`` process loads for each command line, run in its home (see :func:`named`)."""
    listed = modules_after_each(*((line.split(), home) for line, home in homes.items()))
    return {line: named(modules) for line, modules in zip(homes, listed, strict=True)}


@pytest.fixture(scope="session")
def import_lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """What each command line of IMPORTS loads, each run in a home of its own with a shortlist of
    cmu and an application to cmu on file: one driver for them all (see modules_after_each), once
    in each test process that runs one of the tests below."""
    runner = CliRunner()
    homes = {}
    for line in IMPORTS:
        homes[line] = home = tmp_path_factory.mktemp("home")
        for setup in (["shortlist", "add", "cmu"], ["apply", "set", "cmu", "--deadline", "2026-12-10"]):
            assert runner.invoke(app, setup, env={"MLPROG_HOME": str(home)}).exit_code == 0
    return loaded_by_each(homes)


@pytest.mark.slow
@pytest.mark.parametrize("command_line", list(IMPORTS), ids=lambda line: line or "(bare)")
def test_each_command_loads_only_what_it_uses(command_line: str, import_lists: dict[str, set[str]]) -> None:
    loaded = import_lists[command_line]
    expected = IMPORTS[command_line]
    assert loaded == expected, f"new: {sorted(loaded - expected)}; gone: {sorted(expected - loaded)}"
    own = {name for name in loaded if name.startswith("commands.")} - {
        "commands.options",
        "commands.common",
        "commands.selecting",
        "commands.helptext",
        "commands.completion",
        "commands.apply_options",
        "commands.declare",
    }
    assert len(own) <= 1, own  # no command module but its own


def test_the_import_lists_can_fail(tmp_path: Path) -> None:
    """The lists are compared whole: a module more or less is a difference."""
    lists = loaded_by_each({"--version": tmp_path, "fields --json": tmp_path})
    assert lists["--version"] == IMPORTS["--version"]
    assert lists["--version"] != IMPORTS["--version"] | {"commands.explore"}
    assert lists["fields --json"] - IMPORTS["--version"] >= {"commands.data", "model"}


# A process of its own for one command line: the probe that the driver's children stand for.
_RUN_AND_LIST = """
import sys
sys.argv = ["mlprog", *{args!r}]
import mlprog.direct
try:
    mlprog.direct.main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES=" + repr(sorted(sys.modules)))
"""


@pytest.mark.slow
def test_a_forked_child_loads_what_a_process_of_its_own_does(tmp_path: Path) -> None:
    """The driver's children (modules_after_each) start from a driver that has imported
    mlprog.direct: each lists exactly the modules of a process started for its command line alone."""
    runner = CliRunner()
    for setup in (["shortlist", "add", "cmu"], ["apply", "set", "cmu", "--deadline", "2026-12-10"]):
        assert runner.invoke(app, setup, env={"MLPROG_HOME": str(tmp_path)}).exit_code == 0
    lines = [
        "rank",
        "show cmu --json",
        "apply list",
        "--version",
        "browse",
        "fields --json",
        "rank --limit 0",
    ]
    forked = modules_after_each(*((line.split(), tmp_path) for line in lines))
    for line, modules in zip(lines, forked, strict=True):
        alone = subprocess.run(
            [sys.executable, "-c", _RUN_AND_LIST.format(args=line.split())],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
            env={**os.environ, "MLPROG_HOME": str(tmp_path)},
        )
        listed = set(ast.literal_eval(alone.stderr[alone.stderr.rindex("MODULES=") + len("MODULES=") :]))
        assert "mlprog.direct" in listed
        assert ("mlprog.cli" in listed) == (line not in ("rank", "show cmu --json", "fields --json"))
        assert modules == listed, (line, sorted(modules ^ listed))
