"""The size, mtime and SHA-256 of every file of an index generation, written at each
commit and checked before the generation is trusted.

Whoosh opens most damaged files without complaint and answers wrongly from them
(a zero-filled postings file matches nothing, a flipped byte in a column reorders
the results), and SQLite reads a truncated entries file as a smaller one; the
paper count alone catches few of these. So every commit seals the files (the
Whoosh segments and table of contents, entries.sqlite) and opening checks them:
each file is stat-ed, and only one whose mtime moved since the seal is read and
hashed. Every write sets the mtime, so a file changed since the commit is
hashed and found out; the files of an intact index cost a stat each.

entries.sqlite is sealed by the checksum of its rows, which its writes keep up to
date row by row (index.sync.entry_db): SQLite rewrites pages all over the file, and
hashing all of it again after each commit took most of an incremental update at a
million papers (1.8 s for 2.4 GB). A moved mtime then costs SQLite's integrity check
and a read of every row instead of a hash of the file.

The files kept beside the index (the start page, the prefix bitsets) carry
checksums of their own and are only ever a shortcut (see their modules).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from index.index_home import read_regular
from index.sync.entry_db import kept_digest, rows_digest
from index.sync.report import ENTRIES_FILE, WHOOSH_FOLDER

SEAL_FILE = "checksums.json"
_FORMAT = 1
_NOT_SEALED = frozenset({"MAIN_WRITELOCK"})  # Whoosh's writer lock: empty, and not index data
_HASH_CHUNK = 1 << 20
_MAX_SEAL = 1 << 20  # bytes: a few hundred files' records
_ROWS = "rows:"  # a digest of this kind is the entries file's rows' checksum, not the file's hash


@dataclass(frozen=True, slots=True)
class Verdict:
    damage: str | None  # what is wrong, for the rebuild reason; None when the files are as sealed
    moved: bool = False  # some file's mtime moved but its bytes are the sealed ones: worth sealing again
    commit: str = ""  # what the sealed searchable content is (the start page names it)


def seal(generation: Path) -> None:
    """Record the generation's files as they are now: call after each commit, with the
    update lock held. The files are made owner-only on the way (Whoosh and SQLite
    create them with the umask's mode)."""
    files = {}
    lock = generation / WHOOSH_FOLDER / "MAIN_WRITELOCK"
    if lock.is_file():
        os.chmod(lock, 0o600)
    try:
        before = _read_seal(generation)
    except (OSError, ValueError, KeyError, TypeError):
        before = {}
    for name in sealed_names(generation):
        path = generation / name
        os.chmod(path, 0o600)
        status = path.stat()
        # A file untouched since the last seal (same size and mtime, as check() trusts) keeps
        # its checksum: an incremental update adds a segment, and hashes only what it wrote.
        known = before.get(name)
        if known is not None and known[:2] == (status.st_size, status.st_mtime_ns):
            digest = known[2]
        else:
            digest = _entries_digest(path) if name == ENTRIES_FILE else _sha256(path)
        files[name] = [status.st_size, status.st_mtime_ns, digest]
    body = {"format": _FORMAT, "commit": _content_id(files), "files": files}
    partial = generation / f".{SEAL_FILE}.{os.getpid()}"
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(body, stream)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(partial, generation / SEAL_FILE)


def _content_id(files: dict[str, list]) -> str:
    """What names the searchable content: the Whoosh files' checksums. A sync that only
    records new mtimes in entries.sqlite leaves it as it was (the start page still holds,
    a reader has nothing to reopen)."""
    searched = "".join(
        f"{name} {digest}\n" for name, (_size, _mtime, digest) in sorted(files.items()) if name != ENTRIES_FILE
    )
    return hashlib.sha256(searched.encode()).hexdigest()[:32]


def sealed_names(generation: Path) -> list[str]:
    """The generation's files a seal covers, as paths relative to it."""
    whoosh = generation / WHOOSH_FOLDER
    names = [ENTRIES_FILE]
    for entry in sorted(os.scandir(whoosh), key=lambda entry: entry.name):
        if entry.name not in _NOT_SEALED and not entry.is_dir(follow_symlinks=False):
            names.append(f"{WHOOSH_FOLDER}/{entry.name}")
    return names


def check(generation: Path) -> Verdict:
    """Whether the generation's files are those its seal recorded (see the module's notes)."""
    try:
        recorded = _read_seal(generation)
    except (OSError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, FileNotFoundError):
            return Verdict("it has no checksums (made by an older papershelf)")
        return Verdict("its checksums file is damaged")
    try:
        present = set(sealed_names(generation))
    except OSError:
        return Verdict(f"its {WHOOSH_FOLDER} folder is missing")
    unknown = sorted(present - recorded.keys())
    if unknown:
        return Verdict(f"{unknown[0]} is not among the files sealed at its last commit")
    moved = False
    for name, (size, mtime_ns, digest) in recorded.items():
        problem, changed = _check_file(generation / name, size, mtime_ns, digest)
        if problem is not None:
            return Verdict(f"{name} {problem}")
        moved = moved or changed
    return Verdict(None, moved, _commit(generation))


def commit_of(generation: Path) -> str | None:
    """The commit the generation's seal names (stat-free: one small file read), or None."""
    try:
        return _commit(generation)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _commit(generation: Path) -> str:
    return str(json.loads(read_regular(generation / SEAL_FILE, _MAX_SEAL))["commit"])


def _read_seal(generation: Path) -> dict[str, tuple[int, int, str]]:
    body = json.loads(read_regular(generation / SEAL_FILE, _MAX_SEAL))
    if body["format"] != _FORMAT:
        raise ValueError("another format")
    files = {}
    for name, (size, mtime_ns, digest) in body["files"].items():
        folder, _, leaf = str(name).rpartition("/")
        if not (name == ENTRIES_FILE or (folder == WHOOSH_FOLDER and leaf not in ("", ".", ".."))):
            raise ValueError("a file outside the generation")  # only its own files are looked at
        files[str(name)] = (int(size), int(mtime_ns), str(digest))
    if ENTRIES_FILE not in files:
        raise ValueError("no entries file")
    return files


def _check_file(path: Path, size: int, mtime_ns: int, digest: str) -> tuple[str | None, bool]:
    """(what is wrong with the file, whether its mtime moved)."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        return "is missing", False
    except OSError as error:
        return f"cannot be read ({error.strerror})", False
    if not stat.S_ISREG(status.st_mode):
        return "is not a file", False
    if status.st_size != size:
        return f"has {status.st_size:,} bytes, not the {size:,} written", False
    if status.st_mtime_ns == mtime_ns:
        return None, False
    try:
        same = (_rows_of(path) if digest.startswith(_ROWS) else _sha256(path)) == digest
    except OSError as error:
        return f"cannot be read ({error.strerror})", False
    except sqlite3.DatabaseError:
        return "changed since it was written", False
    return (None, True) if same else ("changed since it was written", False)


def _entries_digest(path: Path) -> str:
    """The entries file's seal: the checksum of its rows its writes kept (index.sync.entry_db),
    so a commit reads a few bytes of it, not all of it; a hash of the file when it keeps none
    (written by an older papershelf)."""
    try:
        kept = kept_digest(path)
    except sqlite3.DatabaseError:
        kept = None
    return _ROWS + kept if kept is not None else _sha256(path)


def _rows_of(path: Path) -> str:
    return _ROWS + rows_digest(path)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
