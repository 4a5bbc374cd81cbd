"""The "for you" sorts in the index layer: the ranking by a list's taste, its explanations,
its refusals (tests/for_you_quality.py measures how good it is)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import QueryError
from index.search.for_you import Taste, TooFewSeeds, sort_label, sort_name, taste_for
from index.shelf.store import ReadingStore
from index.search.results import SORTS
from tests.for_you_quality import TOPICS, measure
from tests.fuzz_budget import examples, fuzz

THEOREMS = "theorem OR prover"
NOTHING = frozenset()


def theorem_taste(searcher, against: frozenset[str] = NOTHING) -> Taste:
    return Taste("thesis", frozenset(sorted(searcher.paper_ids(THEOREMS))[:5]), against)


def ranked_ids(searcher, taste: Taste, text: str = "", limit: int = 300, reverse: bool = False) -> list[str]:
    return [hit.paper.id for hit in searcher.search(text, "for:thesis", reverse, 0, limit, taste=taste).hits]


def test_the_ranking_is_the_same_every_time_and_on_a_fresh_searcher(searcher, library):
    taste = theorem_taste(searcher)
    first = ranked_ids(searcher, taste)
    assert ranked_ids(searcher, taste) == first
    library.sync()
    with library.open_searcher() as fresh:
        assert ranked_ids(fresh, taste) == first


def test_the_lists_papers_are_left_out_and_every_other_paper_is_ranked(searcher):
    taste = theorem_taste(searcher)
    page = searcher.search("", "for:thesis", limit=300, taste=taste)
    ids = [hit.paper.id for hit in page.hits]
    assert not taste.seeds & set(ids)
    assert page.total == len(ids) == searcher.paper_count - len(taste.seeds)
    assert len(set(ids)) == len(ids)


def test_the_list_topic_comes_first(searcher):
    top = ranked_ids(searcher, theorem_taste(searcher), limit=10)
    topical = set(searcher.paper_ids(THEOREMS))
    assert sum(paper_id in topical for paper_id in top) >= 5  # of the 7 non-seeds there are


def test_pages_and_a_query_walk_the_same_ranking(searcher):
    taste = theorem_taste(searcher)
    whole = ranked_ids(searcher, taste)
    pages = [hit.paper.id for offset in range(0, 60, 20)
             for hit in searcher.search("", "for:thesis", False, offset, 20, taste=taste).hits]
    assert pages == whole[:60]
    matching = set(searcher.paper_ids("model"))
    assert ranked_ids(searcher, taste, "model") == [i for i in whole if i in matching]
    assert ranked_ids(searcher, taste, reverse=True) == whole[::-1]


def test_a_paper_keeps_its_place_for_the_reader(searcher):
    taste = theorem_taste(searcher)
    page = searcher.search("", "for:thesis", limit=50, taste=taste)
    assert searcher.position(page, page.hits[7].paper.id, taste=taste) == 7
    assert searcher.position(page, sorted(taste.seeds)[0], taste=taste) is None


def test_dismissed_papers_leave_the_ranking_and_push_their_like_down(searcher):
    agents = sorted(set(searcher.paper_ids("agent")) - set(searcher.paper_ids(THEOREMS)))
    dismissed, others = frozenset(agents[:4]), agents[4:]
    plain = ranked_ids(searcher, theorem_taste(searcher))
    against = ranked_ids(searcher, theorem_taste(searcher, dismissed))
    assert not dismissed & set(against)
    assert sum(map(against.index, others)) > sum(map(plain.index, others))
    hits = searcher.search("agent", "for:thesis", limit=50, taste=theorem_taste(searcher, dismissed)).hits
    assert any("agent" in hit.against or "agents" in hit.against for hit in hits)


def test_each_hit_says_which_of_its_words_placed_it(searcher):
    hits = searcher.search("", "for:thesis", limit=10, taste=theorem_taste(searcher)).hits
    for hit in hits:
        assert hit.because and len(hit.because) <= 3 and hit.against == ()
        words = f"{hit.paper.title} {hit.paper.abstract}".lower()
        assert all(word in words for word in hit.because), (hit.paper.title, hit.because)
    assert searcher.search("theorem", limit=3).hits[0].because is None  # other sorts say nothing


@pytest.mark.parametrize("seeds, more", [(0, 3), (1, 2), (2, 1)])
def test_below_three_papers_it_says_how_many_more_instead_of_ranking(searcher, seeds, more):
    known = frozenset(sorted(searcher.paper_ids(THEOREMS))[:seeds])
    taste = Taste("thesis", known | {"notinindex"}, NOTHING)  # a paper the index lacks does not count
    with pytest.raises(TooFewSeeds, match=f"for thesis ranks by the papers in the list 'thesis': it has {seeds} of the 3 it needs; add {more} more"):
        searcher.search("", "for:thesis", taste=taste)


def test_a_for_you_sort_without_the_lists_is_a_query_error(searcher):
    with pytest.raises(QueryError, match="needs the reading lists"):
        searcher.search("", "foryou")


def test_foryou_ranks_by_every_list_and_for_list_by_one(tmp_path, searcher):
    store = ReadingStore.open(tmp_path / "store.sqlite")
    theorems = sorted(searcher.paper_ids(THEOREMS))
    store.create_list("Thesis")
    for paper_id in theorems[:3]:
        store.add("Thesis", searcher.paper(paper_id))
    store.add("Bookmarks", searcher.paper(theorems[3]))
    store.dismiss([theorems[4]])
    assert taste_for("for:thesis", store) == Taste("Thesis", frozenset(theorems[:3]), frozenset(theorems[4:5]))
    assert taste_for('for:"THESIS"', store).name == "Thesis"
    assert taste_for("foryou", store) == Taste(None, frozenset(theorems[:4]), frozenset(theorems[4:5]))
    with pytest.raises(QueryError, match="no list named 'nope' to sort for; lists: Bookmarks, Thesis"):
        taste_for("for:nope", store)
    store.close()


@pytest.mark.parametrize("text, sort", [("foryou", "foryou"), ("ForYou", "foryou"), ("for:thesis", "for:thesis"),
                                        ('for: "my thesis" ', "for:my thesis"), ("date", "date")])
def test_sort_names_are_read_as_written(text, sort):
    assert sort_name(text, SORTS) == sort


@pytest.mark.parametrize("text, message", [("newest", "unknown sort 'newest'"), ("for:", "needs a reading list's name"),
                                           ("for:a\x1b[31m", "needs a list's name, not"), (3, "unknown sort 3")])
def test_a_bad_sort_name_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        sort_name(text, SORTS)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_precision_at_ten_is_well_above_the_base_rate(searcher, topic):
    quality = measure(searcher, topic, TOPICS[topic])
    assert quality.precision >= min(quality.best, 3 * quality.base_rate + 0.1), quality


@pytest.mark.parametrize("sort, label", [("foryou", "for you"), ("for:thesis", "for thesis"), ("for:", "for:"), ("date", "date")])
def test_the_reader_names_a_sort_in_words(sort, label):
    assert sort_label(sort) == label


@fuzz
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_lists_rank_every_other_match_once_and_the_same_way_twice(searcher, data):
    ids = sorted(searcher.paper_ids(""))
    seeds = data.draw(st.sets(st.sampled_from(ids), min_size=3, max_size=12), label="seeds")
    dismissed = data.draw(st.sets(st.sampled_from(ids), max_size=8), label="dismissed")
    query = data.draw(st.sampled_from(["", "model", "theorem OR agent", "-survey", "title:lean"]), label="query")
    taste = Taste("x", frozenset(seeds), frozenset(dismissed))
    page = searcher.search(query, "for:x", limit=300, taste=taste)
    ranked = [hit.paper.id for hit in page.hits]
    expected = set(searcher.paper_ids(query)) - seeds - dismissed
    assert len(ranked) == page.total == len(expected) and set(ranked) == expected
    assert [hit.paper.id for hit in searcher.search(query, "for:x", limit=300, taste=taste).hits] == ranked
    scores = [hit.score for hit in page.hits]
    placed = [score for score in scores if score > 0]
    assert placed == sorted(placed, reverse=True) and scores[: len(placed)] == placed


def test_a_tastes_papers_are_the_same_looked_up_one_by_one_or_through_the_id_map(library):
    """A few hundred seeds are looked up one by one until the id map is built (see
    OpenIndex.docnums_of): both ways give the same papers, unknown ids left out."""
    library.sync()
    with library.open_searcher() as fresh:
        engine = fresh._engine
        ids = frozenset(fresh.paper_ids("")[::7]) | {"nosuchpaper", "\udcff", ""}
        looked_up = engine.docnums_of(ids)
        engine.ids_starting_with("")  # builds the id map
        assert engine.docnums_of(ids) == looked_up and len(looked_up) == len(ids) - 3
