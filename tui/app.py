"""The reader app: wiring only. Services come in through `make_app`, so tests
build the app on a temporary index."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from index.library import Library
from tui.results import LockedSearcher
from tui.screens.main_screen import MainScreen

STYLES = Path(__file__).resolve().parent.parent / "styles"


class PapershelfApp(App):
    TITLE = "papershelf"
    CSS_PATH = [STYLES / "app.tcss"]

    def __init__(self, searcher: LockedSearcher, paper_count: int, initial_query: str = "") -> None:
        super().__init__()
        self.searcher = searcher
        self.paper_count = paper_count
        self.initial_query = initial_query

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.searcher, self.initial_query))

    def on_unmount(self) -> None:
        self.searcher.close()


def make_app(library: Library, initial_query: str = "") -> PapershelfApp:
    """Open the index (building it on first use) and the app over it."""
    searcher = library.open_in_step()
    return PapershelfApp(LockedSearcher(searcher), searcher.paper_count, initial_query)


def run_reader(library: Library) -> int:
    make_app(library).run()
    return 0
