"""The reader keeps its index in step while it runs, also when another process changes it."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

from tests.ui.reader_pilot import settle
from tui.app import make_app
from tui.widgets.paper_list import PaperList

ROOT = Path(__file__).parents[2]


def rebuild_elsewhere(listings: Path, data: Path) -> None:
    command = [sys.executable, "-m", "tui", "--listings", str(listings), "--data-dir", str(data), "index", "--rebuild"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


async def test_the_reader_moves_to_the_index_another_process_rebuilt_keeping_the_selection(library, sample_dir, places):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j", "j")
        picked = papers.selected
        for _rebuild in range(2):  # the second deletes every generation no reader holds
            await asyncio.to_thread(rebuild_elsewhere, sample_dir, places.data_dir)
        deadline = time.monotonic() + 60
        while app.screen.freshness.version != library.index_version():
            assert time.monotonic() < deadline, "the reader never moved to the new index"
            await pilot.pause(0.1)
        await settle(pilot)
        assert papers.selected.id == picked.id
        await pilot.press("slash", *"theorem")
        await settle(pilot)
        assert papers.total == 13 and app.is_running
        assert len(list(library.home.root.glob("gen-*"))) <= 2  # its old one let go, deleted by the next rebuild
