"""Hypothesis strategies for query text: the whole documented query language, and its mistakes.

`queries()` draws from every construct of the README's query language (words,
phrases, every field in any letter case, numeric comparisons and ranges, dates
and date ranges, listing dates with `latest`, prefixes, wildcards, fuzzy words, AND/OR/NOT/-, parentheses,
reading-list terms) mixed with what people and pastes get wrong: stray
punctuation, unbalanced quotes, non-ASCII letters and digits, empty values,
reversed ranges and input past the length limit. The field names and the
reading-list values come from the modules that define them, so a new field is
generated as soon as it exists.
"""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from index.engine.fields import DATE_FIELDS, NUMBER_FIELDS, QUERY_FIELDS, WORD_FIELDS
from index.search.query_text import LATEST, MAX_QUERY_LENGTH
from index.search.shelf_terms import HAS_VALUES, IS_VALUES

# Words the index has (the sample's), near misses of them, and words it cannot have.
_KNOWN = ("theorem", "proving", "lean", "diffusion", "model", "models", "reasoning", "math", "dendrites", "amazon")
_MISSPELT = ("theroem", "provng", "lerning", "difusion", "reinforcment", "qqqqzzz", "zzzz")
_NON_ASCII = ("é", "ß", "İ", "ſ", "\u212a", "ﬁ", "深度", "λ", "Ω", "ñ", "ü", "\u0301", "\u200b", "🤖")
_DIGITS = ("0", "7", "10", "2024", "²", "٣", "５", "¹⁰", "০", "99999999999", "-3", "1.5")
_PUNCTUATION = tuple("()\"':*~^-+[]{}\\,.;!?&|/<>=@#$%")
_OPERATORS = ("AND", "OR", "NOT", "and", "or", "not", "AND NOT", "OR NOT")
_LIST_NAMES = ("Bookmarks", "bookmarks", "to read", "thesis", "gone", "", "深度", 'a"b')


def any_case(text: str) -> st.SearchStrategy[str]:
    """`text` with each letter in upper or lower case, drawn independently."""
    if not text:
        return st.just(text)
    return st.tuples(*(st.sampled_from(sorted({c.lower(), c.upper()})) for c in text)).map("".join)


