"""Papers and worker processes for the reading-list tests (importable by spawned processes)."""

from __future__ import annotations

import sys
from pathlib import Path

from index.listings.dates import ListingDate, YearSource
from index.listings.entries import Organisation
from index.listings.papers import Appearance, Paper, paper_id
from index.shelf.store import ReadingStore


def make_paper(
    title: str,
    *,
    year: int | None = 2024,
    month: int = 11,
    day: int = 4,
    org: str | None = None,
    upvotes: int | None = None,
    authors: int | None = None,
    abstract: str | None = None,
) -> Paper:
    source = YearSource.SHOWN if year is not None else YearSource.UNKNOWN
    return Paper(
        id=paper_id(title),
        title=title,
        abstract=abstract if abstract is not None else f"An abstract about {title}.",
        authors=authors,
        organisation=Organisation(org.lower(), org) if org else None,
        published=ListingDate(month, day, year, source),
        upvotes=upvotes,
        appearances=(Appearance("listing.txt", ListingDate(month, day, year, source), 1),),
    )


def add_many(path: str, worker: int, count: int, start) -> None:
    """Add `count` papers to the default list, each its own transaction, once `start` is set."""
    start.wait()
    with ReadingStore.open(Path(path)) as store:
        for number in range(count):
            paper = make_paper(f"Paper {worker}-{number}")
            store.add("Bookmarks", paper)
            if number % 2:
                store.set_read(paper.id, True)


def open_when_told(path: str, start, outcomes) -> None:
    """Open the store once `start` is set; put "ok" or the error's name and message on `outcomes`."""
    start.wait()
    try:
        ReadingStore.open(Path(path)).close()
        outcomes.put("ok")
    except Exception as error:  # reported to the test, which names it
        outcomes.put(f"{type(error).__name__}: {error}")


def dismiss_many(path: str, worker: int, count: int, start) -> None:
    """First see, then dismiss `count` papers, each its own transaction, marking every other seen."""
    start.wait()
    with ReadingStore.open(Path(path)) as store:
        for number in range(count):
            paper_id = f"w{worker}n{number}"
            store.record_first_seen([paper_id])
            store.dismiss([paper_id])
            if number % 2:
                store.mark_seen(paper_id)


def dismiss_until_killed(path: str) -> None:
    """Dismiss papers forever, printing each id once its change has returned (been committed)."""
    with ReadingStore.open(Path(path)) as store:
        number = 0
        while True:
            paper_id = f"d{number:09d}"
            store.dismiss([paper_id])
            print(paper_id, flush=True)
            number += 1


def add_until_killed(path: str) -> None:
    """Add papers forever, printing each id once its change has returned (been committed)."""
    with ReadingStore.open(Path(path)) as store:
        number = 0
        while True:
            paper = make_paper(f"Durable {number}")
            store.add("Bookmarks", paper)
            store.set_note(paper.id, f"note {number}")
            print(paper.id, flush=True)
            number += 1


if __name__ == "__main__":
    (dismiss_until_killed if sys.argv[2:] == ["dismiss"] else add_until_killed)(sys.argv[1])
