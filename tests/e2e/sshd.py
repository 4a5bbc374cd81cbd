"""An sshd of the test's own: 127.0.0.1, a free high port, throwaway keys and config in a temp folder.

Nothing of the system's is touched: no file under /etc/ssh is read for keys or
config (`-f` names ours), the system's sshd (if any) keeps running as it was,
and the login user's ~/.ssh is never read or written (AuthorizedKeysFile points
into the temp folder; the client gets -F /dev/null and UserKnownHostsFile=/dev/null).

One thing sshd insists on when started as root: its privilege-separation folder
/run/sshd (compiled in, no option moves it). If it is missing, the fixture
creates it, empty, and removes it again at the end.
"""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.e2e.terminal import alive, descendants, wait_gone

SSHD = Path("/usr/sbin/sshd")
SSH = shutil.which("ssh")
SSH_KEYGEN = shutil.which("ssh-keygen")
PRIVSEP_DIR = Path("/run/sshd")


def missing_tools() -> str | None:
    """Why the SSH tests cannot run here, or None."""
    if not (SSHD.exists() and os.access(SSHD, os.X_OK)):
        return f"{SSHD} is not installed (.ci/run installs openssh-server)"
    if SSH is None or SSH_KEYGEN is None:
        return "the OpenSSH client (ssh, ssh-keygen) is not installed (.ci/run installs openssh-client)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sshd:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ps-sshd-"))
        self.user = pwd.getpwuid(os.getuid()).pw_name
        self.host_key = self.folder / "host_ed25519"
        self.user_key = self.folder / "user_ed25519"
        self.authorized_keys = self.folder / "authorized_keys"
        self.config = self.folder / "sshd_config"
        self.log = self.folder / "sshd.log"
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._made_privsep_dir = False

    # Starting and stopping

    def start(self) -> Sshd:
        for key, comment in ((self.host_key, "host"), (self.user_key, "user")):
            subprocess.run(
                [SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", f"papershelf-e2e-{comment}", "-f", str(key)],
                check=True, capture_output=True, timeout=30,
            )
        self.authorized_keys.write_text(self.user_key.with_suffix(".pub").read_text())
        self.user_key.chmod(0o600)  # ssh refuses a private key others can read
        if os.geteuid() == 0 and not PRIVSEP_DIR.exists():
            PRIVSEP_DIR.mkdir(mode=0o755)
            self._made_privsep_dir = True
        for _attempt in range(5):  # the free port may be taken between probe and bind
            self.port = free_port()
            if self._launch():
                return self
        raise RuntimeError(f"sshd did not start; its log:\n{self.log.read_text()}")

    def _launch(self) -> bool:
        self.config.write_text(self._config_text())
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(self.config)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            if "Server listening" in self.log.read_text(errors="replace"):
                return True
            time.sleep(0.05)
        self.process.kill()
        self.process.wait()
        return False

    def _config_text(self) -> str:
        return f"""\
Port {self.port}
ListenAddress 127.0.0.1
HostKey {self.host_key}
PidFile {self.folder / "sshd.pid"}
AuthorizedKeysFile {self.authorized_keys}
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers {self.user}
PermitUserEnvironment no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
"""

    def stop(self) -> None:
        """Stop the listener, then any session still running under it (a test that failed midway)."""
        if self.log.exists():  # pytest shows this only for a test that failed: why a login was refused
            print(f"--- sshd log ({self.log}):\n{self.log.read_text(errors='replace')[-4000:]}")
        if self.process is not None:
            below = descendants(self.process.pid)
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            for pid in below:
                _signal(pid, signal.SIGTERM)
            for pid in below:
                if not wait_gone(pid, 5):
                    _signal(pid, signal.SIGKILL)
                    wait_gone(pid, 5)
            self.process = None
        if self._made_privsep_dir:
            try:
                PRIVSEP_DIR.rmdir()
            except OSError:
                pass  # someone else's sshd uses it now
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Sshd:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # The client side

    def ssh_command(self, remote_command: Sequence[str] | str) -> list[str]:
        """`ssh -tt` into this sshd, running `remote_command` on the remote side (no remote shell prompt)."""
        remote = remote_command if isinstance(remote_command, str) else shlex.join(remote_command)
        return [
            SSH, "-tt", "-F", "/dev/null", "-i", str(self.user_key), "-p", str(self.port),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            f"{self.user}@127.0.0.1", remote,
        ]

    def sessions(self) -> list[int]:
        """The processes running below the listener now (per-connection sshd, remote commands)."""
        return [pid for pid in descendants(self.process.pid) if alive(pid)] if self.process else []


def _signal(pid: int, number: int) -> None:
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


@pytest.fixture
def sshd() -> Iterator[Sshd]:
    """A running sshd of the test's own; skipped (with the reason) only where OpenSSH is not installed."""
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    server = Sshd()
    try:
        yield server.start()
    finally:
        server.stop()
