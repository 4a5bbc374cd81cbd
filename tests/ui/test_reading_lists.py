"""Reading lists in the reader, on a real store file: keys, dialogs, marks, the lists screens."""

from __future__ import annotations

import subprocess
import sys
import time

from textual.widgets import DataTable, TextArea

from index.export.formats import FORMATS
from index.shelf.store import DEFAULT_LIST, ReadingStore
from tests.ui.reader_pilot import pane_text, settle
from tui.app import make_app
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.note_dialog import NoteDialog
from tui.screens.list_screen import GONE, ListScreen
from tui.screens.lists_screen import ListsScreen
from tui.screens.main_screen import STORE_POLL_SECONDS, MainScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.paper_list import PaperList


def store_of(library) -> ReadingStore:
    return ReadingStore.open(ReadingStore.default_path(library.places))


def row_text(papers: PaperList, row: int) -> str:
    return papers.render_line(row - int(papers.scroll_offset.y)).text


async def test_b_bookmarks_with_a_mark_and_survives_a_restart(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        paper = papers.selected
        await pilot.press("b")
        await pilot.pause()
        assert row_text(papers, 0).startswith("★") and "In lists: Bookmarks" in pane_text(app)
    with store_of(library) as store:
        assert store.list_ids(DEFAULT_LIST) == {paper.id}
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert row_text(app.screen.query_one(PaperList), 0).startswith("★")
        await pilot.press("b")
    with store_of(library) as store:
        assert store.list_ids(DEFAULT_LIST) == frozenset()


async def test_a_then_arrows_and_enter_pick_an_existing_list(library):
    with store_of(library) as store:
        store.create_list("thesis")
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a", "down", "enter")  # Bookmarks is highlighted first; down: thesis
        await settle(pilot)
        assert "In lists: thesis" in pane_text(app)


async def test_a_and_a_list_name_in_another_case_adds_to_that_list(library):
    with store_of(library) as store:
        store.create_list("Thesis")
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"THESIS", "enter")
        await settle(pilot)
        assert "In lists: Thesis" in pane_text(app)
    with store_of(library) as store:
        assert [summary.name for summary in store.lists()] == ["Bookmarks", "Thesis"]


async def test_a_adds_to_a_new_list_made_in_the_dialog(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = app.screen.query_one(PaperList).selected
        await pilot.press("a", *"to read", "enter")  # the name field has the keyboard from the start
        await settle(pilot)
        assert "In lists: to read" in pane_text(app)
    with store_of(library) as store:
        assert [s.name for s in store.lists()] == [DEFAULT_LIST, "to read"]
        assert store.list_ids("to read") == {paper.id}


async def test_read_state_next_unread_and_mark_all_read(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "r")
        assert row_text(papers, 1)[1] == "✓"
        await pilot.press("k", "n")
        assert papers.cursor == 2  # row 1 is read: skipped
        await pilot.press("p")
        assert papers.cursor == 0
        await pilot.press("slash", *"theorem", "enter")
        await settle(pilot)
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, ConfirmDialog) and "13" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
    with store_of(library) as store:
        assert len(store.read_ids()) == 14


