"""Which listing files there are, and which of them changed since the last indexing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from index.problems import Problem

LISTING_SUFFIX = ".txt"
_HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Fingerprint:
    path: str
    size: int
    mtime_ns: int
    sha256: str


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
    """The listing files named by `sources`: folders (their *.txt) or files."""
    found: list[Path] = []
    problems: list[Problem] = []
    for source in sources:
        if source.is_dir():
            try:
                found.extend(sorted(p for p in source.iterdir() if p.name.endswith(LISTING_SUFFIX)))
            except OSError as error:
                problems.append(Problem(str(source), None, f"cannot list the folder: {error.strerror}"))
        elif source.exists():
            found.append(source)
        else:
            problems.append(Problem(str(source), None, "no such file or folder"))
    unique = list(dict.fromkeys(path.resolve() for path in found))
    return unique, problems


def fingerprint(path: Path, known: Fingerprint | None = None) -> Fingerprint | None:
    """The file's fingerprint; the known hash is reused when size and mtime match.

    None when the file cannot be read (the parser reports why).
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    if known is not None and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        return known
    try:
        digest = _hash_file(path)
    except OSError:
        digest = "unreadable"
    return Fingerprint(str(path), stat.st_size, stat.st_mtime_ns, digest)


def _hash_file(path: Path) -> str:
    if path.is_dir():
        return "directory"
    import hashlib  # only a sync hashes files; the reader's start does without it

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


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
