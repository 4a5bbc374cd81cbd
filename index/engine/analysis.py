"""Index-time analysis without Whoosh's per-token generator chain.

Whoosh analyses a field by passing one Token object through a chain of
generators (tokenizer, lowercase, stop words, stemmer), then groups positions
per word: ~2 µs per token in pure Python. For the analyzer shapes the schema
uses, `field_indexer` builds an equivalent indexer that tokenizes with one
regex call, maps each distinct lowercased word to its stem (or to "stopped")
through a dictionary, and files each token straight into its word's postings
in one loop. Its postings are exactly what `FieldType.index` gives for the
same text (tested on the sample corpus); any other analyzer falls back to
Whoosh's own.

Postings are gathered per word as one flat list: document number, code,
document number, code... (two appends per posting, no per-document
grouping). What a code is depends on the field's format; `finish` turns a
word's codes into the posting weights and values Whoosh stores.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from operator import sub
from pickle import dumps

from whoosh.analysis import IDTokenizer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint

from index.engine.whoosh_format import stem_function
from index.engine.word_pairs import WordPairs, pairs_in

class FieldIndexer:
    """Files one field's values into per-word posting lists; see the module docstring.

    index(value, docnum, table) adds the postings of one document (table maps
    a word, str or bytes, to its flat list) and returns the field's length
    (kept tokens; 0 if the field is not scorable). finish(codes) gives the
    weights and values of a word's postings, in document order.
    """

    index: Callable[[str, int, dict], int]
    finish: Callable[[list], tuple[array, list[bytes]]]
    bare = False  # every posting of weight 1, with no value and no length: whoosh_format.add_bare_term


def field_indexer(fieldobj, tables: dict | None = None) -> FieldIndexer:
    """The indexer for `fieldobj`: fast when its analyzer allows, else Whoosh's own.

    `tables` (kept by the caller across fields) lets fields of one analyzer share their
    word table, so a field and its pairs field (word_pairs.py) split each text once."""
    return _fast_indexer(fieldobj, tables) or _WhooshIndexer(fieldobj)


class _WhooshIndexer(FieldIndexer):
    """FieldType.index itself; a code is the posting's (weight, value)."""

    def __init__(self, fieldobj) -> None:
        self.field = fieldobj

    def index(self, value: str, docnum: int, table: dict) -> int:
        length = 0
        for word, freq, weight, vbytes in self.field.index(value):
            entry = table.get(word)
            if entry is None:
                table[word] = [docnum, (weight, vbytes)]
            else:
                entry += (docnum, (weight, vbytes))
            length += freq
        return length if self.field.scorable else 0

    def finish(self, codes: list) -> tuple[array, list[bytes]]:
        return array("f", [weight for weight, _value in codes]), [value for _weight, value in codes]


def word_stems(fieldobj) -> Callable[[str], str | None] | None:
    """A lower-case word -> the term the field indexes it as (None for a stop word), as
    one token of the field's analysis gives, without its generator chain: None when the
    field's analyzer is not one the fast indexers know (then run the analyzer itself)."""
    indexer = _fast_indexer(fieldobj)
    words = getattr(indexer, "words", None)
    return words.__getitem__ if isinstance(words, _WordTable) else None


def indexed_words(fieldobj) -> Callable[[str], list[str]]:
    """text -> the words the field indexes of it, in order (stop words left out)."""
    indexer = _fast_indexer(fieldobj)
    words = getattr(indexer, "words", None)
    if isinstance(words, _WordTable):
        return lambda text: words.kept(text)[0]
    analyzer = fieldobj.analyzer
    return lambda text: [token.text for token in analyzer(text, mode="index")]


def _fast_indexer(fieldobj, tables: dict | None = None) -> FieldIndexer | None:
    if fieldobj.self_parsing():  # a NUMERIC makes its own terms from numbers, not from text
        return None
    analyzer = fieldobj.analyzer
    items = list(analyzer.items) if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
    boost = fieldobj.format.field_boost
    format_type = type(fieldobj.format)
    if len(items) == 1 and type(items[0]) is IDTokenizer and format_type is Existence:
        return _IdIndexer(boost, fieldobj.scorable)
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
    if tables is None:
        tables = {}
    words = tables.get(id(analyzer))
    if words is None:
        words = tables[id(analyzer)] = _WordTable(_finder(tokenizer.expression), stop, stem)
    if format_type is Positions:
        return _PositionsIndexer(words, boost, fieldobj.scorable)
    if format_type is Frequency:
        return _FrequencyIndexer(words, boost, fieldobj.scorable)
    if format_type is Existence:
        return _ExistenceIndexer(words, boost, fieldobj.scorable)
    if format_type is WordPairs:
        return _PairsIndexer(words, fieldobj.format.common)
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

    def __init__(self, find, stop: StopFilter | None, stem: StemFilter | None) -> None:
        super().__init__()
        self.find = find
        self._stops = stop.stops if stop is not None else frozenset()
        self._min = stop.min if stop is not None else 0
        self._max = stop.max if stop is not None else None
        self._stem = stem_function(stem) if stem is not None else None  # honours the filter's language
        self._last_text: str | None = None
        self._last_kept: tuple[list[str], int] = ([], 0)

    def __missing__(self, word: str) -> str | None:
        kept = len(word) >= self._min and (self._max is None or len(word) <= self._max) and word not in self._stops
        result = (self._stem(word) if self._stem is not None else word) if kept else None
        if len(self) < 1_000_000:
            self[word] = result
        return result

    def kept(self, text: str) -> tuple[list[str], int]:
        """The indexed words of `text` in order, and the position of the first one.

        Whoosh's StopFilter renumbers: the first kept token keeps its position,
        the next ones follow it one by one. The same text (the same object) twice in a row
        is split once: a field and its pairs field are given one string.
        """
        if text is self._last_text:
            return self._last_kept
        self._last_text = text
        self._last_kept = self._split(text)
        return self._last_kept

    def _split(self, text: str) -> tuple[list[str], int]:
        if text.isascii():  # lowercasing ASCII first cannot move token boundaries
            mapped = list(map(self.__getitem__, self.find(text.lower())))
        else:
            mapped = list(map(self.__getitem__, map(str.lower, self.find(text))))
        if None not in mapped:
            return mapped, 0
        first = 0
        for first, word in enumerate(mapped):
            if word is not None:
                break
        return [word for word in mapped if word is not None], first


