"""Which listing files there are, what each held when it was read, and which changed since.

A listing file is read only if it is a regular file of at most MAX_LISTING_BYTES:
a FIFO, a device (a link to /dev/zero), a socket, a folder, a link loop or a link
to nothing is a problem of its own, reported, and the rest of the folder is read.
A file is read once: the bytes parsed are the bytes hashed, so a file that
changes while a sync runs is found changed by the next one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from index.listings.problems import Problem

LISTING_SUFFIX = ".txt"
MAX_LISTING_BYTES = 64 << 20  # a day's listing is well under a megabyte
_READ_CHUNK = 1 << 20
_CHANGED_WHILE_READ = -1  # an mtime no file has: the next sync reads the file again


@dataclass(frozen=True, slots=True)
class Fingerprint:
    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A listing file as a sync saw it: its fingerprint, and the bytes it was taken of
    (None when size and mtime matched the known fingerprint and the file was not read)."""

    fingerprint: Fingerprint
    data: bytes | None


class Unreadable(Exception):
    """A listing file that is not read; the message says why, for a Problem."""


@dataclass(slots=True)
class FileChanges:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    touched: list[str] = field(default_factory=list)  # new mtime, same content

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.touched)

    @property
    def to_read(self) -> list[str]:
        return self.added + self.changed


def discover(sources: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The listing files named by `sources` (folders: their *.txt; or files), and a
    problem for each that cannot be a listing file (stat only: nothing is opened)."""
    found: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        if source.is_dir():
            try:
                entries = sorted(
                    (entry.name, entry.is_symlink()) for entry in os.scandir(source) if entry.name.endswith(LISTING_SUFFIX)
                )
                real_folder = source.resolve()
            except OSError as error:
                problems.append(Problem(str(source), None, f"cannot list the folder: {error.strerror}"))
                continue
            # A plain file's real path is the folder's joined with its name: one resolve for
            # the folder, not a walk of every path's parts per file (10,000 files: 0.4 s).
            candidates = [(source / name, None if linked else real_folder / name) for name, linked in entries]
        else:
            candidates = [(source, None)]
        for path, real in candidates:
            why = unusable(path)
            if why is None:
                found.append(real or path.resolve())
            else:
                problems.append(Problem(str(path), None, why))
    return list(dict.fromkeys(found)), problems


def unusable(path: Path) -> str | None:
    """Why `path` cannot be read as a listing file, or None when it can be."""
    try:
        status = os.stat(path)
    except OSError as error:
        return _stat_failure(path, error)
    return _not_a_listing(status)


def _stat_failure(path: Path, error: OSError, named: bool = True) -> str:
    """Why a file that could not be stat-ed or opened is not read (`named`: given as a source)."""
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops: skipped"
    if error.errno == errno.ENOENT and path.is_symlink():
        return "is a symbolic link to nothing (its target is missing): skipped"
    if error.errno == errno.ENOENT and named:
        return "no such file or folder"
    return f"cannot read the file: {error.strerror}"


def _not_a_listing(status: os.stat_result) -> str | None:
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        return "is a directory, not a listing file"
    if not stat.S_ISREG(mode):
        return f"is not a regular file ({_kind(mode)}): skipped"
    if status.st_size > MAX_LISTING_BYTES:
        return f"is {status.st_size:,} bytes, more than a listing file may have ({MAX_LISTING_BYTES:,}): skipped"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def snapshot(path: Path, known: Fingerprint | None = None) -> Snapshot:
    """The file's fingerprint, read and hashed unless its size and mtime match `known`.

    Raises Unreadable for a file that is not a regular file of a listing's size or
    cannot be opened (it may have become one since discover looked).
    """
    try:
        status = os.stat(path)
    except OSError as error:
        raise Unreadable(_stat_failure(path, error, named=False)) from None
    if known is not None and (known.size, known.mtime_ns) == (status.st_size, status.st_mtime_ns):
        if _not_a_listing(status) is None:
            return Snapshot(known, None)
    fingerprint, data = read_bytes(path)
    return Snapshot(fingerprint, data)


def read_bytes(path: Path) -> tuple[Fingerprint, bytes]:
    """Read a listing file whole, once, and fingerprint exactly the bytes read."""
    try:
        # O_NONBLOCK: a FIFO put in place of the file since it was looked at does not hang the open.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise Unreadable(_stat_failure(path, error, named=False)) from None
    try:
        before = os.fstat(descriptor)
        why = _not_a_listing(before)
        if why is not None:
            raise Unreadable(why)
        data = _read_bounded(descriptor)
        after = os.fstat(descriptor)
    except OSError as error:
        raise Unreadable(f"cannot read the file: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(data) > MAX_LISTING_BYTES:
        raise Unreadable(f"grew past the {MAX_LISTING_BYTES:,} bytes a listing file may have: skipped")
    steady = before.st_mtime_ns == after.st_mtime_ns and before.st_size == after.st_size == len(data)
    mtime = after.st_mtime_ns if steady else _CHANGED_WHILE_READ
    return Fingerprint(str(path), len(data), mtime, hashlib.sha256(data).hexdigest()), data


def _read_bounded(descriptor: int) -> bytes:
    """At most one byte more than a listing may have (a file growing while read is cut there)."""
    chunks = []
    left = MAX_LISTING_BYTES + 1
    while left > 0:
        chunk = os.read(descriptor, min(_READ_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def compare(known: Mapping[str, Fingerprint], current: Mapping[str, Fingerprint]) -> FileChanges:
    changes = FileChanges()
    for path, now in current.items():
        before = known.get(path)
        if before is None:
            changes.added.append(path)
        elif before.sha256 != now.sha256:
            changes.changed.append(path)
        elif before != now:
            changes.touched.append(path)
    changes.removed = [path for path in known if path not in current]
    return changes
