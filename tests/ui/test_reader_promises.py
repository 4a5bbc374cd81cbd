"""Promises a new user found broken: the selection kept when the filter is cleared, the
filter a similar-paper jump replaced coming back on Escape, the export format from the
typed file name, dialogs centred and their questions whole."""

from __future__ import annotations

from textual.widgets import Input, Label

from tests.ui.reader_pilot import settle
from tui.app import make_app
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.name_dialog import NameDialog
from tui.screens.lists_screen import ListsScreen
from tui.widgets.paper_list import PaperList


async def test_clearing_the_filter_keeps_the_top_hit_selected(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("slash", *"theorem proving")
        await settle(pilot)
        top_hit = papers.selected
        assert papers.cursor == 0 and papers.total < 20
        await pilot.press("escape", "escape")  # leave the filter, then clear it
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == ""
        assert papers.total == 253 and papers.selected.id == top_hit.id


async def test_escape_after_a_similar_paper_jump_brings_back_the_filter(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        only = f"id:{papers.selected.id}"  # a filter the similar papers are all outside of
        await pilot.press("slash", *only, "enter")
        await settle(pilot)
        assert papers.total == 1
        await pilot.press("m")
        outside = app.screen.similar.hits[0].paper
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#filter", Input)
        assert field.value == f"id:{outside.id}" and papers.selected.id == outside.id
        await pilot.press("escape")
        await settle(pilot)
        assert field.value == only and papers.total == 1
        await pilot.press("escape")  # and then Escape clears as usual
        await settle(pilot)
        assert field.value == ""


async def test_the_export_dialog_writes_the_format_the_file_name_says(library, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b", "L", "E")  # the dialog suggests BibTeX, Bookmarks.bib
        path = app.screen.query_one("#path", Input)
        path.value = str(tmp_path / "mine.csv")
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
    assert (tmp_path / "mine.csv").read_text(encoding="utf-8").startswith("position,id,title")


async def test_name_and_confirm_dialogs_are_centred_and_their_question_is_whole(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L", "c")
        assert isinstance(app.screen, NameDialog)
        box = app.screen.query_one(".dialog-box")
        assert box.region.x > 0 and box.region.y > 0  # not drawn at the top left
        assert abs((box.region.x + box.region.width / 2) - 40) <= 1
        await pilot.press(*"a list with a long name for the question", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ListsScreen)
        await pilot.press("j", "D")
        assert isinstance(app.screen, ConfirmDialog)
        question = app.screen.query_one("#confirm-question", Label)
        shown = " ".join(line.text.strip() for line in question.render_lines(question.region.reset_offset))
        assert "Read state and notes stay." in shown  # wrapped, not cut at the box's edge


async def test_a_first_run_shows_the_reader_at_once_and_keeps_what_is_typed_while_it_indexes(sample_dir, places):
    from index.library import Library
    from index.sync.report import SyncOptions
    from tests.ui.reader_pilot import status_text

    library = Library([sample_dir], places, SyncOptions(procs=1))
    assert not library.has_index()
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        assert not library.has_index()  # the screen is up before the index is built
        assert "building the index" in status_text(app)
        await pilot.press("slash", *"theorem proving")  # typed while it builds
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert library.has_index() and papers.total == 9
        assert app.screen.query_one("#filter", Input).value == "theorem proving"
        assert "9 of 253 papers" in status_text(app)


async def test_a_reading_list_filter_with_no_papers_says_so_in_the_pane(library):
    from tests.ui.reader_pilot import pane_text

    library.sync()
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"is:read")  # a fresh store: nothing is read
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 0
        assert "No papers match “is:read”" in pane_text(app)


async def test_a_list_whose_store_text_is_markup_or_escapes_opens_and_shows_it_literally(library, tmp_path):
    """Found attacking the reader: an imported "published" of "[/]" ended the reader each
    time its list was opened (a DataTable reads a plain string cell as markup), and
    "[link=...]" made a hyperlink."""
    import json

    from index.export.reading_list import import_json
    from index.shelf.store import ReadingStore
    from textual.widgets import DataTable

    hostile = ["[/]", "[link=https://evil.example/]Mar 9[/link]", "[reverse blink]Mar 9", "\x1b[5mMar 99"]
    export = {
        "format": "papershelf reading list", "version": 1, "name": "[bold]list[/bold]", "created": "",
        "entries": [
            {"id": f"hostile{n}", "title": f"Paper {text}", "published": text, "note": text,
             "links": ["https://ok.example/a", "javascript:alert(1)", "https://x.example/\x07\x1bc"]}
            for n, text in enumerate(hostile)
        ],
    }
    with ReadingStore.open(ReadingStore.default_path(library.places)) as store:
        import_json(store, json.dumps(export))
    library.sync()
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("L", "j", "enter")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        shown = [str(table.get_row_at(row)[3]) for row in range(table.row_count)]
        assert shown == ["[/]", "[link=https://evil.example/]Mar 9[/link]", "[reverse blink]Mar 9", "␛[5mMar 99"]
    with ReadingStore.open(ReadingStore.default_path(library.places)) as store:
        assert all(paper.links == ["https://ok.example/a"] for paper in store.entries("[bold]list[/bold]"))
