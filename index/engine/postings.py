"""Whoosh's postings, read once per term into compact lists with BM25F weights.

A term's postings across all segments become one `Postings`: ascending global
document numbers and, for each, its BM25F "unit" score (the score divided by
the term's idf). Both lists hold shared objects (one int per document number,
one float per distinct (weight, field length) pair), so a cached posting costs
16 bytes and the evaluator's loops run over plain Python lists. Entries live
in an LRU bounded by an estimate of their memory.

Scores are Whoosh's own BM25F (whoosh.scoring.BM25F, B=0.75, K1=1.2): the same
idf (over doc_count_all), the same average field length and the same
byte-encoded document lengths, so rankings match Whoosh's searcher.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress
from math import log
from operator import getitem

from whoosh.util.numeric import byte_to_length

from index.engine import whoosh_format as w3
from index.engine.bitsets import BitSpace
from index.engine.lru import LRU

B = 0.75
K1 = 1.2
CACHE_BYTES = 64 * 1024 * 1024
_BIG_LIST = 2048  # postings
_POSITION_CACHE = 1 << 16


class Postings:
    """One term's postings: document numbers (ascending) and weights; BM25F scores when asked.

    Scores are computed on first use: a sort by date, a phrase or a filter
    never needs them, and a phrase only for the few documents it matches.
    """

    __slots__ = ("ids", "weights", "_scores", "_rows", "_lengths", "_factor", "_bits", "_space")

    def __init__(
        self, ids: Sequence[int], weights: array, rows, lengths: bytes | None, factor: float, space: BitSpace,
        scores=None, bits: int | None = None,
    ) -> None:
        # Tuples, not lists: the cyclic GC untracks a tuple of numbers, and walking millions
        # of cached list items made each full collection cost ~100 ms, mid-keystroke.
        self.ids = tuple(ids)
        self.weights = weights
        self._scores: tuple[float, ...] | None = None if scores is None else tuple(scores)  # given: known already
        self._rows = rows  # posting weight -> its scores by length byte
        self._lengths = lengths  # length byte by document number (None: not scorable)
        self._factor = factor  # applied after the rows (idf, for a list too small to scale rows for)
        self._bits = bits
        self._space = space

    @property
    def scores(self) -> tuple[float, ...]:
        if self._scores is None:
            self._scores = tuple(self.scores_at(self.ids, self.weights))
        return self._scores

    def scores_at(self, ids, weights) -> list[float]:
        """The scores of postings given by their document numbers and weights."""
        lengths = self._lengths.__getitem__ if self._lengths is not None else _no_length
        scores = list(map(getitem, map(self._rows.__getitem__, weights), map(lengths, ids)))
        return scores if self._factor == 1.0 else list(map(self._factor.__mul__, scores))

    @property
    def has_scores(self) -> bool:
        return self._scores is not None

    @property
    def bits(self) -> int:
        if self._bits is None:
            self._bits = self._space.from_ids(self.ids)
        return self._bits

    @property
    def has_bits(self) -> bool:
        return self._bits is not None

    def memory(self) -> int:
        # ids (shared ints) and scores (mostly shared floats) 8 bytes each, weights 4.
        return 20 * len(self.ids) + 200 + (self._space.nbytes if self._bits is not None else 0)


class _Summed(Postings):
    """Postings whose scores are sums (see IndexView.prefix): a float object of its own each."""

    __slots__ = ()

    def memory(self) -> int:
        return 40 * len(self.ids) + 200 + self._space.nbytes


def _no_length(docnum: int) -> int:
    return 0


class _UnitTable:
    """BM25F scores divided by idf for one field: a row of 256 (one per length byte) per posting weight."""

    def __init__(self, avgfl: float | None) -> None:
        self.avgfl = avgfl  # None: the field is not scorable, the score is the weight
        self.rows = _Rows(self._row)

    def _row(self, weight: float) -> list[float]:
        if self.avgfl is None:
            return [float(weight)] * 256
        norm = K1 * (1 - B)
        scale = K1 * B / self.avgfl
        factor = weight * (K1 + 1)
        return [factor / (weight + norm + scale * byte_to_length(lb)) for lb in range(256)]

    def scaled(self, idf: float) -> _Rows:
        """Rows of whole scores for a term with this idf (shared floats for a big posting list)."""
        return _Rows(lambda weight: [idf * unit for unit in self.rows[weight]])


class _Rows(dict):
    """Posting weight -> its row of 256 scores, made on first sight."""

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, weight: float) -> list[float]:
        row = self[weight] = self._make(weight)
        return row


class IndexView:
    """Read access below Whoosh's matchers: segments, columns and term postings.

    Not thread-safe, like the searcher it wraps.
    """

    def __init__(self, searcher, cache_bytes: int = CACHE_BYTES) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = self.reader.schema
        self.size = self.reader.doc_count_all()
        self.space = BitSpace(self.size)
        self.docnums = tuple(range(self.size))  # shared int objects for every cached posting
        # An index with no papers has one EmptyReader leaf, which has no segment API: left out.
        self.segments = [(leaf, offset) for leaf, offset in self.reader.leaf_readers() if leaf.doc_count_all()]
        deleted = [offset + d for leaf, offset in self.segments for d in leaf.deleted_docs_set]
        self.live = self.space.all & ~self.space.from_ids(deleted) if deleted else self.space.all
        self._lengths: dict[str, bytes] = {}
        self._units: dict[str, _UnitTable] = {}
        self._cache: LRU[tuple, Postings | None] = LRU(cache_bytes, cost=_memory)
        self._positions: dict[bytes, tuple[int, ...]] = {}
        self._words: dict[str, list[str]] = {}  # a field's words, sorted, for fuzzy words

    # Columns

    def numeric_column(self, name: str) -> array:
        """A numeric column's values for every document number."""
        field = self.schema[name]
        column = field.column_type
        values = array(field.sortable_typecode)
        for leaf, _offset in self.segments:
            reader = leaf.column_reader(name, column, translate=False)
            values.extend(w3.numeric_values(reader, leaf.doc_count_all(), column))
        return values

    def bytes_column(self, name: str) -> list[bytes]:
        """A variable-length bytes column's values for every document number."""
        column = self.schema[name].column_type
        values: list[bytes] = []
        for leaf, _offset in self.segments:
            reader = leaf.column_reader(name, column, translate=False)
            values.extend(w3.bytes_values(reader, leaf.doc_count_all()))
        return values

    def lengths(self, field: str) -> bytes:
        """The byte-encoded length of `field` in every document (0: none)."""
        if field not in self._lengths:
            parts = [w3.field_lengths(leaf, field, leaf.doc_count_all()) for leaf, _offset in self.segments]
            self._lengths[field] = b"".join(parts)
        return self._lengths[field]

    # Postings

    def term(self, field: str, text) -> Postings | None:
        """The postings of one term (None if no document has it), through the cache."""
        return self._through_cache((field, text), lambda: self._read(field, text))

    def prefix(self, field: str, prefix: str) -> Postings | None:
        """The postings of every word of `field` starting with `prefix`, as one list: each document
        once, scored with the sum of its words' scores (in word order, as Whoosh's union of the
        words adds them); None if no word starts with it. Through the cache.

        Read walking each segment's lexicon from the prefix: a prefix of thousands of words
        costs no lookup of each word in each segment (0.1-0.3 ms a word).
        """
        return self._through_cache((field, prefix, "*"), lambda: self._read_prefix(field, prefix))

    def _through_cache(self, key: tuple, read) -> Postings | None:
        if key in self._cache:
            return self._cache.get(key)
        return self._cache.put(key, read())

    def note_bits(self, postings: Postings) -> None:
        """Account for a cached entry's bitset once it is built."""
        self._cache.add_cost(self.space.nbytes)

    def _read(self, field: str, text) -> Postings | None:
        infos = self.term_infos(field, text)
        return self._postings_of(field, infos) if infos else None

    def _read_prefix(self, field: str, prefix: str) -> Postings | None:
        if field not in self.schema:
            return None
        words: dict[bytes, list] = {}  # word -> its (term info, postings file, offset, span) in each segment
        for leaf, offset in self.segments:
            postfile = w3.postings_file(leaf)
            found = list(leaf.iter_prefix(field, prefix))
            span = w3.Span(postfile, [info for _word, info in found])
            for word, info in found:
                words.setdefault(word, []).append((info, postfile, offset, span))
        if not words:
            return None
        totals = [0.0] * self.size
        ids: list[int] = []
        for word in sorted(words):  # UTF-8 bytes sort as their text: the order of the query's words
            postings = self._postings_of(field, words[word])
            for docnum, score in zip(postings.ids, postings.scores):
                totals[docnum] += score
            ids += postings.ids
        bits = self.space.from_ids(ids)
        ids = self.space.ids(bits)
        return _Summed(ids, array("f"), None, None, 1.0, self.space, scores=map(totals.__getitem__, ids), bits=bits)

    def _postings_of(self, field: str, infos: list) -> Postings:
        """A term's postings from its (term info, postings file, offset[, span]) in each segment having it."""
        ids: list[int] = []
        weights = array("f")
        for info, postfile, offset, *span in infos:
            w3.read_postings(postfile, info, offset, ids, weights, self.docnums, span[0].of(info) if span else None)
        return self._scored(field, sum(entry[0].doc_frequency() for entry in infos), ids, weights)

    def _scored(self, field: str, count: int, ids: list[int], weights) -> Postings:
        """Postings of a term that `count` documents have (all of them, or some: see phrase_postings)."""
        scorable = self.schema[field].scorable
        table = self._unit_table(field, scorable)
        # Whoosh's idf: log(documents / (doc frequency + 1)) + 1, over all segments.
        idf = log(self.size / (count + 1)) + 1 if scorable else 1.0
        # A big list shares the floats of rows scaled by idf; a small one
        # multiplies its few units rather than scaling whole rows.
        big = count >= _BIG_LIST
        rows = table.scaled(idf) if big and idf != 1.0 else table.rows
        lengths = self.lengths(field) if scorable else None
        factor = idf if not big and idf != 1.0 else 1.0
        return Postings(ids, weights, rows, lengths, factor, self.space)

    def score(self, field: str, frequency: int, weight: float, docnum: int) -> float:
        """The score a posting of `weight` in `docnum` has in the postings of a term that
        `frequency` documents have (as _scored makes them), without reading those postings."""
        idf = log(self.size / (frequency + 1)) + 1
        return idf * self._unit_table(field, True).rows[weight][self.lengths(field)[docnum]]

    def _unit_table(self, field: str, scorable: bool) -> _UnitTable:
        key = field if scorable else f"{field}\0weights"
        if key not in self._units:
            avgfl = (self.searcher.avg_field_length(field) or 1) if scorable else None
            self._units[key] = _UnitTable(avgfl)
        return self._units[key]

    # Words, for fuzzy matching

    def fuzzy_words(self, field: str, text: str, maxdist: int, prefix: int) -> list[str]:
        """The field's words within `maxdist` edits of `text` sharing its first `prefix` letters, sorted."""
        from whoosh.automata.fsa import find_all_matches
        from whoosh.automata.lev import levenshtein_automaton

        words = self._sorted_words(field)

        def first_from(key: str) -> str | None:
            at = bisect_left(words, key)
            return words[at] if at < len(words) else None

        automaton = levenshtein_automaton(text, maxdist, prefix).to_dfa()
        return sorted(set(find_all_matches(automaton, first_from)))

    def _sorted_words(self, field: str) -> list[str]:
        """Every word of `field` in any segment, sorted (read once)."""
        if field not in self._words:
            found: set[str] = set()
            if field in self.schema and self.schema[field].indexed:
                for leaf, _offset in self.segments:
                    found.update(word.decode("utf-8") if isinstance(word, bytes) else word
                                 for word, _info in leaf.iter_field(field))
            self._words[field] = sorted(found)
        return self._words[field]

    def field_terms(self, field: str) -> list[list[tuple[str, object]]]:
        """Each segment's words of `field` in lexicon order, with their term infos: one walk of
        each segment's words, for reading many of them (see term_ids) without a lookup per word."""
        if field not in self.schema:
            return [[] for _segment in self.segments]
        return [[(_decoded(word), info) for word, info in leaf.iter_field(field)] for leaf, _offset in self.segments]

    def term_ids(self, segment: int, info) -> list[int]:
        """The document numbers of a term of the `segment`-th segment, from its term info (see field_terms)."""
        leaf, offset = self.segments[segment]
        ids: list[int] = []
        w3.read_postings(w3.postings_file(leaf), info, offset, ids, array("f"), self.docnums)
        return ids

    # Positions, for phrases

    def cached_term(self, field: str, text) -> Postings | None:
        """A term's postings if they are in the cache already (None otherwise): nothing is read."""
        return self._cache.peek((field, text))

    def term_infos(self, field: str, text) -> list[tuple]:
        """(term info, postings file, offset) of a word in each segment having it; [] when none has."""
        if field not in self.schema:
            return []
        try:
            tbytes = self.schema[field].to_bytes(text) if not isinstance(text, bytes) else text
        except ValueError:
            return []
        return [
            (info, w3.postings_file(leaf), offset)
            for leaf, offset in self.segments
            if (info := w3.term_info(leaf, field, tbytes)) is not None
        ]

    def postings_in(self, infos: list[tuple], wanted: bytearray) -> WordPlaces:
        """A term's postings (from term_infos) in the documents flagged in `wanted`: their
        encoded positions by document number, and their weights on demand.

        Blocks holding none of the wanted documents are not unpickled, and positions are
        left encoded: a phrase decodes them only where all its words are.
        """
        places = WordPlaces()
        values = places.values
        for info, postfile, offset in infos:
            for ids, weights, block_values in w3.blocks_in(postfile, info, offset, wanted):
                places.blocks.append((ids, weights))
                low, high = ids[0], ids[-1] + 1
                count = wanted.count(1, low, high)
                if count == high - low:  # every document of its range: all of it
                    values.update(zip(ids, block_values))
                elif count * 8 < len(ids):  # a few: found by halving, not by a look at each posting
                    docnum = wanted.find(1, low, high)
                    while docnum >= 0:
                        at = bisect_left(ids, docnum)
                        if ids[at] == docnum:
                            values[docnum] = block_values[at]
                        docnum = wanted.find(1, docnum + 1, high)
                else:
                    keep = bytes(map(wanted.__getitem__, ids))
                    values.update(zip(compress(ids, keep), compress(block_values, keep)))
        return places

    def phrase_postings(self, field: str, infos: list[tuple], ids: list[int], weights) -> Postings:
        """A phrase word's postings in the documents the phrase matches (`ids`), scored as
        the word's whole postings would be there."""
        return self._scored(field, sum(info.doc_frequency() for info, _file, _offset in infos), ids, array("f", weights))

    @property
    def position_cache(self) -> dict[bytes, tuple[int, ...]]:
        """Decoded positions by posting value, as decode_positions fills it: a phrase's inner
        loop reads it directly, without a method call per posting."""
        return self._positions

    def decode_positions(self, value: bytes) -> tuple[int, ...]:
        """The positions of a posting value (see postings_in)."""
        cache = self._positions
        positions = cache.get(value)
        if positions is None:
            if len(cache) >= _POSITION_CACHE:
                cache.clear()
            positions = cache[value] = w3.decode_positions(value)
        return positions


class WordPlaces:
    """One word's postings in some documents (see IndexView.postings_in)."""

    __slots__ = ("values", "blocks")

    def __init__(self) -> None:
        self.values: dict[int, bytes] = {}  # encoded positions, by document number
        self.blocks: list[tuple[list[int], Sequence[float]]] = []  # (document numbers, weights) of each block read

    def weight(self, docnum: int) -> float:
        """The posting's weight in `docnum` (one of `values`): looked up only where a phrase matched."""
        blocks = self.blocks
        at = bisect_right(blocks, docnum, key=_first_id) - 1
        ids, weights = blocks[at]
        return weights[bisect_left(ids, docnum)]


def _first_id(block: tuple[list[int], Sequence[float]]) -> int:
    return block[0][0]


def _decoded(word: bytes | str) -> str:
    return word.decode("utf-8") if isinstance(word, bytes) else word


def _memory(postings: Postings | None) -> int:
    return postings.memory() if postings is not None else 64  # a word no document has
