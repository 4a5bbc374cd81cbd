"""A papershelf search process, run alone by shelf.search_process.

Usage: python -m tests.benchmarks.search_process [--reader] DATA_DIR CORPUS SOURCE...
Opens the existing index, runs the query mix and the typing stream, and prints
JSON: open seconds, samples by category, the process's peak RSS, and any
keystroke that failed with something other than a QueryError (a bug: the
reader would crash or show a traceback there).

--reader: only the typing stream, in the state the reader types in once it has
started on this index generation: its kept prefix file built (the caller builds
it) and the searcher warmed as the reader's start-up does off the typing path.
Its samples are under READER_TYPING.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from index.errors import QueryError
from index.library import Library
from index.locations import locations
from index.search.paper_searcher import PaperSearcher
from tests.benchmarks.timing import timed
from tests.benchmarks.workload import LIMIT, Search, measure, query_mix, typing_stream


READER_TYPING = "typing in the reader"


def main(data_dir: Path, corpus: Path, sources: list[Path], reader: bool = False) -> dict:
    # The workload is built before the clock starts: it is not the reader's work.
    mix, stream = query_mix(corpus), typing_stream()
    open_seconds, searcher = timed(lambda: Library(sources, locations(data_dir)).open_searcher())
    errors: list[str] = []
    with searcher:
        if reader:
            searcher.warm()
            typed = measure(stream, lambda search: run(searcher, search, errors))
            samples = {READER_TYPING: typed["typing"]}
        else:
            samples = measure(mix, lambda search: run(searcher, search, errors))
            samples.update(measure(stream, lambda search: run(searcher, search, errors)))
    return {"open_seconds": open_seconds, "samples": samples, "peak_rss_mib": peak_rss_mib(), "errors": errors}


def peak_rss_mib() -> float:
    """This process's peak resident set since it started running this program.

    Linux carries ru_maxrss across exec: a process spawned by a big parent
    (the benchmark, after a full build) would report the parent's size.
    VmHWM belongs to the process's own address space, so it starts at exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(searcher: PaperSearcher, search: Search, errors: list[str]) -> int | None:
    try:
        return searcher.search(search.text, sort=search.sort, limit=LIMIT, typing=search.typing).total
    except QueryError:
        if not search.typing:
            raise
        return None  # mid-typing the reader shows the error: that is its answer
    except Exception as error:
        if not search.typing:
            raise
        # Keep timing the stream, but report the keystroke: it is a bug to fix.
        errors.append(f"{search.text!r}: {type(error).__name__}: {error}")
        return None


if __name__ == "__main__":
    arguments = sys.argv[1:]
    as_reader = arguments[:1] == ["--reader"]
    folder, corpus_folder, *named = (Path(arg) for arg in arguments[as_reader:])
    print(json.dumps(main(folder, corpus_folder, named, as_reader)))
