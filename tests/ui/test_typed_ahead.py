"""Keys typed ahead of their results (tui/typed_ahead.py), posted to the real app in one
burst, as a terminal read delivers them: none waits for the one before it to be handled."""

from __future__ import annotations

from textual import events

from index.shelf.store import DEFAULT_LIST, ReadingStore
from tests.ui.reader_pilot import settle, status_text
from tui.app import make_app
from tui.screens.list_screen import ListScreen
from tui.widgets.paper_list import PaperList


def burst(app, *keys: str) -> None:
    """Each key posted to the app at once, as the driver posts the keys of one read."""
    for key in keys:
        character = {"slash": "/", "enter": "\r", "space": " "}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


def bookmarks(library) -> set[str]:
    with ReadingStore.open(ReadingStore.default_path(library.places)) as store:
        return set(store.list_ids(DEFAULT_LIST))


async def test_a_bookmark_typed_ahead_of_the_results_bookmarks_their_first_paper(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        before = app.screen.query_one(PaperList).selected
        burst(app, "slash", *"theorem", "enter", "b")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.total == 13 and papers.selected.id != before.id
        assert bookmarks(library) == {papers.selected.id}
        assert app.typed_ahead.held == 0


async def test_motions_typed_ahead_move_in_the_new_results(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(app, "slash", *"theorem", "enter", "j", "j", "b")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.cursor == 2 and bookmarks(library) == {papers.paper_at(2).id}


async def test_a_second_filter_typed_ahead_waits_for_its_own_results(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(app, "slash", *"theorem", "enter", "slash", "ctrl+u", *"proving", "enter", "b")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert app.screen.current_query() == "proving"
        assert bookmarks(library) == {papers.selected.id} and papers.selected.id == papers.paper_at(0).id


async def test_keys_behind_a_refused_query_go_on_the_results_shown(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(app, "slash", *'"theorem', "enter", "j")  # an unclosed quote: no results will come
        await settle(pilot)
        assert app.typed_ahead.held == 0 and app.screen.query_one(PaperList).cursor == 1
        assert "253 of 253 papers" in status_text(app)


async def test_a_lists_filter_typed_ahead_is_applied_before_the_key_behind_it(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("b", "j", "b")  # two papers in Bookmarks, the second bookmarked last
        second = papers.selected
        await pilot.press("L", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        word = max(second.title.split(), key=len)
        burst(app, "slash", *word, "enter", "x")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)  # Enter left the filter, not the screen
        assert bookmarks(library) == {papers.paper_at(0).id}  # x removed the paper the filter kept


async def test_keys_behind_a_one_letter_filter_do_not_wait_for_the_hold_to_run_out(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        burst(app, "slash", "t", "enter", "j")
        await settle(pilot)
        assert app.typed_ahead.held == 0  # long before HOLD_SECONDS: the letter's results came
        assert app.screen.query_one(PaperList).cursor == 1


async def test_each_wait_has_its_own_time_limit(library, monkeypatch):
    """Two filters typed ahead, each search taking most of the time limit: the keys behind the
    second still wait for its results (the limit once counted from the first held key)."""
    import time

    from tui.results import ResultSet

    search = ResultSet.search.__func__

    def slow(cls, *args, **kwargs):
        time.sleep(1.0)  # in the search worker: the slow index of a big archive
        return search(cls, *args, **kwargs)

    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(ResultSet, "search", classmethod(slow))
        burst(app, "slash", *"theorem", "enter", "slash", "ctrl+u", *"proving", "enter", "b")
        for _ in range(100):  # searches are cancelled and started again: wait on the screen
            await pilot.pause(0.1)
            if not app.typed_ahead.held and app.screen.shown_query == "proving":
                break
        await pilot.pause()
        papers = app.screen.query_one(PaperList)
        assert app.screen.current_query() == "proving"
        assert bookmarks(library) == {papers.paper_at(0).id}


async def test_keys_typed_into_a_screen_being_opened_reach_it(library):
    """`L`, Enter, `/a` in one read: the lists screen, the first list's screen, its filter with
    `a` in it (the keys behind a screen's opening once arrived before its widgets)."""
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        burst(app, "L", "enter", "slash", "a")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert app.screen.query_one("#list-filter").value == "a"
