"""Keys that arrive in one read, and signals, through a real terminal.

tmux's send-keys writes all its keys to the pane at once, as a paste, a fast typist
or a slow SSH link deliver them: the reader reads them in one go.
- Editing keys in the filter (backspace, ctrl+u, ctrl+w, left) apply in the order
  typed, not after the characters of the same burst.
- Escape and the key after it (vim hands: Escape, j) arrive as alt+j: it is Escape
  (leave the filter), then j (move down).
- Bytes that are not UTF-8 (a Latin-1 terminal's é, 8-bit Meta, a C1 control) read as
  U+FFFD: the reader goes on, where Textual's strict decoder ended it with a traceback.
- SIGTERM and SIGHUP end the reader like q: out of the alternate screen, mouse
  tracking off, the cursor shown; exit status 128 + the signal.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests.e2e import steps
from tests.e2e.conftest import QUERY
from tests.e2e.terminal import TMUX, Terminal, held, papershelf_command, terminal_env


def filter_line(screen: str) -> str:
    return screen.split("\n")[0].strip()


def in_filter(terminal) -> None:
    steps.start(terminal)
    terminal.type("/")
    terminal.wait_for(steps.filter_focused)


@pytest.mark.parametrize(
    ("keys", "shows"),
    [
        (["abc", "BSpace", "x"], "abx"),
        (["hello", "C-u", "wor"], "wor"),
        (["one two", "C-w", "three"], "one three"),
        (["ac", "Left", "b"], "abc"),
        (["xyz", "Home", "w"], "wxyz"),
    ],
    ids=["backspace", "ctrl+u", "ctrl+w", "left", "home"],
)
def test_editing_keys_in_a_burst_apply_in_the_order_typed(open_reader, keys, shows):
    terminal = open_reader(100, 24)
    in_filter(terminal)
    terminal.send(*keys)  # one write: the reader reads the whole burst at once
    screen = terminal.wait_for(lambda s: filter_line(s) == shows, timeout=10)
    assert filter_line(screen) == shows


def test_escape_then_j_in_one_read_leaves_the_filter_then_moves_down(open_reader, theorem_results):
    total, (first, second, _) = theorem_results
    terminal = open_reader(100, 30)
    in_filter(terminal)
    terminal.type(QUERY)
    terminal.wait_for(f"{total} of {steps.TOTAL} papers")
    terminal.send("Escape", "j")
    screen = terminal.wait_for(steps.all_of(steps.list_focused, steps.shows_paper(second, first)))
    assert filter_line(screen) == QUERY  # the j moved the list; it was not typed


@pytest.mark.parametrize("raw", ["e9", "9b", "ff fe", "c3"], ids=["latin-1", "c1", "ff-fe", "cut-short"])
def test_bytes_that_are_not_utf8_are_read_as_replacement_characters(open_reader, raw):
    terminal = open_reader(100, 24)
    in_filter(terminal)
    terminal.type("ab")
    terminal.tmux("send-keys", "-t", "e2e", "-H", *raw.split())  # the bytes as they are, not as keys
    terminal.type("c")
    screen = terminal.wait_for(lambda s: filter_line(s).startswith("ab\ufffd") and filter_line(s).endswith("c"), timeout=10)
    assert "Traceback" not in screen and not terminal.exited()
    terminal.send("Escape")
    terminal.type("j")  # the keyboard still works
    terminal.wait_for(steps.list_focused)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_reader_and_restores_the_terminal(tmp_path, signum):
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    env = terminal_env(tmp_path / "home", "xterm-256color")
    output = tmp_path / "output.bin"
    with Terminal(held([*papershelf_command(), "--data-dir", str(tmp_path / "data")]), env, 100, 24) as terminal:
        terminal.record_output(output)
        terminal.send("Enter")
        steps.start(terminal)
        assert terminal.pane_format("#{alternate_on}") == "1"
        os.kill(terminal.pid, signum)
        assert terminal.wait_exit() == 128 + signum
        assert terminal.pane_format("#{alternate_on} #{mouse_any_flag}#{mouse_button_flag}#{mouse_all_flag}") == "0 000"
    written = output.read_bytes()
    ending = written[written.rindex(b"\x1b[?1049h") :]  # from entering the alternate screen on
    assert b"\x1b[?1049l" in ending  # left it
    assert ending.rindex(b"\x1b[?25h") > ending.rindex(b"\x1b[?25l")  # the cursor shown last


def test_a_lists_filter_typed_with_its_slash_and_enter_in_one_read_filters_that_list(open_reader, theorem_results):
    """In one list's screen, `/` then a filter then Enter in one read: the list filtered, still
    that list's screen (the keys behind `/` once reached the table, and the Enter left the
    screen for the main list)."""
    total, (first, _, _) = theorem_results
    terminal = open_reader(100, 30)
    steps.start(terminal)
    steps.filter_by(terminal, QUERY, total)
    terminal.send("Enter")
    terminal.wait_for(steps.list_focused)
    terminal.type("b")
    terminal.wait_for("Bookmarked")
    terminal.type("L")
    terminal.wait_for("Reading lists")
    terminal.send("Enter")
    terminal.wait_for(steps.all_of("List: ", steps.opening(first)))
    terminal.send("/", "x", "y", "z", "q", "Enter")  # a filter nothing matches, in one read
    screen = terminal.wait_for("No paper of this list matches “xyzq”", timeout=10)
    assert "List: " in screen
    terminal.type("q")  # the table has the keyboard again: q leaves the list, not typed
    terminal.wait_for("Reading lists")


def test_slash_a_filter_and_escape_in_one_read_keep_the_filter(open_reader, theorem_results):
    """`/theorem`, Escape in one read: Escape leaves the filter it has just entered, keeping its
    words (it once cleared them, the filter not yet knowing it had the keyboard)."""
    total, _ = theorem_results
    terminal = open_reader(100, 30)
    steps.start(terminal)
    terminal.send("/", *QUERY, "Escape")
    screen = terminal.wait_for(steps.all_of(steps.list_focused, f"{total} of {steps.TOTAL} papers"), timeout=10)
    assert filter_line(screen) == QUERY


def test_a_key_typed_ahead_of_the_results_acts_on_them(open_reader, theorem_results):
    """`/theorem`, Enter, `b` in one read: `b` bookmarks the first theorem paper, not the paper
    selected before the search (its results were still on their way when `b` arrived)."""
    total, (first, _, _) = theorem_results
    terminal = open_reader(100, 30)
    steps.start(terminal)
    terminal.send("/", *QUERY, "Enter", "b")
    screen = terminal.wait_for(steps.all_of(f"{total} of {steps.TOTAL} papers", "Bookmarked"), timeout=10)
    assert "Bookmarked: " + first.title[:20] in " ".join(screen.split())


def test_mark_all_read_typed_ahead_counts_the_filtered_list(open_reader, theorem_results):
    """`/theorem`, Enter, ctrl+r in one read asks about the theorem papers, not the whole listing."""
    total, _ = theorem_results
    terminal = open_reader(100, 30)
    steps.start(terminal)
    terminal.send("/", *QUERY, "Enter", "C-r")
    screen = terminal.wait_for("as read?", timeout=10)
    assert f"{total} papers" in " ".join(screen.split())
