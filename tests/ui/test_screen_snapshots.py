"""A snapshot of every screen and dialog of the reader, at 80x24 and 120x36.

Deterministic as test_snapshots.py's: no cursor blink, the sample listings (in a
folder at a fixed path, since the index status screen shows it), a store whose
dates are fixed, the export dialog's folder fixed. After a deliberate change of
the look: `pytest tests/ui/test_screen_snapshots.py --snapshot-update`, then look
at the SVGs under tests/ui/__snapshots__ before committing.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from index.config import Config
from index.library import Library
from index.locations import locations, sample_listings
from index.shelf.store import ReadingStore
from index.sync.report import SyncOptions
from tests.ui.reader_pilot import settle
from tui.app import make_app

FIXED = Path("/tmp/papershelf-snapshots")  # shown by the index status and export screens
SIZES = [(80, 24), (120, 36)]


@pytest.fixture
def steady_library(tmp_path, monkeypatch) -> Library:
    shutil.rmtree(FIXED, ignore_errors=True)
    listings = FIXED / "listings"
    shutil.copytree(sample_listings(), listings, ignore=shutil.ignore_patterns("__*"))
    monkeypatch.chdir(FIXED)  # the export dialog suggests a file in the working folder
    library = Library([listings], locations(tmp_path / "data"), SyncOptions(procs=1))
    library.sync()
    path = ReadingStore.default_path(library.places)
    with library.open_searcher() as searcher, ReadingStore.open(path) as store:
        papers = [hit.paper for hit in searcher.search("theorem proving", limit=3).hits]
        store.create_list("thesis")
        for paper in papers:
            store.add("thesis", paper)
        store.set_read(papers[0].id, True)
        store.set_note(papers[1].id, "Compare with the Lean 4 baseline.")
    with sqlite3.connect(path) as connection:  # the dates the lists screen shows
        connection.execute("UPDATE lists SET created = '2025-11-04T09:00:00Z'")
        connection.execute("UPDATE entries SET added_at = '2025-11-04T09:00:00Z'")
        connection.execute("UPDATE reads SET read_at = '2025-11-04T09:30:00Z'")
    yield library
    shutil.rmtree(FIXED, ignore_errors=True)


def keys(*pressed: str, typed: str = ""):
    """What to do before the snapshot: settle, press the keys, type the text, settle again."""

    async def run(pilot):
        await settle(pilot)
        await pilot.press(*pressed)
        if typed:
            await pilot.press(*typed)
        await settle(pilot)

    return run


def then(*steps):
    """The steps one after the other (keys, then more keys once the reader has settled)."""

    async def run(pilot):
        for step in steps:
            await step(pilot)

    return run


SCENES = {
    "lists": keys("L"),
    "one_list": keys("L", "j", "enter"),
    "links": then(keys("slash", typed="id:krjowx72h3"), keys("enter", "o")),  # its page, then two links
    "add_to_list": keys("a"),
    "note": keys("e"),
    "confirm": keys("ctrl+r"),
    "name": keys("L", "c"),
    "export": keys("L", "j", "E"),
    "similar": keys("m"),
    "index_status": keys("i"),
    "query_problem": keys("slash", typed="foo:bar theorem"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_every_screen_and_dialog(snap_compare, steady_library, scene, size):
    app = make_app(steady_library, Config(cursor_blink=False))
    assert snap_compare(app, terminal_size=size, run_before=SCENES[scene])
