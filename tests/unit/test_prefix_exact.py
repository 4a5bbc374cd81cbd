"""Every prefix is exact: typed or finished, it finds what Whoosh's own searcher finds.

On a long-tailed corpus (tests/long_tail_corpus.py: hundreds of words per
three-letter prefix, several segments, deleted papers), a prefix `pre*` in a field
matches every paper having a word of that field that starts with `pre` - Whoosh's
Prefix query on the same index - or the stem of a whole title word starting with
it. The reference here is Whoosh's searcher running exactly that: its Prefix, OR-ed
with Terms of the stems, which the test makes itself from the index's title words.
Checked with the kept prefix file (bitsets and lexicons) and without it (the
postings and the segments' lexicons).
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.query import Or, Prefix, Term

from index.engine.prefix_bits import PREFIX_BITS_FILE
from index.library import Library
from index.search.query_text import check_and_rewrite
from index.search.paper_searcher import PaperSearcher
from index.sync.report import WHOOSH_FOLDER
from tests.fuzz_budget import examples, fuzz

FIELDS = ("title", "abstract")
ISSUE_PREFIXES = ("sha", "gre", "pla", "pre")


@pytest.fixture(scope="module")
def opened(long_tail: Library):
    with long_tail.open_searcher() as searcher:
        assert (long_tail.home.current() / PREFIX_BITS_FILE).exists()
        yield searcher


@pytest.fixture(scope="module")
def without_file(long_tail: Library, tmp_path_factory):
    """A searcher on a copy of the index without its prefix file."""
    copy = tmp_path_factory.mktemp("no-prefix-file") / "generation"
    shutil.copytree(long_tail.home.current(), copy)
    (copy / PREFIX_BITS_FILE).unlink()
    with PaperSearcher(copy / WHOOSH_FOLDER) as searcher:
        yield searcher


def prefixes(searcher: PaperSearcher) -> list[str]:
    """The issue's prefixes, the ten three-letter prefixes with the most words, and a
    spread of three- to six-letter prefixes of the abstract's words."""
    words = [word.decode() for word in searcher._engine._searcher.reader().lexicon("abstract")]
    alphabetic = [word for word in words if word.isalpha() and len(word) >= 6]
    biggest = [prefix for prefix, _count in Counter(word[:3] for word in alphabetic).most_common(10)]
    spread = [word[: 3 + number % 4] for number, word in enumerate(alphabetic[::997])]
    return list(dict.fromkeys([*ISSUE_PREFIXES, *biggest, *spread]))


def whole_word_stems(searcher: PaperSearcher, field: str, prefix: str) -> list[str]:
    reader = searcher._engine._searcher.reader()
    analyzer = reader.schema[field].analyzer
    return sorted({token.text for word in reader.expand_prefix("spell", prefix) for token in analyzer(word.decode())})


def whoosh_prefix(searcher: PaperSearcher, prefix: str, fields=FIELDS, constantscore: bool = True):
    """Whoosh's query for `prefix*` in `fields`: its Prefix, and the stems of whole title words."""
    clauses = []
    for field in fields:
        clauses.append(Prefix(field, prefix, constantscore=constantscore))
        # Stems that start with the prefix are among the Prefix's words already.
        clauses += [Term(field, stem) for stem in whole_word_stems(searcher, field, prefix) if not stem.startswith(prefix)]
    return Or(clauses)


def whoosh_ids(searcher: PaperSearcher, query) -> set[str]:
    """The ids of the papers Whoosh's own searcher finds for `query`."""
    whoosh = searcher._engine._searcher
    reader = whoosh.reader()
    ids = paper_ids(searcher)
    return {ids[docnum] for docnum in whoosh.docs_for_query(query) if not reader.is_deleted(docnum)}


_IDS: dict[int, list[str]] = {}


def paper_ids(searcher: PaperSearcher) -> list[str]:
    """Every document's paper id, by document number (read once per searcher)."""
    if id(searcher) not in _IDS:
        _IDS[id(searcher)] = [paper.decode() for paper in searcher._engine._view.bytes_column("id")]
    return _IDS[id(searcher)]


def found(searcher: PaperSearcher, text: str, typing: bool = False) -> set[str]:
    ids = set(searcher.paper_ids(text, typing=typing))
    assert searcher.search(text, limit=10, typing=typing).total == len(ids), text
    return ids


def test_the_corpus_has_hundreds_of_words_per_three_letter_prefix(opened):
    reader = opened._engine._searcher.reader()
    sizes = {prefix: len(list(reader.expand_prefix("abstract", prefix))) for prefix in prefixes(opened)}
    assert min(sizes[prefix] for prefix in ISSUE_PREFIXES) > 50
    assert sorted(sizes.values())[-10] > 300 and max(sizes.values()) > 1000
    engine = opened._engine
    assert len(engine._view.segments) > 1 and engine._view.live != engine._view.space.all


