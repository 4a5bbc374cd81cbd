"""Reader behaviours only a real terminal shows:
- NO_COLOR=1: Textual's own NO_COLOR handling turns colours into greys, which are still
  colour escapes (38;5;… / 38;2;…); papershelf must swap Textual's Monochrome filter for NoColor.
- `/` and the keys typed in the same burst (a paste, a fast typist over a slow SSH link):
  the keys after `/` are lost, as they are queued to the list before `/` moves the focus.
- ctrl+z with no job-control shell to return to (`ssh host papershelf`, a ForceCommand, or
  here a plain `sh -c`): the reader stops itself and nothing ever resumes it; the session hangs.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e import steps
from tests.e2e.conftest import QUERY
from tests.e2e.terminal import attributes_at, colour_codes, state
from tui.screens.facet_actions import FACETS_FROM

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_no_color_sends_no_colour(open_reader, theorem_results, size):
    """NO_COLOR=1: not one colour escape reaches the terminal; the selected row still stands out."""
    total, (first, second, _) = theorem_results
    terminal = open_reader(*size, term="xterm-256color", no_color=True)

    steps.start(terminal)
    screens = {"start": terminal.screen(escapes=True)}
    steps.filter_by(terminal, QUERY, total)
    terminal.type("j")
    terminal.wait_for(steps.shows_paper(second, first))

    def selected_row_stands_out(screen: str) -> bool:
        """the selected row with an attribute (reverse, bold…) the other rows lack"""
        try:  # the list rows: two columns of marks at the start of the line (nothing is bookmarked)
            # A row begins its line, or on a wide terminal follows the facet pane's rule.
            row = "\n  " if size[0] < FACETS_FROM else "│  "
            selected = attributes_at(screen, second.title[:20], after=row)
            other = attributes_at(screen, first.title[:20], after=row)
        except AssertionError:
            return False  # a frame caught half drawn
        return bool(selected & {"reverse", "bold", "underline"}) and selected != other

    screens["filtered"] = terminal.wait_for(selected_row_stands_out, escapes=True, timeout=10)
    terminal.type("?")
    terminal.wait_for(steps.all_of("Keys", "app.help", "main.filter"))
    screens["help"] = terminal.screen(escapes=True)

    for name, screen in screens.items():
        codes = colour_codes(screen)
        assert not codes, f"NO_COLOR=1, yet the {name} screen sets colours {sorted(set(codes))[:8]}"

    terminal.send("Escape")
    terminal.wait_for(steps.closed("app.help"))
    terminal.type("q")
    assert terminal.wait_exit() == 0


def test_keys_typed_with_the_slash_reach_the_filter(open_reader, theorem_results):
    """`/theorem` arriving in one read (a paste, typing ahead over SSH) filters by all of it."""
    total, _ = theorem_results
    terminal = open_reader(80, 24)
    steps.start(terminal)
    terminal.type("/" + QUERY)
    terminal.wait_for(steps.all_of(steps.top_line(QUERY), f"{total} of {steps.TOTAL} papers"), timeout=10)
    terminal.type("/x")  # inside the filter, `/` is a character like any other
    terminal.wait_for(steps.top_line(QUERY + "/x"), timeout=10)


def test_ctrl_z_without_a_shell_to_return_to_keeps_the_reader(open_reader):
    """Under `sh -c` (as under sshd's forced command) nobody would resume a stopped reader: it stays."""
    terminal = open_reader(80, 24)
    steps.start(terminal)
    terminal.send("C-z")
    time.sleep(1.5)
    assert state(terminal.pid) != "T", "ctrl+z stopped the reader with no shell to resume it: the session hangs"
    terminal.wait_for(steps.STATUS_ALL)
    terminal.type("q")
    assert terminal.wait_exit() == 0
