"""The reading-list store on real SQLite files in temp dirs: schema, every operation,
permissions, damaged files, several processes at once, and kill -9."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.shelf import transactions as store_transactions
from index.errors import PapershelfError, UnknownPaper
from index.shelf.saved_papers import saved_from_paper
from index.shelf.store import (
    DEFAULT_LIST,
    ListNameError,
    NotInList,
    ReadingStore,
    StoreBusy,
    StoreCorrupt,
    StoreError,
    StoreTooNew,
)
from index.shelf.schema import SCHEMA_VERSION
from index.sync.report import SyncOptions
from tests.reading_papers import make_paper
from tests.unwritable import fill, small_disk

ROOT = Path(__file__).parents[2]
GARBAGE = b"this is not a database, just some bytes \x00\xff" * 200


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "data" / "reading-lists.sqlite"


@pytest.fixture
def store(store_path):
    with ReadingStore.open(store_path) as opened:
        yield opened


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def titles(store: ReadingStore, name: str = DEFAULT_LIST) -> list[str]:
    return [saved.title for saved in store.entries(name)]


# The file: schema, migrations, permissions, location.


def test_a_new_store_is_created_owner_only_with_the_default_list(store_path):
    previous = os.umask(0)  # permissions must not depend on the user's umask
    try:
        with ReadingStore.open(store_path) as store:
            assert [(s.name, s.count, s.unread) for s in store.lists()] == [(DEFAULT_LIST, 0, 0)]
            store.add(DEFAULT_LIST, make_paper("Open Me"))
            assert mode(store_path.parent) == 0o700 and mode(store_path) == 0o600
            for side in ("-wal", "-shm"):  # while open, WAL mode keeps these beside the file
                assert mode(store_path.with_name(store_path.name + side)) == 0o600
    finally:
        os.umask(previous)
    connection = sqlite3.connect(store_path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_an_empty_file_is_migrated(store_path):
    store_path.parent.mkdir()
    store_path.write_bytes(b"")
    with ReadingStore.open(store_path) as store:
        assert [s.name for s in store.lists()] == [DEFAULT_LIST]
        store.add(DEFAULT_LIST, make_paper("After Migration"))
    with ReadingStore.open(store_path) as store:  # opening again migrates nothing, loses nothing
        assert titles(store) == ["After Migration"]
        assert [s.name for s in store.lists()] == [DEFAULT_LIST]


def test_an_existing_wider_file_is_narrowed_to_owner_only(store_path):
    ReadingStore.open(store_path).close()
    os.chmod(store_path, 0o644)
    ReadingStore.open(store_path).close()
    assert mode(store_path) == 0o600


def test_a_store_from_a_newer_papershelf_is_refused_untouched(store_path):
    ReadingStore.open(store_path).close()
    connection = sqlite3.connect(store_path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreTooNew, match="newer papershelf"):
        ReadingStore.open(store_path)
    assert store_path.read_bytes() == before


def test_a_store_that_cannot_be_made_is_a_clear_error(tmp_path):
    (tmp_path / "data").write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot use the reading-list store .*data/reading-lists.sqlite"):
        ReadingStore.open(tmp_path / "data" / "reading-lists.sqlite")


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "folder"])
def test_a_store_path_that_is_no_regular_file_is_a_clear_error(store_path, kind):
    store_path.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(store_path)
    elif kind == "dev_zero":
        store_path.symlink_to("/dev/zero")
    else:
        store_path.mkdir()
    with pytest.raises(StoreError, match="reading-lists.sqlite: not a regular file$"):
        ReadingStore.open(store_path)


def test_default_path_is_in_the_data_dir(places):
    assert ReadingStore.default_path(places) == places.data_dir / "reading-lists.sqlite"


# Damaged files.


def test_a_garbage_file_is_reported_and_left_untouched(store_path):
    store_path.parent.mkdir()
    store_path.write_bytes(GARBAGE)
    with pytest.raises(StoreCorrupt) as caught:
        ReadingStore.open(store_path)
    message = str(caught.value)
    assert str(store_path) in message and "--reset-store" in message and "\n" not in message
    assert isinstance(caught.value, PapershelfError) and caught.value.path == store_path
    assert store_path.read_bytes() == GARBAGE
    assert sorted(p.name for p in store_path.parent.iterdir()) == [store_path.name]


def test_reset_keeps_the_damaged_file_aside_and_starts_afresh(store_path):
    store_path.parent.mkdir()
    store_path.write_bytes(GARBAGE)
    with ReadingStore.open(store_path, reset_corrupt=True) as store:
        aside = store.moved_aside
        assert aside is not None and aside.name.startswith("reading-lists.sqlite.corrupt-")
        assert aside.read_bytes() == GARBAGE
        assert store.add(DEFAULT_LIST, make_paper("Fresh Start"))
    with ReadingStore.open(store_path) as store:
        assert store.moved_aside is None and titles(store) == ["Fresh Start"]


def test_reset_does_nothing_to_a_sound_store(store):
    store.add(DEFAULT_LIST, make_paper("Kept"))
    with ReadingStore.open(store.path, reset_corrupt=True) as again:
        assert again.moved_aside is None and titles(again) == ["Kept"]


def test_damaged_pages_inside_a_real_store_are_detected(store_path):
    with ReadingStore.open(store_path) as store:
        for number in range(200):
            store.add(DEFAULT_LIST, make_paper(f"Filler {number}", abstract="words " * 100))
    data = bytearray(store_path.read_bytes())
    data[4096 * 3 : 4096 * 6] = bytes(range(256)) * 48
    store_path.write_bytes(bytes(data))
    with pytest.raises(StoreCorrupt, match="damaged"):
        ReadingStore.open(store_path)
    assert store_path.read_bytes() == bytes(data)


def test_a_dropped_table_is_a_damaged_store_not_made_again_empty(store_path):
    with ReadingStore.open(store_path) as store:
        store.set_note(make_paper("Noted").id, "my thoughts")
    connection = sqlite3.connect(store_path)
    connection.execute("DROP TABLE notes")
    connection.commit()
    connection.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreCorrupt, match=f"missing notes of schema {SCHEMA_VERSION}.*--reset-store"):
        ReadingStore.open(store_path)
    assert store_path.read_bytes() == before
    with ReadingStore.open(store_path, reset_corrupt=True) as fresh:
        assert fresh.moved_aside.read_bytes() == before and fresh.noted_ids() == frozenset()


def test_a_foreign_sqlite_file_is_refused_not_taken_over(store_path):
    store_path.parent.mkdir()
    connection = sqlite3.connect(store_path)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    before = store_path.read_bytes()
    with pytest.raises(StoreCorrupt, match=r"not a papershelf reading-list store: it holds other tables \(moz_places\)"):
        ReadingStore.open(store_path)
    assert store_path.read_bytes() == before  # not even switched to WAL
    assert sorted(p.name for p in store_path.parent.iterdir()) == [store_path.name]


def test_a_table_dropped_while_the_store_is_open_is_reported_as_damage(store):
    paper = make_paper("Noted")
    store.set_note(paper.id, "kept")
    other = sqlite3.connect(store.path)
    other.execute("DROP TABLE notes")
    other.commit()
    other.close()
    with pytest.raises(StoreCorrupt, match="no such table: notes"):
        store.note(paper.id)


def test_a_full_disk_is_reported_as_disk_full_and_loses_nothing(tmp_path):
    with small_disk(tmp_path / "disk", size_kb=512) as disk:
        with ReadingStore.open(disk / "reading-lists.sqlite") as store:
            store.add(DEFAULT_LIST, make_paper("Saved Before"))
            fill(disk)
            with pytest.raises(StoreError, match="reading-lists.sqlite: disk full$"):
                for number in range(1000):
                    store.add(DEFAULT_LIST, make_paper(f"Paper {number}", abstract="words " * 500))
            assert titles(store)[0] == "Saved Before"
        (disk / "filler").unlink()
        with ReadingStore.open(disk / "reading-lists.sqlite") as store:
            assert titles(store)[0] == "Saved Before"


def sqlite_steps_to_import(path: Path, count: int) -> int:
    """SQLite's virtual-machine steps (in hundreds) for one import of `count` new papers:
    the work itself, counted by SQLite, so the measure does not depend on the machine's load."""
    papers = [saved_from_paper(make_paper(f"Imported paper {number}")) for number in range(count)]
    with ReadingStore.open(path) as store:
        steps = 0

        def step() -> int:
            nonlocal steps
            steps += 1
            return 0  # go on

        store._connection.set_progress_handler(step, 100)
        assert store.import_entries("Big", "", papers) == count
        return steps