class _PositionsIndexer(FieldIndexer):
    """A code is the word's position in the document, or the tuple of its positions."""

    def __init__(self, words: _WordTable, boost: float, scorable: bool) -> None:
        self.words = words
        self.scorable = scorable
        self._values = _Encoded(_encode)
        self._weights = _Encoded(lambda code: boost if code.__class__ is int else len(code) * boost)

    def index(self, text: str, docnum: int, table: dict) -> int:
        kept, start = self.words.kept(text)
        get = table.get
        for position, word in enumerate(kept, start):
            entry = get(word)
            if entry is None:
                table[word] = [docnum, position]
            elif entry[-2] != docnum:
                entry += (docnum, position)
            else:
                last = entry[-1]
                entry[-1] = (last, position) if last.__class__ is int else (*last, position)
        return len(kept) if self.scorable else 0

    def finish(self, codes: list) -> tuple[array, list[bytes]]:
        return array("f", map(self._weights.__getitem__, codes)), list(map(self._values.__getitem__, codes))


class _Encoded(dict):
    """code -> what `encode` makes of it, remembered (codes repeat: most words occur once)."""

    def __init__(self, encode) -> None:
        super().__init__()
        self._encode = encode

    def __missing__(self, code):
        value = self._encode(code)
        if len(self) >= 200_000:
            self.clear()
        self[code] = value
        return value


def _encode(positions) -> bytes:
    """Whoosh's Positions.encode, of one position or a tuple of them."""
    if positions.__class__ is int:
        return pack_uint(1) + dumps([positions], 2)
    return pack_uint(len(positions)) + dumps([positions[0], *map(sub, positions[1:], positions)], 2)


class _FrequencyIndexer(FieldIndexer):
    """A code is how often the word occurs in the document."""

    def __init__(self, words: _WordTable, boost: float, scorable: bool) -> None:
        self.words = words
        self.boost = boost
        self.scorable = scorable

    def index(self, text: str, docnum: int, table: dict) -> int:
        kept, _start = self.words.kept(text)
        get = table.get
        for word in kept:
            entry = get(word)
            if entry is None:
                table[word] = [docnum, 1]
            elif entry[-2] != docnum:
                entry += (docnum, 1)
            else:
                entry[-1] += 1
        return len(kept) if self.scorable else 0

    def finish(self, codes: list) -> tuple[array, list[bytes]]:
        boost = self.boost
        return array("f", [count * boost for count in codes]), list(map(pack_uint, codes))


class _ExistenceIndexer(FieldIndexer):
    """A code is None: the word occurs."""

    def __init__(self, words: _WordTable, boost: float, scorable: bool) -> None:
        self.words = words
        self.boost = boost
        self.scorable = scorable

    def index(self, text: str, docnum: int, table: dict) -> int:
        kept, _start = self.words.kept(text)
        for word in dict.fromkeys(kept):
            entry = table.get(word)
            if entry is None:
                table[word] = [docnum, None]
            else:
                entry += (docnum, None)
        return len(kept) if self.scorable else 0

    def finish(self, codes: list) -> tuple[array, list[bytes]]:
        return array("f", [self.boost]) * len(codes), [b""] * len(codes)


class _PairsIndexer(_ExistenceIndexer):
    """A term per pair of common words side by side (word_pairs.py); a code is None."""

    bare = True

    def __init__(self, words: _WordTable, common: frozenset[str]) -> None:
        super().__init__(words, 1.0, False)
        self.common = common

    def index(self, text: str, docnum: int, table: dict) -> int:
        kept, _start = self.words.kept(text)
        get = table.get
        for term in pairs_in(kept, self.common):
            entry = get(term)
            if entry is None:
                table[term] = [docnum, None]
            else:
                entry += (docnum, None)
        return 0  # not scorable


class _IdIndexer(_ExistenceIndexer):
    """IDTokenizer: the whole value is the one word."""

    def __init__(self, boost: float, scorable: bool) -> None:
        super().__init__(None, boost, scorable)

    def index(self, text: str, docnum: int, table: dict) -> int:
        entry = table.get(text)
        if entry is None:
            table[text] = [docnum, None]
        elif entry[-2] != docnum:
            entry += (docnum, None)
        return 1 if self.scorable else 0
