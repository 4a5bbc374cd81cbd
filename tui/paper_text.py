"""How a paper's fields read on screen, as Rich Text built from data (never markup)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rich.style import Style
from rich.text import Text

from index.listings.dates import ListingDate
from index.listings.links import abstract_links
from index.listings.paper_page import paper_page
from index.listings.rising import rising_parts
from index.listings.papers import Paper
from tui.safe_text import visible

HIGHLIGHT = Style(bold=True, reverse=True)


def date_text(date: ListingDate | None) -> str:
    return date.display() if date is not None else ""


def links(paper: Paper) -> list[str]:
    return abstract_links(paper.abstract)


def links_to_offer(paper: Paper, template: str) -> tuple[list[str], str | None]:
    """What `o` offers: the paper's own page first, then its abstract's links in order, each
    once; and the page (None for a title no link can hold)."""
    page = paper_page(paper.title, template)
    return list(dict.fromkeys([*([page] if page else []), *links(paper)])), page


def meta_line(paper: Paper) -> str:
    listed = f"listed {date_text(paper.first_listed)}" if paper.first_listed else ""
    parts = [part for part in [date_text(paper.published) or listed] if part]
    if paper.authors is not None:
        parts.append(f"{paper.authors} authors")
    if paper.organisation is not None:
        parts.append(paper.organisation.name)
    if paper.upvotes is not None:
        parts.append(f"{paper.upvotes} upvotes")
    if (rise := rising_parts(paper)) is not None:
        parts.append(f"{rise.gain:+} since {date_text(rise.since)} · {rise.per_day:.3g} a day")
    if paper.appearances:  # none for a saved paper shown from its snapshot
        listings = ", ".join(date_text(a.listing_date) or Path(a.file).name for a in paper.appearances)
        parts.append(f"in listings: {listings}")
    return visible(" · ".join(parts))


def _after_marks(text: str, at: int) -> int:
    while 0 <= at < len(text) and unicodedata.category(text[at]) in ("Mn", "Me"):
        at += 1
    return at


def highlighted(text: str, spans: list[tuple[int, int]], style: Style | str = HIGHLIGHT) -> Text:
    """`text` made visible, the characters in `spans` (offsets into `text`) in `style`.

    Piece by piece: visible() may drop characters (format characters, extra combining
    marks), so offsets into the original text are not offsets into the shown one.
    """
    shown = Text()
    position = 0
    for start, end in sorted((max(0, a), min(len(text), b)) for a, b in spans if b > a):
        # A piece never starts on a combining mark: it stays with the character it is drawn on
        # (visible() cuts a mark with nothing before it; a virama after "0000000" was lost).
        start, end = _after_marks(text, start), _after_marks(text, end)
        if start < position:
            start = position  # overlapping spans: the earlier one already covers it
        if start >= end:
            continue
        shown.append(visible(text[position:start]))
        shown.append(visible(text[start:end]), style)
        position = end
    shown.append(visible(text[position:]))
    return shown
