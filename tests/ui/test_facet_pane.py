"""The facet pane in the reader, on a real index and store: toggled by `f`, counts that follow
the filter, Enter / `-` / a click adding a value, `M` muting it and `H` showing muted papers."""

from __future__ import annotations

import time

from rich.cells import cell_len

from index.search.facets import add_to
from index.library import Library
from index.locations import locations
from index.search.mute import mute_file, read_mute_file
from index.sync.report import SyncOptions
from tests.hostile_text import HOSTILE
from tests.listing_text import entry, listing, org_meta
from tests.ui.reader_pilot import settle, status_text
from tui.app import make_app
from tui.widgets.facet_pane import FacetPane
from tui.widgets.paper_list import PaperList


async def until(pilot, condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the reader did not get there in time"
        await pilot.pause(0.05)


def pane(app) -> FacetPane:
    return app.screen.query_one(FacetPane)


def counts_of(app) -> dict[tuple[str, str], int]:
    return {(c.value.facet, c.value.label): c.count for c in pane(app).counts}


def filter_text(app) -> str:
    return app.screen.query_one("#filter").value


async def test_the_pane_is_off_on_a_narrow_terminal_and_f_toggles_it(library):
    app = make_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not pane(app).display
        await pilot.press("f")
        await settle(pilot)
        assert pane(app).display and pane(app).has_focus
        assert counts_of(app)[("listing", "2025-11-04")] == 85
        await pilot.press("f")
        assert not pane(app).display and app.screen.query_one(PaperList).has_focus


async def test_the_pane_follows_the_width_until_f_is_pressed(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert pane(app).display
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        assert not pane(app).display
        await pilot.resize_terminal(130, 36)
        await settle(pilot)
        assert pane(app).display and counts_of(app)[("listing", "2025-11-04")] == 85
        await pilot.press("f")  # hidden by hand: it stays hidden, whatever the width
        await pilot.resize_terminal(140, 36)
        await settle(pilot)
        assert not pane(app).display


async def test_on_a_wide_terminal_the_pane_shows_and_its_counts_follow_each_key_typed(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert pane(app).display
        assert counts_of(app)[("listing", "2025-11-04")] == 85
        await pilot.press("slash")
        seen = []
        for typed in "theorem":
            await pilot.press(typed)
            await settle(pilot)
            total = app.screen.query_one(PaperList).total
            seen.append((filter_text(app), total, sum(c.count for c in pane(app).counts if c.value.facet == "upvotes")))
        # The upvote bands split the results: their counts add up to the total shown, at every key.
        assert all(total == bands for _text, total, bands in seen), seen
        assert seen[-1][0] == "theorem" and len({total for _text, total, _bands in seen}) > 1


async def test_enter_adds_the_value_and_minus_adds_it_negated(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"model", "escape")
        await settle(pilot)
        await pilot.press("f", "f")  # off and on again: on, with the focus in the pane
        await settle(pilot)
        assert pane(app).has_focus
        chosen = pane(app).selected
        expected = pane(app).counts[0].count
        await pilot.press("enter")
        await settle(pilot)
        assert filter_text(app) == add_to("model", chosen.query)
        assert app.screen.query_one(PaperList).total == expected
        before = app.screen.query_one(PaperList).total
        await pilot.press("escape")  # back to the list, the filter kept
        assert filter_text(app) == add_to("model", chosen.query)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"model", "escape")
        await settle(pilot)
        everything = app.screen.query_one(PaperList).total
        await pilot.press("f", "f", "minus")
        await settle(pilot)
        assert filter_text(app) == add_to("model", chosen.negated)
        assert app.screen.query_one(PaperList).total == everything - before


async def test_a_click_on_a_value_adds_it(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lines = pane(app).lines
        row = next(i for i, line in enumerate(lines) if "2025-05-28" in line)
        await pilot.click(FacetPane, offset=(3, row))
        await settle(pilot)
        assert filter_text(app) == "listed:2025-05-28"
        assert app.screen.query_one(PaperList).total == 65


async def test_m_mutes_the_value_h_shows_the_muted_and_the_mute_is_kept(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f", "f")
        await settle(pilot)
        assert pane(app).selected.query == "org:amazon"  # the first value: the sample's one organisation
        await pilot.press("M")
        await until(pilot, lambda: app.screen.query_one(PaperList).total == 252)
        await settle(pilot)
        assert "1 muted paper hidden (H shows them)" in status_text(app)
        assert ("organisation", "amazon") not in counts_of(app)
        assert read_mute_file(mute_file(library.places.config_file))[0] == ("org:amazon",)
        await pilot.press("H")
        await until(pilot, lambda: app.screen.query_one(PaperList).total == 253)
        await settle(pilot)
        assert "muted papers shown (H hides them)" in status_text(app)
        assert counts_of(app)[("organisation", "amazon")] == 1
        await pilot.press("H")
        await until(pilot, lambda: app.screen.query_one(PaperList).total == 252)
    # The next reader mutes it from the file, from its first search on.
    library, config, problems = Library.configured([library.sources[0]], library.places)
    assert not problems
    app = make_app(library, config)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 252
        assert "1 muted paper hidden" in status_text(app)


async def test_the_reading_state_and_lists_are_counted_from_the_store(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b", "r")  # bookmark the first paper and mark it read
        await until(pilot, lambda: counts_of(app).get(("state", "read")) == 1)
        counts = counts_of(app)
        assert counts[("list", "Bookmarks")] == 1 and counts[("state", "unread")] == 252


def _hostile_library(tmp_path) -> Library:
    folder = tmp_path / "hostile"
    folder.mkdir()
    entries = [
        entry(f"Paper {name}", name, org_meta(f"{text.split()[0] if text.split() else 'x'}{number} {text}", "Nov 1, 2025 3"))
        for number, (name, text) in enumerate(HOSTILE.items())
    ]
    (folder / "h.txt").write_text(listing("Nov 4", *entries), encoding="utf-8")
    library = Library([folder], locations(tmp_path / "data"), SyncOptions(procs=1))
    library.sync()
    return library


async def test_hostile_organisation_names_are_shown_as_visible_text_in_the_pane(tmp_path):
    app = make_app(_hostile_library(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        facets = pane(app)
        assert sum(1 for c in facets.counts if c.value.facet == "organisation") >= 15
        for y in range(facets.size.height):
            text = facets.render_line(y).text
            assert not any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in text), repr(text)
            assert "\u202e" not in text and "\u200b" not in text
            assert cell_len(text) == facets.size.width  # wide and combining text fitted to the pane's cells
