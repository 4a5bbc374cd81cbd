"""The main screen: filter bar, paper list, abstract pane, status line, key bar."""

from __future__ import annotations

import gc

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, ProgressBar

from index.errors import PapershelfError, QueryError
from index.shelf.store import DEFAULT_LIST
from index.search.for_you import FOR_YOU, MIN_SEEDS, Taste, is_taste_sort, sort_label, taste_for
from index.search.shelf_terms import ShelfFilter, resolve, split_terms
from index.shelf.errors import StoreError
from index.search.highlights import Highlighter
from index.listings.papers import Paper
from index.search.results import SORTS, SearchPage, Similar
from tui.error_boundary import Guarded
from tui import startup_gc
from tui.wording import counted
from tui.index_freshness import IndexFreshness
from tui.results import Located, ResultSet
from tui.marked_papers import MarkedPapers
from tui.screens.bulk_actions import BulkActions
from tui.screens.facet_actions import FacetActions
from tui.screens.morning_actions import MorningActions
from tui.screens.paper_actions import PaperActions
from tui.screens.shelf_actions import ShelfActions
from tui.shelf_marks import ShelfMarks
from tui.services import Services
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.facet_pane import FacetPane
from tui.widgets.filter_input import FilterInput
from tui.widgets.key_bar import KeyBar
from tui.widgets.paper_list import PaperList
from tui.widgets.status_line import StatusLine

WIDE = 110  # columns from which list and abstract sit side by side
STORE_POLL_SECONDS = 2.0  # how soon a change by another papershelf shows here


