"""The `papershelf` command run as a user runs it: a subprocess on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.listing_text import entry, listing

ROOT = Path(__file__).parents[2]


def papershelf(*args: str, env_home: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(env_home / variable.lower())
    env["COLUMNS"] = "120"
    result = subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


def test_index_then_search_on_the_built_in_sample(home):
    indexed = papershelf("index", env_home=home)
    assert "5 files, 346 entries, 253 papers, 0 problems" in indexed.stdout
    assert "002_e0c4ebcc2eb099c9.txt: dates without a year read as 2025" in indexed.stdout
    found = papershelf("search", "theorem proving", env_home=home)
    assert "LeanAgent: Lifelong Learning for Formal" in found.stdout
    assert "1-9 of 9 papers, sorted by relevance" in found.stdout
    assert "already up to date" in papershelf("index", env_home=home).stdout


def test_search_json_lines(home):
    result = papershelf("search", "theorem proving", "--limit", "3", "--json", env_home=home)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    assert set(rows[0]) == {
        "id", "title", "published", "upvotes", "authors", "org", "listings", "score", "because", "against", "read",
        "lists", "note", "dismissed", "seen", "new",
    }
    assert rows[0]["because"] is None and rows[0]["against"] is None  # only a for-you sort says why
    assert rows[0]["id"] == "trfp4ubmns" and rows[0]["published"] == "2024-10-08"
    assert rows[0]["listings"][0] == {"file": "000_316fc8e37e62f595.txt", "date": "--03-11", "line": 95}


def test_options_after_the_sub_command_and_a_portable_data_dir(tmp_path, home):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.txt").write_text(listing("Nov 4", entry("Only Paper Here")), encoding="utf-8")
    data = tmp_path / "portable"
    result = papershelf("search", "", "--listings", str(folder), "--data-dir", str(data), "--json", env_home=home)
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Only Paper Here"]
    assert (data / "cache" / "index").is_dir()
    before = papershelf("--listings", str(folder), "--data-dir", str(data), "search", "only", "--json", env_home=home)
    assert "Only Paper Here" in before.stdout


def test_show_and_similar(home):
    shown = papershelf("show", "avm2jne3pw", env_home=home)
    assert "FLAMES" in shown.stdout and "Amazon" in shown.stdout and "1 upvotes" in shown.stdout
    detail = json.loads(papershelf("show", "avm2jne3pw", "--json", env_home=home).stdout)
    assert detail["org"] == {"handle": "amazon", "name": "Amazon"} and detail["abstract"]
    similar = papershelf("similar", "trfp4ubmns", env_home=home)
    assert similar.stdout.startswith("key terms: ") and "DeepSeek-Prover" in similar.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", "foo:bar"), "papershelf: unknown field 'foo:' at column 1; valid fields:"),
        (("show", "nosuchid"), "papershelf: no paper with id 'nosuchid'"),
        (("search", "x", "--listings", "/no/such/folder"), "papershelf: no such listing folder or file: /no/such/folder"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(home, args, message):
    result = papershelf(*args, env_home=home, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_query_starting_with_a_minus_says_how_to_write_it(home):
    result = papershelf("search", "-dendrites", env_home=home, check=False)
    assert result.returncode == 2 and "comes after '--': papershelf search -- '-word other'" in result.stderr
    written = papershelf("search", "--", "model -dendrites", env_home=home)
    assert "papers, sorted by relevance" in written.stdout


def test_damaged_listings_are_reported_with_file_and_line(tmp_path, home):
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "good.txt").write_text(listing("Nov 4", entry("Good Paper"), "Orphan title\n\n", entry("Other Paper")), encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "empty.txt").write_bytes(b"")
    result = papershelf("index", "--listings", str(folder), env_home=home)
    assert "3 files, 2 entries, 2 papers, 3 problems" in result.stdout
    assert f"{folder / 'good.txt'}:15: paper entry has no abstract line: skipped" in result.stdout
    assert f"{folder / 'binary.txt'}: is not a text file" in result.stdout


def test_nothing_usable_exits_non_zero(tmp_path, home):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    result = papershelf("index", "--listings", str(folder), env_home=home, check=False)
    assert result.returncode == 1 and "nothing usable to index" in result.stdout


def test_hostile_titles_print_as_literal_safe_text(tmp_path, home):
    folder = tmp_path / "hostile"
    folder.mkdir()
    title = "[bold red]Pwn[/] [@click=app.quit]x[/] \x1b[2J\x1b]8;;http://evil\x07link\x9b31m"
    (folder / "h.txt").write_text(listing("Nov 4", entry(title, topic="hostile")), encoding="utf-8")
    for output in ("table", "json"):
        extra = ("--json",) if output == "json" else ()
        result = papershelf("search", "hostile", "--listings", str(folder), *extra, env_home=home)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\x9b" not in result.stdout
        assert "[bold red]Pwn[/]" in result.stdout and "[@click=app.quit]" in result.stdout


def test_python_dash_m_tui_and_the_console_script_agree(home):
    script = Path(sys.executable).parent / "papershelf"
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "c"), XDG_CONFIG_HOME=str(home / "f"), XDG_DATA_HOME=str(home / "d"))
    result = subprocess.run([str(script), "search", "org:amazon", "--json"], env=env, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["id"] == "avm2jne3pw"


@pytest.mark.parametrize("words", [
    [b"show", b"\xff"], [b"dismiss", b"trfp4ubmns", b"\xfe\x1b]0;x\x07"], [b"search", b"lean \xff"],
    [b"view", b"save", b"\xff", b"lean"], [b"add", b"trfp4ubmns", b"--list", b"\xc3"],
])
def test_an_argument_that_is_not_utf8_text_is_refused_by_name(home, words):
    """A shell passes any bytes; Python keeps an undecodable one as a lone surrogate, which
    neither the store nor the index can take: one line says which argument, never an internal error."""
    env = {**os.environ, "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache")}
    result = subprocess.run([sys.executable, "-m", "tui", *words], cwd=ROOT, env=env, capture_output=True, timeout=300)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert "is not UTF-8 text" in err and "\\x" in err and "internal error" not in err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [["search", "lean"], ["search", "lean", "--json"], ["show", "trfp4ubmns"]])
def test_output_to_a_full_disk_says_so_in_one_line(home, args):
    papershelf("index", env_home=home)
    env = {**os.environ, "XDG_DATA_HOME": str(home / "xdg_data_home"), "XDG_CONFIG_HOME": str(home / "xdg_config_home"),
           "XDG_CACHE_HOME": str(home / "xdg_cache_home")}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env, stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.strip() == "papershelf: cannot write the output: No space left on device"


def test_a_listing_file_name_that_is_not_utf8_is_plain_text_in_json(tmp_path, home):
    folder = tmp_path / "listings"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"latin\xe9.txt"), "wb") as listing_file:
        listing_file.write(listing("Nov 4", entry("Latin file paper", "about lean provers")).encode("utf-8"))
    result = papershelf("--listings", str(folder), "search", "lean", "--json", env_home=home)
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    name = row["listings"][0]["file"]
    assert name == "latin\\xe9.txt"
    name.encode("utf-8")  # no lone surrogate: any strict JSON reader takes it
