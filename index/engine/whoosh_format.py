"""Every use of Whoosh's private names and of its W3 file layout, in one module.

The engine reads postings, columns and field lengths below Whoosh's public API
(its matchers cost several times more per posting) and writes whole posting
lists and columns at once. Both rest on names and byte layouts Whoosh does not
promise to keep. They live here and nowhere else, and `_PRIVATE_NAMES` lists
every private name used; each is checked when this module is imported, so a
Whoosh that lacks one fails at once, naming its version and the name, instead
of deep inside a search. The rest of the engine speaks only the functions below
and its own types.

Posting blocks are written with pickle protocol 4: Whoosh 2.7 pickles each block
with protocol 2, which in Python 3 encodes every position value (a bytes object)
as a call to `_codecs.encode`; unpickling then costs ~0.3 µs per posting and the
blocks compress poorly. Protocol 4 stores bytes natively: blocks load ~7x
faster and are ~2.5x smaller. Whoosh's reader unpickles any protocol, so the
files stay plain W3 segments, readable by stock Whoosh (segments record the
stock W3Codec).
"""

from __future__ import annotations

import io
import pickle
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from operator import sub

import whoosh
from whoosh.analysis import StemFilter
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PerDocWriter,
    W3PostingsWriter,
    W3Segment,
    W3TermInfo,
    W3TermsReader,
)
from whoosh.columns import EmptyColumnReader, NumericColumn, VarBytesColumn
from whoosh.query import MultiTerm
from whoosh.query.qcore import _NullQuery
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

BLOCK_LIMIT = 512  # postings per block
_PROTOCOL = 4
_COMPRESSION = 1  # zlib level: decompression costs the same, compression is ~2x faster than 3
INLINE_LIMIT = 16  # a list this short is kept in its term's entry: no block of its own to write, seek and unpickle

NullQuery = _NullQuery  # what Whoosh's parser returns for a query with nothing in it


class WhooshMismatch(ImportError):
    """The installed Whoosh lacks a private name the engine reads or writes through."""


# (owner, name, where): "attr" a class attribute or method; any other value names the
# method whose code sets the instance attribute (checked through its code's names).
_PRIVATE_NAMES: tuple[tuple[type, str, str], ...] = (
    (SegmentReader, "_terms", "__init__"),
    (SegmentReader, "_perdoc", "__init__"),
    (W3TermsReader, "_postfile", "__init__"),
    (VarBytesColumn.Reader, "_dbfile", "__init__"),
    (VarBytesColumn.Reader, "_basepos", "__init__"),
    (VarBytesColumn.Reader, "_offsets", "_read_offsets_and_lengths"),
    (VarBytesColumn.Reader, "_lengths", "_read_offsets_and_lengths"),
    (NumericColumn.Reader, "_dbfile", "__init__"),
    (NumericColumn.Reader, "_basepos", "__init__"),
    (NumericColumn.Reader, "_count", "__init__"),
    (NumericColumn.Reader, "_fixedlen", "__init__"),
    (NumericColumn.Reader, "_default", "__init__"),
    (NumericColumn.Reader, "_typecode", "__init__"),
    (EmptyColumnReader, "_default", "__init__"),
    (NumericColumn, "_default", "__init__"),
    (NumericColumn, "_typecode", "__init__"),
    (NumericColumn.Writer, "_dbfile", "__init__"),
    (NumericColumn.Writer, "_count", "__init__"),
    (W3PerDocWriter, "_fieldlengths", "__init__"),
    (W3PerDocWriter, "_create_column", "attr"),
    (W3PerDocWriter, "_get_column", "attr"),
    (W3FieldWriter, "_postwriter", "__init__"),
    (W3FieldWriter, "_tindex", "__init__"),
    (W3FieldWriter, "_fieldid", "start_field"),
    (W3Codec, "_blocklimit", "__init__"),
    (W3Codec, "_compression", "__init__"),
    (W3Codec, "_inlinelimit", "__init__"),
    (W3PostingsWriter, "_postfile", "__init__"),
    (W3PostingsWriter, "_blockcount", "__init__"),
    (W3PostingsWriter, "_byteids", "__init__"),
    (W3PostingsWriter, "_compression", "__init__"),
    (W3PostingsWriter, "_blocklimit", "__init__"),
    (W3PostingsWriter, "_inlinelimit", "__init__"),
    (W3PostingsWriter, "_terminfo", "start_postings"),
    (W3PostingsWriter, "_ids", "_new_block"),
    (W3PostingsWriter, "_weights", "_new_block"),
    (W3PostingsWriter, "_values", "_new_block"),
    (W3PostingsWriter, "_maxweight", "_new_block"),
    (W3PostingsWriter, "_minlength", "_new_block"),
    (W3PostingsWriter, "_maxlength", "_new_block"),
    (W3PostingsWriter, "_mini_values", "attr"),
    (W3PostingsWriter, "_new_block", "attr"),
    (MultiTerm, "_btexts", "attr"),
    (StemFilter, "_stem", "clear"),
)


