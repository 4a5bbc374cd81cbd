"""The fields a query can name, and what each holds: the one list every layer reads.

The query checks (index/search/query_text.py), the parser (query.py), the lexicon and the
prefix bitsets, the spelling suggestions, the highlights and the schema itself
(schema.py, which a test holds to this list) all take their fields from here.
No Whoosh import: the query checks run without loading the engine.
"""

from __future__ import annotations

from typing import Literal, NamedTuple


class QueryField(NamedTuple):
    name: str
    kind: Literal["words", "number", "date", "id"]
    stemmed: bool = False  # words stemmed, with positions: phrases, highlights, the stems a prefix takes
    default: bool = False  # searched by a word that names no field


FIELDS: tuple[QueryField, ...] = (
    QueryField("title", "words", stemmed=True, default=True),
    QueryField("abstract", "words", stemmed=True, default=True),
    QueryField("org", "words"),
    QueryField("upvotes", "number"),
    QueryField("authors", "number"),
    QueryField("year", "number"),  # also read as a date range by the query checks
    QueryField("date", "date"),  # published, else first listed
    QueryField("listed", "date"),  # every listing date of a paper counts
    QueryField("id", "id"),
)

QUERY_FIELDS = tuple(field.name for field in FIELDS)
WORD_FIELDS = tuple(field.name for field in FIELDS if field.kind == "words")
STEMMED_FIELDS = tuple(field.name for field in FIELDS if field.stemmed)
DEFAULT_FIELDS = tuple(field.name for field in FIELDS if field.default)
NUMBER_FIELDS = tuple(field.name for field in FIELDS if field.kind == "number")
DATE_FIELDS = tuple(field.name for field in FIELDS if field.kind == "date")
WHOLE_WORDS = "spell"  # not a query field: the unstemmed title words (see schema.py)
