"""The query language on the sample listings: results, sorting, paging, errors, highlights."""

from __future__ import annotations

import time

import pytest

from index.errors import QueryError, UnknownPaper

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


def test_typing_treats_the_last_word_as_a_prefix(searcher):
    assert searcher.search("dendr").total == 0
    assert ids(searcher.search("dendr", typing=True)) == [DENDRITES]
    # A complete word still matches its stemmed form while typing.
    assert searcher.search("mathematical", typing=True).total == searcher.search("mathematical").total


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


def test_paper_by_id(searcher):
    assert searcher.paper(FLAMES).organisation.name == "Amazon"
    with pytest.raises(UnknownPaper):
        searcher.paper("nosuchpaper")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo:bar", "unknown field 'foo:' at column 1; valid fields: title:, abstract:, org:, upvotes:, authors:, year:, date:, id:"),
        ('theorem "proving', 'unclosed quote: the " at column 9 has no closing "'),
        ("(theorem proving", "the '(' at column 1 is never closed"),
        ("theorem)", "unmatched ')' at column 8"),
        ("a*", "'a*': write at least 3 letters before *"),
        ("upvotes:lots", "'upvotes:' at column 1 expects a whole number, got 'lots'"),
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
