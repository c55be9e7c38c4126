"""A table piped elsewhere is written without Rich's console (mlprog.render.plain): the same
bytes as Rich writes, at every width, and Rich still draws what only it can."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rich.text import Text

from forked import Job, run_each
from mlprog.render.plain import Stack, _wrapped, plain_lines

LINES = [
    ["rank"],
    ["rank", "--state", "CA", "--limit", "20"],
    ["rank", "--profile", "value", "--explain"],
    ["rank", "-w", "score=2", "-w", "tuition=-1"],
    ["rank", "--sort", "earnings_4yr"],
    ["rank", "--fields", "id,name,labs,overview"],
    ["filter", "--lab", "robotics"],
    ["filter", "--search", "vision", "--include-unknown"],
    ["filter", "--partner", "nobody"],
    ["states"],
]
WIDTHS = ["", "12", "30", "40", "60", "80", "120", "200"]


def test_a_piped_table_is_what_rich_writes(tmp_path: Path) -> None:
    """The same command lines and widths, written plainly and by Rich."""
    both_ways(
        [(args, {"COLUMNS": width} if width else {}) for args in LINES for width in WIDTHS],
        tmp_path,
        tmp_path,
    )


def both_ways(lines: list[tuple[list[str], dict[str, str]]], home: Path, folder: Path) -> None:
    """Run each command line (with its environment) written plainly and by Rich
    (``TTY_COMPATIBLE=0``: mlprog leaves it to Rich, which takes it for no terminal just the
    same), and assert that both wrote the same."""
    base = {"PATH": os.environ.get("PATH", ""), "MLPROG_HOME": str(home)}
    jobs = []
    for args, env in lines:
        jobs.append(Job(args, {**base, **env}, folder))
        jobs.append(Job(args, {**base, **env, "TTY_COMPATIBLE": "0"}, folder))
    runs = run_each(jobs)
    for index in range(0, len(runs), 2):
        plain, rich = runs[index], runs[index + 1]
        assert plain.code == rich.code == 0, (jobs[index], plain.stderr)
        assert plain.stdout == rich.stdout, jobs[index]
        assert plain.stderr == rich.stderr, jobs[index]


def test_a_wrapped_note_ends_as_rich_ends_it(tmp_path: Path) -> None:
    """A note wrapped where the space between words is another space (a no-break space, an
    ideographic one, from a data file's source title): Rich takes it off the end of the line
    when it goes past the width, and cuts a wide one at the width; the plain lines must too."""
    bundled = (Path(__file__).resolve().parents[1] / "data" / "programs.toml").read_text(encoding="utf-8")
    title = 'source_title = "Top 50 Machine Learning Master\'s Programs 2026"'
    assert title in bundled
    odd = 'source_title = "Top\u00a050 Machine\u3000Learning Master\'s Programs\u30002026"'
    data = tmp_path / "odd.toml"
    data.write_text(bundled.replace(title, odd), encoding="utf-8")
    commands = (["rank", "--data", str(data)], ["filter", "--lab", "machine", "--data", str(data)])
    lines = [(args, {"COLUMNS": width}) for width in ("30", "31", "47", "48") for args in commands]
    both_ways(lines, tmp_path / "home", tmp_path)


def test_a_piped_ranking_needs_no_rich_console() -> None:
    """The point of it: a ranking piped at 80 columns loads rich.text, never rich.console."""
    code = (
        "import sys, os\n"
        "sys.argv = ['mlprog', 'rank', '--state', 'CA']\n"
        "from mlprog import direct\n"
        "try:\n    direct.main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('rich'))))\n"
    )
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        check=True,
    )
    modules = result.stderr[result.stderr.rindex("[") :]
    assert "rich.text" in modules
    assert "rich.console" not in modules
    assert "Carnegie" not in result.stdout  # CA only: the command really ran
    assert " usc " in result.stdout


def test_rich_draws_what_it_must(tmp_path: Path) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    class Pipe:
        def isatty(self) -> bool:
            return False

    one_line = Stack(Text("a note"))
    assert plain_lines(one_line, wide=False, stream=Pipe()) == ["a note"]  # type: ignore[arg-type]
    assert plain_lines(one_line, wide=False, stream=Terminal()) is None  # type: ignore[arg-type]
    assert plain_lines(Stack(Text("two\nlines")), wide=False, stream=Pipe()) is None  # type: ignore[arg-type]
    assert plain_lines(Stack(Text("x", justify="right")), wide=False, stream=Pipe()) is None  # type: ignore[arg-type]
    assert plain_lines(Stack(object()), wide=False, stream=Pipe()) is None  # type: ignore[arg-type]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FORCE_COLOR", "1")
        assert plain_lines(one_line, wide=False, stream=Pipe()) is None  # type: ignore[arg-type]


def test_a_note_wraps_as_rich_wraps_it() -> None:
    from rich.console import Console

    text = "— = not given by the source. Source: Hakia: Top 50 Machine Learning Master's Programs 2026."
    for width in (8, 20, 33, 60):
        console = Console(width=width, file=open(os.devnull, "w"), color_system=None)  # noqa: SIM115
        expected = [line.plain.rstrip() for line in Text(text).wrap(console, width)]
        assert _wrapped(text, width) == expected, width
    assert _wrapped("unbreakable-word-of-length-thirty", 10) is None  # Rich folds it: Rich draws it


def test_a_note_ends_as_rich_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich takes whitespace past the width off a note's lines, counted in characters (a
    combining accent is one, and no cell), whatever space it is; then cuts a wide one at the
    width. The plain lines end just so, wrapped or not."""
    import io

    from rich.console import Console

    from mlprog.render.common import Trimmed

    class Pipe(io.StringIO):
        def isatty(self) -> bool:
            return False

    notes = [
        "Source: Hakia: Top\u00a050 Machine\u3000Learning Master's Programs\u30002026.",
        "Cafe\u0301 " * 5 + "\u00a0",  # fits in cells, longer in characters, a no-break space last
        "word\u200b" * 6 + "\u3000",
    ]
    for note in notes:
        for width in (20, 21, 29, 30, 31, 47, 48):
            monkeypatch.setenv("COLUMNS", str(width))
            drawing = Stack(Text(note))
            console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
            console.print(Trimmed(drawing))
            expected = console.file.getvalue().split("\n")[:-1]  # type: ignore[attr-defined]
            assert plain_lines(drawing, wide=False, stream=Pipe()) in (expected, None), (note, width)
