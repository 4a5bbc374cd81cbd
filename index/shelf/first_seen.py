"""Keeping the store's first-seen times in step with the index (see index.shelf.morning).

Called wherever the store and a searcher are both open: after a sync on the command
line, and by the reader when its searcher opens or moves to a new index. A no-op
when the store already recorded this very index (one read of the store).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.shelf.store import ReadingStore
    from index.search.paper_searcher import PaperSearcher


def note_index(store: ReadingStore, searcher: PaperSearcher) -> int:
    """Record now as the first-seen time of every paper of the searcher's index the store has
    not seen before; how many. An open visit of the store takes it as a sign of life."""
    if store.first_seen_index() == searcher.identity:
        if store.visit is not None:
            store.record_first_seen((), index=searcher.identity)  # only the visit's sign of life
        return 0
    return store.record_first_seen(searcher.paper_ids(""), index=searcher.identity)
