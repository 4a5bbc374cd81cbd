"""Reading-list terms in the filter, resolved against a real store file."""

from __future__ import annotations

import pytest

from index.errors import QueryError
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.search.shelf_terms import ShelfTerm, resolve, split_terms
from tests.reading_papers import make_paper

A, B, C = (make_paper(title) for title in ("Alpha paper", "Beta paper", "Gamma paper"))


@pytest.fixture
def store(tmp_path):
    with ReadingStore.open(tmp_path / "lists.sqlite") as opened:
        opened.add(DEFAULT_LIST, A)
        opened.add(DEFAULT_LIST, B)
        opened.create_list("to read")
        opened.add("to read", C)
        opened.set_read(A.id, True)
        opened.set_note(B.id, "look at table 2")
        yield opened


def test_terms_are_taken_out_of_the_text():
    assert split_terms('list:"to read" diffusion -is:read NOT has:note survey') == (
        "diffusion survey",
        [ShelfTerm("list", "to read", False), ShelfTerm("is", "read", True), ShelfTerm("has", "note", True)],
    )
    assert split_terms('"is:read" theorem') == ('"is:read" theorem', [])
    assert split_terms("theorem proving") == ("theorem proving", [])


def test_each_term_resolves_to_its_ids(store):
    assert resolve("is:bookmarked", store, DEFAULT_LIST).within == {A.id, B.id}
    assert resolve("is:read", store, DEFAULT_LIST).within == {A.id}
    assert resolve("is:unread", store, DEFAULT_LIST).without == {A.id}
    assert resolve("has:note", store, DEFAULT_LIST).within == {B.id}
    assert resolve('list:"TO READ"', store, DEFAULT_LIST).within == {C.id}


def test_terms_combine_with_and_and_the_rest_goes_to_the_engine(store):
    shelf = resolve("is:bookmarked -is:read diffusion", store, DEFAULT_LIST)
    assert (shelf.text, shelf.within, shelf.without) == ("diffusion", {A.id, B.id}, {A.id})
    assert resolve("plain words", store, DEFAULT_LIST) == resolve("plain words", None, DEFAULT_LIST)


def test_bad_terms_say_what_is_valid(store):
    with pytest.raises(QueryError, match=r"is:starred is not a reading-list term; use is:bookmarked, is:read, is:unread, is:new, is:seen, is:unseen, is:dismissed"):
        resolve("is:starred", store, DEFAULT_LIST)
    with pytest.raises(QueryError, match=r"no list named 'thesis'; lists: Bookmarks, to read"):
        resolve("list:thesis", store, DEFAULT_LIST)
    with pytest.raises(QueryError, match="has:note"):
        resolve("has:pdf", store, DEFAULT_LIST)


@pytest.mark.parametrize(("text", "column"), [('list:"to re', 6), ('model -list:"x', 13), ('is:read "lean', 9)])
def test_an_unclosed_quote_is_said_before_any_term_is_read(store, text, column):
    with pytest.raises(QueryError, match=f'unclosed quote: the " at column {column} has no closing "'):
        resolve(text, store, DEFAULT_LIST)
