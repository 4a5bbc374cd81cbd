"""`papershelf facets QUERY [--json]` run as a user runs it: the same counts as searching with each value added."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import papershelf
from tests.hostile_text import HOSTILE
from tests.listing_text import entry, listing, org_meta


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def total_of(query: str, home: Path) -> int:
    rows = papershelf("search", "--limit", "0", "--json", "--", query, env_home=home).stdout
    assert rows == ""  # --limit 0 prints no row; the total is in the text form
    text = papershelf("search", "--limit", "0", "--", query, env_home=home).stdout
    return 0 if text.startswith("no papers match") else int(text.split()[0].replace(",", ""))


def test_facets_json_counts_equal_the_search_totals_with_each_value_added(home):
    rows = [json.loads(line) for line in papershelf("facets", "model", "--json", env_home=home).stdout.splitlines()]
    assert {row["facet"] for row in rows} >= {"listing", "month", "upvotes", "authors", "state"}
    assert all(set(row) == {"facet", "value", "count", "query"} for row in rows)
    for row in rows:
        if row["facet"] in ("listing", "upvotes", "authors") or row["value"] == "2025-11":
            assert row["count"] == total_of(f"model {row['query']}", home), row


def test_facets_prints_each_facet_with_its_values_counts_and_filters(home):
    shown = papershelf("facets", "theorem proving", env_home=home).stdout
    lines = shown.splitlines()
    assert lines[0] == "9 papers match"
    assert "Listing" in lines and "Upvotes" in lines and "Authors" in lines
    assert any(line.split() == ["2025-03-11", "7", "listed:2025-03-11"] for line in lines), shown


def test_facets_resolves_reading_list_terms_against_the_store(home):
    first = json.loads(papershelf("search", "theorem proving", "--json", "--limit", "1", env_home=home).stdout)["id"]
    papershelf("read", first, env_home=home)
    rows = [json.loads(line) for line in papershelf("facets", "theorem proving", "--json", env_home=home).stdout.splitlines()]
    states = {row["value"]: row["count"] for row in rows if row["facet"] == "state"}
    assert (states["read"], states["unread"]) == (1, 8)
    only_read = [json.loads(line) for line in papershelf("facets", "theorem proving is:read", "--json", env_home=home).stdout.splitlines()]
    states = {row["value"]: row["count"] for row in only_read if row["facet"] == "state"}
    assert states["read"] == 1 and "unread" not in states


def test_a_bad_query_is_one_line_and_status_2(home):
    result = papershelf("facets", "foo:bar", env_home=home, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("papershelf: unknown field 'foo:' at column 1")


def test_muted_papers_are_not_counted_unless_shown_anyway(tmp_path, home):
    data = tmp_path / "data"
    data.mkdir()
    (data / "config.toml").write_text('mute = ["org:amazon"]\n', encoding="utf-8")
    shown = papershelf("--data-dir", str(data), "facets", env_home=home).stdout
    assert shown.splitlines()[0] == "252 papers match (1 muted paper hidden: --show-muted counts them)"
    assert "Organisation" not in shown
    anyway = papershelf("--data-dir", str(data), "facets", "--show-muted", env_home=home).stdout
    assert anyway.splitlines()[0] == "253 papers match" and "Organisation" in anyway
    found = papershelf("--data-dir", str(data), "search", "org:amazon", env_home=home).stdout
    assert found.strip() == "no papers match 'org:amazon' (1 muted paper hidden)"


def test_hostile_organisation_names_reach_the_output_only_as_visible_text(tmp_path, home):
    folder = tmp_path / "listings"
    folder.mkdir()
    entries = [entry(f"Paper {name}", name, org_meta(f"h{number}{text.split()[0] if text.split() else ''} {text}", "Nov 1, 2025 3"))
               for number, (name, text) in enumerate(HOSTILE.items())]
    (folder / "h.txt").write_text(listing("Nov 4", *entries), encoding="utf-8")
    for args in ((), ("--json",)):
        result = papershelf("--listings", str(folder), "facets", *args, env_home=home)
        out = result.stdout
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\x9d" not in out
        assert "\u202e" not in out and "\r" not in out.replace("\r\n", "\n")
        assert "Organisation" in out or '"organisation"' in out
