"""Draw the screenshot of `mlprog browse` that docs/browse.md shows: docs/browse.svg, at 80×24.

Run it after a change to how the browser looks::

    .venv/bin/python scripts/screenshot_browse.py [OUTPUT.svg]

The app runs headless through Textual's test harness, on the bundled data,
with a throwaway shortlist file (yours is not read or changed). Two programs
are marked and one put on the shortlist, so that the picture shows the marks.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from mlprog.answers.selection import choose
from mlprog.browse.app import BrowseApp
from mlprog.dataset.load import load_dataset

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "browse.svg"
SIZE = (80, 24)


async def _draw(output: Path, shortlist: Path) -> None:
    dataset = load_dataset()
    app = BrowseApp(
        choose(dataset),
        reselect=lambda profile: choose(dataset, profile=profile),
        profile=None,
        profiles=[p.id for p in dataset.profiles],
        shortlist_path=shortlist,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "j", "m", "a", "j", "j", "j")
        await pilot.pause()
        output.write_text(app.export_screenshot(title="mlprog browse"), encoding="utf-8")


def main(output: Path = OUTPUT) -> Path:
    """Write the screenshot to ``output``; its path."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_draw(output, Path(folder) / "shortlist.json"))
    return output


if __name__ == "__main__":
    written = main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    sys.stdout.write(f"wrote {written}\n")
