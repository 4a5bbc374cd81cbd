"""Views (saved searches) in a real store file, counted on the sample index: names, queries
and sorts checked, hostile ones too (a property test), two instances, a store of schema 2."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from index.errors import PapershelfError, QueryError
from index.shelf.first_seen import note_index
from index.shelf.store import DEFAULT_LIST, ReadingStore, StoreCorrupt
from index.shelf.schema import MIGRATIONS, SCHEMA_VERSION
from index.shelf.view_counts import save_view, view_summaries
from index.shelf.views import MAX_VIEW_NAME, View, ViewError, ViewSummary, valid_view_name
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import HOSTILE
from tests.query_grammar import filter_queries

LEANAGENT, FLAMES = "trfp4ubmns", "avm2jne3pw"


@pytest.fixture
def store(tmp_path):
    with ReadingStore.open(tmp_path / "reading-lists.sqlite") as opened:
        yield opened


def test_a_view_is_saved_listed_found_in_any_case_replaced_and_deleted(store):
    view, replaced = store.save_view("  Morning  ", "is:new listed:latest", "upvotes")
    assert (view.name, view.query, view.sort, view.reverse, replaced) == ("Morning", "is:new listed:latest", "upvotes", False, False)
    store.save_view("thesis", "theorem proving", None, True)
    assert [v.name for v in store.views()] == ["Morning", "thesis"]
    assert store.view("MORNING") == view
    again, replaced = store.save_view("morning", "listed:latest", "hot")
    assert replaced and again.name == "morning" and again.created == view.created
    assert [(v.name, v.query) for v in store.views()] == [("morning", "listed:latest"), ("thesis", "theorem proving")]
    store.rename_view("thesis", "Thesis work")
    with pytest.raises(ViewError, match="a view named 'morning' already exists"):
        store.rename_view("Thesis work", "Morning")
    assert store.delete_view("thesis WORK").name == "Thesis work"
    with pytest.raises(ViewError, match="no view named 'thesis'; views: morning"):
        store.view("thesis")
    store.delete_view("morning")
    with pytest.raises(ViewError, match="no view named 'x'; there are no views yet"):
        store.delete_view("x")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("x" * (MAX_VIEW_NAME + 1), f"at most {MAX_VIEW_NAME} characters"),
        ("a\x1b[31mb", r"cannot contain the character U\+001B \(at character 2\)"),
        ("left\u202eright", r"U\+202E"),
        ("zero\u200bwidth", r"U\+200B"),
        ("one\u2028two", r"U\+2028"),
        ("\ud800", r"U\+D800"),
        (3, "must be text, not int"),
    ],
)
def test_bad_view_names_are_refused_with_what_is_wrong(store, name, message):
    with pytest.raises(ViewError, match=message):
        store.save_view(name, "theorem")
    assert store.views() == []


def test_bad_queries_and_sorts_are_refused(store, searcher):
    with pytest.raises(ViewError, match="at most 2,000 characters"):
        store.save_view("long", "x " * 1001)
    with pytest.raises(ViewError, match=r"U\+0007"):
        store.save_view("bell", "theorem\x07")
    with pytest.raises(ViewError, match="unknown sort 'newest'"):
        store.save_view("sorted", "theorem", "newest")
    with pytest.raises(QueryError, match="never closed"):
        save_view(store, searcher, "broken", "title:(lean")
    with pytest.raises(QueryError, match="no list named 'thesis'"):
        save_view(store, searcher, "listed", "list:thesis")
    assert store.views() == []


def test_every_view_is_counted_with_its_new_papers_in_one_call(store, searcher):
    note_index(store, searcher)  # every paper first seen now, no visit yet: all new
    store.dismiss([LEANAGENT])
    store.add(DEFAULT_LIST, searcher.paper(FLAMES))
    store.save_view("today", "listed:latest", "upvotes")
    store.save_view("proving", '"theorem proving"')
    store.save_view("mine", "is:bookmarked")
    store.save_view("not new", "is:dismissed")
    store.create_list("gone")
    store.save_view("gone", "list:gone lean")
    store.delete_list("gone")
    summaries = view_summaries(searcher, store)
    assert [(s.view.name, s.total, s.new, s.problem) for s in summaries] == [
        ("today", 85, 85 - (LEANAGENT in searcher.paper_ids("listed:latest")), None),
        ("proving", searcher.search('"theorem proving"').total, searcher.search('"theorem proving"').total - 1, None),
        ("mine", 1, 1, None),
        ("not new", 1, 0, None),
        ("gone", None, None, "no list named 'gone'; lists: Bookmarks"),
    ]
    store.begin_visit()  # the first visit: every paper is new in it
    assert [s.new for s in view_summaries(searcher, store)][:4] == [84, 6, 1, 0]
    store.end_visit()
    store.begin_visit()  # the next visit, no paper seen since: none is new now
    assert [s.new for s in view_summaries(searcher, store)][:4] == [0, 0, 0, 0]


def test_two_instances_see_each_others_views(tmp_path):
    path = tmp_path / "reading-lists.sqlite"
    with ReadingStore.open(path) as one, ReadingStore.open(path) as two:
        one.save_view("morning", "is:new")
        assert [v.name for v in two.views()] == ["morning"]
        two.delete_view("morning")
        assert one.views() == []


def test_a_store_of_schema_2_is_migrated_and_a_foreign_views_table_is_damage(tmp_path):
    path = tmp_path / "reading-lists.sqlite"
    connection = sqlite3.connect(path)
    for statements in MIGRATIONS[:2]:
        for statement in statements:
            connection.execute(statement)
    connection.execute("PRAGMA user_version = 2")
    connection.execute("INSERT INTO dismissed VALUES ('aaaaaaaaaa', '2025-11-04T09:00:00.000000Z')")
    connection.commit()
    connection.close()
    with ReadingStore.open(path) as store:
        assert store.dismissed_ids() == {"aaaaaaaaaa"} and store.views() == []
        store.save_view("kept", "theorem")
    assert SCHEMA_VERSION == 3
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE views")
    connection.execute("CREATE TABLE views (name TEXT, query TEXT)")  # another program's idea of views
    connection.commit()
    connection.close()
    with pytest.raises(StoreCorrupt, match="is damaged.*of schema 3"):
        ReadingStore.open(path)


def test_a_sort_another_program_wrote_is_the_views_problem_not_a_failure(store, searcher, tmp_path):
    store.save_view("fine", "theorem")
    store.save_view("odd", "theorem")
    connection = sqlite3.connect(tmp_path / "reading-lists.sqlite")
    connection.execute("UPDATE views SET sort = 'newest' WHERE name = 'odd'")
    connection.commit()
    connection.close()
    assert [(s.view.name, s.problem) for s in view_summaries(searcher, store)] == [
        ("fine", None), ("odd", "unknown sort 'newest' for a view; sorts: relevance, date, upvotes, hot, title, rising, foryou or for:LIST"),
    ]


def test_the_store_itself_refuses_rows_no_view_can_be(store, tmp_path):
    store.save_view("fine", "theorem")
    connection = sqlite3.connect(tmp_path / "reading-lists.sqlite")
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE views SET reverse = 2")
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE views SET query = x'00ff'")
    connection.close()


_NAMES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(list(HOSTILE.values())),
    st.text(st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=40),
)


@fuzz
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAMES, query=st.one_of(filter_queries(), st.sampled_from(list(HOSTILE.values()))),
       sort=st.sampled_from((None, "relevance", "date", "upvotes", "hot", "title", "newest", "")))
def test_any_name_and_query_is_saved_and_read_back_whole_or_refused_with_a_message(tmp_path_factory, searcher, name, query, sort):
    path = tmp_path_factory.mktemp("views") / "reading-lists.sqlite"
    with ReadingStore.open(path) as store:
        try:
            saved, _replaced = save_view(store, searcher, name, query, sort)
        except PapershelfError as error:
            message = str(error)
            assert message.strip() and "\n" not in message and "Traceback" not in message
            assert store.views() == []
            event("refused")
            return
        event("saved")
        assert saved == View(valid_view_name(name), query, sort, False, saved.created)
        assert store.views() == [saved] and store.view(saved.name) == saved
        [summary] = view_summaries(searcher, store)
        assert isinstance(summary, ViewSummary) and summary.problem is None
        assert summary.total == searcher.counts(*_resolved(store, query))[0]
        assert 0 <= summary.new <= summary.total


def _resolved(store: ReadingStore, query: str) -> tuple:
    from index.search.shelf_terms import resolve

    shelf = resolve(query, store, DEFAULT_LIST)
    return shelf.text, shelf.within, shelf.without


@pytest.mark.parametrize("query", ["", "model", '"theorem proving"', "listed:latest reasoning", "upvotes:>=5", "dendrit*"])
def test_counts_are_the_search_totals_and_the_share_among_given_ids(searcher, query):
    among = frozenset(searcher.paper_ids("listed:2025-03"))
    within = frozenset(searcher.paper_ids("reasoning"))
    for _again in range(2):  # the second time from the kept matches
        assert searcher.counts(query) == (searcher.search(query).total, 0)
        assert searcher.counts(query, among=among) == (
            searcher.search(query).total, len(set(searcher.paper_ids(query)) & among)
        )
        assert searcher.counts(query, within=within, among=among)[0] == searcher.search(query, within=within).total
        assert searcher.counts(query, without=within)[0] == searcher.search(query, without=within).total
