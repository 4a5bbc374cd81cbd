"""Running queries on one open Whoosh index: ordering, paging, terms and suggestions.

Paging: a page deep in the results must cost what the first page costs, so a
query's full order (document numbers only) is computed once and cached; each
page then reads only its own stored documents.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Every, Or, Query, Term

from index.engine.query import make_parser, parse_query

SORTS = ("relevance", "date", "upvotes", "title")
# Which way each sort runs unless reversed: relevance, date and upvotes highest first.
_DESCENDING = {"relevance": True, "date": True, "upvotes": True, "title": False}
_SORT_COLUMN = {"date": "date", "upvotes": "upvotes_rank", "title": "title_sort"}
_CACHED_ORDERS = 16
_TOP_SCORED = 200  # relevance pages within this are scored with Whoosh's top-N collector
SIMILAR_TERMS = 8
_TEXT_FIELDS = ("title", "abstract", "org")


class EngineSearcher:
    """An open index and its searcher; not thread-safe, one per thread."""

    def __init__(self, folder: Path) -> None:
        self._index = whoosh_index.open_dir(str(folder))
        self._searcher = self._index.searcher()
        self._parser = make_parser(self._index.schema)
        self._orders: OrderedDict[tuple, list[int]] = OrderedDict()
        self._columns: dict[str, list] = {}

    def close(self) -> None:
        self._searcher.close()

    @property
    def paper_count(self) -> int:
        return self._searcher.doc_count()

    def parse(self, text: str) -> Query:
        return parse_query(self._parser, text, self._searcher.reader())

    def page(self, query: Query, sort: str, reverse: bool, offset: int, limit: int) -> tuple[int, list[tuple[int, float | None]]]:
        """The total number of matches and the (docnum, score) pairs of one page."""
        if sort == "relevance" and not reverse and offset + limit <= _TOP_SCORED and not isinstance(query, Every):
            results = self._searcher.search(query, limit=offset + limit)
            pairs = [(hit.docnum, hit.score) for hit in results[offset : offset + limit]]
            return len(results), pairs
        order = self._order(query, sort, reverse)
        return len(order), [(docnum, None) for docnum in order[offset : offset + limit]]

    def _order(self, query: Query, sort: str, reverse: bool) -> list[int]:
        key = (repr(query), sort, reverse)
        order = self._orders.get(key)
        if order is None:
            order = self._compute_order(query, sort, reverse)
            self._orders[key] = order
            if len(self._orders) > _CACHED_ORDERS:
                self._orders.popitem(last=False)
        self._orders.move_to_end(key)
        return order

    def _compute_order(self, query: Query, sort: str, reverse: bool) -> list[int]:
        descending = _DESCENDING[sort] != reverse
        if sort == "relevance" and not isinstance(query, Every):
            results = self._searcher.search(query, limit=None)
            docnums = [hit.docnum for hit in results]
            return docnums[::-1] if reverse else docnums
        docnums = list(self._searcher.docs_for_query(query))
        values = self._column(_SORT_COLUMN.get(sort, "date"))
        docnums.sort(key=values.__getitem__, reverse=descending)
        return docnums

    def _column(self, name: str) -> list:
        if name not in self._columns:
            reader = self._searcher.reader()
            self._columns[name] = list(reader.column_reader(name))
        return self._columns[name]

    def record(self, docnum: int) -> dict:
        return json.loads(self._searcher.stored_fields(docnum)["record"])

    def docnum(self, paper_id: str) -> int | None:
        return self._searcher.document_number(id=paper_id)

    def matched_terms(self, query: Query) -> dict[str, set[str]]:
        """The index terms a query matches, by field, for highlighting.

        Not Query.existing_terms: in Whoosh 2.7 its loop variable shadows the
        field filter, so it drops every field after the first.
        """
        reader = self._searcher.reader()
        terms: dict[str, set[str]] = {}
        for leaf in query.leaves():
            for field, text in leaf.expanded_terms(reader, phrases=True):
                if isinstance(text, bytes):
                    text = self._index.schema[field].from_bytes(text)
                if isinstance(text, str) and (field, text) in reader:
                    terms.setdefault(field, set()).add(text)
        return terms

    def has_words(self, query: Query) -> bool:
        """Whether the query has text terms, so relevance is a meaningful order."""
        return any(leaf.field() in _TEXT_FIELDS for leaf in query.leaves())

    def spans(self, field: str, text: str, words: set[str]) -> list[tuple[int, int]]:
        """Character spans of the tokens of `text` that are among `words` (index terms)."""
        if not words:
            return []
        analyzer = self._index.schema[field].analyzer
        return [
            (token.startchar, token.endchar)
            for token in analyzer(text, chars=True, mode="index")
            if token.text in words
        ]

    def suggestion(self, query: Query, text: str) -> str | None:
        """Whoosh's spelling correction of the query text, or None if it has none."""
        # Suggestions come from unstemmed title words (the `spell` field), not stems.
        words = self._searcher.corrector("spell")
        correctors = {"title": words, "abstract": words, "spell": words}
        corrected = self._searcher.correct_query(query, text, correctors=correctors)
        if corrected.query == query or corrected.string == text:
            return None
        return corrected.string

    def similar(self, docnum: int, limit: int) -> tuple[list[tuple[int, float]], list[str]]:
        """Papers like the given one, and the key words the likeness used."""
        fields = self._searcher.stored_fields(docnum)
        text = f"{fields['title']} {fields['abstract']}"
        key_terms = self._searcher.key_terms_from_text("abstract", text, numterms=SIMILAR_TERMS)
        if not key_terms:
            return [], []
        query = Or([Term("abstract", stem, boost=weight) for stem, weight in key_terms])
        results = self._searcher.search(query, limit=limit + 1)
        pairs = [(hit.docnum, hit.score) for hit in results if hit.docnum != docnum][:limit]
        return pairs, self._surface_words(text, [stem for stem, _weight in key_terms])

    def _surface_words(self, text: str, stems: list[str]) -> list[str]:
        """Show 'stability' rather than the index's stem 'stabil'."""
        surface: dict[str, str] = {}
        for token in self._index.schema["abstract"].analyzer(text, chars=True, mode="index"):
            surface.setdefault(token.text, text[token.startchar : token.endchar].lower())
        return [surface.get(stem, stem) for stem in stems]
