"""The error boundary: a failure in papershelf's own code is logged and said in one line,
and the reader goes on; what Textual itself cannot handle ends it with status 1 and the log's path.

The failures are real exceptions raised where papershelf's code runs: a handler, an
action, a timer, a callback after refresh, a thread worker, a worker's callback.
"""

from __future__ import annotations

import pytest
from textual import work
from textual.widgets import Static

from tests.ui.reader_pilot import settle, status_text
from tui.app import make_app
from tui.error_boundary import Guarded
from tui.screens.main_screen import MainScreen
from tui.widgets.paper_list import PaperList

pytestmark = pytest.mark.expect_internal_errors


class Boom(RuntimeError):
    pass


def explode(*_args, **_kwargs) -> None:
    raise Boom("on purpose \x1b[31m")


async def _app_with_log(library, tmp_path):
    library.sync()  # an index already there: no first build in the background
    app = make_app(library)
    app.services.log_file = tmp_path / "state" / "papershelf.log"
    app.error_sink.log.path = app.services.log_file
    return app


async def until(pilot, condition) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never came true")


async def assert_reported_and_alive(app, pilot, tmp_path) -> None:
    """One report, logged with its traceback; the status line says where; keys still work."""
    await until(pilot, lambda: app.error_sink.reported)
    await pilot.pause()
    assert [type(error) for error in app.error_sink.reported] == [Boom]
    log = (tmp_path / "state" / "papershelf.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "Boom: on purpose" in log
    assert (tmp_path / "state" / "papershelf.log").stat().st_mode & 0o077 == 0
    status = status_text(app)
    assert "internal error: Boom: on purpose" in status and "papershelf.log" in status
    assert "\x1b" not in status
    papers = app.screen.query_one(PaperList)
    before = papers.cursor
    await pilot.press("j")
    await until(pilot, lambda: papers.cursor == before + 1)  # the screen still handles keys


async def test_a_failing_action_is_reported_and_the_reader_goes_on(library, tmp_path, monkeypatch):
    monkeypatch.setattr(MainScreen, "action_cycle_sort", explode)
    app = await _app_with_log(library, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await assert_reported_and_alive(app, pilot, tmp_path)


async def test_a_failing_message_handler_is_reported_and_the_screen_keeps_its_messages(library, tmp_path, monkeypatch):
    monkeypatch.setattr(MainScreen, "start_search", explode)
    app = await _app_with_log(library, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "t", "h", "e")  # Input.Changed -> filter_changed -> start_search
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.error_sink.reported) == 3  # each keystroke's handler ran: the pump lives
        app.error_sink.reported[1:] = []
        await assert_reported_and_alive(app, pilot, tmp_path)


async def test_a_failing_callback_after_refresh_is_reported(library, tmp_path, monkeypatch):
    monkeypatch.setattr(MainScreen, "show_selected", explode)  # runs after the list's refresh
    app = await _app_with_log(library, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.error_sink.reported.clear()
        await pilot.press("j")
        await settle(pilot)
        assert [type(e) for e in app.error_sink.reported] == [Boom]


async def test_a_failing_timer_is_reported_and_keeps_ticking(library, tmp_path):
    app = await _app_with_log(library, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.set_interval(0.01, explode)
        await until(pilot, lambda: len(app.error_sink.reported) >= 3)
        assert {type(e) for e in app.error_sink.reported} == {Boom}


class FailingWorkers(Guarded, Static):
    """A widget whose thread worker raises, and one whose worker's callback does."""

    @work(thread=True)
    def fail_in_thread(self) -> None:
        explode()

    @work(thread=True)
    def fail_in_callback(self) -> None:
        self.app.call_from_thread(explode)


@pytest.mark.parametrize("which", ["fail_in_thread", "fail_in_callback"])
async def test_a_failing_worker_is_reported_and_the_reader_goes_on(library, tmp_path, which):
    app = await _app_with_log(library, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        widget = FailingWorkers()
        await app.screen.mount(widget)
        getattr(widget, which)()
        await assert_reported_and_alive(app, pilot, tmp_path)


async def test_what_textual_cannot_handle_ends_the_reader_with_status_1_and_the_log(library, tmp_path):
    """A widget outside the boundary (not Guarded) failing: the app ends, non-zero, saying where the log is."""

    class Unguarded(Static):
        def on_mount(self) -> None:
            explode()

    app = await _app_with_log(library, tmp_path)
    with pytest.raises(Boom):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await app.screen.mount(Unguarded("x"))
            await pilot.pause()
    assert app.return_code == 1
    assert "Boom: on purpose" in (tmp_path / "state" / "papershelf.log").read_text(encoding="utf-8")


async def test_textuals_own_panic_ends_the_reader_with_status_1_and_the_traceback_in_the_log(library, tmp_path):
    """What Textual's input thread does when it fails: App.panic with a traceback. The user
    sees one line and status 1; the traceback is in the log, not over the terminal."""
    from rich.traceback import Traceback

    app = await _app_with_log(library, tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        try:
            explode()
        except Boom:
            app.call_later(app.panic, Traceback())  # as Textual's input thread hands it over
        await pilot.pause()
    assert app.return_code == 1
    assert "Boom: on purpose" in (tmp_path / "state" / "papershelf.log").read_text(encoding="utf-8")


def test_every_screen_widget_and_app_of_papershelf_is_inside_the_boundary():
    import importlib
    import inspect
    import pkgutil

    import tui
    from textual.message_pump import MessagePump

    outside = []
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        if module_info.name.endswith("__main__"):  # it runs the command on import
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, MessagePump) and not issubclass(cls, Guarded):
                outside.append(f"{cls.__module__}.{cls.__qualname__}")
    assert outside == []
