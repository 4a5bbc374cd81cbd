"""Turn checked query text into a Whoosh query, with prefix expansion bounded."""

from __future__ import annotations

from whoosh import qparser
from whoosh.query import Every, FuzzyTerm, Or, Prefix, Query, Term, TermRange, Wildcard
from whoosh.reading import IndexReader

from index.errors import QueryError
from index.query_text import MIN_FUZZY, MIN_PREFIX, TEXT_FIELDS

DEFAULT_FIELDS = ("title", "abstract")
MAX_EXPANSIONS = 64  # a prefix matches its 64 most frequent words
MAX_WILDCARD_TERMS = 256
MAX_EDITS = 2  # a fuzzy word's edits at most
_CACHED_EXPANSIONS = 1024


class ExpandedPrefix(Or):
    """A prefix's words OR-ed with Whoosh's array union, which is much cheaper
    than its default binary tree of union matchers for many clauses.

    `constant`: the prefix matches without ranking, every match scoring its boost (as
    Whoosh's own Prefix does by default). The reader's filter asks for that for every
    prefix, the half-typed last word included: whole words rank the results and
    prefixes only narrow them, which spares reading and scoring the postings of 64
    completions on every third key.

    The evaluator reads these nodes right after parsing. A parent's normalize() would
    flatten one into a plain Or (Whoosh merges nested Or subclasses), so none is run.
    """

    matcher_type = Or.ARRAY_MATCHER

    def __init__(self, terms: list, boost: float = 1.0, field: str = "", prefix: str = "", constant: bool = False) -> None:
        # Whoosh rebuilds compound queries as cls(subqueries, boost=...): the rest are keywords.
        super().__init__(terms, boost=boost)
        self.field_name, self.prefix, self.constant = field, prefix, constant

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and other.constant == self.constant

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.constant))

    def apply(self, fn) -> Query:
        return self._like_this(super().apply(fn))

    def normalize(self) -> Query:
        return self._like_this(super().normalize())

    def _like_this(self, query: Query) -> Query:
        if isinstance(query, ExpandedPrefix):
            query.field_name, query.prefix, query.constant = self.field_name, self.prefix, self.constant
        return query

    def __repr__(self) -> str:
        # Results are cached by the query's repr: a constant prefix ranks differently.
        return f"{super().__repr__()}{'[constant]' if self.constant else ''}"


class _Parser(qparser.QueryParser):
    """Whoosh's parser, except that prefixes and wildcards are not stemmed.

    Whoosh runs `vis*` through the field's analyzer, which stems it to `vi*`
    (and `dis*` to `di*`); a prefix is matched against the index words as
    typed, lowercased, and _expand_prefix adds the stems of the whole words
    it begins.
    """

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if termclass in (Prefix, Wildcard) and self.schema and fieldname in self.schema:
            if not self.schema[fieldname].self_parsing():
                return termclass(fieldname, text.lower(), boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def make_parser(schema) -> qparser.QueryParser:
    # What qparser.MultifieldParser builds, on the subclass.
    parser = _Parser(None, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(list(DEFAULT_FIELDS)))
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.PlusMinusPlugin())
    return parser


def parse_query(
    parser: qparser.QueryParser, text: str, reader: IndexReader, expansions: dict | None = None,
    constant_prefixes: bool = False,
) -> Query:
    """Parse rewritten query text; raise QueryError for anything Whoosh flags.

    `expansions` remembers prefix expansions between calls on the same reader.
    `constant_prefixes` makes prefixes match without ranking (see ExpandedPrefix).
    """
    if not text.strip():
        return Every()
    query = parser.parse(text)
    _raise_embedded_errors(query)
    return _bound_expansions(query, reader, {} if expansions is None else expansions, constant_prefixes)


def _raise_embedded_errors(query: Query) -> None:
    # Whoosh's parser does not raise: it marks the failing node with `error`.
    for node in _walk(query):
        error = getattr(node, "error", None)
        if error:
            raise QueryError(f"cannot read the query: {error}")


