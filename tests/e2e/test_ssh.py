"""papershelf over a real SSH connection: our own sshd, `ssh -tt` from inside a local tmux pane.

The remote side runs papershelf directly (no remote tmux, which would outlive
the connection). After a bookmark, the client is killed with SIGKILL, the way a
dropped laptop lid or a dead network ends a session: the remote reader must end
within seconds (the hangup), the bookmark must be in the store, nothing may be
left locked, and the next connection must show the bookmark.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e import steps
from tests.e2e.conftest import QUERY
from tests.e2e.sshd import Sshd, sshd  # noqa: F401 (the fixture)
from tests.e2e.terminal import TMUX, XDG_VARIABLES, Terminal, alive, papershelf_command, terminal_env, wait_gone
from tui.shelf_marks import BOOKMARK

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")

HANGUP_SECONDS = 5  # the remote reader ends this soon after its client is gone


class Remote:
    """One user's papershelf on the "remote" machine: its data folder and home, reached through `sshd`."""

    def __init__(self, server: Sshd, folder: Path) -> None:
        self.server, self.folder = server, folder
        self.data, self.home = folder / "remote-data", folder / "remote-home"
        self.terminals: list[Terminal] = []

    def connect(self, width: int = 80, height: int = 24) -> tuple[Terminal, Path]:
        """A local tmux pane running `ssh -tt … papershelf`; the remote reader writes its pid to the returned file."""
        pid_file = self.folder / f"remote-{len(self.terminals)}.pid"
        env = {"LANG": "C.UTF-8", **{name: str(self.home / name.lower()) for name in XDG_VARIABLES}}
        if "PYTHONPATH" in os.environ:  # the same code as the test's, on the "remote" side too
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        reader = ["env", *(f"{name}={value}" for name, value in env.items()),
                  *papershelf_command(), "--data-dir", str(self.data)]
        # The login shell notes its pid, then becomes the reader (exec): the pid is the reader's.
        remote = f"echo $$ > {shlex.quote(str(pid_file))} && exec {shlex.join(reader)}"
        local_env = terminal_env(self.folder / "local-home", "xterm-256color")
        terminal = Terminal(self.server.ssh_command(remote), local_env, width, height)
        self.terminals.append(terminal)
        terminal.start()
        return terminal, pid_file

    def cli(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
        env = {**os.environ, **{name: str(self.home / name.lower()) for name in XDG_VARIABLES}}
        return subprocess.run(
            [*papershelf_command(), *args, "--data-dir", str(self.data)],
            capture_output=True, text=True, timeout=timeout, env=env,
        )

    def close(self) -> None:
        for terminal in self.terminals:
            terminal.kill()


@pytest.fixture
def remote(sshd, tmp_path):  # noqa: F811 (the fixture)
    user = Remote(sshd, tmp_path)
    yield user
    user.close()


def read_pid(pid_file: Path, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while not (pid_file.exists() and pid_file.read_text().strip()):
        assert time.monotonic() < deadline, "the remote command never started"
        time.sleep(0.05)
    return int(pid_file.read_text())


def kill_client(terminal: Terminal) -> None:
    """SIGKILL the ssh client (the pane's process): no goodbye reaches the server."""
    os.kill(terminal.pid, signal.SIGKILL)
    assert terminal.wait_exit() == 128 + signal.SIGKILL


def assert_hung_up(remote_pid: int) -> None:
    started = time.monotonic()
    assert wait_gone(remote_pid, HANGUP_SECONDS), (
        f"the remote papershelf (pid {remote_pid}) still runs {HANGUP_SECONDS} s after its ssh client was killed"
    )
    print(f"remote reader gone {time.monotonic() - started:.2f} s after the client was killed")


def assert_nothing_locked(remote: Remote, paper_id: str) -> None:
    """A write to the reading lists and an index update both go through at once (no waiting on a lock)."""
    started = time.monotonic()
    marked = remote.cli("read", paper_id, timeout=HANGUP_SECONDS * 3)
    assert marked.returncode == 0, marked.stderr
    indexed = remote.cli("index", timeout=HANGUP_SECONDS * 3)
    assert indexed.returncode == 0, indexed.stderr
    assert time.monotonic() - started < HANGUP_SECONDS * 2, "the store or the index waited on a lock"


def test_bookmark_over_ssh_survives_a_killed_client(remote, theorem_results, sshd):  # noqa: F811 (the fixture)
    total, (first, second, _) = theorem_results
    terminal, pid_file = remote.connect()
    steps.start(terminal)
    remote_pid = read_pid(pid_file)
    assert remote_pid in sshd.sessions(), "papershelf is not running under our sshd"
    steps.filter_by(terminal, QUERY, total)
    terminal.type("j")
    terminal.wait_for(steps.shows_paper(second, first))
    terminal.type("b")
    terminal.wait_for(steps.marked(second.title, BOOKMARK))

    kill_client(terminal)
    assert_hung_up(remote_pid)
    assert bookmarked_ids(remote) == [second.id]
    assert_nothing_locked(remote, first.id)

    again, again_pid_file = remote.connect(160, 48)
    steps.start(again)
    steps.filter_by(again, QUERY, total)
    again.wait_for(steps.all_of(steps.marked(second.title, BOOKMARK), steps.unmarked(first.title, BOOKMARK)))
    again_pid = read_pid(again_pid_file)
    again.type("q")
    assert again.wait_exit() == 0  # ssh passes on the remote exit status
    assert not alive(again_pid)


def bookmarked_ids(remote: Remote) -> list[str]:
    listed = remote.cli("list", "Bookmarks", "--json")
    assert listed.returncode == 0, listed.stderr
    return [json.loads(line)["id"] for line in listed.stdout.splitlines() if line.strip()]
