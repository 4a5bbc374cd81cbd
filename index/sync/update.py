"""Keep the index in step with the listing files.

Opening compares the manifest with the files on disk: changed, added and
removed files update only the papers they touch. A missing, damaged or
outdated index (schema version, capture-year setting) is rebuilt whole, in a
new generation switched in atomically (see index_home). Damage is what the
generation's seal says (see index_seal), checked before anything is trusted.

An index the user cannot write (a shared, pre-built one) is used as it is: a
stale one with a problem that says so, a damaged one not at all.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from index.engine.schema import SCHEMA_VERSION
from index.engine.writer import build_index, update_index
from index.sync.entry_db import EntryDB, open_entry_db
from index.sync.first_page import first_page_holds, write_first_page
from index.index_home import IndexHome, IndexUnavailable
from index.sync.seal import Verdict, check, seal
from index.listings.entries import ParsedListing
from index.listings.parser import parse_listing
from index.sync.manifest import FileChanges, Fingerprint, Snapshot, Unreadable, compare, discover, read_bytes, snapshot
from index.listings.papers import merge_entries, paper_id
from index.listings.problems import Problem
from index.sync.report import ENTRIES_FILE, WHOOSH_FOLDER, Progress, SyncOptions, SyncReport

DAMAGED = "the index was damaged"
_SETTING_CHANGED = "the capture year setting changed"


def sync_index(
    home: IndexHome, sources: Sequence[Path], options: SyncOptions = SyncOptions(), progress: Progress | None = None
) -> SyncReport:
    """Bring the index at `home` in step with the listing files in `sources`."""
    started = time.monotonic()
    with home.update_lock(options.lock_timeout) as writable:
        paths, problems = discover(sources)
        synchroniser = _Synchroniser(home, paths, options, progress)
        if writable:
            home.discard_abandoned()
            report = synchroniser.run()
            _keep_beside_index(home.current(), rewrite=report.changed_anything)
        else:
            report = synchroniser.read_only()
    report.problems[:0] = problems + synchroniser.problems
    report.seconds = time.monotonic() - started
    return report


class _RebuildNeeded(Exception):
    """An update found that only a rebuild can bring the index in step (the reason)."""


class _Synchroniser:
    def __init__(self, home: IndexHome, paths: list[Path], options: SyncOptions, progress: Progress | None):
        self.home = home
        self.paths = paths
        self.options = options
        self.progress = progress
        self.problems: list[Problem] = []  # files that could not be read this time

    def run(self) -> SyncReport:
        live = self.home.current()
        reason, verdict = _rebuild_reason(live, self.options)
        if self.options.rebuild:
            reason = "rebuild asked for"
        if reason is None:
            try:
                return self._update(live, reseal=verdict.moved)
            except _RebuildNeeded as needed:
                reason = str(needed)
        return self._rebuild(reason)

    def read_only(self) -> SyncReport:
        """What a shared index the user cannot write holds, and how stale it is; never written."""
        live = self.home.current()
        reason = "rebuild asked for" if self.options.rebuild else rebuild_reason(live, self.options)
        if reason is not None and reason != _SETTING_CHANGED:
            raise IndexUnavailable(f"the index in {self.home.root} needs a rebuild ({reason}) but is read-only")
        db = open_entry_db(live / ENTRIES_FILE, read_only=True)
        if db is None:
            raise IndexUnavailable(f"the index in {self.home.root} cannot be read")
        try:
            known = {path: record.fingerprint for path, record in db.files().items()}
            changes = compare(known, self._current(self._snapshots(known)))
            report = _finish_report(SyncReport(), db)
        finally:
            db.close()
        stale = len(changes.added) + len(changes.changed) + len(changes.removed)
        why = "it was built with another capture year" if reason else f"{stale} listing files changed since it was built"
        if reason or stale:
            message = f"the index is read-only and out of date ({why}): searching it as it is"
            self.problems.append(Problem(str(self.home.root), None, message))
        return report

    # Reading the listing files

    def _snapshots(self, known: dict[str, Fingerprint]) -> dict[str, Snapshot]:
        taken = {}
        for path in self.paths:
            try:
                taken[str(path)] = snapshot(path, known.get(str(path)))
            except Unreadable as why:
                self.problems.append(Problem(str(path), None, str(why)))
        return taken

    @staticmethod
    def _current(snapshots: dict[str, Snapshot]) -> dict[str, Fingerprint]:
        return {path: taken.fingerprint for path, taken in snapshots.items()}

    def _parse(self, path: str, data: bytes) -> ParsedListing:
        return parse_listing(path, data, self.options.capture_year)

    # Incremental update

    def _update(self, live: Path, reseal: bool) -> SyncReport:
        db = EntryDB(live / ENTRIES_FILE)
        try:
            records = db.files()
            known = {path: record.fingerprint for path, record in records.items()}
            snapshots = self._snapshots(known)
            current = self._current(snapshots)
            changes = compare(known, current)
            # Parsed from the very bytes that were hashed: a file changing meanwhile is
            # found changed by the next sync.
            parsed = {path: self._parse(path, snapshots[path].data) for path in changes.to_read}
            years = {path: record.capture_year for path, record in records.items() if path not in changes.removed}
            years.update({path: listing.capture_year for path, listing in parsed.items()})
            if _fallback_year(years.values()) != int(db.get_meta("fallback_year") or 0):
                raise _RebuildNeeded("the capture year used for sorting changed")
            report = SyncReport(changes=changes)
            if changes:
                self._apply(live, db, changes, current, parsed, report)
            report = _finish_report(report, db)
        finally:
            db.close()
        if changes or reseal:
            seal(live)  # (reseal: files whose mtime moved, bytes the same, are not hashed on every open)
        return report

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
            # Whoosh commits before SQLite does, and the seal comes after both: if we die
            # in between, the files are not those sealed and the next run rebuilds.
            # Files only touched change no paper: no commit, so the index keeps its
            # generation (the prefix bitsets kept beside it name that generation).
            if upserts or deletions:
                update_index(live / WHOOSH_FOLDER, upserts, deletions, fallback)
        report.papers_updated, report.papers_removed = len(upserts), len(deletions)

    # Full rebuild

    def _rebuild(self, reason: str) -> SyncReport:
        read: dict[str, tuple[Fingerprint, ParsedListing]] = {}
        for path in self.paths:
            try:
                fingerprint, data = read_bytes(path)
            except Unreadable as why:
                self.problems.append(Problem(str(path), None, str(why)))
                continue
            read[str(path)] = (fingerprint, self._parse(str(path), data))
        parsed = {path: listing for path, (_print, listing) in read.items()}
        fallback = _fallback_year(listing.capture_year for listing in parsed.values())
        entries = [entry for listing in parsed.values() for entry in listing.entries]
        papers = merge_entries(entries, fallback)
        partial = self.home.new_generation()
        try:
            db = EntryDB(partial / ENTRIES_FILE)
            with db.transaction():
                for fingerprint, listing in read.values():
                    db.put_file(fingerprint, listing)
                db.add_entries((paper_id(entry.title), entry) for entry in entries)
                db.set_meta("schema_version", str(SCHEMA_VERSION))
                db.set_meta("fallback_year", str(fallback))
                db.set_meta("capture_year_override", str(self.options.capture_year or ""))
            build_index(partial / WHOOSH_FOLDER, papers, fallback, self.options.procs, self.progress)
            report = _finish_report(SyncReport(rebuild_reason=reason), db)
            db.close()
            seal(partial)
            self.home.publish(partial)
        except BaseException:
            self.home.discard(partial)
            raise
        report.changes.added = list(parsed)
        report.papers_updated = len(papers)
        return report


def rebuild_reason(live: Path | None, options: SyncOptions) -> str | None:
    """Why the live generation cannot be brought in step by an update, or None."""
    return _rebuild_reason(live, options)[0]


def _rebuild_reason(live: Path | None, options: SyncOptions) -> tuple[str | None, Verdict]:
    if live is None:
        return "no index yet", Verdict(None)
    verdict = check(live)
    if verdict.damage is not None:
        return f"{DAMAGED}: {verdict.damage}", verdict
    db = open_entry_db(live / ENTRIES_FILE, read_only=True)
    if db is None:
        return DAMAGED, verdict
    try:
        if db.get_meta("schema_version") != str(SCHEMA_VERSION):
            return "the index format changed", verdict
        if db.get_meta("capture_year_override") != str(options.capture_year or ""):
            return _SETTING_CHANGED, verdict
        if not _engine_matches(live, db.counts()[1]):
            return DAMAGED, verdict
    except sqlite3.DatabaseError:
        return DAMAGED, verdict
    finally:
        db.close()
    return None, verdict


def _engine_matches(live: Path, papers: int) -> bool:
    """The Whoosh index opens and holds as many papers as the entries say."""
    from index.engine.open_index import OpenIndex

    try:
        engine = OpenIndex(live / WHOOSH_FOLDER, keep_prefixes=False)
    except Exception:  # noqa: BLE001 - Whoosh raises many kinds of errors for damaged files
        return False
    try:
        return engine.paper_count == papers
    except Exception:  # noqa: BLE001
        return False
    finally:
        engine.close()


def _fallback_year(years) -> int:
    """The year dates of unknown year sort in: the latest capture year known, else 0."""
    return max((year for year in years if year is not None), default=0)


def _keep_beside_index(live: Path | None, rewrite: bool) -> None:
    """What the reader keeps beside the index: the start page (index.sync.first_page), new after
    any change, and for a small index the prefix bitsets (index.engine.prefix_process; the
    reader has a big index's built in the background).

    A sync that changed nothing only checks the start page is there, whole and of this
    commit, and the prefix file holds for this index (every CLI search syncs first: a few
    milliseconds).
    """
    from index.engine.prefix_process import build_if_small
    from index.search.paper_searcher import PaperSearcher

    if live is None:
        return
    if rewrite or not first_page_holds(live):
        with PaperSearcher(live / WHOOSH_FOLDER) as searcher:
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
