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
from index.shelf.store import ReadingStore
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


def test_views_are_saved_listed_with_counts_run_and_deleted(run):
    assert run("view", "save", "morning", "is:new listed:latest", "--sort", "upvotes").stdout.strip() == (
        "saved the view 'morning': is:new listed:latest"
    )
    run("view", "save", "proving", '"theorem proving"')
    rows = [json.loads(line) for line in run("views", "--json").stdout.splitlines()]
    assert rows == [
        {"name": "morning", "query": "is:new listed:latest", "sort": "upvotes", "reverse": False,
         "total": 85, "new": 85, "problem": None},
        {"name": "proving", "query": '"theorem proving"', "sort": None, "reverse": False,
         "total": rows[1]["total"], "new": rows[1]["total"], "problem": None},
    ]
    table = run("views").stdout
    assert "morning" in table and "upvotes" in table and "85" in table
    found = [json.loads(line) for line in run("search", "--view", "MORNING", "--limit", "100", "--json").stdout.splitlines()]
    assert len(found) == 85
    upvotes = [row["upvotes"] if row["upvotes"] is not None else -1 for row in found]
    assert upvotes == sorted(upvotes, reverse=True)
    turned = [json.loads(line) for line in run("search", "--view", "morning", "--reverse", "--json", "--limit", "100").stdout.splitlines()]
    assert sorted(row["upvotes"] if row["upvotes"] is not None else -1 for row in turned) == upvotes[::-1]
    assert [row["upvotes"] if row["upvotes"] is not None else -1 for row in turned] == upvotes[::-1]
    assert "replaced the view 'Morning'" in run("view", "save", "Morning", "listed:latest").stdout
    assert run("view", "delete", "proving").stdout.strip() == "deleted the view 'proving'"
    assert [json.loads(line)["name"] for line in run("views", "--json").stdout.splitlines()] == ["Morning"]


def test_hostile_view_names_queries_and_requests_are_one_line_errors(run):
    assert_one_line_error(run("view", "save", "a\x1b]52;c;eA==\x07b", "x", check=False),
                          "a view name cannot contain the character U+001B (at character 2)")
    assert_one_line_error(run("view", "save", "ok", "title:(lean", check=False), "never closed")
    assert_one_line_error(run("view", "save", "ok", "list:nope", check=False), "no list named 'nope'")
    refused = run("view", "save", "ok", "x", "--sort", "newest", check=False)  # argparse's usage error
    assert refused.returncode == 2 and "unknown sort 'newest'; sorts: relevance" in refused.stderr
    refused = run("view", "save", "ok", "x", "--sort", "for:\x1b[2J", check=False)
    assert refused.returncode == 2 and "needs a list's name, not 'for:\\x1b[2J'" in refused.stderr
    assert_one_line_error(run("search", "--view", "\x1b[2Jgone", check=False), "no view named '␛[2Jgone'")
    assert_one_line_error(run("search", check=False), "search needs a QUERY or --view NAME")
    assert_one_line_error(run("view", "delete", "nope", check=False), "no view named 'nope'; there are no views yet")
    for result in (run("views", "--json"), run("views")):
        assert "\x1b" not in result.stdout
    assert run("views").stdout.strip() == "no views yet: papershelf view save NAME QUERY [--sort SORT]"


def test_a_view_whose_list_was_deleted_says_so_and_the_others_still_count(run):
    run("add", FLAMES, "--list", "thesis", "--create")
    run("view", "save", "thesis", "list:thesis")
    run("view", "save", "all", "")
    with ReadingStore.open(run.store_path) as store:
        store.delete_list("thesis")
    rows = {row["name"]: row for row in map(json.loads, run("views", "--json").stdout.splitlines())}
    assert rows["thesis"]["total"] is None and rows["thesis"]["problem"].startswith("no list named 'thesis'")
    assert rows["all"]["total"] == 253
    assert_one_line_error(run("search", "--view", "thesis", check=False), "no list named 'thesis'")


def test_the_whole_store_is_exported_and_imported_with_states_and_views(run, tmp_path):
    run("add", FLAMES)
    run("dismiss", LEANAGENT)
    run("view", "save", "morning", "is:new listed:latest", "--sort", "upvotes")
    out = tmp_path / "store.json"
    assert run("store", "export", "-o", str(out)).stdout.strip() == f"wrote {out}"
    printed = run("store", "export").stdout
    assert json.loads(printed)["format"] == "papershelf reading-list store" == json.loads(out.read_text())["format"]
    run.store_path.unlink()
    for side in ("-wal", "-shm"):
        run.store_path.with_name(run.store_path.name + side).unlink(missing_ok=True)
    assert "views 1" in run("store", "import", str(out)).stdout
    assert [json.loads(line)["name"] for line in run("views", "--json").stdout.splitlines()] == ["morning"]
    assert hits(run("search", "org:amazon OR lean", "--json", "--limit", "50"))[LEANAGENT]["dismissed"] is True
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "papershelf reading-list store", "version": 1, "views": [{"name": "\\u001b"}]}')
    assert_one_line_error(run("store", "import", str(bad), check=False), "view 1: a view name cannot contain")


def test_a_digest_gives_what_is_new_since_the_last_one_and_moves_its_mark_only_when_asked(run, listings, tmp_path):
    run("view", "save", "proving", '"theorem proving"')
    run("view", "save", "amazon", "org:amazon", "--sort", "upvotes")
    first = run("digest", "--since-last").stdout
    assert first.startswith("# papershelf digest: new until ")
    assert "## proving (" in first and "## amazon (1 paper)" in first and "### FLAMES" in first
    assert run("digest", "--since-last").stdout.startswith("nothing new since ")
    assert "## amazon (1 paper)" in run("digest", "--since", "2000-01-01").stdout  # another span, mark unmoved
    hostile = "Theorem proving for \x1b]52;c;cm0gLXJmIH4=\x07 everyone"
    (listings / "005_next.txt").write_text(listing("Nov 5", entry(hostile, "theorem proving in lean")), "utf-8")
    again = run("digest").stdout  # since the mark, which it leaves where it is
    assert "## proving (1 paper)" in again and "## amazon (0 papers)" in again and "\x1b" not in again
    assert "␛\\]52;c;cm0gLXJmIH4=␇" in again  # shown, and Markdown-escaped
    out = tmp_path / "digest.json"
    assert run("digest", "--since-last", "-o", str(out)).stdout.strip() == f"wrote {out}"
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(row["view"], row["title"]) for row in rows] == [("proving", hostile)]
    assert run("digest", "--since-last").stdout.startswith("nothing new since ")
    assert_one_line_error(run("digest", "--view", "nope", check=False), "no view named 'nope'")
    assert_one_line_error(run("digest", "--since", "soon", check=False), "--since expects a date")


def test_a_digest_without_views_has_all_new_papers_and_leaves_dismissed_ones_out(run):
    run("dismiss", FLAMES)
    rows = [json.loads(line) for line in run("digest", "--format", "json").stdout.splitlines()]
    assert len(rows) == 252 and {row["view"] for row in rows} == {"All papers"}
    assert FLAMES not in {row["id"] for row in rows}


def test_a_digest_since_the_year_1_names_it_with_four_digits_and_an_empty_since_is_refused(run):
    run("index")
    digest = run("digest", "--since", "0001-01-01").stdout
    assert digest.startswith("# papershelf digest: new since 0001-01-01 00:00 UTC")
    refused = run("digest", "--since", "", check=False)
    assert refused.returncode == 2 and "--since expects a date" in refused.stderr
