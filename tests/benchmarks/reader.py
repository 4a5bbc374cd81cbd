"""The reader's benchmark: `python -m tests.benchmarks.reader [--sizes 253 100000]`.

For each size: start-up to the first populated frame on a pseudo-terminal, against a minimal Textual
app in the same run; keystroke-to-results in the filter over a typing stream
(in-process, Pilot); the work of G (jump to the end) and of a page down; the
event loop's longest stall during typing, j, G, page down, similar papers and a
background sync; peak RSS. 253 is the built-in sample; other sizes use the search
benchmark's synthetic corpus (bench-data/), indexed once and reused.

The longest stall is the largest gap between two ticks of a task that sleeps 1 ms
on the app's own event loop, less that 1 ms: while a handler, a callback or a
render holds the loop, nothing else runs there (no key is read, no frame is
drawn), so it is how long the reader could not answer. Thread workers do not hold
the loop, except for what they hand back to it.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual import events

from index.library import Library
from index.locations import locations, sample_listings
from tests.benchmarks.datasets import BENCH_DATA, ensure_corpora, files_for
from tests.benchmarks.pty_terminal import PtySession, base_env, papershelf_command
from tests.benchmarks.reader_startup import LINE
from tests.benchmarks.timing import median, percentile
from tests.benchmarks.workload import TYPED_QUERIES

STARTS = 15  # start-ups per app; the median is reported (the machine is noisy)
REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.reader", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[253, 100_000], metavar="N")
    rows = [bench_size(size) for size in parser.parse_args().sizes]
    text = table(rows)
    print(text)
    (BENCH_DATA / "reader-results.md").write_text(text + "\n", encoding="utf-8")


def bench_size(size: int) -> dict:
    listings, data_dir = _inputs(size)
    _say(f"{size:,} papers: indexing (once) into {data_dir}")
    library = Library([listings], locations(data_dir))
    library.sync()
    # A big index's prefix bitsets are built by the reader in the background: the
    # typing stream is timed once they are there, as a reader running for a minute has them.
    building = library.build_prefix_bits_in_background()
    if building is not None:
        building.wait()
    _say("start-up in a pseudo-terminal, papershelf and a minimal app, alternating")
    with Library([listings], locations(data_dir)).open_searcher() as searcher:
        first_title = searcher.search("", "date", False, 0, 1).hits[0].paper.title
    ours, minimal = [], []
    for _ in range(STARTS):
        ours.append(_start("papershelf", data_dir, listings, first_title))
        minimal.append(_start("minimal", data_dir, listings, first_title))
    _say("typing stream, G and page down, in a child process (for its own peak RSS)")
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.reader", "--in-process", str(data_dir), str(listings)],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split()
    stalls = dict(zip(STALL_ACTIONS, map(float, out[3 : 3 + len(STALL_ACTIONS)])))
    keys = [float(x) for x in out[3 + len(STALL_ACTIONS) :]]
    return {
        "size": size, "start": median(ours), "minimal": median(minimal),
        "key_p50": percentile(keys, 0.5), "key_p95": percentile(keys, 0.95),
        "last": float(out[0]), "page_down": float(out[1]), "rss": float(out[2]), "stalls": stalls,
    }


def _inputs(size: int) -> tuple[Path, Path]:
    if size == 253:
        return sample_listings(), BENCH_DATA / "reader-253"
    files = files_for(size)
    ensure_corpora(files)
    return files.corpus, BENCH_DATA / f"reader-{size}"


def _start(mode: str, data_dir: Path, listings: Path, first_title: str) -> float:
    """Seconds from process start to the first frame on a real pseudo-terminal that shows
    the papers (for papershelf, the installed command as a user runs it) or the minimal app's line."""
    with tempfile.TemporaryDirectory(prefix="reader-start-") as home:
        if mode == "papershelf":
            argv = [*papershelf_command(), "--listings", str(listings), "--data-dir", str(data_dir)]
            needle = first_title[:15].encode()
        else:
            argv, needle = [sys.executable, "-m", "tests.benchmarks.reader_startup"], LINE.encode()
        session = PtySession(argv, base_env(Path(home)))
        try:
            return session.first_frame_with(needle)
        finally:
            session.close()


