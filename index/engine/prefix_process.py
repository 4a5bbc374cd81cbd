"""Building the kept prefix file in a process of its own, at low priority, one builder at a time.

A sync builds a small index's file inline (build_if_small); for a big one the reader
starts a background process (start_building), which writes the file for the index
as it is then, and again if a sync committed a newer generation meanwhile.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
from pathlib import Path

from index.engine.prefix_bits import holds, identity, index_state, holds_for, kept_file
from index.engine.open_index import OpenIndex

INLINE_UP_TO = 5_000  # papers: up to here a sync builds the file itself, in under a second
_LOCK = ".prefix-bits.lock"  # held by the one process building the file
_LOG = "prefix-bits.log"  # what the last background build said


def start_building(whoosh_folder: Path) -> subprocess.Popen | None:
    """Build the kept file for the index in `whoosh_folder` in a process of its own, at low
    priority, unless it already holds or a build is under way; the process, or None.

    For a big index (past INLINE_UP_TO papers) a sync does not build it: that costs
    about 10 s at 100,000 papers, and a sync that adds a day's listing takes a fraction
    of a second. The reader starts this instead; it uses the other core, so typing in the
    reader meanwhile is not slowed, and the reader's searcher takes the file when it appears.
    The process's errors go to `prefix-bits.log` beside the file.
    """
    if holds_for(whoosh_folder) or _builder_lock(whoosh_folder) is None:
        return None  # (the lock taken to test is let go with its file object)
    log_file = kept_file(whoosh_folder).with_name(_LOG)
    with open(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600), "wb") as log:
        process = subprocess.Popen(
            # -P: the user's working folder is not put on the path (an `index.py` there would be imported).
            [sys.executable, "-P", "-m", "index.engine.prefix_process", str(whoosh_folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        )
    threading.Thread(target=process.wait, daemon=True).start()  # reaped when it ends
    return process


def _builder_lock(whoosh_folder: Path):
    """The builders' lock beside the kept file, held (the open file), or None when another builder holds it."""
    lock = open(os.open(kept_file(whoosh_folder).with_name(_LOCK), os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600), "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    return lock


def _build(whoosh_folder: Path) -> None:
    searcher = OpenIndex(whoosh_folder, keep_prefixes=False)  # not from the file it replaces
    try:
        searcher.write_prefix_bits(kept_file(whoosh_folder))
    finally:
        searcher.close()


def _build_in_background(whoosh_folder: Path) -> None:
    os.nice(10)  # typing in the reader comes first
    lock = _builder_lock(whoosh_folder)
    if lock is None:
        return  # another builder is at it
    with lock:
        # Again if a sync committed a new generation of the index meanwhile.
        for _attempt in range(3):
            if holds_for(whoosh_folder):
                return
            _build(whoosh_folder)


def build_if_small(whoosh_folder: Path) -> None:
    """Build the kept file now if it does not hold and the index has at most INLINE_UP_TO papers."""
    generation, documents = index_state(whoosh_folder)
    if documents <= INLINE_UP_TO and not holds(kept_file(whoosh_folder), identity(generation, documents)):
        _build(whoosh_folder)


if __name__ == "__main__":  # start_building's process
    _build_in_background(Path(sys.argv[1]))
