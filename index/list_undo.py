"""The last changes to a reading list, undone newest first: remove, move, read state.

A plain class that knows nothing of screens or of the store: each change brings
the function that takes it back, so another screen's changes (the main
screen's bookmarks) can share one history later.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

MOST_KEPT = 10  # the "last ten": older changes are forgotten


@dataclass(frozen=True, slots=True)
class Change:
    done: str  # what was done, as the user was told ("Removed from Bookmarks: ...")
    undo: Callable[[], object]  # takes it back; may raise the store's errors
    subject: str | None = None  # the paper it concerns, to select again once undone


class UndoHistory:
    def __init__(self, most: int = MOST_KEPT) -> None:
        self._changes: deque[Change] = deque(maxlen=most)

    def __len__(self) -> int:
        return len(self._changes)

    def record(self, done: str, undo: Callable[[], object], subject: str | None = None) -> None:
        self._changes.append(Change(done, undo, subject))

    def undo_last(self) -> Change | None:
        """Take back the newest change and give it, or None when there is none left.
        A change whose undo raises is dropped all the same: trying it again would fail again."""
        if not self._changes:
            return None
        change = self._changes.pop()
        change.undo()
        return change
