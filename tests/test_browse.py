"""`mlprog browse`, driven by Textual's own test harness (``App.run_test`` and its pilot) at 80×24.

The tests run the app in a sync test through ``asyncio.run``: no asyncio plugin
for pytest is needed. What the table lists is read from the table itself; what
a card or comparison shows is drawn as text and compared with what ``show`` and
``compare`` print.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from conftest import Invoke, run_json
from mlprog.answers.selection import choose
from mlprog.browse.app import BrowseApp
from mlprog.browse.screens import CardScreen, CompareScreen, HelpScreen
from mlprog.browse.view import KEYS
from mlprog.model import Dataset

SIZE = (80, 24)
Script = Callable[[Pilot[None]], Awaitable[None]]


def make_app(dataset: Dataset, shortlist: Path, profile: str | None = None) -> BrowseApp:
    """The app as `mlprog browse` builds it with no options (the shortlist file at ``shortlist``)."""
    return BrowseApp(
        choose(dataset, profile=profile),
        reselect=lambda name: choose(dataset, profile=name),
        profile=profile,
        profiles=[p.id for p in dataset.profiles],
        shortlist_path=shortlist,
        careers=dataset.careers,
    )


def drive(app: BrowseApp, script: Script, size: tuple[int, int] = SIZE) -> None:
    """Run the app headless (at 80×24 unless told) and play the script against it."""

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(run())


def listed(app: BrowseApp) -> list[str]:
    """The ids of the programs in the table, top to bottom, as the table holds them."""
    table = app.screen.query_one("#programs", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


def drawn(renderable: RenderableType, width: int) -> str:
    """A renderable as plain text at this width, without the spaces at the ends of lines."""
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


def printed(invoke: Invoke, *args: str, width: int) -> str:
    result = invoke(*args, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return "\n".join(line.rstrip() for line in result.stdout.splitlines())


def body_of(app: BrowseApp, widget_id: str = "#body") -> RenderableType:
    content = app.screen.query_one(widget_id, Static).content
    assert not isinstance(content, str)
    return content  # type: ignore[return-value]


@pytest.fixture
def shortlist_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "shortlist.json"


@pytest.mark.parametrize("size", [SIZE, (130, 30)])
@pytest.mark.parametrize("profile", [None, "prestige"])
def test_the_table_lists_the_ranking_and_fits_the_screen(
    bundled: Dataset, shortlist_file: Path, size: tuple[int, int], profile: str | None
) -> None:
    """At 80 columns the card is under the table; from 120 beside it. No column is ever cut off."""
    app = make_app(bundled, shortlist_file, profile)

    async def script(pilot: Pilot[None]) -> None:
        assert listed(app) == [p.id for p in choose(bundled, profile=profile).programs]
        table = app.screen.query_one("#programs", DataTable)
        assert table.virtual_size.width <= table.size.width  # no column hidden to the right
        assert app.screen.focused is table
        card = app.screen.query_one("#detail")
        beside = card.region.x > table.region.x
        assert beside == (size[0] >= 120)

    drive(app, script, size)


def test_s_sorts_by_the_next_column_and_r_reverses(bundled: Dataset, shortlist_file: Path) -> None:
    app = make_app(bundled, shortlist_file)
    programs = choose(bundled).programs
    by_name = [p.id for p in sorted(programs, key=lambda p: p.name.casefold())]
    cheapest_first = [p.id for p in sorted(programs, key=lambda p: (p.tuition, p.rank))]

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("s")  # rank is the order already: name comes next
        assert listed(app) == by_name
        await pilot.press("s", "s")  # state, then tuition
        assert listed(app) == cheapest_first
        await pilot.press("r")
        assert listed(app) == [p.id for p in sorted(programs, key=lambda p: (-p.tuition, p.rank))]
        await pilot.press("s", "s", "s")  # rate, score, and back to the ranking's own order
        assert listed(app) == [p.id for p in programs]

    drive(app, script)


def test_search_narrows_as_you_type_as_search_does(
    bundled: Dataset, shortlist_file: Path, invoke: Invoke
) -> None:
    app = make_app(bundled, shortlist_file)
    typed = "robot"

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        for count in range(1, len(typed) + 1):
            await pilot.press(typed[count - 1])
            expected = run_json(invoke, "rank", "--search", typed[:count])
            assert listed(app) == [p["id"] for p in expected], typed[:count]
        assert 0 < len(listed(app)) < len(bundled.programs)
        await pilot.press("enter")  # keeps the search, back to the table
        assert isinstance(app.screen.focused, DataTable)
        assert len(listed(app)) < len(bundled.programs)
        await pilot.press("slash", "escape")  # clears it
        assert listed(app) == [p.id for p in choose(bundled).programs]
        assert isinstance(app.screen.focused, DataTable)

    drive(app, script)


def test_the_card_is_what_show_prints_and_enter_opens_it(
    bundled: Dataset, shortlist_file: Path, invoke: Invoke
) -> None:
    app = make_app(bundled, shortlist_file)
    third = choose(bundled).programs[2].id

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("j", "down")
        shown = drawn(body_of(app, "#card"), 76)
        assert shown == printed(invoke, "show", third, width=76)
        await pilot.press("enter")
        assert isinstance(app.screen, CardScreen)
        assert drawn(body_of(app), 76) == shown
        await pilot.press("escape")
        assert not isinstance(app.screen, CardScreen)
        await pilot.press("k")
        assert drawn(body_of(app, "#card"), 76) != shown

    drive(app, script)


def test_a_adds_to_the_shortlist_file_and_removes_from_it(bundled: Dataset, shortlist_file: Path) -> None:
    app = make_app(bundled, shortlist_file)
    first = choose(bundled).programs[0].id

    def on_disk() -> list[str]:
        return list(json.loads(shortlist_file.read_text(encoding="utf-8"))["programs"])

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        assert on_disk() == [first]
        table = app.screen.query_one("#programs", DataTable)
        assert "✓" in str(table.get_cell(first, "flags"))
        await pilot.press("j", "a")
        assert on_disk() == [first, choose(bundled).programs[1].id]
        await pilot.press("k", "a")
        assert on_disk() == [choose(bundled).programs[1].id]
        assert "✓" not in str(table.get_cell(first, "flags"))

    drive(app, script)


def test_an_unreadable_shortlist_is_kept_as_it_is(bundled: Dataset, shortlist_file: Path) -> None:
    shortlist_file.parent.mkdir(parents=True)
    shortlist_file.write_bytes(b"{not json")
    app = make_app(bundled, shortlist_file)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        assert shortlist_file.read_bytes() == b"{not json"
        assert app.is_running  # said in a notification, not a crash

    drive(app, script)
    assert (shortlist_file.parent / "shortlist.json.corrupt").read_bytes() == b"{not json"


def test_marking_two_and_comparing_is_what_compare_prints(
    bundled: Dataset, shortlist_file: Path, invoke: Invoke
) -> None:
    app = make_app(bundled, shortlist_file)
    first, second = (p.id for p in choose(bundled).programs[:2])

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("m", "c")  # one marked: nothing to compare
        assert not isinstance(app.screen, CompareScreen)
        await pilot.press("j", "space", "c")
        assert isinstance(app.screen, CompareScreen)
        assert drawn(body_of(app), 100) == printed(invoke, "compare", first, second, width=100)
        await pilot.press("escape", "m", "c")  # unmarked again: one left
        assert not isinstance(app.screen, CompareScreen)

    drive(app, script)


def test_p_ranks_by_each_profile_in_turn_then_by_none(bundled: Dataset, shortlist_file: Path) -> None:
    app = make_app(bundled, shortlist_file)
    # regional needs --state, which this app was not given: it is skipped.
    expected = ["prestige", "value", "working", None]

    async def script(pilot: Pilot[None]) -> None:
        for profile in expected:
            await pilot.press("p")
            assert app.profile == profile
            assert listed(app) == [p.id for p in choose(bundled, profile=profile).programs]
            table = app.screen.query_one("#programs", DataTable)
            assert table.virtual_size.width <= table.size.width  # the personal score column fits too
        assert listed(app) == [p.id for p in choose(bundled).programs]

    drive(app, script)


def test_question_mark_lists_every_key_and_escape_closes_it(bundled: Dataset, shortlist_file: Path) -> None:
    app = make_app(bundled, shortlist_file)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = drawn(body_of(app), 78).splitlines()
        for key, what in KEYS:
            assert any(line.startswith(key + "  ") and what[:20] in line for line in lines), key
        await pilot.press("c")  # the list's keys do nothing here
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)

    drive(app, script)


def test_q_quits(bundled: Dataset, shortlist_file: Path) -> None:
    app = make_app(bundled, shortlist_file)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running

    drive(app, script)
    assert app.return_code == 0


# --- the command ---------------------------------------------------------------------

REFUSAL = "Error: browse needs a terminal; use 'mlprog rank' or 'mlprog show PROGRAM' instead\n"


def test_without_a_terminal_it_refuses_and_points_to_rank_and_show(invoke: Invoke) -> None:
    result = invoke("browse", "--state", "CA")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", REFUSAL)


def test_the_rank_and_filter_options_choose_what_it_lists(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a terminal faked, the app the command builds lists what `rank` lists for the same options."""
    built: list[BrowseApp] = []
    monkeypatch.setattr("mlprog.browse.has_terminal", lambda: True)
    monkeypatch.setattr(BrowseApp, "run", lambda self, *args, **kwargs: built.append(self))
    options = ("--state", "CA,NY,PA", "--profile", "prestige", "--lab", "robotics", "--include-unknown")
    result = invoke("browse", *options)
    assert result.exit_code == 0, result.stderr
    (app,) = built
    assert app.profile == "prestige"
    assert [p.id for p in app.view.programs()] == [p["id"] for p in run_json(invoke, "rank", *options)]
    assert app.next_profile() == app.next_profile() == []  # value, then regional, which needs --state
    assert app.profile == "regional"
    ranked = run_json(invoke, "rank", *options[:2], "--profile", "regional", *options[4:])
    assert [p.id for p in app.view.programs()] == [p["id"] for p in ranked]

    built.clear()
    assert invoke("browse", "--sort", "tuition", "--reverse").exit_code == 0
    assert (built[0].view.sort, built[0].view.reverse) == ("tuition", True)
    assert invoke("browse", "--profile", "nope").exit_code == 2  # a usage error before any screen


