"""Machine-readable output: JSON, NDJSON, CSV and Markdown, on the standard library only.

Records are JSON-ready objects (a program's is ``Program.as_dict()``); the
caller chooses their columns. Lists become ``; ``-joined text in CSV and
Markdown; nothing here writes ``NaN``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any, NoReturn, TextIO

from .text.sanitize import escape_json_controls, terminal_safe

LIST_SEPARATOR = "; "


class OutputFormat(StrEnum):
    """The output formats every listing command speaks."""

    table = "table"
    json = "json"
    ndjson = "ndjson"
    csv = "csv"
    markdown = "markdown"


def flatten(value: Any) -> str:
    """A JSON value as one line of text for CSV, Markdown and plain tables.

    Control characters are made visible, so CSV and Markdown are safe to print.
    """
    return terminal_safe(" ".join(_plain(value).split()))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_plain(item) for item in value)
    if isinstance(value, dict):
        if "name" in value:
            detail = next((v for k, v in value.items() if k != "name" and v), None)
            return f"{value['name']} ({detail})" if detail else str(value["name"])
        return LIST_SEPARATOR.join(f"{key}: {_plain(item)}" for key, item in value.items())
    return str(value)


def _out(stream: TextIO | None) -> TextIO:
    return stream if stream is not None else sys.stdout


def write_json(data: Any, stream: TextIO | None = None) -> None:
    """Write data as UTF-8 JSON with a trailing newline; NaN is refused, never written.

    On a terminal it is indented for people; elsewhere it is compact, which the
    json module's C encoder writes several times faster.
    """
    import json  # not needed by tables and cards, which are the other paths

    out = _out(stream)
    if out.isatty():
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    else:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    out.write(escape_json_controls(text))
    out.write("\n")


def write_json_array(records: Iterable[Any], stream: TextIO | None = None, *, batch: int = 500) -> None:
    """Write records as one JSON array, encoding them a batch at a time as they come.

    The same text as :func:`write_json` of the whole list; a long list is never
    held whole, neither as objects nor as one string. On a terminal, where it
    is indented for people, the list is written whole.
    """
    import json

    out = _out(stream)
    if out.isatty():
        write_json(list(records), out)
        return
    out.write("[")
    first = True
    for chunk in _batches(records, batch):
        text = json.dumps(chunk, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        out.write(("" if first else ",") + escape_json_controls(text[1:-1]))
        first = False
    out.write("]\n")


def write_json_texts(texts: Iterable[str], stream: TextIO | None = None) -> None:
    """Write objects already encoded as :func:`write_json_array` encodes them (compact, not ASCII
    escaped), each text one or more of them comma-separated, as the same JSON array: the same
    text, never parsed again. On a terminal, where the array is indented, they are parsed and
    written whole."""
    out = _out(stream)
    if out.isatty():
        import json

        write_json([record for text in texts for record in json.loads(f"[{text}]")], out)
        return
    try:
        out.write("[")
        first = True
        for text in texts:
            if text:
                out.write(("" if first else ",") + escape_json_controls(text))
                first = False
        out.write("]\n")
    finally:
        # Stopped early (the reader gone): the texts' source ends now, so that what it was
        # writing beside them (the cache's JSON file, half made) is removed, not left behind.
        close = getattr(texts, "close", None)
        if close is not None:
            close()


def _batches(records: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_ndjson(records: Iterable[Any], stream: TextIO | None = None) -> None:
    """Write one compact JSON object per line."""
    import json

    out = _out(stream)
    for record in records:
        line = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        out.write(escape_json_controls(line))
        out.write("\n")


def write_csv(
    records: Iterable[Mapping[str, Any]], fields: Sequence[str], stream: TextIO | None = None
) -> None:
    """Write a header row and one row per record, quoted as RFC 4180 asks (CRLF line ends)."""
    import csv  # only CSV output needs it

    writer = csv.writer(_out(stream), lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([flatten(record.get(name)) for name in fields])


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def write_markdown(
    records: Iterable[Mapping[str, Any]], fields: Sequence[str], stream: TextIO | None = None
) -> None:
    """Write a GitHub-flavoured Markdown table; numbers are right-aligned."""
    rows = list(records)
    out = _out(stream)
    out.write("| " + " | ".join(fields) + " |\n")

    def numeric(name: str) -> bool:
        values = [row.get(name) for row in rows if row.get(name) is not None]
        return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)

    out.write("|" + "|".join("---:" if numeric(name) else "---" for name in fields) + "|\n")
    for row in rows:
        cells = (_markdown_cell(flatten(row.get(name))) for name in fields)
        out.write("| " + " | ".join(cells) + " |\n")


def reader_gone() -> NoReturn:
    """The reader of stdout has gone (``| head``): stop writing, quietly, and exit 0.

    stdout is pointed at the null device first, so that the final flush of
    whatever is still buffered does not fail again.
    """
    silence(sys.stdout)
    raise SystemExit(0)


def silence(stream: TextIO) -> None:
    """Point a stream that cannot be written at the null device, so nothing retries the write."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no descriptor to point anywhere: nothing to do
        pass
