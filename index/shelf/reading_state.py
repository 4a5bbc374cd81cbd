"""A paper's reading state as scripts read it in `--json`: read or not, the lists it is in, its note."""

from __future__ import annotations

from collections.abc import Iterable

from index.shelf.store import ReadingStore

NO_STATE = {"read": False, "lists": [], "note": ""}  # a paper the store has never seen


def reading_states(store: ReadingStore, paper_ids: Iterable[str]) -> dict[str, dict]:
    """Each paper's state; a few reads of the whole store, whatever the number of papers."""
    read, noted = store.read_ids(), store.noted_ids()
    members = [(summary.name, store.list_ids(summary.name)) for summary in store.lists()]
    return {
        paper_id: {
            "read": paper_id in read,
            "lists": [name for name, ids in members if paper_id in ids],
            "note": store.note(paper_id) if paper_id in noted else "",
        }
        for paper_id in paper_ids
    }
