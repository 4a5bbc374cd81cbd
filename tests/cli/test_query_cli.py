"""`papershelf search` on queries that used to end in a traceback: results, or one line and status 2."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import papershelf


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    papershelf("index", env_home=home)
    return home


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("TITLE:geometry", "1-2 of 2 papers"),  # TypeError in Whoosh's highlighter, via the suggester
        ("Org:amazon", "1-1 of 1 paper,"),
        ('ABSTRACT:"reward model"', "of 12 papers"),  # matched nothing
        ("year:2025", "of 204 papers"),  # 34: year-less dates were left out
    ],
)
def test_a_query_that_used_to_crash_gives_its_results(home, query, shown):
    result = papershelf("search", query, env_home=home, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert shown in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("upvotes:²", "papershelf: 'upvotes:' at column 1 expects a whole number up to 4,294,967,294, got '²'"),  # ValueError from int()
        ("upvotes:5..2", "papershelf: 'upvotes:5..2' at column 1 is an empty range: 5 comes after 2"),
        ("org:", "papershelf: 'org:' at column 1 needs a value right after the colon"),  # "did you mean: for"
        ("is:read", "papershelf: 'is:' at column 1 is a reading-list term: those work in the reader's filter"),
        # AttributeError in correct_query, then empty results; a range of words reads the lexicon: refused
        ("title:>zzzz", "papershelf: 'title:' takes words, not a range: ranges work on numbers and dates (upvotes:, authors:, year:, date:)"),
    ],
)
def test_a_query_mistake_is_one_line_and_status_2(home, query, message):
    result = papershelf("search", query, env_home=home, check=False)
    assert result.returncode == 2 and result.stderr.strip() == message and not result.stdout
