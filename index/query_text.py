"""Checks and rewrites of query text that need no search engine.

The query language is Whoosh's parser plus a few things it lacks: errors with
a column for unknown fields and unbalanced quotes or parentheses, date ranges
written as dates (`date:2024-03..2024-06`), `..` ranges for numbers, and the
"last word is still being typed" prefix of search-as-you-type.
"""

from __future__ import annotations

import calendar
import re

from index.errors import QueryError

TEXT_FIELDS = ("title", "abstract", "org")
NUMBER_FIELDS = ("upvotes", "authors", "year")
DATE_FIELDS = ("date",)
QUERY_FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS, "id")
MAX_QUERY_LENGTH = 2000
MAX_NESTING = 16
MIN_PREFIX = 3  # letters before `*`: shorter prefixes expand to too many words to be useful
MIN_FUZZY = 3  # letters in a `word~`: shorter words are within one edit of too many others

_FIELD = re.compile(r"(?<![\w\"'])([A-Za-z_]\w*):")
_NUMERIC_VALUE = re.compile(r"(?<![\w\"'])(?P<field>[A-Za-z_]+):(?P<op>>=|<=|>|<)?(?P<value>[^\s()]+)")
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(?P<word>[^\W\d_]\w*)$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def check_and_rewrite(text: str, prefix_last_word: bool = False) -> str:
    """Validate `text` and return it in the form Whoosh's parser expects.

    Raises QueryError with the problem and its column.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_LENGTH:,}")
    outside = _outside_quotes(text)
    _check_parentheses(text, outside)
    _check_fields(text, outside)
    text = _rewrite_ranges(text, outside)
    if prefix_last_word:
        text = _prefix_last_word(text)
    return text


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
        name = match.group(1)
        if outside[match.start()] and name.lower() not in QUERY_FIELDS:
            raise QueryError(
                f"unknown field '{name}:' at column {match.start() + 1}; "
                f"valid fields: {', '.join(f + ':' for f in QUERY_FIELDS)}"
            )


def _rewrite_ranges(text: str, outside: list[bool]) -> str:
    """`date:2024-03..2024-06` -> `date:[20240301 TO 20240630]`, `upvotes:10..50` likewise."""
    pieces, last = [], 0
    for match in _NUMERIC_VALUE.finditer(text):
        field = match["field"].lower()
        if not outside[match.start()] or field not in NUMBER_FIELDS + DATE_FIELDS:
            continue
        pieces.append(text[last : match.start()])
        pieces.append(_range_clause(field, match["op"] or "", match["value"], match.start() + 1))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _range_clause(field: str, op: str, value: str, column: int) -> str:
    to_number = _date_bounds if field in DATE_FIELDS else _number_bounds
    if ".." in value:
        low_text, _, high_text = value.partition("..")
        low = to_number(low_text, field, column)[0] if low_text else ""
        high = to_number(high_text, field, column)[1] if high_text else ""
        if low == "" and high == "":
            raise QueryError(f"'{field}:..' at column {column} needs a start, an end or both")
        # Whoosh reads an open side only without a space: `[10 TO]`, `[TO 50]`.
        return f"{field}:[{low} TO]" if high == "" else f"{field}:[TO {high}]" if low == "" else f"{field}:[{low} TO {high}]"
    first, last = to_number(value, field, column)
    if op in (">", "<="):
        return f"{field}:{op}{last}"
    if op in ("<", ">="):
        return f"{field}:{op}{first}"
    return f"{field}:[{first} TO {last}]"


def _number_bounds(value: str, field: str, column: int) -> tuple[int, int]:
    if not value.isdigit():
        raise QueryError(f"'{field}:' at column {column} expects a whole number, got '{value}'")
    return int(value), int(value)


def _date_bounds(value: str, field: str, column: int) -> tuple[int, int]:
    """The first and last day a date written as YYYY, YYYY-MM or YYYY-MM-DD covers."""
    match = _DATE.match(value)
    problem = QueryError(
        f"'{field}:' at column {column} expects YYYY, YYYY-MM or YYYY-MM-DD "
        f"or a range like 2024-03..2024-06, got '{value}'"
    )
    if match is None:
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
