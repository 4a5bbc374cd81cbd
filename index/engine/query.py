"""Turn checked query text into a Whoosh query, with prefixes expanded to every word they cover."""

from __future__ import annotations

from typing import NamedTuple

from whoosh import qparser
from whoosh.qparser import syntax
from whoosh.query import And, Every, FuzzyTerm, Or, Prefix, Query, Term, TermRange, Wildcard

from index.engine.fields import DEFAULT_FIELDS, STEMMED_FIELDS, WORD_FIELDS
from index.engine.lexicon import Lexicon
from index.engine.lru import LRU
from index.errors import QueryError
from index.search.query_text import MIN_FUZZY, MIN_PREFIX

MAX_WILDCARD_TERMS = 256
MAX_EDITS = 2  # a fuzzy word's edits at most
_CACHED_WORDS = 200_000  # words of the prefix expansions kept between queries


def expansion_cache() -> LRU:
    """Prefix expansions kept between queries on one open index, bounded by their words in all."""
    return LRU(_CACHED_WORDS, cost=lambda found: len(found.terms))


class Expansion(NamedTuple):
    """The words a prefix covers in one field (see expansion), as the terms a query ORs."""

    terms: tuple[Term, ...]
    postings: int  # the words' document frequencies summed: what reading them costs

    @property
    def words(self) -> list[str]:
        return [term.text for term in self.terms]


class ExpandedPrefix(Or):
    """A prefix's words (every one: see expansion) OR-ed with Whoosh's array union, which is
    much cheaper than its default binary tree of union matchers for many clauses.

    `constant`: the prefix matches without ranking, every match scoring its boost (as
    Whoosh's own Prefix does by default). The reader's filter asks for that for every
    prefix, the half-typed last word included: whole words rank the results and
    prefixes only narrow them, which spares reading and scoring the postings of
    hundreds of completions on every third key.

    The evaluator reads these nodes right after parsing. A parent's normalize() would
    flatten one into a plain Or (Whoosh merges nested Or subclasses), so none is run.
    """

    matcher_type = Or.ARRAY_MATCHER

    def __init__(
        self, terms: list, boost: float = 1.0, field: str = "", prefix: str = "", constant: bool = False,
        postings: int = 0,
    ) -> None:
        # Whoosh rebuilds compound queries as cls(subqueries, boost=...): the rest are keywords.
        super().__init__(terms, boost=boost)
        self.field_name, self.prefix, self.constant, self.postings = field, prefix, constant, postings

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
            query.postings = self.postings
        return query

    def __repr__(self) -> str:
        if not self.prefix:
            return f"{super().__repr__()}{'[constant]' if self.constant else ''}"
        return (
            f"{type(self).__name__}({self.field_name!r}, {self.prefix!r}, {len(self.subqueries)} words, "
            f"boost={self.boost!r}){'[constant]' if self.constant else ''}"
        )


_PLAIN = (str, bytes, int, float, bool, type(None))
# Where in the query text a node was written, and the parser's note of a failure (raised
# before any search): neither changes what a node matches.
_NOT_MEANING = frozenset({"startchar", "endchar", "char_ranges", "error"})


def query_key(query: Query) -> tuple:
    """What a query's results depend on, as a hashable value: the key of the results caches.

    Every attribute of every node counts (field, text, boost, edits, slop, range ends,
    ...), found generically so a new kind of node cannot be left out. An expanded prefix is
    its field, prefix, boost and whether it ranks: within one open index those stand
    for the same words every time, so its thousands of terms need not be spelled out.
    """
    if isinstance(query, ExpandedPrefix) and query.prefix:
        return ("prefix*", query.field_name, query.prefix, query.boost, query.constant)
    parts: list = [type(query).__qualname__]
    for name, value in sorted(vars(query).items()):
        if name in _NOT_MEANING:
            continue
        if isinstance(value, Query):
            parts.append((name, query_key(value)))
        elif isinstance(value, (list, tuple)) and all(isinstance(item, Query) for item in value):
            parts.append((name, tuple(map(query_key, value))))
        elif isinstance(value, _PLAIN):
            parts.append((name, value))
        elif isinstance(value, (list, tuple, frozenset, set)) and all(isinstance(item, _PLAIN) for item in value):
            parts.append((name, tuple(sorted(value, key=repr)) if isinstance(value, (set, frozenset)) else tuple(value)))
        else:  # something a new kind of node holds: as it prints (what the key was before)
            parts.append((name, repr(value)))
    return tuple(parts)


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
    parser.replace_plugin(_operators())
    return parser


