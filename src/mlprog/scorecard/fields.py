"""The program fields an import of the College Scorecard fills (declared in :mod:`mlprog.dataset.schema`).

Each is null until `mlprog import scorecard`, and where the Scorecard reports
nothing; none may be given by a data file.
"""

#: (name, JSON type, what it is): the figures of a program's main field of study.
OUTCOME_FIELDS = (
    (
        "earnings_1yr",
        "integer",
        "median earnings one year after completing, in US dollars, of the program's main field "
        "of study (the one with the most completions)",
    ),
    ("earnings_4yr", "integer", "median earnings four years after completing"),
    ("earnings_5yr", "integer", "median earnings five years after completing"),
    ("debt_median", "integer", "median federal loan debt of the main field of study"),
    ("completions", "integer", "completions in the main field of study"),
    ("debt_to_earnings", "number", "median debt over median earnings a year after; lower is better"),
    (
        "earnings_premium",
        "integer",
        "master's median earnings a year after, less the same institution's bachelor's in the same "
        "field; cost's payback uses it",
    ),
)

#: The imported figures that sort, chart and compare like any number, and whether more is better.
OUTCOME_DIRECTIONS: dict[str, bool] = {
    "earnings_1yr": True,
    "earnings_4yr": True,
    "earnings_5yr": True,
    "debt_median": False,
    "debt_to_earnings": False,
    "completions": True,
}

#: The JSON Schema of a program's ``scorecard`` key.
SCORECARD_JSON = {
    "type": ["object", "null"],
    "required": ["source", "main_cip", "fields"],
    "properties": {
        "source": {"type": "object"},
        "main_cip": {"type": ["string", "null"]},
        "fields": {"type": "array", "items": {"type": "object"}},
    },
}
SCORECARD_ABOUT = (
    "College Scorecard (imported): the institution's rows, one per field of study (median earnings "
    "1, 4 and 5 years after, median debt, completions; null where not reported), the main one's CIP "
    "code, and their source; null when nothing is imported for it."
)
