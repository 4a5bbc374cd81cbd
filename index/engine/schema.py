"""The Whoosh schema, declared once, and how a paper becomes a Whoosh document.

Bump SCHEMA_VERSION whenever the schema or the document mapping changes: an
index of another version is rebuilt from the listings.
"""

from __future__ import annotations

import json

from whoosh.analysis import STOP_WORDS, LowercaseFilter, RegexTokenizer, SimpleAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from index.papers import Paper, normalise_title, paper_to_record

SCHEMA_VERSION = 2

__all__ = ["SCHEMA_VERSION", "STOP_WORDS", "build_schema", "paper_document"]

# Sort key for papers with no date at all: after every dated paper when newest-first.
NO_DATE = 0


def build_schema() -> Schema:
    words = StemmingAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        # Titles weigh more than abstracts in relevance ranking.
        title=TEXT(analyzer=words, stored=True, field_boost=2.0),
        abstract=TEXT(analyzer=words, stored=True),
        org=TEXT(analyzer=SimpleAnalyzer()),
        # Unstemmed title words: the dictionary for "did you mean". Whoosh's own
        # spelling=True indexes every abstract word a second time and, without
        # compound files, stats a file per posting: builds ran twice as long.
        spell=TEXT(analyzer=RegexTokenizer(r"[^\W\d_]{3,}") | LowercaseFilter(), phrase=False),
        authors=NUMERIC(int, bits=32, signed=False, sortable=True),
        upvotes=NUMERIC(int, bits=32, signed=False),
        # Sort key: upvotes + 1, and 0 for "no upvotes shown", so unknown sorts below zero.
        # (Whoosh fills a missing sortable value with the type's maximum.)
        upvotes_rank=NUMERIC(int, bits=32, signed=False, sortable=True),
        year=NUMERIC(int, bits=32, signed=False),
        # YYYYMMDD of the paper's date (published, else first listed), for ranges and sorting.
        date=NUMERIC(int, bits=32, signed=False, sortable=True),
        title_sort=ID(sortable=True),
        record=STORED(),  # everything else the UI shows, as JSON
    )


def paper_document(paper: Paper, fallback_year: int) -> dict:
    """The fields Whoosh indexes for one paper."""
    date = paper.date
    document = {
        "id": paper.id,
        "title": paper.title,
        "abstract": paper.abstract,
        "date": date.sort_key(fallback_year) if date is not None else NO_DATE,
        "title_sort": normalise_title(paper.title),
        "upvotes_rank": 0 if paper.upvotes is None else paper.upvotes + 1,
        "spell": paper.title,
        "record": json.dumps(paper_to_record(paper), ensure_ascii=False),
    }
    if paper.organisation is not None:
        document["org"] = f"{paper.organisation.handle} {paper.organisation.name}"
    if paper.authors is not None:
        document["authors"] = paper.authors
    if paper.upvotes is not None:
        document["upvotes"] = paper.upvotes
    if date is not None and date.year is not None:
        document["year"] = date.year
    return document
