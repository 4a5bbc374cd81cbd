"""The reading-list sub-commands run as a user runs them: a subprocess on real files."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import bibtexparser
import pytest

from tests.listing_text import entry, listing
from tests.unwritable import fill, small_disk

ROOT = Path(__file__).parents[2]
FLAMES, LEANAGENT = "avm2jne3pw", "trfp4ubmns"  # two papers of the built-in sample


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def run(tmp_path, home):
    """papershelf with a portable data dir; check=False returns a failing result too."""
    data = tmp_path / "data"

    def papershelf(*args: str, check: bool = True, data_dir: Path = data) -> subprocess.CompletedProcess:
        env = dict(os.environ, COLUMNS="200")
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            env[variable] = str(home / variable.lower())
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args, "--data-dir", str(data_dir)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    papershelf.data = data
    return papershelf


def json_lines(result: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def assert_one_line_error(result: subprocess.CompletedProcess, text: str) -> None:
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("papershelf: ") and len(result.stderr.strip().splitlines()) == 1
    assert text in result.stderr


def test_add_list_read_unread_remove(run):
    assert "added to 'Bookmarks': FLAMES" in run("add", FLAMES).stdout
    assert "already in 'Bookmarks'" in run("add", FLAMES).stdout
    run("add", LEANAGENT, "--list", "To read", "--create")
    run("add", LEANAGENT)
    run("read", FLAMES)
    summaries = json_lines(run("lists", "--json"))
    assert [(s["name"], s["count"], s["unread"]) for s in summaries] == [("Bookmarks", 2, 1), ("To read", 1, 1)]
    assert all(s["created"].endswith("Z") for s in summaries)
    rows = json_lines(run("list", "bookmarks", "--json"))
    assert [(r["id"], r["read"]) for r in rows] == [(FLAMES, True), (LEANAGENT, False)]
    assert rows[0]["title"].startswith("FLAMES") and rows[0]["organisation"] == "Amazon"
    shown = run("list", "Bookmarks").stdout
    assert "FLAMES" in shown and "Bookmarks: 2 papers, 1 unread" in shown
    assert "To read" in run("lists").stdout
    run("unread", FLAMES)
    assert "removed from 'Bookmarks'" in run("remove", LEANAGENT).stdout
    assert "was not in 'Bookmarks'" in run("remove", LEANAGENT).stdout
    assert [(r["id"], r["read"]) for r in json_lines(run("list", "Bookmarks", "--json"))] == [(FLAMES, False)]


def test_read_state_needs_no_list(run):
    run("read", LEANAGENT)
    run("add", LEANAGENT)
    assert json_lines(run("list", "Bookmarks", "--json"))[0]["read"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "nosuchid"), "no paper with id 'nosuchid'"),
        (("read", "nosuchid"), "no paper with id 'nosuchid'"),
        (("add", FLAMES, "--list", "Nope"), "no list named 'Nope'; lists: Bookmarks"),
        (("list", "Nope"), "no list named 'Nope'"),
        (("export", "Nope", "--format", "md"), "no list named 'Nope'"),
        (("import", "/no/such/file.json"), "cannot read /no/such/file.json: no such file"),
        (("unread", "nosuchid"), "no paper with id 'nosuchid'"),
        (("remove", "nosuchid"), "no paper with id 'nosuchid'"),
        (("remove", "nosuchid", "--list", "Nope"), "no list named 'Nope'"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(run, args, message):
    assert_one_line_error(run(*args, check=False), message)


def test_a_known_paper_not_in_the_list_is_not_an_error(run):
    assert "was not in 'Bookmarks': " + FLAMES in run("remove", FLAMES).stdout  # in the index, not the list
    assert f"marked unread: {FLAMES}" in run("unread", FLAMES).stdout


def test_counts_of_one_read_in_the_singular(run, tmp_path):
    run("add", FLAMES)
    assert "Bookmarks: 1 paper, 1 unread" in run("list", "Bookmarks").stdout
    exported = tmp_path / "one.json"
    run("export", "Bookmarks", "-o", str(exported))
    imported = run("import", str(exported), data_dir=tmp_path / "elsewhere").stdout
    assert "imported into 'Bookmarks': 1 paper added, 0 already there" in imported


def hostile_import(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.json"
    head = '{"format": "papershelf reading list", "version": 1, "name": "x", "entries": '
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "deep":
        path.write_text(head + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    elif kind == "surrogate":
        path.write_text(head + '[{"id": "a", "title": "t"}, {"id": "b", "title": "\\ud800"}]}', encoding="utf-8")
    elif kind == "huge_int":
        path.write_text(head + f'[{{"id": "a", "title": "t", "upvotes": {2**63}}}]}}', encoding="utf-8")
    elif kind == "version_true":
        path.write_text(head.replace('"version": 1', '"version": true') + "[]}", encoding="utf-8")
    elif kind == "too_big":
        with open(path, "wb") as file:
            file.truncate(300 * 2**20)  # sparse
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("fifo", "not a regular file"),
        ("zero", "not a regular file"),
        ("deep", "nested too deeply"),
        ("surrogate", 'entry 2: "title" holds a lone surrogate'),
        ("huge_int", 'entry 1: "upvotes" must be a whole number from 0 to 9223372036854775807'),
        ("version_true", 'the export\'s "version" must be a whole number, not true'),
        ("too_big", "it is larger than 256 MB"),
    ],
)
def test_a_hostile_import_file_is_one_line_and_changes_nothing(run, tmp_path, kind, message):
    result = run("import", str(hostile_import(tmp_path, kind)), check=False)
    assert_one_line_error(result, message)
    assert [s["name"] for s in json_lines(run("lists", "--json"))] == ["Bookmarks"]


def test_export_writes_through_a_symlink_to_its_target(run, tmp_path):
    run("add", FLAMES)
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "reading.md").write_text("old", encoding="utf-8")
    link = tmp_path / "reading.md"
    link.symlink_to(dotfiles / "reading.md")
    run("export", "Bookmarks", "-o", str(link))
    assert link.is_symlink() and "FLAMES" in (dotfiles / "reading.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in dotfiles.iterdir()) == ["reading.md"]


def test_export_refuses_a_read_only_file(run, tmp_path):
    run("add", FLAMES)
    kept = tmp_path / "kept.bib"
    kept.write_text("mine", encoding="utf-8")
    kept.chmod(0o444)
    assert_one_line_error(run("export", "Bookmarks", "-o", str(kept), check=False), "read-only")
    assert kept.read_text(encoding="utf-8") == "mine"


def test_an_export_onto_a_full_disk_says_so_and_leaves_nothing(run, tmp_path):
    run("add", FLAMES)
    with small_disk(tmp_path / "disk", size_kb=64) as disk:
        fill(disk)
        for _ in range(2):
            result = run("export", "Bookmarks", "-o", str(disk / "list.json"), check=False)
            assert_one_line_error(result, f"cannot write {disk / 'list.json'}: disk full")
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_export_every_format_and_import_round_trip(run, tmp_path):
    run("add", FLAMES)
    run("add", LEANAGENT)
    run("read", LEANAGENT)
    bibtex = bibtexparser.parse_string(run("export", "Bookmarks", "--format", "bibtex").stdout)
    assert [e.key for e in bibtex.entries] == ["flames2025", "leanagent2024"] and bibtex.failed_blocks == []
    markdown = run("export", "Bookmarks", "--format", "md").stdout
    assert "- [ ] **FLAMES" in markdown and "- [x] **LeanAgent" in markdown
    assert run("export", "Bookmarks", "--format", "csv").stdout.startswith("position,id,title,")
    exported = tmp_path / "bookmarks.json"
    assert f"wrote {exported}" in run("export", "Bookmarks", "-o", str(exported)).stdout
    assert json.loads(exported.read_text(encoding="utf-8"))["name"] == "Bookmarks"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(exported.stat().st_mode) == 0o666 & ~umask  # an ordinary file, unlike the store
    assert run("export", "Bookmarks", "--format", "json").stdout == exported.read_text(encoding="utf-8")
    (tmp_path / "list.md").write_text("old", encoding="utf-8")
    run("export", "Bookmarks", "-o", str(tmp_path / "list.md"))  # the format follows the suffix
    assert (tmp_path / "list.md").read_text(encoding="utf-8") == markdown

    elsewhere = tmp_path / "elsewhere"
    imported = run("import", str(exported), data_dir=elsewhere)
    assert "imported into 'Bookmarks': 2 papers added, 0 already there" in imported.stdout
    again = tmp_path / "again.json"
    run("export", "Bookmarks", "-o", str(again), data_dir=elsewhere)
    assert again.read_bytes() == exported.read_bytes()
    assert "0 papers added, 2 already there" in run("import", str(exported), data_dir=elsewhere).stdout


def test_export_to_a_citation_file_takes_its_format_from_the_suffix(run, tmp_path):
    import rispy

    run("add", FLAMES)
    run("add", LEANAGENT)
    run("export", "Bookmarks", "-o", str(tmp_path / "refs.ris"))
    records = rispy.loads((tmp_path / "refs.ris").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["flames2025", "leanagent2024"] and records[0]["publisher"] == "Amazon"
    run("export", "Bookmarks", "-o", str(tmp_path / "refs.csl.json"))
    items = json.loads((tmp_path / "refs.csl.json").read_text(encoding="utf-8"))
    assert [item["type"] for item in items] == ["webpage", "webpage"]
    run("export", "Bookmarks", "-o", str(tmp_path / "refs.biblatex.bib"))
    library = bibtexparser.parse_string((tmp_path / "refs.biblatex.bib").read_text(encoding="utf-8"))
    assert [e.entry_type for e in library.entries] == ["online", "online"] and library.failed_blocks == []
    on_stdout = run("export", "Bookmarks", "--format", "biblatex").stdout
    assert on_stdout == (tmp_path / "refs.biblatex.bib").read_text(encoding="utf-8")


def test_a_damaged_store_is_kept_until_the_user_agrees(run):
    store = run.data / "reading-lists.sqlite"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"garbage, not SQLite" * 100)
    refused = run("lists", check=False)
    assert_one_line_error(refused, f"the reading-list store {store} is damaged")
    assert "--reset-store" in refused.stderr and store.read_bytes() == b"garbage, not SQLite" * 100
    reset = run("lists", "--reset-store")
    assert "was kept as" in reset.stderr and "Bookmarks" in reset.stdout
    (aside,) = run.data.glob("reading-lists.sqlite.corrupt-*")
    assert aside.read_bytes() == b"garbage, not SQLite" * 100
    assert run("--reset-store", "lists", "--json").stderr == ""  # nothing left to reset


def test_a_list_needs_no_listing_files(run, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.txt").write_text(listing("Nov 4", entry("Only Paper Here")), encoding="utf-8")
    found = json.loads(run("search", "", "--listings", str(folder), "--json").stdout)
    run("add", found["id"], "--listings", str(folder))
    run("read", found["id"], "--listings", str(folder))
    shutil.rmtree(folder)
    rows = json_lines(run("list", "Bookmarks", "--json", "--listings", str(folder)))
    assert [(r["title"], r["read"]) for r in rows] == [("Only Paper Here", True)]


def test_hostile_titles_print_as_literal_safe_text(run, tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    title = "[bold red]Pwn[/] \x1b[2J\x1b]8;;http://evil\x07link\x9b31m"
    (folder / "h.txt").write_text(listing("Nov 4", entry(title, topic="hostile")), encoding="utf-8")
    found = json.loads(run("search", "hostile", "--listings", str(folder), "--json").stdout)
    run("add", found["id"], "--listings", str(folder))
    outputs = [run("list", "Bookmarks").stdout, run("list", "Bookmarks", "--json").stdout]
    outputs += [run("export", "Bookmarks", "--format", f).stdout for f in ("bibtex", "md", "csv", "json")]
    for output in outputs:
        assert not any(c in output for c in "\x1b\x07\x9b")
    assert "[bold red]Pwn[/]" in outputs[0]
    assert json_lines(run("list", "Bookmarks", "--json"))[0]["title"] == title


@pytest.mark.parametrize("kind", ["deep", "fifo", "zero"])
def test_a_hostile_config_file_is_one_line_and_the_command_runs(run, kind):
    config = run.data / "config.toml"
    config.parent.mkdir(parents=True)
    if kind == "deep":
        config.write_text("listings = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(config)
    else:
        config.symlink_to("/dev/zero")
    result = run("lists", "--json")
    assert [s["name"] for s in json_lines(result)] == ["Bookmarks"]
    assert result.stderr.startswith(f"papershelf: {config}") and len(result.stderr.splitlines()) == 1
    assert "using the defaults" in result.stderr and "Traceback" not in result.stderr


def test_a_citation_export_notes_the_listings_each_paper_appeared_in(run, tmp_path):
    import rispy

    run("add", FLAMES)
    listed = sorted({a["date"] for a in json.loads(run("show", FLAMES, "--json").stdout)["listings"]})
    [record] = rispy.loads(run("export", "Bookmarks", "--format", "ris").stdout)
    assert record["notes"][0].endswith(f"in listing{'s' if len(listed) > 1 else ''} {', '.join(listed)}")
    [entry] = bibtexparser.parse_string(run("export", "Bookmarks", "--format", "bibtex").stdout).entries
    assert entry.fields_dict["note"].value.endswith(", ".join(listed))