@pytest.mark.parametrize("with_file", [True, False], ids=["kept file", "no file"])
def test_a_finished_prefix_finds_every_paper_whoosh_finds(opened, without_file, with_file):
    searcher = opened if with_file else without_file
    for prefix in prefixes(searcher):
        expected = whoosh_ids(searcher, whoosh_prefix(searcher, prefix))
        assert found(searcher, f"{prefix}*") == expected, prefix
        for field in FIELDS:
            assert found(searcher, f"{field}:{prefix}*") == whoosh_ids(searcher, whoosh_prefix(searcher, prefix, [field])), (field, prefix)


@pytest.mark.parametrize("with_file", [True, False], ids=["kept file", "no file"])
def test_a_typed_prefix_counts_every_paper_and_agrees_with_the_finished_one(opened, without_file, with_file):
    searcher = opened if with_file else without_file
    for prefix in prefixes(searcher):
        # Typed, the last word is `(pre OR pre*)`: the word itself (stemmed) or the prefix.
        word = Or([Term(field, stem) for field in FIELDS for stem in whole_word_stems_of_text(searcher, field, prefix)])
        expected = whoosh_ids(searcher, Or([whoosh_prefix(searcher, prefix), word]))
        typed = found(searcher, prefix, typing=True)
        assert typed == expected, prefix
        if all(stem.startswith(prefix) for field in FIELDS for stem in whole_word_stems_of_text(searcher, field, prefix)):
            assert typed == found(searcher, f"{prefix}*"), prefix
        # After a whole word, the prefix narrows it: exactly the papers with both.
        model = whoosh_ids(searcher, Or([Term(field, "model") for field in FIELDS]))
        assert found(searcher, f"model {prefix}", typing=True) == expected & model, prefix


def whole_word_stems_of_text(searcher: PaperSearcher, field: str, text: str) -> list[str]:
    analyzer = searcher._engine._searcher.reader().schema[field].analyzer
    return [token.text for token in analyzer(text)]


def test_the_issue_prefixes_miss_nothing_typed_or_finished(opened):
    for prefix in ISSUE_PREFIXES:
        exact = len(whoosh_ids(opened, whoosh_prefix(opened, prefix)))
        assert opened.search(f"{prefix}*").total == exact
        assert opened.search(prefix, typing=True).total == exact


@pytest.mark.parametrize("text", ["pre*", "con*", "title:sha* model", "pla* OR gre*", "(pla* OR gre*) model", "abstract:neu* data"])
def test_a_finished_prefix_ranks_by_every_word_it_covers(opened, text):
    # Whoosh's model: a prefix scores each paper with the BM25F sum of every word it
    # covers there (Whoosh's Prefix without constant scoring, and the stems).
    engine = opened._engine
    query = engine.parse(check_and_rewrite(text))
    evaluation = engine._evaluator.evaluate(query)
    totals, constant = evaluation.scores()
    reference = as_whoosh_prefixes(opened, query)
    whoosh = engine._searcher
    reader = whoosh.reader()
    expected = [(hit.docnum, hit.score) for hit in whoosh.search(reference, limit=None) if not reader.is_deleted(hit.docnum)]
    assert set(engine._view.space.ids(evaluation.matches)) == {docnum for docnum, _score in expected}, text
    assert len(expected) > 20
    for docnum, score in expected:
        assert totals[docnum] + constant == pytest.approx(score, rel=1e-9), (text, docnum)
    # The same order, but for papers whose scores tie to the last bits (added in another order).
    ranked = sorted(expected, key=lambda pair: (-(totals[pair[0]] + constant), pair[0]))
    assert [score for _docnum, score in ranked] == pytest.approx([score for _docnum, score in expected], rel=1e-9)


def as_whoosh_prefixes(searcher: PaperSearcher, query):
    """The parsed query with each expanded prefix replaced by Whoosh's own (ranked) Prefix and stems."""
    from index.engine.query import ExpandedPrefix

    def replace(node):
        if isinstance(node, ExpandedPrefix):
            return whoosh_prefix(searcher, node.prefix, [node.field_name], constantscore=False)
        return node.apply(replace) if not node.is_leaf() else node

    return replace(query)


@fuzz
@settings(max_examples=examples(25), deadline=None)
@given(st.data())
def test_any_prefix_of_any_word_is_exact(opened, data):
    reader = opened._engine._searcher.reader()
    words = getattr(test_any_prefix_of_any_word_is_exact, "words", None)
    if words is None:
        words = test_any_prefix_of_any_word_is_exact.words = [
            word.decode() for word in reader.lexicon("abstract") if word.isalpha() and len(word) >= 3
        ]
    word = data.draw(st.sampled_from(words))
    prefix = word[: data.draw(st.integers(3, len(word)))]
    field = data.draw(st.sampled_from(["", "title:", "abstract:"]))
    fields = [field[:-1]] if field else FIELDS
    expected = whoosh_ids(opened, whoosh_prefix(opened, prefix, fields))
    assert found(opened, f"{field}{prefix}*") == expected
    assert opened.search(f"{field}{prefix}*", typing=True).total == len(expected)
