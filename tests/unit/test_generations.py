"""Index generations across processes: a reader keeps the one it has open however many
rebuilds others make; writer processes are never forked and never outlive their
build; everything written is the user's own."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from index.engine import writer
from index.index_home import IndexHome
from index.library import Library
from index.locations import locations
from index.sync.report import SyncOptions

ROOT = Path(__file__).parents[2]

SYNC_SCRIPT = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from index.engine import writer
    from index.library import Library
    from index.locations import locations
    from index.sync.report import SyncOptions
    listings, data, mode, procs = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    writer._PARALLEL_MINIMUM = 10  # several writers even for a small corpus
    forks = []
    import os
    os.register_at_fork(before=lambda: forks.append(1))
    options = SyncOptions(procs=procs, rebuild=mode == "rebuild", capture_year=int(sys.argv[5]) if len(sys.argv) > 5 else None)
    outcome = {}
    # From a thread, as the reader syncs.
    worker = threading.Thread(target=lambda: outcome.update(report=Library([listings], locations(data), options).sync()))
    worker.start()
    worker.join()
    print(outcome["report"].papers, len(forks), flush=True)
    """
)


def sync_process(listings: Path, data: Path, mode: str = "rebuild", procs: int = 1, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SYNC_SCRIPT, str(listings), str(data), mode, str(procs), *extra],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def run_sync(listings: Path, data: Path, mode: str = "rebuild", procs: int = 1, *extra: str) -> tuple[int, int]:
    process = sync_process(listings, data, mode, procs, *extra)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    papers, forks = out.split()
    return int(papers), int(forks)


def write_corpus(folder: Path, papers: int) -> None:
    subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from tests.benchmarks.corpus import write_corpus; "
         "write_corpus(Path(sys.argv[1]), int(sys.argv[2]))", str(folder), str(papers)],
        check=True, cwd=ROOT,
    )


def test_an_open_searcher_keeps_working_across_rebuilds_by_other_processes(library, sample_dir, places):
    library.sync()
    with library.open_searcher() as searcher:
        held = library.home.current()
        expected = [hit.paper.id for hit in searcher.search("model").hits]
        for _rebuild in range(3):
            run_sync(sample_dir, places.data_dir)
        assert library.home.current() != held and held.is_dir()
        page = searcher.search("model")
        assert [hit.paper.id for hit in page.hits] == expected
        assert searcher.paper(expected[-1]).abstract  # stored fields, read from the held files
        assert searcher.highlights(page.hits[0].paper, page.terms)[1]  # Whoosh reads the table of contents
    run_sync(sample_dir, places.data_dir)  # let go of: the next rebuild deletes it
    assert not held.exists()
    assert len(list(library.home.root.glob("gen-*"))) == 1


def test_a_search_with_another_capture_year_then_a_plain_one_leave_an_open_reader_working(library, sample_dir, places):
    library.sync()
    command = [sys.executable, "-m", "tui", "--listings", str(sample_dir), "--data-dir", str(places.data_dir)]
    with library.open_searcher() as searcher:
        expected = searcher.search("theorem").total
        for extra in (["--capture-year", "2024"], []):
            done = subprocess.run([*command, "search", "theorem", *extra], cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        page = searcher.search("theorem")
        assert page.total == expected and searcher.highlights(page.hits[0].paper, page.terms)[0]


def test_no_writer_is_forked_from_the_threaded_process_that_builds(sample_dir, places):
    papers, forks = run_sync(sample_dir, places.data_dir, "rebuild", 2)
    assert (papers, forks) == (253, 0)
    with Library([sample_dir], places, SyncOptions(procs=1)).open_searcher() as searcher:
        assert searcher.paper_count == 253 and searcher.search("theorem").total == 12


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(child) for child in (task / "children").read_text().split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_build_leaves_no_writer_behind_and_the_lock_free(sample_dir, places):
    write_corpus(sample_dir, 4000)  # each writer has seconds of work
    process = sync_process(sample_dir, places.data_dir, "rebuild", 2)
    deadline = time.monotonic() + 120
    while len(writers := _children(process.pid)) < 2:
        assert time.monotonic() < deadline and process.poll() is None, "the writers never started"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    gone_by = time.monotonic() + 3  # far less than their share of the build takes
    while any(_alive(pid) for pid in writers):
        assert time.monotonic() < gone_by, "a writer outlived its killed parent"
        time.sleep(0.02)
    with IndexHome(places.index_root).update_lock(timeout=1):
        pass  # not held by an orphan


def test_everything_written_is_the_users_own(sample_dir, tmp_path):
    data = tmp_path / "portable" / "data"  # neither exists yet
    previous = os.umask(0o022)
    try:
        Library([sample_dir], locations(data), SyncOptions(procs=1)).sync()
        Library([], locations(None), SyncOptions(procs=1)).sync()  # the XDG cache dir
    finally:
        os.umask(previous)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "papershelf"
    for top in (data, cache):
        for path in [top, *top.rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {mode:o}"
    assert stat.S_IMODE((tmp_path / "portable").stat().st_mode) == 0o700


def test_a_first_build_runs_from_a_worker_thread_reporting_progress(sample_dir, places, monkeypatch):
    monkeypatch.setattr(writer, "_PARALLEL_MINIMUM", 10)  # writer processes, as for a big folder
    library = Library([sample_dir], places, SyncOptions(procs=2))
    seen: list[tuple[int, int]] = []
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(report=library.sync(lambda *step: seen.append(step))))
    worker.start()
    worker.join(300)
    assert outcome["report"].rebuild_reason == "no index yet" and outcome["report"].papers == 253
    assert seen[-1] == (253, 253) and [done for done, _ in seen] == sorted(done for done, _ in seen)
