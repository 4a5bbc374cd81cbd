"""Building the kept prefix file (prefix_bits.py): which prefixes are costly to read, the
documents each matches, and every field's lexicon, computed from an open index."""

from __future__ import annotations

import heapq
from array import array
from pathlib import Path

from index.engine.fields import STEMMED_FIELDS, WHOLE_WORDS
from index.engine.lexicon import Lexicon, SortedWords, joined, stems_of
from index.engine.postings import IndexView
from index.engine.prefix_bits import BITS, IDS, KEPT_LENGTHS, LEXICON_FIELDS, identity, write_file
from index.engine.query import expansion

_OWN_BITSET = 1024  # postings from which a word's bitset is made on its own in a build


def write_prefix_bits(target: Path, view: IndexView, generation: int) -> int:
    """Compute the bitsets of the costly prefixes and the lexicons of the index `view` reads,
    and write them to `target` (see prefix_bits.write_file); how many prefixes were kept."""
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
            bits, ids = unions.get(prefix, (0, []))
            more = _union(view, field, extra)
            if more & ~bits:
                bits, ids = bits | more, None
            kind, data = _encoded(bits, ids, view)
            header[f"{field}:{prefix}"] = [*add(data), kind]
    lexicon_places = {}
    for field, words in lexicons.items():
        stems = add(joined(words.stems)) if words.stems is not None else []
        lexicon_places[field] = [*add(joined(words.words)), *add(words.frequencies.tobytes()), *stems]
    return write_file(target, identity(generation, view.size), header, lexicon_places, chunks)


def _encoded(bits: int, ids: list[int] | None, view: IndexView) -> tuple[str, bytes]:
    """A prefix's matches as the smaller of its document numbers (4 bytes each) and its bitset;
    `ids`: those document numbers ascending, when known (else found from the bitset)."""
    if bits.bit_count() * 32 < bits.bit_length():
        return IDS, array("I", view.space.ids(bits) if ids is None else ids).tobytes()
    return BITS, bits.to_bytes((bits.bit_length() + 7) // 8, "little")


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


def _prefix_unions(
    view: IndexView, terms: list[list[tuple[str, object]]], prefixes: set[str],
) -> dict[str, tuple[int, list[int] | None]]:
    """The documents of every word starting with each of `prefixes`, in one pass over the
    field's words in lexicon order (`terms`, the segments' walks, merged): each word is read
    once, and only the prefixes of the word at hand are open. Big words are OR-ed as bitsets;
    the document numbers of small ones are gathered and turned into one bitset per prefix.
    Each prefix's bitset comes with its document numbers ascending when it has no big word
    (most kept prefixes: many rare words), which the file stores; else None."""
    found: dict[str, tuple[int, list[int] | None]] = {}
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


def _closed(view: IndexView, small: list[int], big: list[int]) -> tuple[int, list[int] | None]:
    bits = big[0] | (view.space.from_ids(small) if small else 0)
    # Converting a sparse bitset back to numbers walks every document: 1.5 ms a prefix at
    # 100,000 papers, most of the file's build at a million.
    return bits, sorted(set(small)) if not big[0] else None


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
