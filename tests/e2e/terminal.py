"""A real terminal for end-to-end tests: a detached tmux session on a tmux server of its own.

Each `Terminal` starts its own tmux server (its own socket in a temp folder, no
user config), runs one command in a pane of a given size with exactly the
environment it is given (`env -i`: nothing leaks from the test process, such as
SSH_CONNECTION, COLORTERM or TMUX), and reads the screen with `capture-pane`.
`kill()` (or leaving the `with` block) stops the server and makes sure the
command it ran is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

TMUX = shutil.which("tmux")

# remain-on-exit: a command that ends leaves its pane, so a test can read its exit status.
# status off: the pane is the whole window, exactly the size asked for.
_TMUX_CONF = """\
set -g remain-on-exit on
set -g status off
set -g escape-time 0
"""


def held(command: Sequence[str]) -> list[str]:
    """`command`, started only once a line is typed: time to set up recording its output first."""
    return ["/bin/sh", "-c", 'read _ && exec "$@"', "sh", *command]


def papershelf_command() -> list[str]:
    """The installed console script next to this interpreter, else `python -m tui`."""
    script = Path(sys.executable).with_name("papershelf")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def terminal_env(home: Path, term: str, no_color: bool = False, **extra: str) -> dict[str, str]:
    """A minimal environment with every XDG folder under `home` (nothing read from the real home)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": term,
        **{name: str(home / name.lower()) for name in XDG_VARIABLES},
    }
    if "PYTHONPATH" in os.environ:  # whoever runs the tests chose which code runs: keep it so
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    if no_color:
        env["NO_COLOR"] = "1"
    env.update(extra)
    return env


XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


class Terminal:
    def __init__(
        self, command: Sequence[str], env: Mapping[str, str], width: int = 80, height: int = 24
    ) -> None:
        if TMUX is None:
            raise RuntimeError("tmux is not installed")
        self.command = list(command)
        self.env = dict(env)
        self.width, self.height = width, height
        # A short folder of its own: a unix socket path must stay under ~100 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="ps-tmux-"))
        self.socket = self.folder / "sock"
        self.pid: int | None = None  # the command's process
        self.shell_pid: int | None = None  # the pane's process: the sh that waits for the command
        self.server_pid: int | None = None

    # Starting and stopping

    def start(self) -> Terminal:
        conf = self.folder / "tmux.conf"
        conf.write_text(_TMUX_CONF)
        env_args = [f"{name}={value}" for name, value in self.env.items()]
        # Several arguments after the options: tmux runs them directly, without a shell of its own.
        # tmux does not always learn how a pane's command ended (it may see the terminal close
        # first), so a plain sh runs the command in the foreground and writes down its status.
        self.tmux(
            "-f", str(conf), "new-session", "-d", "-s", "e2e", "-x", str(self.width), "-y", str(self.height),
            "--", "env", "-i", *env_args, "/bin/sh", "-c", '"$@"; echo $? > "$0"', str(self._status_file),
            *self.command,
        )
        self.server_pid = int(self.pane_format("#{pid}"))
        self.shell_pid = int(self.pane_format("#{pane_pid}"))
        deadline = time.monotonic() + 10
        while not (found := children(self.shell_pid)):
            if time.monotonic() > deadline or not alive(self.shell_pid):
                raise RuntimeError(f"{self.command[0]} did not start in the pane:\n{self.screen()}")
            time.sleep(0.01)
        self.pid = found[0]
        return self

    @property
    def _status_file(self) -> Path:
        return self.folder / "exit-status"

    def __enter__(self) -> Terminal:
        if self.pid is None:
            try:
                self.start()
            except BaseException:
                self.kill()  # a server may be up even though the command never started
                raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()

    def kill(self) -> None:
        """Stop the tmux server; make sure the pane's command (and all below it) and the server are gone."""
        below = descendants(self.shell_pid) if self.shell_pid is not None else []
        if self.socket.exists():
            subprocess.run([TMUX, "-S", str(self.socket), "kill-server"], capture_output=True, timeout=10)
        for pid in (*below, self.shell_pid, self.server_pid):
            if pid is not None and not wait_gone(pid, 5.0):
                _kill(pid)
                wait_gone(pid, 5.0)
        shutil.rmtree(self.folder, ignore_errors=True)

    # Talking to tmux

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [TMUX, "-S", str(self.socket), *args], capture_output=True, text=True, timeout=10
        )
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def pane_format(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "e2e", fmt).strip()

    def record_output(self, path: Path) -> None:
        """From now on, every byte the pane's command writes is appended to `path`, raw (before
        tmux reads it as terminal sequences)."""
        self.tmux("pipe-pane", "-o", "-t", "e2e", f"cat >> '{path}'")

    def send(self, *keys: str) -> None:
        """Keys by tmux name: "Enter", "Escape", "PageDown", "C-c", or plain characters."""
        self.tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        """Characters as typed, none read as a key name."""
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    # Reading the screen

    def screen(self, escapes: bool = False) -> str:
        """The visible screen; with `escapes`, with SGR sequences for its colours and attributes."""
        return self.tmux("capture-pane", "-p", "-t", "e2e", *(["-e"] if escapes else []))

    def wait_for(
        self, expected: str | Callable[[str], bool], timeout: float = 20.0, escapes: bool = False
    ) -> str:
        """Poll the screen until it contains `expected` (or the predicate holds); return that screen."""
        check = expected if callable(expected) else (lambda screen: expected in screen)
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen(escapes)
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"after {timeout:.0f} s the screen does not show {_describe(expected)}; it shows:\n"
                    f"{self.screen()}"
                )
            if self.exited():
                status = self._status_file.read_text().strip() if self._status_file.exists() else "unknown"
                raise AssertionError(
                    f"the command ended (status {status}) while waiting for {_describe(expected)}; "
                    f"the screen shows:\n{self.screen()}"
                )
            time.sleep(0.05)

    # The command in the pane

    def exited(self) -> bool:
        return self.pane_format("#{pane_dead}") == "1"

    def wait_exit(self, timeout: float = 10.0) -> int:
        """Wait for the pane's command to end; its exit status (128 + n for signal n)."""
        deadline = time.monotonic() + timeout
        while not self.exited():
            if time.monotonic() > deadline:
                raise AssertionError(f"the command still runs after {timeout:.0f} s; the screen shows:\n{self.screen()}")
            time.sleep(0.05)
        if not self._status_file.exists():
            raise AssertionError("the pane ended without the command's exit status (its shell was killed)")
        return int(self._status_file.read_text())


