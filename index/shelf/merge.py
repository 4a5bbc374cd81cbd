"""The whole store read out as StoreData, and StoreData merged into it (index.shelf.store_json).

Each function is one step inside a caller's transaction. Merging keeps what the store
holds and adds what it lacks: the earliest first-seen time of a paper, every visit,
seen and dismissed united, read state and notes as a list import unites them, a view
only when the store has none of that name.
"""

from __future__ import annotations

import sqlite3

from index.shelf import lists_sql as sql
from index.shelf.store_json import StoreData
from index.shelf.views_sql import find as find_view
from index.shelf.views import View

_SETS = {"first_seen": "seen_at", "seen": "seen_at", "dismissed": "dismissed_at"}


def gather(connection: sqlite3.Connection) -> StoreData:
    data = StoreData()
    for name, created, _count, _unread in connection.execute(sql.LIST_SUMMARIES).fetchall():
        data.lists.append((name, created, sql.entries(connection, sql.list_id(connection, name))))
    data.reads = dict(connection.execute("SELECT paper_id, read_at FROM reads ORDER BY paper_id"))
    data.notes = dict(connection.execute("SELECT paper_id, text FROM notes ORDER BY paper_id"))
    for table, stamp in _SETS.items():
        setattr(data, table, dict(connection.execute(f"SELECT paper_id, {stamp} FROM {table} ORDER BY paper_id")))
    data.visits = [tuple(row) for row in connection.execute("SELECT started_at, last_at FROM visits ORDER BY id")]
    rows = connection.execute("SELECT name, query, sort, reverse, created FROM views ORDER BY id")
    data.views = [View(name, query, sort, bool(reverse), created) for name, query, sort, reverse, created in rows]
    return data


def merge(connection: sqlite3.Connection, data: StoreData, now: str) -> dict[str, int]:
    """Merge `data` (checked) into the store; how many of each kind were new to it."""
    added = {"papers in lists": 0}
    for name, created, papers in data.lists:
        added["papers in lists"] += sql.merge(connection, sql.valid_name(name), created, papers, now)
    added["read"] = _count(connection, lambda: connection.executemany(
        "INSERT OR IGNORE INTO reads (paper_id, read_at) VALUES (?, ?)", data.reads.items()))
    for paper_id, text in data.notes.items():
        sql.merge_notes(connection, paper_id, [text], now)
    added["first seen"] = _count(connection, lambda: connection.executemany(
        "INSERT INTO first_seen (paper_id, seen_at) VALUES (?, ?) "
        "ON CONFLICT (paper_id) DO UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at < seen_at",
        data.first_seen.items()))
    for table in ("seen", "dismissed"):
        added[table] = _count(connection, lambda: connection.executemany(
            f"INSERT OR IGNORE INTO {table} (paper_id, {_SETS[table]}) VALUES (?, ?)", getattr(data, table).items()))
    added["visits"] = _count(connection, lambda: connection.executemany(
        "INSERT INTO visits (started_at, last_at) SELECT ?1, ?2 "
        "WHERE NOT EXISTS (SELECT 1 FROM visits WHERE started_at = ?1)", data.visits))
    added["views"] = 0
    for view in data.views:
        if find_view(connection, view.name) is None:
            connection.execute(
                "INSERT INTO views (name, query, sort, reverse, created) VALUES (?, ?, ?, ?, ?)",
                (view.name, view.query, view.sort, int(view.reverse), view.created or now),
            )
            added["views"] += 1
    return added


def _count(connection: sqlite3.Connection, work) -> int:
    before = connection.total_changes
    work()
    return connection.total_changes - before
