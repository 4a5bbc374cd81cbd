"""The query language on the sample listings: results, sorting, paging, errors, highlights."""

from __future__ import annotations

import time

import pytest

from index.errors import QueryError, UnknownPaper
from index.search.results import SORTS

LEANAGENT = "trfp4ubmns"
ALCHEMY = "47qek7yuhk"
DEEPSEEK_PROVER = "dxbwfloije"
THEOREMLLAMA = "oyzoggddpr"
MUSTARD = "wqula7nxfn"
WE_MATH_2 = "kht3d63ay7"
WE_MATH = "evuxms4uwn"
PRM_LESSONS = "2dmdnmi344"
NEURAL_SOLVES = "ncpt5owgiq"
FLAMES = "avm2jne3pw"
GRADIENT_BOOSTING = "6u364yg6sg"
DENDRITES = "zwvhnp3veh"

# query -> the ids it must return, in order when the list is a list.
QUERY_TABLE = {
    '"theorem proving" lean': [LEANAGENT, DEEPSEEK_PROVER, THEOREMLLAMA, MUSTARD],
    "org:amazon": [FLAMES],
    "upvotes:>=8": [WE_MATH_2, PRM_LESSONS, WE_MATH],
    "authors:>=14": [WE_MATH_2, WE_MATH, NEURAL_SOLVES],
    "year:2019": [GRADIENT_BOOSTING],
    "date:2019-09..2019-09": [GRADIENT_BOOSTING],
    "dendrit*": [DENDRITES],
    "dendrits~": [DENDRITES],
    "title:geometry": {"nola26e6mk", "ei5hd3nsmt"},
}


def ids(page) -> list[str]:
    return [hit.paper.id for hit in page.hits]


@pytest.mark.parametrize("query", sorted(QUERY_TABLE))
def test_query_table(searcher, query):
    expected = QUERY_TABLE[query]
    got = ids(searcher.search(query))
    assert (set(got) if isinstance(expected, set) else got) == expected


def test_words_are_stemmed_and_all_must_match(searcher):
    page = searcher.search("theorem proving")
    assert page.sort == "relevance" and page.total == 9
    assert ids(page)[0] == LEANAGENT
    assert ALCHEMY in ids(page)  # "Theorem-Proving" matches "proving" via the stem "prove"


def test_not_and_minus_exclude(searcher):
    with_lean = set(ids(searcher.search("theorem lean")))
    assert LEANAGENT in with_lean
    assert set(ids(searcher.search("theorem -lean"))) == set(ids(searcher.search("theorem NOT lean")))
    assert not with_lean & set(ids(searcher.search("theorem -lean")))


def every(searcher, text: str) -> set[str]:
    return set(ids(searcher.search(text, limit=1000)))


def test_signs_work_at_any_depth_and_a_plus_changes_nothing(searcher):
    """`-` is NOT and `+` is the word itself, in a group too (Whoosh's own plus-minus reading
    raised inside a group, and after a `+` made the other words optional)."""
    theorem, lean, meta = every(searcher, "theorem"), every(searcher, "lean"), every(searcher, "org:meta")
    everything = every(searcher, "")
    assert theorem & lean and theorem - lean
    assert every(searcher, "(theorem -lean) OR dendrites") == (theorem - lean) | every(searcher, "dendrites")
    assert every(searcher, "(+theorem) org:meta") == every(searcher, "+theorem org:meta") == theorem & meta
    assert every(searcher, "-lean") == everything - lean  # alone, the papers without it
    assert every(searcher, '-(lean OR "formal proofs") theorem') == theorem - lean - every(searcher, '"formal proofs"')
    assert every(searcher, "state-of-the-art") == every(searcher, "state of the art")  # a hyphen inside a word is no sign
    without_lean = theorem - lean
    for text in ("theorem title:-lean abstract:-lean", "theorem --lean", "theorem +-lean", "theorem - lean",
                 "(theorem)-lean", '"theorem"-lean', "theorem NOT -lean"):
        assert every(searcher, text) == without_lean, text
    assert every(searcher, "title:-lean") == everything - every(searcher, "title:lean")


def test_or_and_parentheses(searcher):
    either = set(ids(searcher.search("(dendrites OR lean4) AND neurons OR lean4", limit=100)))
    assert DENDRITES in either


