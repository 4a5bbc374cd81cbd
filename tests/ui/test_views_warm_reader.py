"""The reader counts the saved views while it opens, so the first `v` waits on no index read."""

from __future__ import annotations

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
