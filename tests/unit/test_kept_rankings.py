"""The "for you" ranking kept beside the index for the next process, and what a page's
explanations are made of: real index folders of the sample, files damaged or replaced."""

from __future__ import annotations

import hashlib
import json
from array import array

import pytest

from index.engine.kept_files import DIGEST
from index.engine.kept_rankings import _MAGIC, RANKINGS_KEPT
from index.search.for_you import Taste
from tests.listing_text import entry, listing

THEOREMS = "theorem OR prover"


def taste_of(searcher, query: str = THEOREMS, count: int = 5) -> Taste:
    return Taste("thesis", frozenset(sorted(searcher.paper_ids(query))[:count]), frozenset())


def ranked(searcher, taste: Taste, limit: int = 300) -> list[str]:
    return [hit.paper.id for hit in searcher.search("", "for:thesis", False, 0, limit, taste=taste).hits]


def kept_files(library) -> list:
    return sorted(library.home.current().glob("taste-*.bin"))


def rewrite(path, change, change_header=lambda meta: meta) -> None:
    """Write a kept file again, whole (the digest of what it now holds), changed by `change`
    (its order and scores) and `change_header`."""
    data = path.read_bytes()
    start = len(_MAGIC) + 8 + DIGEST
    size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little")
    meta = json.loads(data[start : start + size])
    order, totals = array("I"), array("d")
    order.frombytes(data[start + size : start + size + meta["order"]])
    totals.frombytes(data[start + size + meta["order"] :])
    order, totals = change(order, totals)
    body = order.tobytes() + totals.tobytes()
    meta = change_header({**meta, "order": len(order.tobytes())})
    encoded = json.dumps(meta).encode()
    size_field = len(encoded).to_bytes(8, "little")
    path.write_bytes(_MAGIC + size_field + hashlib.sha256(size_field + encoded + body).digest() + encoded + body)


@pytest.fixture
def synced(library):
    library.sync()
    return library


def test_a_new_process_reads_the_ranking_kept_by_the_last_one(synced):
    with synced.open_searcher() as first:
        taste = taste_of(first)
        computed = ranked(first, taste)
    [path] = kept_files(synced)
    # The kept order, reversed: a searcher that reads the file gives it back reversed.
    rewrite(path, lambda order, totals: (array("I", reversed(order)), totals))
    with synced.open_searcher() as second:
        assert ranked(second, taste) == [paper for paper in reversed(computed)]


@pytest.mark.parametrize("damage", [
    "flipped byte", "truncated", "duplicate document", "document past the end", "infinite score", "empty",
])
def test_a_damaged_or_unsound_kept_ranking_is_computed_again(synced, damage):
    with synced.open_searcher() as first:
        taste = taste_of(first)
        computed = ranked(first, taste)
    [path] = kept_files(synced)
    if damage == "flipped byte":
        data = bytearray(path.read_bytes())
        data[-3] ^= 0xFF
        path.write_bytes(bytes(data))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:-9])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        def change(order, totals):
            if damage == "duplicate document":
                order[0] = order[1]
            elif damage == "document past the end":
                order[0] = len(order) + 7
            else:
                totals[order[0]] = float("inf")
            return order, totals
        rewrite(path, change)
    with synced.open_searcher() as second:
        assert ranked(second, taste) == computed


@pytest.mark.parametrize("profile", [
    [], "words", {"positive": 3, "negative": [], "surface": {}}, {"positive": [["theorem", "x"]], "negative": [], "surface": {}},
    {"positive": [["theorem", 1.0]], "negative": [], "surface": ["theorem"]}, {"positive": [[1, 1.0]], "negative": [], "surface": {}},
    {"positive": [["theorem", float("nan")]], "negative": [], "surface": {}}, {"positive": [], "negative": []},
], ids=["list", "text", "number", "weight not a number", "surface a list", "term not text", "nan", "no surface"])
def test_a_kept_ranking_whose_profile_is_not_one_is_computed_again(synced, profile):
    with synced.open_searcher() as first:
        taste = taste_of(first)
        computed = ranked(first, taste)
        explained = [hit.because for hit in first.search("", "for:thesis", False, 0, 20, taste=taste).hits]
    [path] = kept_files(synced)
    rewrite(path, lambda order, totals: (order, totals), lambda meta: {**meta, "profile": profile})
    with synced.open_searcher() as second:
        assert ranked(second, taste) == computed
        assert [hit.because for hit in second.search("", "for:thesis", False, 0, 20, taste=taste).hits] == explained


def test_a_ranking_kept_for_an_index_before_its_update_is_not_read(synced, sample_dir):
    with synced.open_searcher() as first:
        taste = taste_of(first)
        ranked(first, taste)
    for path in kept_files(synced):
        rewrite(path, lambda order, totals: (array("I", reversed(order)), totals))
    # An update of the listings makes a new Whoosh generation in the same folder.
    (sample_dir / "005_new.txt").write_text(listing("Dec 30", entry("Mathematical Theorems Proved Anew")), encoding="utf-8")
    synced.sync()
    with synced.open_searcher() as fresh:
        after_the_update = ranked(fresh, taste)
    for path in kept_files(synced):
        path.unlink()
    with synced.open_searcher() as fresh:
        assert ranked(fresh, taste) == after_the_update


def test_only_the_last_few_rankings_are_kept(synced):
    with synced.open_searcher() as searcher:
        ids = sorted(searcher.paper_ids("model"))
        for start in range(RANKINGS_KEPT + 3):
            ranked(searcher, Taste("thesis", frozenset(ids[start : start + 4]), frozenset()), 10)
    assert len(kept_files(synced)) == RANKINGS_KEPT


def test_each_hit_s_explanations_are_the_parts_of_its_score(searcher):
    """The parts come from the paper's text, the score from the postings: they must agree."""
    taste = taste_of(searcher)
    engine = searcher._engine
    engine_taste = searcher._engine_taste("for:thesis", taste)
    profile = engine.taste_profile(engine_taste)
    page = searcher.search("", "for:thesis", False, 0, 60, taste=taste)
    checked = 0
    for hit in page.hits:
        docnum = engine.docnum(hit.paper.id)
        parts = engine._taste.contributions(profile, docnum, hit.paper.abstract)
        assert sum(part for _stem, part in parts) == pytest.approx(hit.score, rel=1e-9, abs=1e-12)
        checked += bool(parts)
    assert checked > 10
