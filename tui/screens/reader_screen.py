"""What the main screen's action mixins (PaperActions, ShelfActions) may use of the screen
they are mixed into: this protocol, and nothing else.

Each mixin names it as its base for type checkers only (at run time the base is
object), so a mixin that reaches for anything else is an error a checker shows,
and the test of the main screen checks that it provides all of this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App

    from index.papers import Paper
    from tui.results import ResultSet
    from tui.services import Services
    from tui.shelf_marks import ShelfMarks


@runtime_checkable
class ReaderScreen(Protocol):
    services: Services  # the store, the searcher, the config
    shelf: ShelfMarks  # the reading-list marks, cached
    results: ResultSet | None  # what the list shows

    @property
    def app(self) -> App: ...

    def query_one(self, selector, expect_type=None): ...

    def selected_paper(self) -> Paper | None:
        """The paper under the list's cursor (None while its page loads, or with no results)."""

    def shelf_changed(self) -> None:
        """Redraw what shows reading-list state, after a change to the store."""
