"""The errors the reading-list store raises for conditions a user can act on,
and which SQLite errors are which."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.errors import PapershelfError


class StoreError(PapershelfError):
    """Base of the reading-list store's errors."""


class StoreCorrupt(StoreError):
    """The store's file is not a readable SQLite database; it was left untouched."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        detail = " ".join(detail.replace("*** in database main ***", "").split())  # one line
        super().__init__(
            f"the reading-list store {path} is damaged ({detail}); it was left untouched. "
            f"Run with --reset-store to keep it aside as {path.name}.corrupt-TIMESTAMP "
            "and start an empty store"
        )


class StoreTooNew(StoreError):
    """The file was written by a newer papershelf whose schema this one does not know."""


class StoreBusy(StoreError):
    """Another process held the store's write lock for longer than we wait."""


class ListNameError(StoreError):
    """A list name that is empty, unknown, already taken, or reserved."""


class NotInList(StoreError):
    """The paper is not in the list the operation names."""


SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 11, 13, 26
_UNUSABLE = (3, 8, 10, 13, 14)  # SQLITE_PERM, READONLY, IOERR, FULL, CANTOPEN
# The schema was checked at open; these mean a table or column went away since (another program).
_SCHEMA_GONE = ("no such table", "no such column")


def is_corrupt(error: sqlite3.Error) -> bool:
    if isinstance(error, sqlite3.OperationalError) and str(error).startswith(_SCHEMA_GONE):
        return True
    return _primary_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def unusable_reason(error: sqlite3.Error) -> str | None:
    """Why the file cannot be used, for one the user must fix (no permission, read-only,
    I/O error, disk full, cannot open); None for any other error."""
    code = _primary_code(error)
    if code == SQLITE_FULL:
        return "disk full"
    return str(error) if code in _UNUSABLE else None


def _primary_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF
