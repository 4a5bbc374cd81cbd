"""The mute list's config key and its file: every term checked, bad ones reported with key, item and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.config import load_config
from index.locations import locations
from index.library import Library
from index.search.mute import add_muted, mute_file, read_mute_file
from tests.hostile_text import HOSTILE


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_mute_key_is_read_as_a_list_of_search_terms(tmp_path):
    config, problems = load_config(write(tmp_path, 'mute = ["survey", " org:spam ", "survey"]\n'))
    assert not problems
    assert config.mute == ("survey", "org:spam")  # trimmed, each once


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"survey"', "'mute' must be a list, not str 'survey'"),
        ('["survey", 3]', "'mute' must be a list of search terms: item 2 must be text, not int"),
        ('["", "x"]', "'mute' must be a list of search terms: item 1 is empty"),
        ('["is:read"]', "'mute' must be a list of search terms: item 1 is a reading-list term ('is:read')"),
        ('["foo:bar"]', "'mute' must be a list of search terms: item 1 is not a query: unknown field 'foo:' at column 1"),
        ('["a\\u001b[31m"]', "'mute' must be a list of search terms: item 1 holds the character U+001B (at character 2)"),
        ('["upvotes:5..2"]', "'mute' must be a list of search terms: item 1 is not a query: 'upvotes:5..2' at column 1 is an empty range"),
    ],
)
def test_a_bad_mute_value_is_reported_with_its_key_item_and_line_and_nothing_is_muted(tmp_path, value, message):
    path = write(tmp_path, f'theme = "nord"\nmute = {value}\n')
    config, problems = load_config(path)
    assert config.mute == () and config.theme == "nord"
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:2: {message}") and problems[0].endswith("; using the default")


def test_hostile_strings_in_the_mute_key_are_refused_or_kept_as_data(tmp_path):
    for name, text in HOSTILE.items():
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped if ord(c) < 0x10000)
        config, problems = load_config(write(tmp_path, f'mute = ["{escaped}"]\n'))
        assert bool(problems) != bool(config.mute), name
        for problem in problems:
            assert "'mute' must be a list of search terms: item 1" in problem, name


def test_the_mute_file_keeps_what_the_reader_adds_and_reports_bad_lines(tmp_path):
    path = mute_file(tmp_path / "config" / "config.toml")
    add_muted(path, "org:spam")
    add_muted(path, "org:spam")
    add_muted(path, "survey")
    assert read_mute_file(path) == (("org:spam", "survey"), [])
    path.write_text(path.read_text() + "is:read\n", encoding="utf-8")
    terms, problems = read_mute_file(path)
    assert terms == ("org:spam", "survey")
    assert problems == [f"{path}:4: the mute term is a reading-list term ('is:read'): a mute term is a search, like "
                        "'survey' or 'org:spam'; ignored"]


def test_the_library_mutes_the_config_s_terms_and_the_file_s(tmp_path):
    places = locations(tmp_path / "data")
    places.config_file.parent.mkdir(parents=True, exist_ok=True)
    places.config_file.write_text('mute = ["survey"]\n', encoding="utf-8")
    add_muted(mute_file(places.config_file), "org:amazon")
    library, config, problems = Library.configured([], places)
    assert not problems
    assert library.mute == ("survey", "org:amazon")
    with library.open_searcher() as searcher:
        assert searcher.search("org:amazon").total == 0
        assert searcher.search("").hidden == searcher.paper_count - searcher.search("").total > 0


def test_a_mute_file_that_cannot_be_read_is_a_problem_not_a_failure(tmp_path):
    places = locations(tmp_path / "data")
    path = mute_file(places.config_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xfe")
    library, _config, problems = Library.configured([], places)
    assert library.mute == ()
    assert problems == [f"{path}: cannot read the mute list (not UTF-8 text (byte 1)); nothing of it is muted"]
