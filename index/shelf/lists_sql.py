"""The reading-list store's SQL, each function one step inside a caller's transaction."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Sequence

from index.shelf.saved_papers import SNAPSHOT_COLUMNS, SavedPaper, saved_from_row, snapshot_of_saved
from index.shelf.errors import ListNameError, NotInList
from index.shelf.schema import DEFAULT_LIST

LIST_SUMMARIES = """
    SELECT l.name, l.created, COUNT(e.paper_id), COUNT(e.paper_id) - COUNT(r.paper_id)
    FROM lists l LEFT JOIN entries e ON e.list_id = l.id LEFT JOIN reads r ON r.paper_id = e.paper_id
    GROUP BY l.id ORDER BY l.id"""
LIST_SUMMARY = LIST_SUMMARIES.replace("GROUP BY", "WHERE l.id = ? GROUP BY")
_ENTRIES = f"""
    SELECT {", ".join("p." + name for name in SNAPSHOT_COLUMNS)}, e.added_at, r.read_at, n.text
    FROM entries e JOIN papers p ON p.id = e.paper_id
    LEFT JOIN reads r ON r.paper_id = e.paper_id LEFT JOIN notes n ON n.paper_id = e.paper_id
    WHERE e.list_id = ? ORDER BY e.position, e.added_at, e.paper_id"""
_IN_LIST = "SELECT 1 FROM entries WHERE list_id = ? AND paper_id = ?"
LIST_IDS = "SELECT paper_id FROM entries WHERE list_id = ?"
LISTS_OF = "SELECT l.name FROM entries e JOIN lists l ON l.id = e.list_id WHERE e.paper_id = ? ORDER BY l.id"
_ORDER = "SELECT paper_id FROM entries WHERE list_id = ? ORDER BY position, added_at, paper_id"
_MARK_READ = "INSERT OR IGNORE INTO reads (paper_id, read_at) VALUES (?, ?)"  # keeps when first read
KNOWN = "SELECT 1 FROM papers WHERE id = ?"
IDS_FROM = "SELECT id FROM papers WHERE substr(id, 1, ?) = ? ORDER BY id"  # not LIKE: no wildcards to escape
READ = "SELECT 1 FROM reads WHERE paper_id = ?"
NOTE = "SELECT text FROM notes WHERE paper_id = ?"
_INSERT_SNAPSHOT = (
    f"INSERT INTO papers ({', '.join(SNAPSHOT_COLUMNS)}, saved_at) "
    f"VALUES ({', '.join('?' * (len(SNAPSHOT_COLUMNS) + 1))})"
)
_UPSERT_SNAPSHOT = _INSERT_SNAPSHOT + (
    f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in SNAPSHOT_COLUMNS[1:])},"
    " saved_at = excluded.saved_at"
)
_KEEP_SNAPSHOT = _INSERT_SNAPSHOT + " ON CONFLICT (id) DO NOTHING"
_LAST_POSITION = "SELECT COALESCE(MAX(position), 0) FROM entries WHERE list_id = ?"
_INSERT_ENTRY = "INSERT INTO entries (list_id, paper_id, position, added_at) VALUES (?, ?, ?, ?)"
_APPEND = """
    INSERT INTO entries (list_id, paper_id, position, added_at)
    SELECT ?, ?, COALESCE(MAX(position), 0) + 1, ? FROM entries WHERE list_id = ?"""


def column(connection: sqlite3.Connection, query: str, *params: object) -> list:
    return [row[0] for row in connection.execute(query, params)]


def valid_name(name: str) -> str:
    """The name trimmed; ListNameError for an empty one or one with control characters."""
    name = name.strip()
    if not name:
        raise ListNameError("a list name cannot be empty")
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in name):
        raise ListNameError(f"a list name cannot contain control characters: {name!r}")
    return name


def find_list(connection: sqlite3.Connection, name: str) -> tuple[int, str] | None:
    # Exact name first, else the one equal when case is ignored (as the filter's list: does).
    rows = connection.execute("SELECT id, name FROM lists").fetchall()
    wanted = name.strip()
    exact = [row for row in rows if row[1] == wanted]
    folded = [row for row in rows if row[1].casefold() == wanted.casefold()]
    found = exact or folded
    return found[0] if found else None


def list_id(connection: sqlite3.Connection, name: str) -> int:
    found = find_list(connection, name)
    if found is None:
        names = column(connection, "SELECT name FROM lists ORDER BY id")
        raise ListNameError(f"no list named '{name}'; lists: {', '.join(names)}")
    return found[0]


def _refuse_taken(connection: sqlite3.Connection, name: str, except_id: int | None = None) -> None:
    found = find_list(connection, name)
    if found is not None and found[0] != except_id:
        raise ListNameError(f"a list named '{found[1]}' already exists")


def create_list(connection: sqlite3.Connection, name: str, now: str) -> int:
    _refuse_taken(connection, name)
    return connection.execute("INSERT INTO lists (name, created) VALUES (?, ?)", (name, now)).lastrowid


def _refuse_default(connection: sqlite3.Connection, name: str, action: str) -> int:
    found = list_id(connection, name)
    if found == list_id(connection, DEFAULT_LIST):
        raise ListNameError(f"the default list '{DEFAULT_LIST}' cannot be {action}")
    return found


def rename_list(connection: sqlite3.Connection, old: str, new: str) -> None:
    found = _refuse_default(connection, old, "renamed")
    _refuse_taken(connection, new, except_id=found)
    connection.execute("UPDATE lists SET name = ? WHERE id = ?", (new, found))


def delete_list(connection: sqlite3.Connection, name: str) -> None:
    found = _refuse_default(connection, name, "deleted")
    connection.execute("DELETE FROM lists WHERE id = ?", (found,))  # entries go by ON DELETE CASCADE


def entries(connection: sqlite3.Connection, list_number: int) -> list[SavedPaper]:
    rows = connection.execute(_ENTRIES, (list_number,))
    return [saved_from_row(row, position) for position, row in enumerate(rows, start=1)]


def save_snapshot(connection: sqlite3.Connection, snapshot: tuple, now: str) -> None:
    connection.execute(_UPSERT_SNAPSHOT, (*snapshot, now))


def add(connection: sqlite3.Connection, list_number: int, snapshot: tuple, now: str) -> bool:
    save_snapshot(connection, snapshot, now)
    return _append(connection, list_number, snapshot[0], now)


def _append(connection: sqlite3.Connection, list_number: int, paper_id: str, added_at: str) -> bool:
    if connection.execute(_IN_LIST, (list_number, paper_id)).fetchone():
        return False
    connection.execute(_APPEND, (list_number, paper_id, added_at, list_number))
    return True


def remove(connection: sqlite3.Connection, list_number: int, paper_id: str) -> bool:
    cursor = connection.execute("DELETE FROM entries WHERE list_id = ? AND paper_id = ?", (list_number, paper_id))
    return cursor.rowcount > 0


def toggle(connection: sqlite3.Connection, list_number: int, snapshot: tuple, now: str) -> bool:
    if remove(connection, list_number, snapshot[0]):
        return False
    return add(connection, list_number, snapshot, now)


def move(connection: sqlite3.Connection, list_number: int, paper_id: str, delta: int) -> int:
    order = column(connection, _ORDER, list_number)
    if paper_id not in order:
        raise NotInList(f"paper '{paper_id}' is not in this list")
    old = order.index(paper_id)
    order.pop(old)
    place = max(0, min(len(order), old + delta))
    order.insert(place, paper_id)
    _renumber(connection, list_number, order)
    return place + 1


def _renumber(connection: sqlite3.Connection, list_number: int, order: list[str]) -> None:
    # The whole list 1..n: positions stay dense whatever was removed before.
    connection.executemany(
        "UPDATE entries SET position = ? WHERE list_id = ? AND paper_id = ?",
        [(number, list_number, pid) for number, pid in enumerate(order, start=1)],
    )


def mark_read(connection: sqlite3.Connection, ids: list[str], now: str) -> int:
    before = connection.total_changes
    connection.executemany(_MARK_READ, [(paper_id, now) for paper_id in ids])
    return connection.total_changes - before


def set_note(connection: sqlite3.Connection, paper_id: str, text: str, now: str) -> None:
    if not text.strip():
        connection.execute("DELETE FROM notes WHERE paper_id = ?", (paper_id,))
        return
    connection.execute(
        "INSERT INTO notes (paper_id, text, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        (paper_id, text, now),
    )


def merge(connection: sqlite3.Connection, name: str, created: str, papers: Sequence[SavedPaper], now: str) -> int:
    """Bring papers from an export into the list; what the store holds wins over the file,
    except that read state and notes are united, never dropped. Returns how many were new."""
    found = find_list(connection, name)
    list_number = found[0] if found else create_list(connection, name, created or now)
    if created:  # the list has existed since the earlier of the two
        connection.execute("UPDATE lists SET created = min(created, ?) WHERE id = ?", (created, list_number))
    # Bulk statements, and positions counted here: a MAX(position) per paper made imports quadratic.
    connection.executemany(_KEEP_SNAPSHOT, [(*snapshot_of_saved(paper), now) for paper in papers])
    added = _append_all(connection, list_number, papers, now)
    connection.executemany(_MARK_READ, [(paper.id, paper.read_at) for paper in papers if paper.read_at])
    notes: dict[str, dict[str, None]] = {}  # per paper, its imported notes once each, in file order
    for paper in papers:
        if paper.note.strip():
            notes.setdefault(paper.id, {})[paper.note] = None
    for paper_id, imported in notes.items():
        merge_notes(connection, paper_id, list(imported), now)
    return added


def _append_all(connection: sqlite3.Connection, list_number: int, papers: Sequence[SavedPaper], now: str) -> int:
    """Append the papers not yet in the list, in their order; returns how many."""
    present = set(column(connection, LIST_IDS, list_number))
    last = connection.execute(_LAST_POSITION, (list_number,)).fetchone()[0]
    rows = []
    for paper in papers:
        if paper.id not in present:
            present.add(paper.id)
            rows.append((list_number, paper.id, last + len(rows) + 1, paper.added_at or now))
    connection.executemany(_INSERT_ENTRY, rows)
    return len(rows)


def merge_notes(connection: sqlite3.Connection, paper_id: str, imported: list[str], now: str) -> None:
    # A note already in the store's (a second import of the same file) is not added again.
    current = column(connection, NOTE, paper_id)
    kept = current[0] if current else ""
    new = [note for note in imported if note not in kept]
    if new:
        set_note(connection, paper_id, "\n\n".join([kept, *new] if kept else new), now)
