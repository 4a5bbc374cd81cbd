"""Search papers: the query language, sorting, paging, highlights, suggestions, similar papers.

The one API the CLI and the reader use. Results are plain values: the UI
escapes and styles text itself, so highlights are character spans.
"""

from __future__ import annotations

from pathlib import Path

from index.engine.lru import LRU
from index.engine.open_index import OpenIndex
from index.errors import QueryError, UnknownPaper
from index.search.facets import FacetCount, FacetCounter, evaluated, index_candidates
from index.search.for_you import MIN_SEEDS, Taste, is_taste_sort, too_few
from index.search.highlights import Highlighter
from index.listings.papers import Paper, paper_from_record
from index.search.query_text import QUERY_FIELDS, check_and_rewrite, without_short_last_word, words_in_place
from index.search.shelf_terms import ShelfView, without_terms_in_place
from index.search.results import SORTS, Hit, SearchPage, Similar

__all__ = ["SORTS", "QUERY_FIELDS", "QueryError", "Hit", "SearchPage", "Similar", "PaperSearcher"]

Span = tuple[int, int]
_CACHED_PAPERS = 4096
_COUNTED_QUERIES = 64
# A for-you sort reads this many of a taste's papers at most (the newest indexed): a list of
# thousands says no more about its taste than its last few hundred, and costs their reading.
_MOST_TASTE_PAPERS = 500
_KEPT_RUNS = 8
_FACET_STEP = 8  # facet values evaluated at a time by prepare_facets


