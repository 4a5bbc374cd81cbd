"""The first page of the reader's start screen, kept beside the index it came from.

With no query the reader opens on every paper, newest first. Opening the
Whoosh index to get those 50 papers costs more than the whole first frame
(importing Whoosh alone is ~50 ms), so each sync that changes the index also
writes them here, as the same records the index stores, and the reader shows
them while the searcher opens behind the first frame. A missing or unreadable
file is only slower: the page is computed from the index and written again.
The file holds a checksum of its records and names the commit of the index it
was computed from (see index_seal): a damaged page, or one from before the
index last changed, is not shown.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from index.index_home import read_regular
from index.sync.seal import commit_of
from index.listings.papers import paper_from_record, paper_to_record
from index.search.results import Hit, SearchPage

if TYPE_CHECKING:
    from index.search.paper_searcher import PaperSearcher

FIRST_PAGE_FILE = "first-page.json"
FIRST_PAGE_SIZE = 100  # more than a tall terminal's rows: scrolling a little needs no searcher
_FORMAT = 2
_MAX_BYTES = 64 << 20  # far more than a hundred records: past it the file is damage


def read_first_page(generation: Path) -> SearchPage | None:
    """The start screen's page of `generation`; None when the file is missing or not usable."""
    body = _checked_body(generation)
    if body is None:
        return None
    try:
        data = json.loads(body)
        hits = [Hit(paper_from_record(record), None) for record in data["records"]]
        return SearchPage("", "date", False, int(data["total"]), 0, hits)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def first_page_holds(generation: Path) -> bool:
    """Whether the kept page is whole and of the index as it is now (no parsing: a sync asks)."""
    return _checked_body(generation) is not None


def _checked_body(generation: Path) -> bytes | None:
    """The page's records, when the file is whole (its checksum) and was written from the
    index as its last commit left it (the commit its seal names): a page from before an
    update, or a damaged one, would show papers that are not those of the index."""
    try:
        head, _, body = read_regular(generation / FIRST_PAGE_FILE, _MAX_BYTES).partition(b"\n")
        header = json.loads(head)
        whole = header["sha256"] == hashlib.sha256(body).hexdigest()
        current = header["commit"] == commit_of(generation) and header["format"] == _FORMAT
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return body if whole and current else None


def write_first_page(generation: Path, searcher: PaperSearcher) -> SearchPage:
    """Compute the start screen's page with `searcher` (open on `generation`) and keep it there.

    Written to a temporary file and renamed, so a reader never sees half of it.
    """
    page = searcher.search("", "date", False, 0, FIRST_PAGE_SIZE)
    commit = commit_of(generation)
    if commit is None:
        return page  # an index not sealed is about to be rebuilt: nothing to tie the page to
    data = {"total": page.total, "records": [paper_to_record(hit.paper) for hit in page.hits]}
    body = json.dumps(data).encode("ascii")  # escaped: a file name need not be UTF-8 (a lone surrogate)
    header = {"format": _FORMAT, "commit": commit, "sha256": hashlib.sha256(body).hexdigest()}
    target = generation / FIRST_PAGE_FILE
    partial = target.with_name(f".{FIRST_PAGE_FILE}.{os.getpid()}")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(json.dumps(header).encode("utf-8") + b"\n" + body)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only data dir: the page is computed each start
    return page
