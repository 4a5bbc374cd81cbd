"""Keeping the index in step with the listing files: builds, incremental updates,
rebuilds, crash safety and concurrent updaters."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from index.engine.schema import SCHEMA_VERSION
from index.sync.entry_db import EntryDB
from index.index_home import IndexHome
from index.sync.seal import seal
from index.library import Library
from index.sync.report import ENTRIES_FILE, WHOOSH_FOLDER, SyncOptions
from tests.listing_text import entry, listing

INFIMM = "InfiMM-WebMath-40B: Advancing Multimodal Pre-Training for Enhanced Mathematical Reasoning"


def titles(library: Library, query: str = "") -> list[str]:
    with library.open_searcher() as searcher:
        return [hit.paper.title for hit in searcher.search(query, limit=1000).hits]


def test_first_sync_builds_everything(library):
    report = library.sync()
    assert (report.files, report.entries, report.papers) == (5, 346, 253)
    assert report.rebuild_reason == "no index yet" and report.problems == []
    assert len(titles(library)) == 253


def test_second_sync_does_nothing(library):
    library.sync()
    live = library.home.current()
    report = library.sync()
    assert not report.changed_anything and report.rebuild_reason is None
    assert library.home.current() == live


def test_added_file_updates_only_its_papers(library, sample_dir):
    library.sync()
    live = library.home.current()
    (sample_dir / "005_new.txt").write_text(
        listing("Nov 20", entry("Brand New Paper on Theorem Proving"), entry(INFIMM)), encoding="utf-8"
    )
    report = library.sync()
    assert report.rebuild_reason is None and library.home.current() == live  # in place, not rebuilt
    assert report.changes.added == [str(sample_dir / "005_new.txt")]
    assert report.papers_updated == 2 and report.papers == 254
    with library.open_searcher() as searcher:
        (hit,) = searcher.search('title:"brand new paper"').hits
        infimm = searcher.search('title:"InfiMM-WebMath-40B"').hits[0].paper
    assert len(infimm.appearances) == 4
    assert "This paper is about" in infimm.abstract  # the newest listing's abstract wins


def test_removed_file_keeps_papers_listed_elsewhere(library, sample_dir):
    library.sync()
    (sample_dir / "003_6a3a16b80262bd72.txt").unlink()
    report = library.sync()
    assert report.changes.removed and report.papers_removed > 0
    assert report.papers == 253 - report.papers_removed
    with library.open_searcher() as searcher:
        infimm = searcher.search('title:"InfiMM-WebMath-40B"').hits[0].paper
    assert [Path(a.file).name for a in infimm.appearances] == ["004_f2da1308069327aa.txt", "001_1cc8a7777e0ca7b3.txt"]


def test_changed_file_is_reread(library, sample_dir):
    library.sync()
    path = sample_dir / "000_316fc8e37e62f595.txt"
    path.write_text(listing("Mar 11", entry("Only Paper Left")), encoding="utf-8")
    report = library.sync()
    assert report.changes.changed == [str(path)]
    assert "Only Paper Left" in titles(library, 'title:"only paper left"')
    assert titles(library, '"sparse distributed representations"') == []


def test_touched_file_is_not_reindexed(library, sample_dir):
    library.sync()
    path = sample_dir / "000_316fc8e37e62f595.txt"
    os.utime(path, (1, 1))
    report = library.sync()
    assert report.changes.touched == [str(path)] and report.papers_updated == 0
    assert not library.sync().changes  # the new mtime was recorded


def test_schema_version_change_rebuilds(library):
    library.sync()
    db = EntryDB(library.home.current() / ENTRIES_FILE)
    db.set_meta("schema_version", str(SCHEMA_VERSION - 1))
    db.close()
    seal(library.home.current())  # as the older version that wrote it would have
    assert library.sync().rebuild_reason == "the index format changed"


def test_capture_year_override_rebuilds_and_applies(sample_dir, places):
    Library([sample_dir], places, SyncOptions(procs=1)).sync()
    library = Library([sample_dir], places, SyncOptions(procs=1, capture_year=2024))
    report = library.sync()
    assert report.rebuild_reason == "the capture year setting changed"
    with library.open_searcher() as searcher:
        paper = searcher.search('title:"LeanAgent"').hits[0].paper
    assert [a.listing_date.display() for a in paper.appearances] == ["Mar 11, 2024", "Nov 4, 2024"]


def test_corrupt_whoosh_files_trigger_a_rebuild(library):
    library.sync()
    for path in (library.home.current() / WHOOSH_FOLDER).iterdir():
        if path.suffix in (".trm", ".pst", ".toc"):
            path.write_bytes(b"garbage")
    assert library.sync().rebuild_reason.startswith("the index was damaged")
    assert len(titles(library)) == 253


def test_corrupt_entry_database_and_pointer_trigger_a_rebuild(library):
    library.sync()
    (library.home.current() / ENTRIES_FILE).write_bytes(b"not a database" * 100)
    assert library.sync().rebuild_reason.startswith("the index was damaged")
    (library.home.root / "CURRENT").write_text("../../etc")
    assert library.sync().rebuild_reason == "no index yet"
    assert len(titles(library)) == 253


def test_missing_index_folder_is_rebuilt(library):
    library.sync()
    shutil.rmtree(library.home.root)
    assert library.sync().rebuild_reason == "no index yet"


def _write_corpus_script(folder: Path, papers: int) -> None:
    subprocess.run(
        [sys.executable, "-c", f"from pathlib import Path; from tests.benchmarks.corpus import write_corpus; write_corpus(Path({str(folder)!r}), {papers})"],
        check=True, cwd=Path(__file__).parents[2],
    )


SYNC_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from index.library import Library
    from index.locations import locations
    from index.sync.report import SyncOptions
    options = SyncOptions(procs=1, rebuild=sys.argv[3] == "rebuild")
    report = Library([Path(sys.argv[1])], locations(Path(sys.argv[2])), options).sync()
    print(report.papers, flush=True)
    """
)


