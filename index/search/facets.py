"""Facets: what the results are made of, counted per value, and the query text that adds each value.

The engine's results are bitsets, so a value's count is the popcount of the results ANDed
with the value's bitset. Each value carries the exact filter that adds it (`org:amazon`,
`listed:2025-11-04`, `upvotes:10..49`, `is:read`), and its bitset is that filter's own
matches, evaluated by the engine, so that for every value

    count == total of (query + " " + value.query)

by construction (tests/unit/test_facets.py checks it over generated queries). The values
of the index (organisations, listings, months, upvote and author bands) are evaluated once
per searcher generation; the reading-list values (lists, reading state) are made from the
store's id sets, again only when those sets change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.errors import QueryError

if TYPE_CHECKING:
    from index.search.shelf_terms import ShelfView

# The facets, in the order they are shown, and how each is named to people.
FACETS = ("organisation", "listing", "month", "upvotes", "authors", "list", "state")
FACET_TITLES = {
    "organisation": "Organisation", "listing": "Listing", "month": "Month published", "upvotes": "Upvotes",
    "authors": "Authors", "list": "Reading list", "state": "Reading state",
}
# Bands: (label, filter). "None shown": the listing showed no number at all.
UPVOTE_BANDS = (
    ("none shown", "NOT upvotes:0.."), ("0-9", "upvotes:0..9"), ("10-49", "upvotes:10..49"), ("50+", "upvotes:50.."),
)
AUTHOR_BANDS = (
    ("none shown", "NOT authors:0.."), ("1", "authors:1"), ("2-4", "authors:2..4"), ("5-9", "authors:5..9"),
    ("10+", "authors:10.."),
)
STATES = (("new", "is:new"), ("unread", "is:unread"), ("read", "is:read"), ("dismissed", "is:dismissed"))
_SHELF_CACHE = 32  # id sets kept as bitsets: the lists and states of the store as it is now, and a few before


@dataclass(frozen=True, slots=True)
class FacetValue:
    facet: str  # one of FACETS
    label: str  # as shown; outside text (an organisation's handle, a list's name): show it through the display boundary
    query: str  # the filter that adds this value to a query
    negated: str  # the filter that keeps this value out


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: FacetValue
    count: int


def add_to(query: str, term: str) -> str:
    """`query` with one more filter: what the reader's Enter on a value does to the filter."""
    return f"{query.rstrip()} {term}" if query.strip() else term


def negation_of(term: str) -> str:
    """The filter that keeps a term's papers out: `NOT term`, or the term itself for `NOT x`.
    `NOT`, not `-`: a query of only `-org:amazon` matches nothing, `NOT org:amazon` what it says."""
    return term[4:] if term.startswith("NOT ") else f"NOT {term}"


def _value(facet: str, label: str, query: str) -> FacetValue:
    negated = f"-{query}" if facet in ("list", "state") else negation_of(query)
    return FacetValue(facet, label, query, negated)


class FacetCounter:
    """The facet values of one searcher generation, each with its bitset; counts for a result bitset.

    Made by index.search.paper_searcher.PaperSearcher (which hands in its engine's functions); not thread-safe,
    like the searcher.
    """

    def __init__(
        self, values: list[tuple[FacetValue, int]], id_bits: Callable[[frozenset[str]], int], everything: int,
    ) -> None:
        self._values = values
        self._id_bits = id_bits
        self._everything = everything  # every live paper's bit: "unread" is everything but the read
        self._shelf_bits: dict[tuple[int, bool], tuple[frozenset[str], int]] = {}  # see _bits_of_ids

    def counts(self, matches: int, shelf: ShelfView | None = None) -> list[FacetCount]:
        """Every value's count among `matches` (values with none left out), in FACETS order."""
        found = [FacetCount(value, (matches & bits).bit_count()) for value, bits in self._values]
        if shelf is not None:
            found += [FacetCount(value, (matches & bits).bit_count()) for value, bits in self._shelf_values(shelf)]
        return _ordered(count for count in found if count.count)

    def _shelf_values(self, shelf: ShelfView) -> list[tuple[FacetValue, int]]:
        values = []
        for summary in shelf.lists():
            name = summary.name
            if '"' in name:
                continue  # the query language cannot write such a name: `list:"..."` would end at its quote
            values.append((_value("list", name, f'list:"{name}"'), self._bits_of_ids(shelf.list_ids(name))))
        sets = {"new": shelf.new_ids, "unread": shelf.read_ids, "read": shelf.read_ids, "dismissed": shelf.dismissed_ids}
        for label, query in STATES:
            # unread = not read, as is:unread reads it
            values.append((_value("state", label, query), self._bits_of_ids(sets[label](), negated=label == "unread")))
        return values

    def _bits_of_ids(self, ids: frozenset[str], negated: bool = False) -> int:
        # Keyed by the set object: a store snapshot hands back the same sets until it changes,
        # so a keystroke converts none of them again.
        key = (id(ids), negated)
        kept = self._shelf_bits.get(key)
        if kept is not None and kept[0] is ids:
            return kept[1]
        bits = self._id_bits(ids)
        if negated:
            bits = self._everything & ~bits
        if len(self._shelf_bits) >= _SHELF_CACHE:
            self._shelf_bits.pop(next(iter(self._shelf_bits)))
        self._shelf_bits[key] = (ids, bits)
        return bits


def index_candidates(organisations: Iterable, listing_days: Iterable[int], months: Iterable[int]) -> list[FacetValue]:
    """The values the index holds (see index.engine.facet_values), in FACETS order."""
    candidates = [_value("organisation", org.handle, _org_filter(org.words)) for org in organisations]
    candidates += [_value("listing", _day_text(day), f"listed:{_day_text(day)}") for day in listing_days]
    candidates += [_value("month", _month_text(month), f"date:{_month_text(month)}") for month in months]
    candidates += [_value("upvotes", label, query) for label, query in UPVOTE_BANDS]
    candidates += [_value("authors", label, query) for label, query in AUTHOR_BANDS]
    return candidates


def evaluated(value: FacetValue, bits_of: Callable[[str], int]) -> tuple[FacetValue, int] | None:
    """The value with its bitset (`bits_of` evaluates a filter); None for one that cannot be evaluated."""
    try:
        return value, bits_of(value.query)
    except QueryError:
        return None


def _org_filter(words: tuple[str, ...]) -> str:
    # The words as the `org` field's analyzer made them: letters, digits, `_` and inner dots only.
    return f"org:{words[0]}" if len(words) == 1 else f'org:"{" ".join(words)}"'


def _day_text(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def _month_text(month: int) -> str:
    return f"{month // 100:04d}-{month % 100:02d}"


def _ordered(counts: Iterable[FacetCount]) -> list[FacetCount]:
    """By facet; organisations and lists by count (most first), the rest in their own order."""
    by_facet: dict[str, list[FacetCount]] = {facet: [] for facet in FACETS}
    for count in counts:
        by_facet[count.value.facet].append(count)
    for facet in ("organisation",):
        by_facet[facet].sort(key=lambda c: (-c.count, c.value.label.casefold()))
    return [count for facet in FACETS for count in by_facet[facet]]
