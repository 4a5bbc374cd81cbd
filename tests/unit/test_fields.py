"""The field registry (index/engine/fields.py) is the schema's truth: every field a query
can name is in the index with the kind the registry says, and the parser searches the
registry's default fields."""

from __future__ import annotations

from whoosh.analysis import StemFilter
from whoosh.fields import ID, NUMERIC, TEXT

from index.engine.fields import DEFAULT_FIELDS, FIELDS, QUERY_FIELDS, WHOLE_WORDS
from index.engine.query import make_parser
from index.engine.schema import build_schema

_KINDS = {"words": TEXT, "number": NUMERIC, "date": NUMERIC, "id": ID}


def test_every_query_field_is_indexed_with_the_kind_the_registry_gives():
    schema = build_schema()
    for field in FIELDS:
        assert field.name in schema.names(), field
        indexed = schema[field.name]
        assert isinstance(indexed, _KINDS[field.kind]), field
        if field.kind in ("number", "date"):  # ranges and sorts are answered from the column
            assert indexed.column_type is not None, field
        else:
            assert indexed.indexed, field
        if field.kind == "words":
            stems = any(isinstance(part, StemFilter) for part in indexed.analyzer)
            assert stems == field.stemmed, field
        if field.stemmed:
            assert indexed.format.supports("positions"), field


def test_the_whole_words_field_is_in_the_schema_and_not_a_query_field():
    assert WHOLE_WORDS in build_schema().names() and WHOLE_WORDS not in QUERY_FIELDS


def test_a_word_naming_no_field_searches_the_registrys_default_fields():
    query = make_parser(build_schema()).parse("dendrite")
    assert sorted(leaf.fieldname for leaf in query.leaves()) == sorted(DEFAULT_FIELDS)


def test_queries_share_cached_results_exactly_when_they_mean_the_same():
    from index.engine.query import query_key

    parse = make_parser(build_schema()).parse
    same = [("dendrite", "  dendrite"), ("dendrite", "dendrites"), ('"deep net"~2', ' "deep net"~2'), ("upvotes:>=10", "(upvotes:>=10)")]
    for one, other in same:
        assert query_key(parse(one)) == query_key(parse(other)), (one, other)
    different = ["dendrite", "axon", "title:dendrite", "dendrite^2", "dendrite~1", "dendrite~2",
                 '"deep net"', '"deep net"~2', "upvotes:>=10", "upvotes:>10", "-dendrite", "NOT dendrite spine"]
    keys = [query_key(parse(text)) for text in different]
    assert len(set(keys)) == len(keys)
    hash(keys[0])  # usable as a dictionary key
