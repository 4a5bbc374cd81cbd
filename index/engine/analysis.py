"""Index-time analysis without Whoosh's per-token generator chain.

Whoosh analyses a field by passing one Token object through a chain of
generators (tokenizer, lowercase, stop words, stemmer), then groups positions
per word: ~2 µs per token in pure Python. For the analyzer shapes the schema
uses, `field_indexer` builds an equivalent function that tokenizes with one
regex call, maps each distinct lowercased word to its stem (or to "stopped")
through a dictionary, and groups positions in one loop. Its output is exactly
what `FieldType.index` gives for the same text (tested on the sample corpus);
any other analyzer falls back to Whoosh's own.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from pickle import dumps

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint

class Postings:
    """One field's postings of one segment for one word, gathered document by document."""

    __slots__ = ("ids", "weights", "values")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


# indexer(value, docnum, table) adds the postings of one field of one document
# to table (word -> Postings; words are str, or bytes from Whoosh's fallback)
# and returns the field's length (kept tokens; 0 if the field is not scorable).
FieldIndexer = Callable[[str, int, dict], int]

_CACHED_POSITIONS = 4096  # encoded single positions kept ready


def field_indexer(fieldobj) -> FieldIndexer:
    """A function giving the postings of one value of `fieldobj`, as FieldType.index would."""
    fast = _fast_indexer(fieldobj)
    return fast if fast is not None else _whoosh_indexer(fieldobj)


def _whoosh_indexer(fieldobj) -> FieldIndexer:
    def index(value: str, docnum: int, table: dict) -> int:
        length = 0
        for word, freq, weight, vbytes in fieldobj.index(value):
            _add(table, word, docnum, weight, vbytes)
            length += freq
        return length if fieldobj.scorable else 0

    return index


def _add(table: dict, word, docnum: int, weight: float, vbytes: bytes) -> None:
    entry = table.get(word)
    if entry is None:
        entry = table[word] = Postings()
    entry.ids.append(docnum)
    entry.weights.append(weight)
    entry.values.append(vbytes)


def _fast_indexer(fieldobj) -> FieldIndexer | None:
    analyzer = fieldobj.analyzer
    items = list(analyzer.items) if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
    tokenizer, filters = items[0], items[1:]
    if type(tokenizer) is not RegexTokenizer or tokenizer.gaps:
        return None
    if not filters or type(filters[0]) is not LowercaseFilter:
        return None
    stop = stem = None
    rest = filters[1:]
    if rest and type(rest[0]) is StopFilter and rest[0].renumber:
        stop, rest = rest[0], rest[1:]
    if rest and type(rest[0]) is StemFilter and not rest[0].ignore:
        stem, rest = rest[0], rest[1:]
    if rest:
        return None
    find = _finder(tokenizer.expression)
    words = _WordTable(stop, stem)
    boost = fieldobj.format.field_boost
    scorable = fieldobj.scorable
    format_type = type(fieldobj.format)
    if format_type is Positions:
        return _positions_indexer(find, words, boost, scorable)
    if format_type is Frequency:
        return _frequency_indexer(find, words, boost, scorable)
    if format_type is Existence:
        return _existence_indexer(find, words, boost, scorable)
    return None


def _finder(expression: re.Pattern) -> Callable[[str], list[str]]:
    """expression.finditer's whole matches, as one findall where the pattern allows."""
    plain = re.sub(r"(?<!\\)\((?!\?)", "(?:", expression.pattern)
    try:
        compiled = re.compile(plain, expression.flags)
    except re.error:
        compiled = None
    if compiled is not None and compiled.groups == 0:
        return compiled.findall
    return lambda text: [match.group(0) for match in expression.finditer(text)]


class _WordTable(dict):
    """Lowercased token -> indexed word, or None for a stop word (filled on first sight)."""

    def __init__(self, stop: StopFilter | None, stem: StemFilter | None) -> None:
        super().__init__()
        self._stops = stop.stops if stop is not None else frozenset()
        self._min = stop.min if stop is not None else 0
        self._max = stop.max if stop is not None else None
        self._stem = stem._stem if stem is not None else None  # honours the filter's language

    def __missing__(self, word: str) -> str | None:
        kept = (
            len(word) >= self._min and (self._max is None or len(word) <= self._max) and word not in self._stops
        )
        result = (self._stem(word) if self._stem is not None else word) if kept else None
        if len(self) < 1_000_000:
            self[word] = result
        return result


def _kept(find, words: _WordTable, text: str) -> tuple[list[str], int]:
    """The indexed words of `text` in order, and the position of the first one.

    Whoosh's StopFilter renumbers: the first kept token keeps its position,
    the next ones follow it one by one.
    """
    if text.isascii():  # lowercasing ASCII first cannot move token boundaries
        mapped = list(map(words.__getitem__, find(text.lower())))
    else:
        mapped = list(map(words.__getitem__, map(str.lower, find(text))))
    if None not in mapped:
        return mapped, 0
    first = 0
    for first, word in enumerate(mapped):
        if word is not None:
            break
    return [word for word in mapped if word is not None], first


def _positions_indexer(find, words: _WordTable, boost: float, scorable: bool) -> FieldIndexer:
    single = [pack_uint(1) + dumps([p], 2) for p in range(_CACHED_POSITIONS)]

    def index(text: str, docnum: int, table: dict) -> int:
        kept, start = _kept(find, words, text)
        groups: dict[str, object] = {}  # word -> its position, or a list of them
        get = groups.get
        for position, word in enumerate(kept, start):
            found = get(word)
            if found is None:
                groups[word] = position
            elif found.__class__ is int:
                groups[word] = [found, position]
            else:
                found.append(position)
        entries = table.get
        for word, positions in groups.items():
            entry = entries(word)
            if entry is None:
                entry = table[word] = Postings()
            entry.ids.append(docnum)
            if positions.__class__ is int:
                entry.weights.append(boost)
                entry.values.append(
                    single[positions] if positions < _CACHED_POSITIONS else pack_uint(1) + dumps([positions], 2)
                )
            else:
                deltas = [positions[0], *(b - a for a, b in zip(positions, positions[1:]))]
                entry.weights.append(len(positions) * boost)
                entry.values.append(pack_uint(len(deltas)) + dumps(deltas, 2))
        return len(kept) if scorable else 0

    return index


def _frequency_indexer(find, words: _WordTable, boost: float, scorable: bool) -> FieldIndexer:
    def index(text: str, docnum: int, table: dict) -> int:
        kept, _start = _kept(find, words, text)
        counts: dict[str, int] = {}
        for word in kept:
            counts[word] = counts.get(word, 0) + 1
        for word, count in counts.items():
            _add(table, word, docnum, count * boost, pack_uint(count))
        return len(kept) if scorable else 0

    return index


def _existence_indexer(find, words: _WordTable, boost: float, scorable: bool) -> FieldIndexer:
    def index(text: str, docnum: int, table: dict) -> int:
        kept, _start = _kept(find, words, text)
        for word in dict.fromkeys(kept):
            _add(table, word, docnum, boost, b"")
        return len(kept) if scorable else 0

    return index
