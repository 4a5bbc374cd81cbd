"""Running the saved views: saving one (checked against the index), and every view's total
and new count in one call (the views picker, `papershelf views`), counted ahead by the
reader's open-searcher worker. What a view is, and its checks, are index.shelf.views."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from index.errors import PapershelfError
from index.shelf.views import View, ViewSummary, valid_view_name, valid_view_query, valid_view_sort

if TYPE_CHECKING:
    from index.shelf.store import ReadingStore
    from index.search.paper_searcher import PaperSearcher


def save_view(
    store: ReadingStore, searcher: PaperSearcher | None, name: str, query: str, sort: str | None = None,
    reverse: bool = False,
) -> tuple[View, bool]:
    """Check the view and save it (a view of that name, in any letter case, is replaced);
    the view as stored and whether it replaced one. With a searcher, a query that cannot
    run now is refused (QueryError), as the filter would report it."""
    name, query, sort = valid_view_name(name), valid_view_query(query), valid_view_sort(sort)
    if searcher is not None:
        _run(searcher, _CachedShelf(store), View(name, query, sort, reverse), None)
    return store.save_view(name, query, sort, reverse)


def view_summaries(searcher: PaperSearcher, store: ReadingStore) -> list[ViewSummary]:
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


def counted_one_by_one(
    with_searcher: Callable[[Callable[[PaperSearcher], object]], object], store: ReadingStore,
    views: Sequence[View] | None = None,
) -> Iterator[ViewSummary]:
    """Each view (`views`, or the store's) with its counts, one at a time, in order: the
    picker shows each count as it comes. Each view is counted in its own
    `with_searcher(work)` call, so the reader's searches wait at most one view."""
    shelf = _CachedShelf(store)
    new = shelf.new_ids()
    for view in store.views() if views is None else views:
        try:
            total, fresh = with_searcher(lambda searcher, view=view: _run(searcher, shelf, view, new))
        except PapershelfError as error:
            yield ViewSummary(view, None, None, str(error))
            continue
        yield ViewSummary(view, total, fresh)


def warm_counts(with_searcher: Callable[[Callable[[PaperSearcher], object]], object], store: ReadingStore) -> None:
    """Count every view now, so that view_summaries on the same searcher finds the counts
    kept (the first call on a fresh searcher reads each query's postings, positions and
    columns from disk: about a second for 20 views at 100,000 papers)."""
    for _summary in counted_one_by_one(with_searcher, store):
        pass  # a view that cannot run: the picker says what is wrong with it when opened


def _run(searcher: PaperSearcher, shelf: _CachedShelf, view: View, new: frozenset[str] | None) -> tuple[int, int]:
    from index.search.shelf_terms import resolve  # imported on use: the config's check needs none of it
    from index.shelf.schema import DEFAULT_LIST

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
