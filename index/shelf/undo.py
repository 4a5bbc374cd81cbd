"""Undo of reading-list changes: the last few, in order, each put back exactly.

A plain class over the store, for any screen that changes reading lists: before a
change, read the rows it will touch (`ReadingStore.rows_of`); after it, `record` them
with a description; `undo` puts the latest back and gives its description. A bulk
change (twelve papers bookmarked at once) is one change, undone in one step.

    undo = UndoStack(store)
    undo.change("Bookmarked 3 papers", ids, lambda: ..., lists=[DEFAULT_LIST])
    undo.undo()  # -> "Bookmarked 3 papers"; the store holds what it held before
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from index.shelf.rows_sql import ShelfRows

if TYPE_CHECKING:
    from index.shelf.store import ReadingStore

DEPTH = 10  # changes kept: the "the last ten"
_T = TypeVar("_T")


@dataclass(frozen=True)
class Change:
    """One change as it can be undone: what it did, in words, and the rows it touched, before."""

    description: str  # "Bookmarked 3 papers"
    before: ShelfRows
    subject: str | None = None  # the paper to select again once undone, where a screen shows one


class UndoStack:
    def __init__(self, store: ReadingStore, depth: int = DEPTH) -> None:
        self.store = store
        self._changes: deque[Change] = deque(maxlen=depth)  # the oldest falls off the bottom

    def __len__(self) -> int:
        return len(self._changes)

    def record(self, change: Change) -> None:
        self._changes.append(change)

    def change(
        self, description: str, ids: Sequence[str], work: Callable[[], _T], *,
        read: bool = False, dismissed: bool = False, lists: Sequence[str] = (), subject: str | None = None,
    ) -> _T:
        """Run `work` (the change to the papers `ids`, in the parts named) and record it.
        A change that raises is not recorded."""
        before = self.store.rows_of(ids, read=read, dismissed=dismissed, lists=lists)
        result = work()
        self.record(Change(description, before, subject))
        return result

    def undo(self) -> str | None:
        """Put back the latest change; its description, or None when there is nothing to undo.
        A StoreError leaves the change on the stack, to try again."""
        change = self.undo_change()
        return change.description if change is not None else None

    def undo_change(self) -> Change | None:
        """Put back the latest change and give it (undo, with the change's paper), or None."""
        if not self._changes:
            return None
        change = self._changes[-1]
        self.store.restore_rows(change.before)
        self._changes.pop()
        return change
