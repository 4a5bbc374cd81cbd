"""The engine against Whoosh's own writer and searcher at benchmark size:
`python -m tests.benchmarks.differential [--papers N] [--queries Q] [--keep]`.

The comparison of tests/unit/test_engine_differential.py on the benchmark's
synthetic corpus (default 100,000 papers, bench-data/corpus-N): the bulk build
as the reader makes it (one writer process per core, segments of
SEGMENT_PAPERS), the same papers written by Whoosh's SegmentWriter (one
segment; this takes many minutes), and the bulk build updated by the
benchmark's extra listing file, 100 changed papers and 50 deleted ones. It
compares the two indexes term by term, then runs the generated query set
(costly kinds included) through OpenIndex.page() and Whoosh's searcher on
both, and reports how many queries agree and every disagreement
(bench-data/differential-results.md). `--keep` reuses the indexes of the
last run. Exits 1 when anything disagrees.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from whoosh import index as whoosh_index

from index.engine import writer
from index.engine.open_index import OpenIndex
from index.listings.parser import read_listing
from index.listings.papers import merge_entries
from tests.benchmarks.datasets import BENCH_DATA, ensure_corpora, files_for
from tests.benchmarks.timing import timed
from tests.differential_corpus import FALLBACK_YEAR, DifferentialCorpus, build_differential_corpus, incremental_update
from tests.engine_differential import Reference, branches, compare, query_set, vocabulary
from tests.index_equivalence import assert_same_index

RESULTS = BENCH_DATA / "differential-results.md"
CHANGED, DELETED = 100, 50
EVERY = 100  # postings read for every list of several blocks and every 100th other term


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.differential", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000, help="corpus size (default 100000)")
    parser.add_argument("--queries", type=int, default=300, help="generated queries per index (default 300)")
    parser.add_argument("--keep", action="store_true", help="reuse the indexes of the last run of this size")
    options = parser.parse_args()
    lines, agreed = run(options.papers, options.queries, options.keep)
    text = "\n".join(lines)
    print(text, flush=True)
    RESULTS.write_text(f"# Engine against Whoosh, {time.strftime('%Y-%m-%d %H:%M')}\n\n{text}\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS}", file=sys.stderr)
    return 0 if agreed else 1


def run(papers_wanted: int, query_count: int, keep: bool) -> tuple[list[str], bool]:
    files = files_for(papers_wanted)
    ensure_corpora(files)
    work = BENCH_DATA / f"differential-{papers_wanted}"
    corpus = _corpus(files, work, keep)
    lines = [f"{len(corpus.papers):,} papers ({files.corpus}), indexes in {work}", ""]
    lines += [f"- {what}: {seconds:,.1f} s" for what, seconds in corpus.seconds.items()]
    _say("comparing the two indexes term by term")
    seconds, same = timed(lambda: _same_index(corpus))
    lines.append(f"- bulk build against Whoosh's writer ({seconds:,.0f} s): {same}")
    agreed = same.startswith("the same")
    engines = {name: OpenIndex(getattr(corpus, name), keep_prefixes=False) for name in ("ours", "updated")}
    searchers = {
        "ours": whoosh_index.open_dir(str(corpus.theirs)).searcher(),
        "updated": whoosh_index.open_dir(str(corpus.updated)).searcher(),
    }
    try:
        references = {"ours": Reference(searchers["ours"]), "updated": Reference(searchers["updated"], engines["updated"]._view)}
        texts = [paper.abstract for paper in corpus.papers[:3000]]
        vocab = vocabulary(engines["updated"]._view.reader, texts, [p.id for p in corpus.papers])
        cases = query_set(vocab, query_count, costly=True)
        for name, title in (("ours", "bulk build, against Whoosh's searcher on Whoosh's index"),
                            ("updated", "after the incremental update, against Whoosh's searcher on the same index")):
            section, ok = _queries(engines[name], references[name], cases, title)
            lines += ["", *section]
            agreed &= ok
    finally:
        for opened in [*engines.values(), *searchers.values()]:
            opened.close()
    return lines, agreed


def _corpus(files, work: Path, keep: bool) -> DifferentialCorpus:
    _say(f"reading {files.corpus}")
    papers = _papers(sorted(files.corpus.glob("*.txt")))
    upserts, deletions = incremental_update(papers, 0, CHANGED, DELETED, new=_papers([files.extra_file]))
    folders = [work / name for name in ("ours", "theirs", "updated")]
    if keep and all(folder.is_dir() for folder in folders):
        return DifferentialCorpus(papers, upserts, deletions, *folders, {"reused the last run's indexes": 0.0})
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    procs = (os.cpu_count() or 1) if len(papers) >= writer._PARALLEL_MINIMUM else 1
    _say(f"building: the bulk writer ({procs} processes), Whoosh's SegmentWriter (minutes), the update")
    corpus = build_differential_corpus(work, papers, upserts, deletions, procs)
    return replace(corpus, seconds={
        f"bulk build ({procs} writer processes, segments of {writer.SEGMENT_PAPERS:,})": corpus.seconds["ours"],
        "Whoosh's SegmentWriter, the same papers": corpus.seconds["theirs"],
        f"incremental update ({len(upserts)} papers added or changed, {len(deletions)} deleted)": corpus.seconds["updated"],
    })


def _papers(paths: list[Path]) -> list:
    entries = [entry for path in paths for entry in read_listing(path).entries]
    return merge_entries(entries, FALLBACK_YEAR)


def _same_index(corpus: DifferentialCorpus) -> str:
    try:
        assert_same_index(whoosh_index.open_dir(str(corpus.ours)), whoosh_index.open_dir(str(corpus.theirs)), EVERY)
    except AssertionError as difference:
        return f"DIFFERENT: {str(difference)[:300]}"
    return (
        "the same (documents, every term's statistics, field lengths, columns, stored fields; "
        f"the postings of every list of several blocks and of every {EVERY}th other term)"
    )


def _queries(engine: OpenIndex, reference: Reference, cases, title: str) -> tuple[list[str], bool]:
    _say(f"{len(cases)} queries: {title}")
    started = time.perf_counter()
    outcomes = []
    for number, case in enumerate(cases, 1):
        outcomes.append(compare(engine, reference, case))
        if number % 25 == 0:
            _say(f"  {number} of {len(cases)}, {time.perf_counter() - started:,.0f} s")
    seconds = time.perf_counter() - started
    refused = [o for o in outcomes if o.error]
    compared = [o for o in outcomes if not o.error]
    disagreeing = [o for o in compared if o.disagreements]
    taken = branches(engine, cases)
    view = engine._view
    lines = [
        f"### {title}",
        "",
        f"{view.size:,} documents ({view.live.bit_count():,} live) in {len(view.segments)} segments; "
        f"{len(compared)} queries compared ({len(refused)} refused as invalid, by both), "
        f"{len(compared) - len(disagreeing)} agree, {len(disagreeing)} disagree; "
        f"{sum(o.total for o in compared):,} matches in all; {seconds:,.0f} s",
        "",
        "Branches taken: " + "; ".join(f"{branch}: {'yes' if yes else 'NO'}" for branch, yes in taken.items()),
    ]
    for outcome in disagreeing:
        lines.append(f"- {outcome.case} ({outcome.total} matches): {'; '.join(outcome.disagreements[:3])}")
    return lines, not disagreeing


def _say(message: str) -> None:
    print(f"[differential] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
