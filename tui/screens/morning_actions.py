"""The morning on the main screen: what is new since the last visit, seen, not interested, views.

A mixin of the main screen, as ShelfActions is; it uses only what
tui/screens/reader_screen.ReaderScreen names. The store keeps the facts
(index.shelf.morning, index.shelf.views); this decides when the reader records them:
a visit begins when the searcher first opens, every index the reader moves to has its
papers' first-seen times noted, and a paper becomes seen once its abstract has stayed
in the pane for SEEN_AFTER seconds (not while j is held down through the list).
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker
from textual.binding import Binding

from index.shelf.first_seen import note_index
from index.errors import PapershelfError
from index.shelf.store import StoreError
from index.shelf.view_counts import counted_one_by_one, save_view, warm_counts
from index.shelf.views import ViewSummary

if TYPE_CHECKING:
    from index.shelf.store import ReadingStore
    from tui.dialogs.views_dialog import ViewsDialog
    from tui.screens.reader_screen import ReaderScreen as _Screen
else:
    _Screen = object  # the contract is for type checkers; at run time the screen provides it

SEEN_AFTER = 1.0  # seconds an abstract stays in the pane before its paper counts as seen


class MorningActions(_Screen):
    # Textual merges BINDINGS only from widget classes: the screen lists these in its own.
    MORNING_BINDINGS = [
        Binding("x", "toggle_dismissed", "Not interested", show=False, id="morning.dismiss", priority=True),
        Binding("v", "views", "Views", show=False, id="morning.views", priority=True),
        Binding("V", "save_view", "Save the filter as a view", show=False, id="morning.save_view", priority=True),
        Binding("T", "triage", "Triage the results", show=False, id="morning.triage", priority=True),
    ]

    _seen_timer = None
    _noting = threading.Lock()  # one note at a time: two would begin two visits
    new_text = ""  # the status line's "12 new since Tue"

    # New since the last visit

    def note_visit_and_index(self) -> None:
        """From a worker, once the searcher is open on an index: begin the visit (the first
        time), note the index's papers' first-seen times, then count what is new."""
        store = self.services.store
        if store is None:
            return
        try:
            with self._noting:
                if store.visit is None:
                    store.begin_visit()
                self.searcher.with_searcher(lambda searcher: note_index(store, searcher))
                first_seen = store.new_ids()
                # Those the index still holds: a paper seen first and then gone with its listing is no news.
                new = frozenset(self.searcher.paper_ids("", within=first_seen))
        except StoreError as error:
            self.app.call_from_thread(self.app.notify, str(error), title="Reading lists", severity="error")
            return
        self.app.call_from_thread(self._new_counted, new, store.visit.since if store.visit else None)

    def _new_counted(self, new: frozenset[str], since: datetime | None) -> None:
        self.shelf.new = new
        self._show_new(since)
        self.shelf_changed()

    def _show_new(self, since: datetime | None = None) -> None:
        store = self.services.store
        if since is None and store is not None and store.visit is not None:
            since = store.visit.since
        count = len(self.shelf.new - self.shelf.dismissed)
        when = f" since {_day(since)}" if since is not None else " (first visit)"
        self.new_text = f"{count:,} new{when}"
        self.show_status()

    # Seen

    def start_seen_timer(self, paper_id: str) -> None:
        if self._seen_timer is not None:
            self._seen_timer.stop()
        if self.services.store is not None and paper_id not in self.shelf.seen:
            self._seen_timer = self.set_timer(SEEN_AFTER, lambda: self._mark_seen_if_still_shown(paper_id))

    def _mark_seen_if_still_shown(self, paper_id: str) -> None:
        selected, store = self.selected_paper(), self.services.store
        if selected is None or selected.id != paper_id or store is None or not self.is_active:
            return
        try:
            store.mark_seen(paper_id)
        except StoreError:
            return  # seen is a convenience: a store that cannot be written says so on the next change
        # The pane says "Seen" the next time it shows the paper: redrawing it now would
        # send the whole pane again over SSH a second after every move.
        self.shelf.seen_now(paper_id)

    # Not interested

    def action_toggle_dismissed(self) -> None:
        if self.act_on_marked("dismiss"):
            return
        paper, store = self.selected_paper(), self.store_or_say()
        if paper is None or store is None:
            return
        dismissing = paper.id not in self.shelf.dismissed
        change = (lambda: store.dismiss([paper.id])) if dismissing else (lambda: store.undismiss([paper.id]))
        done = f"{'Not interested' if dismissing else 'Interested again'}: {paper.title}"
        try:
            self.services.undo_stack().change(done, [paper.id], change, dismissed=True)
        except StoreError as error:
            self.app.notify(str(error), title="Reading lists", severity="error")
            return
        self.shelf_changed()
        self._show_new()
        if dismissing:
            self.app.notify(f"Not interested: {paper.title} (x again to undo)", markup=False)
        else:
            self.app.notify(f"Interested again: {paper.title}", markup=False)

    # Triage

    async def action_triage(self) -> None:
        from tui.screens.triage_screen import TriageScreen

        store = self.store_or_say()
        if store is None or self.results is None:
            return
        if self.results.total == 0:
            self.app.notify("No papers shown: nothing to triage.", title="Triage")
            return
        await self.app.push_screen(TriageScreen(self.results, store), self._triaged)

    def _triaged(self, _decided: int | None) -> None:
        self.shelf_changed()
        self._show_new()

    # Views

    async def action_views(self) -> None:
        """The picker at once, each view's counts as they come: the first `v` on a fresh
        index reads postings from disk (about a second for 20 views at 100,000 papers)."""
        from tui.dialogs.views_dialog import ViewsDialog  # dialogs load when first asked for

        store = self.store_or_say()
        if store is None:
            return
        try:
            views = store.views()
        except StoreError as error:
            self.app.notify(str(error), title="Views", severity="error")
            return
        if not views:
            self.app.notify("No saved views yet: V saves the filter as one.", title="Views")
            return
        dialog = ViewsDialog([ViewSummary(view, None, None) for view in views])
        await self.app.push_screen(dialog, self._view_chosen)
        self._count_views(dialog, store)

    def warm_views(self) -> None:
        """From the open-searcher worker: count the views now, so that the first `v` finds
        the counts kept (see index.shelf.view_counts.warm_counts)."""
        store = self.services.store
        if store is None:
            return
        try:
            warm_counts(self.searcher.with_searcher, store)
        except StoreError:
            pass  # the views picker says so when asked for

    @work(thread=True, exclusive=True, group="views")
    def _count_views(self, dialog: ViewsDialog, store: ReadingStore) -> None:
        worker = get_current_worker()
        views = [summary.view for summary in dialog.summaries]
        try:
            for number, summary in enumerate(counted_one_by_one(self.searcher.with_searcher, store, views)):
                if worker.is_cancelled or not dialog.waiting:
                    return  # closed: what is left would be counted for nobody
                self.app.call_from_thread(dialog.show_count, number, summary)
        except PapershelfError as error:  # the store, read for the new papers
            self.app.call_from_thread(self.app.notify, str(error), title="Views", severity="error")

    def _view_chosen(self, view) -> None:
        if view is None:
            return
        self.sort, self.reverse = view.sort, view.reverse
        # A space after it: its last word is a word, as the view counts it, not a prefix being typed.
        self.set_filter(view.query + " ", remember=True)

    async def action_save_view(self) -> None:
        from tui.dialogs.name_dialog import NameDialog

        store = self.store_or_say()
        if store is None:
            return
        query = self.current_query().strip()
        if not query.strip():
            self.app.notify("Type a filter first: a view is a saved filter with its sort.", title="Views")
            return

        def named(name: str | None) -> None:
            if not name:
                return
            try:
                self.searcher.with_searcher(
                    lambda searcher: save_view(store, searcher, name, query, self.sort, self.reverse)
                )
            except PapershelfError as error:  # a bad name, a query that cannot run, the store
                self.app.notify(str(error), title="Views", severity="error")
                return
            self.app.notify(f"Saved the view {name}: {query}", title="Views", markup=False)

        await self.app.push_screen(NameDialog("Name of the view:"), named)


def _day(when: datetime) -> str:
    """'Tue' within the week, else 'Nov 28': what a person calls the last visit."""
    local = when.astimezone()
    age = datetime.now().astimezone() - local
    return local.strftime("%a %H:%M") if age.days < 1 else local.strftime("%a") if age.days < 6 else local.strftime("%b %d")
