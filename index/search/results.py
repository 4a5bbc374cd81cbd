"""What a search returns: plain values the CLI and the reader show.

Apart from index.search.paper_searcher so that holding them (the reader does before its
first frame) costs no import of Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from index.listings.papers import Paper

SORTS = ("relevance", "date", "upvotes", "hot", "title", "rising")


@dataclass(frozen=True, slots=True)
class Hit:
    paper: Paper
    score: float | None  # None when the order is not by relevance or taste
    # By a for-you sort: the words of the taste that placed the paper, for and against it
    # (see index.search.for_you); None by the other sorts.
    because: tuple[str, ...] | None = None
    against: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    sort: str
    reverse: bool
    total: int
    offset: int
    hits: list[Hit]
    suggestion: str | None = None  # "did you mean", only when nothing matched
    terms: dict[str, set[str]] = field(default_factory=dict)  # matched index terms, for highlights
    hidden: int = 0  # matches left out by the mute list (see PaperSearcher.mute)


@dataclass(frozen=True, slots=True)
class Similar:
    hits: list[Hit]
    key_terms: list[str]  # the words the likeness was judged on

    @property
    def as_query(self) -> str:
        """The key terms as a filter query the user can edit."""
        return " OR ".join(self.key_terms)
