"""Keys that arrive in one read, and signals, through a real terminal.

tmux's send-keys writes all its keys to the pane at once, as a paste, a fast typist
or a slow SSH link deliver them: the reader reads them in one go.
- Editing keys in the filter (backspace, ctrl+u, ctrl+w, left) apply in the order
  typed, not after the characters of the same burst.
- Escape and the key after it (vim hands: Escape, j) arrive as alt+j: it is Escape
  (leave the filter), then j (move down).
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
