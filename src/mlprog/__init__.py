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

# This module imports nothing that ``python -c pass`` has not already loaded
# (tests/test_startup_structure.py checks): every ``mlprog`` process runs it
# before the entry point's Ctrl-C handler is in place, so it is kept to the
# bare minimum. Hence no ``from __future__``, no ``typing`` and no ``importlib``.
import sys

# Type checkers treat a name so called as true; at run time it is a constant.
TYPE_CHECKING = False

_EXPORTS = {
    "Criteria": "criteria",
    "DataError": "errors",
    "Dataset": "model",
    "MlprogError": "errors",
    "Program": "model",
    "ProgramNotFound": "errors",
    "UsageError": "errors",
    "chart_programs": "answers.chart",
    "compare_programs": "answers.programs",
    "cost_programs": "answers.cost",
    "explain_match": "answers.filtering",
    "filter_programs": "criteria",
    "find_program": "query",
    "list_profiles": "answers.programs",
    "load_dataset": "dataset.load",
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
    from typing import Any

    from .answers.chart import chart_programs
    from .answers.cost import cost_programs
    from .answers.data import validate_data
    from .answers.filtering import explain_match, select_programs
    from .answers.programs import compare_programs, list_profiles, show_program
    from .answers.rank import rank_programs
    from .criteria import Criteria, filter_programs
    from .dataset.load import load_dataset
    from .errors import DataError, MlprogError, ProgramNotFound, UsageError
    from .frontier import value_frontier
    from .model import Dataset, Program
    from .query import find_program, sort_programs
    from .version import __version__


def __getattr__(name: str) -> "Any":
    """Import a public name from its module the first time it is asked for."""
    if name == "__version__":  # in a module of its own, which the data cache reads too
        module_name = f"{__name__}.version"
    elif name in _EXPORTS:
        module_name = f"{__name__}.{_EXPORTS[name]}"
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    __import__(module_name)
    return getattr(sys.modules[module_name], name)