class PaperSearcher:
    """Searches one open index generation. Not thread-safe: one per thread."""

    def __init__(self, whoosh_folder: Path) -> None:
        self._engine = OpenIndex(whoosh_folder)
        # Which index this is, commit included: another generation or commit holds other papers.
        self.identity = f"{whoosh_folder.resolve()}#{self._engine.generation}"
        self._papers: LRU[int, Paper] = LRU(_CACHED_PAPERS)  # by document number
        self._highlighter: Highlighter | None = None
        self._counted: LRU[str, object] = LRU(_COUNTED_QUERIES)  # query text -> parsed, for counts()
        self._runs: LRU[tuple, object] = LRU(_KEPT_RUNS)  # (text, typing, within, without) -> the query run
        self._facets: FacetCounter | None = None  # made on first use: see prepare_facets
        self._facet_work: tuple[list, list] | None = None  # (values to evaluate, evaluated) meanwhile
        self._mute: tuple[str, ...] = ()
        self._muted = 0  # the papers any mute term matches, as a bitset
        self._show_muted = False
        self.mute_problems: list[str] = []  # mute terms that could not be run on this index

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> PaperSearcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def paper_count(self) -> int:
        return self._engine.paper_count

    def newest_listing(self) -> int | None:
        """The newest listing's date key (YYYYMMDD), what `listed:latest` means; None: no listing date."""
        return self._engine.newest_listing()

    def search(
        self,
        text: str = "",
        sort: str | None = None,
        reverse: bool = False,
        offset: int = 0,
        limit: int = 50,
        typing: bool = False,
        within: frozenset[str] | None = None,
        without: frozenset[str] | None = None,
        taste: Taste | None = None,
    ) -> SearchPage:
        """Run `text`; `sort` None means relevance when it has words, else date.

        `typing` treats the last word as a prefix still being typed.
        `within` keeps only the papers with those ids, `without` drops those
        (reading-list filters; ids not in the index are ignored).
        A for-you sort (index.search.for_you) ranks by `taste`, leaving its papers out, and each hit
        says why it placed; TooFewSeeds when the taste has too few papers of the index.
        Raises QueryError for a query that cannot be run.
        """
        if sort is not None and sort not in SORTS and not is_taste_sort(sort):
            raise QueryError(f"unknown sort '{sort}'; sorts: {', '.join(SORTS)}, foryou or for:LIST")
        query = self._query_run(text, typing, within, without)
        if is_taste_sort(sort):
            return self._taste_search(text, query, sort, reverse, offset, limit, within, without, taste)
        sort = sort or ("relevance" if self._engine.has_words(query) else "date")
        total, pairs = self._engine.page(query, sort, reverse, max(offset, 0), max(limit, 0), within, without)
        terms = self._engine.matched_terms(query)
        hits = [Hit(self._paper_at(docnum), score) for docnum, score in pairs]
        # While typing, an empty result is usually a word half-typed: no suggestion,
        # which would cost more than the search. The reader asks suggest() on a pause.
        suggestion = self.suggest(text) if total == 0 and not typing else None
        hidden = self._engine.matches(query, within, without)[1]
        return SearchPage(text, sort, reverse, total, offset, hits, suggestion, terms, hidden)

    # The mute list: papers never shown, in any search, count or view, until shown anyway

    def mute(self, terms: tuple[str, ...]) -> None:
        """Leave out every paper any of `terms` matches (each a query, read as search() reads it)
        from every search, count and facet; a term that cannot be run is noted in mute_problems."""
        self._mute, self.mute_problems, muted = tuple(terms), [], 0
        for term in self._mute:
            try:
                muted |= self._engine.bits(self._parse(term, False))
            except QueryError as error:
                self.mute_problems.append(f"mute term {term!r}: {error}")
        self._muted = muted
        self._engine.set_hidden(0 if self._show_muted else muted)
        self._runs.clear()  # a half-typed word is left out by what it matches, muted or not

    @property
    def muted_terms(self) -> tuple[str, ...]:
        return self._mute

    @property
    def show_muted(self) -> bool:
        return self._show_muted

    @show_muted.setter
    def show_muted(self, shown: bool) -> None:
        """Show the muted papers anyway (True) or leave them out again."""
        self._show_muted = shown
        self._engine.set_hidden(0 if shown else self._muted)
        self._runs.clear()

    # Facets

    def facet_counts(
        self, text: str, typing: bool = False, within: frozenset[str] | None = None,
        without: frozenset[str] | None = None, shelf: ShelfView | None = None,
    ) -> list[FacetCount]:
        """The facet values among the results of `text` (as search() reads it), with their counts;
        `shelf`: the store, for the reading-list and reading-state facets. For every value,
        the count is the total of the query with `value.query` added (see index.search.facets)."""
        matches = self._engine.matches(self._query_run(text, typing, within, without), within, without)[0]
        return self._facet_counter().counts(matches, shelf)

    def prepare_facets(self, values: int = _FACET_STEP) -> bool:
        """Evaluate the filters of the next few facet values into their bitsets; True once every
        value's is ready. Once per generation: tens of ms for the sample, more than a second at
        100,000 papers (the first `date:` and `upvotes:` read and sort their columns), so the
        reader takes it a few values at a time and other searches run in between."""
        if self._facets is not None:
            return True
        if self._facet_work is None:
            self._facet_work = (list(reversed(index_candidates(*self._engine.facet_sources()))), [])
        pending, done = self._facet_work
        for _ in range(values):
            if not pending:
                break
            found = evaluated(pending.pop(), lambda term: self._engine.bits(self._parse(term, False)))
            if found is not None:
                done.append(found)
        if pending:
            return False
        self._facets = FacetCounter(done, self._engine.id_bits, self._engine.live_bits())
        self._facet_work = None
        return True

    def _facet_counter(self) -> FacetCounter:
        while not self.prepare_facets():
            pass
        return self._facets

    def _taste_search(
        self, text: str, query, sort: str, reverse: bool, offset: int, limit: int,
        within: frozenset[str] | None, without: frozenset[str] | None, taste: Taste | None,
    ) -> SearchPage:
        engine_taste = self._engine_taste(sort, taste)
        total, pairs = self._engine.taste_page(query, engine_taste, reverse, offset, limit, within, without)
        papers = [self._paper_at(docnum) for docnum, _score in pairs]
        reasons = self._engine.explain_page(
            engine_taste, [(docnum, paper.title, paper.abstract) for (docnum, _s), paper in zip(pairs, papers)],
        )
        hits = [Hit(paper, score, *because) for paper, (_d, score), because in zip(papers, pairs, reasons)]
        return SearchPage(text, sort, reverse, total, offset, hits, None, self._engine.matched_terms(query))

    def _engine_taste(self, sort: str, taste: Taste | None) -> tuple[frozenset[int], frozenset[int]]:
        """The taste's papers as the index's document numbers (those it has; the newest few hundred)."""
        if taste is None:
            raise QueryError(f"the sort {sort} needs the reading lists, which are not open")
        seeds = self._engine.docnums_of(taste.seeds)
        if len(seeds) < MIN_SEEDS:
            raise too_few(taste, len(seeds))
        against = self._engine.docnums_of(taste.against) - seeds
        return _newest(seeds), _newest(against)

    def warm_taste(self, taste: Taste, order: bool = True) -> None:
        """Build the taste's profile (the papers' words) and, with `order`, its order of the
        index now, which the first for-you search would otherwise wait for (each some hundreds
        of ms at 100,000 papers); nothing when it has too few papers."""
        if len(self._engine.docnums_of(taste.seeds)) < MIN_SEEDS:
            return
        engine_taste = self._engine_taste("foryou", taste)
        if order:
            self._engine.taste_order(engine_taste)
        else:
            self._engine.taste_profile(engine_taste)

    def position(
        self, page: SearchPage, paper_id: str, typing: bool = False,
        within: frozenset[str] | None = None, without: frozenset[str] | None = None, taste: Taste | None = None,
    ) -> int | None:
        """The offset of a paper among the results `page` is the first page of (same query,
        sort, order and filters), to fetch the page it is on; None when it is not among them
        (by relevance: not among the best ranked, see OpenIndex.position)."""
        docnum = self._engine.docnum(paper_id)
        if docnum is None:
            return None
        query = self._query_run(page.query, typing, within, without)
        if is_taste_sort(page.sort):
            engine_taste = self._engine_taste(page.sort, taste)
            return self._engine.taste_position(query, engine_taste, page.reverse, docnum, within, without)
        return self._engine.position(query, page.sort, page.reverse, docnum, within, without)

    def _query_run(
        self, text: str, typing: bool, within: frozenset[str] | None, without: frozenset[str] | None,
    ):
        """The query `text` runs as. While typing, a last word of two letters that no paper
        has as a word is a word half typed: it is left out until it matches. The last few are
        kept: the reader's facet counts run the keystroke's query again right after its search,
        and Whoosh's parser takes some milliseconds a query."""
        key = (text, typing, within, without)
        query = self._runs.get(key)
        if query is None:
            query = self._runs.put(key, self._query_run_parsed(text, typing, within, without))
        return query

    def _query_run_parsed(
        self, text: str, typing: bool, within: frozenset[str] | None, without: frozenset[str] | None,
    ):
        query = self._parse(text, typing)
        while typing and self._engine.total(query, within, without) == 0:
            shorter = without_short_last_word(text)
            if shorter is None:
                break
            text = shorter
            query = self._parse(text, typing)
        return query

    def counts(
        self, text: str, within: frozenset[str] | None = None, without: frozenset[str] | None = None,
        among: frozenset[str] | None = None,
    ) -> tuple[int, int]:
        """How many papers `text` matches (as search() reads it, finished), and how many of
        those have an id in `among` (0 without it): counts only, nothing ranked or read.
        Raises QueryError as search() does."""
        query = self._counted.get(text)
        if query is None:
            query = self._counted.put(text, self._parse(text, False))  # Whoosh's parser: some ms a query
        return self._engine.counts(query, within, without, among)

    def warm(self) -> None:
        """Do now what the first search, `G` or page of results would otherwise wait for."""
        self._engine.open_stored_fields()
        self._engine.read_prefix_file()
        self.search("", "date", False, 0, 1)  # and the start order

    def suggest(self, text: str) -> str | None:
        """A "did you mean" correction of `text`, or None.

        Only the words are corrected: reading-list terms (the reader hands in its whole
        filter) and number and date filters stay as typed. Raises QueryError for a query
        that cannot be run; none for a query whose search ran.
        """
        # Each word at its column in `text`; the filters checked as the search checks them.
        words = words_in_place(without_terms_in_place(text), self._engine.newest_listing())
        if not words.strip():
            return None
        try:
            query = self._parsed(words)
        except QueryError:
            return None  # the stand-ins (see query_text.stand_in) met a corner of Whoosh's parser
        return self._engine.suggestion(query, text)

    def _parse(self, text: str, typing: bool):
        # While typing, prefixes narrow without ranking (see index.engine.query.ExpandedPrefix).
        rewritten = check_and_rewrite(text, prefix_last_word=typing, latest_listing=self._engine.newest_listing())
        return self._parsed(rewritten, constant_prefixes=typing)

    def _parsed(self, rewritten: str, constant_prefixes: bool = False):
        try:
            return self._engine.parse(rewritten, constant_prefixes=constant_prefixes)
        except QueryError:
            raise
        except Exception:  # Whoosh's parser has corner cases that raise: what it says is about its insides
            raise QueryError(
                "cannot read the query as written: check that AND, OR and NOT each have a word or a "
                'group on both sides (quote a word to search for it: "not")'
            ) from None

    def _paper_at(self, docnum: int) -> Paper:
        """The paper stored at `docnum`; the latest few thousand are kept (papers are immutable)."""
        paper = self._papers.get(docnum)
        if paper is None:
            paper = self._papers.put(docnum, paper_from_record(self._engine.record(docnum)))
        return paper

    def paper(self, paper_id: str) -> Paper:
        docnum = self._engine.docnum(paper_id)
        if docnum is None:
            raise UnknownPaper(f"no paper with id '{paper_id}'")
        return self._paper_at(docnum)

    def highlights(self, paper: Paper, terms: dict[str, set[str]]) -> tuple[list[Span], list[Span]]:
        """Spans of the matched terms in the paper's title and abstract."""
        if self._highlighter is None:
            self._highlighter = Highlighter()
        return self._highlighter.highlights(paper, terms)

    def paper_ids(
        self, text: str, typing: bool = False,
        within: frozenset[str] | None = None, without: frozenset[str] | None = None,
    ) -> list[str]:
        """The ids of every paper `text` matches (as search() reads it), in no particular order."""
        return self._engine.matching_ids(self._query_run(text, typing, within, without), within, without)

    def ids_starting_with(self, prefix: str) -> list[str]:
        """The ids of the papers whose id starts with `prefix` (for ids typed short, as git takes them)."""
        return self._engine.ids_starting_with(prefix)

    def known(self, paper_ids: list[str]) -> set[str]:
        """Which of these ids the index holds."""
        return {paper_id for paper_id in paper_ids if self._engine.docnum(paper_id) is not None}

    def similar(self, paper_id: str, limit: int = 10) -> Similar:
        docnum = self._engine.docnum(paper_id)
        if docnum is None:
            raise UnknownPaper(f"no paper with id '{paper_id}'")
        pairs, words = self._engine.similar(docnum, limit)
        hits = [Hit(self._paper_at(d), score) for d, score in pairs]
        return Similar(hits, words)


def _newest(docnums: frozenset[int]) -> frozenset[int]:
    """At most _MOST_TASTE_PAPERS of the document numbers: the highest, the last indexed."""
    return docnums if len(docnums) <= _MOST_TASTE_PAPERS else frozenset(sorted(docnums)[-_MOST_TASTE_PAPERS:])
