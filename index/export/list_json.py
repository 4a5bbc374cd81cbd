"""A reading list as JSON, both ways: everything the store holds for the list.

The text is exact for round trips (export, import, export gives the same
bytes) and escapes every character a terminal would act on, so it is safe to print.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

from index.errors import PapershelfError
from index.listings.links import safe_url
from index.export.list_json_fields import ENTRY_FIELDS, REQUIRED, STAMP_OR_EMPTY, TEXT, Rule, kind
from index.shelf.saved_papers import ListSummary, SavedPaper

FORMAT_NAME = "papershelf reading list"
FORMAT_VERSION = 1
# json leaves DEL, C1 controls and bidirectional overrides raw; a terminal acts on them.
_RAW_CONTROLS = (0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPES = str.maketrans({code: f"\\u{code:04x}" for code in _RAW_CONTROLS})


class ListFileError(PapershelfError):
    """A file that is not a papershelf reading-list export."""


def entry_record(paper: SavedPaper) -> dict:
    """One saved paper as plain data (also what `papershelf list --json` prints)."""
    record = dataclasses.asdict(paper)
    del record["listings"]  # from the index, not the list: the citation formats' note carries them
    record["read"] = paper.read
    return record


def to_json(summary: ListSummary, papers: Sequence[SavedPaper]) -> str:
    return safe_json(list_record(summary, papers))


def list_record(summary: ListSummary, papers: Sequence[SavedPaper]) -> dict:
    """A list as the export holds it (also a list of a whole-store export, index.shelf.store_json)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "name": summary.name,
        "created": summary.created,
        "entries": [entry_record(paper) for paper in papers],
    }


def safe_json(data: object) -> str:
    """Indented JSON with every character a terminal would act on escaped, and a final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_ESCAPES) + "\n"


def from_json(text: str) -> tuple[str, str, list[SavedPaper]]:
    """(list name, created, papers) from an export; ListFileError says what is wrong, and where."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ListFileError(f"not JSON: {error}") from None
    except RecursionError:
        raise ListFileError("not a reading-list export: its values are nested too deeply") from None
    return from_record(data)


def from_record(data: object) -> tuple[str, str, list[SavedPaper]]:
    """(list name, created, papers) from an export's decoded JSON (see from_json)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise ListFileError(f"not a papershelf reading-list export (no \"format\": \"{FORMAT_NAME}\")")
    _check_version(data.get("version"))
    name = _checked(data, "name", TEXT, "the export")
    created = _checked(data, "created", STAMP_OR_EMPTY, "the export")
    entries = data.get("entries")
    if not name.strip():
        raise ListFileError("the export's \"name\" is empty")
    if not isinstance(entries, list):
        raise ListFileError(f"the export's \"entries\" must be a list, not {kind(entries)}")
    return name, created, [_paper(entry, number) for number, entry in enumerate(entries, start=1)]


def _check_version(version: object) -> None:
    # bool is an int to isinstance: `"version": true` is no version at all.
    if type(version) is not int:
        raise ListFileError(f"the export's \"version\" must be a whole number, not {kind(version)}")
    if version > FORMAT_VERSION:
        raise ListFileError(
            f"export version {version} is newer than this papershelf reads (up to {FORMAT_VERSION}); "
            "update papershelf to import it"
        )
    if version < 1:
        raise ListFileError(f"export version {version} is older than any this papershelf reads (1 to {FORMAT_VERSION})")


def _paper(entry: object, number: int) -> SavedPaper:
    if not isinstance(entry, dict):
        raise ListFileError(f"entry {number} is not an object")
    where = f"entry {number}"
    values = {name: _checked(entry, name, rule, where) for name, rule in ENTRY_FIELDS.items()}
    # Only what papershelf itself takes as a link (an http(s) URL of printable ASCII) is kept: a
    # link becomes a hyperlink, a browser argument and an export's url, and an older papershelf
    # took some that were not (a BEL or ESC inside).
    values["links"] = [link for link in values["links"] if safe_url(link) is not None]
    return SavedPaper(**values)


def _checked(record: dict, name: str, rule: Rule, where: str) -> object:
    """The record's value for `name`, checked by `rule`; ListFileError names the place and field."""
    value = record.get(name, rule.default)
    if value is REQUIRED:
        raise ListFileError(f"{where} has no \"{name}\"")
    problem = rule.problem(value)
    if problem:
        raise ListFileError(f"{where}: \"{name}\" {problem}")
    return value