def missing_private_names(names: Sequence[tuple[type, str, str]] = _PRIVATE_NAMES) -> list[str]:
    """Each private name of `names` that the installed Whoosh does not have, as `module.Class.name`."""
    missing = []
    for owner, name, where in names:
        if where == "attr":
            found = hasattr(owner, name)
        else:
            method = getattr(owner, where, None)
            found = method is not None and name in getattr(method, "__code__", None).co_names
        if not found:
            missing.append(f"{owner.__module__}.{owner.__qualname__}.{name}")
    return missing


def check_private_names(names: Sequence[tuple[type, str, str]] = _PRIVATE_NAMES) -> None:
    """Raise WhooshMismatch naming the Whoosh version and every private name it lacks."""
    missing = missing_private_names(names)
    if missing:
        raise WhooshMismatch(
            f"papershelf's search engine was written for Whoosh 2.7.5, and Whoosh {whoosh.versionstring()} "
            f"lacks {', '.join(missing)}: install the version pyproject.toml names"
        )


check_private_names()


# Reading a segment


def postings_file(leaf):
    """The file holding one segment's posting lists."""
    return leaf._terms._postfile


def term_info(leaf, field: str, tbytes: bytes):
    """One segment's term info of a word, or None when the segment lacks it."""
    try:
        return leaf._terms.term_info(field, tbytes)
    except (TermNotFound, KeyError):
        return None


def field_lengths(leaf, field: str, count: int) -> bytes:
    """The byte-encoded length of `field` in each of the segment's `count` documents (0: none)."""
    perdoc = leaf._perdoc
    name = f"_{field}_len"
    if not perdoc.has_column(name):
        return bytes(count)
    return bytes(numeric_values(perdoc.column_reader(name, LENGTHS_COLUMN), count, LENGTHS_COLUMN))


def numeric_values(reader, count: int, column: NumericColumn) -> array:
    """All `count` values of a segment's numeric column, read in one go (big-endian on disk)."""
    if isinstance(reader, EmptyColumnReader):  # the segment has no value of this column
        return array(column._typecode, [reader._default]) * count
    if not isinstance(reader, NumericColumn.Reader):
        raise WhooshMismatch(f"a numeric column is read by {type(reader).__qualname__}, not Whoosh's NumericColumn.Reader")
    stored = reader._count
    values = array(reader._typecode, reader._dbfile.get(reader._basepos, stored * reader._fixedlen) if stored else b"")
    if sys.byteorder == "little" and values.itemsize > 1:
        values.byteswap()
    if stored < count:
        values.extend([reader._default] * (count - stored))
    return values


def bytes_values(reader, count: int) -> list[bytes]:
    """All `count` values of a segment's variable-length bytes column, read in one go."""
    if isinstance(reader, EmptyColumnReader):
        return [reader._default] * count
    if not isinstance(reader, VarBytesColumn.Reader):
        raise WhooshMismatch(f"a bytes column is read by {type(reader).__qualname__}, not Whoosh's VarBytesColumn.Reader")
    lengths, offsets = reader._lengths, reader._offsets
    size = (offsets[-1] + lengths[-1]) if count else 0
    data = reader._dbfile.get(reader._basepos, size) if size else b""
    return [data[o : o + n] for o, n in zip(offsets, lengths)]


def multiterm_words(node: MultiTerm, leaf) -> Iterator[bytes]:
    """The words of one segment a wildcard, fuzzy term or range covers, found by Whoosh's own matching."""
    return node._btexts(leaf)


def stem_function(stem: StemFilter):
    """The stemmer a StemFilter applies, honouring its language and ignore list, with its cache."""
    return stem._stem


