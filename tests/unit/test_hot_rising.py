"""`hot` with its gravity and `rising` (upvotes gained between two listings, per day), on listing
files in the real format: the orders, and the parts the pane shows."""

from __future__ import annotations

import pytest

from index.listings.dates import ListingDate
from index.library import Library
from index.locations import locations
from index.listings.papers import paper_id
from index.listings.rising import Rise, rising_parts
from index.sync.report import SyncOptions
from tests.listing_text import authors_meta, entry, listing


def paper(title: str, shown: str) -> str:
    return entry(title, title.lower(), authors_meta(3, shown))


@pytest.fixture
def searcher(tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(listing(
        "Nov 3", paper("Fast riser", "Nov 1 10"), paper("Slow riser", "Nov 1 5"), paper("Fell back", "Nov 1 9"),
    ), encoding="utf-8")
    (folder / "b.txt").write_text(listing(
        "Nov 5", paper("Fast riser", "Nov 1 48"), paper("Slow riser", "Nov 1 7"), paper("Fell back", "Nov 1 3"),
        paper("Listed once", "Nov 1 500"), paper("Fresh and liked", "Nov 4 10"), paper("Old and liked", "Oct 26 110"),
    ), encoding="utf-8")
    library = Library([folder], locations(tmp_path / "data"), SyncOptions(procs=1))
    library.sync()
    with library.open_searcher() as opened:
        yield opened


def titles(searcher, sort: str, reverse: bool = False) -> list[str]:
    return [hit.paper.title for hit in searcher.search("", sort, reverse, limit=20).hits]


def test_rising_orders_by_the_gain_per_day_and_puts_papers_without_one_last(searcher):
    assert titles(searcher, "rising")[:3] == ["Fast riser", "Slow riser", "Fell back"]
    assert set(titles(searcher, "rising")[3:]) == {"Listed once", "Fresh and liked", "Old and liked"}


def test_the_parts_of_a_rise_are_the_gain_the_earlier_listing_and_the_days(searcher):
    rise = rising_parts(searcher.paper(paper_id("Fast riser")))
    assert rise == Rise(38, ListingDate(11, 3), ListingDate(11, 5), 2) and rise.per_day == 19
    assert rising_parts(searcher.paper(paper_id("Fell back"))).gain == -6
    assert rising_parts(searcher.paper(paper_id("Listed once"))) is None


def test_hot_has_a_gravity_so_ten_votes_on_day_one_beat_a_hundred_and_ten_on_day_ten(searcher):
    # Upvotes per day put the old one first (10 / 1 against 110 / 10); with (age + 2) ** 1.8 the fresh one leads.
    order = titles(searcher, "hot")
    assert order.index("Fresh and liked") < order.index("Old and liked")
    assert order[0] == "Listed once"  # 500 votes, 4 days old


def test_two_counts_on_one_day_are_one_and_a_paper_without_counts_has_no_rise():
    from index.listings.papers import Appearance, Paper

    day3, day5 = ListingDate(11, 3), ListingDate(11, 5)
    same_day = Paper("x", "T", "A", None, None, None, None, (
        Appearance("a.txt", day3, 1, 4), Appearance("b.txt", day3, 1, 6), Appearance("c.txt", day5, 1, 16),
    ))
    assert rising_parts(same_day) == Rise(10, day3, day5, 2)
    no_counts = Paper("y", "T", "A", None, None, None, None, (Appearance("a.txt", day3, 1), Appearance("b.txt", day5, 1)))
    assert rising_parts(no_counts) is None
    across_years = Paper("z", "T", "A", None, None, None, None, (
        Appearance("a.txt", ListingDate(12, 31, 2024), 1, 0), Appearance("b.txt", ListingDate(1, 2), 1, 6),
    ))
    assert rising_parts(across_years, fallback_year=2025).days == 2


def test_the_pane_shows_a_rise_as_its_gain_its_start_and_its_pace():
    from index.listings.papers import Appearance, Paper
    from tui.paper_text import meta_line

    day3, day5 = ListingDate(11, 3, 2025), ListingDate(11, 5, 2025)
    rising = Paper("x", "T", "A", None, None, None, 54,
                   (Appearance("a.txt", day3, 1, 16), Appearance("b.txt", day5, 1, 54)))
    assert "+38 since Nov 3, 2025 · 19 a day" in meta_line(rising)
    once = Paper("y", "T", "A", None, None, None, 5, (Appearance("a.txt", day3, 1, 5),))
    assert "since" not in meta_line(once)
