"""Whether two Whoosh indexes hold the same documents: terms, postings, lengths, columns, stored fields.

`whoosh_build` writes the reference index. Used to compare the bulk writer (index/engine/writer.py) with Whoosh's own
SegmentWriter over the same papers. Reading a term's postings through
Whoosh's reader costs a lexicon lookup per segment, a third of a millisecond:
on a big index `every` > 1 reads the postings of every list of several blocks
and of each `every`-th other term, while every term's statistics (document
frequency, total weight, lengths, first and last document) are compared in
one sweep of the lexicons.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from index.engine.whoosh_format import BLOCK_LIMIT, ShelfCodec
from index.engine.schema import paper_document, schema_for
from index.listings.papers import Paper

FALLBACK_YEAR = 2025


def whoosh_build(folder: Path, papers: Sequence[Paper]) -> None:
    """An index of `papers` written by Whoosh's own SegmentWriter (one segment, no merging)."""
    folder.mkdir(parents=True)
    ix = FileStorage(str(folder)).create_index(schema_for(papers))
    whoosh_writer = SegmentWriter(ix, codec=ShelfCodec(), compound=False, limitmb=256)
    for paper in papers:
        whoosh_writer.add_document(**paper_document(paper, FALLBACK_YEAR))
    whoosh_writer.commit()


def postings(reader, field, tbytes):
    matcher = reader.postings(field, tbytes)
    found = []
    while matcher.is_active():
        # No value is None from a block and "" from a list kept in its term's entry.
        found.append((matcher.id(), matcher.weight(), matcher.value() or None))
        matcher.next()
    return found


def term_statistics(reader, field) -> dict:
    """Each term's (doc frequency, weight, min length, max length, max weight, first and last document),
    over all segments, read from each segment's lexicon in order."""
    found: dict = {}
    for leaf, offset in reader.leaf_readers():
        if field not in leaf.indexed_field_names():
            continue
        for tbytes, info in leaf.iter_field(field, prefix=b""):  # bytes: a NUMERIC field cannot encode ""
            mine = (info.doc_frequency(), info.weight(), info.min_length(), info.max_length(), info.max_weight(),
                    info.min_id() + offset, info.max_id() + offset)
            seen = found.get(tbytes)
            found[tbytes] = mine if seen is None else (
                seen[0] + mine[0], seen[1] + mine[1], min(seen[2], mine[2]), max(seen[3], mine[3]),
                max(seen[4], mine[4]), seen[5], mine[6],
            )
    return found


def assert_same_index(ours, theirs, every: int = 1):
    a, b = ours.reader(), theirs.reader()
    assert a.doc_count_all() == b.doc_count_all()
    assert sorted(a.indexed_field_names()) == sorted(b.indexed_field_names())
    for field in sorted(b.indexed_field_names()):
        terms = list(b.lexicon(field))
        assert list(a.lexicon(field)) == terms, field
        statistics = term_statistics(b, field)
        assert term_statistics(a, field) == statistics, field
        for number, tbytes in enumerate(terms):
            if every == 1 or number % every == 0 or statistics[tbytes][0] > BLOCK_LIMIT:
                assert postings(a, field, tbytes) == postings(b, field, tbytes), (field, tbytes)
        assert a.field_length(field) == b.field_length(field), field
        for docnum in range(b.doc_count_all()):
            assert a.doc_field_length(docnum, field) == b.doc_field_length(docnum, field)
    for name, field in b.schema.items():
        if field.column_type is not None:
            assert list(a.column_reader(name)) == list(b.column_reader(name)), name
    assert list(a.all_stored_fields()) == list(b.all_stored_fields())