def test_an_import_does_work_in_proportion_to_its_papers(tmp_path):
    # One MAX(position) scan per appended paper made an import quadratic (100,000 papers: over 25 minutes).
    small = sqlite_steps_to_import(tmp_path / "small.sqlite", 1500)
    large = sqlite_steps_to_import(tmp_path / "large.sqlite", 6000)
    assert large / small < 5.5  # four times the papers; quadratic work would be sixteen times


# Lists.


def test_create_rename_delete_lists(store):
    assert store.create_list("  To read ") == "To read"
    store.create_list("Thesis")
    store.add("Thesis", make_paper("A Thesis Paper"))
    store.rename_list("thesis", "PhD")  # names are found ignoring case
    assert [s.name for s in store.lists()] == [DEFAULT_LIST, "To read", "PhD"]
    assert titles(store, "phd") == ["A Thesis Paper"]
    store.rename_list("PhD", "phd")  # a change of case only is allowed
    store.delete_list("phd")
    assert [s.name for s in store.lists()] == [DEFAULT_LIST, "To read"]
    assert store.lists_of(make_paper("A Thesis Paper").id) == []


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: s.create_list("   "), "cannot be empty"),
        (lambda s: s.create_list("bookmarks"), "already exists"),
        (lambda s: s.create_list("bad\nname"), "control characters"),
        (lambda s: s.rename_list("Nope", "Other"), "no list named 'Nope'; lists: Bookmarks"),
        (lambda s: s.rename_list(DEFAULT_LIST, "Other"), "cannot be renamed"),
        (lambda s: s.delete_list(DEFAULT_LIST), "cannot be deleted"),
        (lambda s: s.delete_list("Nope"), "no list named"),
        (lambda s: s.entries("Nope"), "no list named"),
        (lambda s: s.add("Nope", make_paper("X")), "no list named"),
    ],
)
def test_list_mistakes_are_clear_errors(store, action, message):
    with pytest.raises(ListNameError, match=message):
        action(store)


