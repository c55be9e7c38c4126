"""Send a command's result to stdout in the format asked for.

Commands hand over JSON-ready records; this module picks the writer. Rich is
imported only when a table or card is drawn, so the other formats stay fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import UsageError
from .formats import (
    OutputFormat,
    default_fields,
    parse_fields,
    select,
    write_csv,
    write_json,
    write_markdown,
    write_ndjson,
)
from .model import PROGRAM_FIELDS
from .sanitize import terminal_safe

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .settings import Settings

Record = Mapping[str, Any]


class Output(NamedTuple):
    """How a command's result is written: format, chosen fields, colour."""

    format: OutputFormat = OutputFormat.table
    fields: tuple[str, ...] | None = None
    no_color: bool = False

    @classmethod
    def from_options(
        cls,
        output_format: OutputFormat | None,
        json_flag: bool,
        fields: str | None,
        no_color: bool,
        extra_fields: Sequence[str] = (),
        default: Settings | None = None,
    ) -> Output:
        """Combine --format, --json, --fields and --no-color, refusing conflicts.

        Where no format is given, the user's settings choose it; their colour
        setting can turn colour off.
        """
        if json_flag and output_format not in (None, OutputFormat.json):
            raise UsageError(f"--json and --format {output_format} conflict; use one of them")
        fallback = OutputFormat(default.format.value) if default else OutputFormat.table
        chosen = OutputFormat.json if json_flag else (output_format or fallback)
        names = parse_fields(fields, extra_fields) if fields is not None else None
        colourless = no_color or (default is not None and default.color.value is False)
        return cls(chosen, names, colourless)

    @property
    def is_json(self) -> bool:
        """Whether the format is JSON or NDJSON."""
        return self.format in (OutputFormat.json, OutputFormat.ndjson)

    def print(self, renderable: RenderableType) -> None:
        """Draw a Rich renderable on stdout."""
        from .render import make_console

        make_console(no_color=self.no_color).print(renderable)


def emit_list(
    records: Sequence[Record],
    out: Output,
    table: Callable[[], RenderableType],
    *,
    extra_fields: Sequence[str] = (),
    empty_note: str = "No programs match.",
    fields_default: Sequence[str] | None = None,
) -> None:
    """Write a list of records; ``table`` draws the default table when asked.

    CSV and Markdown show the chosen fields, else ``fields_default``, else the
    programs' summary fields.
    """
    if out.format is OutputFormat.json:
        write_json([select(r, out.fields) for r in records])
        return
    if out.format is OutputFormat.ndjson:
        write_ndjson(select(r, out.fields) for r in records)
        return
    if not records:
        sys.stderr.write(terminal_safe(empty_note) + "\n")
    fields = out.fields or fields_default or default_fields(records, extra_fields)
    if out.format is OutputFormat.csv:
        write_csv(records, fields)
    elif out.format is OutputFormat.markdown:
        write_markdown(records, fields)
    elif records:
        if out.fields is None:
            out.print(table())
        else:
            from .render import records_table

            out.print(records_table(records, fields))


def emit_one(record: Record, out: Output, card: Callable[[], RenderableType]) -> None:
    """Write one program record; ``card`` draws its full card for the table format."""
    if out.format is OutputFormat.json:
        write_json(select(record, out.fields))
    elif out.format is OutputFormat.ndjson:
        write_ndjson([select(record, out.fields)])
    elif out.format is OutputFormat.csv:
        write_csv([record], out.fields or PROGRAM_FIELDS)
    elif out.format is OutputFormat.markdown:
        write_markdown([record], out.fields or PROGRAM_FIELDS)
    elif out.fields is None:
        out.print(card())
    else:
        from .render import fields_card

        out.print(fields_card(record, out.fields))
