"""The main screen: filter bar, paper list, abstract pane, status line, footer."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from index.errors import QueryError
from index.search import SORTS
from tui.results import LockedSearcher, ResultSet
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.paper_list import PaperList

WIDE = 110  # columns from which list and abstract sit side by side


class MainScreen(Screen):
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="main.filter"),
        Binding("escape", "leave_filter", "Leave filter", show=False, id="main.escape"),
        Binding("s", "cycle_sort", "Sort", id="main.sort"),
        Binding("S", "reverse_sort", "Reverse", show=False, id="main.reverse"),
        Binding("enter,tab", "switch_pane", "List/abstract", id="main.switch"),
        Binding("q", "app.quit", "Quit", id="main.quit"),
    ]

    def __init__(self, searcher: LockedSearcher, initial_query: str = "") -> None:
        super().__init__()
        self.searcher = searcher
        self.initial_query = initial_query
        self.sort: str | None = None  # None: relevance with words, else date
        self.reverse = False
        self.results: ResultSet | None = None
        self.problem = ""

    def compose(self) -> ComposeResult:
        yield Input(value=self.initial_query, placeholder="/ filter: words, \"phrases\", title:, upvotes:>=10 …", id="filter")
        with Horizontal(id="panes"):
            yield PaperList(id="papers")
            yield AbstractPane(id="abstract")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PaperList).focus()
        self.run_search(self.initial_query)

    def on_resize(self, event) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(PaperList).focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str) -> None:
        try:
            results = self.searcher.results(text, self.sort, self.reverse)
        except QueryError as error:
            self.app.call_from_thread(self.show_problem, text, str(error))
            return
        self.app.call_from_thread(self.show_results, text, results)

    def _current_query(self) -> str:
        return self.query_one("#filter", Input).value

    def show_results(self, text: str, results: ResultSet) -> None:
        if text != self._current_query():
            return  # a newer query is on its way: never show stale results
        papers = self.query_one(PaperList)
        keep = papers.selected.id if papers.selected else None
        self.results, self.problem = results, ""
        papers.show(results, keep_id=keep)
        if results.total == 0 and text.strip():
            self.problem = "no papers match"
            self.suggest(text)
        self.update_status()

    @work(thread=True, exclusive=True, group="suggest")
    def suggest(self, text: str) -> None:
        suggestion = self.searcher.suggest(text)
        if suggestion:
            self.app.call_from_thread(self._show_suggestion, text, suggestion)

    def _show_suggestion(self, text: str, suggestion: str) -> None:
        if text == self._current_query():
            self.problem = f"no papers match; did you mean: {suggestion}"
            self.update_status()

    def show_problem(self, text: str, message: str) -> None:
        if text == self._current_query():
            self.problem = message  # the last good results stay on screen
            self.update_status()

    def update_status(self) -> None:
        total = self.results.total if self.results else 0
        sort = self.results.page.sort if self.results else (self.sort or "date")
        direction = " (reversed)" if self.reverse else ""
        parts = [f"{total:,} of {self._paper_count():,} papers", f"sort: {sort}{direction}"]
        if self.problem:
            parts.append(self.problem)
        self.query_one("#status", Static).update(" · ".join(parts).replace("[", "\\["))

    def _paper_count(self) -> int:
        return self.app.paper_count

    @on(PaperList.Selected)
    def paper_selected(self, event: PaperList.Selected) -> None:
        pane = self.query_one(AbstractPane)
        if event.paper is None or self.results is None:
            pane.show(event.paper)
            return
        title_spans, abstract_spans = self.searcher.highlights(event.paper, self.results.page.terms)
        pane.show(event.paper, title_spans, abstract_spans)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if field.has_focus:
            self.query_one(PaperList).focus()
        elif field.value:
            field.value = ""

    def action_switch_pane(self) -> None:
        papers, pane = self.query_one(PaperList), self.query_one(AbstractPane)
        (pane if papers.has_focus else papers).focus()

    def action_cycle_sort(self) -> None:
        current = self.results.page.sort if self.results else "date"
        self.sort = SORTS[(SORTS.index(current) + 1) % len(SORTS)]
        self.run_search(self._current_query())

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self.run_search(self._current_query())
