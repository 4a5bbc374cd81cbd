"""A reading list as BibLaTeX: one @online per paper, with urldate, and the arXiv id as an eprint.

Keys and escaping are BibTeX's (index/export/bibtex.py): the same list gives the same keys in both.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.export import citation_fields as cite
from index.export.bibtex import citation_keys, entry_text, escape, url_value
from index.shelf.saved_papers import SavedPaper


def to_biblatex(papers: Sequence[SavedPaper]) -> str:
    return "\n".join(_entry(key, paper) for key, paper in zip(citation_keys(papers), papers, strict=True))


def _entry(key: str, paper: SavedPaper) -> str:
    fields = [("title", "{" + escape(cite.one_line(paper.title)) + "}")]  # inner braces keep its case
    published = cite.published(paper)
    if published:
        fields.append(("date", published.isoformat()))
    links = cite.links(paper)
    if links:
        fields += [("url", url_value(links[0])), ("urldate", cite.accessed(paper).isoformat())]
    eprint = cite.arxiv_id(paper)
    if eprint:
        fields += [("eprinttype", "arxiv"), ("eprint", eprint)]
    if paper.organisation:
        fields.append(("organization", escape(cite.one_line(paper.organisation))))
    texts = [("abstract", cite.block(paper.abstract)), ("note", cite.listing_note(paper)),
             ("annotation", cite.block(paper.note))]
    fields += [(name, escape(text)) for name, text in texts if text]
    return entry_text("online", key, fields)
