"""Every way a query reaches the search code, and what counts as surviving it.

`exercise` runs one query text the way the CLI and the reader run it: a
finished search with its suggestion, the highlights of its hits and the
similar papers of the first; a search while typing; the reader's filter (its
reading-list terms resolved against a store, then the rest searched while
typing) with the "did you mean" it asks for. The only allowed outcomes are
results or a QueryError with a one-line message; the "did you mean" raises one
only for a query the checks refuse, never for one the reader's filter ran.
Anything else is a Failure.

`python -m tests.query_attack N` runs N generated queries on the fuzz corpus
and prints the failures grouped by where they were raised (an attack run).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from index.errors import QueryError
from index.search.query_text import check_and_rewrite
from index.shelf.store import DEFAULT_LIST
from index.search.shelf_terms import ShelfView, resolve, without_terms_in_place

HIGHLIGHTED_HITS = 5


class Failure(Exception):
    """What a query did that it must not: another exception, or an error without a proper message."""


def exercise(searcher, text: str, store: ShelfView | None = None) -> None:
    """Run `text` through every entry point; raise Failure for anything but results or a QueryError."""
    _allowed(lambda: _finished(searcher, text))
    _allowed(lambda: searcher.search(text, typing=True))
    _allowed(lambda: _suggestion(searcher, text))
    if store is not None:
        _allowed(lambda: _reader_filter(searcher, text, store))


def _finished(searcher, text: str) -> None:
    page = searcher.search(text)  # asks for the suggestion itself when nothing matches
    for hit in page.hits[:HIGHLIGHTED_HITS]:
        searcher.highlights(hit.paper, page.terms)
    if page.hits:
        searcher.similar(page.hits[0].paper.id)


def _suggestion(searcher, text: str) -> None:
    """A suggestion or none; an error only for a query the checks refuse."""
    try:
        searcher.suggest(text)
    except QueryError as error:
        try:
            check_and_rewrite(without_terms_in_place(text), latest_listing=searcher.newest_listing())
        except QueryError:
            raise error from None
        raise Failure(f"a query the checks accept has no suggestion but an error: {error}") from error


def _reader_filter(searcher, text: str, store: ShelfView) -> None:
    shelf = resolve(text, store, DEFAULT_LIST)
    page = searcher.search(shelf.text, None, False, 0, 50, typing=True, within=shelf.within, without=shelf.without)
    for hit in page.hits[:HIGHLIGHTED_HITS]:
        searcher.highlights(hit.paper, page.terms)
    if page.total == 0 and text.strip():
        # The reader's "did you mean", on the whole filter text, for a query it could run:
        # it has a suggestion or none (an error here stopped the reader).
        try:
            searcher.suggest(text)
        except QueryError as error:
            raise Failure(f"a query the filter ran has no suggestion but an error: {error}") from error


def _allowed(run: Callable[[], object]) -> None:
    try:
        run()
    except Failure:
        raise
    except QueryError as error:
        message = str(error)
        if not message.strip() or "\n" in message or "Traceback" in message:
            raise Failure(f"QueryError without a one-line message: {message!r}") from error
    except Exception as error:
        raise Failure(f"{type(error).__name__}: {error}") from error


def _where(failure: Failure) -> str:
    cause = failure.__cause__
    if isinstance(cause, QueryError):  # where it was raised says little: the kind of message does
        return "QueryError from a suggestion: " + " ".join(str(cause).split()[1:4])
    frames = traceback.extract_tb(cause.__traceback__) if cause is not None else []
    last = frames[-1] if frames else None
    kind = type(cause).__name__ if cause is not None else "Failure"
    return f"{kind} at {last.filename.split('site-packages/')[-1]}:{last.lineno} ({last.name})" if last else kind


def main(count: int) -> int:
    import tempfile
    from pathlib import Path

    from hypothesis import HealthCheck, given, settings

    from index.shelf.store import ReadingStore
    from tests.query_corpus import STORE_STATES, build_query_library, fill_store
    from tests.query_grammar import queries

    failures: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        library = build_query_library(Path(folder))
        with library.open_searcher() as searcher:
            papers = [hit.paper for hit in searcher.search("", limit=60).hits]
            stores = []
            for state in STORE_STATES:
                fill_store(Path(folder) / f"{state}.sqlite", state, papers)
                stores.append(ReadingStore.open(Path(folder) / f"{state}.sqlite"))
            seen = [0]

            @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(queries())
            def attack(text: str) -> None:
                store = stores[seen[0] % len(stores)]
                seen[0] += 1
                try:
                    exercise(searcher, text, store)
                except Failure as failure:
                    failures.setdefault(_where(failure), []).append(text)

            attack()
            for store in stores:
                store.close()
    total = sum(len(texts) for texts in failures.values())
    print(f"{seen[0]} queries, {total} failed")
    for where, texts in sorted(failures.items(), key=lambda item: -len(item[1])):
        print(f"{len(texts):5}  {where}  e.g. {min(texts, key=len)[:120]!r}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
