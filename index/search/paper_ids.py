"""Paper ids as people type them: in any letter case, or shortened to a unique prefix of at
least MIN_PREFIX characters, as git takes commit ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from index.errors import PapershelfError, UnknownPaper

MIN_PREFIX = 4
MOST_NAMED = 10  # an ambiguous prefix names this many of the ids it matches
MOST_UNKNOWN = 5  # unknown ids an error names before "and N more"


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


def unknown_papers(unknown: Sequence[str], outcome: str) -> UnknownPaper:
    """The error naming the ids no paper has (the first few), and what was therefore not done."""
    named = ", ".join(f"'{paper_id}'" for paper_id in unknown[:MOST_UNKNOWN])
    more = f" and {len(unknown) - MOST_UNKNOWN:,} more" if len(unknown) > MOST_UNKNOWN else ""
    noun = "id" if len(unknown) == 1 else "ids"
    return UnknownPaper(f"no paper with {noun} {named}{more}; {outcome}")
