"""One timed start of a Textual app, run as its own process by tests/benchmarks/reader.py.

`python -m tests.benchmarks.reader_startup papershelf|minimal DATA_DIR LISTINGS`
prints the seconds from the parent's launch (PS_BENCH_T0, wall clock) to the
first frame with content: the paper list populated, or the minimal app's line.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main() -> None:
    mode, data_dir, listings = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    started = float(os.environ["PS_BENCH_T0"])
    app, ready = _papershelf(data_dir, listings) if mode == "papershelf" else _minimal()
    seconds: list[float] = []

    async def first_frame(pilot) -> None:
        while not ready(pilot.app):
            await pilot.pause(0.001)
        await pilot.pause()  # the frame with that content is drawn
        seconds.append(time.time() - started)
        pilot.app.exit()

    app.run(headless=True, size=(120, 36), auto_pilot=first_frame)
    print(f"{seconds[0]:.4f}")


def _papershelf(data_dir: Path, listings: Path):
    from index.library import Library
    from index.locations import locations
    from tui.app import make_app
    from tui.widgets.paper_list import PaperList

    app = make_app(Library([listings], locations(data_dir)))
    return app, lambda running: bool(running.screen.query(PaperList)) and running.screen.query_one(PaperList).total > 0


def _minimal():
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("papershelf", id="line")

    return Minimal(), lambda running: bool(running.query("#line"))


if __name__ == "__main__":
    main()
