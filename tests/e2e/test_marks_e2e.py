"""Marking rows and acting on them in a real terminal (tmux), with the installed `papershelf`:
space marks three rows, b bookmarks them, and the store (read by another process) holds three."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.e2e import steps
from tests.e2e.conftest import QUERY
from tests.e2e.terminal import TMUX
from tests.e2e.test_reader import bookmarked_ids
from tui.marked_papers import MARK
from tui.shelf_marks import BOOKMARK

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


def marked_row(title: str, saved: str = "") -> Callable[[str], bool]:
    """A list row that shows the mark before `title`, and `saved` (a reading-list mark) before that."""

    def check(screen: str) -> bool:
        return any(
            line[2:].startswith(f"{MARK} {title[:16]}") and saved in line[:2] for line in screen.split("\n")
        )

    check.__doc__ = f"{MARK!r} on the row of {title[:16]!r}" + (f" with {saved!r}" if saved else "")
    return check


def test_three_rows_marked_with_space_are_bookmarked_together(open_reader, theorem_results, tmp_path):
    total, papers = theorem_results
    terminal = open_reader(80, 24, data_dir=tmp_path / "data")
    steps.start(terminal)
    steps.filter_by(terminal, QUERY, total)

    for _paper in papers:
        terminal.type(" ")  # marks the row and moves down
    terminal.wait_for(steps.all_of("3 marked", *(marked_row(paper.title) for paper in papers)))

    terminal.type("b")
    terminal.wait_for(steps.all_of("Bookmarked 3 papers", *(marked_row(paper.title, BOOKMARK) for paper in papers)))
    assert sorted(bookmarked_ids(tmp_path / "data")) == sorted(paper.id for paper in papers)

    terminal.send("Escape")  # clears the marks
    terminal.wait_for(steps.closed("3 marked"))
    terminal.type("q")
    assert terminal.wait_exit() == 0
