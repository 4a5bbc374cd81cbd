"""Papers: the entries of all listings merged, one record per normalised title."""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from index.listings.dates import ListingDate, YearSource
from index.listings.entries import Entry, Organisation

PAPER_ID_LENGTH = 10  # base32 characters: 50 bits, collision-free in practice at millions of papers




@dataclass(frozen=True, slots=True)
class Appearance:
    """One listing a paper appeared in."""

    file: str
    listing_date: ListingDate | None
    line: int
    upvotes: int | None = None  # the count this listing showed (None: none shown): see index.listings.rising


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    abstract: str
    authors: int | None
    organisation: Organisation | None
    published: ListingDate | None
    upvotes: int | None
    appearances: tuple[Appearance, ...]

    @property
    def first_listed(self) -> ListingDate | None:
        dates = [a.listing_date for a in self.appearances if a.listing_date is not None]
        return min(dates, key=lambda d: d.sort_key(0)) if dates else None

    @property
    def date(self) -> ListingDate | None:
        """The date the list shows: published, else the first listing it appeared in."""
        return self.published or self.first_listed


def normalise_title(title: str) -> str:
    """Unicode-normalised, case- and whitespace-insensitive identity of a title."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def paper_id(title: str) -> str:
    """A short id derived only from the normalised title: stable across runs and machines."""
    import hashlib  # only sync makes ids; the reader's start does without it

    digest = hashlib.sha256(normalise_title(title).encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:PAPER_ID_LENGTH]


def merge_entries(entries: Iterable[Entry], fallback_year: int) -> list[Paper]:
    """One paper per normalised title, keeping the richest metadata seen.

    Entries are applied oldest listing first, so the newest listing's title
    spelling and abstract win, and a field only some listings show is kept.
    """
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(paper_id(entry.title), []).append(entry)
    return [_merge_group(group, fallback_year) for group in groups.values()]


def listing_order(entry: Entry, fallback_year: int) -> tuple[int, str, int]:
    listed = entry.listing_date.sort_key(fallback_year) if entry.listing_date else 0
    return (listed, entry.file, entry.line)


def _merge_group(group: list[Entry], fallback_year: int) -> Paper:
    group = sorted(group, key=lambda entry: listing_order(entry, fallback_year))
    newest = group[-1]
    return Paper(
        id=paper_id(newest.title),
        title=newest.title,
        abstract=newest.abstract,
        authors=_newest_known(entry.authors for entry in group),
        organisation=_newest_known(entry.organisation for entry in group),
        published=_newest_known(entry.published for entry in group),
        upvotes=_newest_known(entry.upvotes for entry in group),
        appearances=tuple(Appearance(e.file, e.listing_date, e.line, e.upvotes) for e in group),
    )


_T = TypeVar("_T")


def _newest_known(values: Iterable[_T | None]) -> _T | None:
    known = None
    for value in values:
        if value is not None:
            known = value
    return known


# Plain-data form of a paper, for storage in the index and JSON output.


def date_to_record(date: ListingDate | None) -> list | None:
    return None if date is None else [date.month, date.day, date.year, date.year_source.value]


def date_from_record(data: list | None) -> ListingDate | None:
    if data is None:
        return None
    month, day, year, source = data
    return ListingDate(month, day, year, YearSource(source))


def paper_to_record(paper: Paper) -> dict:
    org = paper.organisation
    return {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": paper.authors,
        "org": None if org is None else [org.handle, org.name],
        "published": date_to_record(paper.published),
        "upvotes": paper.upvotes,
        "appearances": [[a.file, date_to_record(a.listing_date), a.line, a.upvotes] for a in paper.appearances],
    }


def paper_from_record(data: dict) -> Paper:
    org = data["org"]
    return Paper(
        id=data["id"],
        title=data["title"],
        abstract=data["abstract"],
        authors=data["authors"],
        organisation=None if org is None else Organisation(*org),
        published=date_from_record(data["published"]),
        upvotes=data["upvotes"],
        appearances=tuple(Appearance(f, date_from_record(d), line, *votes) for f, d, line, *votes in data["appearances"]),
    )
