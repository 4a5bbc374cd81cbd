"""Undoing changes to a reading list on a real store file: newest first, the last ten."""

from __future__ import annotations

import pytest

from index.list_undo import MOST_KEPT, UndoHistory
from index.reading_store import DEFAULT_LIST, ReadingStore
from tests.reading_papers import make_paper


@pytest.fixture
def store(tmp_path):
    with ReadingStore.open(tmp_path / "store.sqlite") as opened:
        for number in range(5):
            opened.add(DEFAULT_LIST, make_paper(f"Paper {number}"))
        yield opened


def ids(store) -> list[str]:
    return [paper.id for paper in store.entries(DEFAULT_LIST)]


def test_a_restored_paper_is_back_at_its_place_with_its_added_time(store):
    before = store.entries(DEFAULT_LIST)
    middle = before[2]
    store.remove(DEFAULT_LIST, middle.id)
    assert store.restore(DEFAULT_LIST, middle)
    assert store.entries(DEFAULT_LIST) == before
    assert not store.restore(DEFAULT_LIST, middle)  # there already


def test_read_state_is_restored_with_its_time(store):
    paper = store.entries(DEFAULT_LIST)[0]
    store.set_read(paper.id, True)
    read_at = store.entries(DEFAULT_LIST)[0].read_at
    store.set_read(paper.id, False)
    store.restore_read(paper.id, read_at)
    assert store.entries(DEFAULT_LIST)[0].read_at == read_at
    store.restore_read(paper.id, None)
    assert not store.is_read(paper.id)


def test_changes_are_undone_newest_first_and_only_the_last_ten_are_kept(store):
    history = UndoHistory()
    orders = [ids(store)]  # the list's order after each change
    for step in range(MOST_KEPT + 3):  # each moves one paper down a place
        paper = ids(store)[step % 4]
        store.move(DEFAULT_LIST, paper, 1)
        history.record(f"moved {step}", lambda paper=paper: store.move(DEFAULT_LIST, paper, -1))
        orders.append(ids(store))
    for step in reversed(range(3, MOST_KEPT + 3)):
        assert history.undo_last().done == f"moved {step}"
        assert ids(store) == orders[step]
    assert history.undo_last() is None and len(history) == 0
    assert ids(store) == orders[3] != orders[0]  # the three oldest were forgotten
