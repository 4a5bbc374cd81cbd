"""The reader counts the saved views while it opens, so the first `v` waits on no index read."""

from __future__ import annotations

import threading

from textual.widgets import OptionList

from tests.ui.reader_pilot import settle
from tests.ui.test_morning import store_of, until
from tui.app import make_app
from tui.dialogs.views_dialog import ViewsDialog


async def test_the_open_searcher_worker_counts_the_views_before_the_first_v(library):
    with store_of(library) as store:
        store.save_view("models", "model")
        store.save_view("phrase", '"language model"', "date")
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        engine = app.screen.searcher.with_searcher(lambda searcher: searcher._engine)
        assert len(engine._counted) == 2  # both counted, before any v
        evaluate = engine._evaluator.evaluate
        evaluated = []
        engine._evaluator.evaluate = lambda *args: evaluated.append(args) or evaluate(*args)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ViewsDialog))
        assert evaluated == []


async def test_after_a_sync_the_new_searcher_has_the_views_counted_again(library, sample_dir):
    from tests.listing_text import entry, listing

    with store_of(library) as store:
        store.save_view("models", "model")
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        first = app.screen.searcher.with_searcher(lambda searcher: searcher._engine)
        (sample_dir / "009_next.txt").write_text(listing("Nov 6", entry("A model of the next morning")), encoding="utf-8")

        def counted_anew() -> bool:
            engine = app.screen.searcher.with_searcher(lambda searcher: searcher._engine)
            return engine is not first and len(engine._counted) == 1

        await until(pilot, counted_anew, timeout=60)


async def test_the_picker_opens_while_the_index_is_busy_and_fills_in_the_counts(library):
    with store_of(library) as store:
        store.save_view("models", "model")
        store.save_view("provers", "theorem", "date")
    with library.open_searcher() as searcher:
        expected = [searcher.counts("model")[0], searcher.counts("theorem")[0]]
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        holding, release = threading.Event(), threading.Event()

        def hold(_searcher) -> None:  # a long search or a sync holding the index
            holding.set()
            release.wait(10)

        holder = threading.Thread(target=app.screen.searcher.with_searcher, args=(hold,))
        holder.start()
        try:
            assert holding.wait(5)
            await pilot.press("v")
            await until(pilot, lambda: isinstance(app.screen, ViewsDialog))
            rows = lambda: [str(app.screen.query_one(OptionList).get_option_at_index(n).prompt) for n in (0, 1)]
            assert all("counting…" in row for row in rows())
            assert [summary.total for summary in app.screen.summaries] == [None, None]
        finally:
            release.set()
            holder.join()
        await until(pilot, lambda: all(summary.total is not None for summary in app.screen.summaries))
        assert [summary.total for summary in app.screen.summaries] == expected
        assert all("counting…" not in row for row in rows())
        assert f"{expected[0]:,} papers" in rows()[0]
