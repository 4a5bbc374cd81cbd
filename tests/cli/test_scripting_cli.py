"""The command line as scripts and people use it: version, help, short ids, reading state in --json,
and `show` in a real pseudo-terminal."""

from __future__ import annotations

import argparse
import fcntl
import itertools
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from importlib import metadata
from pathlib import Path

import pytest
from rich.cells import cell_len

from index.locations import locations
from index.listings.papers import paper_id
from index.shelf.store import ReadingStore
from tests.listing_text import entry, listing
from tui.cli import build_parser
from tui.query_help import QUERY_LANGUAGE, readme_text

ROOT = Path(__file__).parents[2]
FLAMES, LEANAGENT = "avm2jne3pw", "trfp4ubmns"  # two papers of the built-in sample


@pytest.fixture
def run(tmp_path):
    """papershelf with a portable data dir, in a subprocess; check=False returns a failing result too."""
    data = tmp_path / "data"

    def papershelf(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "tui", *args, "--data-dir", str(data)], cwd=ROOT,
            env=dict(os.environ, COLUMNS="120"), capture_output=True, text=True, timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    papershelf.data = data
    return papershelf


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr.strip()


def test_version_is_the_installed_distributions(run):
    assert run("--version").stdout == f"papershelf {metadata.version('papershelf')}\n"


def test_help_says_that_no_command_opens_the_reader_and_where_the_query_language_is(run):
    text = " ".join(run("--help").stdout.split())
    assert "Without a command, papershelf opens the reader; no command opens it." in text
    assert "papershelf help query" in text and '"Query language" in the README' in text


def test_help_query_prints_the_query_language(run):
    printed = run("help", "query").stdout
    # Every example of the table, as typed (the terminal shows code without its backticks).
    for row in re.findall(r"^\| (`.*?`[^|]*) \|", QUERY_LANGUAGE, re.MULTILINE):
        for example in re.findall(r"`([^`]+)`", row):
            assert example in printed
    assert "operators in capitals only" in " ".join(printed.split())
    assert "(in the README)" in printed and "](#" not in printed  # links to README sections say so


def test_the_readme_holds_the_query_language_that_help_prints():
    assert readme_text(ROOT / "README.md") == QUERY_LANGUAGE


def test_help_of_a_command_is_its_help_and_an_unknown_topic_is_one_line(run):
    assert run("help", "search").stdout == run("search", "--help").stdout
    message = one_line_error(run("help", "nonsense", check=False))
    assert message.startswith("papershelf: no help on 'nonsense'; topics: query, ") and "search" in message


def test_every_command_has_a_description_and_every_argument_a_help():
    commands = build_parser().command_parsers
    assert {"index", "search", "show", "similar", "export", "list", "help"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description and parser.description in " ".join(parser.format_help().split()), name
        unexplained = [a.dest for a in parser._actions if a.help in (None, "") and not isinstance(a, argparse._HelpAction)]
        assert unexplained == [], name


def test_ids_are_taken_in_any_case_and_as_a_unique_prefix_of_four(run):
    shown = run("show", FLAMES, "--json").stdout
    assert run("show", FLAMES.upper(), "--json").stdout == shown
    assert run("show", " Avm2 ", "--json").stdout == shown
    assert "marked read: trfp4ubmns" in run("read", "TRFP").stdout
    assert "added to 'Bookmarks'" in run("add", "trfp4u").stdout
    assert "removed from 'Bookmarks': trfp4ubmns" in run("remove", "trfp4").stdout
    assert one_line_error(run("show", "avm", check=False)) == "papershelf: no paper with id 'avm'"  # too short
    assert one_line_error(run("similar", "zzzzz", check=False)) == "papershelf: no paper with id 'zzzzz'"


def titles_sharing_an_id_prefix() -> tuple[str, str]:
    """Two titles whose ids share their first 4 characters (the first such pair, found by counting)."""
    seen: dict[str, str] = {}
    for number in itertools.count():
        title = f"Paper number {number}"
        prefix = paper_id(title)[:4]
        if prefix in seen:
            return seen[prefix], title
        seen[prefix] = title
    raise AssertionError("unreachable")


def test_an_ambiguous_prefix_names_the_ids_it_matches(run, tmp_path):
    first, second = titles_sharing_an_id_prefix()
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(listing("Nov 4", entry(first), entry(second)), encoding="utf-8")
    ids = sorted([paper_id(first), paper_id(second)])
    prefix = ids[0][:4]
    message = one_line_error(run("show", prefix.upper(), "--listings", str(folder), check=False))
    assert message == f"papershelf: id '{prefix}' is ambiguous: 2 papers' ids start with it: {ids[0]}, {ids[1]}"
    longer = os.path.commonprefix(ids)
    shown = run("show", ids[0][: len(longer) + 1], "--listings", str(folder), "--json").stdout
    assert json.loads(shown)["id"] == ids[0]


def test_a_saved_paper_is_found_by_its_prefix_with_its_listing_files_gone(run, tmp_path):
    folder = tmp_path / "listings"
    folder.mkdir()
    (folder / "a.txt").write_text(listing("Nov 4", entry("Only Paper Here")), encoding="utf-8")
    saved = paper_id("Only Paper Here")
    run("add", saved[:5], "--listings", str(folder))
    (folder / "a.txt").unlink()
    folder.rmdir()
    assert f"marked read: {saved}" in run("read", saved[:5].upper(), "--listings", str(folder)).stdout
    assert f"removed from 'Bookmarks': {saved}" in run("remove", saved[:4], "--listings", str(folder)).stdout


def test_json_of_search_show_and_list_carries_the_reading_state(run):
    fresh = json.loads(run("show", FLAMES, "--json").stdout)
    assert (fresh["read"], fresh["lists"], fresh["note"]) == (False, [], "")
    assert not (run.data / "reading-lists.sqlite").exists()  # reading the state creates no store
    run("add", LEANAGENT)
    run("add", LEANAGENT, "--list", "thesis", "--create")
    run("read", LEANAGENT)
    with ReadingStore.open(ReadingStore.default_path(locations(run.data))) as store:
        store.set_note(LEANAGENT, "check section 4")
    state = {"read": True, "lists": ["Bookmarks", "thesis"], "note": "check section 4"}
    shown = json.loads(run("show", LEANAGENT, "--json").stdout)
    assert {key: shown[key] for key in state} == state
    found = {row["id"]: row for row in map(json.loads, run("search", "theorem proving", "--json").stdout.splitlines())}
    assert {key: found[LEANAGENT][key] for key in state} == state
    assert all(row["read"] is False and row["lists"] == [] for key, row in found.items() if key != LEANAGENT)
    [listed] = map(json.loads, run("list", "thesis", "--json").stdout.splitlines())
    assert {key: listed[key] for key in state} == state


def run_in_terminal(args: list[str], columns: int, data: Path) -> str:
    """What the command writes to a pseudo-terminal `columns` wide, escape sequences removed."""
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *args, "--data-dir", str(data)],
        stdin=follower, stdout=follower, stderr=follower, cwd=ROOT, env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = b"".join(chunks).decode("utf-8")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", "", text).replace("\r\n", "\n")


def test_show_wraps_the_abstract_to_the_terminal_width_and_a_pipe_gets_it_whole(run):
    piped = run("show", FLAMES).stdout.splitlines()
    abstract = piped[-1]
    assert len(abstract) > 200  # one line into a pipe, for scripts
    lines = run_in_terminal(["show", FLAMES], 60, run.data).splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert lines[0] == piped[0][: len(lines[0])]
    assert " ".join(" ".join(lines).split()).endswith(" ".join(abstract.split()))  # the same words, cut between them
