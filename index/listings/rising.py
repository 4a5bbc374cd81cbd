"""Rising: how fast a paper gathers upvotes, from two listings of it.

Each listing a paper appears in shows the upvotes it had that day. A paper's rise is
the gain between its newest listing with a count and the one before it (on an
earlier day, with a count), per day between the two: +38 from Nov 3 to Nov 5 is 19 a
day. A paper listed once, or without counts, has none. The `rising` sort orders by
the per-day gain; `rising_parts` gives the pane what it shows ("+38 since Nov 3 · 19 a day").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from index.listings.dates import ListingDate
from index.listings.papers import Paper

NO_RISE = -(2**63)  # the sort key of a paper without one: after every paper that has one
_ANY_YEAR = 2000  # two dates of unknown year: days between them as in a leap year (Feb 29 exists)


@dataclass(frozen=True, slots=True)
class Rise:
    gain: int  # upvotes gained (negative: fewer shown later)
    since: ListingDate  # the earlier listing
    until: ListingDate  # the newer listing
    days: int  # between the two, at least 1

    @property
    def per_day(self) -> float:
        return self.gain / self.days


def rising_parts(paper: Paper, fallback_year: int | None = None) -> Rise | None:
    """The paper's rise between its two newest listings with a count on different days, or None.

    A date shown without a year is in `fallback_year` (the year the index sorts it in) when
    given; two dates both of unknown year are a year apart from neither.
    """
    counted = [a for a in paper.appearances if a.listing_date is not None and a.upvotes is not None]
    by_day: dict[tuple, tuple[ListingDate, int]] = {}
    for appearance in counted:  # one count a day: the highest shown that day
        day = _day(appearance.listing_date, fallback_year)
        known = by_day.get(day)
        if known is None or appearance.upvotes > known[1]:
            by_day[day] = (appearance.listing_date, appearance.upvotes)
    if len(by_day) < 2:
        return None
    (older, (since, before)), (newer, (until, after)) = sorted(by_day.items())[-2:]
    return Rise(after - before, since, until, max(1, _ordinal(newer) - _ordinal(older)))


def rising_key(paper: Paper, fallback_year: int) -> int:
    """The `rising` sort's key: thousandths of an upvote gained per day, NO_RISE for a paper
    without a rise (an integer column: see index.engine.schema)."""
    rise = rising_parts(paper, fallback_year)
    return NO_RISE if rise is None else round(rise.per_day * 1000)


def _day(when: ListingDate, fallback_year: int | None) -> tuple[int, int, int]:
    year = when.year if when.year is not None else (fallback_year or _ANY_YEAR)
    return (year, when.month, when.day)


def _ordinal(day: tuple[int, int, int]) -> int:
    year, month, number = day
    try:
        return date(max(1, year), month, number).toordinal()
    except ValueError:  # Feb 29 of a year without it: the day before
        return date(max(1, year), month, number - 1).toordinal()
