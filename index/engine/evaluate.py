"""Evaluate a parsed Whoosh query on cached postings: bitsets for matching, BM25F sums for ranking.

Matching walks the query tree once, bottom-up: every node becomes a bitset of
the documents it matches (AND, OR and NOT are integer operations), phrases are
checked on positions only for the documents that have all their words, and
numeric and date ranges come from column values. A phrase of common words starts from
the documents of its pairs of words (word_pairs.py).

Ranking is Whoosh's scoring model: a document's score is the sum, over the
query's positive leaves it matches, of the leaf's BM25F score times the boosts
above it (Whoosh's And, Or, AndMaybe and phrase matchers add their children's
scores; AndNot and Require keep the first side's; constant-score nodes add
their boost). A leaf only counts where every node above it matches, which the
second, top-down walk records as a restricting bitset when it matters.

Node types not listed here are handed to Whoosh's own matcher, so every query
Whoosh can run still runs.

Where Whoosh's own results are accidents of its matcher machinery rather than
of its model, the evaluator keeps to the model. Whoosh expands a fuzzy, wildcard
or range query, and picks the matcher of the union of its words, segment by
segment: on an index of segments of 5,000 documents or fewer (an incremental
update's, or a two-process build of under 10,000 papers) a word's matches score
1.0 in one segment and their BM25F sum in the next. The evaluator expands over
the whole index and picks once (_collect_expansion). And Whoosh's AndNot keeps
a segment's first match when the NOT side's first match comes before it; the
evaluator does not. tests/unit/test_engine_differential.py holds both.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from array import array
from itertools import compress
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    FuzzyTerm,
    MultiTerm,
    Not,
    NumericRange,
    Or,
    Otherwise,
    Phrase,
    Require,
    Term,
)

from index.engine.postings import IndexView, Postings, WordPlaces
from index.engine.prefix_bits import PrefixBits
from index.engine.query import ExpandedPrefix
from index.engine.whoosh_format import NullQuery, multiterm_words
from index.engine.word_pairs import pair_term, pairs_field

_OWN_BITSET = 1024  # postings from which a term's bitset is built and kept
_FILTER_FROM = 4096  # postings from which a term's scores are selected by the matches first
_LOOKED_UP = 64  # words of a prefix up to which its matches are read word by word (each cached)


@dataclass(slots=True)
class _Part:
    """One addend of the score: `weight` times each posting's unit, or a constant over `bits`."""

    weight: float
    postings: Postings | None
    region: int | None  # None: wherever the postings are (within the final matches)
    bits: int = 0  # for constants


