"""A digest of a view sorted for a list: in that list's order, or the default order while the list is short."""

from __future__ import annotations

from index.export.digest import digest
from index.shelf.first_seen import note_index
from index.search.for_you import taste_for
from index.shelf.store import ReadingStore
from index.shelf.morning import precise_now, stamp_time

THEOREM_PAPERS = ("wqula7nxfn", "47qek7yuhk", "dxbwfloije")


def test_a_for_list_view_is_digested_in_its_ranking_and_while_short_in_the_default_order(tmp_path, searcher):
    with ReadingStore.open(tmp_path / "reading-lists.sqlite") as store:
        note_index(store, searcher)
        store.create_list("thesis")
        store.add("thesis", searcher.paper(THEOREM_PAPERS[0]))
        store.save_view("mine", "model", "for:thesis")
        [short] = digest(searcher, store, None, None, stamp_time(precise_now()))
        assert [p.id for p in short.papers] == [h.paper.id for h in searcher.search("model", None, limit=300).hits]
        for paper_id in THEOREM_PAPERS[1:]:
            store.add("thesis", searcher.paper(paper_id))
        [ranked] = digest(searcher, store, None, None, stamp_time(precise_now()))
        expected = searcher.search("model", "for:thesis", limit=300, taste=taste_for("for:thesis", store))
        assert [p.id for p in ranked.papers] == [h.paper.id for h in expected.hits]
