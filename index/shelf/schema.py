"""The reading-list store's schema, versioned by `PRAGMA user_version`.

Each migration moves the file one version forward; a released migration is
never edited, only followed by a new one, so every file ever written opens.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from index.shelf.errors import StoreCorrupt, StoreTooNew
from index.shelf.transactions import write

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

# The morning: when papershelf first indexed each paper, the reader's visits, and the
# papers seen (their abstract was shown) and dismissed (not interested). Times to the
# microsecond: a visit and a sync in the same second are told apart.
_VERSION_2 = (
    "CREATE TABLE first_seen (paper_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE INDEX first_seen_by_time ON first_seen(seen_at)",
    # last_at: the visit's last sign of life (its end, or the last time it took in papers).
    "CREATE TABLE visits (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, last_at TEXT NOT NULL)",
    "CREATE TABLE seen (paper_id TEXT PRIMARY KEY, seen_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE dismissed (paper_id TEXT PRIMARY KEY, dismissed_at TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)

# Views: saved searches. The checks keep what another program could write to the types a
# view has; index.shelf.views checks the values (a sort it knows) when saving and when running.
_VERSION_3 = (
    """CREATE TABLE views (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (typeof(name) = 'text' AND length(trim(name)) > 0),
        query TEXT NOT NULL CHECK (typeof(query) = 'text'),
        sort TEXT CHECK (sort IS NULL OR typeof(sort) = 'text'),  -- a name index.shelf.views knows: checked there
        reverse INTEGER NOT NULL DEFAULT 0 CHECK (reverse IN (0, 1)),
        created TEXT NOT NULL
    )""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_VERSION_1, _VERSION_2, _VERSION_3)
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA user_version").fetchone()[0]


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the file to SCHEMA_VERSION; StoreTooNew for a file from a newer papershelf,
    StoreCorrupt for one whose tables are not what its version says (see `verify`)."""
    if user_version(connection) != SCHEMA_VERSION:
        write(connection, path, lambda c: _apply_missing(c, path))
    verify(connection, path)


def verify(connection: sqlite3.Connection, path: Path) -> None:
    """StoreCorrupt unless the file holds exactly the tables and indexes of its schema version.

    A missing table must not be made again empty (its rows are gone: a damaged store), and
    another program's SQLite file at our path must not be taken over by creating ours beside its.
    """
    # One statement, so one snapshot of the file: read apart, another process's migration
    # could commit in between and look like tables in a file of version 0.
    rows = connection.execute(_VERSION_AND_SCHEMA).fetchall()
    version = next(row[0] for row in rows if row[1] is None)  # sqlite_master's rows all have a type
    if version > SCHEMA_VERSION:
        return  # migrate() refuses it as too new
    found = {row[1:] for row in rows if row[1] is not None}
    expected = schema_of(version)
    if found != expected:
        raise StoreCorrupt(path, _difference(found, expected, version))


_SCHEMA_ROWS = "SELECT type, name, tbl_name, sql FROM sqlite_master"
_VERSION_AND_SCHEMA = (
    "SELECT user_version, NULL, NULL, NULL, NULL FROM pragma_user_version "
    f"UNION ALL SELECT NULL, * FROM ({_SCHEMA_ROWS})"
)


@cache
def schema_of(version: int) -> frozenset[tuple]:
    """sqlite_master's rows for a file at `version`, made by the migrations in a memory database."""
    scratch = sqlite3.connect(":memory:")
    try:
        for statements in MIGRATIONS[:version]:
            for statement in statements:
                scratch.execute(statement)
        return frozenset(scratch.execute(_SCHEMA_ROWS))
    finally:
        scratch.close()


def _difference(found: set[tuple], expected: frozenset[tuple], version: int) -> str:
    names = {row[1] for row in found if not row[1].startswith("sqlite_")}
    if version == 0:
        return f"not a papershelf reading-list store: it holds other tables ({', '.join(sorted(names)[:5])})"
    missing = sorted({row[1] for row in expected} - {row[1] for row in found})
    if missing:
        return f"missing {', '.join(missing)} of schema {version}"
    return f"its tables differ from papershelf's schema {version}"


def _apply_missing(connection: sqlite3.Connection, path: Path) -> None:
    # Read again under the write lock: another process may have migrated meanwhile.
    version = user_version(connection)
    verify(connection, path)  # under the lock: a foreign or damaged file is never written to
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