async def test_note_is_saved_on_confirm_and_escape_asks_before_discarding(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = app.screen.query_one(PaperList).selected
        await pilot.press("e", *"read [bold]section 3[/bold]", "ctrl+s")
        await pilot.pause()
        assert "Note: read [bold]section 3[/bold]" in pane_text(app)
        await pilot.press("e", *" again", "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("e")
        assert isinstance(app.screen, NoteDialog) and app.screen.query_one(TextArea).text.endswith("section 3[/bold]")
        await pilot.press("escape")  # unchanged: no question
        assert isinstance(app.screen, MainScreen)
    with store_of(library) as store:
        assert store.note(paper.id) == "read [bold]section 3[/bold]"


async def test_lists_screen_open_reorder_remove_rename_delete_export(library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        first, second = papers.paper_at(0), papers.paper_at(1)
        await pilot.press("b", "j", "b", "L")
        assert isinstance(app.screen, ListsScreen)
        table = app.screen.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(0)[1:3]] == ["2", "2"]
        await pilot.press("enter")
        assert isinstance(app.screen, ListScreen)
        assert [p.id for p in app.screen.papers] == [first.id, second.id]
        await pilot.press("J")
        assert [p.id for p in app.screen.papers] == [second.id, first.id]
        await pilot.press("E", *["down"] * FORMATS.index("md"), "enter", "enter")  # Markdown, to the suggested file
        await pilot.pause()
        assert (tmp_path / "Bookmarks.md").read_text().startswith("# Bookmarks")
        await pilot.press("x")  # the cursor followed the moved paper
        assert [p.id for p in app.screen.papers] == [second.id]
        await pilot.press("escape", "c", *"thesis", "enter")
        assert app.screen.names == [DEFAULT_LIST, "thesis"]
        await pilot.press("R", "ctrl+u", *"chapter 2", "enter")
        assert app.screen.names == [DEFAULT_LIST, "chapter 2"]
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert app.screen.names == [DEFAULT_LIST]


async def test_the_export_dialog_offers_every_format_and_a_bib_file_takes_biblatex(library, tmp_path, monkeypatch):
    import bibtexparser
    import rispy

    monkeypatch.chdir(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b", "L", "E")
        options = app.screen.query_one("#formats")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == list(FORMATS)
        await pilot.press(*["down"] * FORMATS.index("ris"), "enter", "enter")  # to the suggested file
        await pilot.pause()
        [record] = rispy.loads((tmp_path / "Bookmarks.ris").read_text(encoding="utf-8"))
        assert record["type_of_reference"] == "ELEC"
        await pilot.press("E", *["down"] * FORMATS.index("biblatex"), "enter", "ctrl+u", *"refs.bib", "enter")
        await pilot.pause()
        [entry] = bibtexparser.parse_string((tmp_path / "refs.bib").read_text(encoding="utf-8")).entries
        assert entry.entry_type == "online"


async def test_list_shows_papers_whose_listing_files_are_gone(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = app.screen.query_one(PaperList).selected
        await pilot.press("b")
    for listing_file in {appearance.file for appearance in paper.appearances}:
        (library.sources[0] / listing_file.split("/")[-1]).unlink()
    library.sync()
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("L", "enter")
        row = app.screen.query_one(DataTable).get_row_at(0)
        assert paper.title.split()[0] in str(row[2]) and GONE in str(row[2])


async def test_a_change_by_another_process_shows_within_seconds(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        paper = papers.selected
        subprocess.run(
            [sys.executable, "-m", "tui", "add", paper.id, "--listings", str(library.sources[0]),
             "--data-dir", str(library.places.data_dir)],
            check=True, capture_output=True,
        )
        # The store is polled every STORE_POLL_SECONDS; under a loaded machine (the suite on
        # every core) one poll can come late, so the wait allows several polls.
        started = time.monotonic()
        while not row_text(papers, 0).startswith("★") and time.monotonic() - started < 6 * STORE_POLL_SECONDS:
            await pilot.pause(0.1)
        assert row_text(papers, 0).startswith("★")


async def test_damaged_store_is_kept_unless_the_user_agrees(library):
    path = ReadingStore.default_path(library.places)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 100)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and str(path) in app.screen.question
        await pilot.press("n")
        await pilot.press("b")
        assert any("not available" in text for _severity, text in app.said)
    assert path.read_bytes() == b"not a database" * 100
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.press("b")
        await pilot.pause()
    assert list(path.parent.glob("*.corrupt-*"))[0].read_bytes() == b"not a database" * 100
    with store_of(library) as store:
        assert len(store.list_ids(DEFAULT_LIST)) == 1


async def test_filter_terms_combine_with_full_text(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorem", "enter")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        marked = papers.selected
        await pilot.press("b", "j", "r")  # bookmark the first theorem paper, mark the second read
        read = papers.selected
        await pilot.press("slash", "ctrl+u", *"is:bookmarked")
        await settle(pilot)
        assert papers.total == 1 and papers.selected.id == marked.id
        await pilot.press("ctrl+u", *"theorem -is:read ")
        await settle(pilot)
        assert papers.total == 12 and read.id not in {papers.paper_at(i).id for i in range(12)}
        await pilot.press("ctrl+u", *"list:nothing")
        await settle(pilot)
        assert "no list named 'nothing'" in str(app.screen.query_one("#status").render())
        # The last good results stay: those of "list", typed on the way to "list:".
        assert app.screen.results.page.query == "list" and papers.total == app.screen.results.total


async def test_mark_read_after_seconds_in_the_pane_when_configured(library):
    from index.config import Config

    app = make_app(library, Config(mark_read_after=1.0))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        first = papers.selected
        await until_read(pilot, library, first.id)
        await pilot.press("j", "j")  # the second is passed over at once: it stays unread
        second, third = papers.paper_at(1), papers.selected
        await until_read(pilot, library, third.id)
    with store_of(library) as store:
        assert store.read_ids() == {first.id, third.id} and second.id not in store.read_ids()


async def until_read(pilot, library, paper_id: str) -> None:
    for _ in range(100):
        await pilot.pause(0.1)
        with store_of(library) as store:
            if store.is_read(paper_id):
                return
    raise AssertionError(f"{paper_id} was never marked read")


async def test_marking_read_after_seconds_is_off_by_default(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
    with store_of(library) as store:
        assert store.read_ids() == frozenset()


async def test_a_list_fits_80_columns_with_whole_keys_in_its_key_bar(library):
    library.sync()
    with library.open_searcher() as searcher, store_of(library) as store:
        papers = [hit.paper for hit in searcher.search("", "date", False, 0, 40).hits]
        for paper in papers:  # more rows than the screen holds, long titles and long notes
            store.add(DEFAULT_LIST, paper)
            store.set_note(paper.id, "a note much longer than its column: " * 3)
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # no sideways scrolling
        rendered = "".join(s.text for s in table.render_line(1))  # the first row, under the header
        assert papers[0].title.split()[0] in rendered and rendered.count("…") == 2  # title and note
        bar = app.screen.query_one(KeyBar).render().plain
        assert bar.rstrip().endswith("palette") and len(bar) <= 80
        assert "? Hel " not in bar and "? Help" not in bar  # whole keys only: `?` did not fit here
        await pilot.resize_terminal(120, 30)  # wider: the titles take the room
        await settle(pilot)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert papers[0].title[:60] in "".join(s.text for s in table.render_line(1))
