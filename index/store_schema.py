"""The reading-list store's schema, versioned by `PRAGMA user_version`.

Each migration moves the file one version forward; a released migration is
never edited, only followed by a new one, so every file ever written opens.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.store_errors import StoreTooNew
from index.store_transactions import write

DEFAULT_LIST = "Bookmarks"

_VERSION_1 = (
    """CREATE TABLE lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        created TEXT NOT NULL
    )""",
    # A snapshot of each saved paper: lists show without the index or the listing files.
    """CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        abstract TEXT NOT NULL,
        published TEXT NOT NULL,
        published_iso TEXT,
        upvotes INTEGER,
        organisation TEXT,
        authors INTEGER,
        links TEXT NOT NULL,
        saved_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE entries (
        list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,
        paper_id TEXT NOT NULL REFERENCES papers(id),
        position INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (list_id, paper_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX entries_by_paper ON entries(paper_id)",
    # Read state and notes belong to the paper, not to a list.
    "CREATE TABLE reads (paper_id TEXT PRIMARY KEY, read_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE notes (paper_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID",
    f"INSERT INTO lists (name, created) VALUES ('{DEFAULT_LIST}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_VERSION_1,)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the file to SCHEMA_VERSION; StoreTooNew for a file from a newer papershelf."""
    if user_version(connection) == SCHEMA_VERSION:
        return
    write(connection, path, lambda c: _apply_missing(c, path))


def _apply_missing(connection: sqlite3.Connection, path: Path) -> None:
    # Read again under the write lock: another process may have migrated meanwhile.
    version = user_version(connection)
    if version > SCHEMA_VERSION:
        raise StoreTooNew(
            f"the reading-list store {path} was written by a newer papershelf "
            f"(schema {version}, this one knows {SCHEMA_VERSION}); update papershelf"
        )
    for statements in MIGRATIONS[version:]:
        for statement in statements:
            connection.execute(statement)
    # user_version lives in the file header and commits with the transaction.
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