@cache
def _vocabulary() -> tuple[str, ...]:
    from tests.benchmarks.corpus import sample_vocabulary

    words, _counts = sample_vocabulary()
    return tuple(words[:: max(1, len(words) // 120)])  # a hundred-odd real words, spread over the alphabet


@cache
def words() -> st.SearchStrategy[str]:
    letters = st.text(st.characters(categories=("Ll", "Lu", "Lo", "Nd", "No", "Mn")), min_size=1, max_size=12)
    return st.one_of(
        st.sampled_from(_KNOWN + _MISSPELT),
        st.sampled_from(_vocabulary()),
        st.sampled_from(_NON_ASCII),
        st.sampled_from(_DIGITS),
        letters,
        st.integers(20, 2100).map(lambda n: "w" * n),  # one long word
    )


@cache
def _text_term() -> st.SearchStrategy[str]:
    word = words()
    return st.one_of(
        word,
        word,
        word.map(lambda w: f"{w}*"),  # prefix
        st.tuples(word, st.sampled_from(("?", "*", "??"))).map(lambda p: f"{p[0][:3]}{p[1]}{p[0][3:]}"),  # wildcard
        st.tuples(word, st.sampled_from(("~", "~1", "~2", "~3", "~0"))).map("".join),  # fuzzy
        st.tuples(word, st.sampled_from(("^2", "^0.5", "^"))).map("".join),  # boost
        st.lists(word, min_size=0, max_size=4).map(lambda ws: '"' + " ".join(ws) + '"'),  # phrase
    )


@cache
def _number() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(0, 400).map(str), st.sampled_from(_DIGITS))


@cache
def _number_value() -> st.SearchStrategy[str]:
    number = _number()
    return st.one_of(
        number,
        st.tuples(st.sampled_from((">", ">=", "<", "<=", "=", "=>")), number).map("".join),
        st.tuples(number, number).map(lambda p: f"{p[0]}..{p[1]}"),  # ranges, reversed ones too
        number.map(lambda n: f"{n}.."),
        number.map(lambda n: f"..{n}"),
        st.sampled_from(("..", "", ">", "lots", "[1 TO 5]", "{1 TO 5]", "*")),
    )


@cache
def _date() -> st.SearchStrategy[str]:
    year = st.one_of(st.integers(0, 2100).map(lambda y: f"{y:04d}"), st.sampled_from(("25", "२०२४", "99999")))
    month = st.one_of(st.integers(0, 13).map(lambda m: f"{m:02d}"), st.sampled_from(("1", "٣")))
    day = st.one_of(st.integers(0, 32).map(lambda d: f"{d:02d}"), st.just("5"))
    return st.one_of(year, st.tuples(year, month).map("-".join), st.tuples(year, month, day).map("-".join))


@cache
def _date_value() -> st.SearchStrategy[str]:
    date = _date()
    return st.one_of(
        date,
        st.tuples(st.sampled_from((">", ">=", "<", "<=")), date).map("".join),
        st.tuples(date, date).map(lambda p: f"{p[0]}..{p[1]}"),
        date.map(lambda d: f"{d}.."),
        date.map(lambda d: f"..{d}"),
        st.sampled_from(("..", "", "today", "2024-02-30", "2023-02-29", "2024-02-29")),
    )


@cache
def _listed_value() -> st.SearchStrategy[str]:
    """`listed:` takes what `date:` takes, and `latest` (in any letter case) wherever a date goes."""
    latest = any_case(LATEST)
    return st.one_of(
        _date_value(),
        latest,
        st.tuples(st.sampled_from((">", ">=", "<", "<=")), latest).map("".join),
        st.tuples(_date(), latest).map(lambda p: f"{p[0]}..{p[1]}"),
        st.tuples(latest, _date()).map(lambda p: f"{p[0]}..{p[1]}"),
        st.sampled_from(("latest..", "..latest", "latest..latest", "lates", "latest-1", "newest")),
    )


@cache
def field_clause() -> st.SearchStrategy[str]:
    """`field:value` with every field of the language in any letter case and values of every kind."""
    text_value = st.one_of(
        _text_term(), st.just(""), st.sampled_from((">zzzz", "<=10", "[a TO c]", "(lean OR coq)", "*"))
    )
    by_kind = {
        **{field: text_value for field in WORD_FIELDS},
        **{field: _number_value() for field in NUMBER_FIELDS},
        **{field: _date_value() for field in DATE_FIELDS},
        "listed": _listed_value(),
    }
    clauses = [
        st.tuples(any_case(field), st.just(":"), by_kind.get(field, text_value)).map("".join)
        for field in QUERY_FIELDS
    ]
    unknown = st.tuples(st.sampled_from(("foo", "authr", "tilte", "x", "is", "has", "list")), st.just(":"), words())
    return st.one_of(*clauses, unknown.map("".join))


@cache
def shelf_term() -> st.SearchStrategy[str]:
    """Reading-list terms, valid and not, negated or not, in any letter case."""
    is_term = st.tuples(any_case("is"), st.sampled_from((*IS_VALUES, "starred", "READ", ""))).map(":".join)
    has_term = st.tuples(any_case("has"), st.sampled_from((*HAS_VALUES, "pdf", "NOTE"))).map(":".join)
    name = st.sampled_from(_LIST_NAMES)
    list_term = st.tuples(
        any_case("list"), st.one_of(name.map(lambda n: f'"{n}"'), name.filter(lambda n: n and " " not in n))
    ).map(":".join)
    term = st.one_of(is_term, has_term, list_term)
    return st.tuples(st.sampled_from(("", "", "-", "NOT ")), term).map("".join)


@cache
def _leaf() -> st.SearchStrategy[str]:
    return st.one_of(_text_term(), _text_term(), field_clause(), shelf_term(), st.sampled_from(_PUNCTUATION))


def _combined(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(_OPERATORS), children).map(" ".join),
        st.tuples(st.sampled_from(("NOT ", "-", "+")), children).map("".join),
        children.map(lambda c: f"({c})"),
        st.lists(children, min_size=2, max_size=4).map(" ".join),
    )


@cache
def expressions() -> st.SearchStrategy[str]:
    return st.recursive(_leaf(), _combined, max_leaves=8)


def _garbled(text: str, draws: st.DrawFn) -> str:
    """Stray punctuation dropped into the text at random places."""
    for _ in range(draws(st.integers(0, 3))):
        at = draws(st.integers(0, len(text)))
        text = text[:at] + draws(st.sampled_from(_PUNCTUATION)) + text[at:]
    return text


@st.composite
def queries(draw: st.DrawFn) -> str:
    """One query as a person, a paste or an attacker might type it."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.text(max_size=40))  # anything at all
    if kind == 1:  # past the length limit, or just under it
        unit = draw(expressions())
        length = draw(st.sampled_from((MAX_QUERY_LENGTH - 1, MAX_QUERY_LENGTH, MAX_QUERY_LENGTH + 1)))
        return ((unit + " ") * (length // (len(unit) + 1) + 1))[:length]
    text = draw(expressions())
    return _garbled(text, draw) if kind == 2 else text


def filter_queries() -> st.SearchStrategy[str]:
    """What the reader's filter is given: any query, and as often one with reading-list
    terms, valid ones among them, beside words (they narrow the results, often to
    nothing, which asks for a suggestion)."""
    valid = st.tuples(
        st.sampled_from(("", "-", "NOT ")),
        st.sampled_from(
            (*(f"is:{v}" for v in IS_VALUES), *(f"has:{v}" for v in HAS_VALUES), "list:Bookmarks", 'list:"to read"')
        ).flatmap(any_case),
    ).map("".join)
    terms = st.lists(st.one_of(valid, shelf_term()), min_size=1, max_size=2).map(" ".join)
    rest = st.one_of(expressions(), st.lists(words(), min_size=0, max_size=3).map(" ".join))
    with_terms = st.tuples(terms, rest, st.booleans()).map(lambda p: f"{p[0]} {p[1]}" if p[2] else f"{p[1]} {p[0]}")
    return st.one_of(queries(), with_terms)
