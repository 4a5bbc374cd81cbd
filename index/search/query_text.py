"""Checks and rewrites of query text that need no search engine.

The query language is Whoosh's parser plus a few things it lacks: field names
in any letter case, errors with a column for unknown fields, empty values,
empty ranges and unbalanced quotes or parentheses, date ranges written as dates
(`date:2024-03..2024-06`), `year:` as a date range, `listed:` (the listings a
paper appeared in) with `latest` for the newest listing, `..` ranges for numbers,
and the "last word is still being typed" prefix of search-as-you-type.
"""

from __future__ import annotations

import calendar
import re

from index.engine.fields import DATE_FIELDS, NUMBER_FIELDS, QUERY_FIELDS
from index.errors import QueryError

LATEST = "latest"  # `listed:latest`: the newest listing in the index
MAX_QUERY_LENGTH = 2000
MAX_NESTING = 16
MIN_PREFIX = 3  # letters before `*`: shorter prefixes expand to too many words to be useful
MIN_FUZZY = 3  # letters in a `word~`: shorter words are within one edit of too many others

SHELF_KINDS = ("is", "has", "list")  # reading-list terms, which the reader's filter takes out first
_FIELD = re.compile(r"(?<![\w\"'])([A-Za-z_]\w*):")
_SIGNS = re.compile(r"[-+]*")
_NUMERIC_VALUE = re.compile(r"(?<![\w\"'])(?P<field>[A-Za-z_]+):(?P<op>>=|<=|>|<)?(?P<value>[^\s()]+)")
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(?P<word>[^\W\d_]\w*)$")
# ASCII digits only: int() takes other decimal digits, str.isdigit() also superscripts ("²"), which int() refuses.
_NUMBER = re.compile(r"[0-9]+")
MAX_NUMBER = 2**32 - 2  # the number columns hold 32 bits, the largest value meaning "none shown"
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2}))?(?:-([0-9]{1,2}))?")
_YEAR = re.compile(r"[0-9]{4}")
# The lowest date key a real date has (0001-01-01): a paper with no date at all has 0, and
# a year-less date with no capture year known anywhere sorts in year 0; neither is in any range.
_EARLIEST_DATE = 10101


def check_and_rewrite(text: str, prefix_last_word: bool = False, latest_listing: int | None = None) -> str:
    """Validate `text` and return it in the form Whoosh's parser expects.

    `latest_listing` is the date key (YYYYMMDD) of the newest listing in the index, what
    `listed:latest` stands for; None when no paper has a listing date, and then it matches none.
    Raises QueryError with the problem and its column.
    """
    outside = _checked(text)
    text = _rewrite_ranges(fold_field_names(text), outside, latest=latest_listing)
    if prefix_last_word:
        text = _prefix_last_word(text)
    return text


def words_in_place(text: str, latest_listing: int | None = None) -> str:
    """`text` checked as check_and_rewrite checks it, for the engine's parser, with a stand-in
    for each number and date filter instead of its rewriting: every word stays at its
    column, so the parsed words' positions are positions in `text` (for a spelling suggestion).

    Raises QueryError as check_and_rewrite does.
    """
    outside = _checked(text)
    return _rewrite_ranges(fold_field_names(text), outside, stand_ins=True, latest=latest_listing)


def stand_in(length: int) -> str:
    """`length` characters the engine reads as one clause no suggestion corrects (an id), in
    place of a clause taken out of the words. Spaces would leave its operators dangling
    (`upvotes:1 NOT upvotes:0 NOT lean` -> `NOT NOT lean`), which Whoosh's parser fails on."""
    return f"id:{'x' * (length - 3)}" if length > 3 else " " * length


def fold_field_names(text: str) -> str:
    """Field names in any letter case are the same field (`TITLE:`, `Title:`, `title:`): every
    ASCII `name:` outside quotes in lower case; and a sign after a word field's colon stands
    before the field (`title:-lean` is `-title:lean`: Whoosh's parser would drop the field).
    Same length; never raises (a quote left open leaves the rest as it is)."""
    inside, pieces, last = False, [], 0
    for match in _FIELD.finditer(text):
        inside ^= text.count('"', last, match.start()) % 2 == 1
        name = match.group(1)
        pieces.append(text[last : match.start()])
        # A number or a date takes no sign (`upvotes:-5` is reported as a value it cannot read).
        signed = not inside and name.lower() not in NUMBER_FIELDS + DATE_FIELDS
        signs = _SIGNS.match(text, match.end()).group() if signed else ""
        pieces.append(signs + (name.lower() if name.isascii() and not inside else name) + ":")
        last = match.end() + len(signs)
    pieces.append(text[last:])
    return "".join(pieces)


