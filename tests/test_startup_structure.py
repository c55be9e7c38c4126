"""What each path imports: structure that keeps start-up fast (timings live in benchmarks/)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

# The probe itself imports nothing beyond sys, so every module listed is mlprog's doing.
_RUN_AND_LIST = """
import sys
sys.argv = ["mlprog", *{args!r}]
import mlprog.cli
try:
    mlprog.cli.main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES=" + repr(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    """The modules loaded by a real process that runs ``mlprog ARGS``."""
    result = subprocess.run(
        [sys.executable, "-c", _RUN_AND_LIST.format(args=list(args))],
        capture_output=True,
        text=True,
        check=False,
    )
    marker = result.stderr.rindex("MODULES=")
    return set(ast.literal_eval(result.stderr[marker + len("MODULES=") :]))


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
    for args in (["rank", "--json"], ["show", "cmu", "--json"], ["compare", "cmu", "usc", "--json"]):
        modules = modules_after(*args)
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
        ):
            assert not loaded(modules, heavy), (args, heavy)


def test_only_apply_export_imports_icalendar() -> None:
    """icalendar is for `mlprog apply export`: the other commands, apply's included, never load it."""
    for args in (["rank", "--json"], ["apply", "list", "--json"], ["apply", "list"], ["paths"]):
        modules = modules_after(*args)
        assert "mlprog.dataset.load" in modules or "mlprog.answers.user" in modules  # the probe really ran
        assert not loaded(modules, "icalendar"), args
        assert ("mlprog.user.applications" in modules) == (args[0] == "apply"), args
    assert loaded(modules_after("apply", "export"), "icalendar")


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
    for args, own in (
        (["rank"], set()),
        (["compare", "cmu", "usc"], set()),
        (["show", "cmu"], set()),
        (["cost", "cmu", "uw"], {"mlprog.answers.cost", "mlprog.cost"}),
        (["states"], {"mlprog.answers.page"}),
    ):
        modules = modules_after(*args)
        assert "mlprog.render" in modules, args  # the probe really drew a table
        assert modules & others == own, args


def test_only_browse_imports_textual() -> None:
    """The drawing commands do not import Textual; browse does, but only once it has a terminal."""
    for args in (["rank"], ["show", "cmu"], ["compare", "cmu", "usc"], ["chart"], ["--help"]):
        modules = modules_after(*args)
        assert "mlprog.dataset.load" in modules or args == ["--help"]
        assert not loaded(modules, "textual"), args
        assert not loaded(modules, "mlprog.browse"), args
    refused = modules_after("browse")  # the probe's stdout is a pipe: refused before paying for Textual
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


COMMAND_MODULES = {"apply", "browse", "data", "explore", "page", "plan", "user"}


def test_a_command_loads_no_other_commands_module() -> None:
    """Each run imports the module of its own command only (cli.py registers them by name)."""
    runs = {
        ("rank", "--json", "--limit", "1"): "explore",
        ("show", "cmu"): "explore",
        ("cost", "cmu", "--json"): "plan",
        ("states", "--json"): "page",
        ("shortlist", "list", "--json"): "user",
        ("apply", "list", "--json"): "apply",
        ("fields", "--json"): "data",
    }
    for args, own in runs.items():
        modules = modules_after(*args)
        commands = {name.removeprefix("mlprog.commands.") for name in modules} & COMMAND_MODULES
        assert commands == {own}, (args, commands)
    assert not {f"mlprog.commands.{name}" for name in COMMAND_MODULES} & modules_after("--version")
