"""The program fields not from the page (declared in :mod:`mlprog.dataset.schema`): the ones an
import of the College Scorecard fills, and the all-in cost.

Each is null until `mlprog import scorecard`, and where the Scorecard reports
nothing; earnings_1yr, earnings_4yr, debt_median and completions are filled from
the bundled Scorecard release (show: always), and all_in_cost worked out, when --sort,
--weight, --fields, --min-earnings or a chart's axis names them (see
mlprog.commands.selecting.with_bundled_figures): null in JSON means "not asked for" too.
None may be given by a data file.
"""

#: Said before each Scorecard field's description in the JSON Schema.
_SCORECARD = (
    "College Scorecard (your import; else the bundled release, sourced in `outcomes`, filled only when "
    "asked for: --fields, --sort, --weight, --min-earnings, a chart's axis, or show; null when not "
    "asked for, or where the Scorecard gives none)"
)

#: (name, JSON type, what it is): the figures of a program's main field of study.
OUTCOME_FIELDS = (
    (
        "earnings_1yr",
        "integer",
        f"{_SCORECARD}: median earnings one year after completing, in US dollars, of the "
        "program's main field of study (the one with the most completions)",
    ),
    ("earnings_4yr", "integer", f"{_SCORECARD}: median earnings four years after completing"),
    ("earnings_5yr", "integer", f"{_SCORECARD}: median earnings five years after completing"),
    ("debt_median", "integer", f"{_SCORECARD}: median federal loan debt of the main field of study"),
    ("completions", "integer", f"{_SCORECARD}: completions in the main field of study"),
    (
        "debt_to_earnings",
        "number",
        f"{_SCORECARD}: median debt over median earnings a year after; lower is better",
    ),
    (
        "earnings_premium",
        "integer",
        f"{_SCORECARD}: master's median earnings a year after, less the same institution's "
        "bachelor's in the same field; cost's payback uses it",
    ),
    (
        "all_in_cost",
        "integer",
        "not from the Scorecard: the middle of `mlprog payoff`'s all-in cost with no salary and no "
        "support (tuition over the program's length, plus HUD's one-bedroom rent or your living "
        "setting for its months), in US dollars; worked out when --sort, --weight, --fields or a chart "
        "names it, null otherwise (and where it cannot be: no tuition, no living cost)",
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
    "all_in_cost": False,
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
