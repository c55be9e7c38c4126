"""Long output is paged on a terminal, as git and gh do: through a real pseudo-terminal, with a
recording pager, at 80x24; never when piped; never lost when the pager is missing or fails."""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import snapshot
from terminal import in_terminal

# A pager that records what it is given, and shows a marker instead.
RECORDER = """\
import sys
data = sys.stdin.buffer.read()
with open(sys.argv[1], "wb") as record:
    record.write(data)
sys.stdout.write("PAGED\\n")
"""
# A pager that fails without reading anything.
FAILING = "import sys\nsys.exit(3)\n"


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A recording pager's command line, and the file it records to."""
    script = tmp_path / "pager.py"
    script.write_text(RECORDER, encoding="utf-8")
    record = tmp_path / "paged.txt"
    return shlex.join([sys.executable, str(script), str(record)]), record


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "MLPROG_PAGER", "LESS")}
    env.update(extra)
    return env


@pytest.mark.parametrize(("columns", "lines"), [(60, 24), (80, 24), (120, 40)])
@pytest.mark.parametrize("args", [["sources"], ["compare", "--top", "4"], ["show", "usc"]])
def test_long_output_goes_through_the_pager_whole(
    args: list[str], columns: int, lines: int, pager: tuple[str, Path]
) -> None:
    command, record = pager
    home = Path(os.environ["HOME"])
    before = snapshot(home)
    paged = in_terminal(args, environment(PAGER=command), columns, lines)
    assert paged.code == 0, paged.stderr
    assert paged.screen == "PAGED\n"
    direct = in_terminal([*args, "--no-pager"], environment(PAGER=command), columns, lines)
    assert direct.code == 0
    shown = record.read_text(encoding="utf-8")
    assert shown == direct.screen  # the pager got what the terminal would show, colour included
    assert shown.count("\n") > lines
    assert max(len(line) for line in _plain(shown).splitlines()) <= columns
    assert snapshot(home) == before


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_output_that_fits_the_screen_is_not_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    run = in_terminal(["show", "usc", "--fields", "id,name"], environment(PAGER=command))
    assert run.code == 0
    assert "usc" in run.screen
    assert "PAGED" not in run.screen
    assert not record.exists()


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_piped_output_is_never_paged(extra: list[str], pager: tuple[str, Path]) -> None:
    command, record = pager
    piped = subprocess.run(
        [sys.executable, "-m", "mlprog", "sources", *extra],
        capture_output=True,
        text=True,
        env=environment(PAGER=command),
        check=False,
    )
    assert piped.returncode == 0
    assert "penn-graduation-rate" in piped.stdout
    assert not record.exists()


def test_no_pager_flag_and_setting_turn_paging_off(pager: tuple[str, Path]) -> None:
    command, record = pager
    flag = in_terminal(["sources", "--no-pager"], environment(PAGER=command))
    assert "penn-graduation-rate" in flag.screen
    assert not record.exists()
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "mlprog" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("pager = false\n", encoding="utf-8")
    setting = in_terminal(["sources"], environment(PAGER=command))
    assert setting.code == 0, setting.stderr
    assert "penn-graduation-rate" in setting.screen
    assert not record.exists()
    # The environment's MLPROG_PAGER is above the settings file, and chooses the pager.
    chosen = in_terminal(["sources"], environment(PAGER="no-such-pager", MLPROG_PAGER=command))
    assert chosen.screen == "PAGED\n"
    assert record.exists()


def test_mlprog_pager_wins_over_pager(pager: tuple[str, Path]) -> None:
    command, record = pager
    run = in_terminal(["sources"], environment(PAGER="no-such-pager-at-all", MLPROG_PAGER=command))
    assert run.code == 0
    assert run.screen == "PAGED\n"
    assert run.stderr == ""
    assert "penn-graduation-rate" in record.read_text(encoding="utf-8")


def test_a_missing_pager_loses_nothing(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-pager")
    run = in_terminal(["sources"], environment(PAGER=missing))
    direct = in_terminal(["sources", "--no-pager"], environment())
    assert run.code == 0
    assert run.screen == direct.screen
    assert "could not be started" in run.stderr
    assert "--no-pager" in run.stderr


def test_a_failing_pager_loses_nothing(tmp_path: Path) -> None:
    script = tmp_path / "failing.py"
    script.write_text(FAILING, encoding="utf-8")
    run = in_terminal(["sources"], environment(PAGER=shlex.join([sys.executable, str(script)])))
    direct = in_terminal(["sources", "--no-pager"], environment())
    assert run.code == 0
    assert run.screen == direct.screen
    assert "ended with status 3" in run.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_output_held_for_the_pager_reaches_the_terminal_when_the_command_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mlprog.text.paging import paged

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)

    def fail() -> None:
        with paged("no-such-pager", lambda _: None):
            print("written before the failure")
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        fail()
    assert sys.stdout is terminal
    assert terminal.getvalue() == "written before the failure\n"
