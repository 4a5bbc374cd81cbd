"""A big index's prefix bitsets: a sync leaves them to the reader, which builds them in the background."""

from __future__ import annotations

import time

from index.engine import prefix_process
from index.engine.prefix_bits import PREFIX_BITS_FILE, holds_for
from index.sync.report import WHOOSH_FOLDER
from tui.app import make_app


async def test_a_sync_leaves_a_big_index_to_the_reader_which_builds_its_bits(library, monkeypatch):
    monkeypatch.setattr(prefix_process, "INLINE_UP_TO", 100)  # the sample counts as big
    library.sync()
    path = library.home.current() / PREFIX_BITS_FILE
    assert not path.exists()

    app = make_app(library)
    async with app.run_test() as pilot:
        deadline = time.monotonic() + 120
        while not holds_for(library.home.current() / WHOOSH_FOLDER):
            assert time.monotonic() < deadline, "the reader never built the prefix bitsets"
            await pilot.pause(0.1)
