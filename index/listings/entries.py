"""What a listing file holds, as values: its entries (one paper as one listing showed it),
and the file read whole. The parser (listing.py) makes them; papers.py merges entries into papers."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.listings.dates import ListingDate, YearSource
from index.listings.problems import Problem


@dataclass(frozen=True, slots=True)
class Organisation:
    handle: str
    name: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper as one listing showed it."""

    title: str
    abstract: str
    authors: int | None
    organisation: Organisation | None
    published: ListingDate | None
    upvotes: int | None
    listing_date: ListingDate | None
    file: str
    line: int  # the title's line, 1-based


@dataclass(slots=True)
class ParsedListing:
    path: str
    listing_date: ListingDate | None = None
    capture_year: int | None = None
    year_source: YearSource = YearSource.UNKNOWN
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
