"""papershelf's engine against Whoosh's own searcher, query by query: what each disagreement is.

For one query (text, typing or not, a sort and its direction) `compare` runs
OpenIndex.page() over one index and Whoosh's searcher over another (the
same index, or the same papers written by Whoosh's own writer: document
numbers agree) and lists every disagreement: matches, total, the order (ties
within a tolerance: documents whose scores or sort keys are equal may come in
either order), and scores. Pages are taken where the engine's code paths part:
the first page (a heap of the best), a page past the first 200 (a sort of every
match), the last page (walked from the end of a sort order) and the whole list.

`query_set` generates the queries from the index's own words, by how many
postings they have, so each of the engine's size thresholds is crossed;
`branches` says which of them a query set took. Used by
tests/unit/test_engine_differential.py and `python -m tests.benchmarks.differential`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from whoosh.matching import AndNotMatcher, FilterMatcher
from whoosh.query import AndNot, ColumnQuery, ConstantScoreQuery, Every, MultiTerm, NullQuery, NumericRange, Or, Phrase, Term
from whoosh.sorting import FunctionFacet

from index.engine import evaluate, postings
from index.engine.whoosh_format import BLOCK_LIMIT
from index.engine.postings import IndexView
from index.engine.query import ExpandedPrefix
from index.engine.schema import NO_DATE, NO_NUMBER
from index.engine.word_pairs import pairs_field
from index.engine.open_index import OpenIndex
from index.errors import QueryError
from index.search.query_text import check_and_rewrite

SORTS = ("relevance", "date", "upvotes", "hot", "title", "rising")
_DESCENDING = {"relevance": True, "date": True, "upvotes": True, "hot": True, "title": False, "rising": True}
HOT_GRAVITY = 1.8  # the README's
PAGE = 20
_INDEXED_RANGES = ("listed",)  # numbers with postings (every listing date), not a column's one value
TOLERANCE = 1e-9  # relative and absolute, for scores: the sums may be added in another order


@dataclass(frozen=True)
class Case:
    text: str
    typing: bool = False  # the reader's filter: the last word a prefix, prefixes unranked
    sort: str = "relevance"
    reverse: bool = False
    within: frozenset[str] | None = None  # ids: a reading list the results are kept to
    without: frozenset[str] | None = None  # ids the results leave out

    def __str__(self) -> str:
        flags = (" typing" if self.typing else "") + (f" by {self.sort}" if self.sort != "relevance" else "")
        flags += f" within {len(self.within)} ids" if self.within is not None else ""
        flags += f" without {len(self.without)} ids" if self.without is not None else ""
        return f"{self.text!r}{flags}{' reversed' if self.reverse else ''}"


@dataclass
class Outcome:
    case: Case
    error: str | None = None  # the query was refused (QueryError): nothing compared
    total: int = 0
    disagreements: list[str] = field(default_factory=list)


# Whoosh's side


def reference_query(query, view: IndexView | None = None):
    """The query as Whoosh's searcher must run it to mean what the engine means.

    Numbers and dates are columns only (no postings): Whoosh answers their ranges
    with a ColumnQuery, constant-scored like its NumericRange; the listing dates are
    terms (a paper has several), which Whoosh's NumericRange reads itself. A constant prefix
    (the reader's filter) is its words OR-ed, each match scoring the boost: Whoosh's
    ConstantScoreQuery of that Or. AndNot is Whoosh's with its first match fixed
    (see _AndNotMatcher).

    With `view` (the engine's view of the same index), a multi-term query (fuzzy,
    wildcard, range) is its words over the whole index, scored as one Whoosh Or of
    them scores them (see _whole_index_expansion); without it, Whoosh expands it
    per segment: the same thing on a one-segment index.
    """

    def replace(node):
        if isinstance(node, NumericRange) and node.fieldname in _INDEXED_RANGES:
            return node  # several values per document, each a term: Whoosh's own range of them
        if isinstance(node, NumericRange):
            assert node.boost == 1.0
            return ConstantScoreQuery(_ColumnRange(node.fieldname, _within(node)), 1.0)
        if isinstance(node, ExpandedPrefix) and node.constant:
            return ConstantScoreQuery(Or(list(node.subqueries)), node.boost)
        if isinstance(node, AndNot):
            return _AndNot(node.a, node.b)
        if view is not None and isinstance(node, MultiTerm) and not isinstance(node, (ExpandedPrefix, Every)):
            if getattr(node, "text", None) not in ("", "*"):
                return _whole_index_expansion(node, view)
        return node

    return query.accept(replace)


def _whole_index_expansion(node: MultiTerm, view: IndexView):
    """A multi-term query as one Whoosh Or of all its words scores it on a one-segment index.

    Whoosh expands a multi-term query per segment and picks its Or's matcher from
    that segment's word count and document count: one word is scored as a plain term
    (without the query's boost); two words, or more on a segment of over 5,000
    documents (under 1,024 words), as a tree of unions, BM25F sums times the boost;
    otherwise as an array, where a constant-score query (every one the parser makes)
    scores each match 1.0. So on an index of small segments a word's matches score
    1.0 in one segment and BM25F in the next. The engine decides once, on the whole
    index (its size and the union of the words), so a paper's score does not depend
    on the segment it was written to; this is that choice, made by Whoosh.
    """
    words = evaluate.expand(node, view)
    terms = [Term(node.field(), word) for word in words]
    if not terms:
        return NullQuery
    if len(terms) == 1:
        return terms[0]
    tree = len(terms) < Or.TOO_MANY_CLAUSES and (len(terms) == 2 or view.size > 5000)
    if getattr(node, "constantscore", False) and not tree:
        return ConstantScoreQuery(Or(terms), 1.0)
    union = Or(terms, boost=node.boost)
    union.matcher_type = Or.DEFAULT_MATCHER if tree else Or.ARRAY_MATCHER
    return union


class _AndNot(AndNot):
    def matcher(self, searcher, context=None):
        return _AndNotMatcher(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))


class _AndNotMatcher(AndNotMatcher):
    """Whoosh's AndNotMatcher, except at the start.

    whoosh-reloaded 2.7.5's _find_first only compares the two sides' first documents: when the
    NOT side's first match comes before the positive side's, it is never advanced
    to it, so the positive side's first match in a segment is kept even when the
    NOT side has it (`reason -year:2025` kept a 2025 paper that began a segment).
    tests/unit/test_engine_differential.py holds that fact.
    """

    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class _ColumnRange(ColumnQuery):
    """Whoosh's ColumnQuery as a posting list of the range would be: sized for And's and
    Or's matcher trees (which ask every child), and without deleted documents.

    Whoosh's readers leave deleted documents out of postings; a column still holds
    them, and Whoosh's InverseMatcher, stepping over a deleted document, does not move
    its child past it: `NOT upvotes:0..` kept each paper right after a deleted one.
    """

    def estimate_size(self, ixreader) -> int:
        return ixreader.doc_count_all()

    def matcher(self, searcher, context=None):
        matcher = super().matcher(searcher, context)
        reader = searcher.reader()
        if reader.has_deletions() and matcher.is_active():
            matcher = FilterMatcher(matcher, reader.deleted_docs_set, exclude=True)
        return matcher


def _within(node: NumericRange) -> Callable[[int], bool]:
    def within(value: int) -> bool:
        if value == NO_NUMBER:
            return False
        if node.start is not None and (value < node.start or (node.startexcl and value == node.start)):
            return False
        return node.end is None or not (value > node.end or (node.endexcl and value == node.end))

    return within


def sort_keys(reader, sort: str) -> list:
    """Each document's key for `sort`, from Whoosh's column readers (the README's definitions)."""
    if sort == "date":
        return list(reader.column_reader("date"))
    if sort == "upvotes":
        return [-1 if v == NO_NUMBER else v for v in reader.column_reader("upvotes")]  # unknown below zero
    if sort == "title":
        return list(reader.column_reader("title_sort"))
    if sort == "hot":
        # Upvotes over (age in days + 2) ** gravity, to the newest listing date of a live paper.
        listed = list(reader.column_reader("listed"))
        live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
        today = max((listed[d] for d in live if listed[d] != NO_NUMBER), default=NO_DATE)
        keys = []
        for votes, when in zip(reader.column_reader("upvotes"), reader.column_reader("date")):
            if votes == NO_NUMBER or when == NO_DATE or today == NO_DATE:
                keys.append(-1.0)
            else:
                keys.append(votes / (max(0, _ordinal(today) - _ordinal(when)) + 2) ** HOT_GRAVITY)
        return keys
    if sort == "rising":
        return list(reader.column_reader("rising"))  # thousandths of upvotes gained a day
    raise ValueError(sort)


def _ordinal(yyyymmdd: int) -> int:
    return date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100).toordinal()


class Reference:
    """Whoosh's own searcher over one index, with the sort keys of its documents."""

    def __init__(self, whoosh_searcher, view: IndexView | None = None) -> None:
        """`view`: expand multi-term queries over the whole index (see reference_query)."""
        self.searcher = whoosh_searcher
        self.reader = whoosh_searcher.reader()
        self.view = view
        self._keys: dict[str, list] = {}
        self._numbers: dict[str, int] | None = None  # live documents by id

    def keys(self, sort: str) -> list:
        if sort not in self._keys:
            self._keys[sort] = sort_keys(self.reader, sort)
        return self._keys[sort]

    def ranked(self, query, case: Case) -> list[tuple[int, float]]:
        """(document, score) by score descending, then document number."""
        hits = self.searcher.search(reference_query(query, self.view), limit=None, **self._filters(case))
        return [(hit.docnum, hit.score) for hit in hits if not self.reader.is_deleted(hit.docnum)]

    def sorted(self, query, case: Case, sort: str, descending: bool) -> list[int]:
        keys = self.keys(sort)
        hits = self.searcher.search(
            reference_query(query, self.view), limit=None, sortedby=FunctionFacet(lambda _s, d: keys[d]),
            reverse=descending, **self._filters(case),
        )
        return [hit.docnum for hit in hits if not self.reader.is_deleted(hit.docnum)]

    def _filters(self, case: Case) -> dict:
        """Whoosh's filter and mask: the live documents of the case's ids."""
        if self._numbers is None:
            ids = list(self.reader.column_reader("id"))
            self._numbers = {ids[d]: d for d in range(self.reader.doc_count_all()) if not self.reader.is_deleted(d)}
        found = {}
        for name, ids in (("filter", case.within), ("mask", case.without)):
            if ids is not None:
                found[name] = {self._numbers[i] for i in ids if i in self._numbers}
        return found


# The comparison


def parse_case(engine: OpenIndex, case: Case):
    """The case's query as the engine parses it; a range of words as Whoosh's parser reads it.

    The reader refuses a range of words (its cost has no bound: `[a TO zzzz]` reads the whole
    lexicon), but the evaluator still runs one for a query built otherwise, and a range is
    the one query that unions a thousand words or more: these compare that branch too.
    """
    text = check_and_rewrite(case.text, prefix_last_word=case.typing, latest_listing=engine.newest_listing())
    try:
        return engine.parse(text, constant_prefixes=case.typing)
    except QueryError as error:
        if "not a range" not in str(error):
            raise
        return engine._parser.parse(text)


def compare(engine: OpenIndex, reference: Reference, case: Case) -> Outcome:
    outcome = Outcome(case)
    try:
        query = parse_case(engine, case)
    except QueryError as error:
        outcome.error = str(error)
        return outcome
    except Exception as error:  # Whoosh's parser has corner cases that raise: PaperSearcher reports them as QueryError
        outcome.error = f"Whoosh's parser raised {type(error).__name__}"
        return outcome
    sort = case.sort
    if sort == "relevance" and isinstance(query, Every):
        sort = "date"  # what page() does: no words, no ranking
    descending = _DESCENDING[sort] != case.reverse
    if sort == "relevance":
        ranked = reference.ranked(query, case)
        expected = [d for d, _ in ranked][:: -1 if case.reverse else 1]
        scores = dict(ranked)
        key = scores.get
    else:
        expected = reference.sorted(query, case, sort, descending)
        scores = None
        key = reference.keys(sort).__getitem__
    outcome.total = len(expected)
    tell = outcome.disagreements.append
    filters = (case.within, case.without)
    total, _ = engine.page(query, case.sort, case.reverse, 0, 0, *filters)
    if total != len(expected):
        tell(f"total {total}, Whoosh {len(expected)}")
    for offset, limit in _pages(len(expected)):
        _total, pairs = engine.page(query, case.sort, case.reverse, offset, limit, *filters)
        where = f"page {offset}..{offset + limit}"
        got = [d for d, _ in pairs]
        if limit >= len(expected) and set(got) != set(expected):
            missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
            tell(f"{where}: {len(missing)} matches missing {missing[:5]}, {len(extra)} extra {extra[:5]}")
            continue
        for problem in _order_problems(got, expected[offset : offset + limit], offset, key, exact=scores is None):
            tell(f"{where}: {problem}")
        if scores is not None:
            for docnum, score in pairs:
                if docnum in scores and not _close(score, scores[docnum]):
                    tell(f"{where}: document {docnum} scores {score!r}, Whoosh {scores[docnum]!r}")
        else:
            if any(score is not None for _d, score in pairs):
                tell(f"{where}: a sorted page has scores")
    return outcome


def _pages(count: int) -> list[tuple[int, int]]:
    """(offset, limit): the first page, one past the first 200, the last, and all of them."""
    pages = [(0, PAGE)]
    if count > 220:
        pages.append((210, PAGE))
    if count > PAGE:
        pages.append((count - PAGE // 2, PAGE))
    pages.append((0, max(count, 1)))
    return pages


def _order_problems(got: list[int], wanted: list[int], offset: int, key, exact: bool) -> list[str]:
    """Where the page `got` is not `wanted` (Whoosh's, from `offset`) in order, up to ties of `key`."""
    if got == wanted:
        return []
    if len(got) != len(wanted):
        return [f"{len(got)} documents, Whoosh {len(wanted)}"]
    if len(set(got)) != len(got):
        return ["a document comes twice"]
    problems = []
    for place, (ours, theirs) in enumerate(zip(got, wanted)):
        mine, whoosh = key(ours), key(theirs)
        tied = mine == whoosh if exact else (mine is not None and _close(mine, whoosh))
        if ours != theirs and not tied:
            problems.append(f"at {offset + place}: document {ours} (key {mine!r}), Whoosh {theirs} (key {whoosh!r})")
            break
    return problems


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


# The query set


@dataclass(frozen=True)
class Vocabulary:
    """Surface words (as typed) by the posting count of their stem in the abstracts."""

    bands: dict[str, list[str]]
    phrases: list[str]  # runs of two or three words of real abstracts
    ids: list[str]  # of papers, for `id:` and reading-list filters
    orgs: list[str]


BANDS = (  # name, fewest postings, most (the engine's thresholds are 512, 1,024, 2,048 and 4,096)
    ("huge", postings._BIG_LIST * 2 + 1, 10**9),
    ("big", postings._BIG_LIST, postings._BIG_LIST * 2),
    ("blocks", evaluate._OWN_BITSET, postings._BIG_LIST - 1),
    ("mid", 60, evaluate._OWN_BITSET - 1),
    ("rare", 1, 59),
)


def vocabulary(reader, texts: Sequence[str], ids: Sequence[str], seed: int = 5) -> Vocabulary:
    analyzer = reader.schema["abstract"].analyzer
    rng = random.Random(seed)
    surface: dict[str, str] = {}
    phrases = []
    for text in texts:
        tokens = [t.text for t in analyzer(text, mode="query", removestops=False)]
        words = [w for w in text.lower().replace(".", " ").split() if w.isalpha()]
        for word in words:
            surface.setdefault(word, word)
        if len(words) > 3 and rng.random() < 0.2 and tokens:
            start = rng.randrange(len(words) - 3)
            phrases.append(" ".join(words[start : start + rng.choice((2, 3))]))
    bands: dict[str, list[str]] = {name: [] for name, _low, _high in BANDS}
    for word in sorted(surface):
        stems = [t.text for t in analyzer(word)]
        if len(stems) != 1:
            continue  # a stop word
        count = reader.doc_frequency("abstract", stems[0])
        for name, low, high in BANDS:
            if low <= count <= high:
                bands[name].append(word)
    orgs = sorted({w.decode() if isinstance(w, bytes) else w for w in reader.lexicon("org")})
    return Vocabulary(bands, phrases, list(ids), orgs)


def query_set(vocab: Vocabulary, count: int, seed: int = 3, costly: bool = False) -> list[Case]:
    """`count` queries (at least one of each kind) over the whole language, each with a sort, drawn from `vocab`.

    `costly`: also the kinds Whoosh takes seconds for over several thousand papers
    (edit distance 2: its automaton runs per segment and field; ranges of hundreds of words).
    """
    rng = random.Random(seed)
    common, dear = _templates(vocab, rng)
    # Constant-score expansions of over a thousand words, and of a few (Whoosh's array and tree
    # unions); a NOT of a column range beside deleted documents.
    fixed = ["", "title:[a TO i]", "title:[rea TO reb] model", "abstract:rea*n~", "NOT upvotes:0.."]
    cases = [Case(text) for text in fixed] + [Case("", sort="title", reverse=True)]

    def draw(template) -> Case:
        text, typing = template()
        sort = "relevance" if rng.random() < 0.6 else rng.choice(SORTS[1:])
        within = frozenset(rng.sample(vocab.ids, len(vocab.ids) // 3)) if rng.random() < 0.15 else None
        without = frozenset(rng.sample(vocab.ids, len(vocab.ids) // 5)) if rng.random() < 0.15 else None
        return Case(text, typing, sort, rng.random() < 0.25, within, without)

    cases += [draw(template) for template in (dear if costly else []) + common]
    while len(cases) < count:
        cases.append(draw(rng.choice(common)))
    return cases


Template = Callable[[], tuple[str, bool]]


def _templates(vocab: Vocabulary, rng: random.Random) -> tuple[list[Template], list[Template]]:
    """Query makers: (common ones, costly ones: see query_set)."""
    def word(*bands: str) -> str:
        band = rng.choice([b for b in bands or ("huge", "big", "blocks", "mid", "rare") if vocab.bands[b]])
        return rng.choice(vocab.bands[band])

    def phrase() -> str:
        return rng.choice(vocab.phrases)

    def org() -> str:
        return rng.choice(vocab.orgs or ["amazon"])  # the benchmark's corpus names no organisation

    def misspelt() -> str:
        w = word("huge", "big", "blocks", "mid")
        at = rng.randrange(1, len(w))
        return w[:at] + w[at + 1 :] if rng.random() < 0.5 else w[:at] + "x" + w[at:]

    def prefix() -> str:
        w = word()
        while len(w) < 3:
            w = word()
        return w[: rng.randint(3, min(6, len(w)))]

    def number() -> int:
        return rng.choice((0, 5, 20, 50, 100, 150, 250))

    def year() -> int:
        return rng.choice((2021, 2022, 2023, 2024, 2025))

    def month() -> str:
        return f"{year()}-{rng.randint(1, 12):02d}"

    plain = [
        lambda: word(),
        lambda: f"{word('huge')} {word('rare', 'mid')}",  # a big list scored within few matches
        lambda: f"{word('huge', 'big')} {word('blocks', 'big')}",
        lambda: f"{word()} {word()} {word()}",
        lambda: f"{word()} OR {word()}",
        lambda: f"{word()} OR {word()} OR {word('rare')}",
        lambda: f"{word('huge', 'big')} -{word()}",
        lambda: f"{word()} NOT {word('huge', 'big')}",
        lambda: f"NOT {word()}",
        lambda: f"({word()} OR {word()}) {word('huge', 'big')} -{word('mid', 'rare')}",
        lambda: f'"{phrase()}"',
        lambda: f'"{phrase()}" {word()}',
        lambda: f'"{phrase()}"~3',
        lambda: '"model language"',  # planted side by side: a phrase of two huge lists
        lambda: '"language model language"',  # a word twice: each place is checked
        lambda: (lambda w: f'"{w} {w}"~2')(word("huge", "big")),
        lambda: (lambda w: f'"{w} {w}"')(word("huge", "big")),  # one word at two places side by side
        lambda: (lambda p: f'"{p} {p.split()[0]}"')(phrase()),  # the first word again at the end
        lambda: f"title:{word()}",
        lambda: f"abstract:{word('huge', 'big', 'blocks')} title:{word()}",
        lambda: f'title:"{phrase()}"',
        lambda: f"org:{org()} {word('huge', 'big')}",
        lambda: f"org:{org()}",
        lambda: f"id:{rng.choice(vocab.ids)}",
        lambda: f"upvotes:>={number()}",
        lambda: (lambda low: f"upvotes:{low}..{low + 60} {word()}")(number()),
        lambda: f"authors:<{rng.randint(1, 30)} OR {word('rare')}",
        lambda: f"year:{year()}",
        lambda: f"year:{year()}.. {word()}",
        lambda: "date:{}..{}".format(*sorted((month(), month()))),
        lambda: f"date:>={year()}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {word('huge')}",
        lambda: f"{word()} -year:{year()}",
        lambda: f"listed:{month()}",  # every listing date of a paper: terms, not a column
        lambda: "listed:{}..{} {}".format(*sorted((month(), month())), word("huge", "big")),
        lambda: f"listed:latest OR {word('rare')}",
        lambda: f"{word()} -listed:{month()}",
        lambda: f"{prefix()}*",
        lambda: f"title:{prefix()}* {word('huge', 'big')}",
        lambda: f"{word()} {prefix()}* OR {word('rare')}",
        lambda: f"{misspelt()}~",
        lambda: f"{prefix()[:3]}*{word()[-2:]}",  # a wildcard: a constant-score expansion
        lambda: f"{word()[:3]}?{word()[4:]} OR {word()}",
        lambda: f"{word()}^2 {word()}",
        lambda: f"{word()}^0.5 OR {word()}^3",
        lambda: f"{word('huge')} ANDMAYBE {word()}",
        lambda: f"{word()} REQUIRE {word('huge', 'big')}",
    ]
    typed = [
        lambda: f"{word()} {prefix()}",  # the half-typed last word: a constant prefix
        lambda: f"{word('huge')} {word('mid')[:4]}",
        lambda: f"{prefix()}* {word()}",
    ]
    costly = [
        lambda: f"{misspelt()}~2 {word('huge')}",
        lambda: f"title:[{prefix()[:2]} TO {prefix()[:3]}]",
    ]
    as_typed = [(lambda t=t: (t(), True)) for t in typed]
    return [(lambda t=t: (t(), False)) for t in plain] + as_typed, [(lambda t=t: (t(), False)) for t in costly]


# Which branches a query set took


def branches(engine: OpenIndex, cases: Sequence[Case]) -> dict[str, bool]:
    """Whether the index and the queries cross each of the engine's size thresholds."""
    view = engine._view
    reader = view.reader
    taken = {
        "more than 5,000 documents": view.size > 5000,
        "several segments": len(view.segments) > 1,
        "deleted documents": view.live != view.space.all,
    }
    found: dict[str, bool] = {
        f"a list of several blocks (> {BLOCK_LIMIT} postings in a segment)": False,
        f"a bitset of its own (>= {evaluate._OWN_BITSET} postings) in a union": False,
        f"shared idf rows (>= {postings._BIG_LIST} postings)": False,
        f"match-filtered scores (> {evaluate._FILTER_FROM} postings, few matches)": False,
        "a constant-score expansion as a tree of unions (3 to 1,023 words)": False,
        "a constant-score expansion as an array (1,024 words or more)": False,
        "a phrase that is one pair of common words": False,
        "a longer phrase narrowed by its pairs of common words": False,
    }
    names = list(found)
    for case in cases:
        try:
            query = parse_case(engine, case)
        except QueryError:
            continue
        matches = engine._evaluator.evaluate(query).matches.bit_count()
        for node in _walk(query):
            if isinstance(node, MultiTerm) and getattr(node, "constantscore", False) and not isinstance(node, NumericRange):
                words = len(evaluate.expand(node, view))
                found[names[4]] |= 3 <= words < 1024
                found[names[5]] |= words >= 1024
            if isinstance(node, Phrase) and node.slop == 1 and pairs_field(node.fieldname) in view.schema:
                common = view.schema[pairs_field(node.fieldname)].format.common
                paired = any(a in common and b in common for a, b in zip(node.words, node.words[1:]))
                found[names[6]] |= paired and len(node.words) == 2
                found[names[7]] |= paired and len(node.words) > 2
            if isinstance(node, Or):
                found[names[1]] |= any(_count(reader, t) >= evaluate._OWN_BITSET for t in node.subqueries if isinstance(t, Term))
        for term in _terms(query):
            count = _count(reader, term)
            found[names[0]] |= any(_leaf_count(leaf, term) > BLOCK_LIMIT for leaf, _offset in view.segments)
            found[names[2]] |= count >= postings._BIG_LIST and case.sort == "relevance"
            found[names[3]] |= count > evaluate._FILTER_FROM and matches * 3 < count and case.sort == "relevance"
    return {**taken, **found}


def _walk(node):
    yield node
    for child in node.children():
        yield from _walk(child)


def _terms(query) -> list[Term]:
    terms = []
    for node in _walk(query):
        if isinstance(node, Term):
            terms.append(node)
        elif isinstance(node, Phrase):
            terms += [Term(node.fieldname, word) for word in node.words]
    return terms


def _count(reader, term: Term) -> int:
    try:
        return reader.doc_frequency(term.fieldname, term.text)
    except Exception:
        return 0


def _leaf_count(leaf, term: Term) -> int:
    try:
        return leaf.doc_frequency(term.fieldname, term.text)
    except Exception:
        return 0
