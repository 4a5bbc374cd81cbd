"""Shared fixtures: every test runs with its own config, data and cache dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.library import Library
from index.locations import Locations, locations, sample_listings
from index.sync.report import SyncOptions

SAMPLE_FILES = sorted(p.name for p in sample_listings().glob("*.txt"))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """Point XDG dirs at a temp folder so no test reads or writes the developer's home."""
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    return home


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    """A writable copy of the built-in sample listings."""
    folder = tmp_path / "listings"
    shutil.copytree(sample_listings(), folder)
    for stray in folder.glob("__*"):
        shutil.rmtree(stray, ignore_errors=True)
    return folder


@pytest.fixture
def places(tmp_path) -> Locations:
    return locations(tmp_path / "data")


@pytest.fixture
def library(sample_dir, places) -> Library:
    return Library([sample_dir], places, SyncOptions(procs=1))


@pytest.fixture(scope="session")
def searcher(tmp_path_factory):
    """A searcher on the sample index, built once: for tests that only read."""
    library = Library([sample_listings()], locations(tmp_path_factory.mktemp("shared")), SyncOptions(procs=1))
    library.sync()
    with library.open_searcher() as opened:
        yield opened


@pytest.fixture(scope="session")
def query_corpus(tmp_path_factory) -> Library:
    """The query fuzzers' corpus (tests/query_corpus.py), indexed once: for tests that only read it."""
    from tests.query_corpus import build_query_library

    return build_query_library(tmp_path_factory.mktemp("query-corpus"))


@pytest.fixture(scope="module")
def corpus_searcher(query_corpus):
    """A searcher on the query corpus, for one test module."""
    with query_corpus.open_searcher() as searcher:
        yield searcher


@pytest.fixture(scope="module")
def stores(query_corpus, tmp_path_factory):
    """A reading-list store for each of tests/query_corpus.STORE_STATES, on the query corpus."""
    from index.shelf.store import ReadingStore
    from tests.query_corpus import STORE_STATES, with_store

    opened = {}
    for state in STORE_STATES:
        library = with_store(query_corpus, tmp_path_factory.mktemp("store"), state)
        opened[state] = ReadingStore.open(ReadingStore.default_path(library.places))
    yield opened
    for store in opened.values():
        store.close()


@pytest.fixture(scope="session")
def long_tail(tmp_path_factory) -> Library:
    """A long-tailed corpus (tests/benchmarks/long_tail.py: hundreds of words per three-letter
    prefix), indexed once in several segments with deletions: for tests that only read it."""
    from tests.long_tail_corpus import build_long_tail_library

    return build_long_tail_library(tmp_path_factory.mktemp("long-tail"))


@pytest.fixture(scope="session")
def differential_corpus(tmp_path_factory):
    """Some thousands of generated papers indexed by the bulk writer, by Whoosh's writer and
    incrementally (tests/differential_corpus.py), built once: for tests that only read them."""
    from tests.differential_corpus import build_test_corpus

    return build_test_corpus(tmp_path_factory.mktemp("differential"))
