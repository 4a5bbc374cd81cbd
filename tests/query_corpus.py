"""A corpus bigger than the sample for the query fuzzers, and reading-list stores in several states.

The listings: the built-in sample, a few thousand generated papers (the
benchmarks' generator: the sample's words, year-less dates in files that show
years elsewhere), and the hostile listing (control characters, wide and
combining text, a 900-letter word in titles and abstracts).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from index.library import Library
from index.locations import locations, sample_listings
from index.listings.papers import Paper
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.sync.report import SyncOptions
from tests.benchmarks.corpus import write_corpus
from tests.fuzz_budget import scale
from tests.hostile_text import hostile_listing
from tests.reading_papers import make_paper

GENERATED_PAPERS = 2000
STORE_STATES = ("empty", "some read", "listing gone")


def build_query_library(folder: Path) -> Library:
    """The corpus's library, indexed. PAPERSHELF_FUZZ=N makes the generated part up to 5x bigger."""
    listings = folder / "listings"
    shutil.copytree(sample_listings(), listings, ignore=shutil.ignore_patterns("__*"))
    write_corpus(listings / "generated", GENERATED_PAPERS * min(scale(), 5))
    (listings / "hostile.txt").write_text(hostile_listing(), encoding="utf-8")
    library = Library([listings, listings / "generated"], locations(folder / "data"), SyncOptions())
    library.sync()
    return library


def with_store(library: Library, folder: Path, state: str) -> Library:
    """The same index under other data and config folders, whose reading lists are in `state`."""
    places = replace(library.places, config_dir=folder / "config", data_dir=folder / "data")
    with library.open_searcher() as searcher:
        papers = [hit.paper for hit in searcher.search("", limit=60).hits]
    fill_store(ReadingStore.default_path(places), state, papers)
    return Library(library.sources, places, library.options)


def fill_store(path: Path, state: str, papers: list[Paper]) -> None:
    """A reading-list store at `path` in one of STORE_STATES, over some of the index's `papers`.

    "listing gone": lists, notes and read marks of papers the index no longer has
    (their listing files were removed), beside a few it still has.
    """
    with ReadingStore.open(path) as store:
        if state == "empty":
            return
        store.create_list("to read")
        store.create_list("gone")
        if state == "some read":
            for number, paper in enumerate(papers[:40]):
                store.set_read(paper.id, number % 2 == 0)
                if number % 4 == 1:
                    store.add("to read" if number % 8 == 1 else DEFAULT_LIST, paper)
            store.set_note(papers[1].id, "look at table 2")
            return
        for number in range(30):
            lost = make_paper(f"A paper whose listing file is gone {number}")
            store.add("gone", lost)
            store.add(DEFAULT_LIST, lost)
            store.set_read(lost.id, number % 3 == 0)
            store.set_note(lost.id, f"note {number}")
        for paper in papers[:5]:
            store.add("gone", paper)
