"""Reading lists, read state and notes, kept in one SQLite file in the data dir.

Every change is one transaction committed before the method returns, so a
crash, a kill or a second papershelf writing at the same time loses nothing.
Read state and notes belong to a paper, whatever lists it is in. What is new,
seen and dismissed, and the reader's visits, are in index.shelf.morning; views
(saved searches) in index.shelf.views_sql.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from index.shelf import lists_sql as sql
from index.locations import Locations
from index.listings.papers import Paper
from index.shelf.saved_papers import ListSummary, SavedPaper, snapshot_of
from index.shelf.errors import ListNameError, NotInList, StoreBusy, StoreCorrupt, StoreError, StoreTooNew
from index.shelf.store_file import connect
from index.shelf.morning import MorningState, Visit
from index.shelf.views_sql import SavedViews
from index.shelf.schema import DEFAULT_LIST, migrate
from index.shelf.transactions import read, write

__all__ = [
    "DEFAULT_LIST", "ListNameError", "ListSummary", "NotInList", "ReadingStore", "SavedPaper",
    "StoreBusy", "StoreCorrupt", "StoreError", "StoreTooNew", "Visit",
]

FILE_NAME = "reading-lists.sqlite"
_T = TypeVar("_T")

if TYPE_CHECKING:
    from index.shelf.store_json import StoreData
    from index.shelf.rows_sql import ShelfRows


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ReadingStore(MorningState, SavedViews):
    def __init__(self, connection: sqlite3.Connection, path: Path, moved_aside: Path | None = None) -> None:
        self._connection = connection
        self.path = path
        self.moved_aside = moved_aside  # where a damaged file was kept, when reset_corrupt replaced it
        self._lock = threading.RLock()  # one connection, shared by the reader's threads
        self._changes = 0
        self._seen_version: int | None = None

    @classmethod
    def open(cls, path: Path, *, reset_corrupt: bool = False) -> ReadingStore:
        """Open (creating, migrating) the store; StoreCorrupt for a damaged file unless
        `reset_corrupt`, which keeps it aside as NAME.corrupt-TIMESTAMP and starts afresh."""
        connection, aside = connect(path, reset_corrupt)
        try:
            migrate(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(connection, path, aside)

    @staticmethod
    def default_path(places: Locations) -> Path:
        return places.data_dir / FILE_NAME

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> ReadingStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Transactions: every public method goes through one of these two.

    def _write(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        with self._lock:
            result = write(self._connection, self.path, work)
            self._changes += 1
            return result

    def _read(self, work: Callable[[sqlite3.Connection], _T]) -> _T:
        with self._lock:
            return read(self._connection, self.path, work)

    # Lists.

    def lists(self) -> list[ListSummary]:
        """Every list, the default first, then in the order they were created."""
        return self._read(lambda c: [ListSummary(*row) for row in c.execute(sql.LIST_SUMMARIES)])

    def summary(self, name: str) -> ListSummary:
        """One list's summary, found as entries() finds it (exact name, else ignoring case)."""
        return self._read(lambda c: ListSummary(*c.execute(sql.LIST_SUMMARY, (sql.list_id(c, name),)).fetchone()))

    def create_list(self, name: str) -> str:
        """Create a list; returns the name as stored (trimmed)."""
        name = sql.valid_name(name)
        self._write(lambda c: sql.create_list(c, name, now_text()))
        return name

    def rename_list(self, old: str, new: str) -> None:
        new = sql.valid_name(new)
        self._write(lambda c: sql.rename_list(c, old, new))

    def delete_list(self, name: str) -> None:
        self._write(lambda c: sql.delete_list(c, name))

    def entries(self, name: str) -> list[SavedPaper]:
        """The list's papers in their order, each with its read state and note."""
        return self._read(lambda c: sql.entries(c, sql.list_id(c, name)))

    def list_ids(self, name: str) -> frozenset[str]:
        return self._read(lambda c: frozenset(sql.column(c, sql.LIST_IDS, sql.list_id(c, name))))

    def lists_of(self, paper_id: str) -> list[str]:
        return self._read(lambda c: sql.column(c, sql.LISTS_OF, paper_id))

    # Papers in lists.

    def add(self, name: str, paper: Paper) -> bool:
        """Save the paper's snapshot (updated if saved before) and append it to the list;
        False if it was already there."""
        snapshot = snapshot_of(paper)
        return self._write(lambda c: sql.add(c, sql.list_id(c, name), snapshot, now_text()))

    def remove(self, name: str, paper_id: str) -> bool:
        return self._write(lambda c: sql.remove(c, sql.list_id(c, name), paper_id))

    def toggle(self, name: str, paper: Paper) -> bool:
        """Add the paper if it is not in the list, else remove it; True when now in the list."""
        snapshot = snapshot_of(paper)
        return self._write(lambda c: sql.toggle(c, sql.list_id(c, name), snapshot, now_text()))

    def move(self, name: str, paper_id: str, delta: int) -> int:
        """Move the paper `delta` places (negative: up), stopping at either end;
        returns its new 1-based position."""
        return self._write(lambda c: sql.move(c, sql.list_id(c, name), paper_id, delta))

    def remember(self, paper: Paper) -> None:
        """Save or refresh the paper's snapshot without adding it to a list."""
        snapshot = snapshot_of(paper)
        self._write(lambda c: sql.save_snapshot(c, snapshot, now_text()))

    def knows(self, paper_id: str) -> bool:
        """Whether the store holds a snapshot of the paper."""
        return self._read(lambda c: bool(sql.column(c, sql.KNOWN, paper_id)))

    def ids_starting_with(self, prefix: str) -> list[str]:
        """The saved papers' ids that start with `prefix`, sorted."""
        return self._read(lambda c: sql.column(c, sql.IDS_FROM, len(prefix), prefix))

    def import_entries(self, name: str, created: str, papers: Sequence[SavedPaper]) -> int:
        """Merge papers into the list (created if missing) in one transaction:
        no duplicates, read state and notes never lost. Returns how many were new."""
        name = sql.valid_name(name)
        return self._write(lambda c: sql.merge(c, name, created, papers, now_text()))

    def export_whole(self) -> StoreData:
        """Everything the store holds (see index.shelf.store_json), read in one transaction."""
        from index.shelf.merge import gather

        return self._read(gather)

    def import_whole(self, data: StoreData) -> dict[str, int]:
        """Merge a whole-store export (checked: index.shelf.store_json) in one transaction; how many
        of each kind were new to the store."""
        from index.shelf.merge import merge

        return self._write(lambda c: merge(c, data, now_text()))

    # Read state and notes, per paper.

    def set_read(self, paper_id: str, read: bool) -> None:
        if read:
            self.mark_read([paper_id])
        else:
            self._write(lambda c: c.execute("DELETE FROM reads WHERE paper_id = ?", (paper_id,)))

    def mark_read(self, ids: Iterable[str]) -> int:
        """Mark the papers read; returns how many were unread before."""
        ids = list(ids)
        return self._write(lambda c: sql.mark_read(c, ids, now_text()))

    def is_read(self, paper_id: str) -> bool:
        return self._read(lambda c: bool(sql.column(c, sql.READ, paper_id)))

    def read_ids(self) -> frozenset[str]:
        return self._read(lambda c: frozenset(sql.column(c, "SELECT paper_id FROM reads")))

    def noted_ids(self) -> frozenset[str]:
        return self._read(lambda c: frozenset(sql.column(c, "SELECT paper_id FROM notes")))

    def note(self, paper_id: str) -> str:
        found = self._read(lambda c: sql.column(c, sql.NOTE, paper_id))
        return found[0] if found else ""

    def set_note(self, paper_id: str, text: str) -> None:
        """Save the note; blank text deletes it."""
        text = text.replace("\r\n", "\n")
        self._write(lambda c: sql.set_note(c, paper_id, text, now_text()))

    # Several papers at once (the reader's marked papers, the command line's several ids).

    def add_all(self, name: str, papers: Sequence[Paper]) -> int:
        """`add` for each paper, in one transaction; how many were not in the list before."""
        snapshots = [snapshot_of(paper) for paper in papers]
        now = now_text()

        def add(c: sqlite3.Connection) -> int:
            number = sql.list_id(c, name)
            return sum(sql.add(c, number, snapshot, now) for snapshot in snapshots)

        return self._write(add)

    def remove_all(self, name: str, paper_ids: Iterable[str]) -> int:
        """`remove` for each paper, in one transaction; how many were in the list."""
        ids = list(paper_ids)

        def remove(c: sqlite3.Connection) -> int:
            number = sql.list_id(c, name)
            return sum(sql.remove(c, number, paper_id) for paper_id in ids)

        return self._write(remove)

    def mark_unread(self, ids: Iterable[str]) -> int:
        """Mark the papers unread; returns how many were read before."""
        ids = [(paper_id,) for paper_id in ids]

        def unread(c: sqlite3.Connection) -> int:
            before = c.total_changes
            c.executemany("DELETE FROM reads WHERE paper_id = ?", ids)
            return c.total_changes - before

        return self._write(unread)

    # Undo (index.shelf.rows_sql, index.shelf.undo).

    def rows_of(
        self, ids: Sequence[str], *, read: bool = False, dismissed: bool = False, lists: Sequence[str] = ()
    ) -> ShelfRows:
        """The papers' rows in the parts a change is about to touch, to put back with `restore_rows`."""
        from index.shelf.rows_sql import capture

        return self._read(lambda c: capture(c, ids, read, dismissed, lists))

    def restore_rows(self, rows: ShelfRows) -> None:
        """Put back the rows `rows_of` read, in one transaction."""
        from index.shelf.rows_sql import restore

        self._write(lambda c: restore(c, rows))

    def data_version(self) -> int:
        """A number that changes whenever this or any other connection changed the file."""
        with self._lock:
            version = read(self._connection, self.path, lambda c: c.execute("PRAGMA data_version").fetchone()[0])
            if version != self._seen_version:  # other connections' commits
                self._seen_version = version
                self._changes += 1
            return self._changes
