"""What the sub-commands print and how they end: the display boundary on every line (file
names, queries, errors), honest exit statuses, and a closed pipe that ends quietly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.escape_audit import audit
from tests.hostile_text import BEL, ESC, PAYLOAD, hostile_listing

ROOT = Path(__file__).parents[2]
HOSTILE_NAME = f"list{ESC}]52;c;{PAYLOAD}{BEL}{ESC}[31m.txt"


def run(*args: str, home: Path, stdin=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="120")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(home / variable.lower())
    return subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, capture_output=True, timeout=300)


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / HOSTILE_NAME).write_text(hostile_listing(), encoding="utf-8")
    return folder


def assert_safe(output: bytes) -> None:
    found = audit(output)
    assert found.problems == []
    assert b"\x1b]" not in output and b"\x07" not in output


def test_index_prints_hostile_file_names_and_problems_safely(hostile_folder, tmp_path, home):
    (hostile_folder / f"bad{ESC}c.txt").write_bytes(b"\x00\x01\x02" * 500)  # a problem naming a hostile file
    result = run("index", "--listings", str(hostile_folder), "--capture-year", "2025", home=home)
    assert result.returncode == 0, result.stderr
    assert_safe(result.stdout)
    assert "list␛]52;c;".encode() in result.stdout  # the name is there, as visible characters
    assert "bad␛c.txt".encode() in result.stdout


def test_index_output_starts_with_its_report_and_counts_read_as_english(tmp_path, home):
    folder = tmp_path / "one"
    folder.mkdir()
    from tests.listing_text import entry, listing

    (folder / "a.txt").write_text(listing("Nov 4", entry("Only Paper Here")), encoding="utf-8")
    first = run("index", "--listings", str(folder), home=home).stdout.decode()
    assert first.startswith("1 file, 1 entry, 1 paper, 0 problems; index rebuilt")
    assert "1 file shows no year at all" in first
    again = run("index", "--listings", str(folder), home=home).stdout.decode()
    assert again.startswith("1 file, 1 entry, 1 paper, 0 problems; index already up to date")


@pytest.mark.parametrize("output", ["table", "json", "show"])
def test_search_and_show_print_hostile_papers_safely(hostile_folder, home, output):
    found = run("search", "hostile", "--listings", str(hostile_folder), "--limit", "100", "--json", home=home)
    assert found.returncode == 0
    assert_safe(found.stdout)
    if output == "table":
        assert_safe(run("search", "hostile", "--listings", str(hostile_folder), "--limit", "100", home=home).stdout)
    elif output == "show":
        import json

        for line in found.stdout.decode().splitlines()[:8]:
            paper = json.loads(line)["id"]
            assert_safe(run("show", paper, "--listings", str(hostile_folder), home=home).stdout)
            assert_safe(run("similar", paper, "--listings", str(hostile_folder), home=home).stdout)


def test_an_error_quoting_typed_text_quotes_it_safely(home, tmp_path):
    bad_query = run("search", f"{ESC}]52;c;{PAYLOAD}{BEL} nosuchfield:x", home=home)
    assert bad_query.returncode == 2
    assert_safe(bad_query.stderr)
    assert b"unknown field 'nosuchfield:'" in bad_query.stderr
    bad_folder = run("search", "x", "--listings", str(tmp_path / f"no{ESC}c"), home=home)
    assert bad_folder.returncode == 2 and b"no\xe2\x90\x9bc" in bad_folder.stderr  # "no␛c"
    assert_safe(bad_folder.stderr)
    bad_option = run("search", "x", "--sort", f"up{ESC}[31m", home=home)
    assert bad_option.returncode == 2
    assert_safe(bad_option.stderr)


def test_limit_zero_prints_the_count_only(home):
    result = run("search", "theorem proving", "--limit", "0", home=home)
    assert result.returncode == 0
    assert result.stdout.decode().strip() == "9 papers match"
    assert run("search", "theorem proving", "--limit", "0", "--json", home=home).stdout == b""


def test_a_closed_pipe_ends_a_search_quietly(home):
    run("index", home=home)
    env = dict(os.environ)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(home / variable.lower())
    # More JSON than a pipe holds (the sample's 253 papers are ~80 KB): the writer meets the closed pipe.
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "search", "", "--limit", "1000", "--json"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.readline()
    process.stdout.close()  # what `| head -1` does
    _out, errors = process.communicate(timeout=60)
    assert errors == b""  # no BrokenPipeError traceback
    assert process.returncode in (-signal.SIGPIPE, 128 + signal.SIGPIPE)


def test_a_file_name_that_is_not_utf8_is_indexed_and_shown_as_its_bytes(tmp_path, home):
    """Found attacking the reader: one such name stopped the whole index (UnicodeEncodeError
    storing the path); and a zero-width character in a name must not make it pass for another."""
    from index.locations import sample_listings

    folder = tmp_path / "odd-names"
    folder.mkdir()
    samples = sorted(sample_listings().glob("*.txt"))
    (folder / "plain.txt").write_bytes(samples[0].read_bytes())
    with open(os.fsencode(folder) + b"/bad\xff.txt", "wb") as odd:
        odd.write(samples[1].read_bytes())
    (folder / "zw\u200b.txt").write_bytes(samples[2].read_bytes())
    result = run("index", "--listings", str(folder), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("3 files")
    assert "bad\\xff.txt" in result.stdout.decode() and "zw\\u200b.txt" in result.stdout.decode()
    again = run("index", "--listings", str(folder), home=home)
    assert "already up to date" in again.stdout.decode()  # the odd path is found again, as stored
    assert_safe(result.stdout)
