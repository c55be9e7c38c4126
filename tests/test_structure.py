"""The shape of the code: no import cycle, a core that knows no terminal, one output path.

The import graph is read from the source with ``ast``, so every import counts:
those made inside functions (lazy imports still form cycles and still pull Rich
in) and those under ``if TYPE_CHECKING:`` (a type-only import still ties two
modules together: neither can be read, moved or changed without the other).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mlprog
from mlprog.cli import app

PACKAGE = Path(mlprog.__file__).resolve().parent

# The command-line edge and the renderer; everything else is the core.
EDGE = (
    "mlprog.cli",
    "mlprog.direct",
    "mlprog.direct_table",
    "mlprog.commands",
    "mlprog.render",
    "mlprog.browse",
    "mlprog.output",
    "mlprog.__main__",
)
TERMINAL_LIBRARIES = ("typer", "click", "rich")


def module_name(path: Path) -> str:
    parts = ("mlprog", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The modules a module imports (mlprog's resolved to module names; others by top-level name)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from .commands import explore` imports a module
                submodule = f"{target}.{alias.name}"
                found.add(submodule if submodule in MODULES else target)
    return {m if m.startswith("mlprog") else m.split(".")[0] for m in found}


GRAPH = {name: {m for m in imports_of(name) if m in MODULES and m != name} for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph as the list of its modules, first repeated at the end; None if acyclic."""
    state: dict[str, int] = {}  # 1 while on the path, 2 once done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_cycle_finder_finds_cycles() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_lazy_and_relative_imports() -> None:
    assert (
        "mlprog.answers.selection" in GRAPH["mlprog.commands.selecting"]
    )  # inside Picked.select: from ..answers.selection import
    assert "mlprog.commands.options" in GRAPH["mlprog.commands.explore"]  # from .options import
    assert "mlprog.answers.cost" in GRAPH["mlprog.commands.plan"]  # imported inside the cost command
    assert "mlprog.answers" in GRAPH["mlprog.answers.selection"]  # from . import Listing
    assert "mlprog.weights" in GRAPH["mlprog.answers.selection"]  # imported inside choose
    assert "mlprog.answers" in GRAPH["mlprog.render"]  # only under TYPE_CHECKING: it counts too


def test_nothing_imports_the_command_line_but_the_entry_point() -> None:
    """cli.py imports each command's module by name (only the one being run), which the graph
    cannot see; a command importing cli back would be a circle, so none may import it."""
    assert sorted(name for name, imported in GRAPH.items() if "mlprog.cli" in imported) == ["mlprog.direct"]


def test_no_import_cycle_in_the_package() -> None:
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH) or [])


def part_of(name: str) -> str:
    """Where a module sits in the layout: its package (``dataset/``) or, at the top, its file."""
    path = MODULES[name].relative_to(PACKAGE)
    return f"{path.parts[0]}/" if len(path.parts) > 1 else path.name


PACKAGE_GRAPH = {
    part: {part_of(target) for name in MODULES if part_of(name) == part for target in GRAPH[name]} - {part}
    for part in {part_of(name) for name in MODULES}
}


def test_the_packages_import_one_way() -> None:
    """No package imports one that imports it back, through any of their modules."""
    assert find_cycle(PACKAGE_GRAPH) is None, " -> ".join(find_cycle(PACKAGE_GRAPH) or [])


