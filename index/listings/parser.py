"""Read one listing file (a captured Daily Papers page) into entries and problems.

The format is described in the project's listing-format notes: a header ending
in the listing date, then entries of a title line, an abstract line and an
optional metadata block (authors or organisation, a lone middle dot, the
published date with an optional upvote count). Reading never raises for the
file's content: every damage becomes a `Problem` with the file and line, the
damaged entry is skipped and every good entry of the file is still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from index.listings.dates import ListingDate, YearSource, infer_capture_year, parse_date_line
from index.sync.manifest import Unreadable, read_bytes
from index.listings.entries import Entry, Organisation, ParsedListing
from index.listings.problems import Problem

KNOWN_HEADER_LINES = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)
_HEADER_SCAN = 12  # the header is a handful of short lines
_HEADER_LINE_MAX = 100
_AUTHORS_LINE = re.compile(r"^\s*\u2022\s*(\d{1,6}) authors?$")
# The shape of a metadata date line ("Feb 30", "Jul 11, 99999 4"): one that parse_date_line
# refuses is a damaged date, not the next paper's title (which shifted every line after it).
_DATE_SHAPED = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,9}(, \d{1,9})?( \d{1,30})?$")
_META_DOT = "\u00b7"
# A line this long cannot be a title; one this short is unlikely to be an abstract.
# Used only to tell "two titles in a row" from a short abstract.
_TITLE_MAX = 1000
_SHORT_LINE = 250
_ABSTRACT_MAX = 200_000  # past this a line is damage, not an abstract
_SNIFF_BYTES = 8192






@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str
    damage: str | None  # why this line cannot be trusted, if it cannot


def read_listing(path: str | Path, capture_year: int | None = None) -> ParsedListing:
    """Read and parse the listing at `path`; `capture_year` overrides the inferred one."""
    try:
        _fingerprint, data = read_bytes(Path(path))
    except Unreadable as why:
        parsed = ParsedListing(str(path))
        parsed.problems.append(Problem(str(path), None, str(why)))
        return parsed
    return parse_listing(str(path), data, capture_year)


def parse_listing(name: str, data: bytes, capture_year: int | None = None) -> ParsedListing:
    """Parse a listing file's bytes (as read from the file `name`)."""
    parsed = ParsedListing(name)
    lines = _read_lines(data, name, parsed.problems)
    if lines is None:
        return parsed
    if not lines:
        parsed.problems.append(Problem(name, None, "the file is empty: no papers in it"))
        return parsed
    start = _read_header(lines, parsed)
    _EntryReader(lines, start, parsed).read_all()
    _apply_capture_year(parsed, capture_year)
    return parsed