class Evaluation:
    """One query's matches, and (on demand) its scores."""

    def __init__(self, evaluator: Evaluator, query, within: int | None = None) -> None:
        """`within`: the documents the caller keeps of the matches (a reading list, a digest's
        new papers). Phrases check positions only there: any boolean combination of sets,
        narrowed to `within` at the end, is the same combination of the sets narrowed first."""
        self._evaluator = evaluator
        self._view = evaluator.view
        self.query = query
        self._within = within
        self._bits: dict[int, int] = {}
        self._expanded: dict[int, list] = {}
        # A phrase's words' postings where it matches, or what reads them when first needed.
        self._phrase_words: dict[int, list[Postings] | Callable[[], list[Postings]]] = {}
        # Set by scores(): every match has the same score (a prefix being typed, constant parts
        # only), so the ranking is document order and needs no sort (see OpenIndex._ranked).
        self.uniform = False
        matches = self._match(query) & self._view.live
        self.matches = matches if within is None else matches & within

    # Matching

    def _match(self, node) -> int:
        key = id(node)
        if key not in self._bits:
            self._bits[key] = self._compute(node)
        return self._bits[key]

    def _compute(self, node) -> int:
        view = self._view
        if isinstance(node, Term):
            postings = view.term(node.fieldname, node.text)
            return self._postings_bits(postings)
        if isinstance(node, ExpandedPrefix):
            kept = self._evaluator.kept_prefix(node)
            if kept is not None:
                return kept
            if node.prefix and (not node.constant or len(node.subqueries) > _LOOKED_UP):
                # Its scores will be wanted, or its words are too many to look up one by one.
                summed = view.prefix(node.field_name, node.prefix)
                return (summed.bits if summed is not None else 0) | self._union(_whole_word_stems(node))
            return self._union(node.subqueries)
        if isinstance(node, Or):
            return self._union(node.subqueries)
        if isinstance(node, And):
            return self._intersection(node.subqueries)
        if isinstance(node, Not):
            return view.live & ~self._match(node.query)
        if isinstance(node, AndNot):
            positive = self._match(node.a)
            return positive & ~self._match(node.b) if positive else 0
        if isinstance(node, Require):
            positive = self._match(node.a)
            return positive & self._match(node.b) if positive else 0
        if isinstance(node, AndMaybe):
            self._match(node.b)
            return self._match(node.a)
        if isinstance(node, Otherwise):
            first = self._match(node.a)
            return first if first else self._match(node.b)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, NumericRange):
            return self._evaluator.range_bits(node)
        if isinstance(node, Every):
            return self._evaluator.every_bits(node.fieldname)
        if isinstance(node, NullQuery):
            return 0
        if isinstance(node, MultiTerm):
            if self._is_every(node):  # `title:*`: Whoosh's Every of the field
                return self._evaluator.every_bits(node.field())
            return self._union(self._expansion(node))
        return self._evaluator.fallback(node).bits

    def _postings_bits(self, postings: Postings | None) -> int:
        if postings is None:
            return 0
        if not postings.has_bits:
            bits = postings.bits
            self._view.note_bits(postings)
            return bits
        return postings.bits

    def _union(self, children) -> int:
        # Big terms keep a bitset for later queries; the documents of small
        # ones (most words of an expanded prefix) are gathered into one list
        # and turned into a bitset once.
        view = self._view
        bits = 0
        small: list[int] = []
        for child in children:
            if isinstance(child, Term) and id(child) not in self._bits:
                postings = view.term(child.fieldname, child.text)
                if postings is None:
                    continue
                if postings.has_bits or len(postings.ids) >= _OWN_BITSET:
                    bits |= self._postings_bits(postings)
                else:
                    small += postings.ids
            else:
                bits |= self._match(child)
        if small:
            bits |= view.space.from_ids(small)
        return bits

    def _intersection(self, children) -> int:
        positives = [child for child in children if not isinstance(child, Not)]
        negatives = [child.query for child in children if isinstance(child, Not)]
        bits = self._view.live if not positives else -1
        # Cheapest first: a term's posting count is known without reading it.
        for child in sorted(positives, key=self._estimate):
            bits &= self._match(child)
            if not bits:
                return 0
        for child in negatives:
            bits &= ~self._match(child)
        return bits

    def _estimate(self, node) -> int:
        if isinstance(node, ExpandedPrefix):
            if self._evaluator.keeps_prefix(node):
                return self._match(node).bit_count()  # its matches are at hand
            return node.postings  # its words' frequencies, summed when it was expanded
        if isinstance(node, Term):
            try:
                return self._view.reader.doc_frequency(node.fieldname, node.text)
            except Exception:
                return 0
        if isinstance(node, Or):
            return sum(self._estimate(child) for child in node.subqueries)
        if isinstance(node, (And, Phrase)):
            children = node.subqueries if isinstance(node, And) else [Term(node.fieldname, w) for w in node.words]
            return min((self._estimate(child) for child in children), default=0)
        return self._view.size

    @staticmethod
    def _is_every(node) -> bool:
        return getattr(node, "text", None) in ("", "*") and not isinstance(node, Term)

    def _expansion(self, node) -> list:
        """A multi-term query's terms, as Whoosh expands them."""
        key = id(node)
        if key not in self._expanded:
            words = expand(node, self._view)
            self._expanded[key] = [Term(node.field(), word) for word in words]
        return self._expanded[key]

    def _phrase(self, node: Phrase) -> int:
        view = self._view
        field = node.fieldname
        if field not in view.schema or not node.words:
            return 0
        alive = view.live if self._within is None else view.live & self._within
        if len(node.words) == 1:
            return alive & self._postings_bits(view.term(field, node.words[0]))
        words = sorted(set(node.words), key=node.words.index)
        infos = {word: view.term_infos(field, word) for word in words}
        if not all(infos.values()):
            return 0
        for word in words:  # words read already narrow the search for free
            cached = view.cached_term(field, word)
            if cached is not None:
                alive &= self._postings_bits(cached)
        if node.slop == 1:
            alive, whole = self._through_pairs(field, node.words, alive)
            if not alive:
                return 0
            if whole:  # the phrase is one pair: its documents match, only scoring is left
                # Its words' weights are read only if it is scored: a count never reads them.
                self._phrase_words[id(node)] = lambda: self._pair_phrase_words(field, node.words, infos, alive)
                return alive
        rarest = sorted(words, key=lambda w: sum(info.doc_frequency() for info, *_rest in infos[w]))
        alive, found = self._having_all(rarest, infos, alive, node)
        if not alive:
            return 0
        if node.slop > 1:
            decode = view.decode_positions
            matched = [
                docnum
                for docnum in view.space.ids(alive)
                if _in_sequence([decode(found[word].values[docnum]) for word in node.words], node.slop)
            ]
        else:
            matched = view.space.ids(alive)  # _having_all checked every word's place
        # Its words score only where it matches: their postings there are all scoring needs.
        self._phrase_words[id(node)] = [
            view.phrase_postings(field, infos[word], matched, list(map(found[word].weight, matched))) for word in node.words
        ]
        return view.space.from_ids(matched)

    def _pair_phrase_words(self, field: str, words: list[str], infos: dict, matches: int) -> list[Postings]:
        """A one-pair phrase's words' postings in its `matches` (see _phrase)."""
        view = self._view
        matched = view.space.ids(matches)
        wanted = view.space.flags(matches)
        found = {word: view.postings_in(infos[word], wanted) for word in dict.fromkeys(words)}
        return [view.phrase_postings(field, infos[word], matched, list(map(found[word].weight, matched))) for word in words]

    def _through_pairs(self, field: str, words: list[str], alive: int) -> tuple[int, bool]:
        """The documents of `alive` having every pair of common words of an exact phrase
        (word_pairs.py), all of `alive` if it has none; and whether the phrase is one pair."""
        view = self._view
        name = pairs_field(field)
        if name not in view.schema:
            return alive, False
        common = view.schema[name].format.common
        terms = list(dict.fromkeys(pair_term(a, b) for a, b in zip(words, words[1:]) if a in common and b in common))
        for term in terms:
            postings = view.term(name, term)
            if postings is None:
                return 0, False
            alive &= self._postings_bits(postings)
            if not alive:
                break
        return alive, len(words) == 2 and bool(terms)

    def _having_all(
        self, rarest: list[str], infos: dict, alive: int, node: Phrase
    ) -> tuple[int, dict[str, WordPlaces]]:
        """The documents of `alive` having every word, and each word's postings there (weight
        and encoded positions by document number).

        The rarest word first, each next one read only in the documents still in: a block
        with none of them is not even unpickled, and a long list is read once, not once for
        its document numbers and again for its positions. For an exact phrase (slop 1) the
        words read so far must also stand at their distances in the phrase before the next
        one is read: two rare words of a phrase seldom do, so the commonest word, read last,
        is read in a handful of documents instead of in every one having the other words.
        """
        view = self._view
        found: dict[str, WordPlaces] = {}
        starts: dict[int, tuple[int, ...]] = {}  # where the phrase can start, by document
        first: tuple[dict, int] | None = None  # the first word, while its starts are not worked out
        for word in rarest:
            if not alive:
                break
            found[word] = view.postings_in(infos[word], view.space.flags(alive))
            postings = found[word].values
            indices = [index for index, other in enumerate(node.words) if other == word]
            if node.slop > 1:
                alive = view.space.from_ids(list(postings))
                continue
            if len(found) == 1 and len(indices) == 1:
                # Its starts are worked out only in the documents having the next word too.
                first = (postings, indices[0])
                alive = view.space.from_ids(list(postings))
                continue
            starts = self._starts(postings, indices, starts, first)
            first = None
            alive = view.space.from_ids(list(starts))
        return alive, found

    def _starts(self, postings: dict, indices: list[int], starts: dict, first: tuple[dict, int] | None) -> dict:
        """Where the phrase can start in each document of `postings` with this word at its
        `indices`, given where it could before: `starts`, or the places of the `first` word.
        Most words occur once in an abstract: one place against one is a subtraction."""
        view = self._view
        cached, decode = view.position_cache.get, view.decode_positions  # the cache first: most values repeat
        narrowed: dict[int, tuple[int, ...]] = {}
        single = indices[0] if len(indices) == 1 else None
        for docnum, value in postings.items():
            places = cached(value) or decode(value)
            # The places so far, and what to subtract from one to get where the phrase starts.
            if first is not None:
                value = first[0][docnum]
                earlier, shift = cached(value) or decode(value), first[1]
            elif starts:
                earlier, shift = starts[docnum], 0
            else:  # the first word, at several places of the phrase
                earlier, shift = places, indices[0]
            if single is not None:
                offset = single - shift  # this word stands `offset` after a place so far
                if len(earlier) == 1:
                    if earlier[0] + offset in places:
                        narrowed[docnum] = (earlier[0] - shift,)
                else:
                    kept = tuple(place - shift for place in earlier if place + offset in places)
                    if kept:
                        narrowed[docnum] = kept
                continue
            kept = {place - shift for place in earlier}
            for index in indices:
                kept.intersection_update([p - index for p in places])
            if kept:
                narrowed[docnum] = tuple(kept)
        return narrowed

    # Scoring

    def scores(self) -> tuple[tuple[float, ...], float]:
        """Each document's score (by document number; only matches are meaningful) and a constant added to all."""
        parts: list[_Part] = []
        self._collect(self.query, None, 1.0, parts)
        view = self._view
        matches = self.matches
        totals = [0.0] * view.size
        constant = 0.0
        self.uniform = True
        for part in parts:
            if part.postings is None:
                bits = part.bits if part.region is None else part.bits & part.region
                if not matches & ~bits:
                    constant += part.weight
                elif bits & matches:
                    self.uniform = False
                    for docnum in view.space.ids(bits & matches):
                        totals[docnum] += part.weight
                continue
            self.uniform = False
            _add_scores(totals, part, view, matches)
        return tuple(totals), constant  # kept with the results: a tuple the GC does not walk

    def _collect(self, node, region: int | None, inherited: float, parts: list[_Part]) -> None:
        boost = inherited * getattr(node, "boost", 1.0)
        if isinstance(node, Term):
            # A term only counts where it occurs: no narrowing needed.
            postings = self._view.term(node.fieldname, node.text)
            if postings is not None:
                parts.append(_Part(boost, postings, region))
            return
        if isinstance(node, Not):
            # Its bits are those of its query: it counts where that does not match.
            inner = self._bits.get(id(node.query), 0)
            parts.append(_Part(inherited, None, region, self._view.live & ~inner))
            return
        bits = self._bits.get(id(node))
        if bits is None or not bits & self.matches:
            return
        if isinstance(node, ExpandedPrefix) and node.constant:
            parts.append(_Part(boost, None, region, bits))
        elif isinstance(node, ExpandedPrefix) and node.prefix:
            # Every word starting with the prefix in one list of summed scores, and the stems
            # of whole words that do not (few); each counts where it matches.
            summed = self._view.prefix(node.field_name, node.prefix)
            if summed is not None:
                parts.append(_Part(boost, summed, region))
            for child in _whole_word_stems(node):
                self._collect(child, region, boost, parts)
        elif isinstance(node, Or):
            # Each child counts where it matches, which its own walk enforces.
            for child in node.subqueries:
                self._collect(child, region, boost, parts)
        elif isinstance(node, Otherwise):
            chosen = node.a if self._bits.get(id(node.a)) else node.b
            self._collect(chosen, region, boost, parts)
        elif isinstance(node, And):
            # A NOT inside an AND adds Whoosh's inverse matcher score, 1.0.
            region = self._narrow(region, bits)
            for child in node.subqueries:
                self._collect(child, region, boost, parts)
        elif isinstance(node, (AndNot, Require)):
            self._collect(node.a, self._narrow(region, bits), boost, parts)
        elif isinstance(node, AndMaybe):
            region = self._narrow(region, bits)
            self._collect(node.a, region, boost, parts)
            self._collect(node.b, region, boost, parts)
        elif isinstance(node, Phrase):
            region = bits if region is None else region & bits
            words = self._phrase_words.get(id(node))
            if callable(words):  # read on first use (see _phrase)
                words = self._phrase_words[id(node)] = words()
            if words is None:  # one word: its whole postings
                words = [self._view.term(node.fieldname, word) for word in node.words]
            parts.extend(_Part(boost, postings, region) for postings in words if postings is not None)
        elif isinstance(node, (NumericRange, Every, NullQuery)) or self._is_every(node):
            parts.append(_Part(boost, None, region, bits))
        elif isinstance(node, MultiTerm):
            self._collect_expansion(node, region, inherited, parts)
        else:
            parts.append(_Part(inherited, self._evaluator.fallback(node), region))

    def _collect_expansion(self, node, region: int | None, inherited: float, parts: list[_Part]) -> None:
        # Whoosh: one expansion is scored as a plain term (without the query's
        # boost); several are OR-ed with the boost. A constant-score query
        # turns weighting off, which only matters when Or picks its array
        # union (3+ terms on an index of 5,000 documents or fewer, or 1,024+
        # terms): that gives each match 1.0. Its binary tree of unions falls
        # back to the searcher's BM25F. Whoosh decides per segment, by that
        # segment's words and documents; this decides once, by the whole
        # index's, so a paper's score does not depend on its segment.
        terms = self._expansion(node)
        if len(terms) == 1:
            self._collect(terms[0], region, inherited, parts)
            return
        tree = len(terms) < 1024 and (len(terms) == 2 or self._view.size > 5000)
        if getattr(node, "constantscore", False) and not tree:
            parts.append(_Part(inherited, None, region, self._bits.get(id(node), 0)))
            return
        for term in terms:
            postings = self._view.term(term.fieldname, term.text)
            if postings is not None:
                parts.append(_Part(inherited * node.boost, postings, region))

    def _narrow(self, region: int | None, bits: int) -> int | None:
        """The region where this node's leaves count: where it matches, if that is not everywhere already."""
        if region is None:
            return None if not self.matches & ~bits else bits
        return region & bits


