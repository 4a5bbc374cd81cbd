"""A reading list written out as BibTeX, BibLaTeX, RIS, CSL-JSON, Markdown, CSV or JSON; JSON read back in."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from index.export.biblatex import to_biblatex
from index.export.bibtex import to_bibtex
from index.export.csl_json import to_csl_json
from index.export.formats import CITATION_FORMATS, FORMATS
from index.export.list_json import from_json, to_json
from index.listings.links import safe_url
from index.listings.paper_page import DEFAULT_PAPER_URL, paper_page
from index.shelf.store import ReadingStore
from index.export.ris import to_ris
from index.shelf.saved_papers import ListSummary, SavedPaper
from index.user_files import UserFileError, read_text_file

CSV_COLUMNS = (
    "position", "id", "title", "published", "published_iso", "upvotes", "organisation", "authors",
    "read", "read_at", "added_at", "links", "note",
)
IMPORT_LIMIT = 256 * 2**20  # an export of 100,000 papers with their abstracts is some 170 MB
# Characters Markdown would read as formatting inside a title.
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~$"})


Listings = Callable[[list[str]], Mapping[str, tuple[str, ...]]]


def export_list(
    store: ReadingStore, name: str, format: str, listings: Listings | None = None, paper_url: str = DEFAULT_PAPER_URL,
) -> str:
    """The list in `format`. For the citation formats: `listings`, given the list's paper ids,
    says which listings each appeared in (from the index: the store does not keep them), for
    the note; a paper whose abstract has no link is cited with its page from the `paper_url`
    template (index/listings/paper_page.py)."""
    summary = store.summary(name)
    papers = store.entries(summary.name)
    if format in CITATION_FORMATS and listings is not None:
        found = listings([paper.id for paper in papers])
        papers = [replace(paper, listings=found.get(paper.id, ())) for paper in papers]
    return _written(summary, papers, format, paper_url)


def _written(summary: ListSummary, papers: Sequence[SavedPaper], format: str, paper_url: str) -> str:
    if format in CITATION_FORMATS:
        return citations(papers, format, paper_url)
    if format == "json":
        return to_json(summary, papers)
    if format == "md":
        return to_markdown(summary, papers)
    if format == "csv":
        return to_csv(papers)
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")


def citations(papers: Sequence[SavedPaper], format: str, paper_url: str = DEFAULT_PAPER_URL) -> str:
    """Papers in one of the citation formats (what `Y` copies, and a list's export)."""
    writers = {"bibtex": to_bibtex, "biblatex": to_biblatex, "ris": to_ris, "csljson": to_csl_json}
    if format not in writers:
        raise ValueError(f"unknown citation format {format!r}; use one of {', '.join(CITATION_FORMATS)}")
    return writers[format]([_with_page(paper, paper_url) for paper in papers])


def _with_page(paper: SavedPaper, paper_url: str) -> SavedPaper:
    """The paper as cited: when its abstract gave it no link, its page is the one."""
    if any(safe_url(link) is not None for link in paper.links):
        return paper
    page = paper_page(paper.title, paper_url)
    return replace(paper, links=[page]) if page else paper


def import_file(store: ReadingStore, path: Path) -> tuple[str, int, int]:
    """Merge the JSON export at `path` (a regular file, at most IMPORT_LIMIT bytes) into the store."""
    text = read_text_file(path, IMPORT_LIMIT)
    if text is None:
        raise UserFileError("read", path, "no such file")
    return import_json(store, text)


def import_json(store: ReadingStore, text: str) -> tuple[str, int, int]:
    """Merge a JSON export into the store: (list name, papers new to it, papers already there)."""
    name, created, papers = from_json(text)
    added = store.import_entries(name, created, papers)
    return store.summary(name).name, added, len(papers) - added


def export_store(store: ReadingStore) -> str:
    """The whole store as JSON (index.shelf.store_json): lists, read state, notes, the morning's state, views."""
    from index.shelf.store_json import to_store_json

    return to_store_json(store.export_whole())


def import_store_file(store: ReadingStore, path: Path) -> dict[str, int]:
    """Merge a whole-store export at `path` (a regular file of at most IMPORT_LIMIT bytes), all
    checked before the store sees any of it; how many of each kind were new to the store."""
    from index.shelf.store_json import from_store_json

    text = read_text_file(path, IMPORT_LIMIT)
    if text is None:
        raise UserFileError("read", path, "no such file")
    return store.import_whole(from_store_json(text))


def markdown_text(text: str) -> str:
    """A title as Markdown that shows it literally."""
    return " ".join(text.split()).translate(_MARKDOWN)


def to_markdown(summary: ListSummary, papers: Sequence[SavedPaper]) -> str:
    lines = [f"# {markdown_text(summary.name)}", ""]
    for paper in papers:
        date = f" ({paper.published})" if paper.published else ""
        lines.append(f"- [{'x' if paper.read else ' '}] **{markdown_text(paper.title)}**{date}")
        lines.extend(f"  - <{link}>" for link in paper.links if safe_url(link) is not None)
        if paper.note.strip():
            first, *rest = paper.note.strip().split("\n")
            lines.append(f"  - Note: {first}")
            lines.extend(f"    {line}" if line.strip() else "" for line in rest)
    return "\n".join(lines) + "\n"


def to_csv(papers: Sequence[SavedPaper]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for paper in papers:
        row = {name: getattr(paper, name, None) for name in CSV_COLUMNS}
        row.update(read="yes" if paper.read else "no", links=" ".join(paper.links))
        writer.writerow(["" if row[name] is None else row[name] for name in CSV_COLUMNS])
    return buffer.getvalue()


def export_papers(
    name: str, created: str, papers: Sequence[SavedPaper], format: str, paper_url: str = DEFAULT_PAPER_URL,
) -> str:
    """Papers that are in no list (those marked in the reader) written as if they were the list
    `name`, as export_list writes a list."""
    summary = ListSummary(name, created, len(papers), sum(not paper.read for paper in papers))
    return _written(summary, papers, format, paper_url)
