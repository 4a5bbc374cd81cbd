"""Search results as the reader's widgets consume them, fetched by position on demand.

The searcher is not thread-safe and is used both by the search worker and by
the list as it scrolls, so every call goes through one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.papers import Paper
from index.search_page import SearchPage, Similar

if TYPE_CHECKING:
    from index.search import Searcher

PAGE = 50  # rows fetched at a time as the list scrolls: about a tall screen


@dataclass(frozen=True)
class ResultSet:
    """One query's results: the first page, and the means to fetch any other."""

    page: SearchPage
    source: LockedSearcher
    within: frozenset[str] | None = None  # the reading-list terms' id sets, for later pages
    without: frozenset[str] | None = None

    @property
    def total(self) -> int:
        return self.page.total

    def rows(self, offset: int, limit: int) -> list[Paper]:
        first = self.page
        if first.offset <= offset and offset + limit <= first.offset + len(first.hits):
            start = offset - first.offset
            return [hit.paper for hit in first.hits[start : start + limit]]
        later = self.source.search(
            first.query, first.sort, first.reverse, offset, limit, typing=True, within=self.within, without=self.without
        )
        return [hit.paper for hit in later.hits]

    def first_page_row(self, paper_id: str) -> int | None:
        """The paper's row when it is on the first page (no search needed), else None."""
        return next((index for index, hit in enumerate(self.page.hits) if hit.paper.id == paper_id), None)

    def locate(self, paper_id: str) -> Located | None:
        """Where the paper is among these results, with the rows of its page: a search
        or two, for a worker thread. None when it is not among them."""
        row = self.first_page_row(paper_id)
        if row is None:
            row = self.source.position(self.page, paper_id, typing=True, within=self.within, without=self.without)
        if row is None:
            return None
        number = row // PAGE
        return Located(paper_id, row, {number: self.rows(number * PAGE, PAGE)} if number else {})


@dataclass(frozen=True)
class Located:
    """A paper's row among a ResultSet's, and the pages fetched to show it (by page number)."""

    paper_id: str
    row: int
    pages: dict[int, list[Paper]]


class LockedSearcher:
    """The searcher, opened on first use: opening it imports Whoosh and reads
    the index, which the first frame can do without (see index.first_page)."""

    def __init__(self, opener: Callable[[], Searcher]) -> None:
        self._opener = opener
        self._searcher: Searcher | None = None
        self._warmed = False
        self._lock = threading.Lock()

    def _opened(self) -> Searcher:
        # Called with the lock held.
        if self._searcher is None:
            self._searcher = self._opener()
        return self._searcher

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

    def replace(self, searcher: Searcher) -> None:
        with self._lock:
            old, self._searcher = self._searcher, searcher
        if old is not None:
            old.close()

    def search(self, *args, **kwargs) -> SearchPage:
        with self._lock:
            return self._opened().search(*args, **kwargs)

    def results(
        self, text: str, sort: str | None, reverse: bool,
        within: frozenset[str] | None = None, without: frozenset[str] | None = None,
    ) -> ResultSet:
        page = self.search(text, sort, reverse, 0, PAGE, typing=True, within=within, without=without)
        return ResultSet(page, self, within, without)

    def position(self, *args, **kwargs) -> int | None:
        with self._lock:
            return self._opened().position(*args, **kwargs)

    def highlights(self, paper: Paper, terms: dict[str, set[str]]):
        if not any(terms.values()):
            return [], []  # nothing to highlight: no need to open the searcher for it
        with self._lock:
            return self._opened().highlights(paper, terms)

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()

    def suggest(self, text: str) -> str | None:
        with self._lock:
            return self._opened().suggest(text)

    def similar(self, paper_id: str) -> Similar:
        with self._lock:
            return self._opened().similar(paper_id)

    def paper(self, paper_id: str) -> Paper:
        with self._lock:
            return self._opened().paper(paper_id)
