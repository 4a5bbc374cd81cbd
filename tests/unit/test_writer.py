"""The bulk index writer against Whoosh's own SegmentWriter: the same index, term by term.

build_index analyses with analysis.py and writes segments through the codec
directly; an index Whoosh's writer makes from the same documents must hold
exactly the same terms, postings (document, weight, positions), field lengths,
columns and stored fields.
"""

from __future__ import annotations

import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from index.engine import writer
from index.engine.analysis import field_indexer
from index.engine.codec import ShelfCodec
from index.engine.schema import build_schema, paper_document
from index.listing import read_listing
from index.locations import sample_listings
from index.papers import merge_entries


@pytest.fixture(scope="module")
def papers():
    parsed = [read_listing(path) for path in sorted(sample_listings().glob("*.txt"))]
    return merge_entries((entry for listing in parsed for entry in listing.entries), 2025)


def whoosh_built(folder, papers):
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema())
    w = SegmentWriter(ix, codec=ShelfCodec(), compound=False)
    for paper in papers:
        w.add_document(**paper_document(paper, 2025))
    w.commit()
    return whoosh_index.open_dir(str(folder))


def postings(reader, field, tbytes):
    matcher = reader.postings(field, tbytes)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return found


def assert_same_index(ours, theirs):
    a, b = ours.reader(), theirs.reader()
    assert a.doc_count_all() == b.doc_count_all()
    assert sorted(a.indexed_field_names()) == sorted(b.indexed_field_names())
    for field in sorted(b.indexed_field_names()):
        terms = list(b.lexicon(field))
        assert list(a.lexicon(field)) == terms, field
        for tbytes in terms:
            assert postings(a, field, tbytes) == postings(b, field, tbytes), (field, tbytes)
        assert a.field_length(field) == b.field_length(field), field
        for docnum in range(b.doc_count_all()):
            assert a.doc_field_length(docnum, field) == b.doc_field_length(docnum, field)
    for name, field in b.schema.items():
        if field.column_type is not None:
            assert list(a.column_reader(name)) == list(b.column_reader(name)), name
    assert list(a.all_stored_fields()) == list(b.all_stored_fields())


def test_bulk_build_writes_what_whoosh_writes(tmp_path, papers):
    writer.build_index(tmp_path / "ours", papers, 2025)
    assert_same_index(whoosh_index.open_dir(str(tmp_path / "ours")), whoosh_built(tmp_path / "theirs", papers))


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
    schema = build_schema()
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
    schema = build_schema()
    for name in ("title", "abstract", "org", "spell"):
        field = schema[name]
        length, items = run(field_indexer(field), text)
        expected = sorted(field.index(text))
        got = sorted((w.encode("utf-8"), round(wt / field.format.field_boost), wt, v) for w, wt, v in items)
        assert got == expected, (name, text)
