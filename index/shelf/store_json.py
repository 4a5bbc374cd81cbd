"""The whole reading-list store as JSON, both ways: every list, read state and note, and the
morning's state (first seen, visits, seen, dismissed) and the views.

A list is written as the list export writes it (index.export.list_json), so one format describes
a list in both. Importing merges, as importing a list does: what the store holds wins,
nothing is lost from either side (the earliest first-seen time, every visit, seen and
dismissed united, views the store lacks added). Every value is checked before the store
sees any: a bad file changes nothing and is one line naming the place and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from index.export.list_json import FORMAT_NAME as LIST_FORMAT
from index.export.list_json import ListFileError, from_record, list_record, safe_json
from index.export.list_json_fields import TEXT, kind
from index.shelf.saved_papers import SavedPaper
from index.shelf.views import View, ViewError, valid_view_name, valid_view_query, valid_view_sort

FORMAT_NAME = "papershelf reading-list store"
FORMAT_VERSION = 1
_ID = re.compile(r"[a-z0-9]{1,64}")
# The store's times: to the second (lists) or to the microsecond (the morning's).
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z", re.ASCII)
_SETS = ("first_seen", "seen", "dismissed")  # paper id -> when


@dataclass
class StoreData:
    """What a whole-store export holds, checked."""

    lists: list[tuple[str, str, list[SavedPaper]]] = field(default_factory=list)  # name, created, papers
    reads: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    first_seen: dict[str, str] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)
    dismissed: dict[str, str] = field(default_factory=dict)
    visits: list[tuple[str, str]] = field(default_factory=list)  # started, last sign of life
    views: list[View] = field(default_factory=list)


def to_store_json(data: StoreData) -> str:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "lists": [_without_format(list_record(_Summary(name, created), papers)) for name, created, papers in data.lists],
        "reads": data.reads,
        "notes": data.notes,
        **{name: getattr(data, name) for name in _SETS},
        "visits": [list(visit) for visit in data.visits],
        "views": [
            {"name": v.name, "query": v.query, "sort": v.sort, "reverse": v.reverse, "created": v.created}
            for v in data.views
        ],
    }
    return safe_json(document)


def _without_format(record: dict) -> dict:
    # A list inside the store's export: the store's format and version say what it is.
    return {key: value for key, value in record.items() if key not in ("format", "version")}


def from_store_json(text: str) -> StoreData:
    """The checked content of a whole-store export; ListFileError says what is wrong, and where."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise ListFileError(f"not JSON: {error}") from None
    except RecursionError:
        raise ListFileError("not a store export: its values are nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ListFileError(f"not a papershelf store export (no \"format\": \"{FORMAT_NAME}\")")
    version = document.get("version")
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        raise ListFileError(f"store export version {kind(version)} is not one this papershelf reads (1 to {FORMAT_VERSION})")
    data = StoreData()
    for number, listed in enumerate(_part(document, "lists", list, []), start=1):
        data.lists.append(_list(listed, number))
    data.reads = _mapping(document, "reads", _stamp_problem)
    data.notes = _mapping(document, "notes", _text_problem)
    for name in _SETS:
        setattr(data, name, _mapping(document, name, _stamp_problem))
    for number, visit in enumerate(_part(document, "visits", list, []), start=1):
        if not (isinstance(visit, list) and len(visit) == 2 and not any(map(_stamp_problem, visit))):
            raise ListFileError(f"visit {number} must be [started, last], two times like 2025-11-05T09:30:00.000000Z")
        data.visits.append((visit[0], visit[1]))
    data.views = [_view(view, number) for number, view in enumerate(_part(document, "views", list, []), start=1)]
    return data


def _list(listed: object, number: int) -> tuple[str, str, list[SavedPaper]]:
    if not isinstance(listed, dict):
        raise ListFileError(f"list {number} is not an object")
    try:
        return from_record({**listed, "format": LIST_FORMAT, "version": 1})
    except ListFileError as error:
        raise ListFileError(f"list {number}: {error}") from None


def _view(view: object, number: int) -> View:
    if not isinstance(view, dict):
        raise ListFileError(f"view {number} is not an object")
    try:
        reverse = view.get("reverse", False)
        created = view.get("created", "")
        if type(reverse) is not bool:
            raise ViewError(f"\"reverse\" must be true or false, not {kind(reverse)}")
        if created != "" and _stamp_problem(created):
            raise ViewError(f"\"created\" must be a time like 2025-11-05T09:30:00Z, not {kind(created)}")
        return View(
            valid_view_name(view.get("name")), valid_view_query(view.get("query")), valid_view_sort(view.get("sort")),
            reverse, created,
        )
    except ViewError as error:
        raise ListFileError(f"view {number}: {error}") from None


def _part(document: dict, name: str, expected: type, default):
    value = document.get(name, default)
    if not isinstance(value, expected):
        raise ListFileError(f"the export's \"{name}\" must be {'a list' if expected is list else 'an object'}, not {kind(value)}")
    return value


def _mapping(document: dict, name: str, problem: Callable[[object], str | None]) -> dict[str, str]:
    value = _part(document, name, dict, {})
    for paper_id, item in value.items():
        if not _ID.fullmatch(paper_id):
            raise ListFileError(f"\"{name}\": {_quoted(paper_id)} is not a paper id (letters a-z and digits)")
        found = problem(item)
        if found:
            raise ListFileError(f"\"{name}\" of {paper_id}: {found}")
    return dict(value)


def _stamp_problem(value: object) -> str | None:
    if isinstance(value, str) and _STAMP.fullmatch(value):
        try:
            datetime.fromisoformat(value.removesuffix("Z"))
            return None
        except ValueError:
            pass
    return f"must be a time like 2025-11-05T09:30:00Z, not {_quoted(value) if isinstance(value, str) else kind(value)}"


def _quoted(text: str) -> str:
    # repr: a control character in the file is named, not written (the message reaches a terminal).
    quoted = repr(text)
    return quoted if len(quoted) <= 40 else quoted[:37] + "..."


def _text_problem(value: object) -> str | None:
    return TEXT.problem(value)


@dataclass(frozen=True)
class _Summary:
    """What to_json needs of a list: its name and creation time."""

    name: str
    created: str
