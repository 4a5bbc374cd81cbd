"""Running queries on one open Whoosh index: ordering, paging, filters, terms and suggestions.

Queries are parsed by Whoosh's parser and evaluated by evaluate.py over
cached postings (bitsets to match, Whoosh's BM25F to rank). A query's
matches and scores are kept in a small LRU, so later pages of the same
results cost only their own rows: a page deep in the results costs what the
first page costs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date as calendar_date
from itertools import compress, count, islice
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Every, MultiTerm, NumericRange, Or, Query, Term

from index.engine import facet_values
from index.engine.evaluate import Evaluation, Evaluator, expand, top_documents
from index.engine.facet_values import OrganisationValue
from index.engine.fields import WORD_FIELDS
from index.engine.lexicon import Lexicon
from index.engine.kept_rankings import KeptRankings
from index.engine.lru import LRU
from index.engine.postings import IndexView
from index.engine.prefix_bits import LEXICON_FIELDS, PrefixBits, kept_file
from index.engine.prefix_builder import write_prefix_bits
from index.engine.query import ExpandedPrefix, expansion_cache, make_parser, parse_query, query_key
from index.engine.schema import NO_DATE, NO_NUMBER
from index.engine.taste import Profile, TasteDocs
from index.engine.taste_ranking import TasteRanker
from index.engine.spelling import Dictionary, corrected, unknown_words
from index.index_home import hold

# Which way each sort runs unless reversed: all highest first but title.
_DESCENDING = {"relevance": True, "date": True, "upvotes": True, "hot": True, "title": False, "rising": True}
# Hot = upvotes / (days since the paper's date + 2) ** HOT_GRAVITY, as Hacker News ranks: a
# paper must gather votes ever faster to stay up (10 votes on day 1 outrank 100 on day 10).
HOT_GRAVITY = 1.8
_CACHED_RESULTS = 8
_CACHED_FILTERS = 8
_COUNTED = 64  # queries whose matches are kept for counts only: a bitset each
_TOP_SCORED = 200  # relevance pages within this are ranked without sorting every match
# Up to this many ids are looked up one by one (30-50 us each at 100,000 papers) until the id
# map is built: building it reads every id (40-50 ms), which a for-you sort's few hundred seeds need not.
_LOOKED_UP_IDS = 500
SIMILAR_TERMS = 8

Filter = frozenset[str] | None


class _Results:
    """One query's matches under one set of filters, and what has been ranked of them."""

    __slots__ = ("evaluation", "matches", "total", "hidden", "flags", "totals", "constant", "ranked", "complete")

    def __init__(self, evaluation: Evaluation, matches: int, hidden: int = 0) -> None:
        self.evaluation = evaluation
        self.matches = matches
        self.total = matches.bit_count()
        self.hidden = hidden  # matches left out as muted (see OpenIndex.set_hidden)
        self.flags: bytearray | None = None
        self.totals: tuple[float, ...] | None = None
        self.constant = 0.0
        self.ranked: Sequence[int] = ()
        self.complete = False


