"""The user's applications: deadlines, status, fee, letters and tests, kept beside the shortlist.

None of these facts is in the bundled data (the source page has none): they
are the user's own, in ``applications.json`` in the data folder, read and
written like the shortlist (see :mod:`mlprog.files.userfile`): under a lock,
atomically, a corrupt file kept aside, keys this version does not know kept,
a newer version's file never rewritten.

Deadlines and "today" are the pure date logic of :mod:`mlprog.user.deadlines`.

Nothing is written that the reader would refuse: every value is checked
against the reader's own rules (test scores from 0 to ``MAX_TEST_SCORE``,
letters up to ``MAX_LETTERS``), the file's size included, before the file is
locked or written; ``apply set`` changes the applications and the shortlist
together or not at all.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from ..errors import shown
from ..files.userfile import (
    check_folder,
    check_json,
    clean,
    encode_json,
    locked,
    read_json,
    update_json,
    write_atomically,
    write_json_file,
)
from ..model import NamedTuple
from .deadlines import Clock, deadline_moment, has_passed, parse_deadline, shown_deadline
from .offers import NOT_SENT, REPLY_BY, REPLY_PENDING, Offer, OfferChange, next_status_and_offer, parse_offer

VERSION = 1
STATUSES = (
    "considering",
    "preparing",
    "submitted",
    "interview",
    "admitted",
    "waitlisted",
    "rejected",
    "declined",
    "enrolled",
)
KINDS = ("priority", "final", "funding")
DEFAULT_KIND = "final"
DEFAULT_STATUS = "considering"
#: How many letters of recommendation an application may ask for: more is a typing mistake.
MAX_LETTERS = 99
MAX_TEST_NAME = 40
#: The highest test score: the scales in use end far lower (IELTS 9, TOEFL 120, GRE 340,
#: GMAT 805, SAT 1600), so this leaves room for any other and still catches a slip of
#: the keyboard. Scores are from 0 to this, for what is typed and what a file holds.
MAX_TEST_SCORE = 10_000
_KIND = "applications file"
_KNOWN_KEYS = ("version", "applications")
_KNOWN_ENTRY_KEYS = ("status", "deadlines", "fee", "letters_requested", "letters_received", "tests", "offer")
_KNOWN_OFFER_KEYS = ("decision", "scholarship", "assistantship_per_year", "reply_by")

_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


# --- what the user types --------------------------------------------------------------------


def parse_status(typed: str) -> str:
    """A status by name (any case); ValueError listing the valid ones."""
    text = typed.strip().lower()
    if text in STATUSES:
        return text
    import difflib

    near = difflib.get_close_matches(text, STATUSES, n=1)
    hint = f"did you mean {near[0]}? " if near else ""
    raise ValueError(f"{typed.strip()!r} is not a status; {hint}statuses: {', '.join(STATUSES)}")


def parse_kind(typed: str) -> str:
    """A deadline kind by name (any case); ValueError listing the valid ones."""
    text = typed.strip().lower()
    if text not in KINDS:
        raise ValueError(f"{typed.strip()!r} is not a kind of deadline; kinds: {', '.join(KINDS)}")
    return text


def parse_test(typed: str) -> tuple[str, float | int | None]:
    """``GRE=330`` as ("GRE", 330); ``GRE=`` as ("GRE", None), which removes the score."""
    name, equals, score = typed.partition("=")
    name, score = clean(name.strip()), score.strip()
    example = "write it as NAME=SCORE, such as GRE=330 or IELTS=7.5 (NAME= removes it)"
    if not equals or not name:
        raise ValueError(f"{typed!r} is not a test score; {example}")
    if len(name) > MAX_TEST_NAME:
        raise ValueError(f"the test name {name[:MAX_TEST_NAME]!r}... is over {MAX_TEST_NAME} characters")
    if not score:
        return name, None
    number = float(score) if _NUMBER.fullmatch(score) else None
    if number is None or not number <= MAX_TEST_SCORE:  # a score of 400 digits is infinity as a float
        raise ValueError(
            f"{shown(score)} is not a test score for {name!r}: a score is a number from 0 to "
            f"{MAX_TEST_SCORE:,}"
        )
    return name, int(score) if "." not in score else number


# --- the model --------------------------------------------------------------------------------


class Application(NamedTuple):
    """One application: its status, deadlines by kind, fee, letters and test scores."""

    program_id: str
    status: str = DEFAULT_STATUS
    deadlines: dict[str, str] = {}  # noqa: RUF012 - never mutated; replaced on change
    fee: int | None = None
    letters_requested: int = 0
    letters_received: int = 0
    tests: dict[str, float | int] = {}  # noqa: RUF012
    other: dict[str, Any] = {}  # noqa: RUF012 - keys this version does not know, kept as they are
    offer: Offer | None = None

    def as_dict(self) -> dict[str, Any]:
        """The entry as the file holds it (the program id is its key there); an application with
        no offer has no ``offer`` key, as before offers were recorded."""
        entry = {
            **self.other,
            "status": self.status,
            "deadlines": dict(self.deadlines),
            "fee": self.fee,
            "letters_requested": self.letters_requested,
            "letters_received": self.letters_received,
            "tests": dict(self.tests),
        }
        if self.offer is not None:
            entry["offer"] = self.offer.as_dict()
        return entry

    def ordered_deadlines(self) -> list[tuple[str, str]]:
        """(kind, deadline) pairs, earliest first: the application's, and the offer's reply-by
        date as the kind ``reply-by``."""
        dated = dict(self.deadlines)
        if self.offer is not None and self.offer.reply_by is not None:
            dated[REPLY_BY] = self.offer.reply_by
        return sorted(dated.items(), key=lambda pair: (deadline_moment(pair[1]), pair[0]))

    def is_overdue(self, kind: str, passed: bool) -> bool:
        """Whether a passed date still waits on the user: an application not yet sent, or an offer
        not yet answered (admitted or waitlisted, neither enrolled nor declined)."""
        if not passed:
            return False
        return self.status in (REPLY_PENDING if kind == REPLY_BY else NOT_SENT)

    def next_deadline(self, clock: Clock) -> tuple[str, str] | None:
        """The first deadline not yet passed; the last one when all have; None with none."""
        ordered = self.ordered_deadlines()
        upcoming = [pair for pair in ordered if not has_passed(pair[1], clock)]
        return upcoming[0] if upcoming else (ordered[-1] if ordered else None)


class Applications(NamedTuple):
    """Every application by program id, in the order recorded, and keys kept for other versions."""

    entries: dict[str, Application] = {}  # noqa: RUF012
    version: int = VERSION
    other: dict[str, Any] = {}  # noqa: RUF012

    def as_dict(self) -> dict[str, Any]:
        """The file's content."""
        return {
            **self.other,
            "version": self.version,
            "applications": {pid: entry.as_dict() for pid, entry in self.entries.items()},
        }


