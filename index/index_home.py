"""The index folder: generations switched in atomically, the update lock, and readers' holds.

A full rebuild is written into a new generation folder beside the live one;
only when it is complete does an atomic rename of the `CURRENT` pointer make
it live. A crash or kill at any moment leaves the previous generation in use,
and a reader in another process opens either the old or the new one, whole.

Every open searcher holds a shared lock on its generation's `readers.lock`;
an updater deletes an old generation only when it gets that lock exclusively,
so a reader keeps the generation it has open however many rebuilds others
make, until it moves to the new one.

Everything here is the user's own: folders are created 700 and files 600. An
index folder the user cannot write (a shared, pre-built index) is read as it is.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from index.errors import PapershelfError
from index.locations import make_private_folder

_POINTER = "CURRENT"
_LOCK = "update.lock"
_READERS = "readers.lock"
_PARTIAL = ".partial"
_GENERATION = re.compile(r"gen-\d+-\d+")
_READ_ONLY_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)


class IndexBusy(Exception):
    """Another process held the update lock for longer than we would wait."""


class IndexUnavailable(PapershelfError):
    """The index folder cannot be used at all: the message says which and why."""


class GenerationGone(Exception):
    """The generation was deleted before a reader could hold it: read CURRENT again."""


class IndexHome:
    def __init__(self, root: Path) -> None:
        self.root = root

    def current(self) -> Path | None:
        try:
            name = read_regular(self.root / _POINTER, 256).decode("utf-8").strip()
        except (OSError, ValueError):
            return None  # missing, unreadable, or not a file
        folder = self.root / name
        return folder if _GENERATION.fullmatch(name) and folder.is_dir() else None

    def new_generation(self) -> Path:
        self._make_root()
        folder = self.root / f"gen-{time.time_ns()}-{os.getpid()}{_PARTIAL}"
        folder.mkdir(mode=0o700)
        _create_private(folder / _READERS)
        return folder

    def publish(self, partial: Path) -> Path:
        """Make a completed generation the live one, atomically."""
        final = partial.with_name(partial.name.removesuffix(_PARTIAL))
        _fsync_tree(partial)
        partial.rename(final)
        pointer = self.root / f"{_POINTER}.{os.getpid()}.tmp"
        descriptor = os.open(pointer, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            stream.write(final.name)
            stream.flush()
            os.fsync(stream.fileno())
        target = self.root / _POINTER
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a folder where the pointer belongs: nothing of ours is in it
        os.replace(pointer, target)
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
        """Delete every finished generation but the live one that no reader holds."""
        for folder in self.root.glob("gen-*"):
            if folder != live and _GENERATION.fullmatch(folder.name) and folder.is_dir():
                _delete_unheld(folder)

    def _make_root(self) -> None:
        try:
            make_private_folder(self.root)
        except OSError as error:
            raise IndexUnavailable(f"cannot create the index folder {self.root}: {_reason(error)}") from None

    @contextmanager
    def update_lock(self, timeout: float) -> Iterator[bool]:
        """Exclusive across processes; a second updater waits up to `timeout` seconds.

        Yields whether the index may be written. When the folder is not the user's to
        write (a shared index), a shared lock is taken instead: the index is read while
        its owner's updater is not halfway through a change.
        """
        self._make_root()
        handle, writable = self._open_lock()
        if handle is None:
            yield False  # a shared index without a lock file: nothing to wait for
            return
        with handle:
            _lock(handle, fcntl.LOCK_EX if writable else fcntl.LOCK_SH, timeout)
            try:
                yield writable
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _open_lock(self) -> tuple[IO | None, bool]:
        path = self.root / _LOCK
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)  # a folder in the lock's place: the lock is a file
        try:
            return _open_private(path, os.O_RDWR | os.O_CREAT), True
        except OSError as error:
            if error.errno not in _READ_ONLY_ERRORS:
                raise IndexUnavailable(f"cannot use the index folder {self.root}: {_reason(error)}") from None
        try:
            return _open_lock_file(path), False
        except OSError:
            return None, False


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a file of the index folder; OSError or ValueError unless it is a regular
    file of at most `limit` bytes (a FIFO in its place is not waited on)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            raise ValueError(f"{path} is not a file of the index")
        return stream.read(limit + 1)


def _open_lock_file(path: Path) -> IO:
    """A lock file opened for reading (flock needs no more), never waiting on a FIFO."""
    return os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb")


def hold(generation: Path) -> IO | None:
    """A shared lock on `generation` for as long as the returned file is open, so that no
    updater deletes it; None when it has no lock file and none can be made (a read-only
    copy: no updater of ours deletes it either). Raises GenerationGone when an updater
    deleted it first."""
    path = generation / _READERS
    try:
        handle = _open_lock_file(path)
    except FileNotFoundError:
        if not generation.is_dir():
            raise GenerationGone(str(generation)) from None
        try:
            _create_private(path)  # a generation made before readers held them
            handle = _open_lock_file(path)
        except OSError:
            return None
    except OSError:
        return None
    fcntl.flock(handle, fcntl.LOCK_SH)  # an updater holds it only while it deletes
    if os.fstat(handle.fileno()).st_nlink == 0:
        handle.close()
        raise GenerationGone(str(generation))
    return handle


def _delete_unheld(folder: Path) -> None:
    try:
        handle = _open_lock_file(folder / _READERS)
    except FileNotFoundError:
        handle = None  # a generation from before readers held them: nothing to ask
    except OSError:
        return
    try:
        if handle is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # a reader has it open: the next update tries again
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if handle is not None:
            handle.close()


def _lock(handle: IO, kind: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle, kind | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise IndexBusy("another papershelf process is updating the index") from None
            time.sleep(0.05)


def _open_private(path: Path, flags: int) -> IO:
    descriptor = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
    return os.fdopen(descriptor, "r+b")


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600))


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _fsync_tree(folder: Path) -> None:
    """Flush every file of a finished build to disk, owner-only (Whoosh and SQLite create
    theirs with the umask's mode)."""
    for path in folder.rglob("*"):
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            os.chmod(path, 0o600)
            with path.open("rb") as stream:
                os.fsync(stream.fileno())
        elif stat.S_ISDIR(mode):
            os.chmod(path, 0o700)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
