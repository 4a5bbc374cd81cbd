"""Sets of document numbers as Python integers: bit d is set when document d is in.

Union, intersection, difference and counting are single C-level operations
on the integer (a few microseconds for 100,000 documents), which is what
makes boolean query evaluation cheap in pure Python. Converting between
bitsets and lists of document numbers goes through a byte-per-document
"flags" buffer, built and read with C-level slicing and `bytes.translate`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from itertools import compress, repeat

# TO_BIT[k] maps a flag byte (0 or 1) to that flag at bit k; FROM_BIT[k] maps
# a byte to its bit k as a flag byte.
_TO_BIT = [bytes.maketrans(b"\x00\x01", bytes([0, 1 << k])) for k in range(8)]
_FROM_BIT = [bytes((value >> k) & 1 for value in range(256)) for k in range(8)]
# Below max(_SMALL, size / _FLAGS_FROM) documents, setting bits one by one is cheaper than
# the flag buffer, whose cost is its size (measured: the two cross near size / 40).
_SMALL = 256
_FLAGS_FROM = 64


class BitSpace:
    """Bitsets over the document numbers 0 .. size-1."""

    __slots__ = ("size", "nbytes", "all", "_few")

    def __init__(self, size: int) -> None:
        self.size = size
        self.nbytes = (size + 7) // 8
        self.all = (1 << size) - 1
        self._few = max(_SMALL, size // _FLAGS_FROM)

    def from_ids(self, ids: Sequence[int]) -> int:
        """The bitset of `ids` (any order, each below size)."""
        if len(ids) < self._few:
            buffer = bytearray(self.nbytes)
            for docnum in ids:
                buffer[docnum >> 3] |= 1 << (docnum & 7)
            return int.from_bytes(buffer, "little")
        flags = bytearray(self.nbytes * 8)
        deque(map(flags.__setitem__, ids, repeat(1)), maxlen=0)
        return self.from_flags(flags)

    def from_flags(self, flags: bytes | bytearray) -> int:
        """The bitset of a flag buffer (one byte per document, 0 or 1, nbytes * 8 long)."""
        bits = 0
        for k in range(8):
            bits |= int.from_bytes(flags[k::8].translate(_TO_BIT[k]), "little")
        return bits

    def flags(self, bits: int) -> bytearray:
        """One byte per document (nbytes * 8 of them): 1 where the bit is set."""
        data = bits.to_bytes(self.nbytes, "little")
        flags = bytearray(self.nbytes * 8)
        for k in range(8):
            flags[k::8] = data.translate(_FROM_BIT[k])
        return flags

    def ids(self, bits: int) -> list[int]:
        """The document numbers in `bits`, ascending."""
        if not bits:
            return []
        if bits.bit_count() < 64:
            found = []
            while bits:
                low = bits & -bits
                found.append(low.bit_length() - 1)
                bits ^= low
            return found
        return list(compress(range(self.size), self.flags(bits)))

    def first_ids(self, bits: int, count: int) -> list[int]:
        """The `count` lowest document numbers in `bits` (all of them if fewer), ascending,
        without converting the whole set: only a low slice of it, widened until it holds enough."""
        total = bits.bit_count()
        if count >= total:
            return self.ids(bits)
        width = max(64, 2 * count * self.size // total)  # twice the span that count matches spread over
        while True:
            low = bits & ((1 << width) - 1)
            if low.bit_count() >= count or width >= self.size:
                return BitSpace(min(width, self.size)).ids(low)[:count]
            width *= 2