def test_empty_query_lists_every_paper_newest_first(searcher):
    page = searcher.search("", limit=300)
    assert page.total == 253 and page.sort == "date"
    keys = [hit.paper.date.sort_key(2025) if hit.paper.date else 0 for hit in page.hits]
    assert keys == sorted(keys, reverse=True)
    assert page.hits[0].paper.date.display() == "Nov 4, 2025"


def test_sorts_and_reverse(searcher):
    by_votes = searcher.search("", sort="upvotes", limit=3)
    assert [h.paper.upvotes for h in by_votes.hits] == [9, 8, 8]
    titles = [h.paper.title.casefold() for h in searcher.search("", sort="title", limit=300).hits]
    assert titles == sorted(titles)
    reversed_titles = [h.paper.title.casefold() for h in searcher.search("", sort="title", reverse=True, limit=300).hits]
    assert reversed_titles == titles[::-1]
    oldest = searcher.search("", sort="date", reverse=True, limit=1).hits[0].paper
    assert oldest.date.display() == "May 24, 2017"


def test_paging_returns_the_requested_slice(searcher):
    everything = ids(searcher.search("", limit=253))
    assert ids(searcher.search("", offset=100, limit=50)) == everything[100:150]
    relevance = ids(searcher.search("math", limit=500))
    assert ids(searcher.search("math", offset=30, limit=20)) == relevance[30:50]
    assert searcher.search("", offset=1000).hits == []


@pytest.mark.parametrize("query", ["", "model", "upvotes:>=3"])
def test_every_page_is_the_slice_of_the_whole_list(searcher, query):
    # Pages near the end are found walking the sort order from its end: both ways must agree.
    for sort in ("date", "title"):
        whole = ids(searcher.search(query, sort=sort, limit=300))
        assert 0 < len(whole) <= 253
        for offset in range(0, len(whole) + 10, 7):
            assert ids(searcher.search(query, sort=sort, offset=offset, limit=9)) == whole[offset : offset + 9]


def test_typing_treats_the_last_word_as_a_prefix(searcher):
    assert searcher.search("dendr").total == 0
    assert ids(searcher.search("dendr", typing=True)) == [DENDRITES]
    # A complete word still matches its stemmed form while typing.
    assert searcher.search("mathematical", typing=True).total == searcher.search("mathematical").total


def test_the_first_letters_typed_never_empty_the_list(searcher):
    everything = searcher.search("").total
    # One letter is not searched for yet, nor two that no paper has as a word;
    # two that are a word are searched (RL), and from three letters the word is a prefix.
    assert searcher.search("t", typing=True).total == everything
    assert searcher.search("th", typing=True).total == everything
    assert 0 < searcher.search("rl", typing=True).total == searcher.search("rl").total < everything
    assert searcher.search("theorem p", typing=True).total == searcher.search("theorem").total
    assert searcher.search("theorem pq", typing=True).total == searcher.search("theorem").total
    assert searcher.search("t").total == searcher.search("th").total == 0  # a finished query means what it says


def test_highlight_spans_cover_the_matched_words(searcher):
    page = searcher.search("theorem proving")
    paper = page.hits[0].paper
    title_spans, abstract_spans = searcher.highlights(paper, page.terms)
    assert [paper.title[a:b] for a, b in title_spans] == ["Theorem", "Proving"]
    words = {paper.abstract[a:b].lower() for a, b in abstract_spans}
    assert {"theorem", "proving"} <= words


def test_prefix_highlights_cover_expansions(searcher):
    page = searcher.search("dendrit*")
    _, spans = searcher.highlights(page.hits[0].paper, page.terms)
    words = {page.hits[0].paper.abstract[a:b].lower() for a, b in spans}
    assert {"dendrites", "dendritic"} <= words


def test_did_you_mean(searcher):
    page = searcher.search("theroem provng")
    assert page.total == 0 and page.suggestion == "theorem proving"
    assert searcher.search("theorem").suggestion is None


def test_similar_papers_and_their_key_terms(searcher):
    similar = searcher.similar(LEANAGENT)
    assert LEANAGENT not in [hit.paper.id for hit in similar.hits]
    assert {"theorem", "lean"} <= set(similar.key_terms)
    assert DEEPSEEK_PROVER in [hit.paper.id for hit in similar.hits[:5]]
    assert searcher.search(similar.as_query).total > 0


