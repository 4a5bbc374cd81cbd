"""The prefix bitsets kept beside the index for typing: written by sync, equal to the postings
they stand for, used only for the index they were computed on; and how a typed prefix ranks."""

from __future__ import annotations

import fcntl
import hashlib
import json
import shutil

import pytest

from index.engine.fields import WHOLE_WORDS
from index.engine.lexicon import field_frequencies, stems_of
from index.engine.kept_files import DIGEST
from index.engine.prefix_bits import _MAGIC, LEXICON_FIELDS, PREFIX_BITS_FILE, PrefixBits, holds_for
from index.search.paper_searcher import PaperSearcher
from index.sync.report import WHOOSH_FOLDER
from tests.listing_text import entry, listing


def ids(page) -> list[str]:
    return [hit.paper.id for hit in page.hits]


def typed(searcher: PaperSearcher, text: str) -> list[str]:
    return ids(searcher.search(text, None, False, 0, 300, typing=True))


def kept_prefixes(generation) -> list[tuple[str, str]]:
    return kept_file(generation).kept()


def kept_file(generation) -> PrefixBits:
    with PaperSearcher(generation / WHOOSH_FOLDER) as searcher:
        reader = searcher._engine._searcher.reader()
        return PrefixBits(generation / PREFIX_BITS_FILE, reader.generation(), reader.doc_count_all())


def without_the_file(generation, texts: list[str]) -> dict[str, list[str]]:
    """What each typed text finds when its prefixes are read from the postings."""
    kept = generation / PREFIX_BITS_FILE
    aside = kept.with_name("aside")
    shutil.move(kept, aside)
    try:
        with PaperSearcher(generation / WHOOSH_FOLDER) as searcher:
            return {text: typed(searcher, text) for text in texts}
    finally:
        shutil.move(aside, kept)


def rewrite_header(path, change) -> None:
    """Write the file again, whole (with the checksum of what it now holds), changed by `change`."""
    data = path.read_bytes()
    start = len(_MAGIC) + 8 + DIGEST
    size = int.from_bytes(data[len(_MAGIC) : len(_MAGIC) + 8], "little")
    meta = json.loads(data[start : start + size])
    meta, body = change(meta, data[start + size :])
    encoded = json.dumps(meta).encode()
    size_field = len(encoded).to_bytes(8, "little")
    digest = hashlib.sha256(size_field + encoded + body).digest()
    path.write_bytes(_MAGIC + size_field + digest + encoded + body)


@pytest.mark.parametrize("updated", [False, True], ids=["built", "updated"])
def test_every_kept_prefix_finds_what_its_postings_find(library, sample_dir, updated):
    library.sync()
    if updated:
        (sample_dir / "005_new.txt").write_text(
            listing("Dec 30", entry("Mathematical Theorems Proved Anew")), encoding="utf-8"
        )
        library.sync()
    generation = library.home.current()
    kept = kept_prefixes(generation)
    assert ("abstract", "mat") in kept and ("title", "math") in kept and len(kept) > 100
    with PaperSearcher(generation / WHOOSH_FOLDER) as searcher:
        segments = searcher._engine._view.segments
        for field in LEXICON_FIELDS:
            lexicon = kept_file(generation).lexicon(field)
            walked = field_frequencies(segments, field)
            assert dict(zip(lexicon.words, lexicon.frequencies)) == walked and lexicon.words == sorted(walked)
        # The whole title words come with their stems, which prefixes of the stemmed fields take.
        whole = kept_file(generation).lexicon(WHOLE_WORDS)
        assert whole.stems == stems_of(searcher._engine._view.schema["abstract"].analyzer, whole.words)
        assert "reinforc" in whole.stems
    texts = sorted({f"{prefix}" for _field, prefix in kept} | {f"model {prefix}" for _field, prefix in kept})
    with library.open_searcher() as searcher:
        found = {text: typed(searcher, text) for text in texts}
    assert found == without_the_file(generation, texts)
    if updated:
        with library.open_searcher() as searcher:
            newest = ids(searcher.search("Mathematical Theorems Proved Anew"))[0]
        assert newest in found["mat"] and newest in found["math"]


