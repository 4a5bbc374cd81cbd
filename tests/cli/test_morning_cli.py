"""The morning on the command line, run as a user runs it: `dismiss`, `undismiss`, what `search
--json` says of each hit, what `index` remembers. A subprocess on real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.locations import sample_listings
from index.reading_store import ReadingStore
from tests.listing_text import entry, listing

ROOT = Path(__file__).parents[2]
FLAMES, LEANAGENT = "avm2jne3pw", "trfp4ubmns"  # two papers of the built-in sample


@pytest.fixture
def listings(tmp_path) -> Path:
    folder = tmp_path / "listings"
    shutil.copytree(sample_listings(), folder, ignore=shutil.ignore_patterns("__*"))
    return folder


@pytest.fixture
def run(tmp_path, listings):
    data = tmp_path / "data"

    def papershelf(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, COLUMNS="200")
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            env[variable] = str(tmp_path / "home" / variable.lower())
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args, "--data-dir", str(data), "--listings", str(listings)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    papershelf.store_path = data / "reading-lists.sqlite"
    return papershelf


def hits(result: subprocess.CompletedProcess) -> dict[str, dict]:
    return {row["id"]: row for row in map(json.loads, result.stdout.splitlines())}


def assert_one_line_error(result: subprocess.CompletedProcess, text: str) -> None:
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("papershelf: ") and len(result.stderr.strip().splitlines()) == 1
    assert text in result.stderr


def test_dismiss_and_undismiss_show_in_search_json(run):
    assert run("dismiss", FLAMES, LEANAGENT, FLAMES).stdout.strip() == "dismissed 2 of 2 papers"
    assert run("dismiss", FLAMES).stdout.strip() == "dismissed 0 of 1 paper (1 already dismissed)"
    found = hits(run("search", "", "--limit", "300", "--json"))
    assert len(found) == 253
    assert {pid for pid, row in found.items() if row["dismissed"]} == {FLAMES, LEANAGENT}
    assert found[FLAMES]["new"] is False  # dismissed papers are never new
    assert run("undismiss", LEANAGENT).stdout.strip() == "undismissed 1 of 1 paper"
    found = hits(run("search", "", "--limit", "300", "--json"))
    assert {pid for pid, row in found.items() if row["dismissed"]} == {FLAMES}
    assert all(row["seen"] is False for row in found.values())


def test_unknown_ids_are_named_and_nothing_is_dismissed(run):
    result = run("dismiss", FLAMES, "nosuchpaper", "\x1b[31mred", check=False)
    assert_one_line_error(result, "no paper with ids 'nosuchpaper', '␛[31mred'; nothing dismissed")
    assert "\x1b" not in result.stderr
    assert not hits(run("search", "org:amazon", "--json"))[FLAMES]["dismissed"]
    assert_one_line_error(run("undismiss", "zzzzzzzzzz", check=False), "no paper with id 'zzzzzzzzzz'; nothing undismissed")
    many = [f"unknown{n:03d}" for n in range(8)]
    assert_one_line_error(run("dismiss", *many, check=False), "'unknown004' and 3 more; nothing dismissed")


def test_a_dismissed_paper_gone_from_the_listings_can_still_be_undismissed(run, listings):
    run("dismiss", FLAMES)
    title = hits(run("search", "org:amazon", "--json"))[FLAMES]["title"]
    for path in listings.glob("*.txt"):
        if title in path.read_text("utf-8"):
            path.unlink()
    assert FLAMES not in hits(run("search", "org:amazon", "--json"))
    assert run("undismiss", FLAMES).stdout.strip() == "undismissed 1 of 1 paper"


def test_new_is_what_was_first_indexed_since_the_readers_last_visit(run, listings):
    run("index")
    with ReadingStore.open(run.store_path) as store:  # what `index` remembered
        assert len(store.new_ids()) == 253 and store.new_since() is None
        store.begin_visit()  # the reader opens and quits
        store.end_visit()
    assert not any(row["new"] for row in hits(run("search", "", "--limit", "300", "--json")).values())
    text = listing("Nov 5", entry("A paper of the next morning", "lattices"))
    (listings / "005_next.txt").write_text(text, encoding="utf-8")
    found = hits(run("search", "", "--limit", "300", "--json"))
    assert [row["title"] for row in found.values() if row["new"]] == ["A paper of the next morning"]
    assert run("index", "--rebuild").returncode == 0
    found = hits(run("search", "", "--limit", "300", "--json"))
    assert [row["title"] for row in found.values() if row["new"]] == ["A paper of the next morning"]


def test_a_damaged_store_leaves_the_states_null_and_says_so(run):
    run.store_path.parent.mkdir(parents=True)
    run.store_path.write_bytes(b"not a database at all " * 100)
    result = run("search", "org:amazon", "--json")
    assert hits(result)[FLAMES]["dismissed"] is None
    assert "reading-list store" in result.stderr and "damaged" in result.stderr
