"""Facet counts: every value's count is the total of the query with that value's filter added."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import QueryError
from index.search.facets import FACETS, add_to
from index.library import Library
from index.search.query_text import MAX_QUERY_LENGTH
from index.locations import locations
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.search.shelf_terms import resolve
from index.sync.report import SyncOptions
from tests.fuzz_budget import examples, fuzz
from tests.listing_text import authors_meta, entry, listing, org_meta
from tests.query_corpus import STORE_STATES
from tests.query_grammar import expressions, filter_queries

SAMPLE_QUERIES = ("", "model", "theorem proving", "lean OR coq", "upvotes:>=1", "org:amazon", "date:2025", "-model")


def facet_total(searcher, store, query: str) -> int:
    """The total the query has, read as the reader's filter reads it (reading-list terms resolved)."""
    shelf = resolve(query, store, DEFAULT_LIST)
    return searcher.counts(shelf.text, shelf.within, shelf.without)[0]


def facet_counts(searcher, store, query: str):
    shelf = resolve(query, store, DEFAULT_LIST)
    return searcher.facet_counts(shelf.text, False, shelf.within, shelf.without, store)


def assert_counts_are_totals(searcher, store, query: str) -> int:
    """Every value's count against the total of the query with its filter added; how many values."""
    counts = facet_counts(searcher, store, query)
    for count in counts:
        value = count.value
        if len(add_to(query, value.negated)) > MAX_QUERY_LENGTH:
            continue  # a query at the length limit has no room for one more filter (the filter says so)
        assert count.count == facet_total(searcher, store, add_to(query, value.query)), (query, value)
        # And its negation keeps exactly the rest out.
        assert facet_total(searcher, store, add_to(query, value.negated)) == facet_total(searcher, store, query) - count.count, (query, value)
    return len(counts)


def test_every_facet_value_of_the_sample_counts_what_its_filter_adds(searcher):
    for query in SAMPLE_QUERIES:
        assert_counts_are_totals(searcher, None, query)
    facets = {count.value.facet for count in searcher.facet_counts("")}
    assert facets == {"organisation", "listing", "month", "upvotes", "authors"}  # no store: no list or state


def test_the_sample_s_facets_give_the_counts_the_readme_names(searcher):
    counts = {(c.value.facet, c.value.label): c for c in searcher.facet_counts("")}
    assert counts[("listing", "2025-11-04")].count == 85
    assert counts[("listing", "2025-11-04")].value.query == "listed:2025-11-04"
    assert counts[("organisation", "amazon")].value.query == "org:amazon"
    assert counts[("month", "2025-11")].value.query == "date:2025-11"
    assert counts[("upvotes", "0-9")].value.query == "upvotes:0..9"
    # Upvote bands split every paper: none shown, or one of the bands.
    bands = sum(c.count for (facet, _label), c in counts.items() if facet == "upvotes")
    assert bands == searcher.paper_count


def test_facets_come_in_their_order_and_no_value_with_nothing_is_listed(searcher):
    counts = searcher.facet_counts("theorem proving")
    order = [FACETS.index(c.value.facet) for c in counts]
    assert order == sorted(order)
    assert all(c.count > 0 for c in counts)


@fuzz
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.one_of(expressions(), filter_queries()), state=st.sampled_from(STORE_STATES))
def test_on_a_generated_corpus_each_count_is_the_total_with_the_value_added(corpus_searcher, stores, query, state):
    store = stores[state]
    try:
        facet_total(corpus_searcher, store, query)
    except QueryError:
        return  # a query that cannot run has no facets (the filter says what is wrong)
    assert_counts_are_totals(corpus_searcher, store, query)


def test_a_value_added_to_a_signed_group_narrows_it(searcher):
    """Found by the property test below: `(+theorem)` with a value added could not be read."""
    assert assert_counts_are_totals(searcher, None, "(+theorem)") > 0
    assert assert_counts_are_totals(searcher, None, "(theorem -lean)") > 0
    assert assert_counts_are_totals(searcher, None, "-lean") > 0  # a negation alone counts too


def test_the_reading_list_and_state_facets_follow_the_store(corpus_searcher, stores):
    store = stores["some read"]
    counts = {(c.value.facet, c.value.label): c.count for c in facet_counts(corpus_searcher, store, "")}
    assert counts[("state", "read")] == len(store.read_ids() & set(corpus_searcher.paper_ids("")))
    assert counts[("state", "read")] + counts[("state", "unread")] == corpus_searcher.paper_count
    assert ("list", "to read") in counts and ("list", DEFAULT_LIST) in counts


