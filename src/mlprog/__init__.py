"""mlprog: explore master's programs in machine learning from the terminal.

The core API needs neither Typer nor Rich::

    from mlprog import load_dataset, find_program
    dataset = load_dataset()
    print(find_program(dataset.programs, "cmu").tuition)

Names are imported on first use, so ``import mlprog`` (and the command line's
start-up) costs almost nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Criteria": "query",
    "DataError": "errors",
    "Dataset": "model",
    "MlprogError": "errors",
    "Program": "model",
    "ProgramNotFound": "errors",
    "filter_programs": "query",
    "find_program": "query",
    "load_dataset": "load",
    "sort_programs": "query",
}

__all__ = [
    "Criteria",
    "DataError",
    "Dataset",
    "MlprogError",
    "Program",
    "ProgramNotFound",
    "__version__",
    "filter_programs",
    "find_program",
    "load_dataset",
    "sort_programs",
]

if TYPE_CHECKING:
    from .errors import DataError, MlprogError, ProgramNotFound
    from .load import load_dataset
    from .model import Dataset, Program
    from .query import Criteria, filter_programs, find_program, sort_programs


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
