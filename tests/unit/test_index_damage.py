"""A damaged index is found before it answers, and rebuilt: every kind of damage to every
file of the live generation, and the odd states of the index folder.

Damage to a file the index is made of (the Whoosh segments and table of contents,
entries.sqlite) makes the next open rebuild; damage to a file kept beside it (the
start page, the prefix bitsets) costs only time. Either way every answer is the
undamaged index's."""

from __future__ import annotations

import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.index_home import IndexUnavailable
from index.sync.seal import sealed_names
from index.library import Library
from index.locations import locations, sample_listings
from index.sync.report import SyncOptions
from tests.fuzz_budget import fuzz, scale

# Every file of the sample's live generation, by what stays of its name across builds.
SEALED = [
    "entries.sqlite", "whoosh/_MAIN_1.toc", ".trm", ".pst", "._stored.col", ".id.col", ".title_sort.col",
    ".date.col", ".listed.col", ".year.col", ".upvotes.col", ".authors.col", ".rising.col",
    "._title_len.col", "._abstract_len.col", "._org_len.col", "._spell_len.col",
]
BESIDE = ["first-page.json", "prefix-bits.bin"]


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _zero_fill(path: Path) -> None:
    path.write_bytes(bytes(path.stat().st_size))


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for place in range(len(data) // 3, len(data), max(1, len(data) // 7)):
        data[place] ^= 0xFF
    path.write_bytes(bytes(data))


def _append_garbage(path: Path) -> None:
    with path.open("ab") as stream:
        stream.write(b"\x00garbage\xff" * 64)


DAMAGE = {
    "delete": Path.unlink, "truncate": _truncate, "zero-fill": _zero_fill,
    "flip-bytes": _flip_bytes, "append-garbage": _append_garbage,
}


def answers(library: Library) -> dict:
    """What the reader and the CLI would show: the start page, then searches of every kind."""
    first = library.first_page()
    seen = {"first page": (first.total, [hit.paper.id for hit in first.hits])}
    with library.open_searcher() as searcher:
        queries = [("model", None), ("upvotes:>=100", None), ("", "upvotes"), ("", "title"), ("", "hot"),
                   ('"theorem proving"', None), ("title:geometry OR abstract:lean", "date"), ("year:2024", None),
                   ("listed:2025-03", "rising")]
        for query, sort in queries:
            page = searcher.search(query, sort, limit=60)
            seen[f"{query} by {sort}"] = (page.total, [(hit.paper.id, hit.score) for hit in page.hits])
        typed = searcher.search("mat", typing=True, limit=60)  # a kept prefix, read from prefix-bits.bin
        seen["typed mat"] = (typed.total, [hit.paper.id for hit in typed.hits])
        some = seen["model by None"][1][0][0]
        seen["paper"] = searcher.paper(some)
        seen["similar"] = [hit.paper.id for hit in searcher.similar(some).hits]
    status = library.status()
    seen["status"] = (status.entries, status.papers, [(f.path, f.entries) for f in status.files])
    return seen


@dataclass
class Pristine:
    data: Path
    listings: Path
    answers: dict


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Pristine:
    listings = tmp_path_factory.mktemp("listings")
    for path in sample_listings().glob("*.txt"):
        shutil.copy2(path, listings)
    data = tmp_path_factory.mktemp("pristine") / "data"
    library = Library([listings], locations(data), SyncOptions(procs=1))
    library.sync()
    return Pristine(data, listings, answers(library))


def copy_of(pristine: Pristine, tmp_path: Path) -> Library:
    data = tmp_path / "data"
    shutil.copytree(pristine.data, data)  # copy2: the same mtimes, so the seal holds
    return Library([pristine.listings], locations(data), SyncOptions(procs=1))


def file_of(generation: Path, name: str) -> Path:
    if (generation / name).exists():
        return generation / name
    (found,) = [path for path in (generation / "whoosh").iterdir() if path.name.endswith(name)]
    return found


def after_its_mtime(path: Path) -> None:
    """Wait until the file system's clock is past the file's mtime, so that writing it
    now is seen as a change (a probe file's mtime says where that clock is)."""
    probe = path.parent.parent / ".clock-probe"
    deadline = time.monotonic() + 10
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_mtime_ns > path.stat().st_mtime_ns:
            probe.unlink()
            return
        assert time.monotonic() < deadline


def test_the_matrix_covers_every_file_of_the_live_generation(pristine, tmp_path):
    library = copy_of(pristine, tmp_path)
    live = library.home.current()
    kept = {str(path.relative_to(live)) for path in live.rglob("*") if path.is_file()}
    covered = {str(file_of(live, name).relative_to(live)) for name in SEALED + BESIDE}
    housekeeping = {"checksums.json", "readers.lock"}
    assert kept - housekeeping == covered
    assert set(sealed_names(live)) == {name for name in covered if name not in BESIDE}


def matrix() -> list[tuple[str, str]]:
    """Every kind of damage to every file: in the default run each file once and each kind on
    three or four files (the diagonal of the matrix, 19 rebuilds); PAPERSHELF_FUZZ > 1 runs all 95."""
    names, kinds = SEALED + BESIDE, list(DAMAGE)
    cases = [(kind, name) for j, name in enumerate(names) for i, kind in enumerate(kinds)]
    if scale() > 1:
        return cases
    return [(kinds[j % len(kinds)], name) for j, name in enumerate(names)]


@fuzz
@pytest.mark.parametrize(("damage", "name"), matrix())
def test_damage_to_an_index_file_never_gives_a_wrong_answer(pristine, tmp_path, damage, name):
    library = copy_of(pristine, tmp_path)
    live = library.home.current()
    target = file_of(live, name)
    before = target.read_bytes()
    after_its_mtime(target)
    DAMAGE[damage](target)
    changed = not target.exists() or target.read_bytes() != before
    assert answers(library) == pristine.answers
    if name in SEALED and changed:
        assert library.home.current() != live, "the damage was not found: not rebuilt"
    report = library.sync()
    assert not report.changed_anything and report.rebuild_reason is None  # in step now


def test_damage_is_found_by_the_sync_too(pristine, tmp_path):
    library = copy_of(pristine, tmp_path)
    target = file_of(library.home.current(), ".pst")
    after_its_mtime(target)
    _zero_fill(target)
    report = library.sync()
    assert report.rebuild_reason.startswith("the index was damaged") and target.name in report.rebuild_reason


# Odd states of the index folder


def test_a_folder_where_current_belongs_is_replaced(pristine, tmp_path):
    library = copy_of(pristine, tmp_path)
    pointer = library.home.root / "CURRENT"
    pointer.unlink()
    (pointer / "inside").mkdir(parents=True)
    assert library.sync().rebuild_reason == "no index yet"
    assert answers(library) == pristine.answers and pointer.is_file()


def test_a_folder_where_the_update_lock_belongs_is_replaced(pristine, tmp_path):
    library = copy_of(pristine, tmp_path)
    lock = library.home.root / "update.lock"
    lock.unlink()
    (lock / "inside").mkdir(parents=True)
    assert not library.sync().changed_anything and lock.is_file()
    assert answers(library) == pristine.answers


@pytest.mark.parametrize("pointer", ["..", ".", "gen-1-1", "whoosh", "../../etc"])
def test_current_naming_anything_but_a_generation_means_no_index(pristine, tmp_path, pointer):
    library = copy_of(pristine, tmp_path)
    (library.home.root / "CURRENT").write_text(pointer)
    assert library.home.current() is None
    assert library.sync().rebuild_reason == "no index yet"


def test_a_file_where_the_cache_folder_belongs_is_a_one_line_error(pristine, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "cache").write_text("not a folder")
    library = Library([pristine.listings], locations(data), SyncOptions(procs=1))
    with pytest.raises(IndexUnavailable, match="cache is a file, not a folder"):
        library.sync()


def test_a_fifo_where_an_index_file_belongs_is_not_waited_on(pristine, tmp_path):
    library = copy_of(pristine, tmp_path)
    live = library.home.current()
    for name in ("checksums.json", "first-page.json", "readers.lock"):
        (live / name).unlink()
        os.mkfifo(live / name)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(answers=answers(library)), daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "an open waits on a FIFO"
    assert outcome["answers"] == pristine.answers
    pointer = library.home.root / "CURRENT"
    pointer.unlink()
    os.mkfifo(pointer)
    worker = threading.Thread(target=lambda: outcome.update(report=library.sync()), daemon=True)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "reading CURRENT waits on a FIFO"
    assert outcome["report"].rebuild_reason == "no index yet"
