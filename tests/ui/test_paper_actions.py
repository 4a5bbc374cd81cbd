"""Copying the selected paper and opening its link, locally and over SSH."""

from __future__ import annotations

import sys
import time
from urllib.parse import quote_plus, urlsplit

from index.config import Config
from index.listings.paper_page import paper_page
from tests.ui.reader_pilot import settle
from tui.app import make_app
from tui.link_opening import browser_command
from tui.paper_text import links
from tui.widgets.paper_list import PaperList


async def select_paper_with_link(pilot):
    papers = pilot.app.screen.query_one(PaperList)
    for _ in range(papers.total * 2):
        if papers.selected is None:
            await settle(pilot)  # its page is being fetched
        elif links(papers.selected):
            return papers.selected
        else:
            await pilot.press("j")
    raise AssertionError("no paper with a link")


async def test_copy_puts_title_and_first_link_on_the_clipboard(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_with_link(pilot)
        await pilot.press("y")
        assert app.clipboard == f"{paper.title}\n{links(paper)[0]}"
        assert any(text.startswith("Copied: ") for _severity, text in app.said)


async def test_shift_y_copies_a_bibtex_entry(library):
    import bibtexparser

    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_with_link(pilot)
        await pilot.press("Y")
        [entry] = bibtexparser.parse_string(app.clipboard).entries
        assert entry.entry_type == "misc" and entry.fields_dict["url"].value == links(paper)[0]
        assert any(text.startswith("Copied as BibTeX: ") for _severity, text in app.said)


async def test_shift_y_copies_in_the_configured_copy_format(library):
    import rispy

    app = make_app(library, Config(copy_format="ris"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_with_link(pilot)
        await pilot.press("Y")
        [record] = rispy.loads(app.clipboard)
        assert record["type_of_reference"] == "ELEC" and record["title"] == paper.title
        assert record["urls"][0] == links(paper)[0].replace(";", "%3B")
        assert any(text.startswith("Copied as RIS: ") for _severity, text in app.said)


def recording_browser(marker) -> Config:
    """A config whose browser command writes the URL it was given into `marker`."""
    return Config(browser=f"{sys.executable} -c 'open(\"{marker}\", \"w\").write(__import__(\"sys\").argv[1])' %u")


async def test_open_over_ssh_copies_the_link_instead_of_starting_a_browser(library, monkeypatch, tmp_path):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", ":0")
    marker = tmp_path / "opened"
    app = make_app(library, recording_browser(marker))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_with_link(pilot)
        await pilot.press("o", "2")  # 1 is the paper page, 2 the abstract's first link
        assert app.clipboard == links(paper)[0]
        assert any("Link copied" in text for _severity, text in app.said)
    assert not marker.exists()


async def test_open_with_a_display_runs_the_configured_browser(library, monkeypatch, tmp_path):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    marker = tmp_path / "opened"
    app = make_app(library, recording_browser(marker))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_with_link(pilot)
        await pilot.press("o", "2")
    for _ in range(50):
        if marker.exists() and marker.read_text():
            break
        time.sleep(0.1)
    assert marker.read_text() == links(paper)[0]


def test_browser_template_passes_the_url_as_one_argument():
    url = "https://example.org/a;rm -rf ~"
    assert browser_command("firefox --new-tab %u", url) == ["firefox", "--new-tab", url]
    assert browser_command("firefox", url) == ["firefox", url]


async def test_open_and_copy_with_no_paper_shown_say_so(library):
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzqqqxxx", "enter")
        await settle(pilot)
        assert app.screen.query_one(PaperList).total == 0
        await pilot.press("o")
        await pilot.press("y")
        said = [text for _severity, text in app.said]
        assert "No paper is selected: no link to open." in said and "No paper is selected: nothing to copy." in said


async def select_paper_without_link(pilot):
    papers = pilot.app.screen.query_one(PaperList)
    for _ in range(papers.total * 2):
        if papers.selected is None:
            await settle(pilot)
        elif not links(papers.selected):
            return papers.selected
        else:
            await pilot.press("j")
    raise AssertionError("no paper without a link")


async def test_o_offers_the_paper_page_first_then_the_abstract_links_numbered(library, monkeypatch):
    from tui.dialogs.links_dialog import LinksDialog

    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_with_link(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, LinksDialog)
        page = paper_page(paper.title)
        assert app.screen.urls == [page, *links(paper)]
        options = app.screen.query_one("OptionList")
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert rows[0] == f"1  paper page: {page}"
        assert rows[1:] == [f"{n}  {url}" for n, url in enumerate(links(paper), 2)]
        await pilot.press("1")
        assert not isinstance(app.screen, LinksDialog) and app.clipboard == page
        await pilot.press("o", "escape")
        assert not isinstance(app.screen, LinksDialog) and app.clipboard == page


async def test_o_on_a_paper_whose_abstract_has_no_link_opens_its_page_at_once(library, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    app = make_app(library, Config(paper_url="https://www.semanticscholar.org/search?q=%q"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        paper = await select_paper_without_link(pilot)
        await pilot.press("o")
        assert app.clipboard == "https://www.semanticscholar.org/search?q=" + quote_plus(" ".join(paper.title.split()))
        assert any(text.startswith("Link copied") for _severity, text in app.said)


async def test_the_page_of_a_hostile_title_is_one_safe_link_in_the_dialog_and_the_clipboard(tmp_path, places, monkeypatch):
    from index.library import Library
    from index.listings.links import safe_url
    from index.sync.report import SyncOptions
    from tests.hostile_text import hostile_listing
    from tui.dialogs.links_dialog import LinksDialog

    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    listings = tmp_path / "hostile"
    listings.mkdir()
    (listings / "hostile.txt").write_text(hostile_listing(), encoding="utf-8")
    app = make_app(Library([listings], places, SyncOptions(procs=1)), Config(paper_url="https://arxiv.org/a/%t?x=%q"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        papers = app.screen.query_one(PaperList)
        for row in range(papers.total):
            papers.cursor = row
            await settle(pilot)
            paper = papers.selected
            await pilot.press("o")
            if isinstance(app.screen, LinksDialog):
                assert app.screen.urls[0] == paper_page(paper.title, "https://arxiv.org/a/%t?x=%q")
                await pilot.press("1")
            assert safe_url(app.clipboard) == app.clipboard and "arxiv.org/a/" in app.clipboard
            assert urlsplit(app.clipboard).hostname == "arxiv.org"
