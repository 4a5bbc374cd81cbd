"""`search --sort for:LIST` and `--sort foryou` as a user runs them: a subprocess on real files."""

from __future__ import annotations

import json

from tests.cli.test_cli_output import assert_safe
from tests.cli.test_morning_cli import assert_one_line_error, hits, listings, run  # noqa: F401 (fixtures)
from tests.hostile_text import HOSTILE
from tests.listing_text import entry, listing

THEOREM_PAPERS = ("wqula7nxfn", "47qek7yuhk", "dxbwfloije", "trfp4ubmns", "oyzoggddpr")  # of the built-in sample


def seed(run, name: str, ids) -> None:
    for paper_id in ids:
        run("add", paper_id, "--list", name, "--create")


def test_for_list_ranks_by_the_lists_papers_and_json_says_because(run):
    seed(run, "thesis", THEOREM_PAPERS)
    found = [json.loads(line) for line in run("search", "", "--sort", "for:Thesis", "--json").stdout.splitlines()]
    assert len(found) == 20 and not {row["id"] for row in found} & set(THEOREM_PAPERS)
    assert all(row["because"] and row["against"] == [] for row in found[:10])
    assert "lean" in found[0]["because"] or "theorem" in found[0]["because"]
    assert [row["id"] for row in found] == [row["id"] for row in map(json.loads, run(
        "search", "", "--sort", "foryou", "--json").stdout.splitlines())]  # the only list: the same taste
    assert all(row["because"] is None for row in hits(run("search", "lean", "--json")).values())  # other sorts: null
    text = run("search", "", "--sort", "for:thesis", "--limit", "3").stdout
    assert "because" in text and text.strip().endswith("1-3 of 248 papers, sorted by for:thesis")


def test_below_three_papers_search_says_how_many_more(run):
    seed(run, "thesis", THEOREM_PAPERS[:1])
    assert_one_line_error(run("search", "", "--sort", "for:thesis", check=False), "it has 1 of the 3 it needs; add 2 more")
    assert_one_line_error(run("search", "", "--sort", "foryou", check=False), "for you ranks by the papers in your lists")
    assert_one_line_error(run("search", "", "--sort", "for:nope", check=False), "no list named 'nope' to sort for")
    result = run("search", "", "--sort", "forever", check=False)
    assert result.returncode == 2 and "unknown sort 'forever'" in result.stderr and "Traceback" not in result.stderr


def test_a_view_keeps_a_for_you_sort(run):
    seed(run, "thesis", THEOREM_PAPERS)
    run("view", "save", "mine", "model", "--sort", "for:thesis")
    assert json.loads(run("views", "--json").stdout.splitlines()[0])["sort"] == "for:thesis"
    rows = [json.loads(line) for line in run("search", "--view", "mine", "--json").stdout.splitlines()]
    assert rows and all(row["because"] is not None for row in rows)


def test_explanations_of_hostile_papers_reach_the_terminal_as_visible_text(run, listings):
    word = HOSTILE["cjk_wide"]
    papers = [entry(f"Paper {name} {text}", f"{word} {text} lattice{name} sharedhostileword")
              for name, text in HOSTILE.items()]
    (listings / "009_hostile.txt").write_text(listing("Nov 6", *papers), encoding="utf-8")
    hostile = [pid for pid, row in hits(run("search", "sharedhostileword", "--json", "--limit", "50")).items()]
    seed(run, "odd", hostile[:4])
    result = run("search", "", "--sort", "for:odd", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(word in row["because"] for row in rows)
    assert_safe(result.stdout.encode())
    shown = run("search", "", "--sort", "for:odd", "--limit", "5")
    assert_safe(shown.stdout.encode())
