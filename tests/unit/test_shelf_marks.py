"""The reader's cached reading-list marks: they follow the store, whoever changed it."""

from __future__ import annotations

import pytest

from index.shelf.store import ReadingStore
from tui.services import Services
from tui.shelf_marks import READ, ShelfMarks


@pytest.fixture()
def store(tmp_path):
    with ReadingStore.open(tmp_path / "shelf.sqlite3") as opened:
        yield opened


def marks_on(store: ReadingStore) -> ShelfMarks:
    return ShelfMarks(Services(searcher=None, paper_count=0, store=store))  # type: ignore[arg-type]


def read_elsewhere(store: ReadingStore, paper_id: str) -> None:
    with ReadingStore.open(store.path) as other:  # another process's connection
        other.set_read(paper_id, True)


def test_a_change_by_another_connection_is_found_and_loaded(store):
    marks = marks_on(store)
    assert not marks.changed_elsewhere()
    read_elsewhere(store, "2501.00001")
    assert marks.changed_elsewhere()
    assert marks.marks("2501.00001").endswith(READ)
    assert not marks.changed_elsewhere()


def test_the_readers_own_seen_mark_is_not_a_change_to_redraw_for(store):
    marks = marks_on(store)
    store.mark_seen("2501.00001")
    marks.seen_now("2501.00001")
    assert not marks.changed_elsewhere() and "2501.00001" in marks.seen


def test_a_seen_mark_does_not_swallow_a_change_made_elsewhere_before_it(store):
    # The reader marks a paper seen a moment after showing it; a `papershelf read` that
    # committed since the last poll must still show on the next one.
    marks = marks_on(store)
    read_elsewhere(store, "2501.00002")
    store.mark_seen("2501.00001")
    marks.seen_now("2501.00001")
    assert marks.changed_elsewhere()
    assert marks.marks("2501.00002").endswith(READ)
