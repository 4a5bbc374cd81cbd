"""The parsed entries of every listing file, kept beside the Whoosh index.

Incremental updates need to know which papers a file contributed and what the
other files say about those papers; this SQLite file answers both without
re-reading unchanged listings. It also holds the manifest (the fingerprints
of the files indexed) and each file's problems, so `papershelf index` can
report them without parsing again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.listings.dates import YearSource
from index.listings.entries import Entry, Organisation, ParsedListing
from index.sync.manifest import Fingerprint
from index.listings.papers import date_from_record, date_to_record
from index.listings.problems import Problem

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    capture_year INTEGER, year_source TEXT, entries INTEGER, problems TEXT
);
CREATE TABLE IF NOT EXISTS entries (paper_id TEXT NOT NULL, file TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entries_by_paper ON entries (paper_id);
CREATE INDEX IF NOT EXISTS entries_by_file ON entries (file);
"""


# The meta key of the rows' checksum (see rows_digest), which it leaves out itself.
DIGEST_KEY = "rows_digest"
_DIGEST_SPACE = 1 << 128
_TABLES = ("meta", "files", "entries")


@dataclass(frozen=True, slots=True)
class FileRecord:
    fingerprint: Fingerprint
    capture_year: int | None
    year_source: YearSource
    entries: int
    problems: tuple[Problem, ...]


class EntryDB:
    def __init__(self, path: Path, read_only: bool = False) -> None:
        if read_only:
            # Never written through: the file stays byte for byte as sealed (see index_seal),
            # and a folder the user cannot write is read too.
            self._db = _read_only(path)
            self._digest = None  # never written through
            return
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
        # A rollback journal, not WAL: after each commit the file itself holds every change,
        # so its checksum is that of the data (a WAL is folded in later, by whichever
        # connection closes last, and changes the file after it was sealed).
        self._db.execute("PRAGMA journal_mode=DELETE")
        self._db.executescript(_SCHEMA)
        self._digest = self._stored_digest()

    def _stored_digest(self) -> int | None:
        """The rows' checksum as kept (0 for a new file), or None for a file written before
        it was kept: that one is sealed by a hash of the file, as it always was."""
        value = self.get_meta(DIGEST_KEY)
        if value is not None:
            try:
                return int(value, 16) % _DIGEST_SPACE
            except ValueError:
                return None
        empty = not any(self._db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in _TABLES)
        return 0 if empty else None

    @property
    def digest(self) -> str | None:
        """The checksum of every row (see rows_digest), kept up to date by each write."""
        return None if self._digest is None else f"{self._digest:032x}"

    def _count(self, table: str, rows: Iterable[tuple], sign: int = 1) -> None:
        """Add (or, sign -1, take away) rows of `table` to the kept checksum, and store it."""
        if self._digest is None:
            return
        self._digest = (self._digest + sign * sum(_row_hash(table, row) for row in rows)) % _DIGEST_SPACE
        self._store_digest()

    def _store_digest(self) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (DIGEST_KEY, self.digest))

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        old = self.get_meta(key)
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        self._count("meta", [] if old is None else [(key, old)], -1)
        self._count("meta", [(key, value)])

    def files(self) -> dict[str, FileRecord]:
        rows = self._db.execute("SELECT * FROM files ORDER BY path").fetchall()
        return {_from_db(row[0]): _file_record(row) for row in rows}

    def put_file(self, fingerprint: Fingerprint, parsed: ParsedListing) -> None:
        problems = json.dumps([[p.file, p.line, p.message] for p in parsed.problems])
        row = (
            _to_db(fingerprint.path), fingerprint.size, fingerprint.mtime_ns, fingerprint.sha256,
            parsed.capture_year, parsed.year_source.value, len(parsed.entries), problems,
        )
        self._count("files", self._file_rows(row[0]), -1)
        self._db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
        self._count("files", [row])

    def touch_file(self, fingerprint: Fingerprint) -> None:
        path = _to_db(fingerprint.path)
        old = self._file_rows(path)
        self._db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (fingerprint.size, fingerprint.mtime_ns, path))
        self._count("files", old, -1)
        self._count("files", [(row[0], fingerprint.size, fingerprint.mtime_ns, *row[3:]) for row in old])

    def remove_file(self, path: str) -> list[str]:
        """Forget a file and its entries; return the ids of the papers it held."""
        ids = self.paper_ids_of(path)
        stored = _to_db(path)
        if self._digest is not None:
            self._count("entries", self._db.execute("SELECT * FROM entries WHERE file = ?", (stored,)), -1)
            self._count("files", self._file_rows(stored), -1)
        self._db.execute("DELETE FROM entries WHERE file = ?", (stored,))
        self._db.execute("DELETE FROM files WHERE path = ?", (stored,))
        return ids

    def _file_rows(self, stored_path: bytes) -> list[tuple]:
        return self._db.execute("SELECT * FROM files WHERE path = ?", (stored_path,)).fetchall()

    def paper_ids_of(self, path: str) -> list[str]:
        rows = self._db.execute("SELECT DISTINCT paper_id FROM entries WHERE file = ?", (_to_db(path),))
        return [row[0] for row in rows]

    def add_entries(self, pairs: Iterable[tuple[str, Entry]]) -> None:
        added = [0]  # the rows' share of the checksum, summed as they stream past (a build's are millions)

        def rows() -> Iterator[tuple[str, bytes, str]]:
            for paper_id, entry in pairs:
                row = (paper_id, _to_db(entry.file), json.dumps(entry_to_record(entry)))
                if self._digest is not None:
                    added[0] += _row_hash("entries", row)
                yield row

        self._db.executemany("INSERT INTO entries VALUES (?, ?, ?)", rows())
        if self._digest is not None:
            self._digest = (self._digest + added[0]) % _DIGEST_SPACE
            self._store_digest()

    def entries_of(self, paper_id: str) -> list[Entry]:
        rows = self._db.execute("SELECT data FROM entries WHERE paper_id = ?", (paper_id,))
        return [entry_from_record(json.loads(row[0])) for row in rows]

    def counts(self) -> tuple[int, int]:
        """(entries, distinct papers)."""
        row = self._db.execute("SELECT COUNT(*), COUNT(DISTINCT paper_id) FROM entries").fetchone()
        return row[0], row[1]


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes the file: it stays byte for byte as sealed, and a
    folder the user cannot write is read too."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None)


