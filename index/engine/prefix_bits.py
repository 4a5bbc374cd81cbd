"""The kept prefix file: the documents each common prefix of three to five letters matches, and every field's
lexicon, kept beside the index.

While typing, the half-typed last word is a prefix: `pro` stands for every word
that starts with it, hundreds or thousands of them in a long-tailed index. At
100,000 papers their postings are a million entries or more, 100-300 ms to read
the first time, on the third key of almost every word typed. The bitset of
every prefix whose words are costly to read is computed once per index
generation and kept in one file beside the index (by the sync for a small index,
by a background process the reader starts for a big one), with each text
field's sorted lexicon and document frequencies: the parser takes a prefix's
words from the lexicon by bisection, and the evaluator its matches from the
bitset. Cheaper prefixes are read from their postings as they come.

The file names the index generation and document count it was computed on, and
the prefix lengths, and carries a SHA-256 of its contents; it is not used for
any other index or rules, nor when damaged: a missing or damaged file only means
walking the lexicon and reading the postings, for the same matches.
"""

from __future__ import annotations

import sys
from array import array
from pathlib import Path

from index.engine.fields import WHOLE_WORDS, WORD_FIELDS
from index.engine.kept_files import inside, read_kept, write_kept
from index.engine.lexicon import SortedWords, split
from index.search.query_text import MIN_PREFIX

PREFIX_BITS_FILE = "prefix-bits.bin"
_MAGIC = b"papershelf-prefix-bits 4\n"
# Three letters is where typing starts to search a prefix; the next two letters
# still cover the big words (`know` is `knowledg`, `form` is `formal`, `format`...).
KEPT_LENGTHS = range(MIN_PREFIX, MIN_PREFIX + 3)
LEXICON_FIELDS = (*WORD_FIELDS, WHOLE_WORDS)  # the whole words: for the stems a prefix takes
IDS, BITS = "ids", "bits"  # how a prefix's matches are stored: document numbers, or a bitset


def write_file(target: Path, identity: dict, header: dict, lexicon_places: dict, chunks: list[bytes]) -> int:
    """Write a kept file: the identity of its index, each prefix's and lexicon's place in the
    body, and the body's chunks (see kept_files); how many prefixes it keeps (0: not written,
    a read-only data folder: prefixes are then read from postings)."""
    written = write_kept(target, _MAGIC, {**identity, "prefixes": header, "lexicons": lexicon_places}, chunks)
    return len(header) if written else 0


class PrefixBits:
    """The kept prefix bitsets and lexicons of one index, read whole on first use.

    Read whole, not by offset when asked: a sync replaces the file (by rename) while
    a searcher on the index it was made for may still be open, and must keep the
    bitsets of its own index.
    """

    def __init__(self, path: Path, generation: int, documents: int) -> None:
        self._path = path
        self._expected = identity(generation, documents)
        self._places: dict[str, tuple[int, int, str]] | None = None
        self._lexicon_places: dict[str, tuple[int, ...]] = {}
        self._lexicons: dict[str, SortedWords] = {}
        self._data = b""
        self._unusable: tuple[int, int] | None = None  # (mtime, size) of the file not used, if any

    def kept(self) -> list[tuple[str, str]]:
        """The (field, prefix) pairs the file holds for this index."""
        return [tuple(key.split(":", 1)) for key in self._read()]

    def keeps(self, field: str, prefix: str) -> bool:
        return f"{field}:{prefix}" in self._read()

    def bits(self, field: str, prefix: str, space) -> int | None:
        """The documents `prefix` matches in `field` (a bitset of `space`); None when it is not kept."""
        place = self._read().get(f"{field}:{prefix}")
        if place is None:
            return None
        start, length, kind = place
        data = self._data[start : start + length]
        if kind == IDS:
            return space.from_ids(_numbers(data, "I"))
        return int.from_bytes(data, "little")

    def lexicon(self, field: str) -> SortedWords | None:
        """The words of `field`, sorted, with their document frequencies; None when the file has none."""
        self._read()
        if field not in self._lexicons and field in self._lexicon_places:
            words_at, words_length, counts_at, counts_length, *stems_place = self._lexicon_places[field]
            try:
                words = split(self._data[words_at : words_at + words_length])
                counts = _numbers(self._data[counts_at : counts_at + counts_length], "I")
                stems = split(self._data[stems_place[0] : sum(stems_place)], len(words)) if stems_place else None
                self._lexicons[field] = SortedWords(words, counts, stems)
            except ValueError:  # (UnicodeDecodeError too) not this version's: walk the lexicon
                self._lexicon_places.pop(field)
        return self._lexicons.get(field)

    def _read(self) -> dict[str, tuple[int, int, str]]:
        if self._places is None or (self._unusable is not None and self._signature() != self._unusable):
            # First use, or a file not usable then has changed since (a background build
            # for a big index, see start_building, finishes while the reader runs).
            self._places, self._unusable = {}, self._signature()
            try:
                self._data, places, self._lexicon_places = _parsed(self._path, self._expected)
                self._places, self._unusable, self._lexicons = places, None, {}
            except (OSError, ValueError, KeyError, TypeError, OverflowError, MemoryError):
                pass  # missing, damaged, or not this version's for this index: read the postings
        return self._places

    def _signature(self) -> tuple[int, int]:
        try:
            status = self._path.stat()
        except OSError:
            return (0, -1)
        return (status.st_mtime_ns, status.st_size)


