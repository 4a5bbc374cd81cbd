"""`listed:` finds papers by the listings they appeared in, every one of them, not by their date."""

from __future__ import annotations

import pytest

from index.errors import QueryError
from index.library import Library
from index.listings.parser import parse_listing
from index.locations import locations, sample_listings
from index.listings.papers import paper_id
from index.sync.report import SyncOptions
from tests.listing_text import entry, listing

NOV_4 = "002_e0c4ebcc2eb099c9.txt"  # the one file that shows years: its dates are 2025's
MAR_11, MAR_13, MAR_14, MAY_28 = (
    "000_316fc8e37e62f595.txt", "004_f2da1308069327aa.txt", "003_6a3a16b80262bd72.txt", "001_1cc8a7777e0ca7b3.txt",
)


def ids_of(*names: str) -> set[str]:
    """The ids of the papers of these sample files, read from the files themselves."""
    found = set()
    for name in names:
        path = sample_listings() / name
        found |= {paper_id(e.title) for e in parse_listing(str(path), path.read_bytes()).entries}
    return found


def matching(searcher, query: str) -> set[str]:
    return set(searcher.paper_ids(query))


def test_a_listing_date_gives_exactly_the_papers_of_that_listing_file(searcher):
    nov_4 = ids_of(NOV_4)
    assert len(nov_4) == 85
    assert matching(searcher, "listed:2025-11-04") == nov_4
    assert searcher.search("listed:2025-11-04").total == 85
    # date: is the publication date: only 5 of them were published that day.
    assert len(matching(searcher, "date:2025-11-04")) == 5


def test_latest_is_the_newest_listing(searcher):
    assert matching(searcher, "listed:latest") == ids_of(NOV_4)
    assert matching(searcher, "LISTED:Latest") == ids_of(NOV_4)
    assert matching(searcher, "listed:>=latest") == ids_of(NOV_4)
    assert matching(searcher, "listed:<latest") == ids_of(MAR_11, MAR_13, MAR_14, MAY_28)


def test_months_ranges_and_comparisons_take_every_listing_date_of_a_paper(searcher):
    march = ids_of(MAR_11, MAR_13, MAR_14)
    assert matching(searcher, "listed:2025-03") == march
    assert matching(searcher, "listed:2025-03-11..2025-03-13") == ids_of(MAR_11, MAR_13)
    assert matching(searcher, "listed:2025-03-12..2025-03-12") == set()
    assert matching(searcher, "listed:>=2025-05") == ids_of(MAY_28, NOV_4)
    assert matching(searcher, "listed:2025-05..latest") == ids_of(MAY_28, NOV_4)
    assert matching(searcher, "listed:2025") == ids_of(MAR_11, MAR_13, MAR_14, MAY_28, NOV_4)
    assert matching(searcher, "listed:2024") == set()
    # A paper in both the Mar 11 and the Nov 4 listings is found by either date.
    both = ids_of(MAR_11) & ids_of(NOV_4)
    assert both
    assert both <= matching(searcher, "listed:2025-03-11") and both <= matching(searcher, "listed:2025-11-04")
    assert not both & matching(searcher, "-listed:2025-03-11 listed:2025")


def test_a_paper_in_many_listings_is_found_by_each_of_their_dates(searcher):
    files = (MAR_11, MAR_13, MAR_14, MAY_28, NOV_4)
    days = ("2025-03-11", "2025-03-13", "2025-03-14", "2025-05-28", "2025-11-04")
    counts: dict[str, int] = {}
    for name in files:
        for pid in ids_of(name):
            counts[pid] = counts.get(pid, 0) + 1
    widest = max(counts, key=counts.get)
    assert counts[widest] >= 4
    found_on = [day for day in days if widest in matching(searcher, f"listed:{day}")]
    assert len(found_on) == counts[widest]
    assert [day for name, day in zip(files, days) if widest in ids_of(name)] == found_on


