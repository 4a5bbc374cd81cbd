"""The store's rows a reading-list change touches, read before it and put back to undo it.

Undo puts back the rows as they were, not the opposite change: a paper read before
"mark all read" keeps its first read time, a paper taken out of a list and put back
keeps its place and the time it was added, and a list the change created goes again.
Only the papers and the parts named are read and restored, so what else changed in
the store meanwhile (another paper, another list, a note) is left as it is.
Each function is one step inside a caller's transaction (ReadingStore._read, _write).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.shelf.saved_papers import SNAPSHOT_COLUMNS
from index.shelf.lists_sql import find_list

_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters
_SNAPSHOT = (*SNAPSHOT_COLUMNS, "saved_at")


@dataclass(frozen=True)
class ListRows:
    """One list's entries for the papers, as they were; `number` None: the list did not exist."""

    name: str
    number: int | None
    entries: tuple[tuple, ...]  # (paper_id, position, added_at)


@dataclass(frozen=True)
class ShelfRows:
    """The rows of `ids` in the parts a change touches (read state, dismissed, lists), before it."""

    ids: tuple[str, ...]
    reads: tuple[tuple, ...] | None  # (paper_id, read_at); None: read state not touched
    dismissed: tuple[tuple, ...] | None  # (paper_id, dismissed_at); None: not touched
    lists: tuple[ListRows, ...]
    snapshots: tuple[tuple, ...]  # the papers' saved snapshots (adding to a list saves or refreshes one)


def capture(
    connection: sqlite3.Connection, ids: Sequence[str], read: bool, dismissed: bool, lists: Iterable[str]
) -> ShelfRows:
    ids = tuple(dict.fromkeys(ids))
    listed = tuple(_list_rows(connection, name, ids) for name in dict.fromkeys(lists))
    return ShelfRows(
        ids,
        _rows(connection, "SELECT paper_id, read_at FROM reads WHERE paper_id IN ({})", ids) if read else None,
        _rows(connection, "SELECT paper_id, dismissed_at FROM dismissed WHERE paper_id IN ({})", ids)
        if dismissed else None,
        listed,
        _rows(connection, f"SELECT {', '.join(_SNAPSHOT)} FROM papers WHERE id IN ({{}})", ids) if listed else (),
    )


def _list_rows(connection: sqlite3.Connection, name: str, ids: tuple[str, ...]) -> ListRows:
    found = find_list(connection, name)
    if found is None:
        return ListRows(name.strip(), None, ())
    number, stored = found
    query = f"SELECT paper_id, position, added_at FROM entries WHERE list_id = {number:d} AND paper_id IN ({{}})"
    return ListRows(stored, number, _rows(connection, query, ids))


def _rows(connection: sqlite3.Connection, query: str, ids: tuple[str, ...]) -> tuple[tuple, ...]:
    found: list[tuple] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found += connection.execute(query.format(", ".join("?" * len(chunk))), chunk).fetchall()
    return tuple(found)


def restore(connection: sqlite3.Connection, rows: ShelfRows) -> None:
    """Put the rows back as `capture` read them."""
    each = [(paper_id,) for paper_id in rows.ids]
    if rows.reads is not None:
        connection.executemany("DELETE FROM reads WHERE paper_id = ?", each)
        connection.executemany("INSERT INTO reads (paper_id, read_at) VALUES (?, ?)", rows.reads)
    if rows.dismissed is not None:
        connection.executemany("DELETE FROM dismissed WHERE paper_id = ?", each)
        connection.executemany("INSERT INTO dismissed (paper_id, dismissed_at) VALUES (?, ?)", rows.dismissed)
    for listed in rows.lists:
        _restore_list(connection, listed, each)
    if rows.lists:
        _restore_snapshots(connection, rows)


def _restore_list(connection: sqlite3.Connection, listed: ListRows, each: list[tuple]) -> None:
    found = find_list(connection, listed.name) if listed.number is None else (listed.number, listed.name)
    if found is None:
        return  # made by the change and deleted since: nothing to take back
    number = found[0]
    connection.executemany(f"DELETE FROM entries WHERE list_id = {number:d} AND paper_id = ?", each)
    if listed.number is None:  # the change created the list: it goes, unless it holds other papers now
        connection.execute(
            "DELETE FROM lists WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entries WHERE list_id = ?)", (number, number)
        )
        return
    if connection.execute("SELECT 1 FROM lists WHERE id = ?", (number,)).fetchone() is None:
        return  # the list was deleted since: its entries went with it
    connection.executemany(
        "INSERT INTO entries (list_id, paper_id, position, added_at) VALUES (?, ?, ?, ?)",
        [(number, *entry) for entry in listed.entries],
    )


def _restore_snapshots(connection: sqlite3.Connection, rows: ShelfRows) -> None:
    # A snapshot the change saved goes again unless something still needs it (an entry in
    # any list, a note); one it refreshed gets its old text back.
    known = {row[0] for row in rows.snapshots}
    connection.executemany(
        "DELETE FROM papers WHERE id = ? AND NOT EXISTS (SELECT 1 FROM entries WHERE paper_id = id)"
        " AND NOT EXISTS (SELECT 1 FROM notes WHERE paper_id = id)",
        [(paper_id,) for paper_id in rows.ids if paper_id not in known],
    )
    assignments = ", ".join(f"{name} = ?" for name in _SNAPSHOT[1:])
    connection.executemany(
        f"UPDATE papers SET {assignments} WHERE id = ?", [(*row[1:], row[0]) for row in rows.snapshots]
    )