def _whole_word_stems(node: ExpandedPrefix) -> list[Term]:
    """The terms of an expanded prefix that do not start with it: stems of whole words (see query.expansion)."""
    return [term for term in node.subqueries if not term.text.startswith(node.prefix)]


def _add_scores(totals: list[float], part: _Part, view: IndexView, matches: int) -> None:
    postings = part.postings
    weight = part.weight
    ids = postings.ids
    region = part.region
    if region is not None and postings.has_bits and not postings.bits & ~region:
        region = None
    if region is None and len(ids) > _FILTER_FROM and matches.bit_count() * 3 < len(ids):
        region = matches  # few of its postings count: select them first, at C speed
    if region is None:
        scores = postings.scores
    else:
        flags = view.space.flags(region & matches)
        keep = bytes(map(flags.__getitem__, ids))
        ids = list(compress(ids, keep))
        if postings.has_scores:
            scores = compress(postings.scores, keep)
        else:
            scores = postings.scores_at(ids, compress(postings.weights, keep))
    if weight == 1.0:
        for docnum, score in zip(ids, scores):
            totals[docnum] += score
    else:
        for docnum, score in zip(ids, scores):
            totals[docnum] += score * weight


def _in_sequence(positions: list[tuple[int, ...]], slop: int) -> bool:
    """Whether the words occur in order, each 1..slop positions after the previous one."""
    reachable = positions[0]
    for following in positions[1:]:
        if slop == 1:
            allowed = {p + 1 for p in reachable}
            reachable = [p for p in following if p in allowed]
        else:
            ordered = sorted(reachable)
            reachable = [
                p for p in following if bisect_right(ordered, p - 1) > bisect_left(ordered, p - slop)
            ]
        if not reachable:
            return False
    return True


