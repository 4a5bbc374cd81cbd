"""Paper ids as people type them: in any letter case, or shortened to a unique prefix of at
least MIN_PREFIX characters, as git takes commit ids."""

from __future__ import annotations

from collections.abc import Iterable

from index.errors import PapershelfError

MIN_PREFIX = 4
MOST_NAMED = 10  # an ambiguous prefix names this many of the ids it matches


class AmbiguousId(PapershelfError):
    """A prefix that starts more than one paper's id."""


def typed_id(text: str) -> str:
    """What was typed, as ids are written (lower case, no surrounding spaces)."""
    return text.strip().lower()


def is_prefix(typed: str) -> bool:
    return len(typed) >= MIN_PREFIX


def the_one(typed: str, matches: Iterable[str]) -> str:
    """The only id among `matches` (the ids starting with `typed`), or `typed` itself when none
    does (the command then says the paper is unknown, in its own words); AmbiguousId for several."""
    found = sorted(set(matches))
    if len(found) <= 1:
        return found[0] if found else typed
    named = ", ".join(found[:MOST_NAMED]) + (f" and {len(found) - MOST_NAMED:,} more" if len(found) > MOST_NAMED else "")
    raise AmbiguousId(f"id '{typed}' is ambiguous: {len(found):,} papers' ids start with it: {named}")
