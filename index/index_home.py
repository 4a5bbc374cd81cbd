"""The index folder: generations switched in atomically, and the update lock.

A full rebuild is written into a new generation folder beside the live one;
only when it is complete does an atomic rename of the `CURRENT` pointer make
it live. A crash or kill at any moment leaves the previous generation in use,
and a reader in another process opens either the old or the new one, whole.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_POINTER = "CURRENT"
_LOCK = "update.lock"
_PARTIAL = ".partial"
_KEEP_GENERATIONS = 2  # the live one and the one before, still open in older readers


class IndexBusy(Exception):
    """Another process held the update lock for longer than we would wait."""


class IndexHome:
    def __init__(self, root: Path) -> None:
        self.root = root

    def current(self) -> Path | None:
        try:
            name = (self.root / _POINTER).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        folder = self.root / name
        return folder if name and "/" not in name and folder.is_dir() else None

    def new_generation(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        folder = self.root / f"gen-{time.time_ns()}-{os.getpid()}{_PARTIAL}"
        folder.mkdir()
        return folder

    def publish(self, partial: Path) -> Path:
        """Make a completed generation the live one, atomically."""
        final = partial.with_name(partial.name.removesuffix(_PARTIAL))
        _fsync_tree(partial)
        partial.rename(final)
        pointer = self.root / f"{_POINTER}.{os.getpid()}.tmp"
        with pointer.open("w", encoding="utf-8") as stream:
            stream.write(final.name)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(pointer, self.root / _POINTER)
        _fsync_dir(self.root)
        self._prune(final)
        return final

    def discard(self, partial: Path) -> None:
        shutil.rmtree(partial, ignore_errors=True)

    def discard_abandoned(self) -> None:
        """Remove builds a killed process left half-written. Call with the update lock held."""
        for partial in self.root.glob(f"gen-*{_PARTIAL}"):
            self.discard(partial)

    def _prune(self, live: Path) -> None:
        """Delete abandoned partial builds and all but the newest finished generations."""
        generations = sorted(p for p in self.root.glob("gen-*") if p.is_dir())
        finished = [p for p in generations if not p.name.endswith(_PARTIAL)]
        keep = set(finished[-_KEEP_GENERATIONS:]) | {live}
        for folder in generations:
            if folder not in keep:
                shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def update_lock(self, timeout: float) -> Iterator[None]:
        """Exclusive across processes; a second updater waits up to `timeout` seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / _LOCK).open("a") as handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexBusy("another papershelf process is updating the index") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as stream:
                os.fsync(stream.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
