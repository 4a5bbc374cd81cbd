"""Several ids where the reading-list commands take one, run as a user runs them: a subprocess on
real files. Each id is resolved as one id is (any case, a unique prefix); one bad id is named
and nothing is changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.listings.papers import paper_id

ROOT = Path(__file__).parents[2]
FLAMES, LEANAGENT, MATHCANVAS = "avm2jne3pw", "trfp4ubmns", "w4xz3sbl7c"  # papers of the built-in sample


@pytest.fixture
def run(tmp_path):
    data = tmp_path / "data"

    def papershelf(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, COLUMNS="200")
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            env[variable] = str(tmp_path / "home" / variable.lower())
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args, "--data-dir", str(data)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return papershelf


def listed(run, name: str = "Bookmarks") -> list[tuple[str, bool]]:
    return [(row["id"], row["read"]) for row in map(json.loads, run("list", name, "--json").stdout.splitlines())]


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr.strip()


def test_several_ids_are_added_read_unread_and_removed_at_once(run):
    added = run("add", FLAMES.upper(), "trfp4", MATHCANVAS, "--list", "thesis", "--create").stdout
    assert added.strip() == "added 3 papers to 'thesis'"
    assert listed(run, "thesis") == [(FLAMES, False), (LEANAGENT, False), (MATHCANVAS, False)]
    assert run("add", FLAMES, LEANAGENT, "--list", "thesis").stdout.strip() == "added 0 papers to 'thesis' (2 already there)"
    assert run("read", "AVM2", LEANAGENT).stdout.strip() == "marked 2 papers read"
    assert run("read", FLAMES, MATHCANVAS).stdout.strip() == "marked 2 papers read (1 already read)"
    assert listed(run, "thesis") == [(FLAMES, True), (LEANAGENT, True), (MATHCANVAS, True)]
    assert run("unread", FLAMES, "w4xz").stdout.strip() == "marked 2 papers unread"
    removed = run("remove", FLAMES, LEANAGENT, "7jxypja3vl", "--list", "thesis").stdout
    assert removed.strip() == "removed 2 papers from 'thesis' (1 was not in it)"
    assert listed(run, "thesis") == [(MATHCANVAS, False)]


def test_the_same_paper_twice_counts_once(run):
    assert run("add", FLAMES, FLAMES.upper(), "avm2j").stdout.strip() == f"added to 'Bookmarks': {title(run, FLAMES)}"
    assert listed(run) == [(FLAMES, False)]


def title(run, paper_id: str) -> str:
    return json.loads(run("show", paper_id, "--json").stdout)["title"]


@pytest.mark.parametrize(
    ("command", "outcome"),
    [("add", "nothing added"), ("read", "nothing marked read"), ("unread", "nothing marked unread"),
     ("remove", "nothing removed"), ("dismiss", "nothing dismissed")],
)
def test_one_unknown_id_among_several_is_named_and_nothing_changes(run, command, outcome):
    run("add", LEANAGENT)
    run("read", LEANAGENT)
    before = reading_state(run)
    result = run(command, FLAMES, "nosuchpaper", LEANAGENT, check=False)
    assert one_line_error(result) == f"papershelf: no paper with id 'nosuchpaper'; {outcome}"
    assert reading_state(run) == before


def reading_state(run) -> dict:
    """The whole store but when papershelf first indexed each paper (dismiss notes that first)."""
    whole = json.loads(run("store", "export").stdout)
    whole.pop("first_seen")
    return whole


def test_dismiss_takes_ids_by_prefix_as_the_other_commands_do(run):
    assert run("dismiss", "AVM2", "trfp4").stdout.strip() == "dismissed 2 of 2 papers"
    hits = [json.loads(line) for line in run("search", "org:amazon OR lean", "--json", "--limit", "50").stdout.splitlines()]
    assert {hit["id"] for hit in hits if hit["dismissed"]} == {FLAMES, LEANAGENT}


def test_an_ambiguous_prefix_among_several_ids_is_named_and_nothing_changes(run, tmp_path):
    from tests.cli.test_scripting_cli import titles_sharing_an_id_prefix
    from tests.listing_text import entry, listing

    first, second = titles_sharing_an_id_prefix()
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(listing("Nov 4", entry(first), entry(second), entry("A Third Paper")), encoding="utf-8")
    prefix = min(paper_id(first), paper_id(second))[:4]
    result = run("read", paper_id("A Third Paper"), prefix, "--listings", str(folder), check=False)
    assert one_line_error(result).startswith(f"papershelf: id '{prefix}' is ambiguous: 2 papers' ids start with it")
    assert json.loads(run("store", "export", "--listings", str(folder)).stdout)["reads"] == {}
