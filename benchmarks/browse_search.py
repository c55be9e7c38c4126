"""How long a keystroke in `mlprog browse`'s search takes over a large data set.

Generates a data file of N programs (benchmarks/big_files.py's layout: ``full``
cards by default, so the search has every text field to look through), loads
it, opens the browser headless at 80x24 (Textual's own test harness), waits for
the search's index (made in the background as the browser opens: its time is
shown), presses ``/`` and types a search one key at a time, then deletes it key
by key. For each key: the time mlprog takes to re-filter (the search, the table
re-filled, the status line and the card: the key's handler), and the time until
the screen is drawn again (that, plus Textual's measuring and drawing, and its
waits between frames). Issue 28's target at 100,000 programs: a key re-filters
in under 100 ms. The cyclic garbage collector is off, as `mlprog` runs (see
mlprog/__main__.py).

    .venv/bin/python benchmarks/browse_search.py [--sizes 1000,10000,100000] [--kind full]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from big_files import program, write_toml

Timing = tuple[str, float, float, int]


async def _keystrokes(app: Any, typed: str) -> tuple[float, list[Timing]]:
    """The index's time (s), and for each key: the handler's and the screen's time (ms), and
    how many programs the search keeps."""
    from mlprog.browse.app import BrowseScreen

    handled: list[float] = []
    handler = BrowseScreen.on_input_changed

    def timed(screen: Any, event: Any) -> None:
        start = time.perf_counter()
        handler(screen, event)
        handled.append((time.perf_counter() - start) * 1000)

    BrowseScreen.on_input_changed = timed  # type: ignore[method-assign]
    timings: list[Timing] = []
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            app.view.index.prepare()  # waits for the one made in the background
            indexed = time.perf_counter() - start
            await pilot.press("slash")
            await pilot.pause()
            keys = [*("space" if ch == " " else ch for ch in typed), *["backspace"] * len(typed)]
            for key in keys:
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                drawn = (time.perf_counter() - start) * 1000
                timings.append((key, handled[-1], drawn, len(app.view.programs())))
    finally:
        BrowseScreen.on_input_changed = handler  # type: ignore[method-assign]
    return indexed, timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--kind", default="full", choices=["summary", "full"])
    parser.add_argument("--typed", default="robot lab")
    args = parser.parse_args()
    gc.disable()  # as the mlprog command runs
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MLPROG_HOME"] = str(Path(folder) / "home")
        from mlprog.answers.selection import choose
        from mlprog.browse.app import BrowseApp
        from mlprog.dataset.load import load_dataset

        print(f"typed {args.typed!r}, then deleted; re-filter = the key's handler, screen = drawn again")
        heads = ("programs", "index", "re-filter: slowest", "median", "screen: slowest", "median")
        print("{:>8}  {:>6}  {:>18} {:>6}  {:>15} {:>6}".format(*heads))
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
            indexed, timings = asyncio.run(_keystrokes(app, args.typed))
            handled = sorted(t[1] for t in timings)
            drawn = sorted(t[2] for t in timings)
            print(
                f"{size:>8,}  {indexed:>5.1f}s  {handled[-1]:>16.0f}ms {handled[len(handled) // 2]:>4.0f}ms"
                f"  {drawn[-1]:>13.0f}ms {drawn[len(drawn) // 2]:>4.0f}ms",
                flush=True,
            )
            print("          " + " ".join(f"{k[:2]}:{h:.0f}/{d:.0f}({n})" for k, h, d, n in timings))


if __name__ == "__main__":
    main()
