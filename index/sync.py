"""Keep the index in step with the listing files.

Opening compares the manifest with the files on disk: changed, added and
removed files update only the papers they touch. A missing, damaged or
outdated index (schema version, capture-year setting) is rebuilt whole, in a
new generation switched in atomically (see index_home).
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from index.engine.schema import SCHEMA_VERSION
from index.engine.writer import build_index, update_index
from index.entry_db import EntryDB, open_entry_db, FileRecord
from index.first_page import FIRST_PAGE_FILE, write_first_page
from index.index_home import IndexHome
from index.listing import ParsedListing, read_listing
from index.manifest import FileChanges, Fingerprint, compare, discover, fingerprint
from index.papers import merge_entries, paper_id
from index.sync_report import ENTRIES_FILE, WHOOSH_FOLDER, Progress, SyncOptions, SyncReport


def sync_index(
    home: IndexHome, sources: Sequence[Path], options: SyncOptions = SyncOptions(), progress: Progress | None = None
) -> SyncReport:
    """Bring the index at `home` in step with the listing files in `sources`."""
    started = time.monotonic()
    with home.update_lock(options.lock_timeout):
        home.discard_abandoned()
        paths, problems = discover(sources)
        report = _Synchroniser(home, paths, options, progress).run()
        _keep_beside_index(home.current(), rewrite=report.changed_anything)
    report.problems[:0] = problems
    report.seconds = time.monotonic() - started
    return report


class _Synchroniser:
    def __init__(self, home: IndexHome, paths: list[Path], options: SyncOptions, progress: Progress | None):
        self.home = home
        self.paths = paths
        self.options = options
        self.progress = progress

    def run(self) -> SyncReport:
        live = self.home.current()
        db = _open_entries(live)
        try:
            reason = "rebuild asked for" if self.options.rebuild else _rebuild_reason(live, db, self.options)
            if reason is None:
                return self._update(live, db)
        finally:
            if db is not None:
                db.close()
        return self._rebuild(reason)

    # Incremental update

    def _update(self, live: Path, db: EntryDB) -> SyncReport:
        known = db.files()
        current = {str(p): fp for p in self.paths if (fp := fingerprint(p, _known_print(known, p)))}
        changes = compare({path: record.fingerprint for path, record in known.items()}, current)
        parsed = {path: read_listing(path, self.options.capture_year) for path in changes.to_read}
        years = {path: record.capture_year for path, record in known.items() if path not in changes.removed}
        years.update({path: listing.capture_year for path, listing in parsed.items()})
        if _fallback_year(years.values()) != int(db.get_meta("fallback_year") or 0):
            return self._rebuild("the capture year used for sorting changed")
        report = SyncReport(changes=changes)
        if changes:
            self._apply(live, db, changes, current, parsed, report)
        return _finish_report(report, db)

    def _apply(
        self, live: Path, db: EntryDB, changes: FileChanges, current: dict[str, Fingerprint],
        parsed: dict[str, ParsedListing], report: SyncReport,
    ) -> None:
        fallback = int(db.get_meta("fallback_year") or 0)
        with db.transaction():
            affected: set[str] = set()
            for path in changes.changed + changes.removed:
                affected.update(db.remove_file(path))
            for path, listing in parsed.items():
                db.put_file(current[path], listing)
                pairs = [(paper_id(entry.title), entry) for entry in listing.entries]
                db.add_entries(pairs)
                affected.update(pid for pid, _ in pairs)
            for path in changes.touched:
                db.touch_file(current[path])
            upserts, deletions = [], []
            for pid in sorted(affected):
                entries = db.entries_of(pid)
                if entries:
                    upserts.extend(merge_entries(entries, fallback))
                else:
                    deletions.append(pid)
            # Whoosh commits before SQLite does: if we die in between, the manifest
            # still shows the old files, and the next run redoes this update. Files only
            # touched change no paper: no commit, so the index keeps its generation
            # (the prefix bitsets kept beside it name that generation).
            if upserts or deletions:
                update_index(live / WHOOSH_FOLDER, upserts, deletions, fallback)
        report.papers_updated, report.papers_removed = len(upserts), len(deletions)

    # Full rebuild

    def _rebuild(self, reason: str) -> SyncReport:
        parsed = {str(p): read_listing(p, self.options.capture_year) for p in self.paths}
        fallback = _fallback_year(listing.capture_year for listing in parsed.values())
        entries = [entry for listing in parsed.values() for entry in listing.entries]
        papers = merge_entries(entries, fallback)
        partial = self.home.new_generation()
        try:
            db = EntryDB(partial / ENTRIES_FILE)
            with db.transaction():
                for path, listing in parsed.items():
                    if (print_ := fingerprint(Path(path))) is not None:
                        db.put_file(print_, listing)
                db.add_entries((paper_id(entry.title), entry) for entry in entries)
                db.set_meta("schema_version", str(SCHEMA_VERSION))
                db.set_meta("fallback_year", str(fallback))
                db.set_meta("capture_year_override", str(self.options.capture_year or ""))
            build_index(partial / WHOOSH_FOLDER, papers, fallback, self.options.procs, self.progress)
            report = _finish_report(SyncReport(rebuild_reason=reason), db)
            db.close()
            self.home.publish(partial)
        except BaseException:
            self.home.discard(partial)
            raise
        report.changes.added = list(parsed)
        report.papers_updated = len(papers)
        return report


def _open_entries(live: Path | None) -> EntryDB | None:
    return None if live is None else open_entry_db(live / ENTRIES_FILE)


def _rebuild_reason(live: Path | None, db: EntryDB | None, options: SyncOptions) -> str | None:
    if live is None:
        return "no index yet"
    if db is None:
        return "the index was damaged"
    if db.get_meta("schema_version") != str(SCHEMA_VERSION):
        return "the index format changed"
    if db.get_meta("capture_year_override") != str(options.capture_year or ""):
        return "the capture year setting changed"
    if not _engine_matches(live, db):
        return "the index was damaged"
    return None


def _engine_matches(live: Path, db: EntryDB) -> bool:
    """The Whoosh index opens and holds as many papers as the entries say."""
    from index.engine.searcher import EngineSearcher

    try:
        engine = EngineSearcher(live / WHOOSH_FOLDER)
    except Exception:  # Whoosh raises many kinds of errors for damaged files
        return False
    try:
        return engine.paper_count == db.counts()[1]
    except Exception:
        return False
    finally:
        engine.close()


def _known_print(known: dict[str, FileRecord], path: Path) -> Fingerprint | None:
    record = known.get(str(path))
    return None if record is None else record.fingerprint


def _fallback_year(years) -> int:
    """The year dates of unknown year sort in: the latest capture year known, else 0."""
    return max((year for year in years if year is not None), default=0)


def _keep_beside_index(live: Path | None, rewrite: bool) -> None:
    """What the reader keeps beside the index: the start page (index.first_page), new after
    any change, and for a small index the prefix bitsets (index.engine.prefix_bits; the
    reader has a big index's built in the background).

    A sync that changed nothing only checks the start page is there and the prefix file's
    header names this index (every CLI search syncs first: a few milliseconds); a damaged
    start page is found and rewritten by Library.first_page, which reads it anyway.
    """
    from index.engine.prefix_bits import build_if_small
    from index.search import Searcher

    if live is None or not os.access(live, os.W_OK):
        return  # an index shared read-only: its owner's syncs keep these
    if rewrite or not (live / FIRST_PAGE_FILE).exists():
        with Searcher(live / WHOOSH_FOLDER) as searcher:
            write_first_page(live, searcher)
    try:
        build_if_small(live / WHOOSH_FOLDER)
    except Exception:  # noqa: BLE001 - the index is committed; the file only saves time,
        pass  # and one naming another generation is not used (see PrefixBits)


def _finish_report(report: SyncReport, db: EntryDB) -> SyncReport:
    files = db.files()
    report.files = len(files)
    report.entries, report.papers = db.counts()
    for path, record in files.items():
        report.problems.extend(record.problems)
        report.capture_years[path] = (record.capture_year, record.year_source)
    return report