def check_length(text: str) -> None:
    """QueryError for a query past the limit (the reader's filter checks it whole, its
    reading-list terms included, as the CLI does)."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}")


def _checked(text: str) -> list[bool]:
    """Raise QueryError for what the parser would misread; for each character, whether it is outside quotes."""
    check_length(text)
    outside = _outside_quotes(text)
    _check_parentheses(text, outside)
    _check_fields(text, outside)
    return outside


def check_quotes(text: str) -> None:
    """QueryError for a quote that is not closed, at its column."""
    _outside_quotes(text)


def _outside_quotes(text: str) -> list[bool]:
    """For each character, whether it is outside a double-quoted phrase."""
    outside, inside, opened = [], False, 0
    for column, char in enumerate(text):
        if char == '"':
            inside, opened = not inside, column
            outside.append(False)
        else:
            outside.append(not inside)
    if inside:
        raise QueryError(f'unclosed quote: the " at column {opened + 1} has no closing "')
    return outside


def _check_parentheses(text: str, outside: list[bool]) -> None:
    opened: list[int] = []
    for column, char in enumerate(text):
        if not outside[column]:
            continue
        if char == "(":
            opened.append(column)
            if len(opened) > MAX_NESTING:
                raise QueryError(f"parentheses nested deeper than {MAX_NESTING} at column {column + 1}")
        elif char == ")":
            if not opened:
                raise QueryError(f"unmatched ')' at column {column + 1}")
            opened.pop()
    if opened:
        raise QueryError(f"the '(' at column {opened[-1] + 1} is never closed")


def _check_fields(text: str, outside: list[bool]) -> None:
    for match in _FIELD.finditer(text):
        name, column = match.group(1), match.start() + 1
        if not outside[match.start()]:
            continue
        if name.lower() in SHELF_KINDS:
            raise QueryError(
                f"'{name}:' at column {column} is a reading-list term: those work in the reader's filter"
            )
        if name.lower() not in QUERY_FIELDS:
            raise QueryError(
                f"unknown field '{name}:' at column {column}; "
                f"valid fields: {', '.join(f + ':' for f in QUERY_FIELDS)}"
            )
        after = text[match.end() : match.end() + 1]
        if after in ("", ")") or after.isspace():
            # Whoosh would read a bare `title:` as the word "title".
            raise QueryError(f"'{name}:' at column {column} needs a value right after the colon")


def _rewrite_ranges(text: str, outside: list[bool], stand_ins: bool = False, latest: int | None = None) -> str:
    """`date:2024-03..2024-06` -> `date:[20240301 TO 20240630]`, `upvotes:10..50` likewise,
    `year:2024` -> the dates of 2024. `stand_ins`: checked, then replaced by a stand_in instead."""
    pieces, last = [], 0
    for match in _NUMERIC_VALUE.finditer(text):
        field = match["field"]
        if not outside[match.start()] or field not in NUMBER_FIELDS + DATE_FIELDS:
            continue
        clause = _range_clause(field, match["op"] or "", match["value"], match.start() + 1, latest)
        pieces.append(text[last : match.start()])
        pieces.append(stand_in(len(match[0])) if stand_ins else clause)
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _range_clause(field: str, op: str, value: str, column: int, latest: int | None) -> str:
    if field == "year":
        return _date_clause("year", "date", op, value, column, _year_bounds)
    if field == "listed":
        used = []
        clause = _date_clause(field, field, op, value, column, _listing_bounds(latest, used))
        # No paper has a listing date: a clause naming `latest` is checked (above), matches none.
        return _NO_LISTING if used and latest is None else clause
    if field in DATE_FIELDS:
        return _date_clause(field, field, op, value, column, _date_bounds)
    low, high = _bounds(field, op, value, column, _number_bounds)
    if op in (">", "<"):
        return f"{field}:{op}{low}"
    # Whoosh reads an open side only without a space: `[10 TO]`, `[TO 50]`.
    if low is None:
        return f"{field}:[TO {high}]"
    return f"{field}:[{low} TO]" if high is None else f"{field}:[{low} TO {high}]"


def _date_clause(field: str, target: str, op: str, value: str, column: int, to_days) -> str:
    """Dates are a closed range from the earliest real date on: a paper without one matches none.
    `target`: the index field holding the dates (`year:` is a range of `date`)."""
    low, high = _bounds(field, op, value, column, to_days)
    if op == ">":
        low, high = high + 1, None
    elif op == "<":
        low, high = None, low - 1
    low = _EARLIEST_DATE if low is None else low
    return f"{target}:[{low} TO]" if high is None else f"{target}:[{low} TO {high}]"


def _bounds(field: str, op: str, value: str, column: int, to_number) -> tuple[int | None, int | None]:
    """The lowest and highest value the clause takes (None: open), checked.

    For `>` and `<`, the bounds of the value itself: the caller turns them into a side.
    """
    if ".." in value:
        if op:
            raise QueryError(f"'{field}:{op}{value}' at column {column}: write a comparison or a range, not both")
        low_text, _, high_text = value.partition("..")
        low = to_number(low_text, field, column)[0] if low_text else None
        high = to_number(high_text, field, column)[1] if high_text else None
        if low is None and high is None:
            raise QueryError(f"'{field}:..' at column {column} needs a start, an end or both")
        if low is not None and high is not None and low > high:
            raise QueryError(
                f"'{field}:{value}' at column {column} is an empty range: {low_text} comes after {high_text}"
            )
        return low, high
    first, last = to_number(value, field, column)
    if op == ">=":
        return first, None
    if op == "<=":
        return None, last
    return first, last


def _number_bounds(value: str, field: str, column: int) -> tuple[int, int]:
    if not _NUMBER.fullmatch(value) or int(value) > MAX_NUMBER:
        raise QueryError(f"'{field}:' at column {column} expects a whole number up to {MAX_NUMBER:,}, got '{value}'")
    return int(value), int(value)


def _year_bounds(value: str, field: str, column: int) -> tuple[int, int]:
    if not _YEAR.fullmatch(value):
        raise QueryError(
            f"'{field}:' at column {column} expects a year as YYYY or a range like 2022..2024, got '{value}'"
        )
    return _date_bounds(value, field, column)


# A clause no paper matches: day 1 of year 0, which no date key is (see _EARLIEST_DATE).
_NO_LISTING = "listed:[1 TO 1]"
_LAST_DATE = 99991231


def _listing_bounds(latest: int | None, used: list):
    """Dates as `date:` reads them, and `latest`: the newest listing's day (noted in `used`).
    With none known, any day, so that only the rest of the clause can be wrong."""

    def bounds(value: str, field: str, column: int) -> tuple[int, int]:
        if value.lower() == LATEST:
            used.append(True)
            return (latest, latest) if latest else (_EARLIEST_DATE, _LAST_DATE)
        return _date_bounds(value, field, column, also=f" or {LATEST}")

    return bounds


def _date_bounds(value: str, field: str, column: int, also: str = "") -> tuple[int, int]:
    """The first and last day a date written as YYYY, YYYY-MM or YYYY-MM-DD covers."""
    match = _DATE.fullmatch(value)
    problem = QueryError(
        f"'{field}:' at column {column} expects YYYY, YYYY-MM or YYYY-MM-DD{also} "
        f"or a range like 2024-03..2024-06, got '{value}'"
    )
    if match is None or int(match[1]) == 0:
        raise problem
    year = int(match[1])
    month_low, month_high = (int(match[2]),) * 2 if match[2] else (1, 12)
    if not 1 <= month_low <= 12:
        raise problem
    last_day = calendar.monthrange(year, month_high)[1]
    day_low, day_high = (int(match[3]),) * 2 if match[3] else (1, last_day)
    if not 1 <= day_low <= calendar.monthrange(year, month_low)[1]:
        raise problem
    return (
        year * 10000 + month_low * 100 + day_low,
        year * 10000 + month_high * 100 + day_high,
    )


def _prefix_last_word(text: str) -> str:
    """While typing, `neural netw` also matches words starting with `netw`.

    The word itself stays in the query because stemmed index terms are often
    not a prefix of the typed word (`mathematical` is indexed as `mathemat`).
    A last word of one letter is left out until the next letter comes: the
    first key of a query keeps the list as it was instead of emptying it.
    Two letters are a word (`RL`, `3D`), not yet a prefix (see without_short_last_word).
    """
    found = _typed_last_word(text)
    if found is None:
        return text
    before, word = found
    if len(word) == 1:
        return before
    if len(word) < MIN_PREFIX:
        return text
    return f"{before}({word} OR {word}*)"


def without_short_last_word(text: str) -> str | None:
    """`text` without a last word too short to be a prefix, or None when it has none.

    While typing, a search for `neural ne` that finds nothing is a word half
    typed, not a query without results: the search falls back to `neural`.
    """
    found = _typed_last_word(text)
    if found is None or len(found[1]) >= MIN_PREFIX:
        return None
    return found[0]


def _typed_last_word(text: str) -> tuple[str, str] | None:
    """The text before the last word and the word, when that word is plain text being typed."""
    match = _LAST_WORD.search(text)
    if match is None or match["word"] in ("AND", "OR", "NOT"):
        return None
    before = text[: match.start()]
    if before.rstrip().endswith(":") or (before and not before[-1].isspace() and before[-1] != "("):
        return None
    return before, match["word"]
