"""A reading list's screen on a real store: read in it (the abstract pane), filter it, jump to a
paper in the main list, and undo x, J/K and r with u; the mouse and vim motions, there and in
the main list."""

from __future__ import annotations

import bibtexparser
from textual import events
from textual.widgets import DataTable

from index.listings.paper_page import paper_page
from index.shelf.store import DEFAULT_LIST, ReadingStore
from tests.ui.reader_pilot import pane_text, settle
from tui.app import make_app
from tui.dialogs.links_dialog import LinksDialog
from tui.paper_text import links
from tui.screens.list_screen import ListScreen
from tui.screens.main_screen import MainScreen
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.filter_input import FilterInput
from tui.widgets.paper_list import PaperList


def store_of(library) -> ReadingStore:
    return ReadingStore.open(ReadingStore.default_path(library.places))


def bookmark(library, count: int, query: str = "") -> list:
    """The first `count` papers of `query`, newest first, put in Bookmarks (through the store)."""
    library.sync()
    with library.open_searcher() as searcher, store_of(library) as store:
        papers = [hit.paper for hit in searcher.search(query, "date", False, 0, count).hits]
        for paper in papers:
            store.add(DEFAULT_LIST, paper)
    return papers


async def open_bookmarks(pilot) -> ListScreen:
    await settle(pilot)
    await pilot.press("L", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ListScreen)
    return pilot.app.screen


def list_ids(library) -> list[str]:
    with store_of(library) as store:
        return [paper.id for paper in store.entries(DEFAULT_LIST)]


def read_ids(library) -> frozenset[str]:
    with store_of(library) as store:
        return store.read_ids()


async def test_the_list_shows_the_selected_papers_abstract_and_follows_the_cursor(library):
    papers = bookmark(library, 3)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_bookmarks(pilot)
        assert papers[0].abstract.split()[0] in pane_text(app) and f"#1 in {DEFAULT_LIST}" in pane_text(app)
        await pilot.press("j")
        assert " ".join(papers[1].title.split()[:3]) in pane_text(app)
        await pilot.press("tab")
        assert isinstance(app.focused, AbstractPane)
        await pilot.press("r")  # the list's keys work from the pane too
        assert read_ids(library) == {papers[1].id} and screen.query_one(DataTable).cursor_row == 1
        await pilot.press("tab")
        assert isinstance(app.focused, DataTable)


async def test_o_on_the_list_offers_the_paper_page_first(library, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    library.sync()
    with library.open_searcher() as searcher, store_of(library) as store:
        paper = next(hit.paper for hit in searcher.search("", "date", False, 0, 300).hits if links(hit.paper))
        store.add(DEFAULT_LIST, paper)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_bookmarks(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, LinksDialog) and app.screen.urls[1:] == links(paper)
        assert app.screen.urls[0].startswith("https://huggingface.co/papers?q=")
        await pilot.press("2")
        assert app.clipboard == links(paper)[0] and isinstance(app.screen, ListScreen)


async def test_the_filter_narrows_the_list_and_the_arrows_move_while_it_has_the_keyboard(library):
    papers = bookmark(library, 6)
    word = max(papers[4].title.split(), key=len).casefold()
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_bookmarks(pilot)
        await pilot.press("slash", *word)
        assert isinstance(app.focused, FilterInput)
        assert papers[4].id in [paper.id for paper in screen.shown]
        assert all(word in (p.title + p.abstract + (p.organisation or "") + p.note).casefold() for p in screen.shown)
        await pilot.press("ctrl+u", *"zzqqxx")
        assert screen.shown == [] and "No paper of this list matches" in pane_text(app)
        await pilot.press("ctrl+u")  # the filter's own ctrl+u, not half a page
        assert len(screen.shown) == 6
        await pilot.press("down", "down")
        assert screen.query_one(DataTable).cursor_row == 2 and isinstance(app.focused, FilterInput)
        await pilot.press("up")
        assert screen.query_one(DataTable).cursor_row == 1


async def test_enter_selects_the_paper_in_the_main_list_even_when_the_filter_hides_it(library):
    papers = bookmark(library, 2)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *f"id:{papers[0].id}", "enter")  # shows the first bookmark alone
        await settle(pilot)
        await pilot.press("L", "enter")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(PaperList).selected.id == papers[1].id
        assert app.screen.current_query() == f"id:{papers[1].id}"
        assert any("showing it alone" in text for _severity, text in app.said)
        await pilot.press("escape")  # back to the filter the jump replaced
        await settle(pilot)
        assert app.screen.current_query() == f"id:{papers[0].id}"
        await pilot.press("L", "enter", "enter")  # the first bookmark, shown by the filter
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(PaperList).selected.id == papers[0].id
        assert app.screen.current_query() == f"id:{papers[0].id}"


async def test_enter_finds_a_paper_far_down_the_main_list(library):
    library.sync()
    with library.open_searcher() as searcher, store_of(library) as store:
        far = searcher.search("", "date", False, 240, 1).hits[0].paper  # past the rows fetched at start
        store.add(DEFAULT_LIST, far)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_bookmarks(pilot)
        await pilot.press("enter")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.selected.id == far.id and papers.cursor == 240 and app.screen.current_query() == ""


