"""A few thousand papers with a long-tailed lexicon, indexed as a reader's index grows.

The papers of tests/benchmarks/long_tail.py: the sample's words and tens of thousands
of made-up ones, Zipf-distributed, so that a three-letter prefix has hundreds of
words. Indexed in two syncs, the second adding a listing file and changing
another, so the index has several segments and deleted documents; it holds its
prefix file (a sync builds it for an index this small).
"""

from __future__ import annotations

from pathlib import Path

from index.library import Library
from index.locations import locations
from index.sync.report import SyncOptions
from tests.benchmarks.corpus import PAPERS_PER_FILE, write_corpus
from tests.benchmarks.long_tail import LongTailWriter

PAPERS = 3000
SEED = 23


def build_long_tail_library(folder: Path) -> Library:
    listings = folder / "listings"
    files = write_corpus(listings, PAPERS, SEED, writer_class=LongTailWriter)
    library = Library([listings], locations(folder / "data"), SyncOptions(procs=1))
    library.sync()
    write_corpus(listings, PAPERS_PER_FILE, SEED, first_file=len(files), writer_class=LongTailWriter)
    # A changed file's papers are deleted and written again in a new segment.
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    library.sync()
    return library
