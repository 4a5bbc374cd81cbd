"""`papershelf serve` as a real process on a free loopback port, for the HTTP and browser tests."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from index.locations import sample_listings

ROOT = Path(__file__).parents[2]
START_SECONDS = 30


@dataclass
class Served:
    url: str  # the tokened URL serve printed
    process: subprocess.Popen
    output: list[str]  # every line serve printed so far
    data_dir: Path
    listings: Path

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname

    @property
    def port(self) -> int:
        return urlsplit(self.url).port

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]


def papershelf(data_dir: Path, listings: Path, *words: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", "--data-dir", str(data_dir), "--listings", str(listings),
                           *words], cwd=ROOT, env=isolated_env(data_dir), capture_output=True, text=True,
                          timeout=120, **options)


def sample_copy(folder: Path) -> Path:
    """The built-in sample listings, copied into `folder` (the conftest's sample_dir, for any scope)."""
    listings = folder / "listings"
    shutil.copytree(sample_listings(), listings, ignore=shutil.ignore_patterns("__*"))
    return listings


def isolated_env(data_dir: Path) -> dict[str, str]:
    """The XDG folders beside the data folder: a module's server outlives the tests' own isolation."""
    home = data_dir.parent / "home"
    names = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")
    return dict(os.environ, **{name: str(home / name.lower()) for name in names})


@contextmanager
def served(data_dir: Path, listings: Path, *options: str) -> Iterator[Served]:
    """serve on a free port (`--port 0`), its index built first; stopped with SIGTERM afterwards, and
    every process it started (one reader per session, in its process group) must be gone then."""
    papershelf(data_dir, listings, "index", check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--data-dir", str(data_dir), "--listings", str(listings),
         "serve", "--port", "0", *options],
        cwd=ROOT, env=isolated_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        url = _url(lines, output, process)
        yield Served(url, process, output, data_dir, listings)
    finally:
        _stop(process)


def _url(lines: queue.Queue[str], output: list[str], process: subprocess.Popen) -> str:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            assert process.poll() is None, f"serve ended with {process.returncode}: {output}"
            continue
        output.append(line)
        if "?token=" in line:
            return line.split("open ", 1)[1].strip()
    raise AssertionError(f"serve printed no URL in {START_SECONDS} s: {output}")


def _stop(process: subprocess.Popen) -> None:
    group = process.pid
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    finally:
        deadline = time.monotonic() + 20
        while _group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _group_alive(group)
        if left:
            os.killpg(group, signal.SIGKILL)
        assert not left, "a session's reader outlived serve"


def _group_alive(group: int) -> bool:
    """A process of the group still runs (a zombie waiting for its reaper does not count)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while we looked
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False
