"""Real folders where writing fails: a full disk (a tiny tmpfs) and a read-only folder.

Root may write into any folder whatever its mode, so for root the read-only folder is a
read-only bind mount; both mounts need root (else the test is skipped) and are undone
after the test. Nothing here fakes an error: the kernel refuses the writes.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"needs permission to mount ({done.stderr.strip()})")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextmanager
def small_disk(folder: Path, size_kb: int = 256) -> Iterator[Path]:
    """`folder` as a filesystem of its own with room for `size_kb` KB."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path) -> None:
    """Write into `folder` until its disk is full (ENOSPC)."""
    descriptor = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 1):  # big writes, then what room a partial block left
            try:
                while os.write(descriptor, b"\0" * size):
                    pass
            except OSError as error:
                assert error.errno == errno.ENOSPC
    finally:
        os.close(descriptor)


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """`folder` (existing, with its files) made read-only for the test, root included."""
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(mode)
        return
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        _unmount(folder)
