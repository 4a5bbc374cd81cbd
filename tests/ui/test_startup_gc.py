"""The collector paused for start-up (as the installed command does) comes back on
every path: after the reader's first frame, for a first run's index build, for a sub-command."""

from __future__ import annotations

import gc

import pytest

from tests.ui.reader_pilot import settle
from tui import cli, startup_gc
from tui.app import make_app
from tui.widgets.paper_list import PaperList


@pytest.fixture
def paused():
    startup_gc.pause()
    yield
    gc.enable()
    gc.unfreeze()


async def test_the_reader_collects_again_once_its_first_frame_is_drawn(library, paused):
    library.sync()
    app = make_app(library)
    assert not gc.isenabled()  # opening an existing index is part of start-up
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 253
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up made is not walked again


def test_a_first_run_collects_while_it_builds_the_index(library, paused):
    make_app(library)
    assert library.has_index() and gc.isenabled()


def test_a_sub_command_runs_with_the_collector(sample_dir, tmp_path, paused, capsys):
    status = cli.main(["--listings", str(sample_dir), "--data-dir", str(tmp_path / "data"), "index"])
    assert status == 0 and "253 papers" in capsys.readouterr().out
    assert gc.isenabled()
