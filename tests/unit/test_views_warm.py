"""The views picker's counts made ahead (index.shelf.view_counts.warm_counts): what the reader's open-searcher
worker does so that the first `v` on a fresh searcher finds every count kept."""

from __future__ import annotations

from index.shelf.store import ReadingStore
from index.shelf.view_counts import view_summaries, warm_counts

VIEWS = (("models", "model", None), ("phrase", '"language model"', "date"), ("lean", "title:lean", "foryou"),
         ("listed", "listed:latest", None), ("thesis", "list:thesis", None), ("new", "is:new -is:seen", None))


def saved(tmp_path) -> ReadingStore:
    store = ReadingStore.open(tmp_path / "reading-lists.sqlite")
    store.create_list("thesis")
    for name, query, sort in VIEWS:
        store.save_view(name, query, sort)
    store.delete_list("thesis")  # the view of it can no longer run: the others still warm
    return store


def test_warmed_counts_are_the_counts_and_the_picker_evaluates_nothing_again(tmp_path, library):
    store = saved(tmp_path)
    library.sync()
    with library.open_searcher() as cold:
        expected = view_summaries(cold, store)
    with library.open_searcher() as searcher:
        holds = []
        warm_counts(lambda work: holds.append(1) or work(searcher), store)
        assert len(holds) == len(VIEWS)  # one hold of the searcher per view
        evaluate = searcher._engine._evaluator.evaluate
        evaluated = []
        searcher._engine._evaluator.evaluate = lambda *args: evaluated.append(args) or evaluate(*args)
        assert view_summaries(searcher, store) == expected
        assert evaluated == []
    assert [s.problem for s in expected if s.problem] == ["no list named 'thesis'; lists: Bookmarks"]
    store.close()
