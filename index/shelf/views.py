"""Views: saved searches, a named query with its sort, kept in the reading-list store.

A view's query is what the reader's filter takes, reading-list terms included
(`is:new diffusion`, `list:thesis -is:read`). The names, queries and sorts are
checked here; storage is index.shelf.views_sql, and running views (their counts, saving
one checked against the index) index.shelf.view_counts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from index.errors import PapershelfError
from index.search.for_you import sort_name
from index.search.query_text import MAX_QUERY_LENGTH
from index.search.results import SORTS

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
    new: int | None  # of those, new since the last visit (see index.shelf.morning)
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
