"""Questions about the data files: are they valid, and what fields does a program have."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import NamedTuple
from . import Line

if TYPE_CHECKING:
    from ..errors import Problem
    from ..model import Dataset, Meta
    from ..page_sections import Conflict


class FileCheck(NamedTuple):
    """One file checked, and every problem found in it."""

    path: Path
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether the file is clean."""
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        """``{"file", "ok", "problems"}``."""
        return {"file": str(self.path), "ok": self.ok, "problems": [str(p) for p in self.problems]}


class Validation(NamedTuple):
    """Every file checked, the data file first."""

    files: tuple[FileCheck, ...]

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    @property
    def ok(self) -> bool:
        """Whether every file checked is clean."""
        return all(check.ok for check in self.files)

    def rows(self) -> list[dict[str, Any]]:
        """Each file's check."""
        return [check.as_dict() for check in self.files]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The data file's check (file, ok, problems), ``ok`` for all files, and ``files``: each one."""
        first = self.files[0].as_dict()
        return {**first, "ok": self.ok, "files": self.rows()}

    def columns(self) -> tuple[str, ...]:
        """A file's check."""
        return ("file", "ok", "problems")

    def plain_text(self) -> list[Line]:
        """``FILE: ok`` on stdout for a clean file; the problems of the others on stderr."""
        from ..text.sanitize import terminal_safe

        lines: list[Line] = []
        for check in self.files:
            path = terminal_safe(str(check.path))
            if check.ok:
                lines.append((f"{path}: ok", False))
                continue
            count = len(check.problems)
            lines.append((f"{path}: {count} problem{'s' if count != 1 else ''}", True))
            lines.extend((f"  {terminal_safe(str(problem))}", True) for problem in check.problems)
        return lines


def validate_data(path: str | None = None, *, user_files: bool = False) -> Validation:
    """Check a data file, or the data in use (the bundled data and the user's programs file).

    With ``user_files``, the user's settings, shortlist and applications files
    and College Scorecard import are checked too, where they exist (the
    shortlist's ids against the data checked).
    """
    from ..dataset.load import check_files

    checks = [FileCheck(checked, tuple(problems)) for checked, problems in check_files(path)]
    if user_files:
        checks.extend(_user_file_checks(path, ok=all(check.ok for check in checks)))
    return Validation(tuple(checks))


def _user_file_checks(path: str | None, *, ok: bool) -> list[FileCheck]:
    from ..errors import MlprogError, Problem
    from ..files.paths import is_there, user_paths

    try:
        paths = user_paths()
    except MlprogError:
        return []  # no folders to find: nothing of the user's to check
    checks = []
    if is_there(paths.config_file):
        from ..user.settings import check_settings_file

        checks.append(FileCheck(paths.config_file, tuple(check_settings_file(paths.config_file))))
    if is_there(paths.shortlist_file):
        from ..user import shortlist

        wrong = shortlist.check(paths.shortlist_file)
        problems = [Problem("", wrong)] if wrong else []
        if not wrong and ok:
            from ..dataset.load import load_dataset

            known = {program.id for program in load_dataset(path).programs}
            saved = shortlist.read(paths.shortlist_file).programs
            problems = [
                Problem(f"program {pid!r}", "is on the shortlist but not in the data")
                for pid in saved
                if pid not in known
            ]
        checks.append(FileCheck(paths.shortlist_file, tuple(problems)))
    if is_there(paths.applications_file):  # ids gone from the data are kept there on purpose
        from ..user import applications

        wrong = applications.check(paths.applications_file)
        checks.append(FileCheck(paths.applications_file, (Problem("", wrong),) if wrong else ()))
    if is_there(paths.scorecard_file):
        from ..scorecard.store import check_store

        wrong = check_store(paths.scorecard_file)
        checks.append(FileCheck(paths.scorecard_file, (Problem("", wrong),) if wrong else ()))
    return checks


class FieldList(NamedTuple):
    """The fields of a program's JSON object and the keys some commands add, with their meaning."""

    fields: tuple[tuple[str, str], ...]

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """``{"name", "description"}`` for each field."""
        return [{"name": name, "description": about} for name, about in self.fields]

    def document(self, fields: Sequence[str] | None) -> list[dict[str, Any]]:
        """The JSON array of fields."""
        return self.rows()

    def columns(self) -> tuple[str, ...]:
        """Name and description."""
        return ("name", "description")

    def plain_text(self) -> list[Line]:
        """One line per field: its name, padded, then what it means."""
        width = max(len(name) for name, _ in self.fields)
        return [(f"{name:<{width}}  {about}", False) for name, about in self.fields]


def list_fields() -> FieldList:
    """Every field a program's JSON object has, then the keys some commands add."""
    from ..dataset.schema import EXTRA_FIELD_SPECS, PROGRAM_FIELD_SPECS

    return FieldList(
        tuple((spec.name, spec.description) for spec in (*PROGRAM_FIELD_SPECS, *EXTRA_FIELD_SPECS))
    )


