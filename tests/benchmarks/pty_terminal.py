"""A program on a pseudo-terminal, every byte it writes kept with its arrival time.

Shared by the benchmarks that watch what reaches a terminal (wire_bytes, the
reader's start-up) and by the test that holds the byte budgets.
"""

from __future__ import annotations

import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

COLS, ROWS = 120, 36
QUIET = 0.3
REPO = Path(__file__).resolve().parents[2]

SYNC_QUERY = b"\x1b[?2026$p"  # DECRQM: does the terminal do synchronized output?
SYNC_REPLY = b"\x1b[?2026;2$y"  # yes (currently off)
FRAME_BEGIN, FRAME_END = b"\x1b[?2026h", b"\x1b[?2026l"


class PtySession:
    """One program on a pseudo-terminal of COLS x ROWS; every byte it writes is kept, with its time."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.tty_name = os.ttyname(slave)
        env = {**env, **({"SSH_TTY": self.tty_name} if "SSH_CONNECTION" in env else {})}
        self.output = bytearray()
        self.arrivals: list[tuple[int, float]] = []  # (length of the output after a read, when it came)
        self.last_write = time.monotonic()
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=REPO,
            preexec_fn=_own_terminal, close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                tail = bytes(self.output[-len(SYNC_QUERY) :])
                self.output += chunk
                self.last_write = time.monotonic()
                self.arrivals.append((len(self.output), self.last_write))
            if SYNC_QUERY in tail + chunk:
                os.write(self.master, SYNC_REPLY)

    def first_frame_with(self, needle: bytes, timeout: float = 60.0) -> float:
        """Seconds from the start to the end of the first frame that shows `needle`."""
        self.wait_for(needle, timeout=timeout)
        self.wait_for(FRAME_END, start=self.text_since(0).find(needle), timeout=timeout)
        output = self.text_since(0)
        end = output.find(FRAME_END, output.find(needle)) + len(FRAME_END)
        with self._lock:
            came = next(when for length, when in self.arrivals if length >= end)
        return came - self.started

    def mark(self) -> int:
        with self._lock:
            return len(self.output)

    def text_since(self, start: int) -> bytes:
        with self._lock:
            return bytes(self.output[start:])

    def send(self, keys: bytes) -> int:
        """Type `keys`; the mark the step's bytes count from."""
        start = self.mark()
        os.write(self.master, keys)
        return start

    def wait_for(self, needle: bytes, start: int = 0, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text_since(start):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{needle!r} never reached the terminal; the program said:\n"
                                   f"{_readable(self.text_since(start))[-2000:]}")
            time.sleep(0.01)

    def step(self, keys: bytes) -> bytes:
        """Type `keys`, wait for the frame they cause and for quiet; what was written."""
        start = self.send(keys)
        deadline = time.monotonic() + 5
        while FRAME_END not in self.text_since(start) and time.monotonic() < deadline:
            time.sleep(0.01)  # a slow search: its frame comes late (no frame at all is possible too)
        written = self.settle(start)
        return self.text_since(start)[:written]

    def settle(self, start: int, timeout: float = 30.0) -> int:
        """Wait until nothing has been written for QUIET seconds; the bytes written since `start`."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                quiet_for = time.monotonic() - self.last_write
            if quiet_for >= QUIET:
                return self.mark() - start
            if time.monotonic() > deadline:
                return self.mark() - start  # never quiet (a blinking cursor): what came in `timeout`
            time.sleep(0.02)

    def idle(self, seconds: float) -> tuple[int, bytes]:
        start = self.mark()
        time.sleep(seconds)
        return self.mark() - start, self.text_since(start)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)
        self._reader.join(5)


def _own_terminal() -> None:
    """In the child: a session of its own, with the pseudo-terminal as its controlling terminal."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _readable(data: bytes) -> str:
    return re.sub(r"\x1b\[[0-9;?$<>=]*[a-zA-Z~]", "", data.decode("utf-8", "replace"))


def papershelf_command() -> list[str]:
    script = Path(sys.executable).with_name("papershelf")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def base_env(home: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        **{name: str(home / name.lower()) for name in
           ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")},
    }
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


