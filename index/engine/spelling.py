"""The "did you mean": the words of a query the index lacks, corrected from its own words.

Whoosh's machinery does the matching (a Levenshtein automaton walked over a
sorted word list, ranked by its Corrector). What is papershelf's own: the words
are those a person typed (`lerning`, not its stem `lern`), taken at their
columns in the query text so the suggestion keeps everything else as typed;
and the cost is bounded.

Whoosh's ReaderCorrector walks the on-disk lexicon with a seek per step: 0.3 to
0.5 s a word at 5,000 papers, more for a long one. The field's words are read
into memory once per index generation instead (about 50 ms at 5,000 papers). A
word still costs 15 to 130 ms there, growing with its length: words longer than
MAX_WORD letters, and those past SPELLED_LETTERS in one query, are left as typed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.query import Phrase, Query, Term
from whoosh.reading import IndexReader
from whoosh.spelling import Corrector

from index.engine.fields import WORD_FIELDS

# The stemmed fields' suggestions come from the unstemmed title words (the schema's `spell`
# field); another text field's (org) from its own words.
_UNSTEMMED_WORDS = {"title": "spell", "abstract": "spell"}
# A word's automaton walk costs 15 to 130 ms at 5,000 papers, growing with its length.
MAX_WORD = 24  # letters; longer words are not corrected
SPELLED_LETTERS = 48  # letters corrected in one query at most: the rest stay as typed
MAX_EDITS = 2

Span = tuple[int, int]


class Dictionary(Corrector):
    """One field's words in memory, nearest first, then the most frequent.

    Not Whoosh's ListCorrector: its lookup resumes one place after the word it last
    returned, so it skips a word that is also the next answer ("amazon" for "amazn"
    in a list of one word).
    """

    def __init__(self, frequencies: dict[str, int]) -> None:
        self._frequencies = frequencies
        self._words = sorted(frequencies)

    @classmethod
    def of_field(cls, reader: IndexReader, field: str) -> Dictionary:
        words = {text.decode("utf-8"): info.doc_frequency() for text, info in reader.iter_field(field)}
        return cls(words)

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        seen = set()
        for distance in range(1, maxdist + 1):
            automaton = levenshtein_automaton(text, distance, prefix).to_dfa()
            for word in find_all_matches(automaton, self._first_from):
                if word not in seen:
                    seen.add(word)
                    yield -distance - 0.5 / max(1, self._frequencies[word]), word

    def _first_from(self, text: str) -> str | None:
        """The first word at or after `text` in sort order (what the automaton walk asks)."""
        at = bisect_left(self._words, text)
        return self._words[at] if at < len(self._words) else None


def unknown_words(query: Query, reader: IndexReader) -> dict[Span, str]:
    """The spans (in the parsed text) of the query's plain words that none of the fields
    they are searched in has, with the dictionary to correct each from.

    Prefixes, wildcards, fuzzy words and ranges are left alone, and so are words the
    parser gave no position (a word the analyzer split in two).
    """
    unknown: dict[Span, str] = {}
    known: set[Span] = set()
    for leaf in query.leaves():
        field = leaf.field()
        if field not in WORD_FIELDS:
            continue
        for stem, span in _words_of(leaf):
            if (field, stem) in reader:
                known.add(span)
            else:
                unknown.setdefault(span, _UNSTEMMED_WORDS.get(field, field))
    return {span: dictionary for span, dictionary in unknown.items() if span not in known}


def _words_of(leaf: Query) -> Iterator[tuple[str, Span]]:
    if type(leaf) is Term and leaf.startchar is not None and leaf.endchar is not None:
        yield leaf.text, (leaf.startchar, leaf.endchar)
    elif isinstance(leaf, Phrase) and leaf.char_ranges:
        yield from zip(leaf.words, (tuple(span) for span in leaf.char_ranges))


def corrected(text: str, unknown: dict[Span, str], dictionaries) -> str | None:
    """`text` with each unknown word replaced by its best suggestion; None when none changed.

    `dictionaries(name)` gives the Dictionary of that field.
    """
    pieces, last, budget = [], 0, SPELLED_LETTERS
    for (start, end), name in sorted(unknown.items()):
        word = text[start:end].lower()
        if start < last or not word.isalpha() or len(word) > min(MAX_WORD, budget):
            continue
        budget -= len(word)
        best = [found for found in dictionaries(name).suggest(word, limit=2, maxdist=MAX_EDITS) if found != word]
        if best:
            pieces += [text[last:start], best[0]]
            last = end
    if not pieces:
        return None
    pieces.append(text[last:])
    return "".join(pieces)
