"""One transaction per change, retried while another process holds the write lock.

The connection's busy timeout already waits up to five seconds for a lock;
the retry loop covers what the timeout cannot (a WAL snapshot gone stale
under BEGIN, a checkpoint in progress) and gives up with a clear error.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from index.shelf.errors import StoreBusy, StoreCorrupt, StoreError, is_corrupt, unusable_reason

RETRIES = 8
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
_T = TypeVar("_T")


def write(connection: sqlite3.Connection, path: Path, work: Callable[[sqlite3.Connection], _T]) -> _T:
    """Run `work` in one immediate transaction and commit it at once."""

    def attempt() -> _T:
        connection.execute("BEGIN IMMEDIATE")  # take the write lock before reading
        try:
            result = work(connection)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return result

    return retrying(path, attempt)


def read(connection: sqlite3.Connection, path: Path, work: Callable[[sqlite3.Connection], _T]) -> _T:
    """Run `work` in one read transaction: its queries see one state of the file."""

    def attempt() -> _T:
        connection.execute("BEGIN")
        try:
            return work(connection)
        finally:
            if connection.in_transaction:
                connection.execute("COMMIT")

    return retrying(path, attempt)


def retrying(path: Path, attempt: Callable[[], _T]) -> _T:
    for tries in range(RETRIES):
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if _is_busy(error):
                time.sleep(0.05 * 2**tries)
                continue
            reason = unusable_reason(error)
            if reason:
                raise StoreError(f"cannot use the reading-list store {path}: {reason}") from None
            if is_corrupt(error):
                raise StoreCorrupt(path, str(error)) from None
            raise
        except sqlite3.DatabaseError as error:
            if is_corrupt(error):
                raise StoreCorrupt(path, str(error)) from None
            raise
    raise StoreBusy(f"the reading-list store {path} stayed locked by another papershelf; try again")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
