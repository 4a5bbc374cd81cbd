"""Help, command palette, keymap, config, themes, similar papers, suggestions, index status."""

from __future__ import annotations

import re
from pathlib import Path

from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from index.config import load_config
from index.library import Library
from index.sync.report import SyncOptions
from tests.listing_text import entry, listing
from tests.ui.reader_pilot import settle, static_text, status_text
from tui.app import make_app
from tui.key_help import key_rows, key_table_markdown
from tui.screens.help_screen import HelpScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.paper_list import PaperList

README = Path(__file__).resolve().parents[2] / "README.md"


def configured_app(library: Library, config_text: str):
    library.places.config_file.parent.mkdir(parents=True, exist_ok=True)
    library.places.config_file.write_text(config_text, encoding="utf-8")
    library, config, problems = Library.configured([*library.sources], library.places, SyncOptions(procs=1))
    return make_app(library, config, problems)


async def test_help_lists_every_binding(library):
    app = make_app(library)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = static_text(app, "#help-table")
        for row in key_rows():
            assert row.binding_id in shown and row.description in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_scrolls_a_line_for_every_key_of_a_burst(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        body = app.screen.query_one("#help-body")
        for _ in range(10):  # a held key: all ten arrive before the first scroll is drawn
            app.post_message(events.Key("j", "j"))
        await pilot.pause()
        assert body.scroll_y == 10


def test_readme_key_table_is_the_binding_table():
    assert key_table_markdown() in README.read_text(encoding="utf-8")


async def test_question_mark_typed_in_the_filter_is_text(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "question_mark", "q", "s")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "?qs"
        assert not isinstance(app.screen, HelpScreen) and app.is_running


async def test_palette_offers_the_screen_actions_and_runs_them(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Sort")
        await pilot.pause(0.5)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Sort" in prompt for prompt in prompts)
        await pilot.press("enter")
        await settle(pilot)
        assert "sort: upvotes" in status_text(app)


async def test_keymap_from_config_remaps_a_binding(library):
    app = configured_app(library, '[keymap]\n"list.down" = "ctrl+n"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        await pilot.press("ctrl+n", "ctrl+n")
        assert papers.cursor == 2
        await pilot.press("j")
        assert papers.cursor == 2


async def test_config_default_query_and_sort(library):
    app = configured_app(library, 'default_query = "theorem"\ndefault_sort = "upvotes"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 13
        assert "sort: upvotes" in status_text(app)


async def test_bad_config_names_key_and_line_and_starts_with_defaults(library):
    app = configured_app(library, '# mine\ntheme = "nord"\ndefault_sort = "newest"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(re.search(r"config\.toml:3: 'default_sort' must be one of relevance", m) for m in messages)
        assert "253 of 253 papers · sort: date" in status_text(app)
        assert app.theme == "nord"


async def test_broken_toml_still_starts(library):
    app = configured_app(library, 'theme = "nord\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert any("line 1" in n.message for n in app._notifications)
        assert app.screen.query_one(PaperList).total == 253


async def test_theme_choice_is_remembered_in_the_config(library):
    app = configured_app(library, '# my notes\n[keymap]\n"list.down" = "j"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        await pilot.pause()
    config, problems = load_config(library.places.config_file)
    assert config.theme == "gruvbox" and config.keymap == {"list.down": "j"} and not problems
    assert "# my notes" in library.places.config_file.read_text()


async def test_accept_suggestion_key(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theorm ")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "theorem "
        assert app.screen.query_one(PaperList).total == 12
        await pilot.press(*"pro")  # typing goes on after the accepted text
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "theorem pro"


async def test_similar_papers_jump_and_filter_by_key_terms(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        first = papers.selected
        await pilot.press("m")
        dialog = app.screen
        terms = dialog.similar.key_terms
        assert terms and "Key terms" in str(dialog.query_one("#similar-terms").render())
        target = dialog.similar.hits[0].paper
        await pilot.press("enter")
        await settle(pilot)
        assert papers.selected.id == target.id != first.id
        await pilot.press("m", "f")
        await settle(pilot)
        query = app.screen.query_one("#filter", Input)
        assert query.has_focus and query.value.split(" OR ")[0] in app.screen.query_one("#filter", Input).value
        assert papers.total > 0


async def test_the_similar_dialog_shows_its_filter_key_at_80_columns(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        box, terms = app.screen.query_one("#similar-box"), app.screen.query_one("#similar-terms")
        assert terms.region.right <= box.content_region.right  # wrapped inside the box
        first_line = "".join(segment.text for segment in terms.render_lines(terms.region.reset_offset)[0])
        assert "(f: filter by them)" in first_line


async def test_index_status_screen_lists_files_and_problems(tmp_path, places):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "good.txt").write_text(listing("Nov 4", entry("A good paper")), encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    app = make_app(Library([folder], places, SyncOptions(procs=1)))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        report = static_text(app, "#status-report")
        assert "good.txt" in report and "bad.txt" in report
        assert re.search(r"bad\.txt(:\d+)?: .*binary", report)


async def test_listing_file_added_while_running_appears(tmp_path, places):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "one.txt").write_text(listing("Nov 4", entry("The first paper")), encoding="utf-8")
    app = make_app(Library([folder], places, SyncOptions(procs=1)))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        assert papers.total == 1
        (folder / "two.txt").write_text(listing("Nov 5", entry("A second paper")), encoding="utf-8")
        for _ in range(50):
            await pilot.pause(0.2)
            if papers.total == 2:
                break
        await settle(pilot)
        assert papers.total == 2 and "2 of 2 papers" in status_text(app)
        assert any("Index updated" in n.message for n in app._notifications)


async def test_key_bar_shows_the_keys_that_work_where_the_focus_is(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        for shown in (" tab Pane ", " / Filter ", " s Sort ", " b Bookmark ", " q Quit ", " ? Help "):
            assert shown in line
        assert line.rstrip().endswith("^p palette") and len(line) == bar.size.width
        assert "Accept" not in line
        await pilot.press("slash", *"theroem")
        await settle(pilot)
        line = bar.render().plain
        assert " s Sort " not in line  # in the filter, letters type
        assert " ^t Accept 'did you mean' " in line
        await pilot.press("escape")
        await settle(pilot)
        line = bar.render().plain
        await pilot.click(KeyBar, offset=(line.index(" tab ") + 1, 0))  # a click presses the key
        await settle(pilot)
        assert app.screen.query_one("#abstract").has_focus
