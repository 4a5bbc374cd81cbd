"""The query evaluator against Whoosh's own searcher: same matches, same scores, same order.

The evaluator (index/engine/evaluate.py) replaces Whoosh's matchers for speed
but must keep its results: every query here runs both ways on the sample
index, and on an index with deletions and several segments.
"""

from __future__ import annotations

import pytest
from whoosh.query import ColumnQuery, ConstantScoreQuery, NumericRange

from index.engine.schema import NO_NUMBER
from index.library import Library
from index.search.query_text import check_and_rewrite
from index.sync.report import SyncOptions
from tests.listing_text import authors_meta, entry, listing

QUERIES = [
    "theorem proving",
    '"theorem proving" lean',
    "org:amazon",
    "upvotes:>=8",
    "upvotes:3..5 OR lean",
    "authors:>=14",
    "authors:<3",
    "year:2019",
    "year:2023..",
    "date:2019-09..2019-09",
    "date:>=2025-10-01",
    "dendrit*",
    "dendrits~",
    "dendrits~2",
    "title:geometry",
    "theorem -lean",
    "theorem NOT lean",
    "NOT lean",
    "(dendrites OR lean4) AND neurons OR lean4",
    "math",
    "lean^2 proving",
    "lean^0.5 OR proving^3",
    "*",
    # (`title:[a TO c]`, a range of words, is refused by the query language: see test_query_text)
    '"reward model"',
    'abstract:"reward model"~3',
    '"learning to reason"',
    "model ANDMAYBE reward",
    "model REQUIRE reward",
    "id:trfp4ubmns",
    "title:math* reasoning",
    "mat*ical",
    "(theorem OR proof) (lean OR coq) -survey",
    "large language models",
    "reinforcement learning",
]


def engine_of(searcher):
    return searcher._engine


def as_column_queries(query):
    """Numbers and dates are columns only (no postings): Whoosh answers their
    ranges with a ColumnQuery, constant-scored like its NumericRange."""

    def replace(node):
        if not isinstance(node, NumericRange):
            return node
        missing = NO_NUMBER

        def within(value, node=node):
            if value == missing:
                return False
            if node.start is not None and (value < node.start or (node.startexcl and value == node.start)):
                return False
            return node.end is None or not (value > node.end or (node.endexcl and value == node.end))

        assert node.boost == 1.0
        return ConstantScoreQuery(ColumnQuery(node.fieldname, within), 1.0)

    return query.accept(replace)


def compare(engine, text: str, typing: bool) -> None:
    query = engine.parse(check_and_rewrite(text, prefix_last_word=typing))
    whoosh = engine._searcher
    reader = whoosh.reader()
    expected = [
        (hit.docnum, hit.score)
        for hit in whoosh.search(as_column_queries(query), limit=None)
        if not reader.is_deleted(hit.docnum)
    ]
    evaluation = engine._evaluator.evaluate(query)
    documents = engine._view.space.ids(evaluation.matches)
    assert set(documents) == {docnum for docnum, _ in expected}, text
    totals, constant = evaluation.scores()
    for docnum, score in expected:
        assert totals[docnum] + constant == pytest.approx(score, rel=1e-9, abs=1e-9), (text, docnum)
    # Whoosh orders by score, then document number; so does the evaluator.
    ordered = sorted(documents, key=totals.__getitem__, reverse=True)
    assert ordered == [docnum for docnum, _ in expected], text


@pytest.mark.parametrize("typing", [False, True])
@pytest.mark.parametrize("text", QUERIES)
def test_same_results_as_whoosh(searcher, text, typing):
    compare(engine_of(searcher), text, typing)


def test_same_results_with_deletions_and_segments(sample_dir, places):
    library = Library([sample_dir], places, SyncOptions(procs=1))
    library.sync()
    # A changed file deletes and re-adds its papers in a new segment.
    first = sorted(sample_dir.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (sample_dir / "009_extra.txt").write_text(
        listing("Nov 21", entry("Lean Theorem Proving With Dendrites", meta=authors_meta(3, "Nov 20 12"))), encoding="utf-8"
    )
    library.sync()
    with library.open_searcher() as opened:
        engine = engine_of(opened)
        assert len(engine._view.segments) > 1 and engine._view.live != engine._view.space.all
        for text in QUERIES:
            compare(engine, text, typing=False)


def test_unknown_node_types_fall_back_to_whoosh(searcher):
    from whoosh.query import DisjunctionMax, Or, Term

    engine = engine_of(searcher)
    query = Or([DisjunctionMax([Term("title", "theorem"), Term("abstract", "lean")]), Term("abstract", "dendrit")])
    expected = [(hit.docnum, hit.score) for hit in engine._searcher.search(query, limit=None)]
    evaluation = engine._evaluator.evaluate(query)
    totals, constant = evaluation.scores()
    ordered = sorted(engine._view.space.ids(evaluation.matches), key=totals.__getitem__, reverse=True)
    assert ordered == [docnum for docnum, _ in expected] and len(expected) > 3
    for docnum, score in expected:
        assert totals[docnum] + constant == pytest.approx(score)


@pytest.mark.parametrize(
    "text",
    ["upvotes:>=8", "upvotes:3..5", "upvotes:<3", "upvotes:>3", "authors:<=14", "year:2023..", "date:2019-09..2019-09",
     "date:>=2025-10-01", "date:<2024-01-01", "year:2019"],
)
def test_a_range_is_the_same_from_a_scan_of_its_column_as_from_the_sorted_column(searcher, text):
    """A column's first ranges are a scan of it, the next ones slices of it sorted
    (Evaluator.range_bits): each range, both ways, on fresh evaluators."""
    from index.engine.evaluate import _SCANS_BEFORE_SORTING, Evaluator

    engine = engine_of(searcher)
    query = engine.parse(check_and_rewrite(text))
    scanned = Evaluator(engine._view, engine._searcher).evaluate(query).matches
    sorting = Evaluator(engine._view, engine._searcher)
    for _ in range(_SCANS_BEFORE_SORTING):
        sorting.evaluate(query)
    assert sorting.evaluate(query).matches == scanned
    assert scanned and scanned != engine._view.live, text  # neither everything nor nothing: a test that can fail
