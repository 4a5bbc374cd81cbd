"""The values the facets can take in one index generation, read from its postings and columns.

The facets themselves (their query texts, bitsets and counts) are index.search.facets; this module
is only what needs Whoosh's insides: which organisations, listing days and months the index
holds. Each is read once per generation: a walk of the `org` and `listed` lexicons and of the
date column, plus one stored record per organisation (reading every record costs seconds at
100,000 papers; an organisation's words tell papers of different organisations apart).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from index.engine.schema import NO_DATE, NO_NUMBER


@dataclass(frozen=True, slots=True)
class OrganisationValue:
    handle: str  # as the listing gives it: outside text, shown only through the display boundary
    name: str
    words: tuple[str, ...]  # the handle's words as `org:` indexes them (its analyzer's tokens)


def organisations(searcher, view) -> list[OrganisationValue]:
    """One value per distinct organisation (papers grouped by the words of their `org` field),
    named by the first paper of each group; an organisation whose handle has no word that
    `org:` can find is named by its display name's words, and left out when neither has one."""
    words_of: dict[int, list[str]] = {}
    for segment, terms in enumerate(view.field_terms("org")):
        for word, info in terms:
            for docnum in view.term_ids(segment, info):
                words_of.setdefault(docnum, []).append(word)
    first_of: dict[tuple[str, ...], int] = {}
    for docnum, words in words_of.items():
        first_of.setdefault(tuple(sorted(words)), docnum)
    analyzer = view.schema["org"].analyzer
    found: dict[tuple[str, ...], OrganisationValue] = {}
    for docnum in sorted(first_of.values()):
        org = json.loads(searcher.stored_fields(docnum)["record"]).get("org")
        if not org:
            continue
        handle, name = str(org[0]), str(org[1])
        words = _tokens(analyzer, handle) or _tokens(analyzer, name)
        if words and words not in found:
            found[words] = OrganisationValue(handle, name, words)
    return list(found.values())


def _tokens(analyzer, text: str) -> tuple[str, ...]:
    return tuple(token.text for token in analyzer(text))


def listing_days(view) -> list[int]:
    """Every listing day (YYYYMMDD) some paper appeared in, newest first."""
    field = view.schema["listed"]
    days = {field.from_bytes(word) for word in view.reader.lexicon("listed")}
    return sorted((day for day in days if day not in (NO_DATE, NO_NUMBER)), reverse=True)


def months(view) -> list[int]:
    """Every month (YYYYMM) of a paper's date, newest first; a date with no known year is in none."""
    found = {value // 100 for value in set(view.numeric_column("date")) if value not in (NO_DATE, NO_NUMBER)}
    return sorted((month for month in found if month // 100 >= 1), reverse=True)
