"""Reading-list terms in the filter: `is:bookmarked`, `is:read`, `is:unread`, `has:note`, `list:NAME`,
and the morning's `is:new`, `is:seen`, `is:unseen`, `is:dismissed` (see index.shelf.morning).

They are taken out of the query text before the full-text engine sees it and
become sets of paper ids the results must be within or kept out of. Each term
narrows the results (AND), whatever else the query says; `-term` or `NOT term`
negates it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from index.errors import QueryError
from index.search.query_text import SHELF_KINDS, check_length, check_quotes, fold_field_names, stand_in

# The value may be empty (`is:`): the term is then reported here, not as an unknown field.
_TERM = re.compile(
    rf"(?<![\w\"'])(?P<neg>-|NOT\s+)?(?P<kind>{'|'.join(SHELF_KINDS)}):(?P<value>\"[^\"]*\"|[^\s()\"]*)"
)
IS_VALUES = ("bookmarked", "read", "unread", "new", "seen", "unseen", "dismissed")
HAS_VALUES = ("note",)


class ShelfView(Protocol):
    """What the terms need from the reading-list store."""

    def read_ids(self) -> frozenset[str]: ...
    def list_ids(self, name: str) -> frozenset[str]: ...
    def noted_ids(self) -> frozenset[str]: ...
    def new_ids(self) -> frozenset[str]: ...
    def seen_ids(self) -> frozenset[str]: ...
    def dismissed_ids(self) -> frozenset[str]: ...
    def lists(self) -> list: ...  # summaries with a .name


@dataclass(frozen=True, slots=True)
class ShelfTerm:
    kind: str  # is, has, list
    value: str
    negated: bool


@dataclass(frozen=True, slots=True)
class ShelfFilter:
    text: str  # the rest of the query, for the full-text engine
    within: frozenset[str] | None  # None: no limit
    without: frozenset[str] | None


def split_terms(text: str) -> tuple[str, list[ShelfTerm]]:
    """The query without its reading-list terms, and those terms."""
    rest, terms = _take_terms(text, lambda match: " ")
    return (" ".join(rest.split()) if terms else text), terms


def without_terms_in_place(text: str) -> str:
    """The query with a stand-in as long as each reading-list term: the rest stays at its
    columns (a suggestion corrects the words and keeps the terms as typed)."""
    return _take_terms(text, lambda match: stand_in(len(match[0])))[0]


def _take_terms(text: str, replacement: Callable[[re.Match], str]) -> tuple[str, list[ShelfTerm]]:
    # Found in the text with its field names folded: kinds are in any letter case as fields are.
    folded = fold_field_names(text)
    terms, pieces, last = [], [], 0
    for match in _TERM.finditer(folded):
        if folded.count('"', 0, match.start()) % 2:  # inside a phrase: just words
            continue
        terms.append(ShelfTerm(match["kind"], match["value"].strip('"'), match["neg"] is not None))
        pieces += [text[last : match.start()], replacement(match)]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), terms


def resolve(text: str, shelf: ShelfView | None, default_list: str) -> ShelfFilter:
    """Turn the reading-list terms of `text` into id sets; QueryError for a bad one."""
    check_length(text)
    check_quotes(text)  # before the terms: `list:"my th` is an unclosed quote, not a list named ''
    rest, terms = split_terms(text)
    if not terms:
        return ShelfFilter(text, None, None)
    if shelf is None:
        raise QueryError("reading-list terms need the reading-list store, which is not open")
    within: frozenset[str] | None = None
    without: frozenset[str] = frozenset()
    for term in terms:
        ids, negated = _ids(term, shelf, default_list)
        if negated:
            without |= ids
        else:
            within = ids if within is None else within & ids
    return ShelfFilter(rest, within, without or None)


def _ids(term: ShelfTerm, shelf: ShelfView, default_list: str) -> tuple[frozenset[str], bool]:
    negated = term.negated
    value = term.value.lower()
    if term.kind == "is":
        if value not in IS_VALUES:
            raise QueryError(f"is:{term.value} is not a reading-list term; use is:{', is:'.join(IS_VALUES)}")
        if value == "unread":  # unread = not read
            return shelf.read_ids(), not negated
        if value == "unseen":
            return shelf.seen_ids(), not negated
        sets = {"read": shelf.read_ids, "new": shelf.new_ids, "seen": shelf.seen_ids, "dismissed": shelf.dismissed_ids}
        if value in sets:
            return sets[value](), negated
        return shelf.list_ids(default_list), negated
    if term.kind == "has":
        if value not in HAS_VALUES:
            raise QueryError(f"has:{term.value} is not a reading-list term; use has:note")
        return shelf.noted_ids(), negated
    names = [summary.name for summary in shelf.lists()]
    name = next((n for n in names if n.casefold() == term.value.casefold()), None)
    if name is None:
        raise QueryError(f"no list named '{term.value}'; lists: {', '.join(names)}")
    return shelf.list_ids(name), negated
