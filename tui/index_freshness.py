"""Keeping the reader's index in step with the listing files while it runs.

At start and whenever a cheap stat poll sees a listing file added, removed or
changed, a thread worker syncs the index, swaps the searcher and tells the
screen, which refreshes its list keeping the selection. The poll also notices
when another process (a `papershelf index --rebuild`, a search with another
capture year) made a new generation live: the searcher moves to it the same
way. Until it moves, the generation it has open is kept for it (see
index.index_home), so a search never finds its index deleted.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode

from index.errors import PapershelfError
from index.index_home import IndexBusy
from index.sync_report import SyncReport
from tui.services import Services

POLL_SECONDS = 3.0

Progress = Callable[[int, int], None]


class IndexFreshness:
    def __init__(
        self, node: DOMNode, services: Services, progress: Progress, updated: Callable[[SyncReport], None],
        failed: Callable[[str], None],
    ) -> None:
        self.node = node  # the screen whose workers and timers run this
        self.services = services
        self.progress, self.updated, self.failed = progress, updated, failed
        self.syncing = False
        self.version: tuple = (None, None)  # the index the searcher reads (opened lazily, on this one)

    def start(self) -> None:
        if self.services.library is None:
            return
        self.version = self.services.library.index_version()
        self.sync()
        self.node.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        if not self.syncing:
            self.node.run_worker(self._check, thread=True, exclusive=True, group="index-poll")

    def sync(self) -> None:
        self.syncing = True
        self.node.run_worker(self._sync, thread=True, exclusive=True, group="index-sync")

    def _check(self) -> None:
        library = self.services.library
        if library is not None and (library.moved_on() or library.index_version() != self.version):
            self.node.app.call_from_thread(self.sync)

    def _sync(self) -> None:
        app, library = self.node.app, self.services.library
        try:
            report = library.sync(lambda done, total: app.call_from_thread(self.progress, done, total))
            if library.index_version() != self.version and not report.changed_anything:
                # Changed by another process: any paper may have changed, as after a rebuild of ours.
                report.rebuild_reason = "updated by another papershelf process"
                report.papers_updated = report.papers
            if report.changed_anything:
                self.version = library.index_version()  # before the open: at worst, one swap too many
                searcher = library.open_searcher()
                self.services.paper_count = searcher.paper_count
                self.services.searcher.replace(searcher)
            app.call_from_thread(self.updated, report)
        except (PapershelfError, IndexBusy, OSError) as error:
            app.call_from_thread(self.failed, f"the index could not be updated: {error}")
        finally:
            self.syncing = False
