"""What the main screen's action mixins (PaperActions, ShelfActions, MorningActions) may use of the screen
they are mixed into: this protocol, and nothing else.

Each mixin names it as its base for type checkers only (at run time the base is
object), so a mixin that reaches for anything else is an error a checker shows,
and the test of the main screen checks that it provides all of this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App

    from index.listings.papers import Paper
    from tui.results import ResultSet
    from tui.services import Services
    from tui.shared_searcher import SharedSearcher
    from tui.marked_papers import MarkedPapers
    from tui.shelf_marks import ShelfMarks


@runtime_checkable
class ReaderScreen(Protocol):
    services: Services  # the store, the searcher, the config
    shelf: ShelfMarks  # the reading-list marks, cached
    marked: MarkedPapers  # the papers marked with space or `*`, which the actions then apply to
    results: ResultSet | None  # what the list shows
    searcher: SharedSearcher  # the index, shared with the workers
    sort: str | None  # the results' sort (None: relevance with words, else date)
    reverse: bool
    is_active: bool  # the screen is the one on top

    @property
    def app(self) -> App: ...

    def query_one(self, selector, expect_type=None): ...

    def selected_paper(self) -> Paper | None:
        """The paper under the list's cursor (None while its page loads, or with no results)."""

    def act_on_marked(self, action: str) -> bool:
        """With papers marked, do `action` (bookmark, add, read, dismiss, copy, copy_citation) to
        all of them and say so; False, and nothing done, when none is marked."""

    def shelf_changed(self) -> None:
        """Redraw what shows reading-list state, after a change to the store."""

    def store_or_say(self):
        """The reading-list store, or None after saying why there is none."""

    def current_query(self) -> str:
        """The filter's text."""

    def set_filter(self, text: str, remember: bool = False) -> None:
        """Replace the filter's text (`remember`: Escape brings back the one replaced)."""

    def show_status(self) -> None:
        """Redraw the status line from the screen's state."""

    def show_selected(self) -> None:
        """Show the selected paper in the abstract pane."""

    def jump_to_paper(self, paper_id: str) -> None:
        """Select the paper in the list, the filter showing just it when it hides the paper."""

    def set_timer(self, delay: float, callback=None, *args, **kwargs): ...