# A sign at the start of a word, a phrase or a group: `-lean`, `-"reward model"`, `-(a OR b)`
# and `+lean`, at any depth. Whoosh's PlusMinusPlugin reads signs only in the top group
# (`(a -b) c` raised from inside Whoosh) and, once one `+` appears, makes every unsigned
# word optional (`+theorem org:meta` found every theorem paper). Here `-x` is `NOT x`, and
# `+x` is `x`, which a query of words that must all match requires already. As before, a
# sign stands after a space, a parenthesis, a closing quote or a field's colon
# (`title:-lean`), a run of signs is one (`--lean`, `+-lean`), and a sign may stand apart
# from its word (`theorem - lean`); after `NOT`, a `-` adds nothing (`NOT -lean`).
_SIGN_START = r'(^|(?<=[\s()":]))'
_MINUS = _SIGN_START + r"(?<!NOT\s)[-+]*-[-+]*(?=\s*[^\s)+\-])"
_PLUS = _SIGN_START + r"\++(?=\s*[^\s)+\-])"


def _operators() -> qparser.OperatorsPlugin:
    tagger = qparser.OperatorsPlugin.OpTagger
    plus = tagger(_PLUS, syntax.AndGroup, syntax.PrefixOperator, memo="plus")
    return qparser.OperatorsPlugin(ops=[(plus, 0)], Not=rf"{_SIGN_START}NOT(?=\s)|{_MINUS}")


def parse_query(
    parser: qparser.QueryParser, text: str, lexicon: Lexicon, expansions: LRU | None = None,
    constant_prefixes: bool = False,
) -> Query:
    """Parse rewritten query text; raise QueryError for anything Whoosh flags.

    `lexicon` gives the completions of prefixes; `expansions` remembers prefix expansions
    between calls on the same index. `constant_prefixes` makes prefixes match without
    ranking (see ExpandedPrefix).
    """
    if not text.strip():
        return Every()
    query = parser.parse(text, normalize=False)
    _raise_embedded_errors(query)
    query = _without_implied_every(query).normalize()
    return _bound_expansions(query, lexicon, expansion_cache() if expansions is None else expansions, constant_prefixes)


def _without_implied_every(query: Query) -> Query:
    """Whoosh's normalize() treats `org:*` beside another filter on its field alike in an AND
    and an OR: it keeps `org:*` and drops the other (`org:* org:amazon` found every paper with
    an organisation). Right for an OR; in an AND the other filter already asks for a value of
    the field, and it is `org:*` that adds nothing. Done before normalize() sees them, on the
    AND's members as normalize() flattens them (`(org:*) (org:amazon title:x)`)."""
    if query.is_leaf():
        return query.normalize()  # a leaf as normalize() leaves it: `org:*` (a Wildcard) is Every('org')
    query = query.apply(_without_implied_every)
    if not isinstance(query, And):
        return query
    members = []
    for child in (child.normalize() for child in query.subqueries):
        flattened = isinstance(child, And) and child.boost == 1.0
        members.extend(child.subqueries if flattened else [child])
    asked = {member.field() for member in members if not isinstance(member, Every)} - {None}
    kept = [member for member in members if not (isinstance(member, Every) and member.fieldname in asked)]
    return kept[0] if len(kept) == 1 else And(kept, boost=query.boost)


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


def _bound_expansions(query: Query, lexicon: Lexicon, expansions: LRU, constant: bool) -> Query:
    if isinstance(query, Prefix):
        return _expand_prefix(query, lexicon, expansions, constant)
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
    return query.apply(lambda child: _bound_expansions(child, lexicon, expansions, constant))


def _expand_prefix(query: Prefix, lexicon: Lexicon, expansions: LRU, constant: bool) -> Query:
    text = query.text
    if len(text) < MIN_PREFIX:
        raise QueryError(f"'{text}*': write at least {MIN_PREFIX} letters before *")
    if query.fieldname not in WORD_FIELDS:
        return query
    field = query.fieldname
    found = expansions.get((field, text))
    if found is None:
        found = expansions.put((field, text), expansion(lexicon, field, text))
    return ExpandedPrefix(list(found.terms), query.boost, field, text, constant, found.postings)


def expansion(lexicon: Lexicon, field: str, text: str) -> Expansion:
    """The words the prefix `text*` covers in `field`: what a prefix matches.

    A prefix matches every paper having, in the field, any indexed word that starts
    with the prefix as typed, lowercased (Whoosh's own Prefix query over the same
    index), and any stem of a whole title word that starts with it: `reinforcem*` finds
    `reinforcement`, indexed as the stem `reinforc`, which `reinforcem` does not begin.
    Every such word, however many: the prefix is exact.
    """
    words, frequencies = lexicon.completions(field, text)
    stems = _stems_of_whole_words(lexicon, field, text)
    covered = dict(zip(words, frequencies))
    covered.update(stems)
    ordered = sorted(word for word, count in covered.items() if count)
    return Expansion(tuple(Term(field, word) for word in ordered), sum(covered.values()))


def _stems_of_whole_words(lexicon: Lexicon, field: str, prefix: str) -> dict[str, int]:
    """The stems in `field` of the whole title words starting with `prefix` that do not
    themselves start with it (those are completions already), with their frequencies."""
    if field not in STEMMED_FIELDS:
        return {}
    stems = {}
    for stem in lexicon.whole_word_stems(field, prefix):
        if stem and not stem.startswith(prefix) and stem not in stems:
            stems[stem] = lexicon.frequency(field, stem)
    return stems


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
