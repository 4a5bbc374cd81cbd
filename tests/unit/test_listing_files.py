"""Which files of a listing folder are read, and how: only regular files of a listing's
size, each read once, the bytes hashed being the bytes parsed."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from index.errors import UnknownPaper
from index.library import Library
from index.listings.parser import read_listing
from index.sync.manifest import MAX_LISTING_BYTES
from index.listings.papers import paper_id
from index.sync.report import SyncOptions
from tests.listing_text import entry, listing

FIRST = "000_316fc8e37e62f595.txt"
SECOND = "001_1cc8a7777e0ca7b3.txt"


def sync_within(library: Library, seconds: float = 120):
    """The library's sync, which must end: a file that blocks reading would hang it."""
    outcome = {}

    def run() -> None:
        try:
            outcome["report"] = library.sync()
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the sync hangs"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["report"]


def problems_of(report) -> dict[str, str]:
    return {Path(problem.file).name: problem.message for problem in report.problems}


def test_a_fifo_in_the_listing_folder_is_reported_not_read(library, sample_dir):
    os.mkfifo(sample_dir / "pipe.txt")
    report = sync_within(library)
    assert "FIFO" in problems_of(report)["pipe.txt"]
    assert report.papers == 253  # the rest of the folder is read


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_reported_not_read(library, sample_dir, device):
    (sample_dir / "endless.txt").symlink_to(device)
    report = sync_within(library)
    assert "a device" in problems_of(report)["endless.txt"]
    assert report.papers == 253


def test_a_fifo_named_with_listings_is_reported_not_read(sample_dir, places):
    fifo = sample_dir.parent / "named.txt"
    os.mkfifo(fifo)
    report = sync_within(Library([fifo, sample_dir], places, SyncOptions(procs=1)))
    assert "FIFO" in problems_of(report)["named.txt"] and report.papers == 253


def test_a_symlink_loop_is_reported_and_the_rest_of_the_folder_read(library, sample_dir):
    (sample_dir / "loop.txt").symlink_to(sample_dir / "loop.txt")
    (sample_dir / "a.txt").symlink_to(sample_dir / "b.txt")
    (sample_dir / "b.txt").symlink_to(sample_dir / "a.txt")
    report = sync_within(library)
    found = problems_of(report)
    assert all("loops" in found[name] for name in ("loop.txt", "a.txt", "b.txt"))
    assert report.papers == 253
    status = library.status()  # the status screen lists them too
    assert {Path(problem.file).name for problem in status.problems} >= {"loop.txt", "a.txt", "b.txt"}


def test_a_dangling_link_is_reported(library, sample_dir):
    (sample_dir / "gone.txt").symlink_to(sample_dir / "never-there.txt")
    report = sync_within(library)
    assert "target is missing" in problems_of(report)["gone.txt"] and report.papers == 253


def test_a_file_past_the_size_bound_is_reported_not_read(library, sample_dir):
    with open(sample_dir / "huge.txt", "wb") as huge:
        huge.truncate(MAX_LISTING_BYTES + 1)  # sparse: nothing is written, a read would take it all
    report = sync_within(library)
    assert "more than a listing file may have" in problems_of(report)["huge.txt"] and report.papers == 253


@pytest.mark.parametrize("ending", [b"\r", b"\r\n"], ids=["CR", "CRLF"])
def test_cr_and_crlf_line_ends_read_as_lf_does(sample_dir, tmp_path, ending):
    original = read_listing(sample_dir / FIRST)
    converted = tmp_path / FIRST
    converted.write_bytes((sample_dir / FIRST).read_bytes().replace(b"\n", ending))
    parsed = read_listing(converted)
    assert [e.title for e in parsed.entries] == [e.title for e in original.entries]
    assert [e.line for e in parsed.entries] == [e.line for e in original.entries]
    assert parsed.problems == []


# A file changing while a rebuild reads the folder. An audit hook sees every open: when
# the rebuild opens the second file, the first one (already read) is changed or removed.

_WHEN_OPENED: dict[str, object] = {}


