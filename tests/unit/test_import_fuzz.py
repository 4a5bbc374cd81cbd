"""A fuzzer over import files: the whole export format, each value hostile or sound.

Whatever the file holds, `import_file` either merges it or raises one PapershelfError
with a one-line message; the store stays usable and exports every format afterwards.
"""

from __future__ import annotations

import itertools
import json

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from index.errors import PapershelfError
from index.export.reading_list import FORMATS, export_list, import_file
from index.export.list_json import FORMAT_NAME
from index.export.list_json_fields import ENTRY_FIELDS, LARGEST
from index.shelf.store import ReadingStore
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import HOSTILE, HOSTILE_URLS

DEEP = "__deep_%d__"  # json.dumps cannot write thousands of levels: spliced in as text afterwards
_serial = itertools.count()

# Text a terminal would act on, but that a store can keep.
sound_texts = st.one_of(st.text(max_size=30), st.sampled_from([*HOSTILE.values(), *HOSTILE_URLS, "", "x" * 5000]))
# Text with everything JSON can carry: lone surrogates, controls, the hostile corpus.
texts = st.one_of(
    st.text(st.characters(codec=None, categories=None), max_size=30),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3),
    st.sampled_from([*HOSTILE.values(), *HOSTILE_URLS, "", " ", "x" * 5000]),
)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, LARGEST, LARGEST + 1, -1, -(2**63), 10**100]),
    st.floats(allow_nan=True, allow_infinity=True),
)
deep = st.integers(min_value=50, max_value=60_000).map(lambda depth: DEEP % depth)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts, deep)
anything = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                        max_leaves=12)
stamps = st.sampled_from(["2024-11-05T09:30:00Z", "2023-01-01T00:00:00Z", "9999-99-99T99:99:99Z"])
ids = st.from_regex(r"[a-z2-7]{10}", fullmatch=True) | st.sampled_from(["a", "x" * 64, "abcdefghij"])
bad_ids = st.sampled_from(["x" * 65, "../x", "", "ID", "a b"]) | anything

SOUND = {  # what each field of a sound export holds
    "id": ids, "title": sound_texts, "abstract": sound_texts, "published": st.sampled_from(["Nov 4, 2024", "Mar 11", ""]),
    "published_iso": st.sampled_from(["2024-11-04", None]), "upvotes": st.none() | st.integers(0, 10**6),
    "organisation": st.none() | sound_texts, "authors": st.none() | st.integers(0, 500),
    "links": st.lists(st.sampled_from(HOSTILE_URLS) | sound_texts, max_size=3), "position": st.integers(0, 10**6),
    "added_at": stamps | st.just(""), "read_at": st.none() | stamps, "note": sound_texts, "read": st.booleans(),
}
assert set(ENTRY_FIELDS) <= set(SOUND)  # a new export field gets a strategy here too
_TEXT_FIELDS = ("title", "abstract", "published", "published_iso", "organisation", "added_at", "read_at", "note")
HOSTILE_VALUES = {  # what is aimed at each field, besides anything at all
    **{name: texts for name in _TEXT_FIELDS},
    **{name: st.sampled_from([LARGEST + 1, 2**64, 10**100, -1, 0.5, True]) for name in ("upvotes", "authors", "position")},
    "id": bad_ids, "links": st.lists(texts | anything, min_size=1, max_size=3), "read": anything,
    "format": texts, "version": st.sampled_from([0, 2, -1, True, "1", 1.0, LARGEST + 1]), "name": texts,
    "created": texts, "entries": anything,
}

entry = st.fixed_dictionaries(
    {"id": SOUND["id"], "title": SOUND["title"]},
    optional={name: sound for name, sound in SOUND.items() if name not in ("id", "title")},
)
sound_exports = st.fixed_dictionaries(
    {
        "format": st.just(FORMAT_NAME), "version": st.just(1),
        "name": st.sampled_from(["Bookmarks", "To read"]) | st.text("abcXYZ é-", min_size=1),
        "entries": st.lists(entry, max_size=6),
    },
    optional={"created": stamps},
)


@st.composite
def exports(draw) -> dict:
    """A sound export, or one with a single value made hostile (or left out): each hostile
    value gets past the checks of every other field and is the one that must be caught."""
    data = draw(sound_exports)
    # The field first, then the entry: each field is aimed at as often, however many entries.
    name = draw(st.sampled_from([None] * 6 + [*HOSTILE_VALUES]))
    if name is None:
        return data
    if name in SOUND:
        if not data["entries"]:
            data["entries"].append({"id": "abcdefghij", "title": "t"})
        record = data["entries"][draw(st.integers(0, len(data["entries"]) - 1))]
    else:
        record = data
    # Chosen here, not by one_of: Hypothesis would mostly draw small plain values.
    kind = draw(st.sampled_from(["aimed", "aimed", "anything", "missing"]))
    if kind == "missing":
        record.pop(name, None)
    else:
        record[name] = draw(HOSTILE_VALUES[name] if kind == "aimed" else anything)
    return data


def file_bytes(data: object, how: str) -> bytes:
    """The export as a file: JSON escapes, or raw UTF-8 (lone surrogates then make bad bytes)."""
    text = json.dumps(data, ensure_ascii=how == "ascii")
    for depth in sorted({int(part.split("__")[0]) for part in text.split('"__deep_')[1:]}):
        text = text.replace(f'"{DEEP % depth}"', "[" * depth + "]" * depth)
    if how == "truncated":
        text = text[: len(text) // 2]
    return text.encode("utf-8", "surrogatepass")


@fuzz
@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=exports(), how=st.sampled_from(["ascii", "ascii", "ascii", "utf-8", "truncated"]))
def test_an_import_file_is_merged_or_refused_in_one_line(tmp_path, data, how):
    path = tmp_path / f"import-{next(_serial)}.json"
    path.write_bytes(file_bytes(data, how))
    with ReadingStore.open(tmp_path / "store.sqlite") as store:
        try:
            name, added, known = import_file(store, path)
        except PapershelfError as error:
            message = str(error)
            assert message.strip() and "\n" not in message and "Traceback" not in message
            event(f"refused: {type(error).__name__}")
            return
        event("imported")
        assert added + known == len(data["entries"]) and store.summary(name).count >= added
        for format in FORMATS:
            assert isinstance(export_list(store, name, format), str)
