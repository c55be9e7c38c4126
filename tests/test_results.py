"""The contract between the answers and the output: every result can be shown to a person.

The result types are found by introspection: every class of ``mlprog.answers``
that has each member of the ``Result`` protocol (read from answers/__init__.py,
where it is declared for type checkers only). Each is drawn by a table or card of
:mod:`mlprog.render`, or gives its own lines of plain text: one or the other,
never neither (it could not be shown as a table) and never both (one would
never be used).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import types
import typing
from pathlib import Path

import pytest

import mlprog.answers
from mlprog.answers.data import JsonDocument
from mlprog.output import Output, emit
from mlprog.render import DRAWERS_BY_MODULE, drawer_for


def protocol_members() -> set[str]:
    """The members of the Result protocol, as answers/__init__.py declares them."""
    tree = ast.parse(Path(mlprog.answers.__file__).read_text(encoding="utf-8"))
    [protocol] = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef) and node.name == "Result"]
    return {node.name for node in protocol.body if isinstance(node, ast.FunctionDef)}


MEMBERS = protocol_members()


def answer_modules() -> list[types.ModuleType]:
    """The package and each of its modules, imported."""
    names = [info.name for info in pkgutil.iter_modules(mlprog.answers.__path__, "mlprog.answers.")]
    return [mlprog.answers, *(importlib.import_module(name) for name in sorted(names))]


def result_types() -> list[type]:
    """Every class defined in mlprog.answers that has every member of the Result protocol."""
    return [
        kind
        for module in answer_modules()
        for _, kind in inspect.getmembers(module, inspect.isclass)
        if kind.__module__ == module.__name__ and all(hasattr(kind, member) for member in MEMBERS)
    ]


RESULT_TYPES = result_types()


def drawn(kind: type) -> bool:
    """Whether a table or card of mlprog.render draws this class."""
    try:
        drawer_for(kind)
    except TypeError:
        return False
    return True


def gives_lines(kind: type) -> bool:
    """Whether ``plain_text()`` is declared to return lines, never None."""
    returned = typing.get_type_hints(kind.plain_text)["return"]  # read where it is defined
    return returned is not type(None) and type(None) not in typing.get_args(returned)


def test_the_protocol_and_the_result_types_are_found() -> None:
    assert {"empty_note", "rows", "document", "columns", "plain_text"} <= MEMBERS
    names = {kind.__name__ for kind in RESULT_TYPES}
    assert {
        "Selection",  # rank and filter, a Listing without a plain_text of its own
        "Explanation",
        "Comparison",
        "ProgramCard",
        "ProfileList",
        "CostReport",
        "ShortlistListing",
        "StateComparison",
        "ApplicationListing",
        "Chart",
        "Validation",
        "JsonDocument",
        "CareerList",
        "ConfigReport",
    } <= names
    assert "Listing" not in names  # the base of listings is no result: it says nothing when empty
    assert len(names) == len(RESULT_TYPES)  # one class, one name


@pytest.mark.parametrize("kind", RESULT_TYPES, ids=lambda kind: kind.__name__)
def test_every_result_is_drawn_or_plain_text(kind: type) -> None:
    assert drawn(kind) or gives_lines(kind), f"{kind.__name__} has no table or card and no plain text"
    assert not (drawn(kind) and gives_lines(kind)), f"{kind.__name__} has a table and plain text"


def test_each_drawer_is_for_a_result_of_the_module_it_is_listed_under() -> None:
    """The drawers are looked up by the module a result comes from, then by its class: each is
    listed under its class's module, and its function is declared to draw that class."""
    listed = []
    for module, drawers in DRAWERS_BY_MODULE.items():
        for drawer in drawers():
            assert drawer.kind.__module__ == module, drawer.kind
            assert drawer.kind in RESULT_TYPES, drawer.kind
            first = next(iter(inspect.signature(drawer.draw).parameters.values()))
            assert first.annotation == drawer.kind.__name__, (drawer.kind, first.annotation)
            listed.append(drawer.kind)
    assert len(listed) == len(set(listed)) == sum(map(drawn, RESULT_TYPES))


def test_a_class_no_table_draws_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="no table or card is defined for JsonDocument"):
        drawer_for(JsonDocument)


def test_a_json_document_shown_as_text_is_its_json(capsys: pytest.CaptureFixture[str]) -> None:
    content = {"title": "mlprog program", "type": "object", "note": "ünïcode"}
    emit(JsonDocument(content), Output())  # a table, were one asked for: the JSON, indented
    out = capsys.readouterr().out
    assert json.loads(out) == content
    assert out.splitlines()[1] == '  "title": "mlprog program",'
