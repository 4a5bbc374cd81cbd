"""papershelf's side of the write path: full build, incremental add, no-op sync,
and the separate search process that times opening and searching."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from index.engine.prefix_bits import holds_for
from index.library import Library
from index.locations import locations
from index.sync.report import WHOOSH_FOLDER, SyncOptions, SyncReport
from tests.benchmarks.timing import timed

REPO = Path(__file__).resolve().parents[2]


def sync_seconds(data_dir: Path, sources: list[Path]) -> tuple[float, SyncReport]:
    """Time one Library.sync as the CLI runs it: default options (all cores)."""
    library = Library(sources, locations(data_dir), SyncOptions())
    return timed(library.sync)


def full_build(data_dir: Path, sources: list[Path], papers: int) -> float:
    """Build from nothing into a fresh data dir."""
    shutil.rmtree(data_dir, ignore_errors=True)
    seconds, report = sync_seconds(data_dir, sources)
    _expect(report.rebuild_reason is not None and report.papers == papers, "a full build", report)
    return seconds


def no_op_sync(data_dir: Path, sources: list[Path]) -> float:
    """The check every start makes: nothing changed, so nothing to do."""
    seconds, report = sync_seconds(data_dir, sources)
    _expect(not report.changed_anything, "a sync with nothing to do", report)
    return seconds


def incremental_add(data_dir: Path, sources: list[Path], added: int) -> float:
    seconds, report = sync_seconds(data_dir, sources)
    _expect(report.rebuild_reason is None and report.papers_updated == added, f"an add of {added} papers", report)
    return seconds


def kept_prefix_file(data_dir: Path, sources: list[Path]) -> float:
    """Build the kept prefix file as the reader does on its first start on a new index
    generation (a process of its own, index.engine.prefix_process); its seconds, or 0 when
    it is built already (a sync writes a small index's itself: 0 s here)."""
    library = Library(sources, locations(data_dir))
    seconds, process = timed(lambda: _waited(library.build_prefix_bits_in_background()))
    if not holds_for(library.home.current() / WHOOSH_FOLDER):
        raise RuntimeError("the kept prefix file was not built (see prefix-bits.log beside the index)")
    return seconds if process is not None else 0.0


def _waited(process: subprocess.Popen | None) -> subprocess.Popen | None:
    if process is not None:
        process.wait()
    return process


def search_process(data_dir: Path, sources: list[Path], corpus: Path, reader: bool = False) -> dict:
    """Open and search in a fresh interpreter, so its open time is cold in Python
    terms and its peak RSS is a search process's alone (not the builder's).
    `reader`: time the typing stream only, as the reader meets it (see search_process.py)."""
    command = [sys.executable, "-m", "tests.benchmarks.search_process", *(["--reader"] if reader else [])]
    command += [str(data_dir), str(corpus)]
    command += [str(source) for source in sources]
    finished = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if finished.returncode != 0:
        raise RuntimeError(f"the search process failed:\n{finished.stderr}")
    return json.loads(finished.stdout)


def _expect(condition: bool, what: str, report: SyncReport) -> None:
    # A timing of the wrong operation is worse than no timing: stop loudly.
    if not condition:
        raise RuntimeError(
            f"expected {what}, but the sync reported: rebuild={report.rebuild_reason!r}, "
            f"papers={report.papers}, updated={report.papers_updated}, changes={report.changes}"
        )