def kept_digest(path: Path) -> str | None:
    """The rows' checksum the entries file at `path` keeps (see EntryDB.digest), or None when
    it keeps none (written before it was kept)."""
    db = _read_only(path)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (DIGEST_KEY,)).fetchone()
    finally:
        db.close()
    return None if row is None else str(row[0])


def rows_digest(path: Path) -> str:
    """The checksum of every row of the entries file at `path` (bar the kept checksum itself),
    read through a read-only connection: the seal's check of a file whose mtime moved. It is
    what the writes kept up to date row by row, so a commit seals the file without reading all
    of it (2.4 GB at a million papers). Raises sqlite3.DatabaseError for a damaged file."""
    db = _read_only(path)
    try:
        if db.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":  # its indexes too, which the sums skip
            raise sqlite3.DatabaseError("the entries file fails SQLite's integrity check")
        total = 0
        for table in _TABLES:
            for row in db.execute(f"SELECT * FROM {table}"):
                if table != "meta" or row[0] != DIGEST_KEY:
                    total += _row_hash(table, row)
        return f"{total % _DIGEST_SPACE:032x}"
    finally:
        db.close()


def _row_hash(table: str, row: tuple) -> int:
    """A row's share of the checksum. The checksum is the sum of its rows' (modulo 2**128), so
    a write adds and takes away rows without reading the others; a sum, not an exclusive or,
    so two equal rows do not cancel out."""
    digest = hashlib.blake2b(table.encode(), digest_size=16)
    for value in row:  # each value tagged with its type and length: no two rows hash alike by accident
        data = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
        digest.update(b"%s%d:" % (type(value).__name__.encode(), len(data)))
        digest.update(data)
    return int.from_bytes(digest.digest(), "big")


def _to_db(path: str) -> bytes:
    """A path as the file stores it: its bytes. A file name need not be UTF-8 (`bad\xff.txt`
    is a str with a lone surrogate, which SQLite cannot store as text)."""
    return path.encode("utf-8", "surrogateescape")


def _from_db(stored: bytes | str) -> str:
    return stored.decode("utf-8", "surrogateescape") if isinstance(stored, bytes) else stored


def _file_record(row: tuple) -> FileRecord:
    path, size, mtime_ns, sha256, capture_year, year_source, entries, problems = row
    path = _from_db(path)
    return FileRecord(
        Fingerprint(path, size, mtime_ns, sha256),
        capture_year,
        YearSource(year_source),
        entries,
        tuple(Problem(file, line, message) for file, line, message in json.loads(problems)),
    )


def entry_to_record(entry: Entry) -> list:
    org = entry.organisation
    return [
        entry.title, entry.abstract, entry.authors,
        None if org is None else [org.handle, org.name],
        date_to_record(entry.published), entry.upvotes,
        date_to_record(entry.listing_date), entry.file, entry.line,
    ]


def entry_from_record(data: list) -> Entry:
    title, abstract, authors, org, published, upvotes, listing_date, file, line = data
    return Entry(
        title=title,
        abstract=abstract,
        authors=authors,
        organisation=None if org is None else Organisation(*org),
        published=date_from_record(published),
        upvotes=upvotes,
        listing_date=date_from_record(listing_date),
        file=file,
        line=line,
    )


def open_entry_db(path: Path, read_only: bool = False) -> EntryDB | None:
    """The entries file at `path`, or None when it is missing or not a readable database."""
    if not path.is_file():
        return None
    try:
        db = EntryDB(path, read_only)
    except sqlite3.DatabaseError:
        return None
    try:
        db.get_meta("schema_version")
        return db
    except sqlite3.DatabaseError:
        db.close()
        return None