def test_the_file_is_used_for_its_own_index_only(library):
    library.sync()
    generation = library.home.current()
    path = generation / PREFIX_BITS_FILE
    with library.open_searcher() as searcher:
        expected = typed(searcher, "mat")
    assert expected

    # Bits of nothing under a valid header: the typed prefix finds nothing, so the file is read.
    rewrite_header(path, lambda meta, body: (meta, bytes(len(body))))
    with library.open_searcher() as searcher:
        assert typed(searcher, "mat") == []

    # The same file said to come from another generation of the index: not used.
    rewrite_header(path, lambda meta, body: ({**meta, "generation": meta["generation"] + 1}, body))
    with library.open_searcher() as searcher:
        assert typed(searcher, "mat") == expected

    # An entry pointing outside the file: the whole file is not used.
    rewrite_header(path, lambda meta, body: (
        {**meta, "prefixes": {**meta["prefixes"], "abstract:mat": [len(body), 10]}}, body))
    with library.open_searcher() as searcher:
        assert typed(searcher, "mat") == expected

    for damage in (b"", b"not a prefix file", _MAGIC + b"\xff" * 8, _MAGIC + (10).to_bytes(8, "little") + b"{"):
        path.write_bytes(damage)
        with library.open_searcher() as searcher:
            assert typed(searcher, "mat") == expected


def test_an_open_searcher_keeps_the_bits_of_its_own_index(library):
    # A sync replaces the file while a reader's searcher is open on the index it was made for.
    library.sync()
    path = library.home.current() / PREFIX_BITS_FILE
    with library.open_searcher() as searcher:
        expected = typed(searcher, "mat")
        rewrite_header(path, lambda meta, body: (meta, bytes(len(body))))
        assert typed(searcher, "model mat") and typed(searcher, "mat") == expected


def test_files_only_touched_keep_the_index_and_its_bits(library, sample_dir):
    library.sync()
    generation = library.home.current()
    before = kept_prefixes(generation)
    listing_file = next(sample_dir.glob("*.txt"))
    listing_file.write_bytes(listing_file.read_bytes())  # a new mtime, the same papers
    library.sync()
    assert library.home.current() == generation and kept_prefixes(generation) == before


def test_a_sync_that_finds_the_file_missing_or_made_for_another_index_writes_it_again(library):
    library.sync()
    path = library.home.current() / PREFIX_BITS_FILE
    expected = kept_prefixes(library.home.current())
    path.unlink()
    library.sync()
    assert kept_prefixes(library.home.current()) == expected
    # From an older papershelf, or an index changed without it: its header names another.
    rewrite_header(path, lambda meta, body: ({**meta, "lengths": [3]}, body))
    assert kept_prefixes(library.home.current()) == []
    library.sync()
    assert kept_prefixes(library.home.current()) == expected


def test_a_half_typed_word_narrows_the_ranking_of_the_whole_words(searcher):
    # While typing, `lea` matches without a score of its own: each field it is found in adds
    # the same to every paper. Among papers that have it in the same fields, the order is
    # that of `theorem` alone.
    ranked_by_theorem = ids(searcher.search("theorem", limit=300))
    with_lea = set(ids(searcher.search("theorem lea*", limit=300)))
    in_titles = set(ids(searcher.search("theorem title:lea*", limit=300)))
    typed_order = typed(searcher, "theorem lea")
    assert set(typed_order) == with_lea and len(with_lea) < len(ranked_by_theorem)
    for group in (with_lea & in_titles, with_lea - in_titles):
        assert len(group) > 1
        assert [i for i in typed_order if i in group] == [i for i in ranked_by_theorem if i in group]
    # A finished query ranks by every word it matches, so its order is another.
    assert ids(searcher.search("theorem lea*", limit=300)) != typed_order


def test_a_big_index_has_its_bits_built_in_a_process_of_its_own_and_an_open_searcher_takes_them(library):
    library.sync()
    generation = library.home.current()
    path = generation / PREFIX_BITS_FILE
    path.unlink()
    with library.open_searcher() as searcher:
        expected = typed(searcher, "mat")  # read from the postings: no file yet
        library.build_prefix_bits_in_background().wait(timeout=120)
        assert holds_for(generation / WHOOSH_FOLDER)
        assert library.build_prefix_bits_in_background() is None  # nothing left to do
        # The file that appeared is taken up: bits of nothing in it now show
        # (in a query not run before: results are cached by query).
        rewrite_header(path, lambda meta, body: (meta, bytes(len(body))))
        assert typed(searcher, "model mat") == []
    with library.open_searcher() as searcher:
        path.unlink()
        library.build_prefix_bits_in_background().wait(timeout=120)
        assert typed(searcher, "mat") == expected



def test_one_background_builder_at_a_time(library):
    library.sync()
    generation = library.home.current()
    (generation / PREFIX_BITS_FILE).unlink()
    with open(generation / ".prefix-bits.lock", "a") as held:  # as a builder under way holds it
        fcntl.flock(held, fcntl.LOCK_EX)
        assert library.build_prefix_bits_in_background() is None
    building = library.build_prefix_bits_in_background()
    assert building.wait(timeout=120) == 0 and holds_for(generation / WHOOSH_FOLDER)
    assert (generation / "prefix-bits.log").read_text() == ""  # it said nothing: no error