def test_listed_combines_with_words_and_keeps_the_ranking(searcher):
    nov_4 = ids_of(NOV_4)
    ranked = [hit.paper.id for hit in searcher.search("reasoning", limit=300).hits]
    within = [hit.paper.id for hit in searcher.search("reasoning listed:2025-11-04", limit=300).hits]
    assert within == [pid for pid in ranked if pid in nov_4]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("listed:today", "'listed:' at column 1 expects YYYY, YYYY-MM or YYYY-MM-DD or latest"),
        ("listed:2025-13", "'listed:' at column 1 expects"),
        ("listed:latest..2025-03", "is an empty range: latest comes after 2025-03"),
        ("listed:", "'listed:' at column 1 needs a value right after the colon"),
    ],
)
def test_bad_listing_dates_are_query_errors_with_the_column(searcher, query, message):
    with pytest.raises(QueryError, match=message):
        searcher.search(query)


def test_a_newer_listing_moves_latest_and_a_paper_listed_again_counts_twice(library, sample_dir):
    library.sync()
    again = next(iter(parse_listing("x", (sample_dir / MAR_11).read_bytes()).entries))
    # The Nov 4 file says the year is 2025; this one shows none, and sorts in that year too.
    text = listing("Nov 5", entry("A paper first listed on November fifth", "lattices"), entry(again.title, "again"))
    (sample_dir / "005_nov5.txt").write_text(text, encoding="utf-8")
    library.sync()
    with library.open_searcher() as searcher:
        latest = matching(searcher, "listed:latest")
        assert latest == {paper_id("A paper first listed on November fifth"), paper_id(again.title)}
        assert latest == matching(searcher, "listed:2025-11-05")
        assert paper_id(again.title) in matching(searcher, "listed:2025-03-11")
        assert matching(searcher, "listed:2025-11") == ids_of(NOV_4) | latest


def test_year_less_listings_with_no_year_known_anywhere_are_in_no_year_but_latest_finds_them(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(listing("Mar 11", entry("Older paper", "x")), encoding="utf-8")
    (folder / "b.txt").write_text(listing("Mar 14", entry("Newer paper", "y")), encoding="utf-8")
    library = Library([folder], locations(tmp_path / "data"), SyncOptions(procs=1))
    library.sync()
    with library.open_searcher() as searcher:
        assert matching(searcher, "listed:latest") == {paper_id("Newer paper")}
        assert matching(searcher, "listed:2025") == set()  # as date: treats a date of no known year
        assert matching(searcher, "listed:0001..9999") == set()
    with_year = Library([folder], locations(tmp_path / "data2"), SyncOptions(procs=1, capture_year=2024))
    with_year.sync()
    with with_year.open_searcher() as searcher:
        assert matching(searcher, "listed:2024-03-11") == {paper_id("Older paper")}
        assert matching(searcher, "listed:2024-03") == {paper_id("Older paper"), paper_id("Newer paper")}


def test_latest_in_an_index_without_listing_dates_matches_nothing(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    # No header date: entries without a listing date.
    (folder / "a.txt").write_text(entry("A paper without a listing date", "z"), encoding="utf-8")
    library = Library([folder], locations(tmp_path / "data"), SyncOptions(procs=1))
    assert library.sync().papers == 1
    with library.open_searcher() as searcher:
        assert searcher.search("").total == 1
        assert matching(searcher, "listed:latest") == set()
        assert matching(searcher, "-listed:latest model") == matching(searcher, "model")



def test_latest_in_an_index_without_listing_dates_still_checks_the_rest_of_the_clause(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(entry("A paper without a listing date", "z"), encoding="utf-8")
    library = Library([folder], locations(tmp_path / "data"), SyncOptions(procs=1))
    library.sync()
    with library.open_searcher() as searcher:
        assert matching(searcher, "listed:0001..latest") == set()  # not an empty range: no listing at all
        assert searcher.suggest("listed:0001..latest zzzzq") is None
        with pytest.raises(QueryError, match="expects YYYY"):
            searcher.search("listed:latest..soon")


def test_a_suggestion_checks_listing_dates_as_the_search_does(searcher):
    # Found by the query fuzzer: the suggestion's check once knew no `latest`.
    assert searcher.search("listed:0001..LATEST").total == 253
    assert searcher.suggest("(NOT LISTED:0001..LATEST) theroem") == "(NOT LISTED:0001..LATEST) theorem"
    with pytest.raises(QueryError, match="empty range: 2025-12 comes after latest"):
        searcher.search("listed:2025-12..latest theroem")
    with pytest.raises(QueryError, match="empty range: 2025-12 comes after latest"):
        searcher.suggest("listed:2025-12..latest theroem")