def test_key_terms_are_words_not_numbers_or_abbreviations(searcher):
    for hit in searcher.search("", "date", False, 0, 60).hits:
        for term in searcher.similar(hit.paper.id).key_terms:
            assert sum(c.isalpha() for c in term) >= 2 and "." not in term, (hit.paper.title, term)


def test_paper_by_id(searcher):
    assert searcher.paper(FLAMES).organisation.name == "Amazon"
    with pytest.raises(UnknownPaper):
        searcher.paper("nosuchpaper")


@pytest.mark.parametrize("paper_id", ["\udcff", "trfp\ud800", ""])
def test_an_id_no_paper_can_have_is_unknown_not_an_error(searcher, paper_id):
    """A lone surrogate (an undecodable byte kept by Python) cannot be encoded for the index's lookup."""
    with pytest.raises(UnknownPaper):
        searcher.similar(paper_id)
    assert searcher.known([paper_id]) == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo:bar", "unknown field 'foo:' at column 1; valid fields: title:, abstract:, org:, upvotes:, authors:, year:, date:, listed:, id:"),
        ('theorem "proving', 'unclosed quote: the " at column 9 has no closing "'),
        ("(theorem proving", "the '(' at column 1 is never closed"),
        ("theorem)", "unmatched ')' at column 8"),
        ("a*", "'a*': write at least 3 letters before *"),
        ("upvotes:lots", "'upvotes:' at column 1 expects a whole number up to 4,294,967,294, got 'lots'"),
        ("date:2024-13", "'date:' at column 1 expects YYYY, YYYY-MM or YYYY-MM-DD or a range like 2024-03..2024-06, got '2024-13'"),
        ("x" * 3000, "the query is 3,000 characters long; the limit is 2,000"),
        ("(" * 40 + "a" + ")" * 40, "parentheses nested deeper than 16 at column 17"),
    ],
)
def test_bad_queries_raise_one_error_type_saying_what_and_where(searcher, query, message):
    with pytest.raises(QueryError) as error:
        searcher.search(query)
    assert str(error.value) == message


def test_unknown_sort(searcher):
    with pytest.raises(QueryError, match="unknown sort"):
        searcher.search("x", sort="colour")


@pytest.mark.parametrize("query", ["*", "?*", "th*", "a* b* c*", "theorem " * 200, "((((a))))", "*x*", "-", "~", '""', "OR", "NOT"])
def test_awkward_queries_return_promptly_with_results_or_the_error(searcher, query):
    started = time.perf_counter()
    try:
        searcher.search(query)
    except QueryError:
        pass
    assert time.perf_counter() - started < 2


def test_typing_mid_word_finds_the_stemmed_whole_word(searcher):
    # "reinforcement" is indexed as the stem "reinforc", which "reinforcem" is not a prefix of.
    whole = set(ids(searcher.search("reinforcement", limit=500)))
    assert whole and whole <= set(ids(searcher.search("reinforcem", typing=True, limit=500)))


@pytest.mark.parametrize("text", ["supervised fine-", "fine-", "neural (", "x -", 'say "', "title:"])
def test_every_keystroke_of_typing_gives_results_or_a_query_error(searcher, text):
    for end in range(1, len(text) + 1):
        try:
            searcher.search(text[:end], typing=True)
        except QueryError:
            pass


def test_no_suggestion_while_typing_but_on_request(searcher):
    page = searcher.search("theroem", typing=True)
    assert page.total == 0 and page.suggestion is None
    assert searcher.suggest("theroem") == "theorem"


def test_open_ranges(searcher):
    assert ids(searcher.search("upvotes:8..")) == ids(searcher.search("upvotes:>=8"))
    assert searcher.search("authors:..2", limit=300).total == searcher.search("authors:<=2", limit=300).total > 0


def test_sorts_are_listed_in_the_order_the_reader_cycles(searcher):
    from index.search.paper_searcher import SORTS

    assert SORTS == ("relevance", "date", "upvotes", "hot", "title", "rising")