def _listing_library(tmp_path, text: str, mute: tuple[str, ...] = ()) -> Library:
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    library = Library([folder], locations(tmp_path / "data"), SyncOptions(procs=1))
    library.mute = mute
    library.sync()
    return library


ORGS = listing(
    "Nov 4",
    entry("Llama reading one", "llamas", org_meta("meta-llama Meta Llama", "Nov 1, 2025 12")),
    entry("Llama reading two", "llamas", org_meta("meta-llama Meta Llama", "Nov 2, 2025 60")),
    entry("Meta only", "meta", org_meta("meta Meta", "Nov 3, 2025 3")),
    entry("A lone survey of things", "surveys", authors_meta(3, "Oct 3, 2025")),
    entry("Quoted org", "quotes", org_meta('"q"uote Quote', "Oct 4, 2025")),
    entry("Symbols org", "symbols", org_meta("*** ***", "Oct 5, 2025")),
)


def test_an_organisation_with_punctuation_in_its_handle_is_one_value_with_a_filter_that_finds_it(tmp_path):
    with _listing_library(tmp_path, ORGS).open_searcher() as searcher:
        orgs = {c.value.label: c for c in searcher.facet_counts("") if c.value.facet == "organisation"}
        assert orgs["meta-llama"].value.query == 'org:"meta llama"'
        assert orgs["meta-llama"].count == 2
        assert orgs["meta"].count == searcher.counts("org:meta")[0] == 3  # `org:meta` finds the word in both
        assert orgs['"q"uote'].value.query == 'org:"q uote"'  # the quote is not in the filter
        assert "***" not in orgs  # no word `org:` can find: no value
        assert_counts_are_totals(searcher, None, "")


def test_muted_papers_are_left_out_of_searches_counts_and_facets_until_shown_anyway(tmp_path):
    library = _listing_library(tmp_path, ORGS, mute=("survey", "org:meta"))
    with library.open_searcher() as searcher:
        page = searcher.search("")
        assert page.total == 2 and page.hidden == 4
        assert {hit.paper.title for hit in page.hits} == {"Quoted org", "Symbols org"}
        assert searcher.counts("llama")[0] == 0
        assert sum(c.count for c in searcher.facet_counts("") if c.value.facet == "upvotes") == 2
        assert_counts_are_totals(searcher, None, "")
        searcher.show_muted = True
        page = searcher.search("")
        assert page.total == 6 and page.hidden == 0
        assert searcher.counts("llama")[0] == 2
        searcher.show_muted = False
        assert searcher.search("").total == 2


def test_views_counts_leave_the_muted_papers_out(tmp_path):
    from index.shelf.view_counts import save_view, view_summaries

    library = _listing_library(tmp_path, ORGS, mute=("survey",))
    with library.open_searcher() as searcher, ReadingStore.open(tmp_path / "store.sqlite") as store:
        save_view(store, searcher, "all", "")
        assert [summary.total for summary in view_summaries(searcher, store)] == [5]


def test_a_mute_term_that_cannot_run_on_the_index_is_noted_and_the_rest_still_mute(tmp_path):
    library = _listing_library(tmp_path, ORGS, mute=("survey", "x~"))
    with library.open_searcher() as searcher:
        assert searcher.search("").total == 5
        assert len(searcher.mute_problems) == 1 and "x~" in searcher.mute_problems[0]


def test_every_value_of_a_field_and_one_of_its_values_is_that_value(corpus_searcher):
    """Whoosh's normalize() kept `org:*` and dropped `org:amazon` from `org:* org:amazon` (an AND):
    every paper with an organisation. Found by the facet fuzzer through `ORG:*`."""
    counted = lambda text: corpus_searcher.counts(text)[0]  # noqa: E731
    every, amazon = counted("org:*"), counted("org:amazon")
    assert 0 < amazon < every
    assert counted("org:* org:amazon") == counted("ORG:* AND org:amazon") == amazon
    assert counted("org:* OR org:amazon") == every
    assert counted("org:* -org:amazon") == every - amazon
    assert corpus_searcher.search("org:* org:amazon").total == amazon
