"""`mlprog browse` at 60, 80 and 120 columns: the key bar shows Help and Quit first, the table
has rank's columns (the id whole), and a long list is made a screenful at a time."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from mlprog.answers.selection import choose
from mlprog.browse.app import ROWS_AT_ONCE, BrowseApp
from mlprog.model import Dataset


def make_app(dataset: Dataset, tmp_path: Path) -> BrowseApp:
    return BrowseApp(
        choose(dataset),
        reselect=lambda name: choose(dataset, profile=name),
        profile=None,
        profiles=[p.id for p in dataset.profiles],
        shortlist_path=tmp_path / "shortlist.json",
    )


def headings(app: BrowseApp) -> list[str]:
    table = app.screen.query_one("#programs", DataTable)
    return [column.label.plain.rstrip(" ▾▴") for column in table.ordered_columns]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_key_bar_starts_with_help_and_quit_and_the_table_has_the_id(
    bundled: Dataset, tmp_path: Path, width: int
) -> None:
    app = make_app(bundled, tmp_path)
    seen: dict[str, object] = {}

    async def run() -> None:
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            keys = list(app.screen.query(FooterKey))
            seen["keys"] = [(key.key_display, key.description) for key in keys[:2]]
            seen["visible"] = all(key.region.right <= width for key in keys[:2])
            seen["headings"] = headings(app)
            table = app.screen.query_one("#programs", DataTable)
            seen["fits"] = table.virtual_size.width <= table.size.width
            seen["ids"] = [str(table.get_cell_at((row, 3)).plain) for row in range(table.row_count)]

    asyncio.run(run())
    assert seen["keys"] == [("?", "Help"), ("q", "Quit")]
    assert seen["visible"]
    shown = seen["headings"]
    assert isinstance(shown, list)
    assert shown[:4] == ["", "#", "Program", "ID"]
    assert shown[-1] == "Score"
    assert "St" not in shown
    assert "Rate" not in shown
    if width >= 80:
        assert shown[4:] == ["State", "Tuition", "Grad", "Score"]
    assert seen["fits"]  # no column hidden to the right
    assert seen["ids"] == [p.id for p in choose(bundled).programs]  # every id whole


def test_a_long_list_is_made_a_screenful_at_a_time(bundled: Dataset, tmp_path: Path) -> None:
    base = bundled.programs
    many = [
        base[n % len(base)]._replace(id=f"copy-{n}", name=f"Copy {n}", rank=n + 1)
        for n in range(3 * ROWS_AT_ONCE)
    ]
    dataset = bundled._replace(programs=tuple(many))
    app = make_app(dataset, tmp_path)
    counts: list[int] = []

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#programs", DataTable)
            counts.append(table.row_count)
            # The highlight moved well down the first rows (no key there adds any), then by key
            # past the point where more rows come.
            table.move_cursor(row=ROWS_AT_ONCE - 15)
            await pilot.pause()
            counts.append(table.row_count)
            await _press(pilot, "down", 10)
            counts.append(table.row_count)
            counts.append(table.cursor_row)
            await _press(pilot, "pagedown", 30)
            counts.append(table.row_count)
            counts.append(table.cursor_row)

    asyncio.run(run())
    assert counts[0] == ROWS_AT_ONCE
    assert counts[1] == ROWS_AT_ONCE  # not yet near the last row
    assert counts[2] > ROWS_AT_ONCE  # more rows once the highlight neared the last
    assert counts[3] == ROWS_AT_ONCE - 5
    assert counts[4] == 3 * ROWS_AT_ONCE  # every program can be reached
    assert counts[5] == 3 * ROWS_AT_ONCE - 1


async def _press(pilot: Pilot[None], key: str, times: int) -> None:
    """Press a key so many times, each handled before the next is sent (as Pilot.press does)."""
    await pilot.press(*[key] * times)
    await pilot.pause()