class OpenIndex:
    """An open index and its searcher; not thread-safe, one per thread."""

    def __init__(self, folder: Path, keep_prefixes: bool = True) -> None:
        # Held while open: no updater deletes this generation under it (see index_home).
        self._hold = hold(folder.parent)
        try:
            self._index = whoosh_index.open_dir(str(folder))
            self._searcher = self._index.searcher()
        except BaseException:
            self._let_go()
            raise
        self._parser = make_parser(self._index.schema)
        self._view = IndexView(self._searcher)
        self._generation = self._searcher.reader().generation()
        self._prefixes = PrefixBits(kept_file(folder), self._generation, self._view.size) if keep_prefixes else None
        # Prefixes are completed from the lexicons kept with the bitsets, once the file is there.
        kept_lexicon = self._prefixes.lexicon if self._prefixes is not None else (lambda field: None)
        self._lexicon = Lexicon(self._view.schema, self._view.segments, kept_lexicon)
        self._evaluator = Evaluator(self._view, self._searcher, self._prefixes)
        self._results: LRU[tuple, _Results] = LRU(_CACHED_RESULTS)
        kept_rankings = KeptRankings(folder.parent, self._generation, self._view.size)
        self._taste = TasteRanker(self._view, self._evaluator, self._lexicon, self._paper_text, kept_rankings)
        self._taste_flags: LRU[tuple, tuple[bytearray, int]] = LRU(_CACHED_RESULTS)
        self._orders: dict[tuple[str, bool], tuple[int, ...]] = {}
        self._filters: LRU[tuple[str, frozenset[str]], int] = LRU(_CACHED_FILTERS)
        self._counted: LRU[tuple, int] = LRU(_COUNTED)  # see counts()
        self._id_numbers: dict[str, int] | None = None
        self._newest: int | None = None  # see newest_listing (0: none)
        self._expansions = expansion_cache()  # prefix expansions, for parse_query
        self._dictionaries: dict[str, Dictionary] = {}  # spelling suggestions' words, by field
        self._hidden = 0  # the muted papers, left out of every result and count (see set_hidden)

    def close(self) -> None:
        self._searcher.close()
        self._let_go()

    def _let_go(self) -> None:
        if self._hold is not None:
            self._hold.close()
            self._hold = None

    @property
    def paper_count(self) -> int:
        return self._searcher.doc_count()

    @property
    def generation(self) -> int:
        """Whoosh's generation of the index: every commit makes a new one."""
        return self._generation

    def parse(self, text: str, constant_prefixes: bool = False) -> Query:
        return parse_query(self._parser, text, self._lexicon, self._expansions, constant_prefixes)

    def write_prefix_bits(self, target: Path) -> int:
        """Keep the bitsets of this index's costly prefixes in `target` (see prefix_bits); how many."""
        return write_prefix_bits(target, self._view, self._generation)

    # Results

    def set_hidden(self, bits: int) -> None:
        """Leave the papers of `bits` out of every result and count from now on (the mute list)."""
        if bits != self._hidden:
            self._hidden = bits
            self._results.clear()
            self._counted.clear()
            self._taste_flags.clear()  # its candidates are results less the muted

    def bits(self, query: Query) -> int:
        """The query's matches as a bitset, muted papers included: a facet value's papers."""
        return self._evaluator.evaluate(query).matches & self._view.live

    def live_bits(self) -> int:
        """Every paper of the index (not deleted), as a bitset."""
        return self._view.live

    def id_bits(self, ids: frozenset[str]) -> int:
        """The bitset of the papers with these ids (ids not in the index are left out)."""
        return self._id_bits("facet", ids)

    def matches(self, query: Query, within: Filter = None, without: Filter = None) -> tuple[int, int]:
        """The query's matches as a bitset (muted papers left out), and how many were muted."""
        results = self._results_for(query, within, without)
        return results.matches, results.hidden

    def page(
        self, query: Query, sort: str, reverse: bool, offset: int, limit: int,
        within: Filter = None, without: Filter = None,
    ) -> tuple[int, list[tuple[int, float | None]]]:
        """The total number of matches and the (docnum, score) pairs of one page."""
        results = self._results_for(query, within, without)
        if sort == "relevance" and not isinstance(query, Every):
            docnums = self._ranked(results, reverse, offset + limit)[offset : offset + limit]
            totals, constant = results.totals, results.constant
            return results.total, [(d, totals[d] + constant) for d in docnums]
        order = self._order_of(results, sort, reverse)
        docnums = _matching_slice(order, results.flags, results.total, offset, limit)
        return results.total, [(d, None) for d in docnums]

    def total(self, query: Query, within: Filter = None, without: Filter = None) -> int:
        return self._results_for(query, within, without).total

    def counts(
        self, query: Query, within: Filter = None, without: Filter = None, among: Filter = None,
    ) -> tuple[int, int]:
        """How many papers the query matches, and how many of those have an id in `among` (a
        view's new papers; 0 without it). The matches are kept apart from the results of
        searches (_COUNTED of them), so the views picker's counts neither push the reader's
        results out nor evaluate twenty views again each time it opens."""
        key = (query_key(query), within, without)
        found = self._results.peek(key)
        matches = found.matches if found is not None else self._counted.get(key)
        if matches is None:
            kept = self._id_bits("within", within) if within is not None else None
            matches = self._evaluator.evaluate(query, kept).matches
            if without:
                matches &= ~self._id_bits("without", without)
            matches &= ~self._hidden
        self._counted.put(key, matches)
        total = matches.bit_count()
        return total, (matches & self._id_bits("within", among)).bit_count() if among and total else 0

    def position(
        self, query: Query, sort: str, reverse: bool, docnum: int, within: Filter = None, without: Filter = None,
    ) -> int | None:
        """Where `docnum` is among the query's results in this order: its offset for page().

        None when it does not match or, by relevance, when it is not among the first
        _TOP_SCORED (ranking every match costs a sort of them all, and a paper that far
        down a ranking is no longer the one being read).
        """
        results = self._results_for(query, within, without)
        if not (results.matches >> docnum) & 1:
            return None
        if sort == "relevance" and not isinstance(query, Every):
            ranked = self._ranked(results, reverse, _TOP_SCORED)[:_TOP_SCORED]
            return ranked.index(docnum) if docnum in ranked else None
        order = self._order_of(results, sort, reverse)
        place = order.index(docnum)
        if results.total == len(order):
            return place
        return sum(map(results.flags.__getitem__, islice(order, place)))

    # Ranking by a reading list's taste (see taste.py)

    def docnums_of(self, ids: frozenset[str]) -> frozenset[int]:
        """The document numbers of the live papers with these ids (others are left out)."""
        numbers = self._id_numbers
        if numbers is None and len(ids) <= _LOOKED_UP_IDS:
            return frozenset(d for d in map(self.docnum, ids) if d is not None)
        numbers = numbers if numbers is not None else self._id_map()
        return frozenset(d for d in map(numbers.get, ids) if d is not None)

    def taste_page(
        self, query: Query, taste: TasteDocs, reverse: bool, offset: int, limit: int,
        within: Filter = None, without: Filter = None,
    ) -> tuple[int, list[tuple[int, float]]]:
        """Like page(), ranked by the taste of (seeds, dismissed); neither is among the results."""
        order, totals, flags, total = self._taste_walk(query, taste, reverse, within, without)
        docnums = _matching_slice(order, flags, total, max(offset, 0), max(limit, 0))
        return total, [(d, totals[d]) for d in docnums]

    def taste_position(
        self, query: Query, taste: TasteDocs, reverse: bool, docnum: int, within: Filter = None, without: Filter = None,
    ) -> int | None:
        order, _totals, flags, total = self._taste_walk(query, taste, reverse, within, without)
        if not flags[docnum]:
            return None
        place = order.index(docnum)
        return place if total == len(order) else sum(map(flags.__getitem__, islice(order, place)))

    def _taste_walk(
        self, query: Query, taste: TasteDocs, reverse: bool, within: Filter, without: Filter,
    ) -> tuple[Sequence[int], tuple[float, ...], bytearray, int]:
        """The taste's order of all documents (reversed if asked), its scores, and one flag per
        document for the query's matches that are neither seeds nor dismissed, and their number."""
        order, totals = self._taste.order(taste, lambda: self._order("date", True))
        key = (query_key(query), within, without, taste)
        walk = self._taste_flags.get(key)
        if walk is None:
            seeds, against = taste
            matches = self._results_for(query, within, without).matches
            candidates = matches & ~self._view.space.from_ids(sorted(seeds | against))
            walk = self._taste_flags.put(key, (self._view.space.flags(candidates), candidates.bit_count()))
        if reverse:
            order = order[::-1]
        return order, totals, *walk

    def taste_order(self, taste: TasteDocs) -> None:
        """Score and order the index by the taste now (see TasteRanker.order)."""
        self._taste.order(taste, lambda: self._order("date", True))

    def taste_profile(self, taste: TasteDocs) -> Profile:
        return self._taste.profile(taste)

    def explain_page(
        self, taste: TasteDocs, papers: list[tuple[int, str, str]],
    ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """The words for and against that placed each paper of a page in the taste ranking;
        the papers as (document number, title, abstract): the caller has them, no record read again."""
        return self._taste.explain_page(self._taste.profile(taste), papers)

    def _paper_text(self, docnum: int) -> str:
        record = self.record(docnum)
        return f"{record['title']} {record['abstract']}"

    def _order_of(self, results: _Results, sort: str, reverse: bool) -> tuple[int, ...]:
        """The order to walk for a sorted page (relevance without words: by date), the
        results' one flag per document made ready for the walk."""
        if results.flags is None:
            results.flags = self._view.space.flags(results.matches)
        return self._order("date" if sort == "relevance" else sort, _DESCENDING[sort] != reverse)

    def _results_for(self, query: Query, within: Filter, without: Filter) -> _Results:
        key = (query_key(query), within, without)
        results = self._results.get(key)
        if results is None:
            evaluation = self._evaluator.evaluate(query, self._id_bits("within", within) if within is not None else None)
            matches = evaluation.matches
            if without:
                matches &= ~self._id_bits("without", without)
            hidden = (matches & self._hidden).bit_count() if self._hidden else 0
            matches &= ~self._hidden
            results = self._results.put(key, _Results(evaluation, matches, hidden))
        return results

    def _ranked(self, results: _Results, reverse: bool, needed: int) -> Sequence[int]:
        """Matches by relevance (score descending, then document number), at least `needed` of them."""
        if results.totals is None:
            results.evaluation.matches = results.matches  # the filters narrow what is scored
            results.totals, results.constant = results.evaluation.scores()
        # Equal scores rank in document order (both sorts below are stable), which the
        # bitset gives without a sort: the first word of a query being typed.
        uniform = results.evaluation.uniform
        space = self._view.space
        if reverse or needed > _TOP_SCORED:
            if not results.complete:
                documents = space.ids(results.matches)
                results.ranked = tuple(documents if uniform else sorted(documents, key=results.totals.__getitem__, reverse=True))
                results.complete = True
            return results.ranked[::-1] if reverse else results.ranked
        if len(results.ranked) < needed and not results.complete:
            if uniform:
                results.ranked = space.first_ids(results.matches, _TOP_SCORED)
            else:
                results.ranked = top_documents(space.ids(results.matches), results.totals, _TOP_SCORED)
            results.complete = len(results.ranked) == results.total
        return results.ranked

    # Sort orders of all documents, each computed once

    def _order(self, sort: str, descending: bool) -> tuple[int, ...]:
        key = (sort, descending)
        if key not in self._orders:
            values = self._sort_keys(sort)
            # A stable sort of ascending document numbers: ties stay in index order.
            self._orders[key] = tuple(sorted(self._view.docnums, key=values.__getitem__, reverse=descending))
        return self._orders[key]

    def _sort_keys(self, sort: str) -> list:
        view = self._view
        if sort == "date":
            return list(view.numeric_column("date"))
        if sort == "upvotes":
            # Unknown upvotes rank below zero.
            return [0 if v == NO_NUMBER else v + 1 for v in view.numeric_column("upvotes")]
        if sort == "hot":
            return self._hot_keys()
        if sort == "title":
            return view.bytes_column("title_sort")
        if sort == "rising":
            return list(view.numeric_column("rising"))  # sortable integers, in the floats' order
        raise ValueError(f"unknown sort {sort!r}")

    def _hot_keys(self) -> list[float]:
        """Upvotes over (age + 2) ** HOT_GRAVITY, the age in days from the paper's date to the
        newest listing date in the index (a date after it counts as age 0).

        Papers without upvotes or without any date rank last (-1).
        """
        view = self._view
        today = self.newest_listing() or NO_DATE
        today_day = _day_number(today)
        divisors: dict[int, float] = {}
        keys = []
        for votes, when in zip(view.numeric_column("upvotes"), view.numeric_column("date")):
            if votes == NO_NUMBER or when == NO_DATE or today == NO_DATE:
                keys.append(-1.0)
                continue
            if when not in divisors:
                divisors[when] = (max(0, today_day - _day_number(when)) + 2) ** HOT_GRAVITY
            keys.append(votes / divisors[when])
        return keys

    def newest_listing(self) -> int | None:
        """The date key (YYYYMMDD) of the newest listing any paper appeared in, or None when
        no paper has a listing date: what `listed:latest` stands for."""
        if self._newest is None:
            view = self._view
            dates = set(compress(view.numeric_column("listed"), view.space.flags(view.live)))
            self._newest = max(dates - {NO_DATE, NO_NUMBER}, default=0)
        return self._newest or None

    # Id filters

    def _id_bits(self, kind: str, ids: frozenset[str]) -> int:
        key = (kind, ids)
        bits = self._filters.get(key)
        if bits is None:
            bits = self._filters.put(key, self._view.space.from_ids(list(self.docnums_of(ids))))
        return bits

    def matching_ids(self, query: Query, within: Filter = None, without: Filter = None) -> list[str]:
        """The ids of every paper the query matches, in document order (no ranking, no records read)."""
        results = self._results_for(query, within, without)
        ids = self._view.bytes_column("id")
        return [ids[docnum].decode("utf-8") for docnum in self._view.space.ids(results.matches)]

    def ids_starting_with(self, prefix: str) -> list[str]:
        """The live papers' ids that start with `prefix`, sorted."""
        return sorted(paper_id for paper_id in self._id_map() if paper_id.startswith(prefix))

    def _id_map(self) -> dict[str, int]:
        if self._id_numbers is None:
            live = self._view.space.flags(self._view.live)
            ids = map(bytes.decode, self._view.bytes_column("id"))  # ids are UTF-8, as Whoosh wrote them
            self._id_numbers = dict(compress(zip(ids, count()), live))
        return self._id_numbers

    # Facets

    def facet_sources(self) -> tuple[list[OrganisationValue], list[int], list[int]]:
        """The organisations, listing days and months this generation holds (see facet_values)."""
        view = self._view
        return facet_values.organisations(self._searcher, view), facet_values.listing_days(view), facet_values.months(view)

    # Documents

    def record(self, docnum: int) -> dict:
        return json.loads(self._searcher.stored_fields(docnum)["record"])

    def open_stored_fields(self) -> None:
        """Read one record of each segment: Whoosh opens a segment's stored fields on
        first use, which would otherwise fall on the first `G` or search."""
        for _leaf, offset in self._view.segments:
            self._searcher.stored_fields(offset)

    def read_prefix_file(self) -> None:
        """Read the kept prefix file and its lexicons now, which the first prefix typed would
        otherwise wait for (tens of milliseconds for a big index)."""
        if self._prefixes is not None:
            for field in LEXICON_FIELDS:
                self._prefixes.lexicon(field)

    def docnum(self, paper_id: str) -> int | None:
        try:
            return self._searcher.document_number(id=paper_id)
        except UnicodeEncodeError:  # a lone surrogate (a command line's undecodable byte): no paper's id
            return None

    def matched_terms(self, query: Query) -> dict[str, set[str]]:
        """The index terms a query matches, by field, for highlighting.

        Not Query.existing_terms: in Whoosh 2.7 its loop variable shadows the
        field filter, so it drops every field after the first.
        """
        reader = self._searcher.reader()
        terms: dict[str, set[str]] = {}
        for leaf in _leaves(query):
            if isinstance(leaf, ExpandedPrefix):
                # Its words come from the lexicon: no need to look each up again.
                terms.setdefault(leaf.field_name, set()).update(term.text for term in leaf.subqueries)
                continue
            if isinstance(leaf, MultiTerm) and not isinstance(leaf, NumericRange):
                expanded = [(leaf.field(), word) for word in expand(leaf, self._view)]
            else:
                expanded = leaf.expanded_terms(reader, phrases=True)
            for field, text in expanded:
                if isinstance(text, bytes):
                    text = self._index.schema[field].from_bytes(text)
                if isinstance(text, str) and (field, text) in reader:
                    terms.setdefault(field, set()).add(text)
        return terms

    def has_words(self, query: Query) -> bool:
        """Whether the query has text terms, so relevance is a meaningful order."""
        return any(leaf.field() in WORD_FIELDS for leaf in query.leaves())

    def spans(self, field: str, text: str, words: set[str]) -> list[tuple[int, int]]:
        """Character spans of the tokens of `text` that are among `words` (index terms)."""
        if not words:
            return []
        analyzer = self._index.schema[field].analyzer
        return [
            (token.startchar, token.endchar)
            for token in analyzer(text, chars=True, mode="index")
            if token.text in words
        ]

    def suggestion(self, query: Query, text: str) -> str | None:
        """`text` with the words the index lacks corrected (see spelling.py), or None.

        `query` is parsed from text with every word at its column in `text`.
        """
        return corrected(text, unknown_words(query, self._searcher.reader()), self._dictionary)

    def _dictionary(self, field: str) -> Dictionary:
        if field not in self._dictionaries:
            self._dictionaries[field] = Dictionary.of_field(self._searcher.reader(), field)
        return self._dictionaries[field]

    def similar(self, docnum: int, limit: int) -> tuple[list[tuple[int, float]], list[str]]:
        """Papers like the given one, and the key words the likeness used."""
        record = self.record(docnum)
        text = f"{record['title']} {record['abstract']}"
        candidates = self._searcher.key_terms_from_text("abstract", text, numterms=2 * SIMILAR_TERMS)
        key_terms = [(stem, weight) for stem, weight in candidates if _telling(stem)][:SIMILAR_TERMS]
        if not key_terms:
            return [], []
        query = Or([Term("abstract", stem, boost=weight) for stem, weight in key_terms])
        evaluation = self._evaluator.evaluate(query)
        evaluation.matches &= ~(1 << docnum)
        totals, constant = evaluation.scores()
        documents = self._view.space.ids(evaluation.matches)
        pairs = [(d, totals[d] + constant) for d in top_documents(documents, totals, limit)]
        return pairs, self._surface_words(text, [stem for stem, _weight in key_terms])

    def _surface_words(self, text: str, stems: list[str]) -> list[str]:
        """Show 'stability' rather than the index's stem 'stabil'."""
        surface: dict[str, str] = {}
        for token in self._index.schema["abstract"].analyzer(text, chars=True, mode="index"):
            surface.setdefault(token.text, text[token.startchar : token.endchar].lower())
        return [surface.get(stem, stem) for stem in stems]


def _leaves(query: Query):
    """The query's leaves, an expanded prefix as one (not its thousands of terms)."""
    if isinstance(query, ExpandedPrefix) and query.prefix:
        yield query
    elif query.is_leaf():
        yield query
    else:
        for child in query.children():
            yield from _leaves(child)


def _telling(term: str) -> bool:
    """Whether a key term says what a paper is about: not a number, a version ("2.0")
    or an abbreviation ("i.e"), which are rare enough to weigh much and say little."""
    return sum(c.isalpha() for c in term) >= 2 and "." not in term


def _day_number(yyyymmdd: int) -> int:
    """Days since year 1 of a YYYYMMDD key (an impossible day is clamped to its month)."""
    year, month, day = yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100
    year, month = max(1, year), min(max(1, month), 12)
    for last in (day, 30, 29, 28):
        try:
            return calendar_date(year, month, max(1, min(last, day))).toordinal()
        except ValueError:
            continue
    return calendar_date(year, month, 1).toordinal()


def _matching_slice(order: Sequence[int], flags: bytearray, total: int, offset: int, limit: int) -> list[int]:
    """The matches at positions offset..offset+limit of `order` (all documents, sorted), skipping the rest.

    Walking the order costs about 20 ms per 100,000 documents, so a page nearer the
    end (G) is found walking from the end, and a query matching every document
    (the empty filter) needs no walk at all.
    """
    end = min(offset + limit, total)
    if offset >= end:
        return []
    if total == len(order):
        return list(order[offset:end])
    if offset <= total - end:
        return list(islice(compress(order, map(flags.__getitem__, order)), offset, end))
    backwards = list(islice(compress(reversed(order), map(flags.__getitem__, reversed(order))), total - end, total - offset))
    backwards.reverse()
    return backwards
