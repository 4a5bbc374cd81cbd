"""The bulk index writer against Whoosh's own SegmentWriter: the same index, term by term.

build_index analyses with analysis.py and writes segments through the codec
directly; an index Whoosh's writer makes from the same documents must hold
exactly the same terms, postings (document, weight, positions), field lengths,
columns and stored fields.
"""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index

from index.engine import writer
from index.engine.analysis import field_indexer, word_stems
from index.engine.taste import words_of
from index.engine.schema import build_schema, paper_document, schema_for
from index.listings.parser import read_listing
from index.locations import sample_listings
from index.listings.papers import merge_entries
from tests.index_equivalence import assert_same_index, whoosh_build


@pytest.fixture(scope="module")
def papers():
    parsed = [read_listing(path) for path in sorted(sample_listings().glob("*.txt"))]
    return merge_entries((entry for listing in parsed for entry in listing.entries), 2025)


def test_bulk_build_writes_what_whoosh_writes(tmp_path, papers):
    writer.build_index(tmp_path / "ours", papers, 2025)
    whoosh_build(tmp_path / "theirs", papers)
    assert_same_index(whoosh_index.open_dir(str(tmp_path / "ours")), whoosh_index.open_dir(str(tmp_path / "theirs")))


def test_segments_and_processes_keep_the_paper_order(tmp_path, papers, monkeypatch):
    monkeypatch.setattr(writer, "SEGMENT_PAPERS", 40)
    monkeypatch.setattr(writer, "_PARALLEL_MINIMUM", 10)
    seen = []
    writer.build_index(tmp_path / "ours", papers, 2025, procs=3, progress=lambda done, total: seen.append((done, total)))
    ours = whoosh_index.open_dir(str(tmp_path / "ours"))
    assert len(ours.reader().leaf_readers()) > 3
    assert seen[-1] == (len(papers), len(papers))
    ids = [ours.reader().stored_fields(d)["record"] for d in range(len(papers))]
    assert [paper_document(p, 2025)["record"] for p in papers] == ids


def run(indexer, value):
    """One document's (length, [(word, weight, value)]) from an indexer."""
    table = {}
    length = indexer.index(value, 7, table)
    items = []
    for word, flat in table.items():
        assert flat[0::2] == [7]
        weights, values = indexer.finish(flat[1::2])
        items.append((word, weights[0], values[0]))
    return length, items


def test_fast_analysis_equals_whoosh_analysis(papers):
    schema = schema_for(papers)
    assert schema["abstract_pairs"].format.common and schema["title_pairs"].format.common  # compared too
    for name, field in schema.items():
        if not field.indexed:
            continue
        fast = field_indexer(field)
        for paper in papers:
            value = paper_document(paper, 2025).get(name)
            if value is None:
                continue
            length, items = run(fast, value)
            expected = sorted(field.index(value))
            got = sorted((w.encode("utf-8") if isinstance(w, str) else w, round(wt / field.format.field_boost), wt, v)
                         for w, wt, v in items)
            assert got == expected, (name, paper.id)
            assert length == (sum(freq for _w, freq, _wt, _v in expected) if field.scorable else 0)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "The the THE", "a b c", "e.g. 3.5x faster, U.S. based", "naïve café Ωmega", "x" * 300, "the model. The model!"],
)
def test_fast_analysis_edge_cases(text):
    common = frozenset({"the", "model", "b", "x" * 300, "naïv", "café", "ωmega", "e.g", "3.5x"})
    schema = build_schema(common, common)
    for name in ("title", "abstract", "org", "spell", "abstract_pairs"):
        field = schema[name]
        length, items = run(field_indexer(field), text)
        expected = sorted(field.index(text))
        got = sorted((w.encode("utf-8"), round(wt / field.format.field_boost), wt, v) for w, wt, v in items)
        assert got == expected, (name, text)


def test_a_words_stem_is_what_the_fields_analysis_gives_it(papers):
    # The "for you" profile stems each seed's words with word_stems instead of running the
    # analyzer: every word of the sample, stop words included, must come out the same.
    field = build_schema()["abstract"]
    stem = word_stems(field)
    assert stem is not None
    words = {w for paper in papers for w in words_of(f"{paper.title} {paper.abstract}")} | {"the", "a", "e.g", "ωmega"}
    for word in sorted(words):
        tokens = [token.text for token in field.analyzer(word)]
        assert stem(word) == (tokens[0] if tokens else None), word
    assert word_stems(build_schema()["id"]) is None  # not an analyzer of words: the caller runs it
