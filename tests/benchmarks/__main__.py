"""papershelf's search benchmark: `python -m tests.benchmarks [--sizes N ...]`.

For each size: build papershelf's index and the SQLite baselines over the same
synthetic papers, time opening, the query mix and a typing stream, and print
the table (also written to bench-data/bench-results.md).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sqlite3
import sys
import time

from tests.benchmarks import baselines, shelf
from tests.benchmarks.datasets import CORPORA, RESULTS, SizeFiles, ensure_corpora, files_for
from tests.benchmarks.report import SizeResult, error_notes, markdown, rows
from tests.benchmarks.timing import timed
from tests.benchmarks.corpus import PAPERS_PER_FILE
from tests.benchmarks.workload import measure, query_mix, typing_stream


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], metavar="N",
                        help="numbers of papers to benchmark (default: 10000 100000)")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="standard",
                        help="the sample's words (standard) or a long-tailed lexicon (long-tail)")
    arguments = parser.parse_args()
    results = [bench_size(files_for(papers, arguments.corpus)) for papers in arguments.sizes]
    text = markdown([row for result in results for row in rows(result)])
    if notes := error_notes(results):
        text += "\n\n" + notes
    print(text, flush=True)
    RESULTS.write_text(f"{_preamble()}\n\n{text}\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS}", file=sys.stderr)


def bench_size(files: SizeFiles) -> SizeResult:
    _say(f"{files.papers:,} papers ({files.kind}): corpus in {files.corpus}")
    ensure_corpora(files)
    sources = [files.corpus]

    # papershelf first, so its search process runs while nothing else is in memory.
    _say("papershelf: full build")
    build = shelf.full_build(files.shelf, sources, files.papers)
    noop = shelf.no_op_sync(files.shelf, sources)
    _say("papershelf: open, query mix and typing stream, in a separate process")
    searched = shelf.search_process(files.shelf, sources, files.corpus)
    _say("papershelf: incremental add")
    add = shelf.incremental_add(files.shelf, [*sources, files.extra_file], PAPERS_PER_FILE)

    _say("SQLite: parse listings, build FTS5 and plain tables")
    parse, papers_rows = timed(lambda: baselines.load_rows(sorted(files.corpus.glob("*.txt"))))
    fts_build = baselines.build(files.sqlite, papers_rows)
    del papers_rows
    gc.collect()  # the parsed papers would otherwise sit in memory while timing queries
    _say("SQLite: query mix and typing stream, FTS5 then LIKE")
    fts, like = _sql_samples(files)

    return SizeResult(
        files.papers, build, parse, fts_build, add, noop, searched["open_seconds"],
        searched["peak_rss_mib"], searched["samples"], fts, like, searched["errors"],
    )


def _sql_samples(files: SizeFiles) -> tuple[dict, dict]:
    searches = query_mix(files.corpus) + typing_stream()
    searcher = baselines.SqlSearcher(files.sqlite)
    try:
        return measure(searches, searcher.fts), measure(searches, searcher.like)
    finally:
        searcher.close()


def _preamble() -> str:
    return (
        "# papershelf search benchmark\n\n"
        f"{time.strftime('%Y-%m-%d %H:%M')} · Python {platform.python_version()} · "
        f"SQLite {sqlite3.sqlite_version} · {os.cpu_count()} CPUs · {platform.platform()}\n\n"
        "Latencies are per search with a 50-result page and the total; FTS5 also counts "
        "its matches, the LIKE scan orders by date (it has no relevance)."
    )


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
