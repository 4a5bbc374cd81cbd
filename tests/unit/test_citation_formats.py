"""BibLaTeX, RIS and CSL-JSON read back by real readers of each: bibtexparser, rispy, citeproc-py."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import replace

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import given, settings
from hypothesis import strategies as st

from index.export.citation_fields import arxiv_id
from index.export.reading_list import citations, export_list
from index.export.formats import format_of
from index.shelf.store import DEFAULT_LIST, ReadingStore
from index.shelf.saved_papers import SavedPaper, saved_from_paper
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import HOSTILE, HOSTILE_URLS
from tests.latex_text import latex_to_text
from tests.reading_papers import make_paper

ARXIV_ABSTRACT = "Code at https://github.com/lab/model; paper https://arxiv.org/abs/2401.01234v2 (see also x)."


@pytest.fixture
def store(tmp_path):
    with ReadingStore.open(tmp_path / "store.sqlite") as opened:
        yield opened


@pytest.fixture
def filled(store) -> ReadingStore:
    """An arXiv paper with everything the listing gives and a note, a bare one, and a year-less one."""
    papers = [
        make_paper("Diffusion {Models} & 50% $Beat$ GANs", org="Amazon", upvotes=12, authors=9, abstract=ARXIV_ABSTRACT),
        make_paper("Plain Paper", upvotes=1, authors=1, abstract="No links here."),
        make_paper("Mar Paper Without Year", year=None, month=3, day=11),
    ]
    for paper in papers:
        store.add(DEFAULT_LIST, paper)
    store.set_note(papers[0].id, "Strong baseline.\nCheck appendix B")
    return store


def test_biblatex_is_online_with_urldate_and_the_arxiv_eprint(filled):
    library = bibtexparser.parse_string(export_list(filled, DEFAULT_LIST, "biblatex"))
    assert library.failed_blocks == []
    entries = {entry.key: {f.key: f.value for f in entry.fields} for entry in library.entries}
    assert list(entries) == ["diffusion2024", "plain2024", "mar"]  # BibTeX's keys
    assert {entry.entry_type for entry in library.entries} == {"online"}
    added = filled.entries(DEFAULT_LIST)[0].added_at[:10]
    first = entries["diffusion2024"]
    assert latex_to_text(first.pop("title")) == "{Diffusion {Models} & 50% $Beat$ GANs}"
    assert latex_to_text(first.pop("abstract")) == ARXIV_ABSTRACT
    assert latex_to_text(first.pop("annotation")) == "Strong baseline.\nCheck appendix B"
    assert first == {
        "date": "2024-11-04", "url": "https://github.com/lab/model", "urldate": added,
        "eprinttype": "arxiv", "eprint": "2401.01234v2", "organization": "Amazon", "note": "12 upvotes; 9 authors",
    }
    plain_added = filled.entries(DEFAULT_LIST)[1].added_at[:10]
    assert entries["plain2024"] == {  # no link in its abstract: its page is the url
        "title": "{Plain Paper}", "date": "2024-11-04", "abstract": "No links here.", "note": "1 upvote; 1 author",
        "url": "https://huggingface.co/papers?q=Plain+Paper", "urldate": plain_added,
    }
    assert entries["mar"]["note"] == "dated Mar 11 (year not shown)" and "date" not in entries["mar"]


def test_ris_reads_back_with_rispy(filled):
    records = rispy.loads(export_list(filled, DEFAULT_LIST, "ris"))
    added = filled.entries(DEFAULT_LIST)[0].added_at[:10].replace("-", "/") + "/"
    assert records[0] == {
        "type_of_reference": "ELEC", "id": "diffusion2024", "title": "Diffusion {Models} & 50% $Beat$ GANs",
        "year": "2024", "date": "2024/11/04/",
        # A semicolon would split the link in two for RIS readers.
        "urls": ["https://github.com/lab/model", "https://arxiv.org/abs/2401.01234v2"],
        "access_date": added, "publisher": "Amazon", "abstract": ARXIV_ABSTRACT,
        "notes": ["12 upvotes; 9 authors", "Strong baseline. Check appendix B"],
    }
    assert records[2] == {
        "type_of_reference": "ELEC", "id": "mar", "title": "Mar Paper Without Year",
        "abstract": "An abstract about Mar Paper Without Year.", "notes": ["dated Mar 11 (year not shown)"],
        "urls": ["https://huggingface.co/papers?q=Mar+Paper+Without+Year"],
        "access_date": filled.entries(DEFAULT_LIST)[2].added_at[:10].replace("-", "/") + "/",
    }


def test_a_semicolon_in_a_link_does_not_split_it_for_ris_readers():
    paper = saved_from_paper(make_paper("Semi", abstract="See https://example.org/a;b=1 now"))
    [record] = rispy.loads(citations([paper], "ris"))
    assert record["urls"] == ["https://example.org/a%3Bb=1"]


def render_bibliography(csl_json: str) -> list[str]:
    """The items as the bundled Harvard style prints them, in plain text."""
    items = json.loads(csl_json)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_csl_json_renders_a_bibliography_with_citeproc(filled):
    text = export_list(filled, DEFAULT_LIST, "csljson")
    items = json.loads(text)
    added = [int(part) for part in filled.entries(DEFAULT_LIST)[0].added_at[:10].split("-")]
    assert items[0] == {
        "id": "diffusion2024", "type": "webpage", "title": "Diffusion {Models} & 50% $Beat$ GANs",
        "issued": {"date-parts": [[2024, 11, 4]]}, "URL": "https://github.com/lab/model",
        "accessed": {"date-parts": [added]}, "publisher": "Amazon", "abstract": ARXIV_ABSTRACT,
        "note": "12 upvotes; 9 authors", "annote": "Strong baseline.\nCheck appendix B",
    }
    rendered = render_bibliography(text)
    first = next(line for line in rendered if line.startswith("Diffusion"))
    assert "(2024)" in first and "Amazon" in first and "Available at: https://github.com/lab/model" in first
    assert any(line.startswith("Mar Paper Without Year (no date)") for line in rendered)


def test_no_format_invents_an_author(filled):
    library = bibtexparser.parse_string(export_list(filled, DEFAULT_LIST, "biblatex"))
    assert not any({"author", "editor"} & set(entry.fields_dict) for entry in library.entries)
    assert not any("authors" in record for record in rispy.loads(export_list(filled, DEFAULT_LIST, "ris")))
    assert not any("author" in item for item in json.loads(export_list(filled, DEFAULT_LIST, "csljson")))


@pytest.mark.parametrize(
    ("link", "found"),
    [
        ("https://arxiv.org/abs/2401.01234", "2401.01234"),
        ("http://www.arxiv.org/pdf/2401.01234v3.pdf", "2401.01234v3"),
        ("https://arxiv.org/html/2410.12345v1", "2410.12345v1"),
        ("https://export.arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://arxiv.org/abs/math.GT/0309136", "math.GT/0309136"),
        ("https://huggingface.co/papers/2411.00001", "2411.00001"),
        ("https://arxiv.org/abs/2401.01234/../../etc", None),
        ("https://notarxiv.org/abs/2401.01234", None),
        ("https://arxiv.org/list/cs.AI/recent", None),
    ],
)
def test_the_arxiv_id_is_taken_only_from_an_arxiv_link(link, found):
    paper = saved_from_paper(make_paper("P", abstract=f"See {link} ."))
    assert arxiv_id(paper) == found


@pytest.mark.parametrize(
    ("name", "chosen", "format"),
    [
        ("refs.bib", None, "bibtex"), ("refs.biblatex.bib", None, "biblatex"), ("refs.RIS", None, "ris"),
        ("refs.csl.json", None, "csljson"), ("refs.json", None, "json"), ("refs.txt", None, None),
        ("refs.bib", "biblatex", "biblatex"), ("refs.json", "csljson", "csljson"), ("refs.csl.json", "json", "csljson"),
        ("refs.bib", "csv", "bibtex"), ("refs.biblatex.bib", "bibtex", "biblatex"), ("refs", "ris", "ris"),
    ],
)
def test_a_file_name_names_its_format_unless_it_fits_the_chosen_one(name, chosen, format):
    assert format_of(name, chosen) == format


# Strings that attack each format's structure, beside the terminal attacks of tests/hostile_text.py.
FORMAT_ATTACKS = [
    "x}\n@misc{evil, title = {owned}}", "x\n@misc(evil, title = owned)", "\n \u2028 @(", "\n  @comment{",
    "}}}{{{", "\\", "a\\}b", "%", "ER  - ", "x\nER  - \nTY  - JOUR", "\nTI  - Injected", "x\r\nAU  - Fake, Author",
    "\u2028AU  - Fake", "a\x85ER  - ", '"}], "id": "x', "\t\v\f\x1c\x1e",
]
texts = st.one_of(
    st.sampled_from([*HOSTILE.values(), *FORMAT_ATTACKS]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from([*HOSTILE.values(), *FORMAT_ATTACKS, "word", " ", "\n"]), max_size=5).map("".join),
)


@st.composite
def hostile_papers(draw) -> list[SavedPaper]:
    papers = []
    for number in range(draw(st.integers(1, 3))):
        url = draw(st.sampled_from([*HOSTILE_URLS, "https://arxiv.org/abs/2401.01234", "https://x.org/a;b{c}"]))
        title = f"{number} {draw(texts)}"  # titles differ by their number, as papers' titles do
        paper = make_paper(title, org=draw(st.none() | texts), upvotes=draw(st.none() | st.integers(0, 10**6)),
                           authors=draw(st.none() | st.integers(0, 5000)), abstract=f"{draw(texts)} {url} {draw(texts)}")
        papers.append(replace(saved_from_paper(paper), note=draw(texts), added_at="2024-11-05T09:30:00Z"))
    return papers


def no_controls(text: str, keep: str = "\n") -> str:
    return "".join(c for c in text if c in keep or unicodedata.category(c) != "Cc")


def one_line(text: str) -> str:
    return " ".join(no_controls(text, keep="\n\t").split())


@fuzz
@settings(max_examples=examples(150), deadline=None)
@given(papers=hostile_papers())
def test_hostile_text_reads_back_through_every_format(papers):
    library = bibtexparser.parse_string(citations(papers, "biblatex"))
    assert library.failed_blocks == [] and len(library.entries) == len(papers)
    for entry, paper in zip(library.entries, papers, strict=True):
        fields = entry.fields_dict
        assert latex_to_text(fields["title"].value) == "{" + one_line(paper.title) + "}"
        assert latex_to_text(fields["abstract"].value) == no_controls(paper.abstract).strip()
        note = fields.get("annotation")
        assert latex_to_text(note.value if note else "") == no_controls(paper.note).strip()

    records = rispy.loads(citations(papers, "ris"))
    assert len(records) == len(papers)
    for record, paper in zip(records, papers, strict=True):
        assert record["type_of_reference"] == "ELEC" and record["title"] == one_line(paper.title)
        assert record["abstract"] == one_line(paper.abstract) and "authors" not in record
        assert set(record) <= {"type_of_reference", "id", "title", "year", "date", "urls", "access_date",
                               "publisher", "abstract", "notes"}
        assert record.get("publisher", "") == one_line(paper.organisation or "")
        assert one_line(paper.note) in [*record.get("notes", []), ""]

    text = citations(papers, "csljson")
    items = json.loads(text)
    for item, paper in zip(items, papers, strict=True):
        assert item["title"] == one_line(paper.title)
        assert item["abstract"] == no_controls(paper.abstract, keep="\n\t").strip()
        assert item.get("annote", "") == no_controls(paper.note, keep="\n\t").strip()
    assert len(render_bibliography(text)) == len(papers)


LISTED = {"diffusion2024": ("2024-11-04", "2024-11-11"), "mar": ("Mar 11",)}


def test_every_citation_format_notes_the_listings_a_paper_appeared_in(filled):
    def listings(paper_ids):
        return {paper.id: LISTED[key] for paper, key in zip(filled.entries(DEFAULT_LIST), ("diffusion2024", None, "mar"))
                if key and paper.id in paper_ids}

    both, one = "in listings 2024-11-04, 2024-11-11", "in listing Mar 11"
    bibtex = bibtexparser.parse_string(export_list(filled, DEFAULT_LIST, "bibtex", listings))
    assert [e.fields_dict["note"].value for e in bibtex.entries if "note" in e.fields_dict] == [
        f"Amazon; 12 upvotes; {both}", "1 upvote", one,
    ]
    biblatex = bibtexparser.parse_string(export_list(filled, DEFAULT_LIST, "biblatex", listings))
    assert [e.fields_dict["note"].value for e in biblatex.entries] == [
        f"12 upvotes; 9 authors; {both}", "1 upvote; 1 author", f"dated Mar 11 (year not shown); {one}",
    ]
    ris = rispy.loads(export_list(filled, DEFAULT_LIST, "ris", listings))
    assert [record["notes"][0] for record in ris] == [
        f"12 upvotes; 9 authors; {both}", "1 upvote; 1 author", f"dated Mar 11 (year not shown); {one}",
    ]
    items = json.loads(export_list(filled, DEFAULT_LIST, "csljson", listings))
    assert [item["note"] for item in items] == [
        f"12 upvotes; 9 authors; {both}", "1 upvote; 1 author", f"dated Mar 11 (year not shown); {one}",
    ]
    assert json.loads(export_list(filled, DEFAULT_LIST, "json", listings))  # the list's own file: unchanged
    assert "listings" not in export_list(filled, DEFAULT_LIST, "json", listings)


def test_a_copied_citation_notes_the_listings_the_index_has(filled):
    [record] = rispy.loads(citations([saved_from_paper(make_paper("Copied", upvotes=3))], "ris"))
    assert record["notes"] == ["3 upvotes; in listing 2024-11-04"]
