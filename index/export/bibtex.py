"""A reading list as BibTeX: one @misc per paper, keys stable for the same list.

Field values are LaTeX-escaped with brace-free replacements for `{` and `}`,
so every value stays brace-balanced, which BibTeX requires whatever a title holds.
BibLaTeX (index/export/biblatex.py) writes its values the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from index.export.citation_fields import in_listings
from index.listings.links import safe_url
from index.shelf.saved_papers import SavedPaper

_LATEX = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
})
_URL_UNSAFE = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20", '"': "%22"})
_WORD = re.compile(r"[a-z0-9]+")
# An @ first on a line starts an entry for bibtexparser, even inside a value; `{@}` prints the same.
_AT_LINE_START = re.compile(r"(\n\s*)@")


def escape(text: str) -> str:
    """Text as a BibTeX value: LaTeX specials escaped, control characters dropped, no line
    starting with an @."""
    kept = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    return _AT_LINE_START.sub(r"\1{@}", kept.translate(_LATEX))


def url_value(url: str) -> str:
    """A safe URL as a BibTeX value: the characters that would end or escape it percent-encoded."""
    return url.translate(_URL_UNSAFE)


def citation_keys(papers: Sequence[SavedPaper]) -> list[str]:
    """First title word + year; repeats get a, b, c... in list order."""
    keys: list[str] = []
    taken: set[str] = set()
    for paper in papers:
        base = _first_word(paper.title) + _year(paper)
        key, serial = base, 0
        while key in taken:
            key, serial = base + _letters(serial), serial + 1
        taken.add(key)
        keys.append(key)
    return keys


def _first_word(title: str) -> str:
    # Accents folded to ASCII: keys must be plain for every BibTeX tool.
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    match = _WORD.search(ascii_title)
    return match.group(0) if match else "paper"


def _year(paper: SavedPaper) -> str:
    return paper.published_iso[:4] if paper.published_iso else ""


def _letters(serial: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: a suffix for every repeat."""
    text = ""
    serial += 1
    while serial:
        serial, rest = divmod(serial - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def to_bibtex(papers: Sequence[SavedPaper]) -> str:
    return "\n".join(_entry(key, paper) for key, paper in zip(citation_keys(papers), papers, strict=True))


def _entry(key: str, paper: SavedPaper) -> str:
    fields = [("title", "{" + escape(" ".join(paper.title.split())) + "}")]  # inner braces keep its case
    if paper.published_iso:
        fields.append(("year", paper.published_iso[:4]))
    note = _note(paper)
    if note:
        fields.append(("note", escape(note)))
    links = [link for link in paper.links if safe_url(link) is not None]
    if links:
        fields.append(("url", url_value(links[0])))
    if paper.note.strip():
        fields.append(("annote", escape(paper.note.strip())))
    return entry_text("misc", key, fields)


def entry_text(kind: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """One entry: each value, already escaped, between braces."""
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}\n"


def _note(paper: SavedPaper) -> str:
    parts = [paper.organisation] if paper.organisation else []
    if paper.upvotes is not None:
        parts.append(f"{paper.upvotes} upvote{'' if paper.upvotes == 1 else 's'}")
    if listings := in_listings(paper):
        parts.append(listings)
    return "; ".join(parts)
