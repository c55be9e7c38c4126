"""The base of mlprog's records: ``typing.NamedTuple`` without its run-time checks.

At the bottom of the package, so that every module may make its records on it,
:mod:`mlprog.errors` included (its :class:`~mlprog.errors.Problem`);
:mod:`mlprog.model` gives it to the others.
"""

from __future__ import annotations

from collections import namedtuple
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type checkers see typing's NamedTuple, and check the records' fields
    from typing import NamedTuple as NamedTuple  # noqa: PLC0414 - re-exported
else:

    class _RecordType(type):
        """Makes each class that names :class:`NamedTuple` as its base a ``collections.namedtuple``.

        ``typing.NamedTuple`` does the same, but first checks each field's
        annotation, compiling it into a ``ForwardRef`` when it is text (as under
        ``from __future__ import annotations``): about 70,000 instructions a
        field, 5.5 million for :mod:`mlprog.model`'s records alone, on every run
        (benchmarks/README.md). Type checkers see ``typing.NamedTuple`` itself
        and check the fields; here the annotations are kept as written.
        """

        def __new__(mcs, name, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(mcs, name, bases, namespace)
            annotations = namespace.get("__annotations__", {})
            with_default = [field for field in annotations if field in namespace]
            if with_default and with_default != list(annotations)[-len(with_default) :]:
                raise TypeError(f"{name}: a field without a default follows one with a default")
            record = namedtuple(
                name,
                annotations,
                defaults=[namespace[field] for field in with_default],
                module=namespace["__module__"],
            )
            record.__annotations__ = annotations
            for key, value in namespace.items():  # methods, properties, the docstring, __qualname__
                if key in _RECORD_OWN:
                    raise AttributeError(f"{name}: a record cannot define {key}")
                if key not in ("__module__", "__annotations__") and key not in annotations:
                    setattr(record, key, value)
            return record

    #: What collections.namedtuple defines, which a record's body may not replace (as typing says).
    _RECORD_OWN = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make"}
        | {"_replace", "_asdict", "_source"}
    )

    class NamedTuple(metaclass=_RecordType):
        """``typing.NamedTuple`` without its checks of the annotations: the base of mlprog's records."""
