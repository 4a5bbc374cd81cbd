"""The "for you" sorts: `for:LIST` ranks by likeness to one reading list's papers, `foryou` by
all the lists' papers at once; both away from the dismissed papers (see engine/taste.py).

A sort is spelled `foryou` or `for:NAME` (`for:thesis`, `for:"my thesis"`; the name in
any letter case, as `list:NAME` takes it). The ranking needs MIN_SEEDS papers of the
index in its lists; below that the sort says how many more it needs instead of ranking.
Nothing here reads the index: the searcher takes the ids a Taste holds.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

from index.errors import QueryError

FOR_YOU = "foryou"
FOR_LIST = "for:"
MIN_SEEDS = 3
_LONGEST = 200  # characters of a sort's text


class TooFewSeeds(QueryError):
    """A for-you sort whose lists hold fewer than MIN_SEEDS papers of the index: a query that
    cannot run yet, reported where a query's problem is."""


class TasteStore(Protocol):
    """What a taste needs from the reading-list store."""

    def lists(self) -> list: ...  # summaries with a .name
    def list_ids(self, name: str) -> frozenset[str]: ...
    def dismissed_ids(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Taste:
    """The papers a for-you sort ranks by: `seeds` liked, `against` dismissed. `name` is the
    list's name (None: every list)."""

    name: str | None
    seeds: frozenset[str]
    against: frozenset[str]

    @property
    def label(self) -> str:
        """How the reader names the ranking: "for thesis", "for you"."""
        return "for you" if self.name is None else f"for {self.name}"


def is_taste_sort(sort: str | None) -> bool:
    return sort is not None and (sort.casefold() == FOR_YOU or sort.casefold().startswith(FOR_LIST))


def sort_label(sort: str) -> str:
    """How the reader names a sort: "for you" and "for thesis" for the for-you sorts."""
    if not is_taste_sort(sort):
        return sort
    try:
        name = list_name(sort)
    except QueryError:  # `for:` alone, from a store another program wrote: as it is
        return sort
    return "for you" if name is None else f"for {name}"


def list_name(sort: str) -> str | None:
    """The list a for-you sort names, None for `foryou`; QueryError for `for:` without one."""
    if sort.casefold() == FOR_YOU:
        return None
    name = sort[len(FOR_LIST) :].strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = name[1:-1].strip()
    if not name:
        raise QueryError(f"the sort {FOR_LIST}NAME needs a reading list's name ({FOR_LIST}thesis), or use {FOR_YOU}")
    return name


def sort_name(value: object, plain: tuple[str, ...], what: str = "") -> str:
    """`value` as a sort: one of `plain`, `foryou` or `for:NAME` (written back as for:NAME,
    unquoted); ValueError saying what is wrong (of `what`: " for a view"), for a value from outside."""
    if isinstance(value, str) and value in plain:
        return value
    if not isinstance(value, str) or not is_taste_sort(value):
        raise ValueError(f"unknown sort {_cut(value)}{what}; sorts: {', '.join(plain)}, {FOR_YOU} or {FOR_LIST}LIST")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in value) or len(value) > _LONGEST:
        raise ValueError(f"a sort {FOR_LIST}LIST{what} needs a list's name, not {_cut(value)}")
    try:
        name = list_name(value)
    except QueryError as error:
        raise ValueError(str(error)) from None
    return FOR_YOU if name is None else f"{FOR_LIST}{name}"


def _cut(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def taste_for(sort: str, store: TasteStore | None) -> Taste:
    """The taste a for-you sort ranks by, read from the store; QueryError for an unknown list
    or no store."""
    if store is None:
        raise QueryError(f"the sort {sort} needs the reading-list store, which is not open")
    wanted = list_name(sort)
    names = [summary.name for summary in store.lists()]
    if wanted is None:
        seeds = frozenset().union(*(store.list_ids(name) for name in names))
        return Taste(None, seeds, store.dismissed_ids())
    name = next((n for n in names if n.casefold() == wanted.casefold()), None)
    if name is None:
        raise QueryError(f"no list named '{wanted}' to sort for; lists: {', '.join(names)}")
    return Taste(name, store.list_ids(name), store.dismissed_ids())


def too_few(taste: Taste, seeds: int) -> TooFewSeeds:
    """The error for a taste with only `seeds` papers of the index."""
    more = MIN_SEEDS - seeds
    where = "your lists" if taste.name is None else f"the list '{taste.name}'"
    return TooFewSeeds(
        f"{taste.label} ranks by the papers in {where}: it has {seeds} of the {MIN_SEEDS} it needs; "
        f"add {more} more"
    )