class Change(NamedTuple):
    """What ``apply set`` changes; None (or empty) leaves a field as it is."""

    status: str | None = None
    deadline: tuple[str, str] | None = None  # (kind, deadline)
    clear_deadlines: tuple[str, ...] = ()
    fee: int | None = None
    letters_requested: int | None = None
    letters_received: int | None = None
    tests: tuple[tuple[str, float | int | None], ...] = ()  # a None score removes the test
    offer: OfferChange = OfferChange()  # the decision, awards, reply-by (see mlprog.user.offers)


def changed(current: Application, change: Change) -> Application:
    """The application with the change made; ValueError if it would not make sense."""
    deadlines = {k: v for k, v in current.deadlines.items() if k not in change.clear_deadlines}
    if change.deadline is not None:
        deadlines[change.deadline[0]] = change.deadline[1]
    tests = dict(current.tests)
    for name, score in change.tests:
        for same in [key for key in tests if key.casefold() == name.casefold()]:
            del tests[same]
        if score is not None:
            tests[name] = score
    requested = current.letters_requested if change.letters_requested is None else change.letters_requested
    received = current.letters_received if change.letters_received is None else change.letters_received
    for count, option in ((requested, "--letters"), (received, "--letters-received")):
        if not 0 <= count <= MAX_LETTERS:
            raise ValueError(f"{option} must be a whole number from 0 to {MAX_LETTERS}, not {count}")
    if received > requested:
        raise ValueError(
            f"{received} letters received but {requested} requested for {current.program_id}; "
            "set --letters too"
        )
    if change.fee is not None and change.fee < 0:
        raise ValueError(f"the fee cannot be negative ({change.fee})")
    status, offer = next_status_and_offer(
        current.program_id, current.status, current.offer, change.status, change.offer
    )
    return current._replace(
        status=status,
        offer=offer,
        deadlines=deadlines,
        fee=current.fee if change.fee is None else change.fee,
        letters_requested=requested,
        letters_received=received,
        tests=tests,
    )


# --- the file -----------------------------------------------------------------------------------


def read(path: Path) -> Applications:
    """The applications in the file; none if there is no file yet."""
    found = read_json(path, _KIND, _parse, "move it away to start again")
    return Applications() if found is None else found


def check(path: Path) -> str | None:
    """What is wrong with an applications file, or None if it reads; nothing is copied or changed."""
    return check_json(path, _KIND, _parse)


def _whole(value: Any, where: str, *, optional: bool = False, most: int | None = None) -> Any:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise TypeError(f"{where} must be a whole number from 0" + (f" to {most}" if most else ""))
    if most is not None and value > most:
        raise ValueError(f"{where} must be a whole number from 0 to {most}")
    return value


