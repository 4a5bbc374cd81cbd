"""Bitsets of document numbers: conversions to and from lists agree with plain sets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from index.engine.bitsets import BitSpace


@st.composite
def spaces_and_ids(draw):
    size = draw(st.integers(1, 5000))
    ids = draw(st.sets(st.integers(0, size - 1), max_size=size) | st.just(set(range(size))))
    return BitSpace(size), sorted(ids)


@settings(max_examples=300, deadline=None)
@given(spaces_and_ids(), st.integers(0, 6000))
def test_the_first_ids_are_the_lowest_documents(space_and_ids, count):
    space, ids = space_and_ids
    bits = space.from_ids(ids)
    assert space.ids(bits) == ids
    assert space.first_ids(bits, count) == ids[:count]


def test_the_first_ids_of_documents_at_the_top_end_of_a_big_space():
    space = BitSpace(100_000)
    ids = [99_990, 99_995, 99_999]
    assert space.first_ids(space.from_ids(ids), 2) == ids[:2]
    assert space.first_ids(space.from_ids([0, *ids]), 2) == [0, 99_990]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([200_000, 1_000_000]), st.integers(0, 3))
def test_a_bitset_of_a_big_space_is_the_same_on_either_side_of_the_bit_by_bit_limit(seed, size, side):
    # from_ids sets bits one by one below size / 64 documents and through a flag buffer
    # above: both must give the set's own bitset, duplicates and any order included.
    import random

    space = BitSpace(size)
    count = size // 64 + (-5, -4, 0, 5)[side]  # with the three below: 2 under the limit to 8 over
    rng = random.Random(seed)
    ids = [rng.randrange(size) for _ in range(count)] + [size - 1, 0, 0]
    assert space.from_ids(ids) == sum(1 << d for d in set(ids))
    assert space.ids(space.from_ids(ids)) == sorted(set(ids))