def _start_sync(listings: Path, data: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SYNC_SCRIPT, str(listings), str(data), mode],
        cwd=Path(__file__).parents[2], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_kill_during_rebuild_leaves_the_previous_index_usable(tmp_path, sample_dir, places):
    library = Library([sample_dir], places, SyncOptions(procs=1))
    library.sync()
    _write_corpus_script(sample_dir, 1500)  # enough papers for the rebuild to take a while
    process = _start_sync(sample_dir, places.data_dir, "rebuild")
    home = IndexHome(places.index_root)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".partial") for p in home.root.glob("gen-*")):
        assert time.monotonic() < deadline and process.poll() is None, "the rebuild never started"
        time.sleep(0.02)
    time.sleep(0.5)  # well into writing the new generation
    process.send_signal(signal.SIGKILL)
    process.wait()
    with library.open_searcher() as searcher:  # the old generation, whole
        assert searcher.paper_count == 253
    report = library.sync()  # picks up the new files; the abandoned build is cleaned away
    assert report.papers == 253 + 1500
    assert not any(p.name.endswith(".partial") for p in home.root.glob("gen-*"))


def test_concurrent_updaters_do_not_corrupt_the_index(tmp_path, sample_dir, places):
    _write_corpus_script(sample_dir, 300)
    processes = [_start_sync(sample_dir, places.data_dir, "sync") for _ in range(3)]
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    assert [out.strip() for out, _ in outputs] == ["553"] * 3
    library = Library([sample_dir], places, SyncOptions(procs=1))
    report = library.sync()
    assert report.rebuild_reason is None and not report.changed_anything
    generations = list(IndexHome(places.index_root).root.glob("gen-*"))
    assert len(generations) == 1  # the first updater built; the others waited and found it in step
    with library.open_searcher() as searcher:
        assert searcher.paper_count == 553


def _sealed_entries_digest(live: Path) -> str:
    import json

    return json.loads((live / "checksums.json").read_text())["files"][ENTRIES_FILE][2]


def test_the_entries_checksum_kept_row_by_row_is_that_of_every_row(library, sample_dir):
    # The seal of entries.sqlite is the checksum its writes keep: after a build, an added,
    # a changed, a touched and a removed file it must be the one every row gives, or the
    # next check of a moved file would take the index for damaged.
    from index.sync.entry_db import kept_digest, rows_digest

    def change() -> None:
        (sample_dir / "005_new.txt").write_text(listing("Nov 20", entry("Brand New Paper"), entry(INFIMM)), encoding="utf-8")
        (sample_dir / "000_316fc8e37e62f595.txt").write_text(listing("Mar 11", entry("Only Paper Left")), encoding="utf-8")
        os.utime(sample_dir / "001_1cc8a7777e0ca7b3.txt", (1, 1))
        (sample_dir / "003_6a3a16b80262bd72.txt").unlink()

    for before in (lambda: None, change):  # the build, then every kind of change in one update
        before()
        report = library.sync()
        live = library.home.current()
        entries = live / ENTRIES_FILE
        assert kept_digest(entries) == rows_digest(entries)
        assert _sealed_entries_digest(live) == "rows:" + rows_digest(entries)
    assert report.rebuild_reason is None and report.changes.touched and report.changes.removed


def test_a_row_changed_behind_the_seals_back_is_found(library):
    import sqlite3

    library.sync()
    live = library.home.current()
    entries = live / ENTRIES_FILE
    os.utime(entries, ns=(entries.stat().st_atime_ns, entries.stat().st_mtime_ns + 10**9))  # touched: same rows
    assert library.sync().rebuild_reason is None and library.home.current() == live
    with sqlite3.connect(entries) as db:  # one entry's text changed, the file's size the same
        db.execute("UPDATE entries SET data = replace(data, 'a', 'e') WHERE rowid = 1")
    assert "entries.sqlite changed" in (library.sync().rebuild_reason or "")


def test_an_entries_file_that_keeps_no_checksum_is_sealed_by_its_hash(library):
    import sqlite3

    from index.sync.entry_db import DIGEST_KEY

    library.sync()
    live = library.home.current()
    with sqlite3.connect(live / ENTRIES_FILE) as db:  # as an older papershelf wrote it
        db.execute("DELETE FROM meta WHERE key = ?", (DIGEST_KEY,))
    seal(live)
    assert len(_sealed_entries_digest(live)) == 64  # a SHA-256, in hex
    assert library.sync().rebuild_reason is None
