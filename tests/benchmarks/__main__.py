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
from pathlib import Path

from tests.benchmarks import baselines, shelf, tantivy_engine
from tests.benchmarks.datasets import CORPORA, MISMATCHES, RESULTS, SizeFiles, ensure_corpora, files_for
from tests.benchmarks.report import SCALE, SizeResult, error_notes, markdown, mismatch_listing, rows
from tests.benchmarks.timing import percentile, timed
from tests.benchmarks.corpus import PAPERS_PER_FILE
from tests.benchmarks.meaning import planned
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
    MISMATCHES.write_text(mismatch_listing(results), encoding="utf-8")
    print(f"\nwritten to {RESULTS}; the searches with other totals in {MISMATCHES}", file=sys.stderr)


def bench_size(files: SizeFiles) -> SizeResult:
    _say(f"{files.papers:,} papers ({files.kind}): corpus in {files.corpus}")
    ensure_corpora(files)
    sources = [files.corpus]

    # papershelf first, so its search process runs while nothing else is in memory.
    _say("papershelf: full build")
    build = shelf.full_build(files.shelf, sources, files.papers)
    noop = shelf.no_op_sync(files.shelf, sources)
    _say(f"papershelf: full build {build:.1f} s, no-op sync {noop:.3f} s")
    _say("papershelf: open, query mix and typing stream, in a separate process")
    searched = shelf.search_process(files.shelf, sources, files.corpus)
    _say(f"papershelf: open {searched['open_seconds']:.3f} s, peak RSS {searched['peak_rss_mib']:.0f} MiB, "
         f"p95 by category (ms): {_p95s(searched['samples'])}")
    _say("papershelf: the kept prefix file, built as the reader's first start builds it")
    kept = shelf.kept_prefix_file(files.shelf, sources)
    _say(f"papershelf: kept prefix file {kept:.1f} s; the typing stream as the reader meets it, in a separate process")
    as_reader = shelf.search_process(files.shelf, sources, files.corpus, reader=True)
    searched["samples"].update(as_reader["samples"])
    searched["errors"] += as_reader["errors"]
    _say(f"papershelf: p95 by category (ms): {_p95s(as_reader['samples'])}")
    _say("papershelf: incremental add")
    add = shelf.incremental_add(files.shelf, [*sources, files.extra_file], PAPERS_PER_FILE)
    _say(f"papershelf: incremental add {add:.3f} s, data folder {_bytes(files.shelf) / 2**20:,.0f} MiB")

    _say("SQLite: parse and merge the listings into a plain table")
    parse, _ = timed(lambda: baselines.load(files.papers_db, sorted(files.corpus.glob("*.txt"))))
    words = baselines.whole_words(files.papers_db)
    _say("SQLite: build FTS5 and the LIKE table")
    fts_build = baselines.build(files.sqlite, files.papers_db)
    _say(f"SQLite: parse + merge {parse:.1f} s, FTS5 build {fts_build:.1f} s")
    _say("tantivy: build")
    tantivy_build = tantivy_engine.build(files.tantivy, baselines.papers(files.papers_db))
    _say(f"tantivy: build {tantivy_build:.1f} s")
    gc.collect()
    _say("SQLite: query mix and typing stream, FTS5 then LIKE")
    searches = query_mix(files.corpus) + typing_stream()
    fts, like = _sql_samples(files, searches, words)
    _say(f"FTS5: p95 by category (ms): {_p95s(fts)}")
    _say("tantivy: open, query mix and typing stream")
    tantivy_open, searcher = timed(lambda: tantivy_engine.TantivySearcher(files.tantivy, words))
    tantivy = measure(searches, searcher.search, planned)
    _say(f"tantivy: p95 by category (ms): {_p95s(tantivy)}")
    del searcher

    return SizeResult(
        files.papers, build, kept, parse, fts_build, tantivy_build, add, noop, searched["open_seconds"], tantivy_open,
        searched["peak_rss_mib"], searched["samples"], fts, tantivy, like, searched["errors"],
        {"papershelf": _bytes(files.shelf), "FTS5": files.sqlite.stat().st_size - _plain_bytes(files.sqlite),
         "tantivy": _bytes(files.tantivy)},
        _texts(searches),
    )


def _texts(searches: list) -> dict[str, list[str]]:
    """Each recorded search's text by category, in the order the samples are."""
    texts: dict[str, list[str]] = {}
    for search in searches:
        if not search.warmup:
            texts.setdefault(search.category, []).append(search.text)
    return texts


def _sql_samples(files: SizeFiles, searches: list, words) -> tuple[dict, dict]:
    searcher = baselines.SqlSearcher(files.sqlite, words)
    try:
        fts = measure(searches, searcher.fts, planned)
        if files.papers >= SCALE:  # a full scan per search: most of an hour at this size, and nothing to learn
            return fts, {category: [] for category in fts}
        return fts, measure(searches, searcher.like, planned)
    finally:
        searcher.close()


def _p95s(samples: dict) -> str:
    return ", ".join(f"{category} {percentile([s for s, _ in found], 0.95) * 1000:.1f}" for category, found in samples.items())


def _bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _plain_bytes(database: Path) -> int:
    """The LIKE scan's table's share of the baselines file: not part of FTS5's index."""
    connection = sqlite3.connect(database)
    try:
        row = connection.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'plain'").fetchone()
        return row[0] or 0
    except sqlite3.OperationalError:  # SQLite built without dbstat: count the whole file
        return 0
    finally:
        connection.close()


def _preamble() -> str:
    return (
        "# papershelf search benchmark\n\n"
        f"{time.strftime('%Y-%m-%d %H:%M')} · Python {platform.python_version()} · "
        f"SQLite {sqlite3.sqlite_version} · {os.cpu_count()} CPUs · {platform.platform()}\n\n"
        "Latencies are per search with a 50-result page and the total; FTS5 and tantivy also "
        "count their matches, the LIKE scan orders by date (it has no relevance). Every engine "
        "runs each search with papershelf's meaning (tests/benchmarks/meaning.py)."
    )


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
