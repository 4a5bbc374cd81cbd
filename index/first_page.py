"""The first page of the reader's start screen, kept beside the index it came from.

With no query the reader opens on every paper, newest first. Opening the
Whoosh index to get those 50 papers costs more than the whole first frame
(importing Whoosh alone is ~50 ms), so each sync that changes the index also
writes them here, as the same records the index stores, and the reader shows
them while the searcher opens behind the first frame. A missing or unreadable
file is only slower: the page is computed from the index and written again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from index.papers import paper_from_record, paper_to_record
from index.search_page import Hit, SearchPage

if TYPE_CHECKING:
    from index.search import Searcher

FIRST_PAGE_FILE = "first-page.json"
FIRST_PAGE_SIZE = 100  # more than a tall terminal's rows: scrolling a little needs no searcher
_FORMAT = 1


def read_first_page(generation: Path) -> SearchPage | None:
    """The start screen's page of `generation`; None when the file is missing or not usable."""
    try:
        data = json.loads((generation / FIRST_PAGE_FILE).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            return None
        hits = [Hit(paper_from_record(record), None) for record in data["records"]]
        return SearchPage("", "date", False, int(data["total"]), 0, hits)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_first_page(generation: Path, searcher: Searcher) -> SearchPage:
    """Compute the start screen's page with `searcher` (open on `generation`) and keep it there.

    Written to a temporary file and renamed, so a reader never sees half of it.
    """
    page = searcher.search("", "date", False, 0, FIRST_PAGE_SIZE)
    data = {"format": _FORMAT, "total": page.total, "records": [paper_to_record(hit.paper) for hit in page.hits]}
    target = generation / FIRST_PAGE_FILE
    partial = target.with_name(f".{FIRST_PAGE_FILE}.{os.getpid()}")
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only data dir: the page is computed each start
    return page
