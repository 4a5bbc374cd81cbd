"""`papershelf serve` in a real headless Chromium, driven by Selenium through chromium-driver.

The terminal in the page draws on a canvas, so what it shows is read where it arrives: a script
added before the page's own records every byte its websocket receives (what xterm.js draws).
Screenshots of the tab go to test-artefacts/ (PAPERSHELF_ARTEFACTS names another folder).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.served import ROOT, sample_copy, served
from tui.paper_text import links

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
ARTEFACTS = Path(os.environ.get("PAPERSHELF_ARTEFACTS", ROOT / "test-artefacts"))
TOTAL = 253  # papers in the built-in sample
QUERY = "theorem"
WAIT_SECONDS = 40


def _missing() -> str | None:
    if CHROMIUM is None or DRIVER is None:
        return "chromium and chromium-driver are not installed (.ci/run installs them)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


# .ci/run sets PAPERSHELF_REQUIRE_BROWSER: there a missing browser is a failure, not a skip.
if _missing() and os.environ.get("PAPERSHELF_REQUIRE_BROWSER"):
    raise RuntimeError(_missing())
pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")

RECORD_THE_TERMINAL = """
window.papershelfScreen = "";
const Native = window.WebSocket;
const decoder = new TextDecoder();
window.WebSocket = class extends Native {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (event.data instanceof ArrayBuffer) {
        window.papershelfScreen += decoder.decode(event.data, {stream: true});
      } else if (event.data instanceof Blob) {
        event.data.arrayBuffer().then((b) => { window.papershelfScreen += decoder.decode(b, {stream: true}); });
      }
    });
  }
};
"""


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))  # the installed driver: no download
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_THE_TERMINAL})
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    with served(folder / "data", sample_copy(folder)) as running:
        yield running


def screen_text(driver) -> str:
    return driver.execute_script("return window.papershelfScreen")


def shown_count(driver) -> int | None:
    """The paper count in the reader's status line, as last drawn ("12 of 253 papers")."""
    counts = re.findall(rf"([\d,]+) of {TOTAL} papers", screen_text(driver))
    return int(counts[-1].replace(",", "")) if counts else None


def wait_for(driver, condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition(driver):
        if time.monotonic() > deadline:
            screenshot(driver, "failed")  # what the tab showed instead
        assert time.monotonic() < deadline, f"the tab never showed {what}; it last showed {shown_count(driver)}"
        time.sleep(0.1)


def opened_urls(driver) -> list[str]:
    """Where the browser's tabs are, asked of Chromium itself (an offline tab shows an error page)."""
    return [target["url"] for target in driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]]


def screenshot(driver, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"serve-browser-{name}.png"
    assert driver.save_screenshot(str(path)), path
    return path


def open_reader(browser, server) -> None:
    """A new tab's worth: the tokened URL, until the paper list is drawn."""
    browser.get(server.url)
    assert browser.current_url == f"{server.origin}/"  # the token became a cookie, out of the address
    wait_for(browser, lambda d: shown_count(d) == TOTAL, f"the paper list ({TOTAL} of {TOTAL} papers)")


def type_keys(browser, keys: str) -> None:
    """Typed as a user types: into the terminal's own input (xterm.js reads keys from a textarea)."""
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(keys)


def test_the_reader_runs_in_a_browser_tab_and_its_filter_narrows_the_list(browser, server, theorem_results):
    total, _ = theorem_results
    open_reader(browser, server)
    assert browser.get_cookie("papershelf_token")["httpOnly"] is True
    screenshot(browser, "list")
    type_keys(browser, "/" + QUERY)
    wait_for(browser, lambda d: shown_count(d) == total, f"{total} papers for '{QUERY}'")
    assert screenshot(browser, "filtered").stat().st_size > 10_000


def test_o_opens_the_link_in_a_new_tab_and_an_export_is_a_download(browser, server, searcher, downloads):
    from selenium.webdriver.common.keys import Keys

    paper = next(hit.paper for hit in searcher.search("upvotes:>=0", None, False, 0, TOTAL).hits if links(hit.paper))
    open_reader(browser, server)
    own_tab = browser.current_window_handle
    type_keys(browser, f"/id:{paper.id}")
    wait_for(browser, lambda d: shown_count(d) == 1, f"the paper {paper.id} alone")
    before = len(screen_text(browser))
    type_keys(browser, Keys.ENTER + "o")  # the paper page and the abstract's links, numbered
    wait_for(browser, lambda d: "huggingface.co/papers" in screen_text(d)[before:], "the links dialog")
    type_keys(browser, "2")  # the abstract's first link
    wait_for(browser, lambda d: len(d.window_handles) == 2, "a new tab for the paper's link")
    browser.switch_to.window(next(h for h in browser.window_handles if h != own_tab))
    assert links(paper)[0] in (browser.current_url, *opened_urls(browser))
    browser.close()
    browser.switch_to.window(own_tab)
    # b bookmarks it; L lists the reading lists, E exports the first (Bookmarks): a format, a name, a download.
    # Each key once the screen showed what the one before it did (enter on the format moves to the name).
    steps = (("b", "In lists: Bookmarks"), ("L", "Bookmarks"), ("E", "as the download"), (Keys.ENTER, "Bookmarks.bib"))
    for keys, shown in steps:
        before = len(screen_text(browser))
        type_keys(browser, keys)
        wait_for(browser, lambda d: shown in screen_text(d)[before:], f"{shown!r} after {keys!r}")
    type_keys(browser, Keys.ENTER)
    saved = downloads / "Bookmarks.bib"
    wait_for(browser, lambda d: saved.exists() and paper.title.split()[0] in saved.read_text(), "the download")
    screenshot(browser, "downloaded")
