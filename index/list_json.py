"""A reading list as JSON, both ways: everything the store holds for the list.

The text is exact for round trips (export, import, export gives the same
bytes) and escapes every character a terminal would act on, so it is safe to print.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from index.errors import PapershelfError
from index.saved_papers import ListSummary, SavedPaper

FORMAT_NAME = "papershelf reading list"
FORMAT_VERSION = 1
# json leaves DEL, C1 controls and bidirectional overrides raw; a terminal acts on them.
_RAW_CONTROLS = (0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPES = str.maketrans({code: f"\\u{code:04x}" for code in _RAW_CONTROLS})

_FIELDS = {  # field: (accepted types, default when missing)
    "id": (str, None), "title": (str, None), "abstract": (str, ""), "published": (str, ""),
    "published_iso": ((str, type(None)), None), "upvotes": ((int, type(None)), None),
    "organisation": ((str, type(None)), None), "authors": ((int, type(None)), None),
    "links": (list, []), "position": (int, 0), "added_at": (str, ""),
    "read_at": ((str, type(None)), None), "note": (str, ""),
}


class ListFileError(PapershelfError):
    """A file that is not a papershelf reading-list export."""


def entry_record(paper: SavedPaper) -> dict:
    """One saved paper as plain data (also what `papershelf list --json` prints)."""
    record = dataclasses.asdict(paper)
    record["read"] = paper.read
    return record


def to_json(summary: ListSummary, papers: Sequence[SavedPaper]) -> str:
    data = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": summary.name,
        "created": summary.created,
        "entries": [entry_record(paper) for paper in papers],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_ESCAPES) + "\n"


def from_json(text: str) -> tuple[str, str, list[SavedPaper]]:
    """(list name, created, papers) from an export; ListFileError says what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ListFileError(f"not JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ListFileError(f"not a papershelf reading-list export (no \"format\": \"{FORMAT_NAME}\")")
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise ListFileError(f"export version {data.get('version')!r} is newer than this papershelf reads")
    name, created, entries = data.get("name"), data.get("created", ""), data.get("entries")
    if not isinstance(name, str) or not isinstance(created, str) or not isinstance(entries, list):
        raise ListFileError("the export needs a \"name\", a \"created\" text and a list of \"entries\"")
    return name, created, [_paper(entry, number) for number, entry in enumerate(entries, start=1)]


def _paper(entry: object, number: int) -> SavedPaper:
    if not isinstance(entry, dict):
        raise ListFileError(f"entry {number} is not an object")
    values = {}
    for field, (types, default) in _FIELDS.items():
        value = entry.get(field, default)
        if value is None and default is None and types is str:
            raise ListFileError(f"entry {number} has no \"{field}\"")
        # bool is an int to isinstance; a true/false upvote count is a mistake.
        if not isinstance(value, types) or isinstance(value, bool):
            raise ListFileError(f"entry {number}: \"{field}\" has the wrong type")
        values[field] = value
    if not all(isinstance(link, str) for link in values["links"]) or not values["id"]:
        raise ListFileError(f"entry {number}: bad \"id\" or \"links\"")
    return SavedPaper(**values)
