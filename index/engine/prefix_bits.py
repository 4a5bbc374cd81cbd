"""The documents each common prefix of three to five letters matches, and every field's
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

import fcntl
import hashlib
import heapq
import json
import os
import subprocess
import sys
import threading
from array import array
from pathlib import Path

from index.engine.lexicon import Lexicon, SortedWords, joined, split, stems_of
from index.engine.postings import IndexView
from index.engine.query import expansion
from index.index_home import read_regular
from index.engine.fields import STEMMED_FIELDS, WHOLE_WORDS, WORD_FIELDS
from index.query_text import MIN_PREFIX

PREFIX_BITS_FILE = "prefix-bits.bin"
_MAGIC = b"papershelf-prefix-bits 4\n"
_DIGEST = 32  # bytes of the SHA-256 of everything after it: a damaged file is never used
_LOCK = ".prefix-bits.lock"  # held by the one process building the file
_LOG = "prefix-bits.log"  # what the last background build said
_MAX_HEADER = 1 << 26  # bytes: past this a size field is damage
_MAX_FILE = 1 << 31  # bytes
# Three letters is where typing starts to search a prefix; the next two letters
# still cover the big words (`know` is `knowledg`, `form` is `formal`, `format`...).
KEPT_LENGTHS = range(MIN_PREFIX, MIN_PREFIX + 3)
LEXICON_FIELDS = (*WORD_FIELDS, WHOLE_WORDS)  # the whole words: for the stems a prefix takes
INLINE_UP_TO = 5_000  # papers: up to here a sync builds the file itself, in under a second
_OWN_BITSET = 1024  # postings from which a word's bitset is made on its own in a build
_IDS, _BITS = "ids", "bits"  # how a prefix's matches are stored: document numbers, or a bitset


def write_prefix_bits(target: Path, view: IndexView, generation: int) -> int:
    """Compute the bitsets of the costly prefixes and the lexicons of the index `view` reads,
    and write them to `target`; how many prefixes were kept. Written to a temporary file
    and renamed, so a reader never sees half of it."""
    lexicons: dict[str, SortedWords] = {}
    lexicon = Lexicon(view.schema, view.segments, lexicons.get)
    header: dict[str, list] = {}
    chunks: list[bytes] = []
    position = [0]

    def add(data: bytes) -> list[int]:
        """Append `data` to the body: its [offset, length] there."""
        chunks.append(data)
        position[0] += len(data)
        return [position[0] - len(data), len(data)]

    # The whole words first: the stems a text field's prefix takes come from them.
    for field in sorted(LEXICON_FIELDS, key=lambda name: name != WHOLE_WORDS):
        if field not in view.schema:
            continue
        terms = view.field_terms(field)  # one walk of each segment: frequencies, then postings
        lexicons[field] = _sorted_words(terms)
        if field == WHOLE_WORDS:
            lexicons[field].stems = _whole_word_stems(view.schema, lexicons[field].words)
            continue
        costly = _costly_prefixes(lexicons[field], view.size)
        unions = _prefix_unions(view, terms, set(costly))
        del terms
        for prefix in costly:
            # The prefix's completions, and the stems of whole words it takes that do not start with it.
            extra = [word for word in expansion(lexicon, field, prefix).words if not word.startswith(prefix)]
            bits = unions.get(prefix, 0) | _union(view, field, extra)
            kind, data = _encoded(bits, view)
            header[f"{field}:{prefix}"] = [*add(data), kind]
    lexicon_places = {}
    for field, words in lexicons.items():
        stems = add(joined(words.stems)) if words.stems is not None else []
        lexicon_places[field] = [*add(joined(words.words)), *add(words.frequencies.tobytes()), *stems]
    meta = json.dumps({**_identity(generation, view.size), "prefixes": header, "lexicons": lexicon_places}).encode()
    size = len(meta).to_bytes(8, "little")
    digest = hashlib.sha256(size + meta)
    for chunk in chunks:
        digest.update(chunk)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    for abandoned in target.parent.glob(f".{target.name}.*"):  # a sync killed while writing
        abandoned.unlink(missing_ok=True)
    try:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600), "wb") as out:
            out.write(_MAGIC + size + digest.digest() + meta)
            out.writelines(chunks)
        os.replace(partial, target)
    except OSError:
        partial.unlink(missing_ok=True)  # a read-only data dir: prefixes are read from postings
        return 0
    return len(header)


def _encoded(bits: int, view: IndexView) -> tuple[str, bytes]:
    """A prefix's matches as the smaller of its document numbers (4 bytes each) and its bitset."""
    if bits.bit_count() * 32 < bits.bit_length():
        return _IDS, array("I", view.space.ids(bits)).tobytes()
    return _BITS, bits.to_bytes((bits.bit_length() + 7) // 8, "little")


def _whole_word_stems(schema, words: list[str]) -> list[str] | None:
    """The stems of the whole words, when the stemmed fields stem alike (one list serves them all)."""
    analyzers = [schema[field].analyzer for field in STEMMED_FIELDS if field in schema]
    if not analyzers or any(analyzer != analyzers[0] for analyzer in analyzers):
        return None
    return stems_of(analyzers[0], words)


def _sorted_words(terms: list[list[tuple[str, object]]]) -> SortedWords:
    """A field's lexicon from each segment's (word, term info) pairs."""
    frequencies: dict[str, int] = {}
    for segment in terms:
        for word, info in segment:
            frequencies[word] = frequencies.get(word, 0) + info.doc_frequency()
    return SortedWords.of(frequencies)


def _prefix_unions(view: IndexView, terms: list[list[tuple[str, object]]], prefixes: set[str]) -> dict[str, int]:
    """The documents of every word starting with each of `prefixes`, in one pass over the
    field's words in lexicon order (`terms`, the segments' walks, merged): each word is read
    once, and only the prefixes of the word at hand are open. Big words are OR-ed as bitsets;
    the document numbers of small ones are gathered and turned into one bitset per prefix."""
    found: dict[str, int] = {}
    open_: dict[str, tuple[list[int], list[int]]] = {}  # prefix -> (small words' documents, [bits])
    walks = [[(word, segment, info) for word, info in walk] for segment, walk in enumerate(terms)]
    for word, segment, info in heapq.merge(*walks, key=lambda entry: entry[0]):
        for prefix in [prefix for prefix in open_ if not word.startswith(prefix)]:
            found[prefix] = _closed(view, *open_.pop(prefix))
        wanted = [word[:length] for length in KEPT_LENGTHS if len(word) >= length and word[:length] in prefixes]
        if not wanted:
            continue
        ids = view.term_ids(segment, info)
        bits = view.space.from_ids(ids) if len(ids) >= _OWN_BITSET else 0
        for prefix in wanted:
            small, big = open_.setdefault(prefix, ([], [0]))
            if bits:
                big[0] |= bits
            else:
                small += ids
    for prefix, (small, big) in open_.items():
        found[prefix] = _closed(view, small, big)
    return found


def _closed(view: IndexView, small: list[int], big: list[int]) -> int:
    return big[0] | (view.space.from_ids(small) if small else 0)


def _union(view: IndexView, field: str, words: list[str]) -> int:
    bits = 0
    for word in words:
        postings = view.term(field, word)
        if postings is not None:
            bits |= view.space.from_ids(postings.ids)
    return bits


def _costly_prefixes(lexicon: SortedWords, documents: int) -> list[str]:
    """The prefixes (of KEPT_LENGTHS letters) whose words are slow to read: many postings, or many words."""
    postings: dict[str, int] = {}
    words: dict[str, int] = {}
    for word, count in zip(lexicon.words, lexicon.frequencies):
        for length in KEPT_LENGTHS:
            if len(word) >= length:
                prefix = word[:length]
                postings[prefix] = postings.get(prefix, 0) + count
                words[prefix] = words.get(prefix, 0) + 1
    return sorted(prefix for prefix, count in postings.items() if _worth_keeping(count, words[prefix], documents))


def _worth_keeping(postings: int, words: int, documents: int) -> bool:
    # Reading a prefix's postings costs about 60 ns a posting, and 0.1-0.3 ms a word for the
    # lookups in each segment. A kept prefix costs at most documents/8 bytes of file. Kept
    # from a quarter as many postings as documents (1.5 ms at 100,000) or from 16 words (5 ms).
    return postings >= 64 and (postings * 4 >= documents or words >= 16)


class PrefixBits:
    """The kept prefix bitsets and lexicons of one index, read whole on first use.

    Read whole, not by offset when asked: a sync replaces the file (by rename) while
    a searcher on the index it was made for may still be open, and must keep the
    bitsets of its own index.
    """

    def __init__(self, path: Path, generation: int, documents: int) -> None:
        self._path = path
        self._expected = _identity(generation, documents)
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
        if kind == _IDS:
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
    return _holds(kept_file(whoosh_folder), _identity(*_index_state(whoosh_folder)))


def build_if_small(whoosh_folder: Path) -> None:
    """Build the kept file now if it does not hold and the index has at most INLINE_UP_TO papers."""
    generation, documents = _index_state(whoosh_folder)
    if documents <= INLINE_UP_TO and not _holds(kept_file(whoosh_folder), _identity(generation, documents)):
        _build(whoosh_folder)


def _index_state(whoosh_folder: Path) -> tuple[int, int]:
    """The generation and document count of the index as it is now (its table of contents)."""
    from whoosh import index as whoosh_index

    opened = whoosh_index.open_dir(str(whoosh_folder))
    return opened.latest_generation(), opened.doc_count_all()


def _holds(target: Path, expected: dict) -> bool:
    try:
        _parsed(target, expected)
        return True
    except Exception:  # noqa: BLE001 - unreadable, damaged or made for another index: not to be trusted
        return False


def _whole(path: Path, expected: dict) -> tuple[dict, bytes]:
    """The file's header and its bitsets' bytes; ValueError unless it is one of these
    files, whole (its checksum), made for the expected index. Read whole: a sync
    replaces the file by rename while a searcher of the index it was made for is open."""
    data = read_regular(path, _MAX_FILE)
    head, rest = data[: len(_MAGIC) + 8 + _DIGEST], data[len(_MAGIC) + 8 + _DIGEST :]
    if len(head) < len(_MAGIC) + 8 + _DIGEST or not head.startswith(_MAGIC):
        raise ValueError("not a prefix bitset file")
    size_field = head[len(_MAGIC) : len(_MAGIC) + 8]
    size = int.from_bytes(size_field, "little")
    if size > min(_MAX_HEADER, len(rest)) or hashlib.sha256(size_field + rest).digest() != head[-_DIGEST:]:
        raise ValueError("damaged")
    meta = json.loads(rest[:size])
    if {key: meta.get(key) for key in expected} != expected:
        raise ValueError("made from another index")
    return meta, rest[size:]


def _identity(generation: int, documents: int) -> dict:
    """What a kept file must have been made from to hold for an open index."""
    return {"generation": generation, "documents": documents, "lengths": list(KEPT_LENGTHS), "byteorder": sys.byteorder}


def _parsed(path: Path, expected: dict) -> tuple[bytes, dict[str, tuple[int, int, str]], dict]:
    """The body's bytes, each prefix's (start, length, kind) in it and each lexicon's places;
    ValueError unless whole and made for the expected index."""
    meta, body = _whole(path, expected)
    places = {}
    for key, (offset, length, kind) in meta["prefixes"].items():
        offset, length = _inside(body, offset, length)
        if kind not in (_IDS, _BITS) or (kind == _IDS and length % 4):
            raise ValueError("an entry of an unknown kind")
        places[str(key)] = (offset, length, kind)
    lexicons = {}
    for field, numbers in meta["lexicons"].items():
        # (offset, length) of its words, of their frequencies, and of the whole words' stems.
        if field not in LEXICON_FIELDS or len(numbers) not in (4, 6) or numbers[3] % 4:
            raise ValueError("a lexicon of an unknown field")
        lexicons[field] = tuple(value for pair in zip(numbers[::2], numbers[1::2]) for value in _inside(body, *pair))
    return body, places, lexicons


def _inside(body: bytes, offset, length) -> tuple[int, int]:
    offset, length = int(offset), int(length)
    if not (0 <= offset and 0 <= length and offset + length <= len(body)):
        raise ValueError("an entry outside the file")
    return offset, length


def start_building(whoosh_folder: Path) -> subprocess.Popen | None:
    """Build the kept file for the index in `whoosh_folder` in a process of its own, at low
    priority, unless it already holds or a build is under way; the process, or None.

    For a big index (past INLINE_UP_TO papers) a sync does not build it: that costs
    about 10 s at 100,000 papers, and a sync that adds a day's listing takes a fraction
    of a second. The reader starts this instead; it uses the other core, so typing in the
    reader meanwhile is not slowed, and the reader's searcher takes the file when it appears.
    The process's errors go to `prefix-bits.log` beside the file.
    """
    if holds_for(whoosh_folder) or _builder_lock(whoosh_folder) is None:
        return None  # (the lock taken to test is let go with its file object)
    log_file = kept_file(whoosh_folder).with_name(_LOG)
    with open(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600), "wb") as log:
        process = subprocess.Popen(
            # -P: the user's working folder is not put on the path (an `index.py` there would be imported).
            [sys.executable, "-P", "-m", "index.engine.prefix_bits", str(whoosh_folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        )
    threading.Thread(target=process.wait, daemon=True).start()  # reaped when it ends
    return process


def _builder_lock(whoosh_folder: Path):
    """The builders' lock beside the kept file, held (the open file), or None when another builder holds it."""
    lock = open(os.open(kept_file(whoosh_folder).with_name(_LOCK), os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600), "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        return None
    return lock


def _build(whoosh_folder: Path) -> None:
    from index.engine.searcher import EngineSearcher  # it imports this module

    searcher = EngineSearcher(whoosh_folder, keep_prefixes=False)  # not from the file it replaces
    try:
        searcher.write_prefix_bits(kept_file(whoosh_folder))
    finally:
        searcher.close()


def _build_in_background(whoosh_folder: Path) -> None:
    os.nice(10)  # typing in the reader comes first
    lock = _builder_lock(whoosh_folder)
    if lock is None:
        return  # another builder is at it
    with lock:
        # Again if a sync committed a new generation of the index meanwhile.
        for _attempt in range(3):
            if holds_for(whoosh_folder):
                return
            _build(whoosh_folder)


if __name__ == "__main__":  # start_building's process
    _build_in_background(Path(sys.argv[1]))
