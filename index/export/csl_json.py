"""A reading list as CSL-JSON, the input of citeproc and Pandoc: one `webpage` item per paper.

Item ids are the BibTeX keys (index/export/bibtex.py), so `@key` cites the same paper in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from index.export import citation_fields as cite
from index.export.bibtex import citation_keys
from index.export.list_json import safe_json
from index.shelf.saved_papers import SavedPaper


def to_csl_json(papers: Sequence[SavedPaper]) -> str:
    return safe_json([_item(key, paper) for key, paper in zip(citation_keys(papers), papers, strict=True)])


def _item(key: str, paper: SavedPaper) -> dict:
    item: dict = {"id": key, "type": "webpage", "title": cite.one_line(paper.title)}
    published = cite.published(paper)
    if published:
        item["issued"] = _csl_date(published)
    links = cite.links(paper)
    if links:
        item["URL"] = links[0]
        item["accessed"] = _csl_date(cite.accessed(paper))
    texts = {
        "publisher": cite.one_line(paper.organisation or ""),
        "abstract": cite.block(paper.abstract),
        "note": cite.listing_note(paper),
        "annote": cite.block(paper.note),
    }
    item.update((name, text) for name, text in texts.items() if text)
    return item


def _csl_date(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}
