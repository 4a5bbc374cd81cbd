"""The one searcher the whole reader shares, for its worker threads.

What it adds to index.search.paper_searcher.PaperSearcher: it opens on first use (opening imports
Whoosh and reads the index, which the first frame does without: see
index.sync.first_page), every call holds one lock (a PaperSearcher is not thread-safe),
and a sync can swap in a searcher on a newer index while the reader runs.
Only workers call it: the UI thread never waits on the index or on this lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from index.listings.papers import Paper
from index.search.results import SearchPage, Similar

if TYPE_CHECKING:
    from index.search.paper_searcher import PaperSearcher


class SharedSearcher:
    def __init__(self, opener: Callable[[], PaperSearcher]) -> None:
        self._opener = opener
        self._searcher: PaperSearcher | None = None
        self._warmed = False
        self._lock = threading.Lock()
        self._mute: tuple[str, ...] | None = None  # None: what the opener gives (the library's)
        self._show_muted = False

    def _opened(self) -> PaperSearcher:
        # Called with the lock held.
        if self._searcher is None:
            self._searcher = self._taking_mute(self._opener())
        return self._searcher

    def _taking_mute(self, searcher: PaperSearcher) -> PaperSearcher:
        """The mute list and its show-anyway state carry over to a searcher on a newer index."""
        if self._mute is not None and searcher.muted_terms != self._mute:
            searcher.mute(self._mute)
        if searcher.show_muted != self._show_muted:
            searcher.show_muted = self._show_muted
        return searcher

    @property
    def mute_terms(self) -> tuple[str, ...]:
        with self._lock:
            return self._opened().muted_terms

    @property
    def muted_shown(self) -> bool:
        return self._show_muted

    def set_mute(self, terms: tuple[str, ...]) -> None:
        with self._lock:
            self._mute = tuple(terms)
            self._taking_mute(self._opened())

    def set_show_muted(self, shown: bool) -> None:
        with self._lock:
            self._show_muted = shown
            self._taking_mute(self._opened())

    @property
    def warmed(self) -> bool:
        """Whether open() has run: the searcher is open and the start order read."""
        return self._warmed

    def open(self) -> None:
        """Open and warm it now, so that the first key or `G` finds what it needs in
        memory (a worker does this right after the first frame)."""
        with self._lock:
            self._opened().warm()
            self._warmed = True

    def replace(self, searcher: PaperSearcher) -> None:
        with self._lock:
            old, self._searcher = self._searcher, self._taking_mute(searcher)
        if old is not None:
            old.close()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()

    def search(self, *args, **kwargs) -> SearchPage:
        with self._lock:
            return self._opened().search(*args, **kwargs)

    def position(self, *args, **kwargs) -> int | None:
        with self._lock:
            return self._opened().position(*args, **kwargs)

    def with_searcher(self, work):
        """`work(searcher)` with the searcher to itself: for the index layer's functions that
        take a PaperSearcher (views' counts, first-seen notes). Called from workers."""
        with self._lock:
            return work(self._opened())

    def paper_ids(self, *args, **kwargs) -> list[str]:
        with self._lock:
            return self._opened().paper_ids(*args, **kwargs)

    def suggest(self, text: str) -> str | None:
        with self._lock:
            return self._opened().suggest(text)

    def similar(self, paper_id: str) -> Similar:
        with self._lock:
            return self._opened().similar(paper_id)

    def paper(self, paper_id: str) -> Paper:
        with self._lock:
            return self._opened().paper(paper_id)

    def known(self, paper_ids: list[str]) -> set[str]:
        """Which of the ids the index holds."""
        with self._lock:
            return self._opened().known(paper_ids)
