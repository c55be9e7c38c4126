"""What a stored College Scorecard row is: the columns it comes from, its text fields, its
figures and their plausible ranges, and the check of its shape.

The import (:mod:`mlprog.scorecard.field_of_study`) drops a figure that is not plausible as it
reads the file; the store (:mod:`mlprog.scorecard.store`) checks every row it
hands out, so that a damaged file is said to be damaged, never a crash later.
"""

from __future__ import annotations

#: Column -> the key it is kept under. Every one must be in the file.
COLUMNS = {
    "UNITID": "unitid",
    "OPEID6": "opeid6",
    "INSTNM": "institution",
    "CONTROL": "control",
    "CIPCODE": "cip",
    "CIPDESC": "field",
    "CREDLEV": "credential_level",
    "IPEDSCOUNT1": "completions_1",
    "IPEDSCOUNT2": "completions_2",
    "EARN_MDN_1YR": "earnings_1yr",
    "EARN_MDN_4YR": "earnings_4yr",
    "EARN_MDN_5YR": "earnings_5yr",
    "DEBT_ALL_STGP_EVAL_MDN": "debt_median",
}
#: Counts behind the earnings medians: kept when the file has them.
COUNT_COLUMNS = {
    "EARN_COUNT_WNE_1YR": "earnings_count_1yr",
    "EARN_COUNT_WNE_4YR": "earnings_count_4yr",
    "EARN_COUNT_WNE_5YR": "earnings_count_5yr",
}
NUMBERS = (
    "completions_1",
    "completions_2",
    "earnings_1yr",
    "earnings_4yr",
    "earnings_5yr",
    "debt_median",
    *COUNT_COLUMNS.values(),
)
#: The largest plausible figure of each kind. A value beyond it, a negative one, or one that is
#: not finite (``NaN``, ``inf``, ``1e999``) is no measurement: it is dropped (kept as not
#: reported) and counted, so that nothing imported can break a ratio, a sort or a chart. No
#: median earnings or debt comes near 10 million dollars; no program has 10 million graduates.
MAX_DOLLARS = 10_000_000
MAX_COUNT = 10_000_000
#: The dollar figures of a record (the rest of NUMBERS are counts).
DOLLARS = ("earnings_1yr", "earnings_4yr", "earnings_5yr", "debt_median", "bachelors_earnings_1yr")
#: The text fields of a record, as stored.
TEXTS = tuple(key for key in COLUMNS.values() if key not in NUMBERS)
#: Every figure of a stored record, and its largest plausible value.
_LIMITS = {key: MAX_DOLLARS if key in DOLLARS else MAX_COUNT for key in (*NUMBERS, "bachelors_earnings_1yr")}


def plausible(key: str, value: object) -> bool:
    """Whether a stored figure can be used: None, or a finite number from 0 to its kind's maximum."""
    if value is None:
        return True
    if type(value) is not int and type(value) is not float:  # not isinstance: True is no figure
        return False
    # NaN fails every comparison and an infinity exceeds the maximum: both are refused here.
    return 0 <= value <= _LIMITS.get(key, MAX_COUNT)


def valid_record(record: object) -> bool:
    """Whether a stored row has the shape an import writes: a mapping with every text field as
    text (a name that is not blank) and every figure None or plausible (see :func:`plausible`).

    Run on every row a command reads (15,000 institutions for ``rank --unranked``), so it is
    written for speed.
    """
    if type(record) is not dict:
        return False
    get = record.get
    for key in TEXTS:
        if type(get(key)) is not str:
            return False
    if not record["institution"].strip():
        return False
    for key, highest in _LIMITS.items():
        value = get(key)
        if value is not None and not ((type(value) is int or type(value) is float) and 0 <= value <= highest):
            return False
    return True
