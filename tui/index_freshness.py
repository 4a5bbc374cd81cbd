"""Keeping the reader's index in step with the listing files while it runs.

At start and whenever a cheap stat poll sees a listing file added, removed or
changed, a thread worker syncs the index, swaps the searcher and tells the
screen (the messages below, posted to it), which refreshes its list keeping
the selection. The poll also notices
when another process (a `papershelf index --rebuild`, a search with another
capture year) made a new generation live: the searcher moves to it the same
way. Until it moves, the generation it has open is kept for it (see
index.index_home), so a search never finds its index deleted.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message

from index.errors import PapershelfError
from index.index_home import IndexBusy
from index.sync.report import SyncReport
from tui.services import Services

POLL_SECONDS = 3.0


class IndexFreshness:
    class Progress(Message):
        """The sync indexed `done` of `total` papers (a build, or an update of many)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class Updated(Message):
        """The sync is over; the searcher reads the index it left (the report says what changed)."""

        def __init__(self, report: SyncReport) -> None:
            super().__init__()
            self.report = report

    class Failed(Message):
        """The index could not be brought in step; the reader goes on with the one it has."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, node: DOMNode, services: Services) -> None:
        self.node = node  # the screen whose workers and timers run this, and that gets the messages
        self.services = services
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
        node, library = self.node, self.services.library
        try:
            report = library.sync(lambda done, total: node.post_message(self.Progress(done, total)))
            if library.index_version() != self.version and not report.changed_anything:
                # Changed by another process: any paper may have changed, as after a rebuild of ours.
                report.rebuild_reason = "updated by another papershelf process"
                report.papers_updated = report.papers
            if report.changed_anything:
                self.version = library.index_version()  # before the open: at worst, one swap too many
                searcher = library.open_searcher()
                self.services.paper_count = searcher.paper_count
                self.services.searcher.replace(searcher)
            node.post_message(self.Updated(report))
        except (PapershelfError, IndexBusy, OSError) as error:
            node.post_message(self.Failed(f"the index could not be updated: {error}"))
        finally:
            self.syncing = False