def _is_score(value: Any) -> bool:
    """Whether a value is a test score: a number from 0 to MAX_TEST_SCORE (never NaN or infinite)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= MAX_TEST_SCORE


def _parse_entry(program_id: str, data: Any) -> Application:
    where = f"applications[{program_id!r}]"
    if not isinstance(data, dict):
        raise TypeError(f"{where} must be an object")
    status = data.get("status", DEFAULT_STATUS)
    deadlines = data.get("deadlines", {})
    tests = data.get("tests", {})
    if not isinstance(status, str):
        raise TypeError(f"{where}.status must be text")
    if not isinstance(deadlines, dict) or not all(isinstance(v, str) for v in deadlines.values()):
        raise TypeError(f"{where}.deadlines must map kinds to dates")
    for kind, deadline in deadlines.items():
        if parse_deadline(deadline) != deadline:
            raise ValueError(f"{where}.deadlines.{kind}: {deadline!r} is not a deadline as mlprog writes it")
    if not isinstance(tests, dict) or not all(_is_score(v) for v in tests.values()):
        raise TypeError(f"{where}.tests must map test names to numbers from 0 to {MAX_TEST_SCORE:,}")
    # Keys (kinds, test names, and program ids in _parse) are kept exactly, lone surrogates
    # and all: made alike, two keys would become one, and an entry would be lost on rewrite.
    return Application(
        program_id,
        clean(status),
        dict(deadlines),
        _whole(data.get("fee"), f"{where}.fee", optional=True),
        _whole(data.get("letters_requested", 0), f"{where}.letters_requested", most=MAX_LETTERS),
        _whole(data.get("letters_received", 0), f"{where}.letters_received", most=MAX_LETTERS),
        dict(tests),
        {key: value for key, value in data.items() if key not in _KNOWN_ENTRY_KEYS},
        parse_offer(f"{where}.offer", data["offer"]) if data.get("offer") is not None else None,
    )


def _parse(data: Any) -> Applications:
    if not isinstance(data, dict):
        raise TypeError("the file must hold a JSON object")
    version = data.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TypeError("'version' must be a whole number from 1")
    entries = data.get("applications", {})
    if not isinstance(entries, dict):
        raise TypeError("'applications' must map program ids to applications")
    other = {key: value for key, value in data.items() if key not in _KNOWN_KEYS}
    parsed = {pid: _parse_entry(pid, entry) for pid, entry in entries.items()}
    return Applications(parsed, version, other)


class Recorded(NamedTuple):
    """What ``apply set`` did: the application as recorded, whether it is new, and whether its
    program joined the shortlist."""

    entry: Application
    new: bool
    added_to_shortlist: bool


def _prepared(path: Path, program_id: str, change: Change) -> tuple[tuple[Application, bool], bytes]:
    """The application changed, whether it is new, and the file's bytes with it, all checked.

    ValueError for a change that would not make sense; TimeZoneError if its
    deadlines cannot be put in local time; UserFileError if the file could not
    be read back or would be too large.
    """
    current = read(path)
    before = current.entries.get(program_id)
    updated = changed(before or Application(program_id), change)
    for _, deadline in updated.ordered_deadlines():  # what is said and shown of it, in local time
        shown_deadline(deadline)
    entries = {**current.entries, program_id: updated}
    content = encode_json(path, current._replace(entries=entries).as_dict(), VERSION, _KIND, _parse)
    return (updated, before is None), content


def set_application(path: Path, program_id: str, change: Change) -> tuple[Application, bool]:
    """Record or update one application; the result and whether it is new.

    The change is checked before the file is locked, then against what is
    recorded under the lock: a ValueError leaves the file as it was.
    """
    return update_json(path, _KIND, lambda: _prepared(path, program_id, change))


def record_application(
    applications_path: Path, shortlist_path: Path, program_id: str, change: Change
) -> Recorded:
    """``apply set``: record or update an application and put its program on the shortlist.

    Both files change or neither does: both changes are worked out and checked
    (as :func:`set_application` does) before either file is locked, and again
    under both locks; if the shortlist then cannot be written, the applications
    file is put back as it was.
    """
    from . import shortlist

    check_folder(applications_path)
    check_folder(shortlist_path)
    _prepared(applications_path, program_id, change)
    shortlist.prepared_add(shortlist_path, [program_id])
    with locked(applications_path), locked(shortlist_path):  # always in this order: no deadlock
        (updated, new), content = _prepared(applications_path, program_id, change)
        (_, added), listed = shortlist.prepared_add(shortlist_path, [program_id])
        before = _current_bytes(applications_path)
        write_json_file(applications_path, content, _KIND)
        if listed is not None:
            try:
                write_json_file(shortlist_path, listed, shortlist.KIND)
            except BaseException:
                _put_back(applications_path, before)
                raise
    return Recorded(updated, new, bool(added))


def _current_bytes(path: Path) -> bytes | None:
    """The file's bytes as they are (it was just read whole, so it is a regular file); None if none."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _put_back(path: Path, before: bytes | None) -> None:
    """Undo a write: the old bytes back in place, or no file if there was none (best effort: the
    error that made it needed is the one reported)."""
    with contextlib.suppress(OSError):
        if before is None:
            path.unlink()
        else:
            write_atomically(path, before)


def remove_application(path: Path, program_id: str) -> bool:
    """Remove one application; whether there was one (the file is not rewritten if not)."""

    def prepare() -> tuple[bool, bytes | None]:
        current = read(path)
        if program_id not in current.entries:
            return False, None
        entries = {pid: entry for pid, entry in current.entries.items() if pid != program_id}
        return True, encode_json(path, current._replace(entries=entries).as_dict(), VERSION, _KIND, _parse)

    return update_json(path, _KIND, prepare)