def test_renaming_onto_another_list_is_refused(store):
    store.create_list("One")
    store.create_list("Two")
    with pytest.raises(ListNameError, match="'Two' already exists"):
        store.rename_list("One", "two")


# Papers in lists.


def test_add_remove_toggle_and_order(store):
    first, second, third = (make_paper(t) for t in ("First", "Second", "Third"))
    assert store.add(DEFAULT_LIST, first) and store.add(DEFAULT_LIST, second)
    assert store.add(DEFAULT_LIST, first) is False
    assert store.toggle(DEFAULT_LIST, third) is True
    assert titles(store) == ["First", "Second", "Third"]
    assert [s.position for s in store.entries(DEFAULT_LIST)] == [1, 2, 3]
    assert store.toggle(DEFAULT_LIST, second) is False
    assert store.remove(DEFAULT_LIST, first.id) and store.remove(DEFAULT_LIST, first.id) is False
    assert titles(store) == ["Third"] and [s.position for s in store.entries(DEFAULT_LIST)] == [1]
    assert store.list_ids(DEFAULT_LIST) == {third.id}


def test_move_reorders_and_stops_at_the_ends(store):
    for title in "ABCD":
        store.add(DEFAULT_LIST, make_paper(title))
    d_id, a_id = make_paper("D").id, make_paper("A").id
    assert store.move(DEFAULT_LIST, d_id, -2) == 2
    assert titles(store) == ["A", "D", "B", "C"]
    assert store.move(DEFAULT_LIST, a_id, 10) == 4
    assert titles(store) == ["D", "B", "C", "A"]
    assert store.move(DEFAULT_LIST, a_id, -99) == 1
    assert titles(store) == ["A", "D", "B", "C"]
    store.add(DEFAULT_LIST, make_paper("E"))  # appended after the renumbered ones
    assert titles(store) == ["A", "D", "B", "C", "E"]
    with pytest.raises(NotInList):
        store.move(DEFAULT_LIST, make_paper("Z").id, 1)


