"""The one bounded cache of the engine: least recently used entries go first.

Each entry has a cost (1 by default, or what `cost` says of its value: bytes,
words); the cache keeps the total cost within `limit`, and never drops the entry
just stored (a single entry bigger than the limit is kept until the next one).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    def __init__(self, limit: int, cost: Callable[[V], int] | None = None) -> None:
        self.limit = limit
        self._cost = cost
        self._entries: OrderedDict[K, V] = OrderedDict()
        self.total = 0  # the cost of every entry held

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: K) -> bool:
        return key in self._entries

    def get(self, key: K, default=None):
        """The value of `key` (now the most recently used), or `default`."""
        entries = self._entries
        if key not in entries:
            return default
        entries.move_to_end(key)
        return entries[key]

    def peek(self, key: K, default=None):
        """The value of `key`, or `default`, leaving the order as it is."""
        return self._entries.get(key, default)

    def put(self, key: K, value: V) -> V:
        """Store `value` as the most recently used, dropping the least recently used past the limit."""
        entries = self._entries
        if key in entries:
            self.total -= self._cost_of(entries.pop(key))
        entries[key] = value
        self.total += self._cost_of(value)
        self._trim()
        return value

    def add_cost(self, cost: int) -> None:
        """Account for an entry that grew after it was stored (a bitset built later)."""
        self.total += cost
        self._trim()

    def clear(self) -> None:
        self._entries.clear()
        self.total = 0

    def _cost_of(self, value: V) -> int:
        return 1 if self._cost is None else self._cost(value)

    def _trim(self) -> None:
        entries = self._entries
        while self.total > self.limit and len(entries) > 1:
            _key, old = entries.popitem(last=False)
            self.total -= self._cost_of(old)
