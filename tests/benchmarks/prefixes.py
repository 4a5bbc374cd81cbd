"""Prefixes at one size: exact counts against Whoosh, the typing stream against FTS5, ranked prefixes.

Usage: python -m tests.benchmarks.prefixes [--sizes N ...] [--corpus standard|long-tail] [--prefixes P ...]

Reuses the corpus, papershelf's index and the FTS5 table under bench-data/ when they
are there (the full benchmark rebuilds them); builds the kept prefix file as the
reader does for a big index, timed, and then, in this one process:
- for each prefix, the papers papershelf finds typed (`pre`) and finished (`pre*`),
  and what Whoosh's own searcher finds with a Prefix query of each text field on
  the same index (plus the stems of whole title words, as papershelf's prefixes take);
- the typing stream of the benchmark (every keystroke of its queries), papershelf
  then FTS5 on the same keystrokes: p50 / p95 and the median of the totals;
- each `prefix*` ranked, first and again.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from whoosh.query import Or, Prefix, Term

from index.engine.prefix_bits import holds_for, kept_file
from index.engine.prefix_process import _build
from index.library import Library
from index.locations import locations
from index.search.paper_searcher import PaperSearcher
from index.sync.report import WHOOSH_FOLDER, SyncOptions
from tests.benchmarks import baselines
from tests.benchmarks.datasets import CORPORA, ensure_corpora, files_for
from tests.benchmarks.search_process import run
from tests.benchmarks.timing import median, percentile, timed
from tests.benchmarks.meaning import planned
from tests.benchmarks.workload import LIMIT, measure, typing_stream

PREFIXES = ("sha", "gre", "pla", "pre", "con", "neu", "the")
STEMMED_FIELDS = ("title", "abstract")  # as in index.engine.query: spelled out, to run on older code too
WHOLE_WORDS = "spell"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.prefixes", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000], metavar="N")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="long-tail")
    parser.add_argument("--prefixes", nargs="+", default=list(PREFIXES))
    parser.add_argument("--shelf", type=Path, metavar="DIR",
                        help="papershelf's data dir (default: the benchmark's), to compare another version's")
    arguments = parser.parse_args()
    for papers in arguments.sizes:
        bench(papers, arguments.corpus, arguments.prefixes, arguments.shelf)


def bench(papers: int, kind: str, prefixes: list[str], shelf: Path | None = None) -> None:
    files = files_for(papers, kind)
    ensure_corpora(files)
    library = Library([files.corpus], locations(shelf or files.shelf), SyncOptions())
    seconds, report = timed(library.sync)
    print(f"## {papers:,} papers, {kind} corpus\n\nsync: {seconds:.1f} s ({'built' if report.rebuild_reason else 'reused'})")
    folder = library.home.current() / WHOOSH_FOLDER
    if not holds_for(folder):
        seconds, _ = timed(lambda: _build(folder))
        print(f"prefix file built in {seconds:.1f} s, as the reader's background process does")
    print(f"prefix file: {kept_file(folder).stat().st_size / 1e6:.1f} MB, index: {_size(folder) / 1e6:.0f} MB\n")
    if not files.papers_db.exists():
        baselines.load(files.papers_db, sorted(files.corpus.glob("*.txt")))
        baselines.build(files.sqlite, files.papers_db)
    with library.open_searcher() as searcher:
        searcher.warm()
        counts(searcher, prefixes)
        typing(searcher, files.sqlite)
        ranked(searcher, prefixes)


def counts(searcher: PaperSearcher, prefixes: list[str]) -> None:
    print("| prefix | papershelf typed | papershelf finished | Whoosh exact | missing |\n|---|---:|---:|---:|---:|")
    for prefix in prefixes:
        typed = searcher.search(prefix, limit=LIMIT, typing=True).total
        finished = searcher.search(f"{prefix}*", limit=LIMIT).total
        exact = len(whoosh_prefix_documents(searcher, prefix))
        print(f"| `{prefix}` | {typed:,} | {finished:,} | {exact:,} | {exact - finished:,} |")
    print()


def whoosh_prefix_documents(searcher: PaperSearcher, prefix: str) -> set[int]:
    """What Whoosh's own searcher finds for `prefix*` in the title and abstract: its Prefix
    query of each field, and the stems of the whole title words starting with the prefix."""
    whoosh = searcher._engine._searcher
    reader = whoosh.reader()
    clauses = []
    for field in STEMMED_FIELDS:
        analyzer = reader.schema[field].analyzer
        stems = {token.text for word in reader.expand_prefix(WHOLE_WORDS, prefix) for token in analyzer(word.decode())}
        clauses += [Prefix(field, prefix), *(Term(field, stem) for stem in sorted(stems))]
    return {docnum for docnum in whoosh.docs_for_query(Or(clauses)) if not reader.is_deleted(docnum)}


def typing(searcher: PaperSearcher, database) -> None:
    stream = typing_stream()
    errors: list[str] = []
    shelf = measure(stream, lambda search: run(searcher, search, errors))["typing"]
    sql = baselines.SqlSearcher(database, baselines.whole_words(database.with_name("papers.sqlite")))
    try:
        fts = measure(stream, sql.fts, planned)["typing"]
    finally:
        sql.close()
    print("| typing stream | keystrokes | p50 (ms) | p95 (ms) | median matches |\n|---|---:|---:|---:|---:|")
    for name, samples in (("papershelf", shelf), ("FTS5", fts)):
        seconds = [sample[0] for sample in samples]
        totals = [sample[1] for sample in samples if sample[1] is not None]
        print(
            f"| {name} | {len(samples)} | {percentile(seconds, 0.5) * 1000:.1f} | "
            f"{percentile(seconds, 0.95) * 1000:.1f} | {median(totals):,.0f} |"
        )
    print(f"\n{len(errors)} keystrokes failed" + "".join(f"\n- {error}" for error in errors) + "\n")


def ranked(searcher: PaperSearcher, prefixes: list[str]) -> None:
    print("| finished query | matches | first (ms) | again, next page (ms) |\n|---|---:|---:|---:|")
    for prefix in prefixes:
        for text in (f"{prefix}*", f"model {prefix}*"):
            first, page = timed(lambda: searcher.search(text, limit=LIMIT))
            again, _ = timed(lambda: searcher.search(text, limit=LIMIT, offset=LIMIT))
            print(f"| `{text}` | {page.total:,} | {first * 1000:.0f} | {again * 1000:.0f} |")
    print()


def _size(folder) -> int:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
