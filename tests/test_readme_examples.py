"""The console examples of the README and of docs/*.md are what mlprog prints at 80 columns.

Each ```console block of a page is replayed in order, in a fresh user folder
for that page, with COLUMNS=80; the output under each ``$ mlprog ...`` line
must be exactly what the command prints (stdout, then stderr, as a terminal
shows them). A block sees what the page's earlier blocks did (the shortlist
examples, then the applications ones), so a sequence that builds on itself
stays on one page, in order. Blocks whose commands depend on files the page
only describes are marked ``<!-- example: not replayed -->`` on the line before.

To rewrite the examples after a deliberate change of output::

    MLPROG_UPDATE_README=1 .venv/bin/python -m pytest tests/test_readme_examples.py
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlprog.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
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


def replayed_blocks(text: str) -> list[re.Match[str]]:
    """The ```console blocks of a page that are replayed, in order."""
    return [match for match in _BLOCK.finditer(text) if SKIP_MARK not in match.group("before")]


def line_of(text: str, match: re.Match[str]) -> int:
    """The line number of a block's opening fence."""
    return text.count("\n", 0, match.start("body"))


def rendered(body: str, home: Path) -> str:
    """What mlprog prints for a block's commands, laid out as the block is."""
    produced = []
    for line in body.splitlines():
        if line.startswith("$ "):
            produced.append(line)
            output = replay(line[2:], home).rstrip("\n")
            if output:
                produced.append(output)
    return "\n".join(produced) + "\n"


def _cases() -> list[object]:
    cases = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for index, match in enumerate(replayed_blocks(text)):
            name = page.relative_to(ROOT).as_posix()
            cases.append(pytest.param(page, index, id=f"{name}:{line_of(text, match)}"))
    return cases


CASES = _cases()
_replays: dict[Path, list[str]] = {}


def replayed_page(page: Path, factory: pytest.TempPathFactory) -> list[str]:
    """What mlprog prints for every replayed block of a page, replayed once, in order."""
    if page not in _replays:
        home = factory.mktemp(page.stem)
        text = page.read_text(encoding="utf-8")
        _replays[page] = [rendered(match.group("body"), home) for match in replayed_blocks(text)]
        if os.environ.get("MLPROG_UPDATE_README"):
            pieces, end = [], 0
            for match, produced in zip(replayed_blocks(text), _replays[page], strict=True):
                pieces += [text[end : match.start("body")], produced]
                end = match.end("body")
            page.write_text("".join(pieces) + text[end:], encoding="utf-8")
    return _replays[page]


@pytest.mark.parametrize(("page", "index"), CASES)
def test_each_example_shows_what_mlprog_prints(
    page: Path, index: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    produced = replayed_page(page, tmp_path_factory)[index]  # (rewrites the page first, when asked)
    written = replayed_blocks(page.read_text(encoding="utf-8"))[index].group("body")
    assert written == produced, f"{page.name} example differs:\n{produced}"


def test_the_readme_and_the_docs_show_real_output() -> None:
    per_page = {page.name: len(replayed_blocks(page.read_text(encoding="utf-8"))) for page in PAGES}
    assert per_page["README.md"] >= 8, per_page
    assert sum(per_page.values()) - per_page["README.md"] >= 18, per_page  # the README's before docs/
    for name in ("commands.md", "ranking.md", "cost.md", "scripting.md", "your-files.md"):
        assert per_page[name] >= 1, name


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_no_example_is_wider_than_80_columns(page: Path) -> None:
    for match in _BLOCK.finditer(page.read_text(encoding="utf-8")):
        for line in match.group("body").splitlines():
            if not line.startswith("$ "):
                assert len(line) <= 80, line
                assert not line.endswith(" "), repr(line)
