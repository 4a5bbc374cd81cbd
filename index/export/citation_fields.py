"""What a citation can say about a saved paper, shared by the BibLaTeX, RIS and CSL-JSON writers.

The listings name no authors (only their number), so no writer emits an author:
a made-up one would be cited as if it were true.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timezone

from index.listings.links import safe_url
from index.shelf.saved_papers import SavedPaper

# arXiv's own pages (abs, pdf, html) and the Hugging Face paper pages, which are named by the arXiv id.
_ARXIV_LINK = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"(?P<id>\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)(?:\.pdf)?/?$"
    r"|https?://huggingface\.co/papers/(?P<hf>\d{4}\.\d{4,5})/?$",
    re.ASCII,
)


def without_controls(text: str) -> str:
    """Text with its control characters dropped, line breaks and tabs kept."""
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def block(text: str) -> str:
    """Text of several lines (an abstract, a note): control characters dropped, its ends trimmed."""
    return without_controls(text).strip()


def one_line(text: str) -> str:
    """Text as one line: every run of whitespace (line and paragraph separators included) one space."""
    return " ".join(without_controls(text).split())


def links(paper: SavedPaper) -> list[str]:
    """The paper's links that may become a citation's url (papershelf's own check, again: an
    import of an older export may hold others)."""
    return [link for link in paper.links if safe_url(link) is not None]


def arxiv_id(paper: SavedPaper) -> str | None:
    """The arXiv id the paper's first arXiv link names (`2401.00001v2`, `hep-th/9901001`), else None."""
    for link in links(paper):
        found = _ARXIV_LINK.match(link)
        if found:
            return found.group("id") or found.group("hf")
    return None


def published(paper: SavedPaper) -> date | None:
    """The paper's date when its year is known (published, else first listed)."""
    return date.fromisoformat(paper.published_iso) if paper.published_iso else None


def accessed(paper: SavedPaper) -> date:
    """When the link was seen: the day the paper went into its list, else today (a one-off copy)."""
    if paper.added_at:
        return datetime.fromisoformat(paper.added_at.replace("Z", "+00:00")).date()
    return datetime.now(timezone.utc).date()


def listing_note(paper: SavedPaper) -> str:
    """What the listing says that no citation field holds: upvotes, the number of authors, a
    date shown without its year, the listings it appeared in."""
    parts = []
    if paper.upvotes is not None:
        parts.append(f"{paper.upvotes} upvote{'' if paper.upvotes == 1 else 's'}")
    if paper.authors is not None:
        parts.append(f"{paper.authors} author{'' if paper.authors == 1 else 's'}")
    if paper.published and not paper.published_iso:
        parts.append(f"dated {one_line(paper.published)} (year not shown)")
    if listings := in_listings(paper):
        parts.append(listings)
    return "; ".join(parts)


def in_listings(paper: SavedPaper) -> str:
    """ "in listings 2024-11-04, 2024-11-11", or "" when none is known."""
    names = [one_line(name).replace(",", " ") for name in paper.listings]
    return f"in listing{'' if len(names) == 1 else 's'} {', '.join(names)}" if names else ""
