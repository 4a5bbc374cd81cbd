"""The reading-list facts the reader draws on every row and every selection, cached.

Rows are drawn many times a second and the abstract pane changes with every
move; asking SQLite each time would put queries on the per-keystroke path.
The sets are re-read after our own changes and when another process (a second
reader, the CLI) changed the store, which data_version tells cheaply.
"""

from __future__ import annotations

from index.shelf.store import DEFAULT_LIST
from tui.services import Services

BOOKMARK = "★"
IN_A_LIST = "+"
READ = "✓"
DISMISSED = "×"


class ShelfMarks:
    def __init__(self, services: Services) -> None:
        self.services = services  # the store can arrive later (a damaged one replaced)
        self.lists: dict[str, frozenset[str]] = {}  # list name -> its paper ids
        self.read: frozenset[str] = frozenset()
        self.noted: frozenset[str] = frozenset()
        self.seen: frozenset[str] = frozenset()
        self.dismissed: frozenset[str] = frozenset()
        # First seen after the last visit: counted when the visit begins and after each
        # index the reader moves to (tui/screens/morning_actions.py), not on every reload.
        self.new: frozenset[str] = frozenset()
        self._version: int | None = None
        self.reload()

    @property
    def bookmarked(self) -> frozenset[str]:
        return self.lists.get(DEFAULT_LIST, frozenset())

    def reload(self) -> None:
        store = self.services.store
        if store is None:
            return
        self._version = store.data_version()
        self.lists = {summary.name: store.list_ids(summary.name) for summary in store.lists()}
        self.read = store.read_ids()
        self.noted = store.noted_ids()
        self.seen = store.seen_ids()
        self.dismissed = store.dismissed_ids()

    def seen_now(self, paper_id: str) -> None:
        """After the reader itself marked `paper_id` seen: that write is not a change to redraw
        for (the poll would repaint the list and the pane, a screenful over SSH)."""
        self.seen = self.seen | {paper_id}
        store = self.services.store
        # Step over that one write only. Taking the version as it now stands would also
        # swallow a change another process made since the last poll: it would never show.
        if store is not None and self._version is not None and store.data_version() == self._version + 1:
            self._version += 1

    def changed_elsewhere(self) -> bool:
        """Whether the store changed since the last reload (re-reads it if so)."""
        store = self.services.store
        if store is None or store.data_version() == self._version:
            return False
        self.reload()
        return True

    def lists_of(self, paper_id: str) -> list[str]:
        return [name for name, ids in self.lists.items() if paper_id in ids]

    def marks(self, paper_id: str) -> str:
        """Two characters: bookmarked, in a list or not interested; and read."""
        listed = any(paper_id in ids for ids in self.lists.values())
        saved = BOOKMARK if paper_id in self.bookmarked else IN_A_LIST if listed else DISMISSED if paper_id in self.dismissed else " "
        return saved + (READ if paper_id in self.read else " ")