# --- a real process on a pseudo-terminal -----------------------------------------------


def on_a_terminal(env: dict[str, str], keys: bytes = b"", until: bytes = b"") -> tuple[int, bytes]:
    """Run `mlprog browse` with stdin, stdout and stderr on an 80×24 pseudo-terminal.

    Once ``until`` has been drawn, ``keys`` are typed. Returns the exit code and all that was drawn.
    """
    import fcntl
    import os
    import pty
    import select
    import struct
    import subprocess
    import sys
    import termios
    import time

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "mlprog", "browse"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, **env},
        close_fds=True,
    )
    os.close(terminal)
    seen, typed, deadline = b"", False, time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            if not typed and until and until in seen:
                os.write(controller, keys)
                typed = True
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:  # the process is gone and its terminal closed
                    break
                if not chunk:
                    break
                seen += chunk
            elif process.poll() is not None:
                break
        return process.wait(timeout=10), seen
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)


def test_term_dumb_is_refused_even_on_a_terminal(tmp_path: Path) -> None:
    code, seen = on_a_terminal({"TERM": "dumb", "MLPROG_HOME": str(tmp_path)})
    assert code == 1
    said = seen.decode().replace("\r\n", "\n")
    assert said.split() == REFUSAL.split()  # wrapped between words at the terminal's 80 columns
    assert all(len(line) <= 80 for line in said.splitlines()), said