def _numbers(data: bytes, typecode: str) -> array:
    numbers = array(typecode)
    numbers.frombytes(data)
    return numbers


def kept_file(whoosh_folder: Path) -> Path:
    """Where the kept file of the index in `whoosh_folder` lives: beside it, in its generation."""
    return whoosh_folder.parent / PREFIX_BITS_FILE


def holds_for(whoosh_folder: Path) -> bool:
    """Whether the kept file is whole and was made for the index in `whoosh_folder`, as it
    is now and by these rules (the file and the index's table of contents are read)."""
    return holds(kept_file(whoosh_folder), identity(*index_state(whoosh_folder)))


def index_state(whoosh_folder: Path) -> tuple[int, int]:
    """The generation and document count of the index as it is now (its table of contents)."""
    from whoosh import index as whoosh_index

    opened = whoosh_index.open_dir(str(whoosh_folder))
    return opened.latest_generation(), opened.doc_count_all()


def holds(target: Path, expected: dict) -> bool:
    try:
        _parsed(target, expected)
        return True
    except Exception:  # noqa: BLE001 - unreadable, damaged or made for another index: not to be trusted
        return False


def identity(generation: int, documents: int) -> dict:
    """What a kept file must have been made from to hold for an open index."""
    return {"generation": generation, "documents": documents, "lengths": list(KEPT_LENGTHS), "byteorder": sys.byteorder}


def _parsed(path: Path, expected: dict) -> tuple[bytes, dict[str, tuple[int, int, str]], dict]:
    """The body's bytes, each prefix's (start, length, kind) in it and each lexicon's places;
    ValueError unless whole and made for the expected index."""
    meta, body = read_kept(path, _MAGIC, expected)
    places = {}
    for key, (offset, length, kind) in meta["prefixes"].items():
        offset, length = inside(body, offset, length)
        if kind not in (IDS, BITS) or (kind == IDS and length % 4):
            raise ValueError("an entry of an unknown kind")
        places[str(key)] = (offset, length, kind)
    lexicons = {}
    for field, numbers in meta["lexicons"].items():
        # (offset, length) of its words, of their frequencies, and of the whole words' stems.
        if field not in LEXICON_FIELDS or len(numbers) not in (4, 6) or numbers[3] % 4:
            raise ValueError("a lexicon of an unknown field")
        lexicons[field] = tuple(value for pair in zip(numbers[::2], numbers[1::2]) for value in inside(body, *pair))
    return body, places, lexicons

