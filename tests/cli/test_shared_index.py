"""A pre-built index the user cannot write (shared, or on a read-only file system):
reading it needs no write access; an up-to-date one is used as it is, a stale one is
used and the problem said, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.listing_text import entry, listing

ROOT = Path(__file__).parents[2]


def _read_only_runner(data: Path):
    """How to run papershelf so that `data` cannot be written: as root, in a mount namespace
    of its own where the folder is mounted read-only (root writes anything else); as a
    user, with the write bits taken away."""
    if os.geteuid() != 0:
        return lambda command: command
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("root without mount namespaces: no way to make a folder read-only for it")
    shell = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'
    return lambda command: ["unshare", "-m", "sh", "-c", shell, str(data), *command]


@pytest.fixture
def shared(tmp_path, sample_dir):
    """A sample index built by its owner, then made read-only for the one who runs the commands."""
    data = tmp_path / "shared"
    run = _papershelf(sample_dir, data, lambda command: command)
    assert run("index").returncode == 0
    runner = _read_only_runner(data)
    if os.geteuid() != 0:
        for path in [data, *data.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
    yield sample_dir, data, _papershelf(sample_dir, data, runner)
    for path in [data, *data.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)


def _papershelf(listings: Path, data: Path, runner):
    def run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "tui", "--listings", str(listings), "--data-dir", str(data), *args]
        return subprocess.run(runner(command), cwd=ROOT, capture_output=True, text=True, timeout=300)

    return run


def test_a_read_only_index_in_step_is_searched_as_it_is(shared):
    _listings, _data, papershelf = shared
    found = papershelf("search", "theorem proving")
    assert found.returncode == 0, found.stderr
    assert "1-9 of 9 papers" in found.stdout and "Traceback" not in found.stderr
    indexed = papershelf("index")
    assert indexed.returncode == 0, indexed.stderr
    assert "already up to date" in indexed.stdout and "read-only" not in indexed.stdout


def test_a_stale_read_only_index_is_searched_and_the_problem_said(shared):
    listings, _data, papershelf = shared
    (listings / "005_new.txt").write_text(listing("Nov 20", entry("Brand New Paper")), encoding="utf-8")
    indexed = papershelf("index")
    assert indexed.returncode == 0, indexed.stderr
    assert "the index is read-only and out of date (1 listing files changed" in indexed.stdout
    found = papershelf("search", "theorem proving")
    assert found.returncode == 0 and "1-9 of 9 papers" in found.stdout, found.stderr
    assert papershelf("search", "brand new paper").stdout.count("Brand New Paper") == 0  # as it was built


def test_a_read_only_index_that_needs_a_rebuild_is_a_one_line_error(shared):
    _listings, _data, papershelf = shared
    rebuilt = papershelf("index", "--rebuild")
    assert rebuilt.returncode == 2 and "Traceback" not in rebuilt.stderr
    assert rebuilt.stderr.strip().count("\n") == 0 and "read-only" in rebuilt.stderr
