"""Where a page's matched terms are in a paper's title and abstract, as character spans.

The index terms a query matched come with its results (SearchPage.terms); finding
them in a paper's text needs only the schema's analyzers, not the index. So the
reader's UI thread highlights a paper without the searcher or its lock, and keeps
analyzers of its own (Whoosh's stemmer caches as it goes: not for two threads).
"""

from __future__ import annotations

from index.engine.fields import STEMMED_FIELDS
from index.listings.papers import Paper

Span = tuple[int, int]
HIGHLIGHTED_FIELDS = STEMMED_FIELDS  # the fields with positions, whose words the analyzer finds in the text


class Highlighter:
    def __init__(self) -> None:
        from index.engine.schema import build_schema  # Whoosh: loaded once a search has run

        schema = build_schema()
        self._analyzers = {field: schema[field].analyzer for field in HIGHLIGHTED_FIELDS}

    def highlights(self, paper: Paper, terms: dict[str, set[str]]) -> tuple[list[Span], list[Span]]:
        """Spans of the matched terms in the paper's title and abstract."""
        return (
            self.spans("title", paper.title, terms.get("title", set())),
            self.spans("abstract", paper.abstract, terms.get("abstract", set())),
        )

    def spans(self, field: str, text: str, words: set[str]) -> list[Span]:
        """Character spans of the tokens of `text` that are among `words` (index terms of `field`)."""
        if not words:
            return []
        tokens = self._analyzers[field](text, chars=True, mode="index")
        return [(token.startchar, token.endchar) for token in tokens if token.text in words]
