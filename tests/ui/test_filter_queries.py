"""Queries in the reader's filter: whatever is typed, the reader keeps running and says what it found or what is wrong.

Reading-list terms that match nothing used to stop the reader: the "did you
mean" worker handed `is:read` to the spelling suggester, which raised.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input
from textual.worker import WorkerCancelled

from index.config import Config
from index.errors import QueryError
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.search.shelf_terms import resolve
from tests.fuzz_budget import examples, fuzz
from tests.query_corpus import STORE_STATES, with_store
from tests.query_grammar import filter_queries
from tests.ui.reader_pilot import settle, status_text
from tui.app import make_app
from tui.widgets.paper_list import PaperList


def store_of(library) -> ReadingStore:
    return ReadingStore.open(ReadingStore.default_path(library.places))


async def settled(pilot) -> None:
    """settle(), through searches cancelled by newer ones (a store change starts one)."""
    for _ in range(10):
        try:
            return await settle(pilot)
        except WorkerCancelled:
            continue


async def filter_for(pilot, text: str) -> None:
    """Put `text` in the filter as a paste would, and wait for its search and suggestion."""
    pilot.app.screen.query_one("#filter", Input).value = text
    await settled(pilot)


@pytest.mark.parametrize("query", ["is:read", "has:note", "list:Bookmarks", "NOT is:unread", "is:unread qqqqzzz"])
async def test_a_reading_list_term_that_matches_nothing_says_so_and_the_reader_runs_on(library, query):
    app = make_app(library, watch=False)  # a fresh store: nothing read, no notes, empty lists
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        await filter_for(pilot, query)
        assert app.return_code is None  # still running
        assert app.screen.query_one(PaperList).total == 0
        assert app.screen.problem == "no papers match" and "no papers match" in status_text(app)


async def test_the_suggestion_keeps_the_reading_list_terms_and_ctrl_t_takes_it(library):
    app = make_app(library, watch=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        await filter_for(pilot, "is:unread theroem")
        assert app.screen.suggestion == "is:unread theorem"
        assert "did you mean: is:unread theorem" in status_text(app)
        await pilot.press("ctrl+t")
        await settled(pilot)
        assert app.screen.query_one("#filter", Input).value == "is:unread theorem"
        assert app.screen.query_one(PaperList).total == 13 and app.screen.problem == ""


async def test_a_start_with_is_unread_when_everything_is_read_shows_an_empty_list(library):
    with library.open_searcher() as searcher:
        every = [hit.paper.id for hit in searcher.search("", limit=300).hits]
    with store_of(library) as store:
        store.mark_read(every)
    app = make_app(library, Config(default_query="is:unread"), watch=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settled(pilot)
        assert app.return_code is None
        assert app.screen.query_one(PaperList).total == 0 and app.screen.problem == "no papers match"


async def test_marking_the_last_unread_paper_read_after_a_while_keeps_the_reader_running(library):
    with library.open_searcher() as searcher:
        newest, *rest = [hit.paper.id for hit in searcher.search("", limit=300).hits]
    with store_of(library) as store:
        store.mark_read(rest)
    app = make_app(library, Config(default_query="is:unread", mark_read_after=0.05), watch=False)
    async with app.run_test(size=(120, 36)) as pilot:
        with store_of(library) as store:
            deadline = time.monotonic() + 10
            while not store.is_read(newest) and time.monotonic() < deadline:
                await pilot.pause(0.05)  # the reader shows it, and its own timer marks it read
            assert store.is_read(newest)
        await settled(pilot)
        assert app.return_code is None
        assert app.screen.query_one(PaperList).total == 0 and app.screen.problem == "no papers match"


@pytest.fixture(scope="module")
def state_libraries(query_corpus, tmp_path_factory):
    return {state: with_store(query_corpus, tmp_path_factory.mktemp("reader"), state) for state in STORE_STATES}


def expected_outcome(library, text: str) -> tuple[int | None, str]:
    """What the reader's filter should show for `text`: (total, "") or (None, the error)."""
    with library.open_searcher() as searcher, store_of(library) as store:
        try:
            shelf = resolve(text, store, DEFAULT_LIST)
            page = searcher.search(shelf.text, None, False, 0, 1, typing=True, within=shelf.within, without=shelf.without)
        except QueryError as error:
            return None, str(error)
    return page.total, ""


async def type_each(library, texts: list[str]) -> None:
    app = make_app(library, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        for text in texts:
            total, problem = expected_outcome(library, text)
            await filter_for(pilot, text)
            assert app.return_code is None, text
            if total is None:
                assert app.screen.problem == problem, text
                if problem.isascii() and problem.isprintable():  # as the status line shows it
                    assert problem[:40] in status_text(app).replace("\n", " "), text
            else:
                assert app.screen.query_one(PaperList).total == total, text
                assert app.screen.problem in ("", "no papers match") or app.screen.problem.startswith(
                    "no papers match; did you mean: "
                ), text


@fuzz
@pytest.mark.parametrize("state", STORE_STATES)
@settings(
    max_examples=examples(3), deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(filter_queries(), min_size=10, max_size=10))
def test_the_filter_shows_results_or_says_what_is_wrong_for_any_query(state_libraries, state, texts):
    asyncio.run(type_each(state_libraries[state], texts))
