"""Undo of reading-list changes on a real SQLite store: each undo puts back exactly the rows
that were there (read times, places in a list, snapshots, lists the change created), the last
ten in order, and leaves alone what else changed meanwhile."""

from __future__ import annotations

import sqlite3
import time

import pytest

from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.shelf.undo import DEPTH, UndoStack
from tests.reading_papers import make_paper

PAPERS = [make_paper(f"Undo paper {number}") for number in range(6)]
IDS = [paper.id for paper in PAPERS]


@pytest.fixture
def store(tmp_path):
    with ReadingStore.open(tmp_path / "reading-lists.sqlite") as opened:
        yield opened


def everything(store: ReadingStore) -> dict[str, list[tuple]]:
    """Every row of every table, read through a connection of its own: positions and times included."""
    with sqlite3.connect(store.path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in tables}


def test_undoing_mark_all_read_keeps_a_paper_read_before_as_it_was(store):
    store.mark_read([IDS[0]])
    before = everything(store)
    undo = UndoStack(store)
    time.sleep(1.01)  # read times are to the second: a new one would differ
    undo.change("Marked 3 papers read", IDS[:3], lambda: store.mark_read(IDS[:3]), read=True)
    assert store.read_ids() == set(IDS[:3])
    assert undo.undo() == "Marked 3 papers read"
    assert store.read_ids() == {IDS[0]}
    assert everything(store) == before


def test_undoing_a_bookmark_removal_puts_the_paper_back_in_its_place(store):
    for paper in PAPERS[:4]:
        store.add(DEFAULT_LIST, paper)
    before = everything(store)
    undo = UndoStack(store)
    undo.change("Removed", [IDS[1]], lambda: store.toggle(DEFAULT_LIST, PAPERS[1]), lists=[DEFAULT_LIST])
    assert [saved.id for saved in store.entries(DEFAULT_LIST)] == [IDS[0], IDS[2], IDS[3]]
    undo.undo()
    assert [saved.id for saved in store.entries(DEFAULT_LIST)] == IDS[:4]
    assert everything(store) == before


def test_undoing_an_add_to_a_new_list_removes_the_list_and_the_snapshots_it_saved(store):
    before = everything(store)
    undo = UndoStack(store)

    def add() -> None:
        store.create_list("thesis")
        for paper in PAPERS[:3]:
            store.add("thesis", paper)

    undo.change("Added 3 papers to thesis", IDS[:3], add, lists=["thesis"])
    assert [summary.name for summary in store.lists()] == [DEFAULT_LIST, "thesis"]
    undo.undo()
    assert [summary.name for summary in store.lists()] == [DEFAULT_LIST]
    assert not any(store.knows(paper_id) for paper_id in IDS[:3])
    assert everything(store) == before


def test_undoing_an_add_keeps_a_snapshot_another_list_or_a_note_still_needs(store):
    store.add(DEFAULT_LIST, PAPERS[0])
    store.remember(PAPERS[1])
    store.set_note(IDS[1], "keep me")
    store.create_list("thesis")
    undo = UndoStack(store)
    undo.change("Added", IDS[:3], lambda: [store.add("thesis", p) for p in PAPERS[:3]], lists=["thesis"])
    undo.undo()
    assert store.entries("thesis") == []
    assert store.knows(IDS[0]) and store.knows(IDS[1]) and not store.knows(IDS[2])
    assert store.note(IDS[1]) == "keep me"


def test_undoing_not_interested_leaves_a_paper_dismissed_before_dismissed(store):
    store.dismiss([IDS[0]])
    before = everything(store)
    undo = UndoStack(store)
    undo.change("Not interested", IDS[:2], lambda: store.dismiss(IDS[:2]), dismissed=True)
    undo.undo()
    assert store.dismissed_ids() == {IDS[0]}
    assert everything(store) == before


def test_undo_leaves_alone_what_changed_meanwhile_outside_the_change(store):
    undo = UndoStack(store)
    undo.change("Marked read", [IDS[0]], lambda: store.mark_read([IDS[0]]), read=True)
    store.mark_read([IDS[1]])  # another paper, by another screen or process
    store.add(DEFAULT_LIST, PAPERS[2])
    undo.undo()
    assert store.read_ids() == {IDS[1]}
    assert [saved.id for saved in store.entries(DEFAULT_LIST)] == [IDS[2]]


def test_the_last_ten_changes_are_undone_newest_first_and_no_more(store):
    undo = UndoStack(store)
    for number in range(DEPTH + 2):
        paper = make_paper(f"Depth paper {number}")
        undo.change(f"Bookmarked {number}", [paper.id], lambda p=paper: store.add(DEFAULT_LIST, p), lists=[DEFAULT_LIST])
    undone = []
    while (description := undo.undo()) is not None:
        undone.append(description)
    assert undone == [f"Bookmarked {number}" for number in range(DEPTH + 1, 1, -1)]
    assert [saved.title for saved in store.entries(DEFAULT_LIST)] == ["Depth paper 0", "Depth paper 1"]
    assert undo.undo() is None


def test_a_change_that_fails_is_not_recorded(store):
    undo = UndoStack(store)
    with pytest.raises(Exception):
        undo.change("Added to nothing", [IDS[0]], lambda: store.add("no such list", PAPERS[0]), lists=["no such list"])
    assert len(undo) == 0 and undo.undo() is None


def test_thousands_of_papers_are_captured_and_restored_in_one_step(store):
    ids = [f"id{number:08d}" for number in range(3_000)]
    store.mark_read(ids[::2])
    before = store.read_ids()
    undo = UndoStack(store)
    undo.change("Marked 3,000 papers read", ids, lambda: store.mark_read(ids), read=True)
    assert len(store.read_ids()) == 3_000
    undo.undo()
    assert store.read_ids() == before