ARCHITECTURE = (PACKAGE.parents[1] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def documented_layers() -> list[set[str]]:
    """The layers of docs/ARCHITECTURE.md, top first: the code block that starts with commands/."""
    block = ARCHITECTURE.split("```\ncommands/", 1)[1].split("```", 1)[0]
    lines = ("commands/" + block).splitlines()
    return [set(re.findall(r"\b[a-z_]+(?:/|\.py)", line)) for line in lines if line.strip()]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_is_named_in_the_architecture(name: str) -> None:
    """docs/ARCHITECTURE.md names every module by its path under src/mlprog, in backticks."""
    path = MODULES[name].relative_to(PACKAGE).as_posix()
    assert f"`{path}`" in ARCHITECTURE, f"{path} is not in docs/ARCHITECTURE.md"


def test_the_documented_layers_are_the_imports() -> None:
    """Each line of the architecture's layers imports only from the lines below it."""
    layers = documented_layers()
    layer_of = {part: index for index, layer in enumerate(layers) for part in layer}
    on_top = {"__init__.py", "__main__.py", "direct.py", "direct_table.py", "cli.py"}  # above every layer
    assert set(layer_of) | on_top == set(PACKAGE_GRAPH), "every package and top-level module has a layer"
    for part, targets in PACKAGE_GRAPH.items():
        for target in targets - on_top:
            if part not in on_top:
                assert layer_of[part] < layer_of[target], f"{part} imports {target}, on its line or above"


def test_the_layers_test_can_fail() -> None:
    layers = documented_layers()
    assert {"commands/"} <= layers[0]
    assert {"errors.py", "version.py"} <= layers[-2]
    assert layers[-1] == {"records.py"}  # under errors.py, whose Problem is a record
    assert "files/" in PACKAGE_GRAPH["dataset/"]  # a real edge, downwards


def _is_edge(name: str) -> bool:
    return any(name == edge or name.startswith(edge + ".") for edge in EDGE)


CORE = sorted(name for name in MODULES if not _is_edge(name))


def test_the_core_is_most_of_the_package() -> None:
    for expected in (
        "mlprog.answers.rank",
        "mlprog.dataset.schema",
        "mlprog.dataset.load",
        "mlprog.query",
        "mlprog.cost",
        "mlprog.answers.cost",
    ):
        assert expected in CORE


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_no_terminal_library_and_no_edge_module(name: str) -> None:
    imported = imports_of(name)
    assert not imported & set(TERMINAL_LIBRARIES), name
    assert not [m for m in imported if _is_edge(m)], name


def test_only_the_renderer_and_the_browser_import_rich() -> None:
    users = sorted(name for name in MODULES if "rich" in imports_of(name))
    assert users, "the renderer should import rich"
    assert all(name.startswith(("mlprog.render", "mlprog.browse.")) for name in users), users


def test_only_the_browser_imports_textual_and_only_the_browse_command_imports_it() -> None:
    """Textual is for `mlprog browse`: no other command may pay for importing it."""
    users = sorted(name for name in MODULES if "textual" in imports_of(name))
    assert users == ["mlprog.browse.app", "mlprog.browse.screens"]
    importers = sorted(name for name in MODULES if "mlprog.browse.app" in GRAPH[name])
    assert importers == ["mlprog.commands.browse"]
    assert "textual" not in imports_of("mlprog.browse.view")  # the table's logic is plain Python
    assert {name for name in MODULES if "mlprog.browse.screens" in GRAPH[name]} == {"mlprog.browse.app"}


def test_only_the_chart_drawing_imports_plotille() -> None:
    """plotille is for `mlprog chart`: no other command may pay for importing it."""
    users = sorted(name for name in MODULES if "plotille" in imports_of(name))
    assert users == ["mlprog.text.charts"]
    importers = sorted(name for name in MODULES if "mlprog.text.charts" in GRAPH[name])
    assert importers == ["mlprog.answers.chart"]
    # The package's own import of it is for type checkers only: the public name loads on first use.
    assert "mlprog.answers.chart" not in {
        dep for name in MODULES if name not in ("mlprog.commands.explore", "mlprog") for dep in GRAPH[name]
    }


def test_only_the_calendar_imports_icalendar() -> None:
    """icalendar is for `mlprog apply export` alone: only mlprog.user.ics imports it, only apply that."""
    assert sorted(name for name in MODULES if "icalendar" in imports_of(name)) == ["mlprog.user.ics"]
    assert sorted(name for name in MODULES if "mlprog.user.ics" in GRAPH[name]) == ["mlprog.commands.apply"]


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("mlprog.commands.")))
def test_commands_print_nothing_themselves(name: str) -> None:
    """A command's document goes through output.emit: no json, no writers, no stdout, no print."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    banned_names = {"print", "json", "write_json", "write_ndjson", "write_csv", "write_markdown"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            assert node.id not in banned_names, (name, node.id, node.lineno)
        if isinstance(node, ast.Attribute) and node.attr == "stdout":
            raise AssertionError(f"{name} line {node.lineno} writes to stdout itself")
    assert "json" not in imports_of(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_about_400_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 420, (name, lines)


def test_every_command_is_registered_in_cli_only() -> None:
    """Commands are plain functions; only cli.py registers them (no decorator elsewhere)."""
    for name, path in MODULES.items():
        if name == "mlprog.cli":
            continue
        source = path.read_text(encoding="utf-8")
        assert ".command(" not in source, name
        assert ".add_typer(" not in source, name


# --- the library answers what the command line answers -------------------------------------


def _cli_json(*args: str) -> object:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_library_answers_every_question_the_commands_do() -> None:
    data = mlprog.load_dataset()
    criteria = mlprog.Criteria(states=frozenset({"CA"}))
    ranked = mlprog.rank_programs(data, criteria, weights=(("score", 2.0), ("tuition", -1.0)))
    assert ranked.document(None) == _cli_json("rank", "--state", "CA", "-w", "score=2", "-w", "tuition=-1")
    robotics = mlprog.Criteria(details={"lab": ("robotics",)})
    assert mlprog.select_programs(data, robotics, sort="tuition").document(None) == _cli_json(
        "filter", "--lab", "robotics", "--sort", "tuition"
    )
    assert mlprog.explain_match(data, "usc", robotics).document(None) == _cli_json(
        "filter", "--lab", "robotics", "--explain", "usc"
    )
    pair = [mlprog.find_program(data.programs, name) for name in ("cmu", "uw")]
    assert mlprog.compare_programs(pair, data.meta).document(None) == _cli_json("compare", "cmu", "uw")
    assert mlprog.show_program(data, "cmu").document(None) == _cli_json("show", "cmu")
    assert mlprog.cost_programs(data, pair, employer="google").document(None) == _cli_json(
        "cost", "cmu", "uw", "--employer", "google"
    )
    assert mlprog.list_profiles(data).document(None) == _cli_json("profiles")
    assert mlprog.validate_data().document(None) == _cli_json("validate")


def test_the_public_names_all_resolve() -> None:
    for name in mlprog.__all__:
        assert getattr(mlprog, name) is not None, name
    with pytest.raises(AttributeError):
        _ = mlprog.no_such_name  # type: ignore[attr-defined]


def test_a_ranking_refuses_explain_without_weights() -> None:
    with pytest.raises(mlprog.UsageError, match="--explain"):
        mlprog.rank_programs(mlprog.load_dataset(), explain=True)


def test_the_docs_python_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    page = (PACKAGE.parents[1] / "docs" / "python.md").read_text(encoding="utf-8")
    code = page.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "docs/python.md", "exec"), {})
    first, tuition = capsys.readouterr().out.splitlines()
    assert first.startswith("['")
    assert tuition == str(mlprog.find_program(mlprog.load_dataset().programs, "cmu").tuition)
