"""The morning's state in the reading-list store: what is new since the last visit, seen, dismissed.

- First seen: when papershelf first indexed each paper (`record_first_seen`, given the
  ids of an index; see index.shelf.first_seen). Kept by paper id, so a rebuild of the index,
  which keeps the ids, does not make every paper new again.
- Visits: the reader begins one when it starts (`begin_visit`) and ends it when it quits
  (`end_visit`). A visit's last sign of life is its end, or the last time it took in
  papers (a record_first_seen while it was open: those papers were shown in it), so a
  reader killed before its end does not leave all it showed "new" for the next one.
- New: first seen after the previous visit's last sign of life (`new_since`), and not
  dismissed. On the first visit ever, every paper is new.
- Seen: the reader showed the paper's abstract (`mark_seen`); seen is not read.
- Dismissed: not interested (`dismiss`, `undismiss`); dismissed papers are never new.

A mixin of ReadingStore: every method runs in one of its transactions (`_read`, `_write`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TypeVar

from index.shelf.errors import StoreError

_T = TypeVar("_T")
STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # fixed width: text order is time order
_FIRST_SEEN_OF = "first_seen_index"  # store_meta: the index whose ids were recorded last
_DIGEST_MARK = "digest_mark"  # store_meta: up to when the last digest --since-last went


def precise_now() -> str:
    return datetime.now(timezone.utc).strftime(STAMP_FORMAT)


def stamp_time(stamp: str) -> datetime:
    """A stamp of this module (or the store's second-resolution ones) as an aware UTC datetime.
    StoreError for one that is no time: the store's file was written by something else."""
    try:
        return datetime.fromisoformat(str(stamp).removesuffix("Z")).replace(tzinfo=timezone.utc)
    except ValueError:
        raise StoreError(
            f"the reading-list store holds a time that is not one ({str(stamp)[:40]!r}); repair the file, "
            "or start afresh with papershelf --reset-store (the damaged file is kept)"
        ) from None


@dataclass(frozen=True, slots=True)
class Visit:
    """One session of the reader, as begin_visit gives it."""

    number: int
    started: datetime  # UTC
    since: datetime | None  # the previous visit's last sign of life; None on the first visit ever


class MorningState:
    """First seen, visits, seen and dismissed (see the module docstring); mixed into ReadingStore."""

    _visit: Visit | None = None  # the visit this store object began, if any
    _write: Callable[[Callable[[sqlite3.Connection], _T]], _T]
    _read: Callable[[Callable[[sqlite3.Connection], _T]], _T]

    # Visits

    def begin_visit(self) -> Visit:
        """Record that the reader starts a visit now; the visit, with the time of the previous one."""

        def begin(connection: sqlite3.Connection) -> Visit:
            now = precise_now()
            previous = connection.execute("SELECT MAX(last_at) FROM visits").fetchone()[0]
            number = connection.execute(
                "INSERT INTO visits (started_at, last_at) VALUES (?, ?)", (now, now)
            ).lastrowid
            return Visit(number, stamp_time(now), stamp_time(previous) if previous else None)

        self._visit = self._write(begin)
        return self._visit

    def end_visit(self) -> None:
        """The reader quits: its visit's last sign of life is now (nothing if none was begun)."""
        if self._visit is not None:
            self._touch_visit()
            self._visit = None

    @property
    def visit(self) -> Visit | None:
        """The visit this store began and has not ended."""
        return self._visit

    def new_since(self) -> datetime | None:
        """What "new" counts from: this store's visit's `since`, or, for a store that began no
        visit (the command line), the last sign of life of the latest visit. None: every
        paper is new (no visit before)."""
        if self._visit is not None:
            return self._visit.since
        last = self._read(lambda c: c.execute("SELECT MAX(last_at) FROM visits").fetchone()[0])
        return stamp_time(last) if last else None

    def _touch_visit(self) -> None:
        number = self._visit.number
        self._write(lambda c: c.execute("UPDATE visits SET last_at = ? WHERE id = ?", (precise_now(), number)))

    # First seen

    def record_first_seen(self, paper_ids: Iterable[str], index: str | None = None) -> int:
        """Remember now as the first-seen time of each paper not seen before; how many were new.

        `index` names the index the ids are all of (see PaperSearcher.identity): when it is the one
        recorded last, its ids are known already and are not read again. An open visit of
        this store takes the time as its last sign of life: it is showing these papers.
        """

        def record(connection: sqlite3.Connection) -> int:
            if index is not None and _meta(connection, _FIRST_SEEN_OF) == index:
                return 0
            known = set(_column(connection, "SELECT paper_id FROM first_seen"))
            now = precise_now()
            fresh = [(paper_id, now) for paper_id in dict.fromkeys(paper_ids) if paper_id not in known]
            connection.executemany("INSERT INTO first_seen (paper_id, seen_at) VALUES (?, ?)", fresh)
            if index is not None:
                _set_meta(connection, _FIRST_SEEN_OF, index)
            return len(fresh)

        added = self._write(record)
        if self._visit is not None:
            self._touch_visit()
        return added

    def first_seen_index(self) -> str | None:
        """The `index` of the last record_first_seen that named one."""
        return self._read(lambda c: _meta(c, _FIRST_SEEN_OF))

    def first_seen(self, paper_id: str) -> datetime | None:
        found = self._read(lambda c: _column(c, "SELECT seen_at FROM first_seen WHERE paper_id = ?", paper_id))
        return stamp_time(found[0]) if found else None

    def new_ids(self) -> frozenset[str]:
        """The papers first seen after `new_since()`, dismissed ones left out."""
        return self.first_seen_between(self.new_since(), None)

    def first_seen_between(self, after: datetime | None, until: datetime | None) -> frozenset[str]:
        """The papers first seen after `after` (None: ever) and at or before `until` (None: now),
        dismissed ones left out."""
        low = after.strftime(STAMP_FORMAT) if after is not None else ""
        high = until.strftime(STAMP_FORMAT) if until is not None else "~"  # after every stamp
        return self._read(lambda c: frozenset(_column(c, _NEW, low, high)))

    # The digest's own mark (papershelf digest --since-last), apart from the visits

    def digest_mark(self) -> datetime | None:
        found = self._read(lambda c: _meta(c, _DIGEST_MARK))
        return stamp_time(found) if found else None

    def set_digest_mark(self, when: datetime) -> None:
        self._write(lambda c: _set_meta(c, _DIGEST_MARK, when.strftime(STAMP_FORMAT)))

    # Seen and dismissed

    def mark_seen(self, paper_id: str) -> bool:
        """The paper's abstract was shown; False if it was seen before (the first time is kept)."""
        return self._write(lambda c: _insert(c, "seen", "seen_at", [paper_id])) > 0

    def mark_unseen(self, paper_id: str) -> bool:
        return self._write(lambda c: _delete(c, "seen", [paper_id])) > 0

    def seen_ids(self) -> frozenset[str]:
        return self._read(lambda c: frozenset(_column(c, "SELECT paper_id FROM seen")))

    def dismiss(self, paper_ids: Iterable[str]) -> int:
        """Not interested in these papers; how many were not dismissed before."""
        ids = list(paper_ids)
        return self._write(lambda c: _insert(c, "dismissed", "dismissed_at", ids))

    def undismiss(self, paper_ids: Iterable[str]) -> int:
        """Interested again; how many were dismissed."""
        ids = list(paper_ids)
        return self._write(lambda c: _delete(c, "dismissed", ids))

    def dismissed_ids(self) -> frozenset[str]:
        return self._read(lambda c: frozenset(_column(c, "SELECT paper_id FROM dismissed")))


_NEW = (
    "SELECT f.paper_id FROM first_seen f WHERE f.seen_at > ? AND f.seen_at <= ? "
    "AND NOT EXISTS (SELECT 1 FROM dismissed d WHERE d.paper_id = f.paper_id)"
)


def _column(connection: sqlite3.Connection, query: str, *params: object) -> list:
    return [row[0] for row in connection.execute(query, params)]


def _insert(connection: sqlite3.Connection, table: str, stamp: str, ids: list[str]) -> int:
    # Table and column names are this module's constants, never outside text.
    before = connection.total_changes
    now = precise_now()
    connection.executemany(
        f"INSERT OR IGNORE INTO {table} (paper_id, {stamp}) VALUES (?, ?)", [(i, now) for i in ids]
    )
    return connection.total_changes - before


def _delete(connection: sqlite3.Connection, table: str, ids: list[str]) -> int:
    before = connection.total_changes
    connection.executemany(f"DELETE FROM {table} WHERE paper_id = ?", [(i,) for i in ids])
    return connection.total_changes - before


def _meta(connection: sqlite3.Connection, key: str) -> str | None:
    found = _column(connection, "SELECT value FROM store_meta WHERE key = ?", key)
    return found[0] if found else None


def _set_meta(connection: sqlite3.Connection, key: str, value: str) -> None:
    connection.execute(
        "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
