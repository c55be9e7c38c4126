"""mlprog: explore master's programs in machine learning from the terminal.

The core API needs neither Typer nor Rich::

    from mlprog import load_dataset, find_program
    dataset = load_dataset()
    print(find_program(dataset.programs, "cmu").tuition)
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import DataError, MlprogError, ProgramNotFound
from .load import load_dataset
from .model import Dataset, Program
from .query import Criteria, filter_programs, find_program, sort_programs

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
