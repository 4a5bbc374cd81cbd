"""The morning's state in the reading-list store, on real SQLite files: first seen, visits, new,
seen and dismissed; a store of the previous schema; two instances; several processes; kill -9."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from index.shelf.first_seen import note_index
from index.shelf.errors import StoreError
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.search.shelf_terms import resolve
from index.shelf.schema import MIGRATIONS, SCHEMA_VERSION
from index.sync.report import SyncOptions
from tests.listing_text import entry, listing
from tests.reading_papers import make_paper

ROOT = Path(__file__).parents[2]
A, B, C, D = ("aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd")


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "data" / "reading-lists.sqlite"


@pytest.fixture
def store(store_path):
    with ReadingStore.open(store_path) as opened:
        yield opened


def test_on_the_first_visit_ever_every_paper_seen_is_new(store):
    store.record_first_seen([A, B])
    visit = store.begin_visit()
    assert visit.since is None and visit.number == 1
    assert store.new_ids() == {A, B}


def test_reopening_without_new_papers_shows_none_new(store_path):
    with ReadingStore.open(store_path) as first:
        first.begin_visit()
        first.record_first_seen([A, B])  # the first sync, during the first visit
        first.end_visit()
    with ReadingStore.open(store_path) as second:
        visit = second.begin_visit()
        assert visit.since is not None and visit.since < visit.started
        second.record_first_seen([A, B])
        assert second.new_ids() == frozenset()


def test_papers_first_seen_after_the_last_visit_are_new_in_the_next(store_path):
    with ReadingStore.open(store_path) as reader:
        reader.begin_visit()
        reader.record_first_seen([A])
        reader.end_visit()
    with ReadingStore.open(store_path) as overnight:  # a sync between visits (cron, the CLI)
        assert overnight.record_first_seen([A, B, C]) == 2
    with ReadingStore.open(store_path) as reader:
        visit = reader.begin_visit()
        assert reader.new_ids() == {B, C}
        reader.record_first_seen([D])  # arrives while the reader runs: new in this visit too
        assert reader.new_ids() == {B, C, D}
        assert visit.since < reader.first_seen(B) < reader.first_seen(D)


def test_a_visit_killed_before_its_end_keeps_what_it_showed_from_being_new_again(store_path):
    with ReadingStore.open(store_path) as reader:
        reader.begin_visit()
        reader.record_first_seen([A, B])  # shown in this visit; no end_visit: killed
    with ReadingStore.open(store_path) as reader:
        reader.begin_visit()
        assert reader.new_ids() == frozenset()


def test_the_command_line_counts_new_from_the_last_visit(store_path):
    with ReadingStore.open(store_path) as reader:
        reader.record_first_seen([A])
        assert reader.new_since() is None and reader.new_ids() == {A}
        reader.begin_visit()
        reader.end_visit()
        assert reader.visit is None
    with ReadingStore.open(store_path) as command_line:
        command_line.record_first_seen([B])
        assert command_line.new_ids() == {B}


def test_first_seen_keeps_the_first_time(store):
    store.record_first_seen([A])
    first = store.first_seen(A)
    assert store.record_first_seen([A, A, B]) == 1
    assert store.first_seen(A) == first and store.first_seen(B) > first
    assert store.first_seen(C) is None


def test_an_index_recorded_before_is_not_read_again_but_still_marks_the_visit(store_path):
    with ReadingStore.open(store_path) as reader:
        reader.begin_visit()
        assert reader.record_first_seen([A, B], index="gen-1#1") == 2
        assert reader.first_seen_index() == "gen-1#1"
        assert reader.record_first_seen([A, B, C], index="gen-1#1") == 0  # the same index: known
        assert reader.record_first_seen([A, B, C], index="gen-1#2") == 1
    with ReadingStore.open(store_path) as reader:
        assert reader.begin_visit().since >= reader.first_seen(C)


def test_dismissed_papers_are_never_new_until_undismissed(store):
    store.record_first_seen([A, B, C])
    assert store.dismiss([A, B, A]) == 2
    assert store.dismiss([A]) == 0
    assert store.dismissed_ids() == {A, B}
    assert store.new_ids() == {C}
    assert store.undismiss([B, D]) == 1
    assert store.new_ids() == {B, C} and store.dismissed_ids() == {A}


def test_seen_is_not_read_and_unseen_undoes_it(store):
    assert store.mark_seen(A) and not store.mark_seen(A)
    assert store.seen_ids() == {A} and store.read_ids() == frozenset()
    assert store.mark_unseen(A) and not store.mark_unseen(A)
    assert store.seen_ids() == frozenset()


def test_the_filter_terms_resolve_against_the_store(store):
    store.record_first_seen([A, B, C])
    store.dismiss([C])
    store.mark_seen(B)
    assert resolve("is:new", store, DEFAULT_LIST).within == {A, B}
    assert resolve("is:new -is:seen", store, DEFAULT_LIST).within == {A, B}
    assert resolve("is:new -is:seen", store, DEFAULT_LIST).without == {B}
    assert resolve("is:unseen", store, DEFAULT_LIST).without == {B}
    assert resolve("IS:Seen", store, DEFAULT_LIST).within == {B}
    assert resolve("is:dismissed", store, DEFAULT_LIST).within == {C}
    assert resolve("NOT is:dismissed theorem", store, DEFAULT_LIST).without == {C}


def test_a_store_of_the_previous_schema_is_migrated_with_its_lists_kept(store_path):
    store_path.parent.mkdir(parents=True)
    connection = sqlite3.connect(store_path)
    for statement in MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    with ReadingStore.open(store_path) as store:
        store.add(DEFAULT_LIST, make_paper("Kept across the migration"))
    with ReadingStore.open(store_path) as store:
        assert [s.count for s in store.lists()] == [1]
        store.dismiss([A])
        assert store.dismissed_ids() == {A}
    assert sqlite3.connect(store_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_two_instances_see_each_others_changes(store_path):
    with ReadingStore.open(store_path) as one, ReadingStore.open(store_path) as two:
        version = two.data_version()
        one.dismiss([A])
        one.mark_seen(B)
        assert two.data_version() != version
        assert two.dismissed_ids() == {A} and two.seen_ids() == {B}
        two.undismiss([A])
        assert one.dismissed_ids() == frozenset()


def test_several_processes_dismissing_at_once_lose_nothing(store_path):
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    from tests.reading_papers import dismiss_many

    workers, each = 4, 40
    processes = [context.Process(target=dismiss_many, args=(str(store_path), w, each, start)) for w in range(workers)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=240)
    assert [p.exitcode for p in processes] == [0] * workers
    with ReadingStore.open(store_path) as store:
        assert len(store.dismissed_ids()) == workers * each
        assert len(store.seen_ids()) == workers * each // 2
        assert store.new_ids() == frozenset()  # each first seen, then dismissed


def test_a_dismissal_survives_kill_9_right_after_it(store_path):
    ReadingStore.open(store_path).close()
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reading_papers", str(store_path), "dismiss"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    committed = []
    try:
        while len(committed) < 25:
            line = child.stdout.readline()
            assert line, "the writer stopped early"
            committed.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    with ReadingStore.open(store_path) as store:
        assert set(committed) <= store.dismissed_ids()


def test_a_rebuild_of_the_index_does_not_make_every_paper_new_again(library, sample_dir):
    store = ReadingStore.open(ReadingStore.default_path(library.places))
    store.begin_visit()
    library.sync()
    with library.open_searcher() as searcher:
        assert note_index(store, searcher) == 253
        assert note_index(store, searcher) == 0  # the same index: nothing read again
    store.end_visit()
    store.close()
    rebuilt = type(library)(library.sources, library.places, SyncOptions(procs=1, rebuild=True))
    rebuilt.sync()
    (sample_dir / "005_new.txt").write_text(listing("Nov 5", entry("A paper of the next morning", "x")), "utf-8")
    rebuilt.sync()
    with ReadingStore.open(ReadingStore.default_path(library.places)) as store, rebuilt.open_searcher() as searcher:
        store.begin_visit()
        assert note_index(store, searcher) == 1
        assert len(store.new_ids()) == 1
        new = next(iter(store.new_ids()))
        assert searcher.paper(new).title == "A paper of the next morning"


@pytest.mark.parametrize("stamp", ["9999-99-99", "garbage", "9999-02-30T00:00:00Z"])
def test_a_visit_time_another_program_wrote_is_a_store_error_that_says_how_to_go_on(store_path, stamp):
    with ReadingStore.open(store_path) as first:
        first.begin_visit()
        first.end_visit()
    with sqlite3.connect(store_path) as connection:  # as a damaged or hand-edited file holds it
        connection.execute("INSERT INTO visits(started_at, last_at) VALUES (?, ?)", (stamp, stamp))
    with ReadingStore.open(store_path) as second, pytest.raises(StoreError, match="--reset-store"):
        second.new_since()


def test_a_saved_papers_links_another_program_wrote_badly_are_left_out_not_fatal(store_path):
    with ReadingStore.open(store_path) as store:
        store.add(DEFAULT_LIST, make_paper("Kept"))
    with sqlite3.connect(store_path) as connection:
        connection.execute("UPDATE papers SET links = ?", ('["https://x\x1b]52;c;QQ==\x07"',))  # not JSON
    with ReadingStore.open(store_path) as store:
        (saved,) = store.entries(DEFAULT_LIST)
        assert saved.title == "Kept" and saved.links == []
