"""The Whoosh schema, declared once, and how a paper becomes a Whoosh document.

Bump SCHEMA_VERSION whenever the schema or the document mapping changes: an
index of another version is rebuilt from the listings.

Only the words are indexed (postings with positions for title and abstract,
plus the id, organisation and spelling words). Numbers, dates and sort keys
are columns only: the evaluator (evaluate.py) answers ranges and sorts from
column values, so they cost no postings. Everything the UI shows is stored
once, as the `record` JSON.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from whoosh.analysis import STOP_WORDS, LowercaseFilter, RegexTokenizer, SimpleAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, FieldType, Schema

from index.engine.analysis import indexed_words
from index.engine.word_pairs import WordPairs, common_words_of
from index.listings.papers import Paper, normalise_title, paper_to_record
from index.listings.rising import rising_key

SCHEMA_VERSION = 7  # 7: pairs of common words (word_pairs.py); 6: listings read again (a lone CR inside a line, date lines that are no date); 5: `listed`, `rising`

__all__ = ["SCHEMA_VERSION", "STOP_WORDS", "NO_DATE", "NO_NUMBER", "build_schema", "paper_document", "schema_for"]

# Sort key for papers with no date at all: after every dated paper when newest-first.
NO_DATE = 0
# What a number column holds for a paper without the value (Whoosh's default
# for an unsigned 32-bit sortable column).
NO_NUMBER = 2**32 - 1


def build_schema(title_common: frozenset[str] = frozenset(), abstract_common: frozenset[str] = frozenset()) -> Schema:
    """The schema, its pairs fields pairing the common words of the titles and of the
    abstracts (see word_pairs.py): an index built from scratch takes them from its papers
    (schema_for), later writers from the index."""
    words = StemmingAnalyzer()
    return Schema(
        id=ID(unique=True, sortable=True),
        # Titles weigh more than abstracts in relevance ranking.
        title=TEXT(analyzer=words, field_boost=2.0),
        abstract=TEXT(analyzer=words),
        # The pairs of common words side by side in the title and the abstract: fast phrases.
        title_pairs=_word_pairs(words, title_common),
        abstract_pairs=_word_pairs(words, abstract_common),
        org=TEXT(analyzer=SimpleAnalyzer()),
        # Unstemmed title words: the dictionary for "did you mean". Whoosh's own
        # spelling=True indexes every abstract word a second time and, without
        # compound files, stats a file per posting: builds ran twice as long.
        spell=TEXT(analyzer=RegexTokenizer(r"[^\W\d_]{3,}") | LowercaseFilter(), phrase=False),
        authors=_number_column(),
        upvotes=_number_column(),  # NO_NUMBER when the listing shows none
        year=_number_column(),  # the year of `date`, when the year is known
        # YYYYMMDD of the paper's date (published, else first listed), for ranges and sorting.
        date=_number_column(),
        # YYYYMMDD of every listing the paper appeared in, one term each, for `listed:`; its
        # column holds the newest of them: the "today" of the hot sort.
        listed=_listing_dates(),
        # Thousandths of upvotes gained per day between the paper's two newest listings
        # (index.listings.rising). Whoosh's float columns cannot write their own default (NaN).
        rising=_column_only(NUMERIC(int, bits=64, signed=True, sortable=True)),
        title_sort=_column_only(ID(sortable=True)),
        record=STORED(),  # everything the UI shows, as JSON
    )


def schema_for(papers: Sequence[Paper]) -> Schema:
    """The schema of a new index of `papers`: its pairs fields pair the common words of
    their titles and of their abstracts, each as its field indexes them. Each field its
    own: a word common in abstracts (`method`) is rare in titles."""
    schema = build_schema()
    return build_schema(
        common_words_of(indexed_words(schema["title"]), [paper.title for paper in papers]),
        common_words_of(indexed_words(schema["abstract"]), [paper.abstract for paper in papers]),
    )


def _word_pairs(analyzer, common_words: frozenset[str]) -> FieldType:
    return FieldType(WordPairs(common_words), analyzer, scorable=False, stored=False)


def _number_column() -> NUMERIC:
    # The parser still reads `upvotes:>=10` as a NumericRange of this field.
    return _column_only(NUMERIC(int, bits=32, signed=False, sortable=True))


def _listing_dates() -> NUMERIC:
    """Indexed (a paper has one term per listing date: several values, which a column cannot
    hold) and a column of the first value given, the newest. shift_step=0: one full-precision
    term per date and no coarser trie terms, as the dates are a few hundred distinct values."""
    return NUMERIC(int, bits=32, signed=False, sortable=True, shift_step=0)


def _column_only(field: FieldType) -> FieldType:
    field.indexed = False
    return field


def paper_document(paper: Paper, fallback_year: int) -> dict:
    """The fields Whoosh indexes for one paper."""
    date = paper.date
    listed = {a.listing_date.sort_key(fallback_year) for a in paper.appearances if a.listing_date is not None}
    document = {
        "id": paper.id,
        # Each pairs field right after its field, given the same string: split once (analysis.py).
        "title": paper.title,
        "title_pairs": paper.title,
        "abstract": paper.abstract,
        "abstract_pairs": paper.abstract,
        "date": date.sort_key(fallback_year) if date is not None else NO_DATE,
        # Newest first: the column takes the first value. Each date once: a term twice in one
        # document would be two postings of it.
        "listed": sorted(listed, reverse=True) or NO_DATE,
        "title_sort": normalise_title(paper.title),
        "rising": rising_key(paper, fallback_year),
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