class MainScreen(Guarded, PaperActions, ShelfActions, MorningActions, BulkActions, FacetActions, Screen):
    HELP_GROUP, HELP_ORDER = "Main screen", 10  # where the help and the README list its keys
    # Every binding of the reader's main screen, its list and its pane is a priority one: it runs
    # as its key arrives, in the app, before later keys of the same burst are sent on to the
    # focused widget. A plain binding runs only once its key has come back up from that
    # widget, after the keys behind it were sent on: `/` then letters typed the letters into
    # the list, Tab then `/` moved the focus back to the list. While the filter has the
    # keyboard, Textual leaves out every binding of a key it types (letters, `/`, `?`).
    # The keys that close a dialog or a screen are priority ones for the same reason: a
    # key typed right after Escape goes to the screen underneath, not to the one leaving.
    # Who has the keyboard is `self.focused`, which set_focus changes at once; a widget's
    # `has_focus` turns only when it handles its Focus event, after the rest of the burst.
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="main.filter", priority=True),
        Binding(
            "escape", "leave_filter", "Leave filter / clear the marks, then the filter", show=False,
            id="main.escape", priority=True,
        ),
        Binding("s", "cycle_sort", "Sort", id="main.sort", priority=True),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="main.reverse", priority=True),
        Binding("enter,tab", "switch_pane", "Pane", id="main.switch", priority=True),
        Binding("m", "similar", "Similar", show=False, id="main.similar", priority=True),
        Binding("ctrl+t", "accept_suggestion", "Accept 'did you mean'", id="main.accept", priority=True),
        Binding("i", "index_status", "Index status", show=False, id="main.index_status", priority=True),
        *PaperActions.PAPER_BINDINGS,
        *ShelfActions.SHELF_BINDINGS,
        *MorningActions.MORNING_BINDINGS,
        *BulkActions.BULK_BINDINGS,
        *FacetActions.FACET_BINDINGS,
        Binding("q", "app.quit", "Quit", id="main.quit", priority=True),
    ]

    # The screen's state. The status line follows it (watchers) and the key bar follows the
    # bindings it enables (bindings=True); a new sort or direction searches again. None of it
    # repaints the screen itself (repaint=False): over SSH a repaint is the whole screen again.
    sort: reactive[str | None] = reactive(None, init=False, repaint=False)  # None: relevance with words, else date
    reverse = reactive(False, init=False, repaint=False)
    results: reactive[ResultSet | None] = reactive(None, init=False, always_update=True, repaint=False)  # the list's
    problem = reactive("", init=False, repaint=False)  # what is wrong with the query, or an internal error
    suggestion: reactive[str | None] = reactive(None, init=False, bindings=True, repaint=False)  # "did you mean"
    index_state = reactive("", init=False, repaint=False)  # indexing progress, or why the index is not updated

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.searcher = services.searcher
        self._start_query, start_sort, start_reverse = self._start_filter()
        self.set_reactive(MainScreen.sort, start_sort)
        self.set_reactive(MainScreen.reverse, start_reverse)
        self.shown_query = ""  # the filter the results on screen are for
        self.refused_query: str | None = None  # the filter last found wrong: no results will come for it
        self.shelf = ShelfMarks(services)
        self.marked = MarkedPapers()  # by paper id: they stay marked whatever the filter shows
        self._read_timer = None
        self._filters_before: list[tuple[str, str]] = []  # (the filter, what replaced it), for Escape
        self._highlights: Highlighter | None = None
        self._started = False  # after_first_frame has run
        self.freshness = IndexFreshness(self, services)

    def _start_filter(self) -> tuple[str, str | None, bool]:
        """The filter and sort the reader opens with: the config's start view, else its default query."""
        config, store = self.services.config, self.services.store
        if config.start_view and store is not None:
            try:
                view = store.view(config.start_view)
                return view.query, view.sort, view.reverse
            except PapershelfError as error:  # gone since the config named it
                self.services.config_problems.append(f"start_view: {error}")
        return config.default_query, config.default_sort, False

    # Side by side from WIDE columns. Textual sets the class on each resize; compose sets
    # it first, so the first frame is styled once instead of restyled after the first resize.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    AUTO_FOCUS = "#papers"

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        field = FilterInput(
            value=self._start_query,
            placeholder="/ filter: words, \"phrases\", title:, upvotes:>=10 …",
            id="filter",
        )
        field.cursor_blink = self.services.cursor_blink
        yield field
        facets = FacetPane(id="facets")
        facets.display = self.facets_shown_at_start()  # off on a narrow terminal: the list needs the room
        with Horizontal(id="panes"):  # the facets beside the list: the filter and status lines stay whole
            yield facets
            yield PaperList(id="papers")
            yield AbstractPane(id="abstract")
        yield StatusLine(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        papers = self.query_one(PaperList)
        papers.marks, papers.marked = self.shelf.marks, self.marked
        self._first_search()
        if self.services.store is not None:
            self.set_interval(STORE_POLL_SECONDS, self._store_poll)

    # Searching

    def _first_search(self) -> None:
        """Papers in the first frame: from the page kept beside the index when it is
        the one asked for, else searched at once (a worker would start after the frame)."""
        text, first = self.current_query(), self.services.first_page
        self.services.first_page = None  # true only of the index as it was at start
        if not self.services.index_ready:
            self.set_reactive(MainScreen.index_state, "building the index of the listings…")
            self.show_results(text, ResultSet(SearchPage(text, "date", False, 0, 0, []), self.searcher))
            return
        if first is not None and not text.strip() and self.sort in (None, "date") and not self.reverse:
            self.show_results(text, ResultSet(first, self.searcher))
        else:
            self.start_search(text, in_worker=False)

    def after_first_frame(self) -> None:
        """The app calls this once the first frame is drawn: the work that would delay it.
        Only the first call counts (the app has a fallback should the first be lost)."""
        if self._started:
            return
        self._started = True
        startup_gc.resume()
        if self.services.index_ready:  # else the first sync builds it and opens the searcher
            self.run_worker(self._open_searcher, thread=True, group="open-searcher")  # for the first key
        self.freshness.start()

    def _open_searcher(self) -> None:
        self.searcher.open()
        self.note_visit_and_index()
        self._keep_prefix_bits()
        self.warm_views()
        self._warm_for_you()
        # What start-up made (Textual's widgets and styles, modules, the searcher's columns)
        # lives as long as the app: the cyclic GC need not walk it again. Each full
        # collection walked ~80,000 objects, 60-100 ms at random keystrokes. The price:
        # cycles among those objects that die later (a replaced searcher's) are not freed.
        gc.freeze()

    def _warm_new_searcher(self) -> None:
        # The searcher on the new index reads everything again: count and rank ahead again.
        self.warm_views()
        self._warm_for_you()

    def _warm_for_you(self) -> None:
        """From the open-searcher worker: once the lists hold enough papers, build the "for
        you" ranking now (in two holds of the searcher: the papers' words, then the order),
        so that `s` finds it made."""
        try:
            taste = taste_for(FOR_YOU, self.services.store) if self._has_seeds() else None
        except (QueryError, StoreError):
            return
        if taste is not None:
            self.searcher.with_searcher(lambda searcher: searcher.warm_taste(taste, order=False))
            self.searcher.with_searcher(lambda searcher: searcher.warm_taste(taste))

    def _keep_prefix_bits(self) -> None:
        # A big index's prefix bitsets are built by a process of its own (seconds at 100,000
        # papers); the searcher takes them up when they appear. Called from a worker thread.
        if self.services.library is not None:
            self.services.library.build_prefix_bits_in_background()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        # While typing, the top hit is selected, unless the user had picked a paper further
        # down; a filter cleared (Escape) keeps the paper being read, wherever it lands.
        papers = self.query_one(PaperList)
        self.start_search(event.value, keep_selection=papers.cursor > 0 or not event.value.strip())

    def start_search(self, text: str, keep_selection: bool = True, in_worker: bool = True) -> None:
        """Resolve the reading-list terms here (they are quick), then search in a worker.

        The first search runs at once instead: a worker thread would start only
        after the first frame, which would then show an empty list.
        """
        if not self.services.index_ready:
            return  # a first run: the query runs when the index is built (index_updated)
        try:
            shelf = resolve(text, self.services.store, DEFAULT_LIST)
            taste = self._taste()
            if not in_worker:
                self.show_results(text, self._results_for(shelf, taste))
                return
        except QueryError as error:
            self.show_problem(text, str(error))
            return
        selected = self.query_one(PaperList).selected
        self.run_search(text, shelf, taste, selected.id if selected and keep_selection else None)

    def _taste(self) -> Taste | None:
        """What a for-you sort ranks by, from the store (quick, as the reading-list terms)."""
        if not is_taste_sort(self.sort):
            return None
        try:
            return taste_for(self.sort, self.services.store)
        except StoreError as error:
            raise QueryError(str(error)) from None

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(PaperList).focus()

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, text: str, shelf: ShelfFilter, taste: Taste | None, keep_id: str | None) -> None:
        """Search, and find where the selected paper is among the results with the rows
        around it (the selection stays on it wherever it lands): all off the UI thread."""
        try:
            results = self._results_for(shelf, taste)
            kept = results.locate(keep_id) if keep_id else None
        except QueryError as error:
            self.app.call_from_thread(self.show_problem, text, str(error))
            return
        except Exception:
            # Reported by the error boundary; no results will come for this text, so the
            # keys typed ahead of them (tui/typed_ahead.py) must not wait for them.
            self.app.call_from_thread(self._search_failed, text)
            raise
        self.app.call_from_thread(self.show_results, text, results, kept, keep_id)

    def _search_failed(self, text: str) -> None:
        if text == self.current_query():
            self.refused_query = text
            self.app.typed_ahead.may_go()

    def _results_for(self, shelf: ShelfFilter, taste: Taste | None = None) -> ResultSet:
        return ResultSet.search(self.searcher, shelf.text, self.sort, self.reverse, shelf.within, shelf.without, taste)

    def current_query(self) -> str:
        return self.query_one("#filter", Input).value

    def show_results(
        self, text: str, results: ResultSet, kept: Located | None = None, keep_id: str | None = None,
    ) -> None:
        """Show the results, the cursor on the paper selected when they were asked for
        (`keep_id`, found at `kept`), else on the first."""
        if text != self.current_query():
            return  # a newer query is on its way: never show stale results
        papers = self.query_one(PaperList)
        selected = papers.selected
        row, pages = (kept.row, kept.pages) if kept is not None else (0, None)
        if keep_id is not None and selected is not None and selected.id != keep_id:
            # Moved while the search ran: stay on that paper if it is on the first page.
            row, pages = results.first_page_row(selected.id) or 0, None
        self.suggestion = None
        self.shown_query = text  # the filter as typed: reading-list terms are not in the page's query
        papers.show(results, row, pages)
        no_match = results.total == 0 and text.strip() and self.services.index_ready
        self.problem = "no papers match" if no_match else ""
        self.results = results
        self.count_facets_for(text, results)
        if no_match:
            self.suggest(text)
        self.app.typed_ahead.may_go()

    def waits_for_results(self) -> bool:
        """Keys typed ahead of the results of the filter as typed wait for them (tui/typed_ahead.py)."""
        field = self.query_one("#filter", FilterInput)
        if self.focused is field or not self.services.index_ready:
            return False  # typing goes on; before the first build there is nothing to act on
        return field.keys_coming > 0 or field.value not in (self.shown_query, self.refused_query)

    @work(thread=True, exclusive=True, group="suggest")
    def suggest(self, text: str) -> None:
        suggestion = self.searcher.suggest(text)
        if suggestion:
            self.app.call_from_thread(self._show_suggestion, text, suggestion)

    def _show_suggestion(self, text: str, suggestion: str) -> None:
        if text == self.current_query():
            self.suggestion = suggestion
            self.problem = f"no papers match; did you mean: {suggestion}"
            self._show_no_match(text)

    def _show_no_match(self, text: str) -> None:
        message = f"No papers match “{text.strip()}”."
        if self.suggestion:
            message += f"\n\nDid you mean: {self.suggestion}\n\nPress ctrl+t to search for that."
        self.query_one(AbstractPane).show_message(message)

    def show_internal_error(self, line: str) -> None:
        """An error the app caught (tui/error_boundary.py): said in the status line until the next results."""
        self.problem = line

    def show_problem(self, text: str, message: str) -> None:
        if text == self.current_query():
            self.problem = message  # the last good results stay on screen
            self.refused_query = text
            self.app.typed_ahead.may_go()

    # The status line, from the state

    def watch_results(self) -> None:
        self.show_status()

    def watch_problem(self) -> None:
        self.show_status()

    def watch_index_state(self) -> None:
        self.show_status()

    def show_status(self) -> None:
        shown = self.results.total if self.results else 0
        sort = sort_label(self.results.page.sort if self.results else (self.sort or "date"))
        status = self.query_one(StatusLine)
        marked = f"{len(self.marked):,} marked" if self.marked else ""
        status.show(
            shown, self.services.paper_count, sort, self.reverse, self.problem, self.index_state, self.new_text, marked,
            self.muted_text,
        )

    @on(PaperList.MarksChanged)
    def marks_toggled(self) -> None:
        self.show_status()

    @on(PaperList.Opened)
    def paper_opened(self) -> None:
        self.set_focus(self.query_one(AbstractPane))  # a second click on a row: as Enter

    @on(FilterInput.Arrow, "#filter")
    def filter_arrow(self, event: FilterInput.Arrow) -> None:
        self.query_one(PaperList).cursor += event.step

    @on(PaperList.Selected)
    def paper_selected(self, event: PaperList.Selected) -> None:
        # After the list's next frame: the list is what a keystroke waits for.
        self.call_after_refresh(self.show_selected)

    def show_selected(self) -> None:
        papers, pane = self.query_one(PaperList), self.query_one(AbstractPane)
        paper = papers.selected
        if paper is None and self.results is not None and self.results.total == 0 and self.shown_query.strip():
            self._show_no_match(self.shown_query)
            return
        if paper is None and not papers.loaded(papers.cursor):
            return  # its page is on its way; the list says Selected again when it is here
        if paper is None or self.results is None:
            pane.show(paper)
            return
        terms = self.results.page.terms
        shelf = "\n".join(filter(None, (self.results.reason(paper.id), self.shelf_text(paper))))
        if pane.shows(paper, terms, shelf):
            return  # same paper, same highlights, same lists: nothing to redraw
        if any(terms.values()):
            self.highlight(paper, terms, shelf)  # the pane changes once, highlighted, a moment later
        else:
            self._show_paper(paper, [], [], terms, shelf)

    @work(thread=True, exclusive=True, group="highlight")
    def highlight(self, paper: Paper, terms: dict, shelf: str) -> None:
        """Find the matched terms in the paper (a few ms of analysis for a long abstract) off the UI thread."""
        title_spans, abstract_spans = self._highlighter().highlights(paper, terms)
        self.app.call_from_thread(self._show_paper, paper, title_spans, abstract_spans, terms, shelf)

    def _highlighter(self) -> Highlighter:
        if self._highlights is None:  # one per screen, used by its one highlight worker at a time
            self._highlights = Highlighter()
        return self._highlights

    def _show_paper(self, paper: Paper, title_spans, abstract_spans, terms: dict, shelf: str) -> None:
        selected = self.query_one(PaperList).selected
        if selected is None or selected.id != paper.id:
            return  # moved on meanwhile
        self.query_one(AbstractPane).show(paper, title_spans, abstract_spans, terms, shelf)
        self._start_read_timer(paper.id)
        self.start_seen_timer(paper.id)

    def _start_read_timer(self, paper_id: str) -> None:
        """Optional (config mark_read_after): a paper shown long enough counts as read."""
        seconds = self.services.config.mark_read_after
        if self._read_timer is not None:
            self._read_timer.stop()
        if seconds > 0 and self.services.store is not None and paper_id not in self.shelf.read:
            self._read_timer = self.set_timer(seconds, lambda: self._mark_read_if_still_shown(paper_id))

    def _mark_read_if_still_shown(self, paper_id: str) -> None:
        selected = self.selected_paper()
        if selected is not None and selected.id == paper_id:
            self.services.store.set_read(paper_id, True)
            self.shelf_changed()

    # Reading lists

    def shelf_changed(self) -> None:
        """After a change to the store: marks, the abstract pane, the new count, and a filter that uses them."""
        self.shelf.reload()
        if self.new_text:  # counted once the visit began; a dismissal or its undo changes it
            self._show_new()
        self._shelf_redraw()

    def _store_poll(self) -> None:
        if self.shelf.changed_elsewhere():
            self._shelf_redraw()

    def _shelf_redraw(self) -> None:
        self.query_one(PaperList).refresh()
        self.show_selected()
        if split_terms(self.current_query())[1]:  # the filter depends on the lists: run it again
            self.start_search(self.current_query())
        elif self.results is not None:
            self.count_facets_for(self.current_query(), self.results)  # the list and state facets

    # Keeping the index in step (messages from IndexFreshness's worker)

    @on(IndexFreshness.Progress)
    def sync_progress(self, event: IndexFreshness.Progress) -> None:
        bar = self.query_one_optional("#sync-bar", ProgressBar)
        if bar is None:
            # Mounted on the first report: three widgets the first frame does without.
            bar = ProgressBar(id="sync-bar", show_eta=False)
            self.mount(bar, before=self.query_one(StatusLine))
        bar.update(total=event.total, progress=event.done)
        self.index_state = f"indexing {event.done:,}/{event.total:,}"

    @on(IndexFreshness.Updated)
    def index_updated(self, event: IndexFreshness.Updated) -> None:
        report = event.report
        self.query("#sync-bar").remove()
        self.index_state = ""
        self.services.index_ready = True
        if not self.searcher.warmed:  # a first run: the searcher opens on the index just built
            self.run_worker(self._open_searcher, thread=True, group="open-searcher")
        if report.changed_anything:
            if self.searcher.warmed:  # else opening it notes the index, counts the views, ranks for you
                self.run_worker(self.note_visit_and_index, thread=True, group="first-seen")
                self.run_worker(self._warm_new_searcher, thread=True, group="warm-counts")
            self.run_worker(self._keep_prefix_bits, thread=True, group="prefix-bits")
            added = counted(report.papers_updated, "paper")
            removed = f", {report.papers_removed:,} removed" if report.papers_removed else ""
            self.app.notify(f"Index updated: {added} added or changed{removed}.", title="Index")
            self.start_search(self.current_query())
        else:
            self.show_status()  # the total of papers may have moved with another process's sync

    @on(IndexFreshness.Failed)
    def index_failed(self, event: IndexFreshness.Failed) -> None:
        self.query("#sync-bar").remove()
        self.index_state = event.message

    # Actions

    def selected_paper(self):
        return self.query_one(PaperList).selected

    def action_focus_filter(self) -> None:
        # set_focus at once, not focus(): that is deferred, and keys typed
        # right after `/` (a fast typist, a paste, tmux send-keys) would miss the filter.
        self.set_focus(self.query_one("#filter", Input))

    def action_leave_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if self.focused in (field, self.query_one(FacetPane)):
            self.set_focus(self.query_one(PaperList))  # at once: the next key of the burst goes there
        elif self.marked:
            self.clear_marks()  # before the filter: marks are more work to make again
        elif self._filters_before and field.value == self._filters_before[-1][1]:
            self.set_filter(self._filters_before.pop()[0])  # back to the filter a jump replaced
        elif field.value:
            field.value = ""

    def action_switch_pane(self) -> None:
        papers, pane = self.query_one(PaperList), self.query_one(AbstractPane)
        self.set_focus(pane if self.focused is papers else papers)  # at once: the next key goes there

    def action_cycle_sort(self) -> None:
        # From the sort last asked for, not the one shown: keys typed in a burst each
        # move on, though the searches they start have not come back yet.
        current = self.sort or (self.results.page.sort if self.results else "date")
        sorts = (*SORTS, FOR_YOU) if self._has_seeds() else SORTS
        self.sort = sorts[(sorts.index(current) + 1) % len(sorts)] if current in sorts else sorts[0]

    def _has_seeds(self) -> bool:
        """Whether the lists hold enough papers for "for you" to be a sort to cycle to."""
        try:
            return len(taste_for(FOR_YOU, self.services.store).seeds) >= MIN_SEEDS
        except (QueryError, StoreError):
            return False

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse

    def watch_sort(self) -> None:
        self.start_search(self.current_query())

    def watch_reverse(self) -> None:
        self.start_search(self.current_query())

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "focus_filter":
            return self.focused is not self.query_one("#filter", Input)  # in the filter, `/` is a character
        if action == "switch_pane" and self.focused is self.query_one(FacetPane):
            return False  # Enter there adds the value (the pane's own binding); tab moves on as anywhere
        if action == "accept_suggestion":
            return self.suggestion is not None  # shown in the key bar only when there is one
        return True

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self.set_filter(self.suggestion)

    def set_filter(self, text: str, remember: bool = False) -> None:
        """Replace the filter's text, the cursor after it, so what is typed next goes on.
        `remember`: Escape brings back the filter this one replaced."""
        field = self.query_one("#filter", Input)
        if remember:
            self._filters_before.append((field.value, text))
        field.value = text
        field.cursor_position = len(text)

    def action_similar(self) -> None:
        paper = self.query_one(PaperList).selected
        if paper is not None:
            self.find_similar(paper)

    @work(thread=True, exclusive=True, group="similar")
    def find_similar(self, paper: Paper) -> None:
        similar = self.searcher.similar(paper.id)
        self.app.call_from_thread(self._show_similar, paper, similar)

    async def _show_similar(self, paper: Paper, similar: Similar) -> None:
        from tui.dialogs.similar_dialog import SimilarDialog  # dialogs load when first asked for

        selected = self.selected_paper()
        if not self.is_active or selected is None or selected.id != paper.id:
            return  # the user moved on while it was found (another paper, another screen)
        await self.app.push_screen(SimilarDialog(paper, similar), self._similar_chosen)

    def _similar_chosen(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        kind, value = choice
        if kind == "filter":
            self.set_filter(value, remember=True)
            self.query_one("#filter", Input).focus()
        elif not self.query_one(PaperList).move_to(value):
            self.set_filter(f"id:{value}", remember=True)  # not among the results: show just that paper

    def jump_to_paper(self, paper_id: str) -> None:
        """Select the paper in the list (from a reading list's screen, Enter)."""
        if not self.query_one(PaperList).move_to(paper_id):
            self.locate_paper(paper_id)  # further down than the rows fetched, or not shown at all

    @work(thread=True, exclusive=True, group="jump")
    def locate_paper(self, paper_id: str) -> None:
        located = self.results.locate(paper_id) if self.results is not None else None
        known = located is not None or bool(self.searcher.known([paper_id]))
        self.app.call_from_thread(self._paper_located, paper_id, located, known)

    def _paper_located(self, paper_id: str, located: Located | None, known: bool) -> None:
        if located is not None:
            self.query_one(PaperList).go_to(located)
        elif not known:
            self.app.notify("That paper is not in the current listings: its list still keeps it.", severity="warning")
        else:
            # The filter hides it: show just that paper, as a jump from similar papers does;
            # Escape brings the filter back.
            self.set_filter(f"id:{paper_id}", remember=True)
            self.app.notify("The filter hid that paper: showing it alone (esc brings the filter back).")

    def action_index_status(self) -> None:
        self.read_index_status()

    @work(thread=True, exclusive=True, group="index-status")
    def read_index_status(self) -> None:
        """The live index's files and problems (its entries file read: an index read, a worker's)."""
        library = self.services.library
        self.app.call_from_thread(self._show_index_status, library.status() if library else None)

    async def _show_index_status(self, status) -> None:
        from tui.screens.index_status_screen import IndexStatusScreen

        if self.is_active:  # not over a screen the user opened meanwhile
            await self.app.push_screen(IndexStatusScreen(status))
