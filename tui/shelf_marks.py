"""The reading-list facts the paper list draws on every row, cached.

Rows are drawn many times a second; asking SQLite for each would be wasteful.
The sets are re-read after our own changes and when another process (a second
reader, the CLI) changed the store, which data_version tells cheaply.
"""

from __future__ import annotations

from index.reading_store import DEFAULT_LIST, ReadingStore

BOOKMARK = "★"
IN_A_LIST = "+"
READ = "✓"


class ShelfMarks:
    def __init__(self, store: ReadingStore | None) -> None:
        self.store = store
        self.bookmarked: frozenset[str] = frozenset()
        self.listed: frozenset[str] = frozenset()
        self.read: frozenset[str] = frozenset()
        self._version: int | None = None
        self.reload()

    def reload(self) -> None:
        if self.store is None:
            return
        self._version = self.store.data_version()
        self.bookmarked = self.store.list_ids(DEFAULT_LIST)
        self.listed = frozenset().union(*(self.store.list_ids(s.name) for s in self.store.lists()))
        self.read = self.store.read_ids()

    def changed_elsewhere(self) -> bool:
        """Whether the store changed since the last reload (re-reads it if so)."""
        if self.store is None or self.store.data_version() == self._version:
            return False
        self.reload()
        return True

    def marks(self, paper_id: str) -> str:
        """Two characters: bookmarked or in a list, and read."""
        saved = BOOKMARK if paper_id in self.bookmarked else IN_A_LIST if paper_id in self.listed else " "
        return saved + (READ if paper_id in self.read else " ")
