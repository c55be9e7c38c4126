"""The one way a result reaches stdout: :func:`emit` picks the format asked for.

Commands hand over a result object from :mod:`mlprog.answers`; this module
writes it as JSON, NDJSON, CSV or Markdown with the standard library, as plain
lines, or, for tables and cards, through :mod:`mlprog.render`, the only module
that imports Rich.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeGuard

from .answers import Listing, select
from .errors import MlprogError, UsageError, choice_hint, nearest, shown
from .formats import (
    OutputFormat,
    reader_gone,
    write_csv,
    write_json,
    write_json_array,
    write_json_texts,
    write_markdown,
    write_ndjson,
)
from .model import NamedTuple
from .text.sanitize import terminal_safe

if TYPE_CHECKING:
    from pathlib import Path

    from .answers import Result
    from .user.settings import Settings


class Output(NamedTuple):
    """How a command's result is written: format, chosen fields, colour, and the pager for
    long output on a terminal: a command, "" for the usual one ($PAGER, else less), None for
    none."""

    format: OutputFormat = OutputFormat.table
    fields: tuple[str, ...] | None = None
    no_color: bool = False
    pager: str | None = None

    @classmethod
    def from_options(
        cls,
        output_format: OutputFormat | None,
        json_flag: bool,
        fields: str | None,
        no_color: bool,
        extra_fields: Sequence[str] = (),
        default: Settings | None = None,
        no_pager: bool = False,
    ) -> Output:
        """Combine --format, --json, --fields, --no-color and --no-pager, refusing conflicts.

        Where no format is given, the user's settings choose it; their colour
        setting can turn colour off, their pager setting choose the pager (or none).
        """
        if json_flag and output_format not in (None, OutputFormat.json):
            raise UsageError(f"--json and --format {output_format} conflict; use one of them")
        fallback = OutputFormat(default.format.value) if default else OutputFormat.table
        chosen = OutputFormat.json if json_flag else (output_format or fallback)
        names = parse_fields(fields, extra_fields) if fields is not None else None
        colourless = no_color or (default is not None and default.color.value is False)
        setting = default.pager.value if default is not None else None
        return cls(chosen, names, colourless, None if no_pager or setting is False else setting or "")


def parse_fields(text: str, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """Split ``"id,name,tuition"`` into field names, checking each is a known field.

    ``extra`` names fields a particular command adds (such as ``matched``).
    """
    from .dataset.schema import PROGRAM_FIELDS

    valid = (*PROGRAM_FIELDS, *extra)
    names = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not names:
        raise UsageError(f"--fields needs at least one field name; choose from {', '.join(valid)}")
    unknown = [name for name in names if name not in valid]
    # A near miss gets "did you mean" with the nearest few; otherwise every field is listed.
    if len(unknown) == 1:
        raise UsageError(f"unknown field {shown(unknown[0])} for --fields; {choice_hint(unknown[0], valid)}")
    if unknown:
        listed = ", ".join(shown(name) for name in unknown)
        near = [found[0] for name in unknown if (found := nearest(name, valid, 1))]
        hint = (
            f"did you mean {', '.join(near)}?" if len(near) == len(unknown) else f"fields: {', '.join(valid)}"
        )
        raise UsageError(f"unknown fields {listed} for --fields; {hint}")
    return names


def say(message: str) -> None:
    """A note for the person, on stderr: made safe, and fitted to the terminal when it is one
    (between words: a path in it is never broken)."""
    from .text.fitting import fitted_message

    text = fitted_message(terminal_safe(message), sys.stderr)
    sys.stderr.write(text)
    if sys.stderr.isatty():
        _lines_on_screen.append(text.count("\n"))


#: The lines each note said so far took on a terminal (see :func:`lines_said`).
_lines_on_screen: list[int] = []


def lines_said() -> int:
    """How many lines the notes of this run took on stderr's terminal (0 when stderr is not one):
    output fitted to the screen's height leaves room for them."""
    return sum(_lines_on_screen)


def emit(result: Result, out: Output) -> None:
    """Write a result to stdout in the format asked for (notes and problems go to stderr).

    A reader that stops reading (``| head``) ends the command quietly, with
    success, whatever the format; any other failure to write is an error. On a
    terminal, output taller than the screen goes through the pager (see
    :mod:`mlprog.text.paging`).
    """
    try:
        if out.pager is None or not sys.stdout.isatty():  # the pager's module is for terminals only
            _emit(result, out)
            return
        from .text.paging import paged, pager_command

        with paged(pager_command(out.pager or None), say):
            _emit(result, out)
    except BrokenPipeError:
        reader_gone()
    except OSError as exc:
        raise MlprogError(f"cannot write the output: {exc.strerror or exc}") from None


#: The most of an existing file read to tell whether it is an earlier export: far more than
#: any export of the largest applications file; a larger file is not one.
MAX_EXPORT_BYTES = 64 * 1024 * 1024
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def emit_file(content: bytes, destination: str | None, *, ours: Callable[[bytes], bool]) -> None:
    """Write a finished document (a calendar) as it is: to stdout, or atomically to a file.

    ``-`` or None means stdout. A file is replaced whole: written beside the
    old one and renamed over it, so a reader never sees half of it. Only a
    regular file that ``ours`` recognises (an earlier export) is replaced: any
    other file is the user's own, and a slip of the finger must not lose it.
    Nothing is written into a pipe, a device, a socket, a folder or a symbolic
    link (whatever it points to): ``-`` is the way to stream. The folder must
    exist: it is not made.
    """
    from pathlib import Path

    if destination is None or destination == "-":
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            reader_gone()
        except OSError as exc:
            raise MlprogError(f"cannot write the output: {exc.strerror or exc}") from None
        return
    path = Path(destination)
    if not destination.strip() or destination.endswith(("/", os.sep)):  # "out/" names a folder
        raise UsageError(f"--output {destination!r} is not a file name; name the file to write")
    _check_replaceable(path, ours)
    from .files.userfile import write_atomically

    try:
        write_atomically(path, content, make_folder=False)
    except OSError as exc:
        raise MlprogError(f"{_named(path)}: cannot be written ({exc.strerror or exc})") from None


