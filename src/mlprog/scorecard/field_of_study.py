"""The College Scorecard's Field-of-Study file read: the master's rows of chosen fields of study.

The U.S. Department of Education publishes, per institution, field of study
(4-digit CIP code) and credential level, what graduates earn and owe
(``Most-Recent-Cohorts-Field-of-Study.csv``). :func:`read_field_of_study`
streams that file and keeps the master's rows (``CREDLEV`` 5) of chosen CIP
codes; :mod:`mlprog.scorecard.save` writes them to the user's data folder, from
where :mod:`mlprog.scorecard.outcomes` gives each program the rows of its
institution.

Columns are found by their header name, never by position. ``PS`` (privacy
suppressed) and ``NULL`` are "not reported" (None), never 0. Imported figures
keep their own source beside them and never replace the page's.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import ScorecardError
from ..model import NamedTuple
from .rows import COLUMNS, COUNT_COLUMNS, NUMBERS, plausible

#: Master's degrees, in the file's CREDLEV column; bachelor's (the premium's baseline).
MASTERS = "5"
BACHELORS = "3"
#: The fields kept unless --cip says otherwise: computer and information sciences,
#: computer science, data science, data analytics, information science, statistics.
DEFAULT_CIP = ("1101", "1107", "3070", "3071", "1104", "2705")
#: What the file writes for a figure it does not report.
SUPPRESSED = "PS"
MISSING = ("NULL", "")
FORMAT = 1
SOURCE = "U.S. Department of Education, College Scorecard, Field-of-Study data"


class Imported(NamedTuple):
    """What an import read and kept."""

    records: tuple[dict[str, Any], ...]
    rows: int
    suppressed: int
    cips: tuple[str, ...]
    source_file: str
    #: Figures dropped as implausible (see :data:`MAX_DOLLARS`).
    implausible: int = 0


def cip_code(typed: str) -> str:
    """A 4-digit CIP code as the file may write it (``1107``, ``11.07``, ``101``, ``1107.0``): ``1107``."""
    text = typed.strip().removesuffix(".0")
    if "." in text:
        family, _, detail = text.partition(".")
        text = family.zfill(2) + detail.ljust(2, "0")[:2]
    if not text.isdigit() or len(text) > 4:
        raise ScorecardError(f"{typed!r} is not a 4-digit CIP code such as 1107")
    return text.zfill(4)


def chosen_cips(typed: str | None) -> tuple[str, ...]:
    """The CIP codes of ``--cip`` (comma-separated), or the default ones; a bad code is a usage error."""
    from ..errors import UsageError, shown

    codes = [part for part in (typed or "").split(",") if part.strip()]
    for code in codes:
        try:
            cip_code(code)
        except ScorecardError:
            raise UsageError(
                f"--cip: {shown(code.strip())} is not a CIP code; give 4-digit codes of fields of "
                "study, comma-separated, such as 1107 or 11.07 (computer science)"
            ) from None
    return tuple(codes) or DEFAULT_CIP


#: What :func:`_number` says of a value besides the number: reported, suppressed, implausible.
_REPORTED, _SUPPRESSED, _IMPLAUSIBLE = 0, 1, 2


def _number(text: str, key: str, where: str) -> tuple[float | int | None, int]:
    """A figure, or None where the file reports none (and why: :data:`_SUPPRESSED`, :data:`_IMPLAUSIBLE`)."""
    value = text.strip()
    if value == SUPPRESSED:
        return None, _SUPPRESSED
    if value in MISSING:
        return None, _REPORTED
    try:
        if "_" in value:  # Python reads 1_000 as a number; the Scorecard never writes one so
            raise ValueError(value)
        number = float(value)
    except ValueError:
        raise ScorecardError(f"{where}: {value[:40]!r} is not a number, PS or NULL") from None
    if not plausible(key, number):
        return None, _IMPLAUSIBLE
    return (int(number) if number.is_integer() else number), _REPORTED


class _Counted(io.RawIOBase):
    """A binary file that reports the bytes read so far, for a progress bar."""

    def __init__(self, raw: io.RawIOBase, report: Callable[[int], None] | None) -> None:
        super().__init__()
        self.raw, self.report, self.done = raw, report, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer) or 0
        self.done += count
        if self.report is not None:
            self.report(self.done)
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


def read_field_of_study(
    path: Path, cips: Sequence[str] = DEFAULT_CIP, progress: Callable[[int], None] | None = None
) -> Imported:
    """Stream the file and keep the master's rows of the chosen CIP codes.

    ``progress`` is called with the bytes read so far. Anything that is not
    the Field-of-Study file (a missing column, another delimiter, a short row,
    a byte that is not UTF-8, an empty file) is a ScorecardError naming the
    file and, where there is one, the line.
    """
    import csv  # here: `show` reads imported figures without the CSV module

    wanted = {cip_code(c) for c in cips}
    from_stdin = str(path) == "-"  # standard input: a pipe is what it is for
    if from_stdin and (sys.stdin is None or sys.stdin.isatty()):
        raise ScorecardError("-: standard input is a terminal; pipe or redirect the CSV into it")
    if not from_stdin and path.exists() and not path.is_file():  # a folder, a FIFO, a device: never waited on
        raise ScorecardError(f"{path}: not a regular file")
    try:
        if from_stdin:
            raw = open(sys.stdin.fileno(), "rb", buffering=0, closefd=False)  # noqa: SIM115 - as below
        else:
            raw = open(path, "rb", buffering=0)  # noqa: SIM115 - closed by the text wrapper below
    except OSError as exc:
        raise ScorecardError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    buffered = io.BufferedReader(_Counted(raw, progress), buffer_size=1 << 20)
    with io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="") as text:
        rows = csv.reader(text)
        try:
            return _keep(path, rows, wanted)
        except UnicodeDecodeError as exc:
            raise ScorecardError(
                f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} near line {rows.line_num + 1}); "
                "download the file again, as the Scorecard publishes it"
            ) from None
        except csv.Error as exc:
            raise ScorecardError(f"{path}: line {rows.line_num}: not readable as CSV ({exc})") from None


def _keep(path: Path, rows: Iterator[list[str]], wanted: set[str]) -> Imported:
    """The kept records of the rows after the header (see :func:`read_field_of_study`)."""
    header = next(rows, None)
    if not header:
        raise ScorecardError(f"{path}: the file is empty; expected the Field-of-Study CSV with a header row")
    if len(header) == 1 and any(mark in header[0] for mark in (";", "\t", "|")):
        raise ScorecardError(
            f"{path}: not comma-separated; the Field-of-Study file separates columns with commas"
        )
    names = [name.strip() for name in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        hint = (
            " (this looks like another Scorecard file: the Field-of-Study file has CIPCODE and CREDLEV)"
            if {"CIPCODE", "CREDLEV"} & set(missing)
            else ""
        )
        raise ScorecardError(
            f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}{hint}"
        )
    where = {key: names.index(column) for column, key in COLUMNS.items()}
    where.update({key: names.index(column) for column, key in COUNT_COLUMNS.items() if column in names})
    width = len(names)
    credential, cip = where["credential_level"], where["cip"]
    kept: list[dict[str, Any]] = []
    bachelors: dict[tuple[str, str], float | int | None] = {}
    suppressed = implausible = 0
    count = 0
    data_rows = 0
    for count, row in enumerate(rows, start=1):
        if len(row) != width:
            if not row:
                continue
            raise ScorecardError(
                f"{path}: line {count + 1} has {len(row)} fields where the header has {width} "
                "(a truncated or damaged file?)"
            )
        data_rows += 1
        level = row[credential].strip()
        if level not in (MASTERS, BACHELORS):
            continue
        try:
            code = cip_code(row[cip])
        except ScorecardError:
            continue
        if code not in wanted:
            continue
        if level == BACHELORS:  # the baseline a master's premium is measured against
            earned, why = _number(
                row[where["earnings_1yr"]],
                "bachelors_earnings_1yr",
                f"{path}: line {count + 1}, column EARN_MDN_1YR",
            )
            implausible += why == _IMPLAUSIBLE  # a suppressed baseline is no value of a kept row
            bachelors[row[where["unitid"]].strip(), code] = earned
            continue
        record: dict[str, Any] = {}
        for key, index in where.items():
            if key in NUMBERS:
                record[key], why = _number(
                    row[index], key, f"{path}: line {count + 1}, column {names[index]}"
                )
                suppressed += why == _SUPPRESSED
                implausible += why == _IMPLAUSIBLE
            else:
                record[key] = row[index].strip()
        record["cip"] = code
        kept.append(record)
    if not data_rows:
        raise ScorecardError(f"{path}: a header and no rows; expected the Field-of-Study CSV with its rows")
    if not kept:
        raise ScorecardError(
            f"{path}: none of its {data_rows:,} rows is a master's degree (CREDLEV {MASTERS}) in CIP "
            f"{', '.join(sorted(wanted))}; nothing imported (choose fields of study with --cip)"
        )
    for record in kept:
        record["bachelors_earnings_1yr"] = bachelors.get((record["unitid"], record["cip"]))
    return Imported(tuple(kept), count, suppressed, tuple(sorted(wanted)), path.name, implausible)


def source_of(imported: Imported) -> dict[str, Any]:
    """Where imported rows come from: the Scorecard, the file, the day, the fields kept."""
    from datetime import UTC, datetime

    return {
        "name": SOURCE,
        "file": imported.source_file,
        "imported": datetime.now(UTC).strftime("%Y-%m-%d"),
        "cip": list(imported.cips),
    }