def _read_lines(data: bytes, name: str, problems: list[Problem]) -> list[_Line] | None:
    """The file's non-blank lines, decoded; None when it is not a text file.

    Lines end at LF or CRLF, as an editor and `grep -n` count them; a lone CR inside
    a line is a character of it (a title's "shown\rhidden" stays one title, shown with
    a stand-in). Only a file with no LF at all (a classic Mac file) has its lines end at
    CR. Not at the other Unicode line breaks a title might contain either.
    """
    if _looks_binary(data[:_SNIFF_BYTES]):
        problems.append(Problem(name, None, "is not a text file (binary data): skipped"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # byte-order mark
    lines: list[_Line] = []
    for number, raw in enumerate(_raw_lines(data), start=1):
        line = _decode(number, raw)
        if line.text:
            lines.append(line)
    return lines


def _raw_lines(data: bytes) -> list[bytes]:
    if b"\n" not in data:
        return data.split(b"\r")
    return [raw[:-1] if raw.endswith(b"\r") else raw for raw in data.split(b"\n")]


def _looks_binary(head: bytes) -> bool:
    """Many control bytes: not text. A stray NUL only damages its own line."""
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return bool(head) and controls / len(head) > 0.05


def _decode(number: int, raw: bytes) -> _Line:
    damage = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        damage = f"is not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})"
    if "\x00" in text:
        damage = "contains binary data (NUL bytes)"
    return _Line(number, text.strip(), damage)


def _read_header(lines: list[_Line], parsed: ParsedListing) -> int:
    """Find the listing date; return the index of the first entry line."""
    for index, line in enumerate(lines[:_HEADER_SCAN]):
        date_line = parse_date_line(line.text)
        if date_line is not None and date_line.upvotes is None and date_line.date.year is None:
            parsed.listing_date = date_line.date
            return index + 1
        if len(line.text) > _HEADER_LINE_MAX:
            break
    known = 0
    while known < len(lines) and lines[known].text in KNOWN_HEADER_LINES:
        known += 1
    where = lines[known].number if known < len(lines) else lines[-1].number
    parsed.problems.append(
        Problem(parsed.path, where, "no listing date in the header: the listing's date is unknown")
    )
    return known


class _EntryReader:
    """Walks the lines after the header, entry by entry, resynchronising after damage."""

    def __init__(self, lines: list[_Line], start: int, parsed: ParsedListing) -> None:
        self.lines = lines
        self.position = start
        self.parsed = parsed

    def read_all(self) -> None:
        while self.position < len(self.lines):
            self._read_entry()

    def _text(self, index: int) -> str | None:
        return self.lines[index].text if index < len(self.lines) else None

    def _problem(self, line: _Line, message: str) -> None:
        self.parsed.problems.append(Problem(self.parsed.path, line.number, message))

    def _is_meta_start(self, index: int) -> bool:
        text = self._text(index)
        if text is None:
            return False
        return (
            _AUTHORS_LINE.match(text) is not None
            or text == _META_DOT
            or self._text(index + 1) == _META_DOT
            or parse_date_line(text) is not None
            or _DATE_SHAPED.match(text) is not None
        )

    def _read_entry(self) -> None:
        start = self.position
        title = self.lines[start]
        if self._is_meta_start(start):
            self._problem(title, "metadata line outside any paper entry: skipped")
            self.position += 1
            return
        if start + 1 >= len(self.lines):
            self._problem(title, "paper entry has a title but no abstract (the file ends): skipped")
            self.position += 1
            return
        if self._is_meta_start(start + 1) or self._abstract_missing(start):
            self._problem(title, "paper entry has no abstract line: skipped")
            self.position += 1
            return
        abstract = self.lines[start + 1]
        self.position += 2
        meta = self._read_meta() if self._is_meta_start(self.position) else _Meta()
        self._keep(title, abstract, meta)

    def _abstract_missing(self, start: int) -> bool:
        """Two titles in a row: a short line follows the title and a long one follows that."""
        following = self._text(start + 1) or ""
        after = self._text(start + 2)
        return (
            len(following) < _SHORT_LINE
            and after is not None
            and len(after) >= _SHORT_LINE
            and not self._is_meta_start(start + 2)
        )

    def _read_meta(self) -> _Meta:
        meta = _Meta()
        first = self.lines[self.position]
        authors = _AUTHORS_LINE.match(first.text)
        if authors is not None:
            meta.authors = int(authors.group(1))
            self.position += 1
        elif self._text(self.position + 1) == _META_DOT and first.text != _META_DOT:
            meta.organisation = _organisation(first.text)
            self.position += 1
        meta.damage = first.damage
        if self._text(self.position) == _META_DOT:
            self.position += 1
        text = self._text(self.position) or ""
        date_line = parse_date_line(text)
        if date_line is not None:
            meta.published, meta.upvotes = date_line.date, date_line.upvotes
            meta.damage = meta.damage or self.lines[self.position].damage
            self.position += 1
        elif _DATE_SHAPED.match(text):
            self._problem(self.lines[self.position], f"'{text}' is not a date and upvote count: the paper is kept without them")
            self.position += 1
        return meta

    def _keep(self, title: _Line, abstract: _Line, meta: _Meta) -> None:
        damage = title.damage or abstract.damage or meta.damage
        if damage is not None:
            self._problem(title, f"paper entry skipped: a line of it {damage}")
            return
        if len(title.text) > _TITLE_MAX:
            self._problem(title, f"title is {len(title.text):,} characters long: not a title, skipped")
            return
        if len(abstract.text) > _ABSTRACT_MAX:
            self._problem(abstract, f"abstract is {len(abstract.text):,} characters long: skipped")
            return
        self.parsed.entries.append(
            Entry(
                title=title.text,
                abstract=abstract.text,
                authors=meta.authors,
                organisation=meta.organisation,
                published=meta.published,
                upvotes=meta.upvotes,
                listing_date=self.parsed.listing_date,
                file=self.parsed.path,
                line=title.number,
            )
        )


@dataclass(slots=True)
class _Meta:
    authors: int | None = None
    organisation: Organisation | None = None
    published: ListingDate | None = None
    upvotes: int | None = None
    damage: str | None = None


def _organisation(text: str) -> Organisation:
    """'amazon Amazon' is the handle, then the display name."""
    handle, _, name = text.partition(" ")
    return Organisation(handle, name.strip() or handle)


def _apply_capture_year(parsed: ParsedListing, override: int | None) -> None:
    """Give year-less dates the capture year: the user's, or the one the file implies."""
    shown = [
        entry.published.year
        for entry in parsed.entries
        if entry.published is not None and entry.published.year is not None
    ]
    if override is not None:
        year, source = override, YearSource.OVERRIDE
    else:
        year, source = infer_capture_year(shown), YearSource.INFERRED  # type: ignore[arg-type]
    if year is None:
        return
    parsed.capture_year, parsed.year_source = year, source
    if parsed.listing_date is not None:
        parsed.listing_date = parsed.listing_date.with_capture_year(year, source)
    parsed.entries = [_with_year(entry, year, source) for entry in parsed.entries]


def _with_year(entry: Entry, year: int, source: YearSource) -> Entry:
    published = entry.published.with_capture_year(year, source) if entry.published else None
    listing_date = entry.listing_date.with_capture_year(year, source) if entry.listing_date else None
    return replace(entry, published=published, listing_date=listing_date)