def test_the_snapshot_holds_what_the_list_shows(store):
    paper = make_paper(
        "Snap Shot", org="Amazon", upvotes=12, authors=3, abstract="Code at https://github.com/a/snap. Done."
    )
    store.add(DEFAULT_LIST, paper)
    (saved,) = store.entries(DEFAULT_LIST)
    assert (saved.id, saved.title, saved.abstract) == (paper.id, paper.title, paper.abstract)
    assert (saved.published, saved.published_iso) == ("Nov 4, 2024", "2024-11-04")
    assert (saved.upvotes, saved.organisation, saved.authors) == (12, "Amazon", 3)
    assert saved.links == ["https://github.com/a/snap"]
    assert saved.added_at.endswith("Z") and saved.read_at is None and saved.note == ""
    yearless = make_paper("No Year", year=None, month=3, day=11)
    store.add(DEFAULT_LIST, yearless)
    assert [(s.published, s.published_iso) for s in store.entries(DEFAULT_LIST)][1] == ("Mar 11", None)


def test_adding_again_refreshes_the_snapshot_in_every_list(store):
    store.create_list("Other")
    store.add(DEFAULT_LIST, make_paper("Climbing", upvotes=1))
    store.add("Other", make_paper("Climbing", upvotes=40))
    assert [s.upvotes for s in store.entries(DEFAULT_LIST)] == [40]
    assert store.lists_of(make_paper("Climbing").id) == [DEFAULT_LIST, "Other"]


def test_lists_count_papers_and_unread(store):
    store.create_list("Other")
    for title in ("One", "Two", "Three"):
        store.add(DEFAULT_LIST, make_paper(title))
    store.add("Other", make_paper("Two"))
    store.set_read(make_paper("Two").id, True)
    assert [(s.name, s.count, s.unread) for s in store.lists()] == [(DEFAULT_LIST, 3, 2), ("Other", 1, 0)]
    assert store.summary("other").name == "Other"


def test_a_list_shows_its_papers_after_their_listing_is_gone_and_the_index_rebuilt(library, sample_dir, store):
    with library.open_in_step() as searcher:
        paper = searcher.search("org:amazon", None, False, 0, 1).hits[0].paper
    store.add(DEFAULT_LIST, paper)
    store.set_note(paper.id, "read the data section")
    for appearance in paper.appearances:
        (sample_dir / Path(appearance.file).name).unlink()
    library.options = SyncOptions(procs=1, rebuild=True)
    library.sync()
    with library.open_searcher() as searcher, pytest.raises(UnknownPaper):
        searcher.paper(paper.id)
    (saved,) = store.entries(DEFAULT_LIST)
    assert (saved.title, saved.abstract, saved.organisation) == (paper.title, paper.abstract, "Amazon")
    assert saved.note == "read the data section"


# Read state and notes: per paper, with or without a list.


def test_read_state_is_per_paper(store):
    listed, unlisted = make_paper("Listed"), make_paper("Unlisted")
    store.add(DEFAULT_LIST, listed)
    store.set_read(unlisted.id, True)
    assert store.is_read(unlisted.id) and not store.is_read(listed.id)
    assert store.mark_read([listed.id, unlisted.id, listed.id]) == 1
    assert store.read_ids() == {listed.id, unlisted.id}
    first_read_at = store.entries(DEFAULT_LIST)[0].read_at
    store.set_read(listed.id, True)  # marking read again keeps when it was first read
    assert store.entries(DEFAULT_LIST)[0].read_at == first_read_at
    store.set_read(listed.id, False)
    assert store.read_ids() == {unlisted.id} and store.entries(DEFAULT_LIST)[0].read_at is None