class JsonDocument(NamedTuple):
    """A document that is JSON in every format, such as the JSON Schema."""

    content: dict[str, Any]

    @property
    def empty_note(self) -> None:
        """Nothing to say: this result is never empty."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """The document as one row."""
        return [self.content]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """The document itself."""
        return self.content

    def columns(self) -> tuple[str, ...]:
        """The document's keys."""
        return tuple(self.content)

    def plain_text(self) -> list[Line]:
        """The document as indented JSON, as a person reads it: it is JSON in every format."""
        import json  # only here: the schema command writes JSON, through mlprog.formats

        text = json.dumps(self.content, indent=2, ensure_ascii=False, allow_nan=False)
        return [(line, False) for line in text.splitlines()]


def program_schema(document: str = "program") -> JsonDocument:
    """The JSON Schema of a document mlprog prints: a program object (the default), or another."""
    from ..dataset.document_schemas import DOCUMENT_SCHEMAS
    from ..errors import UsageError, nearest, shown

    if document not in DOCUMENT_SCHEMAS:
        near = nearest(document, list(DOCUMENT_SCHEMAS))
        hint = f"did you mean {' or '.join(near)}?" if near else f"documents: {', '.join(DOCUMENT_SCHEMAS)}"
        raise UsageError(f"no schema for {shown(document)}; {hint}")
    return JsonDocument(DOCUMENT_SCHEMAS[document]())


class SourceReport(NamedTuple):
    """Where the data comes from, and every place the source contradicts itself."""

    meta: Meta
    path: str
    conflicts: tuple[Conflict, ...]
    #: The sources of the bundled figures (outcomes, wages, rents, price levels): not the page's.
    figures: tuple[dict[str, Any], ...] = ()

    @property
    def empty_note(self) -> None:
        """Nothing to say: the source is always described."""
        return None

    def rows(self) -> list[dict[str, Any]]:
        """Each conflict."""
        return [conflict.as_dict() for conflict in self.conflicts]

    def document(self, fields: Sequence[str] | None) -> dict[str, Any]:
        """``{"source": {...}, "conflicts": [...]}``."""
        source = {
            "name": self.meta.source_name,
            "title": self.meta.source_title,
            "year": self.meta.source_year,
            "data_basis": self.meta.data_basis,
            "statistics_source": self.meta.statistics_source,
            "file": self.path,
        }
        return {"source": source, "figures": list(self.figures), "conflicts": self.rows()}

    def columns(self) -> tuple[str, ...]:
        """A conflict's keys."""
        return ("id", "about", "field", "summary", "values", "kept")

    def plain_text(self) -> list[Line]:
        """The source, then each conflict: its values, where each is, and what the data keeps."""
        from ..text.fitting import Paragraph
        from ..text.sanitize import terminal_safe

        meta = self.meta
        lines: list[Line] = [(f"Source: {terminal_safe(meta.citation())}", False)]
        if meta.statistics_source:
            lines.append((f"Statistics it cites: {terminal_safe(meta.statistics_source)}", False))
        lines.append((f"Data file: {terminal_safe(self.path)}", False))
        if self.figures:
            lines.append(("", False))
            lines.append(("Figures bundled beside the page's (not from the page):", False))
            for figures in self.figures:
                lines.append((f"  • {terminal_safe(str(figures.get('attribution', '')))}", False))
                for key in ("coverage", "covers"):
                    if figures.get(key):
                        lines.append((f"    {terminal_safe(str(figures[key]))}", False))
        lines.append(("", False))
        count = len(self.conflicts)
        lines.append((f"Where the source contradicts itself ({count}):", False))
        for conflict in self.conflicts:
            about = conflict.about + (f", {conflict.field}" if conflict.field else "")
            lines.append(("", False))
            lines.append((Paragraph(f"{terminal_safe(conflict.id)}  ({terminal_safe(about)})"), False))
            lines.append((Paragraph(f"  {terminal_safe(conflict.summary)}"), False))
            for value in conflict.values:
                places = "; ".join(value.where)
                lines.append((f"  • {terminal_safe(value.value)}: {terminal_safe(places)}", False))
            if conflict.kept:
                lines.append((Paragraph(f"  Kept: {terminal_safe(conflict.kept)}"), False))
        return lines


def list_sources(dataset: Dataset, about: str | None = None) -> SourceReport:
    """The source of the data and its conflicts; with ``about``, one conflict (by its id) or a program's."""
    conflicts = tuple(dataset.conflicts)
    if about is not None:
        by_id = [c for c in conflicts if c.id == about.strip().lower()]
        if by_id:
            conflicts = tuple(by_id)
        else:
            from ..query import find_program

            program = find_program(dataset.programs, about)
            conflicts = tuple(c for c in conflicts if c.about == program.id)
    from ..figures import living, outcomes, wages

    figures = (outcomes.source(), wages.source(), living.source(), living.price_parity_source())
    return SourceReport(dataset.meta, dataset.path, conflicts, tuple(info for info in figures if info))
