"""A reading list as RIS (Zotero, EndNote, Mendeley): one ELEC (web page) record per paper.

RIS is a line format (`TI  - value`): every value is written as one line, so no text
from a listing can start a tag of its own or end the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from index.export import citation_fields as cite
from index.export.bibtex import citation_keys
from index.shelf.saved_papers import SavedPaper

# Readers split a UR value at semicolons (several links in one line, as EndNote writes them).
_URL_SPLIT = str.maketrans({";": "%3B"})


def to_ris(papers: Sequence[SavedPaper]) -> str:
    return "".join(_record(key, paper) for key, paper in zip(citation_keys(papers), papers, strict=True))


def _record(key: str, paper: SavedPaper) -> str:
    tags = [("TY", "ELEC"), ("ID", key), ("TI", paper.title)]
    published = cite.published(paper)
    if published:
        tags += [("PY", str(published.year)), ("DA", _ris_date(published))]
    links = cite.links(paper)
    tags += [("UR", link.translate(_URL_SPLIT)) for link in links]
    if links:
        tags.append(("Y2", _ris_date(cite.accessed(paper))))
    if paper.organisation:
        tags.append(("PB", paper.organisation))
    tags += [("AB", paper.abstract), ("N1", cite.listing_note(paper)), ("N1", paper.note)]
    lines = [f"{tag}  - {value}" for tag, value in ((tag, cite.one_line(text)) for tag, text in tags) if value]
    return "\n".join(lines) + "\nER  - \n\n"


def _ris_date(day: date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"
