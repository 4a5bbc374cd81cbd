"""Each export format read back by its own parser, and JSON import round trips."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote_plus

import bibtexparser
import pytest

from index.export.reading_list import CSV_COLUMNS, FORMATS, export_list, import_json
from index.export.list_json import ListFileError
from index.shelf.store import DEFAULT_LIST, ReadingStore
from tests.latex_text import latex_to_text
from tests.reading_papers import make_paper

SPECIAL_TITLE = r"50% of {Braces} & $Dollars_1 #2 ~ ^ \back"


@pytest.fixture
def store(tmp_path):
    with ReadingStore.open(tmp_path / "store.sqlite") as opened:
        yield opened


@pytest.fixture
def filled(store) -> ReadingStore:
    """Bookmarks with a read paper, a noted one, a year-less one, links, and a repeated key."""
    papers = [
        make_paper("Diffusion Models Beat GANs", org="OpenAI", upvotes=12,
                   abstract="See https://github.com/openai/guided. And https://example.org/page."),
        make_paper("Diffusion models are fun", upvotes=1),
        make_paper("Diffusion, Again", year=2023),
        make_paper("Mar Paper Without Year", year=None, month=3, day=11),
        make_paper(SPECIAL_TITLE, org="Lab & Co"),
        make_paper("Élan vital"),
    ]
    for paper in papers:
        store.add(DEFAULT_LIST, paper)
    store.set_read(papers[1].id, True)
    store.set_note(papers[0].id, "Strong baseline.\nCheck {the} 50% & appendix")
    return store


def test_bibtex_parses_back_with_stable_keys(filled):
    text = export_list(filled, DEFAULT_LIST, "bibtex")
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    entries = library.entries
    assert [e.key for e in entries] == [
        "diffusion2024", "diffusion2024a", "diffusion2023", "mar", "502024", "elan2024",
    ]
    assert {e.entry_type for e in entries} == {"misc"}
    assert export_list(filled, DEFAULT_LIST, "bibtex") == text  # same list, same keys
    saved = filled.entries(DEFAULT_LIST)
    for entry, paper in zip(entries, saved, strict=True):
        title = entry.fields_dict["title"].value
        assert title.startswith("{") and title.endswith("}")  # braces keep the title's case
        assert latex_to_text(title[1:-1]) == paper.title


def test_bibtex_fields(filled):
    entries = {e.key: {f.key: f.value for f in e.fields} for e in bibtexparser.parse_string(
        export_list(filled, DEFAULT_LIST, "bibtex")).entries}
    first = entries["diffusion2024"]
    assert first["year"] == "2024" and first["note"] == "OpenAI; 12 upvotes"
    assert first["url"] == "https://github.com/openai/guided"
    assert latex_to_text(first["annote"]) == "Strong baseline.\nCheck {the} 50% & appendix"
    assert entries["diffusion2024a"]["note"] == "1 upvote"
    assert "year" not in entries["mar"] and "note" not in entries["mar"]
    assert entries["mar"]["url"] == "https://huggingface.co/papers?q=Mar+Paper+Without+Year"  # its page
    assert latex_to_text(entries["502024"]["note"]) == "Lab & Co"


def checklist(markdown: str) -> list[dict]:
    """Read a Markdown checklist back: items, with the lines indented under each."""
    items: list[dict] = []
    for line in markdown.splitlines():
        item = re.fullmatch(r"- \[( |x)\] \*\*(.*)\*\*(?: \((.*)\))?", line)
        if item:
            title = re.sub(r"\\(.)", r"\1", item.group(2))
            items.append({"read": item.group(1) == "x", "title": title, "date": item.group(3), "under": []})
        elif line.startswith("  ") and items:
            items[-1]["under"].append(line)
    return items


def test_markdown_checklist_reads_back(filled):
    text = export_list(filled, DEFAULT_LIST, "md")
    assert text.startswith("# Bookmarks\n")
    items = checklist(text)
    saved = filled.entries(DEFAULT_LIST)
    assert [i["title"] for i in items] == [p.title for p in saved]
    assert [i["read"] for i in items] == [p.read for p in saved] == [False, True, False, False, False, False]
    assert [i["date"] for i in items] == [p.published for p in saved]
    assert items[0]["under"] == [
        "  - <https://github.com/openai/guided>",
        "  - <https://example.org/page>",
        "  - Note: Strong baseline.",
        "    Check {the} 50% & appendix",
    ]


def test_csv_has_a_header_and_every_paper(filled):
    rows = list(csv.DictReader(io.StringIO(export_list(filled, DEFAULT_LIST, "csv"))))
    saved = filled.entries(DEFAULT_LIST)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["title"] for r in rows] == [p.title for p in saved]
    assert [r["read"] for r in rows] == ["yes" if p.read else "no" for p in saved]
    assert rows[0]["note"] == "Strong baseline.\nCheck {the} 50% & appendix"
    assert rows[0]["links"] == "https://github.com/openai/guided https://example.org/page"
    assert (rows[0]["upvotes"], rows[0]["organisation"], rows[3]["published_iso"]) == ("12", "OpenAI", "")


def test_json_holds_everything_for_the_list(filled):
    data = json.loads(export_list(filled, "bookmarks", "json"))
    assert data["name"] == DEFAULT_LIST and data["created"] == filled.lists()[0].created
    saved = filled.entries(DEFAULT_LIST)
    assert [e["id"] for e in data["entries"]] == [p.id for p in saved]
    first = data["entries"][0]
    assert first["note"] == saved[0].note and first["links"] == saved[0].links
    assert data["entries"][1]["read"] is True and data["entries"][1]["read_at"] == saved[1].read_at
    fields = {"abstract", "published", "published_iso", "upvotes", "organisation", "authors", "position", "added_at"}
    assert fields <= set(first)


def test_json_is_safe_to_print_and_exact(store):
    hostile = "Title \x1b[2J with DEL\x7f, CSI\x9b and \u202eoverride"
    store.add(DEFAULT_LIST, make_paper(hostile))
    text = export_list(store, DEFAULT_LIST, "json")
    assert not any(c in text for c in "\x1b\x7f\x9b\u202e")
    assert json.loads(text)["entries"][0]["title"] == hostile


@pytest.mark.parametrize("name", [DEFAULT_LIST, "Thesis reading"])
def test_export_import_export_gives_the_same_file(filled, tmp_path, name):
    if name != DEFAULT_LIST:
        filled.create_list(name)
        for paper in reversed(filled.entries(DEFAULT_LIST)):
            filled.import_entries(name, "", [paper])
    exported = export_list(filled, name, "json")
    with ReadingStore.open(tmp_path / "empty.sqlite") as empty:
        assert import_json(empty, exported) == (name, 6, 0)
        assert export_list(empty, name, "json") == exported
        for format in FORMATS:
            assert export_list(empty, name, format) == export_list(filled, name, format)


def test_importing_into_a_store_with_the_list_merges_without_duplicates(filled, tmp_path):
    exported = export_list(filled, DEFAULT_LIST, "json")
    assert import_json(filled, exported) == (DEFAULT_LIST, 0, 6)
    assert len(filled.entries(DEFAULT_LIST)) == 6
    with ReadingStore.open(tmp_path / "other.sqlite") as other:
        mine = make_paper("Only Mine")
        shared = make_paper("Diffusion Models Beat GANs")
        other.add(DEFAULT_LIST, mine)
        other.set_note(shared.id, "my own note")
        other.set_read(shared.id, True)
        assert import_json(other, exported) == (DEFAULT_LIST, 6, 0)
        saved = other.entries(DEFAULT_LIST)
        assert [p.title for p in saved][:2] == ["Only Mine", "Diffusion Models Beat GANs"] and len(saved) == 7
        assert saved[1].note == "my own note\n\nStrong baseline.\nCheck {the} 50% & appendix"
        assert saved[1].read and saved[2].read  # read here, and read in the file
        import_json(other, exported)  # again: nothing doubles
        assert len(other.entries(DEFAULT_LIST)) == 7 and other.note(shared.id).count("Strong baseline") == 1


HEAD = '{"format": "papershelf reading list", "version": 1, "name": "x", "entries": '


def one_entry(fields: str) -> str:
    return HEAD + '[{"id": "a", "title": "t", ' + fields + "}]}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not JSON"),
        ('{"name": "x"}', "not a papershelf reading-list export"),
        ('{"format": "papershelf reading list", "version": 9, "name": "x", "entries": []}',
         "export version 9 is newer than this papershelf reads"),
        ('{"format": "papershelf reading list", "version": 0, "name": "x", "entries": []}',
         "export version 0 is older than any this papershelf reads"),
        ('{"format": "papershelf reading list", "version": true, "name": "x", "entries": []}',
         'the export\'s "version" must be a whole number, not true'),
        ('{"format": "papershelf reading list", "version": 1, "name": "x", "entries": [{"title": "t"}]}',
         'entry 1 has no "id"'),
        (one_entry('"upvotes": "9"'), 'entry 1: "upvotes" must be a whole number, not a string'),
        (HEAD + "[" + "[" * 50_000 + "]" * 50_000 + "]}", "nested too deeply"),
        (one_entry('"note": "a\\ud800b"'), 'entry 1: "note" holds a lone surrogate (\\ud800 at character 2)'),
        (HEAD.replace('"x"', '"\\udfff"') + "[]}", 'the export: "name" holds a lone surrogate'),
        (one_entry('"links": ["ok", "\\ud83d"]'), 'entry 1: "links" link 2 holds a lone surrogate'),
        (one_entry(f'"upvotes": {2**63}'), f'entry 1: "upvotes" must be a whole number from 0 to {2**63 - 1}'),
        (one_entry('"authors": -1'), 'entry 1: "authors" must be a whole number from 0'),
        (one_entry('"position": 1.5'), 'entry 1: "position" must be a whole number, not 1.5'),
        (one_entry('"published_iso": "}}}"'), 'entry 1: "published_iso" must be a date like 2024-11-04'),
        (one_entry('"read_at": "yesterday"'), 'entry 1: "read_at" must be a time like'),
        (HEAD + '[{"id": "a", "title": "t"}, {"id": "../x", "title": "t"}]}', 'entry 2: "id" must be a paper id'),
        (HEAD + '[{"id": "a", "title": "t"}, 7]}', "entry 2 is not an object"),
        (HEAD + '{"id": "a"}}', 'the export\'s "entries" must be a list, not an object'),
        ('{"format": "papershelf reading list", "version": 1, "name": " ", "entries": []}', '"name" is empty'),
    ],
    ids=lambda value: value[:40] if len(value) < 100 else f"{len(value)} characters",
)
def test_a_bad_import_is_one_clear_line_and_changes_nothing(store, text, message):
    before = export_list(store, DEFAULT_LIST, "json")
    with pytest.raises(ListFileError) as raised:
        import_json(store, text)
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert [s.name for s in store.lists()] == [DEFAULT_LIST]
    assert export_list(store, DEFAULT_LIST, "json") == before


def test_an_import_refuses_dates_and_times_that_are_not_real():
    import json

    import pytest

    from index.export.list_json import ListFileError, from_json

    def export(**fields):
        entry = {"id": "abc", "title": "A paper", **fields}
        return json.dumps({"format": "papershelf reading list", "version": 1, "name": "x", "created": "", "entries": [entry]})

    for fields, field in ((dict(published_iso="2024-13-45"), "published_iso"), (dict(added_at="2024-99-99T99:99:99Z"), "added_at"),
                          (dict(read_at="2024-02-30T10:00:00Z"), "read_at")):
        with pytest.raises(ListFileError, match=f'entry 1: "{field}" must be'):
            from_json(export(**fields))
    assert from_json(export(published_iso="2024-02-29", added_at="2024-11-05T09:30:00Z"))[2][0].published_iso == "2024-02-29"


def test_a_note_line_starting_with_an_at_sign_stays_inside_its_entry(store):
    # bibtexparser starts a new entry at an @ first on a line, even inside a value.
    paper = make_paper("Injected")
    store.add(DEFAULT_LIST, paper)
    store.set_note(paper.id, "first line\n  @misc(evil, title = {owned})")
    library = bibtexparser.parse_string(export_list(store, DEFAULT_LIST, "bibtex"))
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["injected2024"]
    assert latex_to_text(library.entries[0].fields_dict["annote"].value) == store.note(paper.id)


def test_a_paper_whose_abstract_has_no_link_is_cited_with_its_page_in_every_citation_format(filled):
    import rispy

    template = "https://www.semanticscholar.org/search?q=%q"
    page = "https://www.semanticscholar.org/search?q=" + quote_plus(SPECIAL_TITLE)
    bib = {e.key: e.fields_dict for e in bibtexparser.parse_string(export_list(filled, DEFAULT_LIST, "bibtex", paper_url=template)).entries}
    assert bib["502024"]["url"].value == page and bib["diffusion2024"]["url"].value == "https://github.com/openai/guided"
    biblatex = bibtexparser.parse_string(export_list(filled, DEFAULT_LIST, "biblatex", paper_url=template)).entries
    assert biblatex[4].fields_dict["url"].value == page and "urldate" in biblatex[4].fields_dict
    records = rispy.loads(export_list(filled, DEFAULT_LIST, "ris", paper_url=template))
    assert records[4]["urls"] == [page.replace(";", "%3B")]
    assert records[0]["urls"] == ["https://github.com/openai/guided", "https://example.org/page"]  # its own, not the page
    items = json.loads(export_list(filled, DEFAULT_LIST, "csljson", paper_url=template))
    assert items[4]["URL"] == page and items[0]["URL"] == "https://github.com/openai/guided"
    stored = json.loads(export_list(filled, DEFAULT_LIST, "json", paper_url=template))
    assert [paper["links"] for paper in stored["entries"]][4] == []  # the store's own export holds what it holds