def test_notes(store):
    paper = make_paper("Noted")
    assert store.note(paper.id) == ""
    store.set_note(paper.id, "line one\r\nline two")
    assert store.note(paper.id) == "line one\nline two" and store.noted_ids() == {paper.id}
    store.add(DEFAULT_LIST, paper)
    assert store.entries(DEFAULT_LIST)[0].note == "line one\nline two"
    store.set_note(paper.id, "  \n ")
    assert store.note(paper.id) == "" and store.noted_ids() == frozenset()


def test_remember_and_knows(store):
    paper = make_paper("Only Remembered")
    assert not store.knows(paper.id)
    store.remember(paper)
    assert store.knows(paper.id) and store.lists_of(paper.id) == []


# Change detection, locking, threads.


def test_data_version_changes_with_own_and_other_writes(store):
    start = store.data_version()
    assert store.data_version() == start
    store.set_read("someid", True)
    after_own = store.data_version()
    assert after_own != start
    with ReadingStore.open(store.path) as other:
        other.set_note("someid", "from another connection")
    after_other = store.data_version()
    assert after_other != after_own and store.data_version() == after_other
    assert store.note("someid") == "from another connection"


def test_a_write_waits_for_another_writer(store):
    other = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    releaser.start()
    started = time.monotonic()
    assert store.add(DEFAULT_LIST, make_paper("Waited"))
    assert time.monotonic() - started >= 0.4
    releaser.join()
    other.close()


def test_a_lock_held_too_long_is_a_clear_error(store, monkeypatch):
    monkeypatch.setattr(store_transactions, "RETRIES", 2)
    store._connection.execute("PRAGMA busy_timeout = 20")
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy, match="locked by another papershelf"):
            store.add(DEFAULT_LIST, make_paper("Blocked"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert titles(store) == []


def test_the_store_can_be_used_from_another_thread(store):
    errors: list[BaseException] = []

    def work() -> None:
        try:
            store.add(DEFAULT_LIST, make_paper("From A Thread"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert errors == [] and titles(store) == ["From A Thread"]


# Several processes, and kill -9.


def test_several_processes_writing_at_once_lose_nothing(store_path):
    # No store yet: the processes also race to create and migrate it.
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers, each = 4, 50
    from tests.reading_papers import add_many

    processes = [context.Process(target=add_many, args=(str(store_path), w, each, start)) for w in range(workers)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=240)
    assert [p.exitcode for p in processes] == [0] * workers
    with ReadingStore.open(store_path) as store:
        saved = store.entries(DEFAULT_LIST)
        assert len(saved) == workers * each
        assert {s.title for s in saved} == {f"Paper {w}-{n}" for w in range(workers) for n in range(each)}
        assert len(store.read_ids()) == workers * each // 2
        assert [(s.count, s.unread) for s in store.lists()] == [(200, 100)]


def test_processes_opening_a_new_store_at_once_never_see_it_half_made(tmp_path):
    # The schema check once read the version and the tables apart: a migration committing in
    # between looked like a foreign file (3 opens in 240 failed so). Each round races anew.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["index.shelf.store", "tests.reading_papers"])
    from tests.reading_papers import open_when_told

    outcomes = []
    for round_number in range(25):
        start, results = context.Event(), context.Queue()
        path = str(tmp_path / f"round-{round_number}" / "reading-lists.sqlite")
        processes = [context.Process(target=open_when_told, args=(path, start, results)) for _ in range(6)]
        for process in processes:
            process.start()
        start.set()
        outcomes += [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(timeout=60)
    assert set(outcomes) == {"ok"}


def test_a_change_survives_kill_9_right_after_it(store_path):
    ReadingStore.open(store_path).close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reading_papers", str(store_path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    committed = []
    try:
        while len(committed) < 25:
            line = child.stdout.readline()
            assert line, "the writer stopped early"
            committed.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)  # right after the 25th change returned
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with ReadingStore.open(store_path) as store:
        saved = store.list_ids(DEFAULT_LIST)
        assert set(committed) <= saved
        assert all(store.note(paper) for paper in committed)
