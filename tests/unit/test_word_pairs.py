"""Pairs of common words (index/engine/word_pairs.py): which words are paired, that an index
keeps them for its later writers, and that a phrase answered through them is answered as
Whoosh answers it from positions, on the sample's real abstracts.

The generated corpus of test_engine_differential.py compares the same at scale, with
several segments and an incremental update (its branches include both pair paths).
"""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh.query import Phrase

from index.engine import writer
from index.engine.analysis import indexed_words
from index.engine.open_index import OpenIndex
from index.engine.word_pairs import COMMON_MOST, COMMON_SHARE, pair_term, pairs_field, pick_common_words
from index.listings.parser import read_listing
from index.listings.papers import merge_entries
from index.locations import sample_listings
from tests.reading_papers import make_paper

FALLBACK_YEAR = 2025


@pytest.fixture(scope="module")
def papers():
    parsed = [read_listing(path) for path in sorted(sample_listings().glob("*.txt"))]
    return merge_entries((entry for listing in parsed for entry in listing.entries), FALLBACK_YEAR)


@pytest.fixture(scope="module")
def built(tmp_path_factory, papers):
    folder = tmp_path_factory.mktemp("pairs") / "index"
    writer.build_index(folder, papers, FALLBACK_YEAR)
    return folder


def test_the_common_words_are_those_of_enough_papers_most_common_first():
    documents = [["model", "data"], ["model", "data"], ["model", "graph"], ["model"]] * 25 + [["rare"]] * 2
    common = pick_common_words(documents, len(documents))
    assert common == {"model", "data", "graph"}  # graph: 25 of 102 papers, over the share
    many = [[f"w{n}" for n in range(COMMON_MOST + 50)]] * 10
    assert len(pick_common_words(many, 10)) == COMMON_MOST
    assert pick_common_words([["once"]], 1) == frozenset()  # one paper makes no word common
    assert COMMON_SHARE * 102 < 25


def test_an_index_keeps_its_common_words_and_an_update_pairs_the_same(tmp_path, papers):
    folder = tmp_path / "index"
    writer.build_index(folder, papers, FALLBACK_YEAR)
    common = whoosh_index.open_dir(str(folder)).schema[pairs_field("abstract")].format.common
    assert len(common) > 20
    first, second = sorted(common)[:2]
    paper = make_paper("An added paper", abstract=f"We {first} {second} here.")
    writer.update_index(folder, [paper], [], FALLBACK_YEAR)
    ix = whoosh_index.open_dir(str(folder))
    assert ix.schema[pairs_field("abstract")].format.common == common
    with ix.searcher() as searcher:
        found = searcher.search(Phrase("abstract", [first, second]), limit=None)
        assert paper.id in {hit["id"] for hit in found}
        assert pair_term(first, second).encode() in set(searcher.reader().lexicon(pairs_field("abstract")))


def test_a_phrase_of_common_words_matches_and_scores_as_whoosh_on_positions(built, papers):
    """Every pair of neighbouring common words of the sample's abstracts, as a phrase of two
    (its pair is all the engine reads) and with the next word (narrowed by its pairs)."""
    ix = whoosh_index.open_dir(str(built))
    common = ix.schema[pairs_field("abstract")].format.common
    words_of = indexed_words(ix.schema["abstract"])
    phrases: dict[tuple[str, ...], None] = {}
    for paper in papers[::7]:
        words = words_of(paper.abstract)
        for at in range(len(words) - 2):
            if words[at] in common and words[at + 1] in common:
                phrases[tuple(words[at : at + 2])] = None
                phrases[tuple(words[at : at + 3])] = None
    assert len(phrases) > 100
    engine = OpenIndex(built, keep_prefixes=False)
    try:
        with ix.searcher() as searcher:
            for words in phrases:
                query = Phrase("abstract", list(words))
                theirs = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
                evaluation = engine._evaluator.evaluate(query)
                assert set(engine._view.space.ids(evaluation.matches)) == set(theirs), words
                totals, constant = evaluation.scores()
                for docnum, score in theirs.items():
                    assert totals[docnum] + constant == pytest.approx(score, rel=1e-9, abs=1e-9), words
    finally:
        engine.close()


def test_the_pairs_fields_are_no_query_fields(tmp_path):
    from index.errors import QueryError
    from index.search.query_text import check_and_rewrite

    with pytest.raises(QueryError, match="unknown field 'abstract_pairs:'"):
        check_and_rewrite("abstract_pairs:model")