def _hot(paper, today: int) -> float:
    # Upvotes over (age in days + 2) ** 1.8, the age counted to the newest listing date (README).
    from datetime import date as day

    if paper.upvotes is None or paper.date is None:
        return -1.0
    key = paper.date.sort_key(2025)
    then = day(key // 10000, key // 100 % 100, key % 100).toordinal()
    return paper.upvotes / (max(0, today - then) + 2) ** 1.8


def test_hot_sort_is_upvotes_over_a_power_of_the_age(searcher):
    from datetime import date as day

    everything = [hit.paper for hit in searcher.search("", limit=300).hits]
    newest = max(a.listing_date.sort_key(2025) for p in everything for a in p.appearances if a.listing_date)
    today = day(newest // 10000, newest // 100 % 100, newest % 100).toordinal()
    page = searcher.search("", sort="hot", limit=300)
    assert page.sort == "hot" and page.total == 253
    values = [_hot(hit.paper, today) for hit in page.hits]
    assert values == sorted(values, reverse=True)
    known = [hit.paper for hit in page.hits if hit.paper.upvotes is not None]
    assert [hit.paper for hit in page.hits[: len(known)]] == known  # unknown upvotes last
    assert values[0] > 0 and values[0] > values[len(known) // 2]
    # Reversed: the same papers the other way round, ties kept in index order.
    backwards = searcher.search("", sort="hot", reverse=True, limit=300)
    assert [_hot(hit.paper, today) for hit in backwards.hits] == sorted(values)
    # Words narrow it like any sort.
    math = searcher.search("math", sort="hot", limit=300)
    math_values = [_hot(hit.paper, today) for hit in math.hits]
    assert math.total == searcher.search("math").total and math_values == sorted(math_values, reverse=True)


def test_within_keeps_only_those_papers_newest_first(searcher):
    chosen = frozenset({LEANAGENT, FLAMES, DENDRITES, GRADIENT_BOOSTING, "nosuchpaper"})
    page = searcher.search("", within=chosen)
    assert page.total == 4 and set(ids(page)) == chosen - {"nosuchpaper"}
    keys = [hit.paper.date.sort_key(2025) for hit in page.hits]
    assert keys == sorted(keys, reverse=True) and page.sort == "date"
    assert ids(searcher.search("theorem", within=chosen)) == [LEANAGENT]
    assert searcher.search("", within=frozenset()).total == 0
    assert ids(searcher.search("", within=chosen, offset=1, limit=2)) == ids(page)[1:3]


def test_without_drops_those_papers(searcher):
    everything = searcher.search("theorem proving")
    page = searcher.search("theorem proving", without=frozenset({LEANAGENT, "nosuchpaper"}))
    assert page.total == everything.total - 1 and ids(page) == [i for i in ids(everything) if i != LEANAGENT]
    both = searcher.search("", within=frozenset({LEANAGENT, FLAMES}), without=frozenset({FLAMES}))
    assert ids(both) == [LEANAGENT]
    read = frozenset(ids(searcher.search("", limit=200)))
    assert searcher.search("", without=read, limit=300).total == 53


def test_filters_with_every_sort_and_deep_pages(searcher):
    unread = frozenset(ids(searcher.search("", limit=100)))
    for sort in ("relevance", "date", "upvotes", "hot", "title"):
        whole = ids(searcher.search("", sort=sort, without=unread, limit=300))
        assert len(whole) == 153
        assert ids(searcher.search("", sort=sort, without=unread, offset=100, limit=20)) == whole[100:120]


@pytest.mark.parametrize("text", ["", "reasoning", "title:math*", "model"])
@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("reverse", [False, True])
def test_a_papers_position_is_its_offset_in_the_results(searcher, text, sort, reverse):
    every = searcher.search(text, sort, reverse, 0, 1000)
    first = searcher.search(text, sort, reverse, 0, 10)
    ranked_only = sort == "relevance" and text  # by relevance, only the best 200 have a position
    for offset, hit in enumerate(every.hits):
        expected = None if ranked_only and offset >= 200 else offset
        assert searcher.position(first, hit.paper.id) == expected
    matching = {hit.paper.id for hit in every.hits}
    others = [hit.paper.id for hit in searcher.search("", "date", False, 0, 1000).hits if hit.paper.id not in matching]
    assert all(searcher.position(first, paper_id) is None for paper_id in others[:20])
    assert searcher.position(first, "no-such-paper") is None


def test_a_position_while_typing_leaves_out_the_half_typed_word_as_the_search_did(searcher):
    first = searcher.search("reasoning zq", "date", False, 0, 10, typing=True)  # "zq": no paper has it
    every = searcher.search("reasoning", "date", False, 0, 1000)
    assert first.total == every.total > 10
    last = every.hits[-1].paper.id
    assert searcher.position(first, last, typing=True) == every.total - 1
