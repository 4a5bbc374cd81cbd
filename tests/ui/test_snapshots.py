"""Snapshots of the main layouts (pytest-textual-snapshot), made deterministic:
no cursor blink, the fixed sample listings, an isolated config.

After a deliberate change of the look: `pytest tests/ui/test_snapshots.py --snapshot-update`,
then open the SVGs under tests/ui/__snapshots__ and look at them before committing.
"""

from __future__ import annotations

from index.config import Config
from tests.ui.reader_pilot import settle
from tui.app import make_app


def steady_app(library):
    library.sync()  # the index already there: a first run's build and its notice are not in the picture
    return make_app(library, Config(cursor_blink=False))


def test_main_screen_80x24(snap_compare, library):
    assert snap_compare(steady_app(library), terminal_size=(80, 24), run_before=settle)


def test_main_screen_120x36_filtered(snap_compare, library):
    async def filter_theorem(pilot):
        await settle(pilot)
        await pilot.press("slash", *"theorem proving")
        await settle(pilot)

    assert snap_compare(steady_app(library), terminal_size=(120, 36), run_before=filter_theorem)


def test_help_screen(snap_compare, library):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(steady_app(library), terminal_size=(120, 36), run_before=open_help)


def test_empty_results_with_suggestion(snap_compare, library):
    async def misspell(pilot):
        await settle(pilot)
        await pilot.press("slash", *"theroem ")
        await settle(pilot)

    assert snap_compare(steady_app(library), terminal_size=(80, 24), run_before=misspell)
