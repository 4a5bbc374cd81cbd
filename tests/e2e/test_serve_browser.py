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

from tests.e2e.served import ROOT, served

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


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,800"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))  # the installed driver: no download
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_THE_TERMINAL})
    try:
        yield driver
    finally:
        driver.quit()


def shown_count(driver) -> int | None:
    """The paper count in the reader's status line, as last drawn ("12 of 253 papers")."""
    screen = driver.execute_script("return window.papershelfScreen")
    counts = re.findall(rf"([\d,]+) of {TOTAL} papers", screen)
    return int(counts[-1].replace(",", "")) if counts else None


def wait_for(driver, condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition(driver):
        assert time.monotonic() < deadline, f"the tab never showed {what}; it last showed {shown_count(driver)}"
        time.sleep(0.1)


def screenshot(driver, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"serve-browser-{name}.png"
    assert driver.save_screenshot(str(path)), path
    return path


def test_the_reader_runs_in_a_browser_tab_and_its_filter_narrows_the_list(browser, tmp_path, sample_dir,
                                                                        theorem_results):
    from selenium.webdriver.common.by import By

    total, _ = theorem_results
    with served(tmp_path / "data", sample_dir) as server:
        browser.get(server.url)
        assert browser.current_url == f"{server.origin}/"  # the token became a cookie, out of the address
        assert browser.get_cookie("papershelf_token")["httpOnly"] is True
        wait_for(browser, lambda d: shown_count(d) == TOTAL, f"the paper list ({TOTAL} of {TOTAL} papers)")
        screenshot(browser, "list")
        # Typed as a user types: into the terminal's own input (xterm.js reads keys from a textarea).
        browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys("/" + QUERY)
        wait_for(browser, lambda d: shown_count(d) == total, f"{total} papers for '{QUERY}'")
        assert screenshot(browser, "filtered").stat().st_size > 10_000