def expand(node: MultiTerm, view: IndexView) -> list:
    """The index words a multi-term query (fuzzy, wildcard, range) covers, sorted.

    A fuzzy word walks Whoosh's Levenshtein automaton over the field's words held in
    memory (Whoosh's walk seeks in the lexicon file at every step: seconds for a
    common word at 10,000 papers). Others go per segment: a segment reader finds
    matches with its own machinery, where the multi-segment reader compares every word.
    """
    if isinstance(node, FuzzyTerm):
        return view.fuzzy_words(node.fieldname, node.text, node.maxdist, node.prefixlength)
    found: set = set()
    for leaf, _offset in view.segments:
        found.update(word for word in multiterm_words(node, leaf) if word)
    return sorted(found)


def top_documents(documents: list[int], totals: Sequence[float], count: int) -> list[int]:
    """The `count` best documents, score descending then document number ascending."""
    if count >= len(documents) // 4:
        return sorted(documents, key=totals.__getitem__, reverse=True)[:count]
    return heapq.nlargest(count, documents, key=totals.__getitem__)


class Evaluator:
    """Query evaluation over one open index; holds the column-derived data it needs."""

    def __init__(self, view: IndexView, searcher, prefixes: PrefixBits | None = None) -> None:
        self.view = view
        self.searcher = searcher
        self._prefixes = prefixes
        self._ranges: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._scans: dict[str, int] = {}  # how many ranges have scanned each column
        self._fallbacks: dict[str, Postings] = {}
        self._every: dict[str | None, int] = {}

    def evaluate(self, query, within: int | None = None) -> Evaluation:
        """The query's matches (kept to `within` when given, see Evaluation) and its scores."""
        return Evaluation(self, query, within)

    def keeps_prefix(self, node: ExpandedPrefix) -> bool:
        return self._prefixes is not None and bool(node.prefix) and self._prefixes.keeps(node.field_name, node.prefix)

    def kept_prefix(self, node: ExpandedPrefix) -> int | None:
        """A prefix's matches from the bitsets kept beside the index, if it is kept there."""
        if self._prefixes is None or not node.prefix:
            return None
        return self._prefixes.bits(node.field_name, node.prefix, self.view.space)

    def range_bits(self, node: NumericRange) -> int:
        field = self.view.schema[node.fieldname] if node.fieldname in self.view.schema else None
        if field is None or not getattr(field, "sortable_typecode", None):
            return self.fallback(node).bits
        if field.indexed and not field.shift_step:
            return self._indexed_range_bits(node, field)
        if field.column_type is None:
            return self.fallback(node).bits
        scans = self._scans.get(node.fieldname, 0)
        if node.fieldname not in self._ranges and scans < _SCANS_BEFORE_SORTING:
            # The first ranges of a column scan it, each a third of the cost of sorting it,
            # which pays only when ranges of it keep coming (a range being typed).
            self._scans[node.fieldname] = scans + 1
            return self._scanned_range(node, field)
        values, docs = self._sorted_column(node.fieldname)
        low, high = _range_slice(values, node, field)
        return self.view.space.from_ids(docs[low:high]) if high > low else 0

    def _scanned_range(self, node: NumericRange, field) -> int:
        """A range's documents, by a look at each value of the column."""
        column = self.view.numeric_column(node.fieldname)
        # An open end is a bound past every value a column of at most 64 bits holds.
        low = field.prepare_number(node.start) + node.startexcl if node.start is not None else -(1 << 64)
        high = field.prepare_number(node.end) - node.endexcl if node.end is not None else 1 << 64
        missing = field.default  # a document without the value holds the column default
        flags = bytearray(low <= value <= high and value != missing for value in column)
        flags.extend(bytes(self.view.space.nbytes * 8 - len(flags)))
        return self.view.space.from_flags(flags)

    def _indexed_range_bits(self, node: NumericRange, field) -> int:
        """A range of a field with several values per document (`listed`: every listing date),
        which its column cannot answer: the union of the postings of the values in the range."""
        values, words = self._indexed_values(node.fieldname, field)
        low, high = _range_slice(values, node, field)
        bits = 0
        for word in words[low:high]:
            postings = self.view.term(node.fieldname, word)
            if postings is not None:
                bits |= postings.bits
        return bits & self.view.live

    def _indexed_values(self, name: str, field) -> tuple[tuple[int, ...], tuple[bytes, ...]]:
        """The values a numeric field has terms for, ascending, and those terms (big-endian
        bytes sort as their numbers)."""
        key = f"{name}\0terms"
        if key not in self._ranges:
            words = sorted(set(self.view.reader.lexicon(name)))
            self._ranges[key] = (tuple(map(field.from_bytes, words)), tuple(words))
        return self._ranges[key]

    def _sorted_column(self, name: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """A numeric column's known values ascending, and their documents."""
        if name not in self._ranges:
            field = self.view.schema[name]
            # Grouped by value, not sorted: columns hold a few thousand values at most (dates,
            # votes), and one pass filing documents is 2-3x faster than a sort with a key.
            groups: dict[int, list[int]] = {}
            for docnum, value in enumerate(self.view.numeric_column(name)):
                group = groups.get(value)
                if group is None:
                    groups[value] = [docnum]
                else:
                    group.append(docnum)
            groups.pop(field.default, None)  # a document without the value holds the column default
            values: list[int] = []
            docs: list[int] = []  # ties in document order
            for value in sorted(groups):
                group = groups[value]
                docs += group
                values += [value] * len(group)
            self._ranges[name] = (tuple(values), tuple(docs))
        return self._ranges[name]

    def every_bits(self, fieldname: str | None) -> int:
        if fieldname not in self._every:
            view = self.view
            if fieldname is None or fieldname not in view.schema or not view.schema[fieldname].scorable:
                bits = view.live
            else:
                lengths = view.lengths(fieldname)
                bits = view.space.from_flags(bytes(lengths).translate(_NONZERO).ljust(view.space.nbytes * 8, b"\0"))
                bits &= view.live
            self._every[fieldname] = bits
        return self._every[fieldname]

    def fallback(self, node) -> Postings:
        """Whoosh's own matcher for a node the evaluator does not know: its documents and scores."""
        key = repr(node)
        if key not in self._fallbacks:
            ids: list[int] = []
            scores: list[float] = []
            matcher = node.matcher(self.searcher, self.searcher.context())
            while matcher.is_active():
                ids.append(matcher.id())
                scores.append(matcher.score())
                matcher.next()
            if len(self._fallbacks) > 32:
                self._fallbacks.clear()
            self._fallbacks[key] = _scored(ids, scores, self.view.space)
        return self._fallbacks[key]


def _range_slice(values: Sequence[int], node: NumericRange, field) -> tuple[int, int]:
    """Where the range's values are in `values` (ascending): a slice's start and end."""
    start = field.prepare_number(node.start) if node.start is not None else None
    end = field.prepare_number(node.end) if node.end is not None else None
    low = 0 if start is None else (bisect_right if node.startexcl else bisect_left)(values, start)
    high = len(values) if end is None else (bisect_left if node.endexcl else bisect_right)(values, end)
    return low, high


_NONZERO = bytes([0] + [1] * 255)
_SCANS_BEFORE_SORTING = 3


def _scored(ids: list[int], scores: list[float], space) -> Postings:
    """Postings whose scores are already known (from Whoosh's matcher)."""
    return Postings(ids, array("f", [0.0]) * len(ids), None, None, 1.0, space, scores=scores)
