"""The views picker's counts: every view's total and new count in one call (index.shelf.view_counts.view_summaries).

`.venv/bin/python -m tests.benchmarks.views --papers 100000` builds (once, under bench-data/)
the benchmark's corpus of that size, records every paper as first seen, begins a visit
after which the last listing file's papers arrive (so they are new), saves 20 views of
every kind of query, and times view_summaries on a fresh searcher (the first call after
opening, postings read from disk) and again (warm), and on a fresh searcher after the reader's
open-searcher worker has counted the views in the background (index.shelf.view_counts.warm_counts, timed
too), median of the runs; then a digest of
the 20 views since the visit (index.export.digest, Markdown), on a fresh searcher. Targets at
100,000 papers: under 200 ms for the counts, under 2 s for the digest.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time

from index.export.digest import digest, to_markdown
from index.shelf.first_seen import note_index
from index.shelf.morning import precise_now, stamp_time
from index.library import Library
from index.locations import locations
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.sync.report import SyncOptions
from index.shelf.view_counts import view_summaries, warm_counts
from tests.benchmarks.datasets import ensure_corpora, files_for

VIEWS = (
    ("today", "listed:latest", "upvotes"), ("new", "is:new", None), ("new, unseen", "is:new -is:seen", "hot"),
    ("models", "model", None), ("language models", "language model", None), ("reasoning", "reasoning -survey", None),
    ("phrase", '"large language"', None), ("diffusion", "diffusion OR denoising", "date"),
    ("title", "title:learning", None), ("prefix", "reinforc*", None), ("upvoted", "upvotes:>=50", "upvotes"),
    ("recent", "date:>=2024-06", "date"), ("listed", "listed:2025-01..2025-03 model", None),
    ("bookmarked", "is:bookmarked", None), ("thesis", "list:thesis", None), ("unread", "is:unread model", None),
    ("dismissed", "is:dismissed", None), ("noted", "has:note", None), ("year", "year:2023 vision", None),
    ("everything", "", "date"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = files_for(args.papers)
    ensure_corpora(files)
    data = files.shelf.parent / "views"
    shutil.rmtree(data, ignore_errors=True)
    library = Library([files.corpus], locations(data), SyncOptions())
    library.sync()
    store = ReadingStore.open(ReadingStore.default_path(library.places))
    with library.open_searcher() as searcher:
        note_index(store, searcher)
        ids = searcher.paper_ids("")[:400]
        store.create_list("thesis")
        for paper_id in ids[:200]:
            store.add(DEFAULT_LIST if int(paper_id, 36) % 2 else "thesis", searcher.paper(paper_id))
        store.mark_read(ids[:100])
        store.dismiss(ids[200:300])
    store.begin_visit()
    store.end_visit()
    library = Library([files.corpus, files.extra], locations(data), SyncOptions())
    library.sync()
    store.begin_visit()
    for name, query, sort in VIEWS:
        store.save_view(name, query, sort)
    cold, warm, prewarming, prewarmed = [], [], [], []
    for _run in range(args.runs):
        with library.open_searcher() as searcher:
            note_index(store, searcher)
            papers = searcher.paper_count
            started = time.perf_counter()
            summaries = view_summaries(searcher, store)
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            view_summaries(searcher, store)
            warm.append(time.perf_counter() - started)
        with library.open_searcher() as searcher:  # as the reader opens it: warmed, then the views counted
            searcher.warm()
            note_index(store, searcher)
            started = time.perf_counter()
            warm_counts(lambda work: work(searcher), store)
            prewarming.append(time.perf_counter() - started)
            started = time.perf_counter()
            view_summaries(searcher, store)
            prewarmed.append(time.perf_counter() - started)
    digests = []
    for _run in range(args.runs):
        with library.open_searcher() as searcher:
            started = time.perf_counter()
            until = stamp_time(precise_now())
            sections = digest(searcher, store, None, store.visit.since, until)
            to_markdown(sections, store.visit.since, until)
            digests.append(time.perf_counter() - started)
    for summary in summaries:
        print(f"{summary.view.name:16} {summary.total!s:>8} {summary.new!s:>6} {summary.problem or ''}")
    print(f"{len(VIEWS)} views at {papers:,} papers: first call {statistics.median(cold) * 1000:.0f} ms, "
          f"again {statistics.median(warm) * 1000:.0f} ms (median of {args.runs}; target < 200 ms)")
    print(f"the reader's first v after its open-searcher worker counted the views in the background "
          f"({statistics.median(prewarming) * 1000:.0f} ms there): {statistics.median(prewarmed) * 1000:.0f} ms")
    papers_in = sum(len(section.papers) for section in sections)
    print(f"digest of {len(sections)} views ({papers_in:,} papers): {statistics.median(digests):.2f} s (target < 2 s)")
    store.close()


if __name__ == "__main__":
    main()
