"""What each field of a reading-list export may hold: checked before the store sees it.

An import file comes from anywhere. SQLite refuses text with a lone surrogate and
integers past 64 bits, the BibTeX export puts the year of `published_iso` between
braces: each value is checked here, so a bad file is one message naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

REQUIRED = object()  # the default of a field that must be there
LARGEST = 2**63 - 1  # SQLite's INTEGER
_SURROGATE = re.compile("[\ud800-\udfff]")
_ID = re.compile("[a-z0-9]{1,64}")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)  # as the store writes them
_DATE = re.compile(r"\d{4}-\d\d-\d\d", re.ASCII)


@dataclass(frozen=True, slots=True)
class Rule:
    default: object
    problem: Callable[[object], str | None]  # what is wrong with a value, None if nothing


def _text_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"must be text, not {kind(value)}"
    found = _SURROGATE.search(value)
    if found:  # JSON's \ud800 escapes decode to these; no encoding can store them
        return f"holds a lone surrogate (\\u{ord(found.group()):04x} at character {found.start() + 1}), which is not text"
    return None


def _or_null(check: Callable[[object], str | None]) -> Callable[[object], str | None]:
    return lambda value: None if value is None else check(value)


def _pattern(
    pattern: re.Pattern, what: str, empty: bool = False, real: Callable[[str], object] | None = None,
) -> Callable[[object], str | None]:
    """Text of the pattern's shape; `real` (a parser that raises ValueError) says it is a real
    date or time too (2024-13-45 has the shape of a date)."""

    def problem(value: object) -> str | None:
        if not isinstance(value, str):
            return f"must be {what}, not {kind(value)}"
        if empty and value == "":
            return None
        if pattern.fullmatch(value):
            try:
                if real is not None:
                    real(value)
                return None
            except ValueError:
                pass
        return f"must be {what}, not {_cut(value)}"

    return problem


def _real_stamp(value: str) -> None:
    datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")


def _whole_problem(value: object) -> str | None:
    # bool is an int to isinstance; a true/false upvote count is a mistake.
    if type(value) is not int:
        return f"must be a whole number, not {kind(value)}"
    if not 0 <= value <= LARGEST:
        return f"must be a whole number from 0 to {LARGEST}, not {_cut(value)}"
    return None


def _links_problem(value: object) -> str | None:
    if not isinstance(value, list):
        return f"must be a list of links, not {kind(value)}"
    for number, link in enumerate(value, start=1):
        problem = _text_problem(link)
        if problem:
            return f"link {number} {problem}"
    return None


def kind(value: object) -> str:
    """A value as a message names it: its JSON type, or the number itself."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        return _cut(value)
    names = {str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _cut(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


TEXT = Rule(REQUIRED, _text_problem)
STAMP_OR_EMPTY = Rule("", _pattern(_STAMP, "a time like 2024-11-05T09:30:00Z", empty=True, real=_real_stamp))
ENTRY_FIELDS = {
    "id": Rule(REQUIRED, _pattern(_ID, "a paper id (letters a-z and digits)")),
    "title": TEXT,
    "abstract": Rule("", _text_problem),
    "published": Rule("", _text_problem),
    "published_iso": Rule(None, _or_null(_pattern(_DATE, "a date like 2024-11-04 or null", real=date.fromisoformat))),
    "upvotes": Rule(None, _or_null(_whole_problem)),
    "organisation": Rule(None, _or_null(_text_problem)),
    "authors": Rule(None, _or_null(_whole_problem)),
    "links": Rule([], _links_problem),
    "position": Rule(0, _whole_problem),
    "added_at": STAMP_OR_EMPTY,
    "read_at": Rule(None, _or_null(_pattern(_STAMP, "a time like 2024-11-05T09:30:00Z or null", real=_real_stamp))),
    "note": Rule("", _text_problem),
}