def test_on_a_real_terminal_it_draws_and_q_leaves_the_terminal_as_it_was(tmp_path: Path) -> None:
    env = {"TERM": "xterm-256color", "MLPROG_HOME": str(tmp_path)}
    code, seen = on_a_terminal(env, keys=b"q", until=b"Carnegie")
    assert code == 0
    assert b"\x1b[?1049h" in seen  # the view took the alternate screen...
    assert seen.rindex(b"\x1b[?1049l") > seen.rindex(b"Carnegie")  # ...and gave it back at the end
    assert not (tmp_path / "data" / "shortlist.json").exists()  # looking changes nothing


# --- the docs page --------------------------------------------------------------------


def test_the_browse_page_lists_every_key_and_shows_a_screenshot_that_exists() -> None:
    root = Path(__file__).resolve().parents[1]
    page = (root / "docs" / "browse.md").read_text(encoding="utf-8")
    for key, what in KEYS:
        assert f"| `{key}` | {what} |" in page, key
    assert "![mlprog browse at 80 columns and 24 lines](browse.svg)" in page
    assert (root / "docs" / "browse.svg").read_text(encoding="utf-8").startswith("<svg")


def test_the_screenshot_script_draws_an_svg(tmp_path: Path) -> None:
    import runpy

    script = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_browse.py"
    draw = runpy.run_path(str(script))["main"]
    written = draw(tmp_path / "browse.svg")
    svg = written.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "Carnegie" in svg