# The W3 posting-list layout: a header magic, then blocks of (signed 4-byte size, pickled
# block info, pickled and maybe compressed (ids as deltas, weights, values)).


def _extent(info) -> tuple[int, int]:
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh 2.7 unpacks it as a 1-tuple
        length = length[0]
    return offset, length


def read_postings(postfile, info, offset: int, ids: list[int], weights: array, docnums, data=None) -> None:
    """Append a term's document numbers (from `docnums`, shifted by `offset`) and weights from one segment.

    `data`: the term's posting list, when read already (see Span)."""
    number = docnums.__getitem__
    if info.is_inlined():
        block_ids, block_weights, _values = info.inlined_postings()
        ids.extend(number(offset + d) for d in block_ids)
        weights.extend(block_weights)
        return
    for count, block in _raw_blocks(postfile, info, data=data):
        block_ids = list(map(number, accumulate(block[0], initial=offset)))
        del block_ids[0]
        ids += block_ids
        block_weights = block[1]
        if block_weights is None:
            weights += _ONE * count
        elif block_weights.__class__ is float:
            weights += array("f", [block_weights]) * count
        else:
            weights.extend(block_weights)


_ONE = array("f", [1.0])


class Span:
    """The posting lists of neighbouring terms of one segment, read with one read: a field's
    terms' lists lie in the postings file in lexicon order, so a prefix's words' lists are one run."""

    __slots__ = ("start", "data")

    def __init__(self, postfile, infos: list) -> None:
        extents = [_extent(info) for info in infos if not info.is_inlined()]
        self.start = min((start for start, _length in extents), default=0)
        end = max((start + length for start, length in extents), default=0)
        self.data = postfile.get(self.start, end - self.start) if extents else b""

    def of(self, info) -> bytes | None:
        if info.is_inlined():
            return None
        start, length = _extent(info)
        return self.data[start - self.start : start - self.start + length]


def blocks_in(postfile, info, offset: int, wanted: bytearray):
    """(document numbers, weights, values) of the posting blocks of a term in one segment
    that may hold a document flagged in `wanted`; the others are not unpickled."""
    if info.is_inlined():
        block_ids, weights, values = info.inlined_postings()
        yield [d + offset for d in block_ids], weights, values
        return
    for _last, block in _raw_blocks(postfile, info, lambda low, high: wanted.find(1, low + offset, high + offset + 1) >= 0):
        if block is not None:
            ids = list(accumulate(block[0], initial=offset))
            del ids[0]
            weights = block[1]
            if weights is None or weights.__class__ is float:  # one weight for the whole block
                weights = [1.0 if weights is None else weights] * len(ids)
            yield ids, weights, block[2]


def _raw_blocks(postfile, info, wanted=None, data=None):
    """Each (last document number or count, unpickled block data) of a W3 posting list.

    Without `wanted`, yields (posting count, data) for every block. With it,
    yields (last document number, data or None): None for a block whose
    document range (low, high) `wanted` says has nothing wanted.
    """
    if data is None:
        data = postfile.get(*_extent(info))
    stream = io.BytesIO(data)
    load, loads, decompress = pickle.load, pickle.loads, zlib.decompress
    position, end = 4, len(data)  # after the header magic
    low = 0
    while position < end:
        block_length = abs(int.from_bytes(data[position : position + 4], "big", signed=True))
        stream.seek(position + 4)
        count, last, _maxweight, compression, _minlength, _maxlength = load(stream)
        if wanted is not None and not wanted(low, last):
            yield last, None
        else:
            block = data[stream.tell() : position + 4 + block_length]
            yield (count if wanted is None else last), loads(decompress(block) if compression else block)
        low = last + 1
        position += 4 + block_length


def decode_positions(value: bytes) -> tuple[int, ...]:
    """A posting value of a positions field: a 4-byte weight, then the pickled position deltas."""
    data = value[4:] if value.endswith(b".") else value[4:] + b"."
    return tuple(accumulate(pickle.loads(data)))


# Writing a segment


