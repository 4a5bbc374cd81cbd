"""Search results as the reader's widgets consume them: the first page at hand, any
other page fetched by position, in a worker.

Every method that may search says so ("a search: for a worker thread"); the UI
thread only reads what is already fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from index.search.for_you import Taste
from index.listings.papers import Paper
from index.search.results import Hit, SearchPage
from tui.shared_searcher import SharedSearcher

PAGE = 50  # rows fetched at a time as the list scrolls: about a tall screen


@dataclass(frozen=True)
class ResultSet:
    """One query's results: the first page, and the means to fetch any other."""

    page: SearchPage
    source: SharedSearcher
    within: frozenset[str] | None = None  # the reading-list terms' id sets, for later pages
    without: frozenset[str] | None = None
    taste: Taste | None = None  # what a for-you sort ranks by
    # By a for-you sort: each fetched hit's words for and against, by paper id (rows are papers).
    reasons: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self._note_reasons(self.page.hits)

    @classmethod
    def search(
        cls, source: SharedSearcher, text: str, sort: str | None, reverse: bool,
        within: frozenset[str] | None = None, without: frozenset[str] | None = None, taste: Taste | None = None,
    ) -> ResultSet:
        """The results of `text` as the reader's filter reads it (the last word being typed):
        a search, for a worker thread."""
        page = source.search(text, sort, reverse, 0, PAGE, typing=True, within=within, without=without, taste=taste)
        return cls(page, source, within, without, taste)

    def _note_reasons(self, hits: list[Hit]) -> None:
        for hit in hits:
            if hit.because is not None:
                self.reasons[hit.paper.id] = (hit.because, hit.against or ())

    def reason(self, paper_id: str) -> str:
        """Why a for-you sort placed the paper ("for thesis because: lean, prover; against:
        survey"), once its row was fetched; "" by the other sorts."""
        found = self.reasons.get(paper_id)
        if self.taste is None or found is None:
            return ""
        because, against = found
        text = f"{self.taste.label} because: {', '.join(because) or 'nothing in particular'}"
        return text + (f"; against: {', '.join(against)}" if against else "")

    @property
    def total(self) -> int:
        return self.page.total

    def first_pages(self) -> dict[int, list[Paper]]:
        """The pages at hand without a search, by page number: those the first search's
        hits fill (the start page kept beside the index holds two)."""
        papers = [hit.paper for hit in self.page.hits] if self.page.offset == 0 else []
        pages = {number: papers[number * PAGE : (number + 1) * PAGE] for number in range(-(-len(papers) // PAGE))}
        complete = {n: rows for n, rows in pages.items() if len(rows) == PAGE or n * PAGE + len(rows) == self.total}
        return complete or {0: []}

    def rows(self, offset: int, limit: int) -> list[Paper]:
        """The papers at offset..offset+limit: a search, for a worker thread (but on the first page)."""
        first = self.page
        if first.offset <= offset and offset + limit <= first.offset + len(first.hits):
            start = offset - first.offset
            return [hit.paper for hit in first.hits[start : start + limit]]
        later = self.source.search(
            first.query, first.sort, first.reverse, offset, limit, typing=True, within=self.within, without=self.without,
            taste=self.taste,
        )
        self._note_reasons(later.hits)
        return [hit.paper for hit in later.hits]

    def page_rows(self, number: int) -> list[Paper]:
        """Page `number`'s papers: a search, for a worker thread."""
        return self.rows(number * PAGE, PAGE)

    def paper_ids(self) -> list[str]:
        """Every paper's id, in no order: a search, for a worker thread."""
        first = self.page
        return self.source.paper_ids(first.query, typing=True, within=self.within, without=self.without)

    def first_page_row(self, paper_id: str) -> int | None:
        """The paper's row when it is on the first page (no search needed), else None."""
        return next((index for index, hit in enumerate(self.page.hits) if hit.paper.id == paper_id), None)

    def locate(self, paper_id: str) -> Located | None:
        """Where the paper is among these results, with the rows of its page: a search
        or two, for a worker thread. None when it is not among them."""
        row = self.first_page_row(paper_id)
        if row is None:
            row = self.source.position(
                self.page, paper_id, typing=True, within=self.within, without=self.without, taste=self.taste,
            )
        if row is None:
            return None
        number = row // PAGE
        return Located(paper_id, row, {number: self.page_rows(number)} if number else {})

    def find(self, start: int, step: int, wanted: Callable[[Paper], bool]) -> Located | None:
        """The first row from `start` on (walking by `step`, 1 or -1) whose paper is `wanted`,
        with its page: searches, for a worker thread."""
        for row, paper, page in self._walk(start, step):
            if wanted(paper):
                return Located(paper.id, row, {row // PAGE: page})
        return None

    def _walk(self, start: int, step: int) -> Iterator[tuple[int, Paper, list[Paper]]]:
        row = start
        while 0 <= row < self.total:
            number = row // PAGE
            page = self.page_rows(number)
            while 0 <= row < self.total and row // PAGE == number:
                index = row - number * PAGE
                if index >= len(page):
                    return  # the results changed under us: the page is shorter than it was
                yield row, page[index], page
                row += step


@dataclass(frozen=True)
class Located:
    """A paper's row among a ResultSet's, and the pages fetched to show it (by page number)."""

    paper_id: str
    row: int
    pages: dict[int, list[Paper]]