def _named(path: Path) -> str:
    """A path as a message names it; a file name too long to use is cut, its length said."""
    if len(path.name) <= 100:
        return str(path)
    return f"{path.parent / path.name[:40]}... (a name of {len(path.name)} characters)"


def _check_replaceable(path: Path, ours: Callable[[bytes], bool]) -> None:
    """Refuse an --output that is not a new file or an earlier export; the reason in words.

    lstat, not stat: a link is seen as a link and never followed. A FIFO is
    never opened (opening one to read it could wait forever).
    """
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise MlprogError(
                f"{_named(path)}: cannot be written: the folder {_named(path.parent)} does not exist"
            ) from None
        return
    except OSError as exc:  # a name too long, a file used as a folder, no permission
        raise MlprogError(f"{_named(path)}: cannot be written ({exc.strerror or exc})") from None
    _check_kind(path, status.st_mode)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with os.fdopen(descriptor, "rb") as existing:
        _check_kind(path, os.fstat(descriptor).st_mode)  # what was checked is what is read
        try:
            head = existing.read(MAX_EXPORT_BYTES + 1)
        except OSError as exc:
            raise _unreadable(path, exc) from None
    if len(head) > MAX_EXPORT_BYTES or not ours(head):
        raise UsageError(
            f"{_named(path)} exists and was not exported by mlprog; it is kept as it is. "
            "Name a new file, or move that one away first"
        )


def _unreadable(path: Path, exc: OSError) -> MlprogError:
    return MlprogError(f"{_named(path)}: cannot be read ({exc.strerror or exc}); it is kept as it is")


def _check_kind(path: Path, mode: int) -> None:
    """UsageError for anything but a regular file: a folder, a link, a pipe, a device, a socket."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise UsageError(
            f"--output {_named(path)} is not a file name: it is a folder. Name the file to write"
        )
    if stat.S_ISLNK(mode):
        raise UsageError(
            f"--output {_named(path)} is a symbolic link; mlprog replaces only a regular file it "
            "exported, never a link or what it points to. Name the file itself, or use - for stdout"
        )
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
    raise UsageError(
        f"--output {_named(path)} is {kind}, not a regular file; nothing is written to it. "
        "To stream the calendar, use --output - (stdout)"
    )


def _plain_listing(result: Result) -> TypeGuard[Listing]:
    """Whether the result is a listing whose JSON is just its records (see Listing.records)."""
    return isinstance(result, Listing) and type(result).document is Listing.document


def _emit(result: Result, out: Output) -> None:
    if out.format is OutputFormat.json and _plain_listing(result):  # written as made, never held whole
        for line in getattr(result, "notes", ()):
            say(line)
        texts = getattr(result, "json_texts", None)  # a selection in the data cache: its JSON as it is
        encoded = texts(out.fields) if texts is not None else None
        if encoded is not None:
            write_json_texts(encoded)
        else:
            write_json_array(result.records(out.fields))
        return
    lines = result.plain_text() if out.format is OutputFormat.table else None
    # A result that knows it has rows without building them (a chart: one per point, 100,000
    # of them) and draws its own text needs none of them.
    if lines and getattr(result, "has_rows", False):
        for line in getattr(result, "notes", ()):
            say(line)
        _write_lines(lines)
        return
    if out.format is OutputFormat.table and lines is None and hasattr(result, "has_rows"):
        # A table drawn from the result itself needs none of its flat rows, only whether it has
        # any: payoff's and cost's rows cost as much to make as the table takes to draw.
        if result.has_rows:
            from .render import print_result

            print_result(result, out.fields, no_color=out.no_color)
            return
        for line in ([result.empty_note] if result.empty_note else []) + list(getattr(result, "notes", ())):
            say(line)
        return
    rows = result.rows() if out.format is not OutputFormat.json else None
    if rows is not None and not rows and result.empty_note:
        say(result.empty_note)
    if not (out.format is OutputFormat.table and rows and lines is None):  # a table says them itself
        for line in getattr(result, "notes", ()):
            say(line)
    if rows is None:
        write_json(result.document(out.fields))
        return
    if out.format is OutputFormat.ndjson:
        write_ndjson(select(row, out.fields) for row in rows)
        return
    if out.format in (OutputFormat.csv, OutputFormat.markdown):
        write = write_csv if out.format is OutputFormat.csv else write_markdown
        write(rows, out.fields or result.columns())
        return
    if lines is not None:
        _write_lines(lines)
        return
    if rows:
        from .render import print_result

        print_result(result, out.fields, no_color=out.no_color)


def _write_lines(lines: Sequence[tuple[str, bool]]) -> None:
    """A result's own text: each line fitted to stdout's width, or a message fitted to stderr's."""
    from .text.fitting import fit_line, fitted_message, output_width

    width = output_width(sys.stdout)
    for line, to_stderr in lines:
        if to_stderr:  # a problem or a note: a message, whose paths are never broken
            sys.stderr.write(fitted_message(line, sys.stderr))
        else:
            sys.stdout.write("\n".join(fit_line(line, width)) + "\n")
