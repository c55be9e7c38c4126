"""The README's console examples are what mlprog prints in an 80-column terminal.

Each ```console block is replayed in order, in a fresh user folder, with
COLUMNS=80; the output under each ``$ mlprog ...`` line must be exactly what
the command prints (stdout, then stderr, as a terminal shows them). Blocks whose
commands depend on files the README only describes are marked
``<!-- example: not replayed -->`` on the line before.

To rewrite the examples after a deliberate change of output::

    MLPROG_UPDATE_README=1 .venv/bin/python -m pytest tests/test_readme_examples.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from mlprog.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
SKIP_MARK = "<!-- example: not replayed -->"
_BLOCK = re.compile(r"(?P<before>[^\n]*\n)```console\n(?P<body>.*?)```", re.DOTALL)


def replay(command_line: str, home: Path) -> str:
    """What a terminal shows for one ``$ ...`` line: its stdout, then its stderr."""
    words = shlex.split(command_line)
    env = {"COLUMNS": "80", "MLPROG_HOME": str(home), "NO_COLOR": "1"}
    while words and "=" in words[0] and not words[0].startswith("-"):  # VAR=value mlprog ...
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0] == "mlprog", command_line
    result = CliRunner().invoke(app, words[1:], env=env)
    return result.stdout + result.stderr


def rendered_blocks(text: str, home: Path) -> list[tuple[str, str]]:
    """Each replayed block as (what the README says, what mlprog prints)."""
    blocks = []
    for match in _BLOCK.finditer(text):
        if SKIP_MARK in match.group("before"):
            continue
        body = match.group("body")
        produced = []
        for line in body.splitlines():
            if line.startswith("$ "):
                produced.append(line)
                output = replay(line[2:], home).rstrip("\n")
                if output:
                    produced.append(output)
        blocks.append((body, "\n".join(produced) + "\n"))
    return blocks


def test_the_readme_shows_what_mlprog_prints(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = rendered_blocks(text, tmp_path)
    assert len(blocks) >= 10
    if os.environ.get("MLPROG_UPDATE_README"):
        for written, produced in blocks:
            text = text.replace(f"```console\n{written}```", f"```console\n{produced}```", 1)
        README.write_text(text, encoding="utf-8")
        return
    for written, produced in blocks:
        assert written == produced, f"README example differs:\n{produced}"


def test_no_readme_example_is_wider_than_80_columns() -> None:
    for match in _BLOCK.finditer(README.read_text(encoding="utf-8")):
        for line in match.group("body").splitlines():
            if not line.startswith("$ "):
                assert len(line) <= 80, line
                assert not line.endswith(" "), repr(line)
