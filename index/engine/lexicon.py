"""The words of a field that start with a prefix, with the number of documents having each.

A prefix query needs every completion of its prefix (see index.engine.query.expansion).
Walking Whoosh's lexicon for them costs a few microseconds a word in every
segment, 20-40 ms for a three-letter prefix of a long-tailed index of 100,000
papers: too slow for a key typed. So the kept prefix file (prefix_bits.py) holds
each field's whole lexicon, sorted, with document frequencies, and a prefix's
words are a slice of it found by bisection. Without that file (a big index
whose file is still being built, a folder that cannot be written) the
segments' lexicons are walked, which gives the same words.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable

from index.engine.fields import WHOLE_WORDS

_AFTER = "\U0010ffff"  # sorts after every character a word can continue with


class SortedWords:
    """One field's words in ascending order, and the number of documents having each.

    `stems`: for the whole words, each one's stem in the stemmed fields ("" for a stop word).
    """

    __slots__ = ("words", "frequencies", "stems")

    def __init__(self, words: list[str], frequencies: array, stems: list[str] | None = None) -> None:
        if len(words) != len(frequencies) or (stems is not None and len(stems) != len(words)):
            raise ValueError("a lexicon's words, frequencies and stems differ in number")
        self.words = words
        self.frequencies = frequencies
        self.stems = stems

    @classmethod
    def of(cls, frequencies: dict[str, int]) -> SortedWords:
        words = sorted(frequencies)
        return cls(words, array("I", map(frequencies.__getitem__, words)))

    def completions(self, prefix: str) -> tuple[list[str], list[int]]:
        """The words starting with `prefix`, ascending, and their document frequencies."""
        low, high = self._range(prefix)
        return self.words[low:high], self.frequencies[low:high].tolist()

    def stems_from(self, prefix: str) -> list[str] | None:
        """The stems of the words starting with `prefix`, if this lexicon has them."""
        if self.stems is None:
            return None
        low, high = self._range(prefix)
        return self.stems[low:high]

    def _range(self, prefix: str) -> tuple[int, int]:
        low = bisect_left(self.words, prefix)
        return low, bisect_right(self.words, prefix + _AFTER, low)

    def frequency(self, word: str) -> int:
        at = bisect_left(self.words, word)
        return self.frequencies[at] if at < len(self.words) and self.words[at] == word else 0


class Lexicon:
    """Completions of prefixes in the fields of one open index.

    `segments` are the index's (segment reader, document offset) pairs; `kept(field)`
    gives the field's SortedWords when the kept file has them, else None (the segments
    are walked then).
    """

    def __init__(self, schema, segments: list, kept: Callable[[str], SortedWords | None] = lambda field: None) -> None:
        self.schema = schema
        self._segments = segments
        self._kept = kept

    def analyzer(self, field: str):
        return self.schema[field].analyzer

    def completions(self, field: str, prefix: str) -> tuple[list[str], list[int]]:
        """The words of `field` starting with `prefix`, ascending, and their document frequencies."""
        kept = self._kept(field)
        if kept is not None:
            return kept.completions(prefix)
        found = _walked(self._segments, field, prefix)
        words = sorted(found)
        return words, [found[word] for word in words]

    def whole_word_stems(self, field: str, prefix: str) -> list[str]:
        """The stems, as `field` (one of STEMMED_FIELDS) indexes them, of the whole title words
        starting with `prefix` ("" for a stop word)."""
        kept = self._kept(WHOLE_WORDS)
        stems = kept.stems_from(prefix) if kept is not None else None
        if stems is not None:
            return stems
        return stems_of(self.analyzer(field), self.completions(WHOLE_WORDS, prefix)[0])

    def frequency(self, field: str, word: str) -> int:
        """The number of documents of the index (deleted ones too, as Whoosh counts) with `word` in `field`."""
        kept = self._kept(field)
        if kept is not None:
            return kept.frequency(word)
        return sum(leaf.doc_frequency(field, word) for leaf, _offset in self._segments )


def _walked(segments: list, field: str, prefix: str) -> dict[str, int]:
    # Per segment: the multi-segment reader merges the segments' lexicons word by word, slower.
    found: dict[str, int] = defaultdict(int)
    for leaf, _offset in segments:
        for word, info in leaf.iter_prefix(field, prefix):
            found[_text(word)] += info.doc_frequency()
    return found


def stems_of(analyzer, words: list[str]) -> list[str]:
    """Each whole word's stem under `analyzer` ("" for a stop word): a whole word is one token."""
    return [next((token.text for token in analyzer(word)), "") for word in words]


def field_frequencies(segments: list, field: str) -> dict[str, int]:
    """Every word of `field` and the number of documents having it (summed over the segments)."""
    return dict(_walked(segments, field, ""))


def _text(word: bytes | str) -> str:
    return word.decode("utf-8") if isinstance(word, bytes) else word


def joined(words: Iterable[str]) -> bytes:
    """Words as one blob for the kept file: index words never hold a newline (they are \\w runs)."""
    return "\n".join(words).encode("utf-8")


def split(blob: bytes, count: int | None = None) -> list[str]:
    """The words of a blob `joined` made; `count`: how many there are (a blob of one empty word is empty)."""
    if count is not None and count <= 1:
        return [blob.decode("utf-8")] if count else []
    return blob.decode("utf-8").split("\n") if blob else []