class ShelfCodec(W3Codec):
    def __init__(self) -> None:
        super().__init__(blocklimit=BLOCK_LIMIT, compression=_COMPRESSION, inlinelimit=INLINE_LIMIT)

    def postings_writer(self, dbfile, byteids=False):
        return PostingsWriter(dbfile, self._blocklimit, byteids, self._compression, self._inlinelimit)

    def new_segment(self, storage, indexname):
        # The segment (pickled into the index's table of contents) names the
        # stock codec: reading needs nothing of ours.
        return W3Segment(W3Codec(), indexname)


class PostingsWriter(W3PostingsWriter):
    """W3PostingsWriter with protocol-4 blocks, and a whole-list fast path."""

    def add_posting(self, id_, weight, vbytes, length=None):
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def finish_postings(self):
        # Whoosh 2.7's own calls a `set_inline` its term info does not have (it has
        # `set_inlined`), so with any inline limit above 1 it fails.
        terminfo = self._terminfo
        if not self.written() and len(self) < self._inlinelimit:
            terminfo.add_block(self)
            # No values at all when they are all empty, as add_posting leaves them.
            terminfo.set_inlined(self._ids, self._weights, self._values if any(self._values) else ())
            self._terminfo = None
            return terminfo
        return super().finish_postings()

    def add_postings(
        self, ids: Sequence[int], weights: Sequence[float], values: Sequence[bytes], lengths: Sequence[int]
    ) -> None:
        """One term's whole posting list (ids ascending), written a block at a time.

        Equivalent to add_posting for each posting, without the per-posting
        bookkeeping: block statistics come from min/max over slices.
        """
        limit = self._blocklimit
        for start in range(0, len(ids), limit):
            if self._ids:
                self._write_block()
            end = start + limit
            block_ids = ids[start:end]
            block_weights = weights[start:end]
            self._ids.extend(block_ids)
            self._weights.extend(block_weights)
            self._values = list(values[start:end])
            self._maxweight = max(block_weights)
            block_lengths = [n for n in lengths[start:end] if n]
            if block_lengths:
                self._minlength = min(block_lengths)
                self._maxlength = max(block_lengths)

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        weights = self._weights
        if self._byteids:
            mini_ids = tuple(ids)
        else:
            mini_ids = (ids[0], *map(sub, ids[1:], ids))
        first = weights[0]
        if weights.count(first) == len(weights):
            mini_weights = None if first == 1.0 else first
        else:
            mini_weights = tuple(weights)
        data = pickle.dumps((mini_ids, mini_weights, self._mini_values()), _PROTOCOL)
        if self._compression:
            data = zlib.compress(data, self._compression)
        info = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                self._compression,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            _PROTOCOL,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


def add_postings(fieldwriter, ids: Sequence[int], weights: Sequence[float], values: Sequence[bytes], lengths: Sequence[int]) -> None:
    """Write the current term's whole posting list (see PostingsWriter.add_postings)."""
    fieldwriter._postwriter.add_postings(ids, weights, values, lengths)


def add_bare_term(fieldwriter, tbytes: bytes, ids: Sequence[int]) -> bool:
    """Write a whole term of a field whose postings hold no weight, value or length (each
    weight 1: word_pairs.py) when its list is short enough to be kept in its term's entry,
    as most pairs' are: the term info made directly, without the postings writer's block
    bookkeeping, the same bytes (tests/unit/test_writer.py). False, and nothing written,
    for a longer list."""
    if len(ids) >= INLINE_LIMIT:
        return False
    info = W3TermInfo(float(len(ids)), len(ids), None, 0, 1.0, ids[0], ids[-1])
    info.set_inlined(ids, (1.0,) * len(ids), ())
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, info.to_bytes())
    return True


def add_field_length(perdoc, field: str, total: int) -> None:
    """Add to the segment's total length of `field` (the average field length of BM25F)."""
    perdoc._fieldlengths[field] += total


def write_column(perdoc, name: str, column, values: list) -> None:
    """A whole column at once (None: no value). A numeric column is one array
    of big-endian numbers, as its writer would have written them one by one."""
    perdoc._create_column(name, column)
    writer = perdoc._get_column(name)
    if type(column) is NumericColumn:
        default = column._default
        numbers = array(column._typecode, [default if v is None else v for v in values])
        if sys.byteorder == "little" and numbers.itemsize > 1:
            numbers.byteswap()
        writer._dbfile.write(numbers.tobytes())
        writer._count = len(values)
        return
    for docnum, value in enumerate(values):
        if value is not None:
            writer.add(docnum, value)
