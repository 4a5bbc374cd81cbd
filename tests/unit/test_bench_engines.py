"""The search benchmark's engines run the same searches: on the sample listings,
FTS5's and tantivy's translations of papershelf's meaning give papershelf's totals
(tests/benchmarks/meaning.py, baselines.py, tantivy_engine.py).

The searches are ones whose words the three stemmers (Whoosh's Porter, SQLite's
Porter, tantivy's Snowball English) reduce alike: where they do not, the totals
differ for that reason alone, which the benchmark reports per category.
"""

from __future__ import annotations

import pytest

from index.locations import sample_listings
from tests.benchmarks import baselines
from tests.benchmarks.meaning import planned
from tests.benchmarks.workload import LIMIT, MIN_UPVOTES, Search

tantivy = pytest.importorskip(
    "tantivy", reason="tantivy is the benchmark's engine, in the bench extra: pip install -e '.[bench]'"
)
from tests.benchmarks import tantivy_engine  # noqa: E402  (needs tantivy)


def _typed(text: str) -> Search:
    return Search("typing", tuple(text.split()), typing=True, text=text)


def _plain(category: str, text: str, sort: str = "relevance") -> Search:
    return Search(category, tuple(text.split()), sort=sort, text=text)


SEARCHES = [
    _plain("1 word", "reasoning"),
    _plain("1 word", "benchmark"),
    _plain("2 words", "language models"),
    _plain("2 words", "visual tasks"),
    _plain("3 words", "large language models"),
    _plain("3 words", "reinforcement learning reward"),
    Search("phrase", ("large", "language", "models"), phrase=True, text='"large language models"'),
    Search("phrase", ("mathematical", "reasoning"), phrase=True, text='"mathematical reasoning"'),
    Search("title: + upvotes:>=50", ("math",), title_only=True, min_upvotes=MIN_UPVOTES,
           text=f"title:math upvotes:>={MIN_UPVOTES}"),
    Search("title: + upvotes:>=50", ("reasoning",), title_only=True, min_upvotes=MIN_UPVOTES,
           text=f"title:reasoning upvotes:>={MIN_UPVOTES}"),
    _plain("2 words, by date", "theorem proving", sort="date"),
    _plain("1 word, by upvotes", "benchmark", sort="upvotes"),
    # A one-letter last word is left out: every paper.
    _typed("n"),
    # Two letters no paper has as a word fall away: `neural` alone.
    _typed("neural ne"),
    # A stop word matches nothing, so it falls away too.
    _typed("in"),
    # Three letters are a prefix, which also takes the stems of the whole words it begins.
    _typed("neu"),
    _typed("reinforcem"),
    _typed("large lang"),
    _typed("neural network"),
    # `-` excludes in papershelf's query language: `supervised fine NOT tuning`.
    _typed("supervised fine-tuning"),
]


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-engines")
    papers, fts, index = folder / "papers.sqlite", folder / "fts.sqlite", folder / "tantivy"
    baselines.load(papers, sorted(sample_listings().glob("*.txt")))
    baselines.build(fts, papers)
    tantivy_engine.build(index, baselines.papers(papers))
    words = baselines.whole_words(papers)
    sql = baselines.SqlSearcher(fts, words)
    yield sql, tantivy_engine.TantivySearcher(index, words)
    sql.close()


@pytest.mark.parametrize("search", SEARCHES, ids=lambda search: f"{search.category}: {search.text}")
def test_fts5_and_tantivy_find_papershelfs_total_for_the_same_meaning(search, engines, searcher):
    sql, tantivy_searcher = engines
    expected = searcher.search(search.text, sort=search.sort, limit=LIMIT, typing=search.typing).total
    plan = planned(search)
    assert (sql.fts(plan), tantivy_searcher.search(plan)) == (expected, expected)