KEY_GAP = 0.03  # seconds between a key's results and the next key: a fast typist's pace
STALL_ACTIONS = ("typing", "j", "G", "page down", "similar", "sync")


async def _in_process(data_dir: Path, listings: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="reader-day-") as day:
        # A second listings folder, empty: the sync's stall adds a day's listing there,
        # never to the corpus (for 253 papers, the package's own sample).
        await _run_reader(data_dir, listings, Path(day))


async def _run_reader(data_dir: Path, listings: Path, day: Path) -> None:
    from tui.app import make_app
    from tui.widgets.paper_list import PaperList

    app = make_app(Library([listings, day], locations(data_dir)))
    async with app.run_test(size=(120, 36)) as pilot:
        await _until(pilot, lambda: app.screen.query_one(PaperList).total > 0)
        # The searcher opens behind the first frame, the start-up sync runs: what follows
        # times the steady state.
        await _until(pilot, lambda: app.searcher.warmed and not app.screen.freshness.syncing)
        papers = app.screen.query_one(PaperList)
        last, page_down = _list_work(papers, papers.action_last), _list_work(papers, papers.action_page_down)
        papers.action_first()
        watch, keys, stalls = StallWatch(), [], {"typing": 0.0}
        for query in TYPED_QUERIES:
            with watch:
                keys.extend(await _type(pilot, query))
            stalls["typing"] = max(stalls["typing"], watch.longest)
        stalls.update(await _stalls_of_moves(pilot, watch, day))
    print(f"{last} {page_down} {_peak_rss_mb()}", *(stalls[name] for name in STALL_ACTIONS), *keys)


class StallWatch:
    """The longest time the event loop was held while the block ran (see the module's notes)."""

    TICK = 0.001

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.TICK)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - self.TICK)
            last = now

    def __enter__(self) -> StallWatch:
        self.longest = 0.0
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *exc_info) -> None:
        self._task.cancel()


async def _stalls_of_moves(pilot, watch: StallWatch, listings: Path) -> dict[str, float]:
    """The longest stall of each of: j, G, page down, similar papers, a sync adding a listing."""
    from tui.dialogs.similar_dialog import SimilarDialog
    from tui.widgets.paper_list import PaperList

    app, stalls = pilot.app, {}
    await pilot.press("escape", "escape")  # the list has the keyboard, the whole index shown
    papers = app.screen.query_one(PaperList)
    await _until(pilot, lambda: papers.total == app.paper_count)
    with watch:
        for _ in range(30):
            row = papers.cursor
            _send_key(app, "j")
            await _until(pilot, lambda: papers.cursor == row + 1 and papers.selected is not None)
    stalls["j"] = watch.longest
    with watch:
        _send_key(app, "G")
        await _until(pilot, lambda: papers.cursor == papers.total - 1 and papers.selected is not None)
    stalls["G"] = watch.longest
    _send_key(app, "g")
    await _until(pilot, lambda: papers.cursor == 0)
    with watch:
        for _ in range(10):
            row = papers.cursor
            _send_key(app, "pagedown")
            await _until(pilot, lambda: (papers.cursor > row or row == papers.total - 1) and papers.selected is not None)
    stalls["page down"] = watch.longest
    with watch:
        _send_key(app, "m")
        await _until(pilot, lambda: isinstance(app.screen, SimilarDialog))
    stalls["similar"] = watch.longest
    await pilot.press("escape")
    stalls["sync"] = await _stall_of_a_sync(pilot, watch, listings)
    return stalls


