"""Files of derived data kept beside an index: a magic line, a JSON header, a body, a SHA-256.

What is costly to compute from an index and cheap to read (the prefix bitsets, a
reading list's ranking) is kept in its generation folder, in this one layout:

    magic line | header size (8 bytes, little-endian) | SHA-256 of the rest | header (JSON) | body

The header names what the data was made from; a reader passes what it expects
and the file is used only when every expected key matches and the digest holds.
Such a file is never needed: a missing, damaged or foreign one only means
computing its data again. It is written to a temporary file and renamed, so a
reader never sees half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from index.index_home import read_regular

DIGEST = 32  # bytes of the SHA-256 of everything after it
_MAX_HEADER = 1 << 26  # bytes: past this a size field is damage
MAX_FILE = 1 << 31  # bytes


def write_kept(target: Path, magic: bytes, header: dict, chunks: list[bytes]) -> bool:
    """Write a kept file of `header` and the body `chunks`; False when it cannot be written
    (a read-only data folder: the data is then computed each time)."""
    meta = json.dumps(header).encode()
    size = len(meta).to_bytes(8, "little")
    digest = hashlib.sha256(size + meta)
    for chunk in chunks:
        digest.update(chunk)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        for abandoned in target.parent.glob(f".{target.name}.*"):  # a process killed while writing
            abandoned.unlink(missing_ok=True)
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600), "wb") as out:
            out.write(magic + size + digest.digest() + meta)
            out.writelines(chunks)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)
        return False
    return True


def read_kept(path: Path, magic: bytes, expected: dict, limit: int = MAX_FILE) -> tuple[dict, bytes]:
    """A kept file's header and body, read whole (a writer may replace it by rename while
    it is in use); ValueError unless it is whole (its digest) and made from `expected`."""
    data = read_regular(path, limit)
    start = len(magic) + 8 + DIGEST
    head, rest = data[:start], data[start:]
    if len(head) < start or not head.startswith(magic):
        raise ValueError("not a kept file of this kind")
    size_field = head[len(magic) : len(magic) + 8]
    size = int.from_bytes(size_field, "little")
    if size > min(_MAX_HEADER, len(rest)) or hashlib.sha256(size_field + rest).digest() != head[-DIGEST:]:
        raise ValueError("damaged")
    meta = json.loads(rest[:size])
    if not isinstance(meta, dict) or {key: meta.get(key) for key in expected} != expected:
        raise ValueError("made from another index")
    return meta, rest[size:]


def inside(body: bytes, offset, length) -> tuple[int, int]:
    """(offset, length) of an entry of the body, as ints; ValueError if it is not within it."""
    offset, length = int(offset), int(length)
    if not (0 <= offset and 0 <= length and offset + length <= len(body)):
        raise ValueError("an entry outside the file")
    return offset, length
