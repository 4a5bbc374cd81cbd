"""The collector paused for start-up (as the installed command does) comes back on
every path, before any long work: after the reader's first frame, for a first
run's index build, for a sub-command."""

from __future__ import annotations

import gc

import pytest

from index.library import Library
from tests.ui.reader_pilot import settle
from tui import cli, startup_gc
from tui.app import make_app
from tui.screens.main_screen import MainScreen
from tui.widgets.paper_list import PaperList


@pytest.fixture
def paused():
    gc.unfreeze()
    startup_gc.pause()
    yield
    gc.enable()
    gc.unfreeze()


def test_resuming_freezes_what_start_up_made(paused):
    made_at_start = [[] for _ in range(100)]
    startup_gc.resume()
    assert gc.isenabled() and gc.get_freeze_count() >= len(made_at_start)


def test_resuming_a_running_collector_changes_nothing():
    gc.unfreeze()
    startup_gc.resume()
    assert gc.isenabled() and gc.get_freeze_count() == 0


async def test_the_reader_collects_again_once_its_first_frame_is_drawn(library, paused, monkeypatch):
    library.sync()
    seen = {"rows drawn": 0, "at first frame": None}
    draw_row, after_first_frame = PaperList.render_line, MainScreen.after_first_frame

    def counting_rows(papers, y):
        seen["rows drawn"] += 1
        return draw_row(papers, y)

    def noting_first_frame(screen):
        if seen["at first frame"] is None:
            # Inside Textual's start-up batch no frame has reached the terminal yet. Textual says
            # whether it is batching only in a private counter: the one place a test reads it.
            seen["at first frame"] = (seen["rows drawn"], gc.isenabled(), screen.app._batch_count)
        after_first_frame(screen)

    monkeypatch.setattr(PaperList, "render_line", counting_rows)
    monkeypatch.setattr(MainScreen, "after_first_frame", noting_first_frame)
    app = make_app(library)
    assert not gc.isenabled()  # opening an existing index is part of start-up
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows_drawn_before, collecting_before, batching = seen["at first frame"]
        assert rows_drawn_before > 0 and batching == 0  # the list was drawn, the frame sent
        assert not collecting_before
        assert gc.isenabled() and app.screen.query_one(PaperList).total == 253


async def test_a_first_run_builds_its_index_with_the_collector(library, paused, monkeypatch):
    """The reader shows at once and builds a first index in the background: with the collector on."""
    collecting = []
    sync = Library.sync

    def noting_sync(self, *args, **kwargs):
        collecting.append(gc.isenabled())
        return sync(self, *args, **kwargs)

    monkeypatch.setattr(Library, "sync", noting_sync)
    app = make_app(library)
    assert not library.has_index()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
    assert collecting and all(collecting) and library.has_index()


def test_a_sub_command_runs_with_the_collector(sample_dir, tmp_path, paused, monkeypatch, capsys):
    collecting = []
    index = cli._COMMANDS["index"]
    monkeypatch.setitem(cli._COMMANDS, "index", lambda *a: collecting.append(gc.isenabled()) or index(*a))
    status = cli.main(["--listings", str(sample_dir), "--data-dir", str(tmp_path / "data"), "index"])
    assert status == 0 and "253 papers" in capsys.readouterr().out
    assert collecting == [True]