def _walk(query: Query):
    yield query
    for child in query.children():
        yield from _walk(child)


def _bound_expansions(query: Query, reader: IndexReader, expansions: dict, constant: bool) -> Query:
    if isinstance(query, Prefix):
        return _expand_prefix(query, reader, expansions, constant)
    if isinstance(query, Wildcard):
        _check_wildcard(query)
        return query
    if isinstance(query, FuzzyTerm):
        _check_fuzzy(query)
    if isinstance(query, TermRange):
        # Whoosh reads `[a TO b]` in a text field as every word between: the whole lexicon
        # for `[a TO zzzz]`, seconds to read. Ranges are for numbers and dates.
        raise QueryError(
            f"'{query.fieldname}:' takes words, not a range: ranges work on numbers and dates "
            "(upvotes:, authors:, year:, date:)"
        )
    return query.apply(lambda child: _bound_expansions(child, reader, expansions, constant))


def _expand_prefix(query: Prefix, reader: IndexReader, expansions: dict, constant: bool) -> Query:
    text = query.text
    if len(text) < MIN_PREFIX:
        raise QueryError(f"'{text}*': write at least {MIN_PREFIX} letters before *")
    if query.fieldname not in TEXT_FIELDS:
        return query
    field = query.fieldname
    key = (field, text)
    words = expansions.get(key)
    if words is None:
        words = expansions[key] = expansion(reader, field, text)
        if len(expansions) > _CACHED_EXPANSIONS:
            del expansions[next(iter(expansions))]
    return ExpandedPrefix([Term(field, word) for word in words], query.boost, field, text, constant)


def expansion(reader: IndexReader, field: str, text: str, frequencies: dict[str, int] | None = None) -> list[str]:
    """The index words a prefix covers: its most frequent completions, sorted.

    `frequencies`: every word of the field and its document frequency, when the caller has them.
    """
    candidates = set(_decoded(reader.expand_prefix(field, text))) | _stems_of_whole_words(reader, field, text)
    if frequencies is None:
        frequency = {word: reader.doc_frequency(field, word) for word in candidates}
    else:
        frequency = {word: frequencies.get(word, 0) for word in candidates}
    words = [word for word, count in frequency.items() if count]
    if len(words) > MAX_EXPANSIONS:
        # Most frequent first; ties by the word, so the cut is the same every time.
        words = sorted(words, key=lambda word: (-frequency[word], word))[:MAX_EXPANSIONS]
    return sorted(words)


def _stems_of_whole_words(reader: IndexReader, field: str, prefix: str) -> set[str]:
    """`reinforcem*` must find `reinforcement`, indexed as the stem `reinforc`:
    complete the prefix from the unstemmed title words, then stem those."""
    if field not in ("title", "abstract"):
        return set()
    analyzer = reader.schema[field].analyzer
    stems = set()
    for count, word in enumerate(_decoded(reader.expand_prefix("spell", prefix))):
        if count >= MAX_EXPANSIONS:
            break
        stems.update(token.text for token in analyzer(word))
    return stems


def _decoded(words) -> list[str]:
    return [word.decode("utf-8") if isinstance(word, bytes) else word for word in words]


def _check_fuzzy(query: FuzzyTerm) -> None:
    if len(query.text) < MIN_FUZZY:
        raise QueryError(f"'{query.text}~': fuzzy matching needs a word of {MIN_FUZZY} letters or more")
    if query.maxdist > MAX_EDITS:
        # Each further edit multiplies the words matched (model~5 matches nearly every word).
        raise QueryError(f"'{query.text}~{query.maxdist}': at most {MAX_EDITS} edits (write ~ or ~2)")


def _check_wildcard(query: Wildcard) -> None:
    head = query.text.split("*")[0].split("?")[0]
    if len(head) < MIN_PREFIX and query.text != "*":
        raise QueryError(f"'{query.text}': write at least {MIN_PREFIX} letters before a wildcard")
