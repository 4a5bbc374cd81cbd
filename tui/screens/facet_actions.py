"""Facets and the mute list on the main screen: the facet pane, its keys, and showing muted papers.

A mixin of the main screen, as MorningActions is; it uses only what
tui/screens/reader_screen.ReaderScreen names. The counts (index.search.facets) are computed in
a worker after each search's results are shown, never on the UI thread; the pane only
draws them. Muting a value adds its filter to `mute.txt` beside the config (index.search.mute)
and to the searcher's mute list at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from index.errors import PapershelfError
from index.search.facets import FacetCount, add_to
from index.search.mute import add_muted, mute_file
from tui.safe_text import one_line
from tui.widgets.facet_pane import FacetPane
from tui.wording import counted

if TYPE_CHECKING:
    from tui.screens.reader_screen import ReaderScreen as _Screen
    from tui.shelf_marks import ShelfMarks
else:
    _Screen = object  # the contract is for type checkers; at run time the screen provides it

FACETS_FROM = 100  # columns from which the facet pane shows by default


class FacetActions(_Screen):
    # Textual merges BINDINGS only from widget classes: the screen lists these in its own.
    FACET_BINDINGS = [
        Binding("f", "toggle_facets", "Facets", show=False, id="main.facets", priority=True),
        Binding("H", "toggle_muted", "Show muted papers / hide them", show=False, id="main.show_muted", priority=True),
    ]

    muted_text = ""  # the status line's "3 muted hidden (H shows them)"
    _facets_toggled = False  # `f` was pressed: the pane stays as the user left it, whatever the width

    def facet_pane(self) -> FacetPane:
        return self.query_one(FacetPane)

    def facets_shown_at_start(self) -> bool:
        """On from FACETS_FROM columns, but not over SSH: there each count that changes with a
        key typed is a row sent again (a keystroke would pass its byte budget); `f` shows it."""
        return self.app.size.width >= FACETS_FROM and not self.services.over_ssh

    # Counting, after each search

    def count_facets_for(self, text: str, results) -> None:
        """Ask for the counts of the results on screen, when the pane shows (called on the UI thread)."""
        hidden = results.page.hidden
        muted = f"{counted(hidden, 'muted paper')} hidden (H shows them)" if hidden else ""
        if self.searcher.muted_shown:
            muted = "muted papers shown (H hides them)"
        if muted != self.muted_text:
            self.muted_text = muted
            self.show_status()
        if self.facet_pane().display:
            self.count_facets(text, results.page.query, results.within, results.without)

    # Not exclusive: a count takes a few ms, and a cancelled worker still running (waiting for
    # the searcher) is one that waiting for every worker to finish reports as failed.
    @work(thread=True, group="facets")
    def count_facets(self, text: str, query: str, within, without) -> None:
        shelf = _MarksShelf.of(self.shelf) if self.services.store is not None else None
        # The values' bitsets, once per index, a few at a time: a search typed meanwhile
        # waits for a few values, not for all of them.
        try:
            while not self.searcher.with_searcher(lambda searcher: searcher.prepare_facets()):
                if text != self.current_query():
                    return  # typed on: the worker of the newer text goes on with it
            counts = self.searcher.with_searcher(
                lambda searcher: searcher.facet_counts(query, True, within, without, shelf)
            )
        except PapershelfError:
            return  # no index (the status line says why) or a bad filter (its own search says so)
        self.app.call_from_thread(self._show_facets, text, counts)

    def _show_facets(self, text: str, counts: list[FacetCount]) -> None:
        # The worker can finish as the screen closes (the app quitting), its widgets gone.
        pane = next(iter(self.query(FacetPane)), None)
        if pane is not None and text == self.current_query():  # else a newer query's counts are on their way
            pane.show(counts)

    # Keys

    def on_resize(self) -> None:
        # Until `f` is pressed the pane follows the width: a terminal made narrow gives its room to the list.
        pane = self.facet_pane()
        if not self._facets_toggled and pane.display != self.facets_shown_at_start():
            pane.display = not pane.display
            if pane.display and self.results is not None:
                self.count_facets_for(self.current_query(), self.results)
            elif not pane.display and self.focused is pane:
                self.set_focus(self.query_one("#papers"))

    def action_toggle_facets(self) -> None:
        self._facets_toggled = True
        pane = self.facet_pane()
        pane.display = not pane.display
        if pane.display:
            self.set_focus(pane)
            if self.results is not None:
                self.count_facets_for(self.current_query(), self.results)
        elif self.focused is pane:
            self.set_focus(self.query_one("#papers"))

    # Handlers by name: Textual collects @on handlers only from widget classes, not from a mixin.
    def on_facet_pane_chosen(self, event: FacetPane.Chosen) -> None:
        value = event.value
        self.set_filter(add_to(self.current_query(), value.negated if event.negated else value.query))

    def on_facet_pane_mute_asked(self, event: FacetPane.MuteAsked) -> None:
        self.mute_term(event.value.query)

    @work(thread=True, exclusive=True, group="mute")
    def mute_term(self, term: str) -> None:
        config_file = self.services.config_file
        try:
            if config_file is not None:
                add_muted(mute_file(config_file), term)
        except (PapershelfError, ValueError) as error:
            self.app.call_from_thread(self.app.notify, one_line(str(error)), title="Mute", severity="error")
            return
        library = self.services.library
        terms = tuple(dict.fromkeys((*self.searcher.mute_terms, term)))
        if library is not None:
            library.mute = terms  # the searchers opened on later index generations mute it too
        self.searcher.set_mute(terms)
        where = f" (kept in {mute_file(config_file)})" if config_file is not None else ""
        self.app.call_from_thread(self._muted, f"Muted {term}{where}; H shows muted papers.")

    def _muted(self, message: str) -> None:
        self.app.notify(one_line(message), title="Mute")
        self.start_search(self.current_query())

    def action_toggle_muted(self) -> None:
        self.show_muted_papers(not self.searcher.muted_shown)

    @work(thread=True, exclusive=True, group="mute")
    def show_muted_papers(self, shown: bool) -> None:
        self.searcher.set_show_muted(shown)
        self.app.call_from_thread(self.start_search, self.current_query())


@dataclass(frozen=True)
class _ListName:
    name: str


class _MarksShelf:
    """The reader's cached reading-list sets (tui.shelf_marks) as index.search.facets reads a store:
    the same set objects until the marks are reloaded, so the counter converts each once."""

    _last: tuple[tuple[int, ...], _MarksShelf] | None = None

    def __init__(self, marks: ShelfMarks) -> None:
        self._lists = dict(marks.lists)
        self._read, self._dismissed = marks.read, marks.dismissed
        self._new = marks.new - marks.dismissed  # what the status line counts as new
        self._summaries = [_ListName(name) for name in self._lists]

    @classmethod
    def of(cls, marks: ShelfMarks) -> _MarksShelf:
        key = (id(marks.read), id(marks.dismissed), id(marks.new), *map(id, marks.lists.values()))
        if cls._last is None or cls._last[0] != key:
            cls._last = (key, cls(marks))
        return cls._last[1]

    def lists(self) -> list[_ListName]:
        return self._summaries

    def list_ids(self, name: str) -> frozenset[str]:
        return self._lists.get(name, frozenset())

    def read_ids(self) -> frozenset[str]:
        return self._read

    def new_ids(self) -> frozenset[str]:
        return self._new

    def dismissed_ids(self) -> frozenset[str]:
        return self._dismissed

