"""What the reading-list store gives back: list summaries and saved papers.

A saved paper carries a snapshot of the paper taken when it was saved, so a
list shows its papers after their listing files are gone or the index was rebuilt.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field

from index.listings.links import abstract_links
from index.listings.papers import Paper


@dataclass(frozen=True)
class ListSummary:
    name: str
    created: str  # ISO 8601, UTC
    count: int
    unread: int


@dataclass(frozen=True)
class SavedPaper:
    id: str
    title: str
    abstract: str
    published: str  # the date the list shows (published, else first listed): "Nov 4, 2024" or "Nov 4"; "" if none
    published_iso: str | None  # YYYY-MM-DD, None when the year is unknown
    upvotes: int | None
    organisation: str | None  # the organisation's name
    authors: int | None
    links: list[str] = field(default_factory=list)
    position: int = 0  # 1-based place in its list
    added_at: str = ""
    read_at: str | None = None
    note: str = ""
    # The listings it appeared in (dates, or file names where undated), as the index has them
    # when it is exported: not stored with the list, whose snapshot predates later listings.
    listings: tuple[str, ...] = ()

    @property
    def read(self) -> bool:
        return self.read_at is not None


def listings_of(paper: Paper) -> tuple[str, ...]:
    """The listings a paper appeared in, oldest first as the index holds them: each by its date
    (YYYY-MM-DD, or "Mar 11" when the year is not shown), else its file's name; each once."""
    names = (a.listing_date.iso() or a.listing_date.display() if a.listing_date else a.file for a in paper.appearances)
    return tuple(dict.fromkeys(names))


SNAPSHOT_COLUMNS = (
    "id", "title", "abstract", "published", "published_iso", "upvotes", "organisation", "authors", "links",
)


def snapshot_of(paper: Paper) -> tuple:
    """The paper's snapshot row, in SNAPSHOT_COLUMNS order."""
    date = paper.date
    return (
        paper.id,
        paper.title,
        paper.abstract,
        date.display() if date else "",
        date.iso() if date else None,
        paper.upvotes,
        paper.organisation.name if paper.organisation else None,
        paper.authors,
        json.dumps(abstract_links(paper.abstract)),
    )


def snapshot_of_saved(saved: SavedPaper) -> tuple:
    """A SavedPaper's snapshot row (for import), in SNAPSHOT_COLUMNS order."""
    values = [getattr(saved, name) for name in SNAPSHOT_COLUMNS]
    values[-1] = json.dumps(list(saved.links))
    return tuple(values)


def saved_from_row(row: tuple, position: int) -> SavedPaper:
    """From SNAPSHOT_COLUMNS followed by added_at, read_at, note."""
    *snapshot, added_at, read_at, note = row
    values = dict(zip(SNAPSHOT_COLUMNS, snapshot, strict=True))
    values["links"] = _stored_links(values["links"])
    return SavedPaper(**values, position=position, added_at=added_at, read_at=read_at, note=note or "")


def _stored_links(text: object) -> list[str]:
    """The links kept with a saved paper; none from a value something else wrote that is not a
    JSON list of strings (the paper is kept: its links are a copy of the listing's)."""
    try:
        links = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return []
    return [link for link in links if isinstance(link, str)] if isinstance(links, list) else []


def listings_in(searcher, paper_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """listings_of each paper the searcher's index holds (one gone from the listings has none)."""
    return {paper_id: listings_of(searcher.paper(paper_id)) for paper_id in searcher.known(paper_ids)}


def saved_from_paper(paper: Paper) -> SavedPaper:
    """A paper as the store would hold it, not yet in any list (for a one-off export), with its listings."""
    saved = saved_from_row((*snapshot_of(paper), "", None, ""), position=1)
    return dataclasses.replace(saved, listings=listings_of(paper))


def paper_from_saved(saved: SavedPaper) -> Paper:
    """A saved paper as the reader's panes show a paper, from its snapshot alone (its listing
    files may be gone): the date as the list shows it, no appearances."""
    from index.listings.dates import parse_date_line
    from index.listings.entries import Organisation

    shown = parse_date_line(saved.published) if saved.published else None
    organisation = Organisation(saved.organisation, saved.organisation) if saved.organisation else None
    return Paper(
        id=saved.id, title=saved.title, abstract=saved.abstract, authors=saved.authors, organisation=organisation,
        published=shown.date if shown else None, upvotes=saved.upvotes, appearances=(),
    )
