"""The morning in the reader, on a real store file: new since the last visit, seen, not
interested (x), and saved views (V saves the filter, v opens one)."""

from __future__ import annotations

import time

from index.config import Config
from index.shelf.store import ReadingStore
from tests.ui.reader_pilot import pane_text, settle, status_text
from tui.app import make_app
from tui.dialogs.name_dialog import NameDialog
from tui.dialogs.views_dialog import ViewsDialog
from tui.screens.main_screen import MainScreen
from tui.screens.morning_actions import SEEN_AFTER
from tui.widgets.paper_list import PaperList


def store_of(library) -> ReadingStore:
    return ReadingStore.open(ReadingStore.default_path(library.places))


async def until(pilot, condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the reader did not get there in time"
        await pilot.pause(0.05)


async def test_the_first_visit_finds_every_paper_new_and_the_next_none(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "new" in status_text(app))
        assert "253 new (first visit)" in status_text(app)
        assert "New since your last visit" in pane_text(app)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "new" in status_text(app))
        assert "0 new since" in status_text(app)
        assert "New since" not in pane_text(app)
        await pilot.press("slash", *"is:new", "enter")
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 0


async def test_papers_gone_with_their_listing_are_not_counted_new(library, sample_dir):
    """First seen, then their listing file removed: the index no longer holds them, nor does "new"."""
    library.sync()
    with store_of(library) as store, library.open_searcher() as searcher:
        from index.shelf.first_seen import note_index

        note_index(store, searcher)  # all 253 first seen, as a first reader would record them
    for listing in sorted(sample_dir.glob("*.txt"))[:2]:
        listing.unlink()
    left = library.sync().papers
    assert 0 < left < 253
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "new" in status_text(app))
        assert f"{left} new (first visit)" in status_text(app)


async def test_x_marks_a_paper_not_interested_and_x_again_undoes_it(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "253 new" in status_text(app))
        papers = app.screen.query_one(PaperList)
        paper = papers.selected
        await pilot.press("x")
        await pilot.pause()
        assert papers.render_line(0).text.startswith("×")
        assert "Not interested (x to undo)" in pane_text(app) and "252 new" in status_text(app)
        assert any(text.startswith("Not interested: ") for _severity, text in app.said)
        with store_of(library) as store:
            assert store.dismissed_ids() == {paper.id}
        await pilot.press("x")
        await pilot.pause()
        assert "Not interested" not in pane_text(app) and "253 new" in status_text(app)
        with store_of(library) as store:
            assert store.dismissed_ids() == set()


async def test_a_paper_is_seen_once_its_abstract_stays_in_the_pane_not_while_moving_past(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        first = papers.selected
        await pilot.press("j")  # the first paper was shown for less than SEEN_AFTER
        await settle(pilot)
        second = papers.selected
        await until(pilot, lambda: second.id in app.screen.shelf.seen, timeout=SEEN_AFTER + 10)
        with store_of(library) as store:
            seen = store.seen_ids()
        assert second.id in seen and first.id not in seen
        await pilot.press("k", "j")  # shown again: the pane says so
        await settle(pilot)
        assert "Seen" in pane_text(app)


async def test_a_filter_saved_as_a_view_is_offered_with_its_counts_and_opens_again(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorem ", "enter")
        await settle(pilot)
        total = app.screen.query_one(PaperList).total
        await pilot.press("V")
        await until(pilot, lambda: isinstance(app.screen, NameDialog))
        await pilot.press(*"provers", "enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert any(text == "Saved the view provers: theorem" for _severity, text in app.said)
        await pilot.press("escape", "escape")  # the filter cleared: every paper
        await settle(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ViewsDialog))
        await until(pilot, lambda: app.screen.summaries[0].total is not None)  # the counts follow the picker
        [summary] = app.screen.summaries
        assert summary.view.query == "theorem" and summary.total == total and summary.new == total
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "theorem "
        assert app.screen.query_one(PaperList).total == total


async def test_views_say_how_to_save_one_when_there_is_none(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert any(text.startswith("No saved views yet") for _severity, text in app.said)
        await pilot.press("V")  # nothing typed: nothing to save
        assert any(text.startswith("Type a filter first") for _severity, text in app.said)


async def test_the_start_view_opens_the_reader_on_its_query_and_a_missing_one_is_said(library):
    from index.shelf.view_counts import save_view

    library.sync()
    with store_of(library) as store, library.open_searcher() as searcher:
        save_view(store, searcher, "mine", "reasoning", "upvotes")
    app = make_app(library, Config(start_view="mine"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "reasoning" and "sort: upvotes" in status_text(app)
    app = make_app(library, Config(start_view="gone"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert any("start_view" in text for _severity, text in app.said)


async def test_triage_takes_one_key_per_paper_and_u_undoes_the_last(library):
    from index.shelf.store import DEFAULT_LIST
    from tui.screens.triage_screen import TriageScreen

    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorem ", "enter")
        await settle(pilot)
        total = app.screen.query_one(PaperList).total
        await pilot.press("T")
        await until(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.paper is not None)
        triage = app.screen
        first = triage.paper
        assert f"Triage: {total} left · 0 kept" in str(triage.query_one("#triage-progress").render())
        assert first.title.split()[0] in " ".join(triage.query_one("#triage-paper").lines)
        await pilot.press("b")
        await until(pilot, lambda: triage.paper is not None and triage.position == 1)
        second = triage.paper
        await pilot.press("x")
        await until(pilot, lambda: triage.position == 2)
        third = triage.paper
        await pilot.press("r", "s")
        await until(pilot, lambda: triage.position == 4)
        assert f"Triage: {total - 4} left · 1 kept · 1 dismissed · 1 read · 1 skipped" in str(
            triage.query_one("#triage-progress").render()
        )
        await pilot.press("u", "u")  # the skip, then the read
        await until(pilot, lambda: triage.position == 2 and triage.paper is not None)
        assert triage.paper.id == third.id
        with store_of(library) as store:
            assert store.list_ids(DEFAULT_LIST) == {first.id} and store.dismissed_ids() == {second.id}
            assert not store.is_read(third.id) and third.id not in store.seen_ids()
            assert {first.id, second.id} <= store.seen_ids()
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert any(text.startswith("Triage: 2 decided · 1 kept · 1 dismissed") for _severity, text in app.said)
        assert app.screen.query_one(PaperList).render_line(0) is not None
