"""The reader driven with Pilot on a real index of the sample listings."""

from __future__ import annotations

from textual import events

from index.library import Library
from index.sync.report import SyncOptions
from tests.listing_text import entry, listing
from tests.ui.reader_pilot import cursor_in_view, pane_text, settle, status_text
from tui.app import make_app
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.paper_list import PaperList




async def test_start_shows_every_paper_newest_first(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.total == 253
        assert papers.selected.date.display() == "Nov 4, 2025"
        assert "253 of 253 papers · sort: date" in status_text(app)
        assert papers.selected.title.split(":")[0] in pane_text(app)


async def test_typing_filters_and_highlights(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorem")
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.total == 13 and "sort: relevance" in status_text(app)
        rendered = app.screen.query_one(AbstractPane).text
        highlighted = {rendered.plain[s.start : s.end].lower() for s in rendered.spans if "reverse" in str(s.style)}
        assert "theorem" in highlighted


async def test_typing_selects_the_top_hit_unless_a_paper_was_picked(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("slash", "t")  # one letter: not searched yet, nothing moves
        await settle(pilot)
        assert papers.total == 253 and papers.cursor == 0
        await pilot.press(*"heorem")
        await settle(pilot)
        assert papers.cursor == 0 and papers.selected.id == papers.paper_at(0).id
        # A paper picked further down stays selected while the query is refined.
        await pilot.press("escape", "j", "j")
        picked = papers.selected
        await pilot.press("slash", "end", *" proving")  # `/` selects the query: end keeps it
        await settle(pilot)
        assert papers.total < 13 and papers.paper_at(0).id != picked.id
        assert papers.selected.id == picked.id and picked.title.split(":")[0] in pane_text(app)


async def test_broken_query_shows_the_error_inline_and_keeps_results(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorem")
        await settle(pilot)
        await pilot.press(*" (")
        await settle(pilot)
        assert "the '(' at column 9 is never closed" in status_text(app)
        # The last good query, "theorem " (the word complete, no longer a prefix), stays shown.
        assert app.screen.query_one(PaperList).total == 12


async def test_a_long_query_problem_wraps_the_status_line_at_80_columns(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one("#status")
        assert status.region.height == 1
        await pilot.press("slash", *"upvotes:>=abc")
        await settle(pilot)
        problem = app.screen.problem
        assert "expects" in problem and len(status_text(app)) > status.content_region.width
        assert status.region.height == 2  # all of it on screen, and still most of the screen is the list
        await pilot.press("ctrl+u")  # an empty filter: no problem, one line again
        await settle(pilot)
        assert not app.screen.problem and status.region.height == 1


async def test_moving_and_jumping(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("j", "j", "k")
        assert papers.cursor == 1
        await pilot.press("G")
        assert papers.cursor == 252 and papers.selected is not None
        await pilot.press("g")
        assert papers.cursor == 0


async def test_sort_cycles_and_reverses(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        reading = papers.selected
        await pilot.press("s")
        await settle(pilot)
        assert "sort: upvotes" in status_text(app)
        assert papers.paper_at(0).upvotes == 9  # the most upvoted first,
        assert papers.selected == reading  # and the selection stays on the paper being read
        await pilot.press("S")
        await settle(pilot)
        assert "sort: upvotes (reversed)" in status_text(app)
        for _ in range(2):  # two presses in one burst: the second comes before the first's results
            app.post_message(events.Key("s", "s"))
        await settle(pilot)
        assert "sort: title (reversed)" in status_text(app)


async def test_no_results_offers_a_suggestion(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theroem ")
        await settle(pilot)
        assert "did you mean: theorem" in status_text(app)
        assert "Did you mean: theorem" in pane_text(app)
        app.screen.query_one("#filter").value = "xyzzyq"  # nothing close: the pane still says why it is empty
        await settle(pilot)
        assert "No papers match “xyzzyq”." in pane_text(app) and "Did you mean" not in pane_text(app)


async def test_hostile_titles_render_literally_and_clicks_do_nothing(tmp_path, places):
    folder = tmp_path / "hostile"
    folder.mkdir()
    title = "[@click=app.quit]Click me[/] [bold]loud[/bold] \x1b[31mred"
    (folder / "h.txt").write_text(listing("Nov 4", entry(title, topic="hostile")), encoding="utf-8")
    app = make_app(Library([folder], places, SyncOptions(procs=1)))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = pane_text(app)
        assert "[@click=app.quit]Click me[/]" in text and "[bold]loud[/bold]" in text
        assert "\x1b" not in text and "\u241b[31mred" in text
        await pilot.click("#abstract", offset=(3, 1))
        await pilot.click(PaperList, offset=(4, 0))
        await pilot.pause()
        assert app.is_running


async def test_resizing_relays_out_and_keeps_the_selection(library):
    app = make_app(library)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press(*"j" * 15)
        chosen = papers.selected
        assert app.screen.has_class("-wide")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.has_class("-wide") and papers.selected.id == chosen.id
        assert chosen.title.split(":")[0] in pane_text(app)
        region = papers.region
        assert region.width == 80 and region.height >= 7  # stacked: the list keeps a usable height
        assert cursor_in_view(papers)  # and the selected row is still in view


async def test_the_abstract_pane_wraps_says_what_is_below_and_scrolls(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(AbstractPane)
        assert all(len(line) <= pane.size.width - 2 for line in pane.lines)  # a margin each side
        hidden = len(pane.lines) - pane.size.height + 1
        assert hidden > 0  # at 80x24 the first abstract does not fit
        last_row = pane.render_line(pane.size.height - 1).text
        assert f"↓ {hidden} more lines (tab, then j/space)" in last_row
        await pilot.press("tab", "j", "j")
        assert pane.has_focus and pane.scroll_y == 2
        assert f"↓ {hidden - 2} more lines (j/space)" in pane.render_line(pane.size.height - 1).text
        assert pane.render_line(0).text.strip() == pane.lines[2]
        await pilot.press("tab", "j")  # back in the list, the next paper starts at its top
        await settle(pilot)
        assert pane.scroll_y == 0 and pane.render_line(0).text.strip() == pane.lines[0]


async def test_the_progress_bar_is_there_only_while_a_sync_reports_progress(library):
    from textual.widgets import ProgressBar

    from index.sync.report import SyncReport
    from tui.index_freshness import IndexFreshness

    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert not screen.query(ProgressBar)  # the first frame does without it
        screen.post_message(IndexFreshness.Progress(5, 10))  # as the sync's worker posts them
        screen.post_message(IndexFreshness.Progress(6, 10))
        await pilot.pause()
        (bar,) = screen.query(ProgressBar)
        assert bar.progress == 6 and bar.total == 10 and "indexing 6/10" in status_text(app)
        screen.post_message(IndexFreshness.Updated(SyncReport()))
        await pilot.pause()
        assert not screen.query(ProgressBar) and "indexing" not in status_text(app)


async def test_a_folder_without_papers_opens_an_empty_reader(tmp_path, places):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    app = make_app(Library([folder], places, SyncOptions(procs=1)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 0
        assert "0 of 0 papers" in status_text(app)
        await pilot.press("slash", *"theorem", "escape", "j", "G")
        await settle(pilot)
        assert app.is_running and "0 of 0 papers" in status_text(app)


async def test_the_selection_stays_on_its_paper_wherever_it_lands_in_the_new_results(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("slash", *"theorem", "escape", "G")  # the last of 13 hits
        await settle(pilot)
        chosen = papers.selected
        await pilot.press("escape")  # the second escape clears the filter: every paper, newest first
        await settle(pilot)
        with library.open_searcher() as searcher:
            newest_first = [hit.paper.id for hit in searcher.search("", "date", False, 0, 300).hits]
        assert papers.total == 253 and papers.selected.id == chosen.id
        assert papers.cursor == newest_first.index(chosen.id) >= 50  # beyond the first page fetched
        assert cursor_in_view(papers)


async def test_moving_while_a_search_runs_is_not_undone_by_its_results(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        reading, third = papers.selected, papers.paper_at(2)
        for key in "sjj":  # sort, then two moves before the sorted results are back
            app.post_message(events.Key(key, key))
        await settle(pilot)
        assert "sort: upvotes" in status_text(app)
        on_first_page = third.id in {hit.paper.id for hit in app.screen.results.page.hits}
        assert papers.selected.id == (third.id if on_first_page else papers.paper_at(0).id) != reading.id
