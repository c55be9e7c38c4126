"""mlprog.model.NamedTuple: typing.NamedTuple's records, made without checking each annotation."""

from __future__ import annotations

import pickle
import typing

import pytest

from mlprog import model
from mlprog.commands.selecting import Picked
from mlprog.criteria import Criteria
from mlprog.model import NamedTuple, Program


class Point(NamedTuple):
    """A point, named."""

    x: int
    y: int = 0
    label: str | None = None

    @property
    def total(self) -> int:
        """x and y added."""
        return self.x + self.y


def test_a_record_is_a_named_tuple_with_its_defaults_methods_and_docstring() -> None:
    point = Point(1)
    assert point == (1, 0, None)
    assert isinstance(point, tuple)
    assert Point._fields == ("x", "y", "label")
    assert Point._field_defaults == {"y": 0, "label": None}
    assert point._replace(y=2).total == 3
    assert point._asdict() == {"x": 1, "y": 0, "label": None}
    assert Point.__doc__ == "A point, named."
    assert Point.__module__ == __name__
    assert Point.__qualname__ == "Point"
    assert pickle.loads(pickle.dumps(point)) == point
    with pytest.raises(AttributeError):
        point.x = 2  # type: ignore[misc]


def test_the_annotations_are_kept_as_written_not_compiled() -> None:
    """typing.NamedTuple compiles each text annotation into a ForwardRef on every run: the cost
    this base saves. The text stays (dataset/cache_check.py reads a field's type from it)."""
    assert Point.__annotations__ == {"x": "int", "y": "int", "label": "str | None"}
    assert Program.__annotations__["rank"] == "int | None"
    assert Criteria.__annotations__["max_tuition"] == "int | None"
    assert not any(isinstance(value, typing.ForwardRef) for value in Program.__annotations__.values())
    # Evaluated annotations (a module without the future import) stay the objects they are.
    assert typing.get_origin(Picked.__annotations__["state"]) is typing.Annotated


def test_a_record_is_refused_what_typing_refuses() -> None:
    with pytest.raises(TypeError, match="without a default follows one with a default"):

        class Wrong(NamedTuple):
            first: int = 0
            second: int  # type: ignore[misc]

    with pytest.raises(AttributeError, match="cannot define _replace"):

        class Replacing(NamedTuple):
            first: int

            def _replace(self, **changes: int) -> None:  # type: ignore[override]
                """Not allowed: namedtuple's own."""


def test_every_model_record_uses_the_cheap_base() -> None:
    """typing.NamedTuple classes carry ForwardRefs: none of the model's records does."""
    records = [
        value for value in vars(model).values() if isinstance(value, type) and hasattr(value, "_fields")
    ]
    assert {record.__name__ for record in records} >= {"Program", "Dataset", "Meta", "Degree", "Profile"}
    for record in records:
        assert all(isinstance(value, str) for value in record.__annotations__.values()), record
