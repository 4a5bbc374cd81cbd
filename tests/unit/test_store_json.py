"""The whole store exported and imported: lists, read state, notes, first seen, visits, seen,
dismissed and views, on real store files; a merge that loses nothing; hostile files refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import PapershelfError
from index.export.reading_list import export_store, import_store_file
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.shelf.store_json import FORMAT_NAME, from_store_json
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import HOSTILE
from tests.reading_papers import make_paper

FLAMES, OTHER = make_paper("FLAMES and more"), make_paper("Another paper")


def filled(path) -> ReadingStore:
    store = ReadingStore.open(path)
    store.add(DEFAULT_LIST, FLAMES)
    store.create_list("thesis \u00e9\u0301")
    store.add("thesis \u00e9\u0301", OTHER)
    store.mark_read([FLAMES.id, "unlisted00"])
    store.set_note("unlisted00", f"a note {HOSTILE['csi_colour']}")
    store.record_first_seen([FLAMES.id, OTHER.id, "unlisted00"])
    store.begin_visit()
    store.end_visit()
    store.mark_seen(OTHER.id)
    store.dismiss(["unlisted00"])
    store.save_view("morning", "is:new listed:latest", "upvotes", True)
    return store


def test_export_import_into_an_empty_store_and_export_again_gives_the_same_file(tmp_path):
    with filled(tmp_path / "a.sqlite") as store:
        text = export_store(store)
    assert "\x1b" not in text  # escaped: safe to print
    (tmp_path / "all.json").write_text(text, encoding="utf-8")
    with ReadingStore.open(tmp_path / "b.sqlite") as fresh:
        added = import_store_file(fresh, tmp_path / "all.json")
        assert added == {"papers in lists": 2, "read": 1, "first seen": 3, "seen": 1, "dismissed": 1, "visits": 1, "views": 1}
        assert export_store(fresh) == text
        assert fresh.dismissed_ids() == {"unlisted00"} and fresh.seen_ids() == {OTHER.id}
        assert fresh.view("morning").reverse is True and fresh.note("unlisted00").startswith("a note")
        assert fresh.new_since() is not None  # the visit came along: nothing is new in it
        assert fresh.new_ids() == frozenset()


def test_importing_merges_and_loses_nothing_from_either_side(tmp_path):
    with filled(tmp_path / "a.sqlite") as store:
        (tmp_path / "all.json").write_text(export_store(store), encoding="utf-8")
        first_seen = store.first_seen(FLAMES.id)
    with ReadingStore.open(tmp_path / "b.sqlite") as other:
        other.record_first_seen([FLAMES.id, "later00000"])  # later than the file's
        other.dismiss(["mine000000"])
        other.save_view("Morning", "diffusion")  # the store's view of that name wins
        other.set_note("unlisted00", "my own note")
        import_store_file(other, tmp_path / "all.json")
        assert other.first_seen(FLAMES.id) == first_seen  # the earliest
        assert other.dismissed_ids() == {"mine000000", "unlisted00"}
        assert [(v.name, v.query) for v in other.views()] == [("Morning", "diffusion")]
        assert "my own note" in other.note("unlisted00") and "a note" in other.note("unlisted00")
        before = export_store(other)
        import_store_file(other, tmp_path / "all.json")  # a second import adds nothing
        assert export_store(other) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="papershelf reading list"), "not a papershelf store export"),
        (lambda d: d.update(version=2), "version 2 is not one this papershelf reads"),
        (lambda d: d.update(dismissed={"BAD ID": "2025-11-04T09:00:00Z"}), "\"dismissed\": 'BAD ID' is not a paper id"),
        (lambda d: d.update(seen={"abc": "yesterday"}), "\"seen\" of abc: must be a time"),
        (lambda d: d.update(first_seen={"abc": "2025-13-45T09:00:00Z"}), "\"first_seen\" of abc: must be a time"),
        (lambda d: d.update(visits=[["2025-11-04T09:00:00Z"]]), "visit 1 must be [started, last]"),
        (lambda d: d["views"][0].update(name="a\x1bb"), "view 1: a view name cannot contain the character U+001B"),
        (lambda d: d["views"][0].update(sort="newest"), "view 1: unknown sort 'newest'"),
        (lambda d: d["views"][0].update(reverse=1), "view 1: \"reverse\" must be true or false"),
        (lambda d: d["lists"][0]["entries"][0].update(id="../x"), "list 1: entry 1: \"id\" must be a paper id"),
        (lambda d: d.update(lists={}), "\"lists\" must be a list, not an object"),
        (lambda d: d.update(notes={"abc": "\ud800"}), "lone surrogate"),
    ],
)
def test_a_bad_file_changes_nothing_and_says_what_and_where(tmp_path, change, message):
    with filled(tmp_path / "a.sqlite") as store:
        document = json.loads(export_store(store))
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with ReadingStore.open(tmp_path / "b.sqlite") as fresh:
        before = export_store(fresh)
        with pytest.raises(PapershelfError) as error:
            import_store_file(fresh, path)
        assert message in str(error.value) and "\n" not in str(error.value)
        assert export_store(fresh) == before


_HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.sampled_from(list(HOSTILE.values())), st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)


@fuzz
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(["reads", "notes", "first_seen", "seen", "dismissed", "visits", "views", "lists"]),
       value=_HOSTILE, inside=st.booleans())
def test_any_value_anywhere_is_imported_or_refused_in_one_line(tmp_path_factory, part, value, inside):
    folder = tmp_path_factory.mktemp("store-json")
    with filled(folder / "a.sqlite") as store:
        document = json.loads(export_store(store))
    if inside and isinstance(document[part], dict) and document[part]:
        document[part][next(iter(document[part]))] = value
    elif inside and isinstance(document[part], list) and document[part]:
        document[part][0] = value
    else:
        document[part] = value
    try:
        data = from_store_json(json.dumps(document))
    except PapershelfError as error:
        assert str(error).strip() and "\n" not in str(error)
        return
    with ReadingStore.open(folder / "b.sqlite") as fresh:
        fresh.import_whole(data)
        assert json.loads(export_store(fresh))["format"] == FORMAT_NAME
