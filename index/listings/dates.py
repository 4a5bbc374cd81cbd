"""Dates as the listing pages show them: a month and day, and a year only sometimes.

The Daily Papers site omits the year for dates in the year the page was
captured, and the file never says which year that was. A `ListingDate` keeps
what was shown apart from what was inferred, so the UI can print "Nov 4"
instead of inventing a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS, start=1)}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# "Nov 4", "Jul 11, 2024", optionally followed by an upvote count: "Aug 14 8".
_DATE_LINE = re.compile(
    r"^(?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?(?: (?P<upvotes>\d{1,9}))?$"
)


class YearSource(str, Enum):
    """Where a date's year came from."""

    SHOWN = "shown"  # printed in the listing
    INFERRED = "inferred"  # the capture year, deduced from the file
    OVERRIDE = "override"  # the capture year the user gave
    UNKNOWN = "unknown"  # nobody knows


@dataclass(frozen=True, slots=True)
class ListingDate:
    month: int
    day: int
    year: int | None = None
    year_source: YearSource = YearSource.UNKNOWN

    def with_capture_year(self, year: int | None, source: YearSource) -> ListingDate:
        """Give a year-less date the capture year; a shown year is kept."""
        if self.year_source is YearSource.SHOWN or year is None:
            return self
        return ListingDate(self.month, self.day, year, source)

    def display(self) -> str:
        """As the site prints it: "Nov 4" or "Jul 11, 2024"; inferred years are shown."""
        text = f"{MONTHS[self.month - 1]} {self.day}"
        return f"{text}, {self.year}" if self.year is not None else text

    def iso(self) -> str | None:
        """YYYY-MM-DD when the year is known, else None (never an invented year)."""
        if self.year is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self, fallback_year: int) -> int:
        """YYYYMMDD; a date of unknown year sorts as if in `fallback_year`."""
        year = self.year if self.year is not None else fallback_year
        return year * 10000 + self.month * 100 + self.day


@dataclass(frozen=True, slots=True)
class DateLine:
    """A parsed date line: the date and the upvote count that may follow it."""

    date: ListingDate
    upvotes: int | None


def parse_date_line(text: str) -> DateLine | None:
    """Parse "Nov 4", "Jul 11, 2024" or "Aug 14 8"; None if the line is not a date."""
    match = _DATE_LINE.match(text)
    if match is None:
        return None
    month = _MONTH_NUMBER.get(match["month"])
    day = int(match["day"])
    if month is None or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return None
    year = int(match["year"]) if match["year"] else None
    source = YearSource.SHOWN if year is not None else YearSource.UNKNOWN
    upvotes = int(match["upvotes"]) if match["upvotes"] else None
    return DateLine(ListingDate(month, day, year, source), upvotes)


def infer_capture_year(years_shown: list[int]) -> int | None:
    """The earliest capture year consistent with the years a file shows.

    The site prints a year only for dates outside the capture year, so the
    capture year is after every year shown; the earliest such year is the
    least-invented answer. With no year shown there is nothing to infer from.
    """
    return max(years_shown) + 1 if years_shown else None
