"""Opening the reading-list SQLite file: owner-only permissions, WAL, and a damaged
file detected, never silently replaced, moved aside only when the user agreed."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from pathlib import Path

from index.shelf.errors import StoreCorrupt, StoreError, unusable_reason
from index.shelf.schema import verify
from index.shelf.transactions import retrying
from index.user_files import os_reason

BUSY_TIMEOUT_SECONDS = 5.0
_SIDE_FILES = ("-wal", "-shm")  # SQLite gives them the main file's permission bits


def connect(path: Path, reset_corrupt: bool) -> tuple[sqlite3.Connection, Path | None]:
    """An open, checked connection, and where a damaged file was moved (None if not)."""
    try:
        return _connect(path, reset_corrupt)
    except OSError as error:
        raise StoreError(f"cannot use the reading-list store {path}: {os_reason(error)}") from None
    except sqlite3.OperationalError as error:
        reason = unusable_reason(error)
        if reason:
            raise StoreError(f"cannot use the reading-list store {path}: {reason}") from None
        raise


def _connect(path: Path, reset_corrupt: bool) -> tuple[sqlite3.Connection, Path | None]:
    _create_owner_only(path)
    try:
        return _checked_connection(path), None
    except StoreCorrupt:
        if not reset_corrupt:
            raise
    aside = move_aside(path)
    _create_owner_only(path)
    return _checked_connection(path), aside


def _create_owner_only(path: Path) -> None:
    # Create folder and file with their final modes, so there is no moment when
    # another user could open them; an existing file is chmod-ed only once it proved sound.
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)  # mkdir's mode is cut by the umask
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if not stat.S_ISREG(os.stat(path).st_mode):  # SQLite would only say "disk I/O error"
            raise StoreError(f"cannot use the reading-list store {path}: not a regular file") from None


def _checked_connection(path: Path) -> sqlite3.Connection:
    # isolation_level=None: the store issues BEGIN IMMEDIATE / COMMIT itself.
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        retrying(path, lambda: _set_up(connection, path))  # several first opens race to set WAL
    except BaseException:
        connection.close()
        raise
    _owner_only(path)
    return connection


def _set_up(connection: sqlite3.Connection, path: Path) -> None:
    # The first read of the header: a file that is not ours is refused before WAL changes it.
    verify(connection, path)
    connection.execute("PRAGMA journal_mode=WAL")
    problem = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    if problem != "ok":
        raise StoreCorrupt(path, problem)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA synchronous=FULL")  # a commit survives power loss too


def _owner_only(path: Path) -> None:
    # A file from an older version or a copy may be wider; ours to narrow, if we own it.
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass


def move_aside(path: Path) -> Path:
    """Rename the damaged file (and its WAL, which belongs to it) to NAME.corrupt-TIMESTAMP."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    serial = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{serial}")
        serial += 1
    os.rename(path, target)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.rename(side, target.with_name(target.name + suffix))
    return target
