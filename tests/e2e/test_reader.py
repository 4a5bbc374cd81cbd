"""The installed `papershelf` in a real terminal (tmux): what a person sees and does, end to end.

Every case starts its own tmux server and reader on its own data folder. The
matrix: both sizes with each TERM (six cases); bookmarking and ctrl+z once, at 80x24.
"""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest

from tests.e2e import steps
from tests.e2e.conftest import QUERY
from tests.e2e.terminal import (
    TMUX, Terminal, alive, colour_codes, papershelf_command, sixteen_colour, terminal_env, truecolour,
)
from tui.shelf_marks import BOOKMARK

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")

SIZES = [(80, 24), (160, 48)]
TERMS = ["xterm-256color", "screen-256color", "linux"]


def assert_colours_fit(screen_with_escapes: str, term: str) -> None:
    """Colour reaches the terminal, within what TERM says it can show (no truecolor without COLORTERM)."""
    codes = colour_codes(screen_with_escapes)
    assert codes, f"no colour at all under TERM={term}"
    if term == "linux":
        too_deep = [code for code in codes if not sixteen_colour(code)]
        assert not too_deep, f"TERM=linux has 16 colours; the screen uses {sorted(set(too_deep))[:5]}"
    else:
        too_deep = [code for code in codes if truecolour(code)]
        assert not too_deep, f"TERM={term} has 256 colours; the screen uses {sorted(set(too_deep))[:5]}"


@pytest.mark.parametrize("term", TERMS)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_start_filter_move_help_quit(open_reader, theorem_results, size, term):
    total, (first, second, _) = theorem_results
    terminal = open_reader(*size, term=term)

    steps.start(terminal)
    assert_colours_fit(terminal.screen(escapes=True), term)

    steps.filter_by(terminal, QUERY, total)
    assert total < steps.TOTAL
    terminal.wait_for(steps.all_of(first.title[:20], second.title[:20], steps.shows_paper(first, second)))

    terminal.type("j")
    terminal.wait_for(steps.shows_paper(second, first))
    terminal.type("k")
    terminal.wait_for(steps.shows_paper(first, second))

    terminal.type("?")
    terminal.wait_for(steps.all_of("Keys", "app.help", "main.filter"))
    assert_colours_fit(terminal.screen(escapes=True), term)
    terminal.send("Escape")
    terminal.wait_for(steps.all_of(steps.closed("app.help"), f"{total} of {steps.TOTAL} papers"))

    terminal.type("q")
    assert terminal.wait_exit() == 0
    assert not alive(terminal.pid)


def bookmarked_ids(data_dir) -> list[str]:
    """The Bookmarks list as the CLI reports it (another process than the reader)."""
    done = subprocess.run(
        [*papershelf_command(), "list", "Bookmarks", "--json", "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line)["id"] for line in done.stdout.splitlines() if line.strip()]


def test_bookmark_marks_the_row_and_reaches_the_store(open_reader, theorem_results, tmp_path):
    total, (first, second, _) = theorem_results
    terminal = open_reader(80, 24, data_dir=tmp_path / "data")
    steps.start(terminal)
    steps.filter_by(terminal, QUERY, total)
    terminal.type("j")
    terminal.wait_for(steps.shows_paper(second, first))

    terminal.type("b")
    terminal.wait_for(steps.all_of(steps.marked(second.title, BOOKMARK), steps.unmarked(first.title, BOOKMARK)))
    assert bookmarked_ids(tmp_path / "data") == [second.id]

    terminal.type("b")
    terminal.wait_for(steps.unmarked(second.title, BOOKMARK))
    assert bookmarked_ids(tmp_path / "data") == []

    terminal.type("q")
    assert terminal.wait_exit() == 0


def test_ctrl_z_suspends_to_the_shell_and_fg_redraws(tmp_path):
    """From an interactive shell: ctrl+z gives the shell back, `fg` brings the reader back, whole."""
    env = terminal_env(tmp_path / "home", "xterm-256color", PS1="shell$ ")
    with Terminal(["bash", "--norc", "--noprofile", "-i"], env, 80, 24) as shell:
        shell.wait_for("shell$")
        shell.type(shlex.join([*papershelf_command(), "--data-dir", str(tmp_path / "data")]))
        shell.send("Enter")
        steps.start(shell)
        shell.send("C-z")
        shell.wait_for(steps.all_of("Stopped", steps.closed(steps.STATUS_ALL)))
        shell.type("fg")
        shell.send("Enter")
        steps.start(shell)  # the whole screen again, not just what changed
        shell.type("q")
        shell.wait_for(lambda screen: screen.rstrip().endswith("shell$"))
