"""The papers marked on the main screen (space, `*`), for actions on all of them at once.

Kept by paper id, not by row, so the marks stay on their papers whatever the filter
and the sort show; a paper marked from its row keeps that row's Paper, so acting on a
few marked papers needs no index read. `*` marks by id alone (thousands of them): the
bulk action reads those papers from the index in its worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from index.listings.papers import Paper

MARK = "●"  # before a marked row's title


class MarkedPapers:
    def __init__(self) -> None:
        self._papers: dict[str, Paper | None] = {}  # in the order marked

    def __len__(self) -> int:
        return len(self._papers)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._papers

    @property
    def ids(self) -> list[str]:
        return list(self._papers)

    def toggle(self, paper: Paper) -> bool:
        """Mark the paper, or unmark it if it was; whether it is marked now."""
        if paper.id in self._papers:
            del self._papers[paper.id]
            return False
        self._papers[paper.id] = paper
        return True

    def mark_ids(self, paper_ids: Iterable[str]) -> int:
        """Mark these papers too; how many were not marked before."""
        before = len(self._papers)
        for paper_id in paper_ids:
            self._papers.setdefault(paper_id, None)
        return len(self._papers) - before

    def clear(self) -> int:
        """Unmark every paper; how many were marked."""
        count = len(self._papers)
        self._papers.clear()
        return count

    def copy(self) -> MarkedPapers:
        """The marks as they are now, for a worker (the screen goes on marking meanwhile)."""
        copied = MarkedPapers()
        copied._papers = dict(self._papers)
        return copied

    def papers(self, read_paper: Callable[[str], Paper | None]) -> list[Paper]:
        """The marked papers in the order marked; `read_paper(id)` reads those marked by id
        (an index read: from a worker). A paper the index no longer has is left out."""
        found = []
        for paper_id, paper in self._papers.items():
            if paper is None:
                paper = read_paper(paper_id)
            if paper is not None:
                found.append(paper)
        return found
