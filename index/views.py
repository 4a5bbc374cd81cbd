"""Views: saved searches, a named query with its sort, kept in the reading-list store.

A view's query is what the reader's filter takes, reading-list terms included
(`is:new diffusion`, `list:thesis -is:read`). `view_summaries` gives every view with
its total and its new count in one call (the views picker, `papershelf views`); a view
that cannot run now (its list was deleted since, say) has its problem instead of counts.
Storage is index.store_views; the names, queries and sorts are checked here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.errors import PapershelfError
from index.for_you import sort_name
from index.query_text import MAX_QUERY_LENGTH
from index.search_page import SORTS

if TYPE_CHECKING:
    from index.reading_store import ReadingStore
    from index.search import Searcher

MAX_VIEW_NAME = 100  # characters: a name is a row of the picker, not a paragraph
# Characters a name or a query cannot hold: controls, format characters (bidirectional
# overrides, zero-width), surrogates, and line or paragraph separators.
_FORBIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


class ViewError(PapershelfError):
    """A view name, query or sort that cannot be saved, or a view that does not exist."""


@dataclass(frozen=True, slots=True)
class View:
    name: str
    query: str
    sort: str | None  # None: relevance when the query has words, else date
    reverse: bool = False
    created: str = ""  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class ViewSummary:
    """A view as the picker shows it: its counts now, or why it cannot run."""

    view: View
    total: int | None  # papers the view finds; None when it cannot run (see problem)
    new: int | None  # of those, new since the last visit (see index.store_morning)
    problem: str | None = None


def valid_view_name(name: object) -> str:
    """The name trimmed; ViewError for one that is not text, empty, too long, or has characters
    that are not printable (controls, bidirectional and zero-width characters, surrogates)."""
    if not isinstance(name, str):
        raise ViewError(f"a view name must be text, not {type(name).__name__}")
    name = name.strip()
    if not name:
        raise ViewError("a view name cannot be empty")
    if len(name) > MAX_VIEW_NAME:
        raise ViewError(f"a view name is at most {MAX_VIEW_NAME} characters; this one has {len(name):,}")
    _refuse_unprintable(name, "a view name")
    return name


def valid_view_query(query: object) -> str:
    """The query as given; ViewError for one that is not text, too long or not printable."""
    if not isinstance(query, str):
        raise ViewError(f"a view's query must be text, not {type(query).__name__}")
    if len(query) > MAX_QUERY_LENGTH:
        raise ViewError(f"a view's query is at most {MAX_QUERY_LENGTH:,} characters; this one has {len(query):,}")
    _refuse_unprintable(query, "a view's query")
    return query


def valid_view_sort(sort: object) -> str | None:
    if sort is None:
        return None
    try:
        return sort_name(sort, SORTS, " for a view")
    except ValueError as error:
        raise ViewError(str(error)) from None


def _refuse_unprintable(text: str, what: str) -> None:
    for column, char in enumerate(text, start=1):
        if unicodedata.category(char) in _FORBIDDEN:
            raise ViewError(f"{what} cannot contain the character U+{ord(char):04X} (at character {column})")


def _cut(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def save_view(
    store: ReadingStore, searcher: Searcher | None, name: str, query: str, sort: str | None = None,
    reverse: bool = False,
) -> tuple[View, bool]:
    """Check the view and save it (a view of that name, in any letter case, is replaced);
    the view as stored and whether it replaced one. With a searcher, a query that cannot
    run now is refused (QueryError), as the filter would report it."""
    name, query, sort = valid_view_name(name), valid_view_query(query), valid_view_sort(sort)
    if searcher is not None:
        _run(searcher, _CachedShelf(store), View(name, query, sort, reverse), None)
    return store.save_view(name, query, sort, reverse)


def view_summaries(searcher: Searcher, store: ReadingStore) -> list[ViewSummary]:
    """Every view with its total and new count (one read of each reading-list set, one
    evaluation of each query; the counts need no ranking)."""
    shelf = _CachedShelf(store)
    new = shelf.new_ids()
    summaries = []
    for view in store.views():
        try:
            total, fresh = _run(searcher, shelf, view, new)
        except PapershelfError as error:
            summaries.append(ViewSummary(view, None, None, str(error)))
            continue
        summaries.append(ViewSummary(view, total, fresh))
    return summaries


def warm_counts(with_searcher: Callable[[Callable[[Searcher], object]], object], store: ReadingStore) -> None:
    """Count every view now, so that view_summaries on the same searcher finds the counts
    kept (the first call on a fresh searcher reads each query's postings, positions and
    columns from disk: over a second for 20 views at 100,000 papers). Each view is counted
    in its own `with_searcher(work)` call: the reader's searches wait at most one view."""
    shelf = _CachedShelf(store)
    new = shelf.new_ids()
    for view in store.views():
        try:
            with_searcher(lambda searcher, view=view: _run(searcher, shelf, view, new))
        except PapershelfError:
            continue  # the picker says what is wrong with it when opened


def _run(searcher: Searcher, shelf: _CachedShelf, view: View, new: frozenset[str] | None) -> tuple[int, int]:
    from index.shelf_terms import resolve  # imported on use: the config's check needs none of it
    from index.store_schema import DEFAULT_LIST

    valid_view_query(view.query)  # a store written by another program is outside text too
    valid_view_sort(view.sort)
    filtered = resolve(view.query, shelf, DEFAULT_LIST)
    return searcher.counts(filtered.text, filtered.within, filtered.without, among=new)


class _CachedShelf:
    """The store as the filter terms see it, each set read once (for the views of one call)."""

    def __init__(self, store: ReadingStore) -> None:
        self._store = store
        self._sets: dict[tuple, object] = {}

    def _once(self, key: tuple, read: Callable[[], object]):
        if key not in self._sets:
            self._sets[key] = read()
        return self._sets[key]

    def read_ids(self) -> frozenset[str]:
        return self._once(("read",), self._store.read_ids)

    def list_ids(self, name: str) -> frozenset[str]:
        return self._once(("list", name), lambda: self._store.list_ids(name))

    def noted_ids(self) -> frozenset[str]:
        return self._once(("noted",), self._store.noted_ids)

    def new_ids(self) -> frozenset[str]:
        return self._once(("new",), self._store.new_ids)

    def seen_ids(self) -> frozenset[str]:
        return self._once(("seen",), self._store.seen_ids)

    def dismissed_ids(self) -> frozenset[str]:
        return self._once(("dismissed",), self._store.dismissed_ids)

    def lists(self) -> list:
        return self._once(("lists",), self._store.lists)
