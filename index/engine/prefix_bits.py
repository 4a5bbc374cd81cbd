"""The documents each common three-letter prefix matches, kept beside the index.

While typing, the half-typed last word is a prefix: `pro` stands for its 64
most frequent completions. At 100,000 papers their postings are a million
entries or more, 100-300 ms to read the first time, on the third key of
almost every word typed. Each sync that changes the index computes, once, the
bitset of every prefix whose completions have many postings, and keeps them in
one file; the evaluator takes a prefix's matches from there instead of
reading its postings. Prefixes with fewer postings are cheap to read as they
come, and are not kept.

The file names the index generation and document count it was computed on;
it is not used for any other index, and a missing or damaged file only means
reading the postings as before.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from index.engine.postings import IndexView
from index.engine.query import expansion
from index.query_text import MIN_PREFIX, TEXT_FIELDS

PREFIX_BITS_FILE = "prefix-bits.bin"
_MAGIC = b"papershelf-prefix-bits 1\n"
# Three letters is where typing starts to search a prefix; the next two letters
# still cover the big words (`know` is `knowledg`, `form` is `formal`, `format`...).
KEPT_LENGTHS = range(MIN_PREFIX, MIN_PREFIX + 3)


def write_prefix_bits(target: Path, view: IndexView, generation: int) -> int:
    """Compute the bitsets of the costly prefixes of the index `view` reads and write them to `target`;
    how many were kept. Written to a temporary file and renamed, so a reader never sees half of it."""
    reader = view.reader
    header: dict[str, list[int]] = {}
    chunks: list[bytes] = []
    position = 0
    for field in TEXT_FIELDS:
        frequencies = _frequencies(view, field)
        for prefix in _costly_prefixes(frequencies, view.size):
            bits = _union(view, field, expansion(reader, field, prefix, frequencies))
            data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
            header[f"{field}:{prefix}"] = [position, len(data)]
            chunks.append(data)
            position += len(data)
    meta = json.dumps({"generation": generation, "documents": view.size, "prefixes": header}).encode()
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        with open(partial, "wb") as out:
            out.write(_MAGIC + len(meta).to_bytes(8, "little") + meta)
            out.writelines(chunks)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only data dir: prefixes are read from postings
    return len(header)


def _frequencies(view: IndexView, field: str) -> dict[str, int]:
    """Every word of `field` and the number of documents that have it.

    Summed over the segments' own lexicons: Whoosh's multi-segment reader looks
    each word up in every segment, 100 times slower.
    """
    if field not in view.schema:
        return {}
    frequencies: dict[str, int] = defaultdict(int)
    for leaf, _offset in view.segments:
        for word, info in leaf.iter_field(field):
            frequencies[word.decode("utf-8") if isinstance(word, bytes) else word] += info.doc_frequency()
    return frequencies


def _union(view: IndexView, field: str, words: list[str]) -> int:
    # Each word's bitset is built once and kept with its postings: the prefixes
    # of three, four and five letters share most of their words.
    bits = 0
    for word in words:
        postings = view.term(field, word)
        if postings is not None:
            bits |= postings.bits
    return bits


def _costly_prefixes(frequencies: dict[str, int], documents: int) -> list[str]:
    """The prefixes (of KEPT_LENGTHS letters) whose words together have enough postings that reading them is slow."""
    postings: dict[str, int] = defaultdict(int)
    for word, count in frequencies.items():
        for length in KEPT_LENGTHS:
            if len(word) >= length:
                postings[word[:length]] += count
    return sorted(prefix for prefix, count in postings.items() if _worth_keeping(count, documents))


def _worth_keeping(postings: int, documents: int) -> bool:
    # A kept bitset costs documents/8 bytes of file; reading postings about 60 ns each.
    # From a quarter as many postings as documents (1.5 ms at 100,000) the file is worth its size.
    return postings * 4 >= documents and postings >= 64


class PrefixBits:
    """The kept prefix bitsets of one index, read on first use."""

    def __init__(self, path: Path, generation: int, documents: int) -> None:
        self._path = path
        self._expected = (generation, documents)
        self._header: dict[str, list[int]] | None = None
        self._start = 0

    def kept(self) -> list[tuple[str, str]]:
        """The (field, prefix) pairs the file holds for this index."""
        return [tuple(key.split(":", 1)) for key in self._read_header()]

    def bits(self, field: str, prefix: str) -> int | None:
        """The documents `prefix` matches in `field`; None when it is not kept (read its postings)."""
        header = self._read_header()
        place = header.get(f"{field}:{prefix}")
        if place is None:
            return None
        try:
            with open(self._path, "rb") as stored:
                stored.seek(self._start + place[0])
                data = stored.read(place[1])
        except OSError:
            return None
        return int.from_bytes(data, "little") if len(data) == place[1] else None

    def _read_header(self) -> dict[str, list[int]]:
        if self._header is None:
            self._header = {}
            try:
                with open(self._path, "rb") as stored:
                    if stored.read(len(_MAGIC)) != _MAGIC:
                        return self._header
                    size = int.from_bytes(stored.read(8), "little")
                    meta = json.loads(stored.read(size))
                if (meta["generation"], meta["documents"]) == self._expected:
                    self._header = dict(meta["prefixes"])
                    self._start = len(_MAGIC) + 8 + size
            except (OSError, ValueError, KeyError, TypeError, OverflowError):
                pass  # not a file this version wrote whole: read the postings
        return self._header