async def _stall_of_a_sync(pilot, watch: StallWatch, listings: Path) -> float:
    """A day's listing (100 papers) added while the reader runs: the poll sees it, the
    sync runs in a worker, the list follows. The file is taken away again afterwards."""
    from tests.listing_text import entry, listing

    screen = pilot.app.screen
    added = listings / "stall-benchmark.txt"
    text = listing("Nov 5", *(entry(f"Stall benchmark paper {n}", f"stall topic {n}") for n in range(100)))
    before = pilot.app.paper_count
    try:
        with watch:
            added.write_text(text, encoding="utf-8")
            screen.freshness.sync()
            await _until(pilot, lambda: not screen.freshness.syncing and pilot.app.paper_count == before + 100)
            await _until(pilot, lambda: screen.results.total == before + 100)
        return watch.longest
    finally:
        added.unlink(missing_ok=True)
        screen.freshness.sync()
        await _until(pilot, lambda: not screen.freshness.syncing and pilot.app.paper_count == before)


def _peak_rss_mb() -> float:
    """This process's own peak RSS. Not ru_maxrss: after fork and exec it still
    counts the parent's peak, and the parent has just indexed the corpus."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _list_work(papers, action) -> float:
    """The work of one list move: the action, and drawing every visible row."""
    papers.action_first()
    started = time.perf_counter()
    action()
    for y in range(papers.scrollable_content_region.height):
        papers.render_line(y)
    return time.perf_counter() - started


async def _type(pilot, query: str) -> list[float]:
    """Seconds from each key to the list showing that query's results."""
    screen = pilot.app.screen
    await pilot.press("slash")
    screen.query_one("#filter").value = ""
    await _until(pilot, lambda: screen.results is not None and screen.results.page.query == "")
    seconds = []
    for end in range(1, len(query) + 1):
        await _quiet(pilot.app)  # start each key from a quiet app, as a person types
        started = time.perf_counter()
        _send_key(pilot.app, query[end - 1])
        await _until(pilot, lambda: screen.results.page.query == query[:end] or bool(screen.problem))
        seconds.append(time.perf_counter() - started)
    return seconds


async def _quiet(app) -> None:
    """Until no worker of the app runs (the previous key's highlights, its pages), and a
    gap between keys. Not pilot.pause(): it waits for the process to use no CPU, and the
    stall watch's ticks use a little all the time, so every pause lasted its 1 s maximum."""
    await _until(None, lambda: not any(worker.is_running for worker in app.workers))
    await asyncio.sleep(KEY_GAP)


def _send_key(app, char: str) -> None:
    """A key as the terminal driver delivers it. Not pilot.press: that also waits
    until the process looks idle, which would be timed too."""
    key = events.Key("space" if char == " " else char, None if len(char) > 1 else char)
    key.set_sender(app)
    app._driver.send_message(key)


async def _until(pilot, condition, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the reader did not get there in time")
        await asyncio.sleep(0.0005)


def table(rows: list[dict]) -> str:
    lines = [
        "| Papers | Start-up (s) | Minimal app (s) | Ratio (target ≤1.5x) | Key→results p50 / p95 (ms, target p95 <80) "
        "| G (ms, target <16) | Page down (ms, target <16) | Peak RSS (MB, target <300) "
        f"| Longest stall (ms, target ≤16): {' / '.join(STALL_ACTIONS)} |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        stalls = " / ".join(f"{r['stalls'][name] * 1000:.0f}" for name in STALL_ACTIONS)
        lines.append(
            f"| {r['size']:,} | {r['start']:.2f} | {r['minimal']:.2f} | {r['start'] / r['minimal']:.2f}x "
            f"| {r['key_p50'] * 1000:.0f} / {r['key_p95'] * 1000:.0f} | {r['last'] * 1000:.1f} "
            f"| {r['page_down'] * 1000:.1f} | {r['rss']:.0f} | {stalls} |"
        )
    return "\n".join(lines)


def _say(message: str) -> None:
    print(f"[reader bench] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--in-process"]:
        asyncio.run(_in_process(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        main()