async def test_x_j_k_and_r_are_undone_with_u_newest_first(library):
    papers = bookmark(library, 4)
    ids = [paper.id for paper in papers]
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_bookmarks(pilot)
        await pilot.press("r")  # 1: the first paper read
        await pilot.press("J")  # 2: and moved to second place
        await pilot.press("j", "x")  # 3: the third paper removed
        await pilot.press("k", "K")  # 4: the second paper (ids[0]) back up
        states = [
            (ids, {ids[0]}),
            ([ids[1], ids[0], ids[2], ids[3]], {ids[0]}),
            ([ids[1], ids[0], ids[3]], {ids[0]}),
            ([ids[0], ids[1], ids[3]], {ids[0]}),
        ]
        assert (list_ids(library), read_ids(library)) == states[3]
        for state in reversed(states[:3]):
            await pilot.press("u")
            assert (list_ids(library), read_ids(library)) == state
        await pilot.press("u")
        assert (list_ids(library), read_ids(library)) == (ids, frozenset())
        assert screen.query_one(DataTable).cursor_row == 0  # on the paper the undo concerned
        await pilot.press("u")
        assert app.said[-1][1] == "Nothing to undo."
    with store_of(library) as store:  # the removed paper came back with its added time
        assert [p.added_at for p in store.entries(DEFAULT_LIST)] == sorted(p.added_at for p in store.entries(DEFAULT_LIST))


async def test_counts_half_pages_and_the_wheel_move_the_lists_selection(library):
    bookmark(library, 40)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_bookmarks(pilot)
        table = screen.query_one(DataTable)
        await pilot.press("5", "j")
        assert table.cursor_row == 5
        await pilot.press("3", "k")
        assert table.cursor_row == 2
        half = (table.scrollable_content_region.height - 1) // 2
        await pilot.press("ctrl+d")
        assert table.cursor_row == 2 + half
        await pilot.press("ctrl+u", "G")
        assert table.cursor_row == 39
        await pilot.press("g")
        assert table.cursor_row == 0
        await wheel(pilot, table, events.MouseScrollDown, 2)
        assert table.cursor_row == 2 and int(table.scroll_offset.y) == 0


async def wheel(pilot, widget, kind, times: int) -> None:
    """Turn the wheel over `widget`, routed by the screen as the terminal's events are."""
    for _ in range(times):
        await pilot._post_mouse_events([kind], widget, offset=(2, 2))


async def test_main_list_click_selects_and_a_second_click_opens_the_pane(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.click(PaperList, offset=(5, 3))
        assert papers.cursor == 3 and isinstance(app.focused, PaperList)
        await settle(pilot)
        assert " ".join(papers.selected.title.split()[:3]) in pane_text(app)
        await pilot.click(PaperList, offset=(5, 3))
        assert isinstance(app.focused, AbstractPane) and papers.cursor == 3


async def test_main_list_wheel_counts_and_half_pages(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await wheel(pilot, papers, events.MouseScrollDown, 3)
        assert papers.cursor == 3
        await wheel(pilot, papers, events.MouseScrollUp, 1)
        assert papers.cursor == 2
        await pilot.press("5", "j")
        assert papers.cursor == 7
        await pilot.press("3", "k")
        assert papers.cursor == 4
        await pilot.press("1", "2", "j")  # a count of two digits
        assert papers.cursor == 16
        half = papers.scrollable_content_region.height // 2
        await pilot.press("g", "ctrl+d")
        assert papers.cursor == half
        await pilot.press("ctrl+d", "ctrl+u")
        assert papers.cursor == half
        await pilot.press("pagedown")  # a whole page still
        assert papers.cursor == half + papers.scrollable_content_region.height - 1
        await pilot.press("slash", "down", "down")  # as in fzf: the arrows move the list's selection
        assert isinstance(app.focused, FilterInput) and papers.cursor == half + papers.scrollable_content_region.height + 1


async def test_g_and_G_move_to_the_top_and_bottom_of_the_pane(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(AbstractPane)
        while pane.max_scroll_y == 0:  # a paper whose abstract is longer than the pane
            await pilot.press("j")
            await settle(pilot)
        await pilot.press("tab", "G")
        assert pane.scroll_offset.y == pane.max_scroll_y > 0
        await pilot.press("g")
        assert pane.scroll_offset.y == 0


async def test_y_copies_and_e_edits_the_note_of_the_selected_paper_on_the_list(library):
    papers = bookmark(library, 3)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_bookmarks(pilot)
        await pilot.press("j", "y")
        assert app.clipboard.startswith(papers[1].title)
        await pilot.press("Y")
        [entry] = bibtexparser.parse_string(app.clipboard).entries
        own = links(papers[1])
        assert entry.fields_dict["url"].value == (own[0] if own else paper_page(papers[1].title))
        await pilot.press("e", *"read section 3", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen) and screen.query_one(DataTable).cursor_row == 1
        assert "Note: read section 3" in pane_text(app)
    with store_of(library) as store:
        assert store.note(papers[1].id) == "read section 3"


async def test_a_click_selects_a_row_of_the_list_and_a_second_click_opens_the_pane(library):
    bookmark(library, 5)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_bookmarks(pilot)
        table = screen.query_one(DataTable)
        await pilot.click(DataTable, offset=(10, 3))  # the header is row 0 on screen
        assert table.cursor_row == 2 and isinstance(app.focused, DataTable)
        await pilot.click(DataTable, offset=(10, 3))
        assert isinstance(app.focused, AbstractPane) and table.cursor_row == 2


async def test_enter_on_a_paper_the_listings_no_longer_hold_says_so_and_keeps_the_filter(library):
    papers = bookmark(library, 1)
    for listing_file in {appearance.file for appearance in papers[0].appearances}:
        (library.sources[0] / listing_file.split("/")[-1]).unlink()
    library.sync()
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_bookmarks(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.current_query() == ""
        assert any("not in the current listings" in text for _severity, text in app.said)
