"""Questions about the user's own files: the shortlist, notes, folders and settings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..model import NamedTuple
from ..text.sanitize import terminal_safe
from . import Line, select

if TYPE_CHECKING:
    from ..files.paths import UserPaths
    from ..model import Dataset
    from ..user.settings import Settings
    from ..user.shortlist import Shortlist

#: The keys of a shortlist entry's object, in order.
SHORTLIST_KEYS = ("id", "in_data", "rank", "name", "tuition", "note")


class ShortlistListing(NamedTuple):
    """The shortlist in its own order, joined with the data; ids gone from the data stay."""

    entries: tuple[dict[str, Any], ...]

    @property
    def empty_note(self) -> str:
        """Said when the shortlist has nothing on it."""
        return "Your shortlist is empty: add programs with 'mlprog shortlist add PROGRAM...'."

    @property
    def gone(self) -> list[str]:
        """Ids on the shortlist that the data no longer has."""
        return [entry["id"] for entry in self.entries if not entry["in_data"]]

    def rows(self) -> list[dict[str, Any]]:
        """Each entry: id, whether it is in the data, rank, name, tuition and note."""
        return [dict(entry) for entry in self.entries]

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of entries."""
        return [select(entry, fields) for entry in self.entries]

    def columns(self) -> tuple[str, ...]:
        """Every key of an entry."""
        return SHORTLIST_KEYS

    def plain_text(self) -> None:
        """Drawn as a Rich table."""


def shortlist_listing(dataset: Dataset, shortlist: Shortlist) -> ShortlistListing:
    """The shortlist's programs with their rank, name, tuition and the user's note."""
    by_id = {p.id: p for p in dataset.programs}
    entries = []
    for pid in shortlist.programs:
        program = by_id.get(pid)
        entries.append(
            {
                "id": pid,
                "in_data": program is not None,
                "rank": program.rank if program else None,
                "name": program.name if program else None,
                "tuition": program.tuition if program else None,
                "note": shortlist.notes.get(pid),
            }
        )
    return ShortlistListing(tuple(entries))


class NoteText(NamedTuple):
    """The user's note on a program, or that there is none."""

    program_id: str
    text: str | None

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """The note as one row."""
        return [{"id": self.program_id, "note": self.text}]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """``{"id", "note"}``."""
        return self.rows()[0]

    def columns(self) -> tuple[str, ...]:
        """Id and note."""
        return ("id", "note")

    def plain_text(self) -> list[Line]:
        """The note on stdout, or on stderr that there is none."""
        if self.text is None:
            return [(f"No note on {self.program_id}: 'mlprog note {self.program_id} TEXT' writes one.", True)]
        return [(terminal_safe(self.text), False)]


_NOT_THERE = "  (not there yet)"


class PathsReport(NamedTuple):
    """Where the user's files live, whether each exists yet, and why the system cannot tell
    for any it cannot (a name too long for the file system): a problem, or None."""

    paths: tuple[tuple[str, Path, bool, str | None], ...]

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    @property
    def problem(self) -> str | None:
        """The first path the system cannot look at, and why; None when it can look at all."""
        return next((f"{path}: {why}" for _, path, _, why in self.paths if why), None)

    def rows(self) -> list[dict[str, Any]]:
        """Each folder or file: its name, path and whether it exists."""
        return [{"name": name, "path": str(path), "exists": there} for name, path, there, _ in self.paths]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """``{name: {"path", "exists"}}``."""
        return {row["name"]: {"path": row["path"], "exists": row["exists"]} for row in self.rows()}

    def columns(self) -> tuple[str, ...]:
        """Name, path, exists."""
        return ("name", "path", "exists")

    def plain_text(self) -> list[Line]:
        """One line per path, marking those not there yet."""
        width = max(len(name) for name, *_ in self.paths)
        return [
            (f"{name:<{width}}  {terminal_safe(str(path))}{_marked(there, why)}", False)
            for name, path, there, why in self.paths
        ]


def _marked(there: bool, why: str | None) -> str:
    if why is not None:
        return f"  (cannot be used: {why})"
    return "" if there else _NOT_THERE


def user_files(folders: UserPaths) -> PathsReport:
    """The user's folders and the files mlprog keeps in them, each looked at."""
    from ..files.paths import look

    return PathsReport(
        tuple(
            (name, path, *look(path))
            for name, path in (
                ("config_dir", folders.config_dir),
                ("config_file", folders.config_file),
                ("programs_file", folders.programs_file),
                ("data_dir", folders.data_dir),
                ("shortlist_file", folders.shortlist_file),
                ("applications_file", folders.applications_file),
                ("scorecard_file", folders.scorecard_file),
                ("cache_dir", folders.cache_dir),
            )
        )
    )


class ConfigReport(NamedTuple):
    """The settings in force, each with where it comes from."""

    config_file: Path
    settings: Settings
    #: What is wrong with a setting, for the data in use: setting name -> why it is not valid
    #: (a profile the data does not have, weights that are all zero).
    problems: Mapping[str, str] = MappingProxyType({})

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """Each setting: name, value and source."""
        return [{"name": name, **entry} for name, entry in self.settings.as_dict().items()]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """``{"config_file", "settings": {name: {"value", "source"}}, "problems": {name: why}}``."""
        return {
            "config_file": str(self.config_file),
            "settings": self.settings.as_dict(),
            "problems": dict(self.problems),
        }

    def columns(self) -> tuple[str, ...]:
        """Name, value, source."""
        return ("name", "value", "source")

    def plain_text(self) -> list[Line]:
        """The settings file's path, then one line per setting with its source."""
        lines: list[Line] = [(f"config file: {terminal_safe(str(self.config_file))}", False)]
        for name, setting in self.settings._asdict().items():
            value = "—" if setting.value in (None, (), "") else toml_value(name, setting.value)
            source = setting.source
            if name in self.problems:
                source += f"; not valid: {self.problems[name]}"
            lines.append((f"{name:<8} {terminal_safe(value)}  ({terminal_safe(source)})", False))
        return lines


def toml_value(name: str, value: Any) -> str:
    """A setting's value as the settings file would hold it: ``true``, ``"CA"``, ``{ score = 2.0 }``."""
    if name == "weights":  # (field, number) pairs: an inline table
        return "{ " + ", ".join(f"{field} = {number!r}" for field, number in value) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string is quoted the same way
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(name, item) for item in value) + "]"
    return str(value)
