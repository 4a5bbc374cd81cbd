"""What the live index holds, per listing file, and whether the files moved on since.

Both read only the live generation's entries file and stat the listing files:
cheap enough for the reader to poll every few seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.listings.dates import YearSource
from index.sync.entry_db import EntryDB, open_entry_db
from index.sync.manifest import discover
from index.listings.problems import Problem
from index.sync.report import ENTRIES_FILE


@dataclass(frozen=True, slots=True)
class FileStatus:
    path: str
    entries: int
    capture_year: int | None
    year_source: YearSource
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class IndexStatus:
    generation: str
    files: list[FileStatus]
    entries: int
    papers: int
    problems: list[Problem]  # every file's problems, plus folders that could not be read


def index_status(live: Path | None, sources: Sequence[Path]) -> IndexStatus | None:
    """The live generation's files, counts and problems; None when there is no index."""
    db = _open(live)
    if db is None:
        return None
    try:
        records = db.files()
        entries, papers = db.counts()
    except sqlite3.DatabaseError:
        return None  # damaged, or deleted by a rebuild meanwhile: the next sync sees to it
    finally:
        db.close()
    _paths, folder_problems = discover(sources)
    files = [
        FileStatus(path, r.entries, r.capture_year, r.year_source, r.problems) for path, r in records.items()
    ]
    problems = folder_problems + [p for f in files for p in f.problems]
    return IndexStatus(live.name, files, entries, papers, problems)


def listings_moved_on(live: Path | None, sources: Sequence[Path]) -> bool:
    """Whether a listing file was added, removed, or has a new size or mtime.

    Stat only, no hashing: a touched file with the same content makes the next
    sync hash it and find nothing to do, which is cheap and rare.
    """
    db = _open(live)
    if db is None:
        return True
    try:
        known = {path: record.fingerprint for path, record in db.files().items()}
    except sqlite3.DatabaseError:
        return True  # let a sync find out what is wrong
    finally:
        db.close()
    paths, _problems = discover(sources)
    if set(map(str, paths)) != set(known):
        return True
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return True
        print_ = known[str(path)]
        if (stat.st_size, stat.st_mtime_ns) != (print_.size, print_.mtime_ns):
            return True
    return False


def _open(live: Path | None) -> EntryDB | None:
    return None if live is None else open_entry_db(live / ENTRIES_FILE, read_only=True)
