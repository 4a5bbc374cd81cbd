"""Fixtures for the end-to-end tests: a reader in a real terminal (tmux), each with its own folders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.listings.papers import Paper
from tests.e2e.terminal import TMUX, Terminal, papershelf_command, terminal_env

QUERY = "theorem"  # typed in the filter bar: a handful of the sample's papers


@pytest.fixture
def open_reader(tmp_path) -> Iterator[Callable[..., Terminal]]:
    """Start the installed `papershelf` in a tmux pane; every pane it started is stopped afterwards."""
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    started: list[Terminal] = []

    def start(width: int = 80, height: int = 24, term: str = "xterm-256color", no_color: bool = False,
              data_dir: Path | None = None) -> Terminal:
        data = data_dir or tmp_path / "data"
        env = terminal_env(tmp_path / "home", term, no_color)
        terminal = Terminal([*papershelf_command(), "--data-dir", str(data)], env, width, height)
        started.append(terminal)
        return terminal.start()

    yield start
    for terminal in started:
        terminal.kill()


@pytest.fixture(scope="session")
def theorem_results(searcher) -> tuple[int, list[Paper]]:
    """What the reader should show for QUERY: the total and the first papers (read from the index, not the screen)."""
    page = searcher.search(QUERY, None, False, 0, 3, typing=True)
    assert page.total >= 3
    return page.total, [hit.paper for hit in page.hits]
