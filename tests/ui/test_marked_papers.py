"""Marking papers on the main screen and acting on all of them, and undo, on a real store file:
space marks and moves down, `*` marks every paper shown (asking first above ASK_ABOVE),
Escape clears the marks; b, a, r, x, y, Y and E then apply to every marked paper; u undoes
the last reading-list change, the last ten in order, each exactly."""

from __future__ import annotations

import time

from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.shelf.undo import DEPTH
from tests.ui.reader_pilot import settle, status_text
from tui.app import make_app
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.marked_papers import MARK
from tui.screens.bulk_actions import ASK_ABOVE
from tui.screens.main_screen import MainScreen
from tui.widgets.paper_list import PaperList


def store_of(library) -> ReadingStore:
    return ReadingStore.open(ReadingStore.default_path(library.places))


def row_text(papers: PaperList, row: int) -> str:
    return papers.render_line(row - int(papers.scroll_offset.y)).text


async def until(pilot, condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the reader did not get there in time"
        await pilot.pause(0.05)


def said(app, start: str) -> bool:
    return any(text.startswith(start) for _severity, text in app.said)


async def mark_three(pilot) -> list[str]:
    """Space on the first three rows; their ids."""
    papers = pilot.app.screen.query_one(PaperList)
    ids = []
    for _ in range(3):
        ids.append(papers.selected.id)
        await pilot.press("space")
    return ids


async def test_three_papers_marked_with_space_are_bookmarked_together(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        ids = await mark_three(pilot)
        assert papers.cursor == 3  # space moves down
        assert all(row_text(papers, row)[2:].startswith(f"{MARK} ") for row in range(3))
        assert not row_text(papers, 3)[2:].startswith(MARK)
        assert "3 marked" in status_text(app)
        await pilot.press("b")
        await settle(pilot)
        assert said(app, "Bookmarked 3 papers")
        assert all(row_text(papers, row).startswith("★") for row in range(3))
    with store_of(library) as store:
        assert store.list_ids(DEFAULT_LIST) == set(ids)


async def test_space_again_unmarks_and_escape_clears_every_mark(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await mark_three(pilot)
        await pilot.press("k", "space")  # the third again: unmarked
        assert "2 marked" in status_text(app) and not row_text(papers, 2)[2:].startswith(MARK)
        await pilot.press("escape")
        assert "marked" not in status_text(app) and not row_text(papers, 0)[2:].startswith(MARK)
        await pilot.press("b")  # no marks: the selected paper alone
        await settle(pilot)
    with store_of(library) as store:
        assert len(store.list_ids(DEFAULT_LIST)) == 1


async def test_marks_survive_a_filter_change_and_a_sort_and_the_action_takes_papers_not_shown(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        ids = await mark_three(pilot)
        await pilot.press("slash", *"theorem", "enter")
        await settle(pilot)
        assert papers.total < 253 and "3 marked" in status_text(app)
        await pilot.press("space")  # a fourth, among the filtered results
        fourth = papers.paper_at(0).id
        await pilot.press("s", "S")
        await settle(pilot)
        assert "4 marked" in status_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert said(app, "Marked 4 papers read")
        await pilot.press("slash", "ctrl+u", *f"id:{ids[0]}", "enter")  # a paper marked before the filter
        await settle(pilot)
        assert papers.total == 1 and row_text(papers, 0)[2:].startswith(f"{MARK} ")
    with store_of(library) as store:
        assert store.read_ids() == {*ids, fourth}


async def test_star_asks_above_the_threshold_then_marks_every_paper_shown(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PaperList).total > ASK_ABOVE
        await pilot.press("asterisk")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "253" in app.screen.question
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen) and "marked" not in status_text(app)
        await pilot.press("asterisk", "y")
        await settle(pilot)
        assert "253 marked" in status_text(app)
        await pilot.press("x")
        await settle(pilot)
        assert said(app, "Not interested: 253 papers")
    with store_of(library) as store:
        assert len(store.dismissed_ids()) == 253


async def test_star_marks_a_few_papers_shown_without_asking(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("slash", *"theorem", "enter")
        await settle(pilot)
        total = papers.total
        assert 0 < total <= ASK_ABOVE
        await pilot.press("asterisk")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and f"{total} marked" in status_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert len(app.clipboard.splitlines()) == total
        await pilot.press("Y")
        await settle(pilot)
        assert app.clipboard.count("@misc{") == total
        await pilot.press("a", *"thesis", "enter")
        await settle(pilot)
        assert said(app, f"Added {total} papers to thesis")
    with store_of(library) as store:
        assert len(store.list_ids("thesis")) == total


async def test_e_exports_the_marked_papers(library, tmp_path, monkeypatch):
    import bibtexparser

    monkeypatch.chdir(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await mark_three(pilot)
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("enter", "enter")  # BibTeX, to the suggested file
        await pilot.pause()
    entries = bibtexparser.parse_string((tmp_path / "3-marked-papers.bib").read_text(encoding="utf-8")).entries
    assert len(entries) == 3


async def test_undo_takes_back_the_last_ten_changes_newest_first(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        states = []
        keys = "brx"
        for number in range(DEPTH + 1):  # one more change than undo keeps
            with store_of(library) as store:
                states.append((store.list_ids(DEFAULT_LIST), store.read_ids(), store.dismissed_ids()))
            papers.cursor = number
            await pilot.pause()
            await pilot.press(keys[number % 3])
            await settle(pilot)
        for number in range(DEPTH, 0, -1):
            await pilot.press("u")
            await settle(pilot)
            with store_of(library) as store:
                assert (store.list_ids(DEFAULT_LIST), store.read_ids(), store.dismissed_ids()) == states[number]
        undone = [text for _severity, text in app.said if text.startswith("Undone: ")]
        assert [text.split(":")[1].strip() for text in undone] == [
            ["Bookmarked", "Marked read", "Not interested"][number % 3] for number in range(DEPTH, 0, -1)
        ]
        await pilot.press("u")
        await pilot.pause()
        assert said(app, "Nothing to undo.")
    with store_of(library) as store:
        assert len(store.list_ids(DEFAULT_LIST)) == 1  # the first change stays


async def test_undoing_mark_all_read_leaves_a_paper_read_before_as_it_was(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorem", "enter")
        await settle(pilot)
        first = app.screen.query_one(PaperList).selected.id
        await pilot.press("r")
        await settle(pilot)
        with store_of(library) as store:
            before = store.rows_of([first], read=True).reads
        await pilot.press("ctrl+r", "y")
        await settle(pilot)
        with store_of(library) as store:
            assert len(store.read_ids()) > 1
        await pilot.press("u")
        await settle(pilot)
        assert said(app, "Undone: Marked")
        with store_of(library) as store:
            assert store.read_ids() == {first} and store.rows_of([first], read=True).reads == before


async def test_undoing_a_bulk_add_to_a_new_list_takes_the_list_away(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await mark_three(pilot)
        await pilot.press("a", *"thesis", "enter")
        await settle(pilot)
        with store_of(library) as store:
            assert len(store.list_ids("thesis")) == 3
        await pilot.press("u")
        await settle(pilot)
        assert said(app, "Undone: Added 3 papers to thesis")
    with store_of(library) as store:
        assert [summary.name for summary in store.lists()] == [DEFAULT_LIST]