def _describe(expected: str | Callable[[str], bool]) -> str:
    return repr(expected) if isinstance(expected, str) else getattr(expected, "__doc__", None) or "what was expected"


def state(pid: int) -> str:
    """The process state letter from /proc (R, S, T for stopped, Z for zombie), "" when gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # gone before the open, or between the open and the read
        return ""


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as gone)."""
    return state(pid) not in ("", "Z")


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    """Every live process below `pid`."""
    found, todo = [], [pid]
    while todo:
        below = children(todo.pop())
        found.extend(below)
        todo.extend(below)
    return found


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# Colours in `capture-pane -e` output

_SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def colour_codes(screen: str) -> list[str]:
    """Every colour an SGR sequence sets: "31", "102", "38;5;242", "48;2;1;2;3" (not 39/49, the defaults)."""
    found = []
    for match in _SGR.finditer(screen):
        params = match.group(1).split(";")
        i = 0
        while i < len(params):
            head = params[i].split(":")[0]
            code = int(head) if head.isdigit() else 0
            if code in (38, 48, 58):
                if ":" in params[i]:  # colon form: 38:5:n, 38:2::r:g:b
                    found.append(params[i])
                    i += 1
                    continue
                kind = params[i + 1] if i + 1 < len(params) else ""
                width = 3 if kind == "5" else 5 if kind == "2" else 2
                found.append(";".join(params[i : i + width]))
                i += width
                continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.append(str(code))
            i += 1
    return found


def sixteen_colour(code: str) -> bool:
    return ";" not in code and ":" not in code


def truecolour(code: str) -> bool:
    return code.startswith(("38;2", "48;2", "58;2", "38:2", "48:2", "58:2"))


# Attributes (bold, reverse…) of the text on a `capture-pane -e` screen

_ATTRIBUTE_ON = {1: "bold", 2: "dim", 3: "italic", 4: "underline", 5: "blink", 7: "reverse", 9: "strike"}
_ATTRIBUTE_OFF = {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",), 25: ("blink",), 27: ("reverse",),
                  29: ("strike",)}


def attributes_at(screen_with_escapes: str, text: str, after: str = "") -> frozenset[str]:
    """The attributes in force where `text` first appears (right after `after`) on the screen, colours left out."""
    state: set[str] = set()
    plain: list[str] = []
    states: list[frozenset[str]] = []
    position = 0
    for match in _SGR.finditer(screen_with_escapes):
        for char in screen_with_escapes[position : match.start()]:
            plain.append(char)
            states.append(frozenset(state))
        position = match.end()
        params = match.group(1).split(";")
        skip = 0
        for index, param in enumerate(params):
            if skip:
                skip -= 1
                continue
            code = int(param.split(":")[0] or 0) if param.split(":")[0].isdigit() or param == "" else -1
            if code in (38, 48, 58) and ":" not in param:
                kind = params[index + 1] if index + 1 < len(params) else ""
                skip = 2 if kind == "5" else 4 if kind == "2" else 1
            elif code == 0:
                state.clear()
            elif code in _ATTRIBUTE_ON:
                state.add(_ATTRIBUTE_ON[code])
            elif code in _ATTRIBUTE_OFF:
                state.difference_update(_ATTRIBUTE_OFF[code])
    for char in screen_with_escapes[position:]:
        plain.append(char)
        states.append(frozenset(state))
    found = "".join(plain).find(after + text)
    if found < 0:
        raise AssertionError(f"{after + text!r} is not on the screen")
    return states[found + len(after)]
