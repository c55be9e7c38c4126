"""Where in a data file a problem is: the line of the entry, and of the field, it names.

Python's TOML parser gives positions only for syntax errors; for a value that
parses but is wrong, this scans the text for the ``[[programs]]`` header of the
entry a problem names and the ``field =`` line under it. It runs only when a
file has problems.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*=')

#: (table, entry number) -> the entry's header line, and each top-level key's line.
Places = dict[tuple[str, int], tuple[int, dict[str, int]]]


def places(text: str) -> Places:
    """Every table and array entry of a TOML text, with the lines of its keys."""
    found: Places = {("", 0): (1, {})}  # the top level, before any table
    counts: dict[str, int] = {}
    current: dict[str, int] | None = found[("", 0)][1]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            brackets, name = header.groups()
            name = name.strip().strip("\"'")
            if brackets == "[[":
                counts[name] = counts.get(name, 0) + 1
                position = counts[name]
            else:
                position = 0
            keys: dict[str, int] = {}
            found.setdefault((name, position), (number, keys))
            current = found[(name, position)][1]
            continue
        key = _KEY.match(line)
        if key and current is not None:
            current.setdefault(key.group(1).strip("\"'"), number)
    return found


def with_lines(path: Path, problems: Sequence[Problem]) -> list[Problem]:
    """The problems with the line each is on, where it can be found (the file is read again)."""
    if not any(p.place for p in problems):
        return list(problems)
    from .reading import MAX_FILE_BYTES, Unreadable, read_bytes

    try:
        text = read_bytes(path, MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except Unreadable:
        return list(problems)
    known = places(text)
    located = []
    for problem in problems:
        if problem.place is None or problem.line is not None:
            located.append(problem)
            continue
        table, position, field = problem.place
        entry = known.get((table, position))
        if entry is None:
            located.append(problem)
            continue
        header, keys = entry
        located.append(problem._replace(line=keys.get(field, header)))
    return sorted(located, key=lambda problem: problem.line or 0)
