"""Pairs of common words, indexed as one term each, so that a phrase of common words reads
one short list instead of the long position lists of its words.

A phrase is answered from the positions of its words (evaluate.py), the rarest word first.
When every word is common (`"large language"`: each in over half the papers) that reads
and decodes hundreds of posting blocks. Williams, Zobel and Bahle (2004, "Fast phrase
querying with combined indexes") index the pairs of common words instead. Here a text
field has a companion field (`title_pairs`, `abstract_pairs`) with one term per pair of
common words standing side by side in it (after the stop words are left out, as positions
are), so:

- a two-word phrase of common words matches exactly the documents of its pair: no
  position is read, only its words' weights there, for scoring;
- a longer phrase starts from the documents having every indexed pair of it, and only
  there are its words' positions read.

Which words are common is decided once, when an index is built from scratch: the words in
at least COMMON_SHARE of a sample of the papers, the COMMON_MOST most common of them. The
set is kept in the schema (the field's format), which Whoosh stores with the index, so
every later writer, Whoosh's own included, makes the same pairs, and the evaluator knows
which pairs exist. Any set gives the same answers; only the speed depends on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from whoosh.formats import Existence

COMMON_SHARE = 0.07
COMMON_MOST = 1024
_SAMPLE = 5000  # papers looked at to pick the common words
_MINIMUM_DOCUMENTS = 2  # in a tiny corpus, a word of one paper is not common

SEPARATOR = " "  # between the two words of a pair's term: no indexed word holds a space


def pairs_field(field: str) -> str:
    """The companion field of a text field (see the module docstring)."""
    return f"{field}_pairs"


def pair_term(first: str, second: str) -> str:
    return f"{first}{SEPARATOR}{second}"


def pick_common_words(texts: Iterable[Iterable[str]], count: int) -> frozenset[str]:
    """The common words of `count` documents, given each document's indexed words."""
    frequencies: Counter[str] = Counter()
    for words in texts:
        frequencies.update(set(words))
    least = max(_MINIMUM_DOCUMENTS, COMMON_SHARE * count)
    ranked = sorted((word for word, seen in frequencies.items() if seen >= least), key=lambda w: (-frequencies[w], w))
    return frozenset(ranked[:COMMON_MOST])


def sample(items: list, size: int = _SAMPLE) -> list:
    """Every n-th of `items`, about `size` of them: the same sample for the same corpus."""
    step = max(1, len(items) // size)
    return items[::step]


def pairs_in(words: list[str], common: frozenset[str]) -> set[str]:
    """The pair terms of a field whose indexed words are `words`, in order."""
    if not common:
        return set()
    return {a + SEPARATOR + b for a, b in zip(words, words[1:]) if a in common and b in common}  # pair_term, inlined


class WordPairs(Existence):
    """The posting format of a pairs field: a term per pair of common words side by side,
    which only says that the pair occurs (weight 1, no value: nothing scores a pair itself,
    and a block without weights or values is the cheapest to write and to read)."""

    def __init__(self, common: frozenset[str] = frozenset(), field_boost: float = 1.0, **options) -> None:
        super().__init__(field_boost=field_boost, **options)
        self.common = frozenset(common)

    def word_values(self, value, analyzer, **kwargs):
        kwargs.pop("mode", None)
        words = [token.text for token in analyzer(value, mode="index", **kwargs)]
        return ((term, 1, 1.0, b"") for term in pairs_in(words, self.common))


def common_words_of(field_words: Callable[[str], list[str]], texts: list[str]) -> frozenset[str]:
    """The common words of a sample of `texts`, as the field indexes them (`field_words`)."""
    chosen = sample(texts)
    return pick_common_words(map(field_words, chosen), len(chosen))
