"""The start screen's page kept beside the index: what it holds, when it is rewritten, and that
the reader's first frame needs no Whoosh because of it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from index.sync.first_page import FIRST_PAGE_FILE, FIRST_PAGE_SIZE, read_first_page
from tests.listing_text import entry, listing


def newest_first(library, limit: int = FIRST_PAGE_SIZE) -> list:
    with library.open_searcher() as searcher:
        page = searcher.search("", "date", False, 0, limit)
    return page.total, [hit.paper for hit in page.hits]


def test_a_sync_keeps_every_paper_newest_first_beside_the_index(library):
    library.sync()
    page = read_first_page(library.home.current())
    total, papers = newest_first(library)
    assert page.total == total == 253 and [hit.paper for hit in page.hits] == papers
    assert (page.query, page.sort, page.reverse, page.offset) == ("", "date", False, 0)


def test_an_update_rewrites_it(library, sample_dir):
    library.sync()
    (sample_dir / "005_new.txt").write_text(listing("Dec 30", entry("A Paper Newer Than All")), encoding="utf-8")
    library.sync()
    page = read_first_page(library.home.current())
    assert page.total == 254 and page.hits[0].paper.title == "A Paper Newer Than All"


def test_a_damaged_or_missing_page_is_computed_again_and_rewritten(library):
    library.sync()
    kept = library.home.current() / FIRST_PAGE_FILE
    expected = library.first_page()
    for damage in ('{"format": 1, "total": "many"', "", None):
        if damage is None:
            kept.unlink()
        else:
            kept.write_text(damage, encoding="utf-8")
        assert read_first_page(library.home.current()) is None
        assert library.first_page() == expected
        assert read_first_page(library.home.current()) == expected


def test_the_reader_is_ready_for_its_first_frame_without_importing_whoosh(library):
    library.sync()
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from index.library import Library
        from index.locations import locations
        from tui.app import make_app
        app = make_app(Library([Path({str(library.sources[0])!r})], locations(Path({str(library.places.data_dir)!r}))))
        print(app.services.first_page.total, sorted(m for m in sys.modules if m.split(".")[0] == "whoosh"))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["253", "[]"]