def _on_open(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        action = _WHEN_OPENED.pop(os.fsdecode(args[0]), None)
        if action is not None:
            action()


sys.addaudithook(_on_open)


def _when_opened(path: Path, action) -> None:
    _WHEN_OPENED[str(path.resolve())] = action


def test_a_file_changed_during_a_rebuild_is_found_changed_by_the_next_sync(sample_dir, places):
    library = Library([sample_dir], places, SyncOptions(procs=1, rebuild=True))
    first = sample_dir / FIRST
    _when_opened(sample_dir / SECOND, lambda: first.write_text(listing("Mar 11", entry("Written Meanwhile")), encoding="utf-8"))
    library.sync()
    assert not _WHEN_OPENED, "the rebuild did not read the folder as the test expects"
    in_step = Library([sample_dir], places, SyncOptions(procs=1))
    report = in_step.sync()
    assert report.changes.changed == [str(first.resolve())]
    with in_step.open_searcher() as searcher:
        assert [hit.paper.title for hit in searcher.search('title:"written meanwhile"').hits] == ["Written Meanwhile"]


def test_a_file_removed_during_a_rebuild_has_its_papers_removed_by_the_next_sync(sample_dir, places):
    library = Library([sample_dir], places, SyncOptions(procs=1, rebuild=True))
    first = sample_dir / FIRST
    elsewhere = {e.title for path in sample_dir.glob("*.txt") if path != first for e in read_listing(path).entries}
    only_there = [e.title for e in read_listing(first).entries if e.title not in elsewhere]
    _when_opened(sample_dir / SECOND, first.unlink)
    library.sync()
    assert not _WHEN_OPENED
    in_step = Library([sample_dir], places, SyncOptions(procs=1))
    report = in_step.sync()
    assert report.changes.removed == [str(first.resolve())]
    assert report.papers == 253 - len(only_there)
    with in_step.open_searcher() as searcher:
        for title in only_there:
            with pytest.raises(UnknownPaper):
                searcher.paper(paper_id(title))


def test_a_file_reached_by_two_names_or_through_a_linked_folder_is_found_once_by_its_real_path(tmp_path):
    from index.sync.manifest import discover

    folder = tmp_path / "real"
    folder.mkdir()
    (folder / "a.txt").write_text("x", encoding="utf-8")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # the same file under another name
    (tmp_path / "linked").symlink_to(folder, target_is_directory=True)
    found, problems = discover([tmp_path / "linked", folder])
    assert found == [(folder / "a.txt").resolve()] and problems == []


def test_a_lone_cr_inside_a_title_is_part_of_it_and_lines_count_as_an_editor_counts_them(tmp_path):
    """Found by a hostile-input attack: a title's lone CR split it in two, made a paper of the
    rest, and moved every later line number past what `grep -n` shows."""
    from tests.listing_text import entry, listing

    text = listing("Nov 4", entry("Paper shown\rhidden", "about lean"), entry("Next paper", "about coq"))
    path = tmp_path / "listing.txt"
    path.write_bytes(text.encode("utf-8"))
    parsed = read_listing(path)
    assert [e.title for e in parsed.entries] == ["Paper shown\rhidden", "Next paper"]
    grep_line = next(n for n, line in enumerate(text.split("\n"), start=1) if line == "Next paper")
    assert parsed.entries[1].line == grep_line and parsed.problems == []


@pytest.mark.parametrize("bad", ["Feb 30", "Feb 30, 2024 99999999999999999999", "Jul 11, 99999 4", "Dec 0"])
def test_a_date_line_that_is_no_date_is_reported_and_shifts_nothing(tmp_path, bad):
    """Found by a hostile-input attack: `Feb 30` was read as a title, the next title as its
    abstract, and the next abstract reported as a title without one."""
    from tests.listing_text import authors_meta, entry, listing

    text = listing("Nov 4", entry("First paper", "lean", authors_meta(9, bad)), entry("Second paper", "coq"))
    path = tmp_path / "listing.txt"
    path.write_bytes(text.encode("utf-8"))
    parsed = read_listing(path)
    assert [(e.title, e.authors, e.published) for e in parsed.entries] == [("First paper", 9, None), ("Second paper", None, None)]
    assert "coq" in parsed.entries[1].abstract
    (problem,) = parsed.problems
    assert f"'{bad}' is not a date" in problem.message
