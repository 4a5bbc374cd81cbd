"""The for-you sorts in the reader, on a real store file: `s` reaches "for you" once the lists
hold papers, the pane says why the selected paper placed, too few papers are a status line."""

from __future__ import annotations

from tests.cli.test_for_you_cli import THEOREM_PAPERS
from tests.hostile_text import ESC
from tests.ui.reader_pilot import pane_text, settle, status_text
from tests.ui.test_morning import store_of, until
from tests.ui.test_reader_keys import configured_app
from tui.app import make_app
from tui.widgets.paper_list import PaperList


def seed(library, name: str, ids) -> None:
    library.sync()
    with library.open_searcher() as searcher, store_of(library) as store:
        if name not in [summary.name for summary in store.lists()]:
            store.create_list(name)
        for paper_id in ids:
            store.add(name, searcher.paper(paper_id))


async def cycle_to(pilot, app, wanted: str, presses: int = 8) -> list[str]:
    """Press s until the status line shows `wanted` (at most `presses` times); the sorts passed."""
    passed = []
    for _ in range(presses):
        await pilot.press("s")
        await settle(pilot)
        passed.append(status_text(app).split("sort: ")[1].split(" · ")[0])
        if passed[-1] == wanted:
            break
    return passed


async def test_s_reaches_for_you_only_once_the_lists_hold_three_papers(library):
    seed(library, "thesis", THEOREM_PAPERS[:2])
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert await cycle_to(pilot, app, "for you", 6) == ["upvotes", "hot", "title", "rising", "relevance", "date"]
    seed(library, "thesis", THEOREM_PAPERS[2:3])
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert (await cycle_to(pilot, app, "for you"))[-1] == "for you"
        papers = app.screen.query_one(PaperList)
        assert papers.total == 253 - 3 and papers.selected.id not in THEOREM_PAPERS
        await until(pilot, lambda: "for you because: " in pane_text(app))  # the paper kept from before
        await pilot.press("g")  # the top of the ranking
        await settle(pilot)
        await until(pilot, lambda: "for you because: " in pane_text(app) and papers.cursor == 0)
        because = pane_text(app).split("for you because: ")[1]
        assert "lean" in because or "theorem" in because
        await pilot.press("s")  # and on round to relevance
        await settle(pilot)
        assert "sort: relevance" in status_text(app) and "because" not in pane_text(app)


async def test_a_for_list_sort_with_too_few_papers_says_how_many_more_on_the_status_line(library):
    seed(library, "thesis", THEOREM_PAPERS[:1])
    app = configured_app(library, 'default_sort = "for:thesis"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "add 2 more" in status_text(app))
        assert "it has 1 of the 3 it needs" in status_text(app)


async def test_the_because_line_of_a_hostile_paper_is_visible_text(library, sample_dir):
    from tests.hostile_text import hostile_listing

    (sample_dir / "009_hostile.txt").write_text(hostile_listing(), encoding="utf-8")
    library.sync()
    with library.open_searcher() as searcher:
        hostile = sorted(searcher.paper_ids("hostile"))
    seed(library, "odd", hostile[:5])
    app = configured_app(library, 'default_sort = "for:odd"\ndefault_query = "hostile"\n')
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "for odd because: " in pane_text(app))
        assert ESC not in pane_text(app) and "\x9b" not in pane_text(app)


async def test_once_the_lists_hold_three_papers_the_reader_builds_for_you_while_it_opens(library):
    seed(library, "thesis", THEOREM_PAPERS[:3])
    app = make_app(library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ranker = app.screen.searcher.with_searcher(lambda searcher: searcher._engine._taste)
        assert len(ranker._orders) == 1  # built before any s
        evaluate = ranker._evaluator.evaluate
        evaluated = []
        ranker._evaluator.evaluate = lambda *args: evaluated.append(args) or evaluate(*args)
        assert (await cycle_to(pilot, app, "for you"))[-1] == "for you"
        assert evaluated == [] and len(ranker._orders) == 1
