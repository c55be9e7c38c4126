"""mlprog: explore master's programs in machine learning from the terminal.

The core API needs neither Typer nor Rich. Each command is one question with
a function of its own that returns a plain result object::

    from mlprog import Criteria, load_dataset, rank_programs, show_program
    dataset = load_dataset()
    print(show_program(dataset, "cmu").program.tuition)
    ranking = rank_programs(dataset, Criteria(type="public"), weights=(("score", 2), ("tuition", -1)))
    print([row["id"] for row in ranking.rows()][:3])

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
    "UsageError": "errors",
    "chart_programs": "answers.chart",
    "compare_programs": "answers.programs",
    "cost_programs": "cost",
    "explain_match": "answers.filtering",
    "filter_programs": "query",
    "find_program": "query",
    "list_profiles": "answers.programs",
    "load_dataset": "load",
    "rank_programs": "answers.rank",
    "select_programs": "answers.filtering",
    "show_program": "answers.programs",
    "sort_programs": "query",
    "validate_data": "answers.data",
    "value_frontier": "frontier",
}

__all__ = [
    "Criteria",
    "DataError",
    "Dataset",
    "MlprogError",
    "Program",
    "ProgramNotFound",
    "UsageError",
    "__version__",
    "chart_programs",
    "compare_programs",
    "cost_programs",
    "explain_match",
    "filter_programs",
    "find_program",
    "list_profiles",
    "load_dataset",
    "rank_programs",
    "select_programs",
    "show_program",
    "sort_programs",
    "validate_data",
    "value_frontier",
]

if TYPE_CHECKING:
    from .answers.chart import chart_programs
    from .answers.data import validate_data
    from .answers.filtering import explain_match, select_programs
    from .answers.programs import compare_programs, list_profiles, show_program
    from .answers.rank import rank_programs
    from .cost import cost_programs
    from .errors import DataError, MlprogError, ProgramNotFound, UsageError
    from .frontier import value_frontier
    from .load import load_dataset
    from .model import Dataset, Program
    from .query import Criteria, filter_programs, find_program, sort_programs


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
