"""How long a keystroke in `mlprog browse`'s search takes over a large data set.

Generates a data file of N programs (benchmarks/big_files.py's layout: ``full``
cards by default, so the search has every text field to look through), loads
it, opens the browser headless at 80x24 (Textual's own test harness), presses
``/`` and then types a search one key at a time, timing each key from the press
until the screen has been updated (the table re-filled, the card and status
line shown), then deletes it key by key. Issue 28's target at 100,000 programs:
every keystroke under 100 ms.

    .venv/bin/python benchmarks/browse_search.py [--sizes 1000,10000,100000] [--kind full] [--typed "robot lab"]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from big_files import program, write_toml  # noqa: E402


async def _keystrokes(app: object, typed: str) -> list[tuple[str, float, int]]:
    """Each key's time (ms) and how many programs the table lists after it."""
    from textual.widgets import DataTable

    timings: list[tuple[str, float, int]] = []
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        keys = [*("space" if ch == " " else ch for ch in typed), *["backspace"] * len(typed)]
        for key in keys:
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            elapsed = (time.perf_counter() - start) * 1000
            status = str(app.screen.query_one("#status").render())  # type: ignore[attr-defined]
            table = app.screen.query_one("#programs", DataTable)  # type: ignore[attr-defined]
            timings.append((key, elapsed, table.row_count))
            del status
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--kind", default="full", choices=["summary", "full"])
    parser.add_argument("--typed", default="robot lab")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MLPROG_HOME"] = str(Path(folder) / "home")
        from mlprog.answers.selection import choose
        from mlprog.browse.app import BrowseApp
        from mlprog.dataset.load import load_dataset

        print(f"{'programs':>8}  {'slowest key':>11}  {'median':>7}  {'first key':>9}  keys (ms)")
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"{args.kind}-{size}.toml"
            write_toml(path, [program(n, full=args.kind == "full") for n in range(1, size + 1)])
            dataset = load_dataset(path)
            app = BrowseApp(
                choose(dataset),
                reselect=lambda name, d=dataset: choose(d, profile=name),
                profile=None,
                profiles=[],
                shortlist_path=Path(folder) / "home" / "shortlist.json",
            )
            timings = asyncio.run(_keystrokes(app, args.typed))
            times = sorted(ms for _, ms, _ in timings)
            listed = " ".join(f"{key[:2]}:{ms:.0f}" for key, ms, _ in timings)
            print(
                f"{size:>8,}  {times[-1]:>9.0f}ms  {times[len(times) // 2]:>5.0f}ms  "
                f"{timings[0][1]:>7.0f}ms  {listed}",
                flush=True,
            )


if __name__ == "__main__":
    main()
