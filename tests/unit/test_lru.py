"""The engine's one bounded cache keeps the most recently used entries within their cost."""

from __future__ import annotations

from index.engine.lru import LRU


def test_the_least_recently_used_entry_goes_first():
    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now the most recent
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3


def test_peek_leaves_the_order_alone():
    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.peek("a") == 1
    cache.put("c", 3)
    assert "a" not in cache and "b" in cache


def test_costs_bound_the_total_and_growth_after_storing_counts():
    cache = LRU(10, cost=len)
    cache.put("x", "aaaa")
    cache.put("y", "bbbb")
    assert cache.total == 8
    cache.add_cost(4)  # an entry grew: the oldest goes
    assert "x" not in cache and "y" in cache


def test_one_entry_bigger_than_the_limit_is_kept_until_the_next():
    cache = LRU(3, cost=len)
    cache.put("big", "aaaaaa")
    assert cache.get("big") == "aaaaaa"
    cache.put("small", "a")
    assert "big" not in cache and cache.total == 1


def test_storing_a_key_again_replaces_its_cost():
    cache = LRU(10, cost=len)
    cache.put("x", "aaaa")
    cache.put("x", "aa")
    assert cache.total == 2 and len(cache) == 1
