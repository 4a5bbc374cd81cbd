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
