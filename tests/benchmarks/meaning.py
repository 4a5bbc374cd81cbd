"""What a benchmark search means, once, for every engine to translate.

papershelf reads a search's text through its own rewriting (index.query_text) and
Whoosh's parser: a one-letter last word being typed is left out, a two-letter one is
a word that falls away when nothing matches, a last word of three or more letters is
also a prefix, stop words drop out, `-word` excludes, and a prefix also covers the
stems of the whole title words it begins. The other engines get that same meaning:
the text goes through the same rewriting and the same parser, over a schema that
keeps words unstemmed, so each engine stems the words with its own stemmer, as its
index did. What a tree node means, and how each engine says it, is in baselines.py
(FTS5, LIKE) and tantivy_engine.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from whoosh.analysis import StandardAnalyzer
from whoosh.fields import TEXT
from whoosh.query import Every, Query

from index.engine.query import make_parser
from index.engine.schema import STOP_WORDS, build_schema
from index.search.query_text import check_and_rewrite, without_short_last_word
from tests.benchmarks.workload import Search

# The whole words a prefix also takes the stems of: title words as papershelf's
# spelling field keeps them (index.engine.schema, `spell`).
_WHOLE_WORD = re.compile(r"[^\W\d_]{3,}")


class Meaning(NamedTuple):
    """The parsed query a search runs as, then the ones it falls back to while typing
    when the one before matched nothing (a two-letter last word left out)."""

    tries: tuple[Query, ...]


class Planned(NamedTuple):
    """A search with its meaning, made before the clock starts (workload.measure's prepare)."""

    search: Search
    meaning: Meaning


def planned(search: Search) -> Planned:
    return Planned(search, meaning(search))


def meaning(search: Search) -> Meaning:
    tries, text = [], search.text
    while True:
        tries.append(_parsed(text, search.typing))
        shorter = without_short_last_word(text) if search.typing else None
        if shorter is None:
            return Meaning(tuple(tries))
        text = shorter


def title_words(title: str) -> set[str]:
    """The whole words of one title, as papershelf's lexicon of whole words holds them."""
    return {word for word in _WHOLE_WORD.findall(title.lower()) if word not in STOP_WORDS}


class WholeWords:
    """The sorted whole title words of the corpus: those a prefix begins."""

    def __init__(self, words) -> None:
        self.words = sorted(set(words))

    def starting_with(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.words, prefix)
        end = bisect.bisect_left(self.words, prefix + "\U0010ffff")
        return self.words[start:end]

    def not_begun_by_stem(self, prefix: str, stem: Callable[[str], str]) -> list[str]:
        """The whole words `prefix` begins whose stem it does not begin: those a prefix
        query of the stemmed index would miss (papershelf adds their stems, as the
        other engines add these words for their stemmers to stem)."""
        return [word for word in self.starting_with(prefix) if not stem(word).startswith(prefix)]


def _parsed(text: str, typing: bool) -> Query:
    rewritten = check_and_rewrite(text, prefix_last_word=typing)
    return _unstemmed_parser().parse(rewritten) if rewritten.strip() else Every()


@cache
def _unstemmed_parser():
    """papershelf's parser over its schema, except that the text fields keep words as
    written (lower case, no stop words: the same tokens, before stemming)."""
    schema = build_schema()
    for name in ("title", "abstract"):
        field = TEXT(analyzer=StandardAnalyzer(stoplist=STOP_WORDS, minsize=2), field_boost=schema[name].format.field_boost)
        schema.remove(name)
        schema.add(name, field)
    return make_parser(schema)
