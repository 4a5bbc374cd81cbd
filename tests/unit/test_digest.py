"""The digest's sections, Markdown and JSON, on the sample index and a real store file."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from index.export.digest import ALL_PAPERS, digest, first_sentences, json_records, parse_since, to_markdown
from index.errors import PapershelfError
from index.shelf.first_seen import note_index
from index.shelf.store import ReadingStore
from index.shelf.morning import precise_now, stamp_time

FLAMES = "avm2jne3pw"


@pytest.fixture
def store(tmp_path, searcher):
    with ReadingStore.open(tmp_path / "reading-lists.sqlite") as opened:
        note_index(opened, searcher)
        yield opened


def test_each_view_has_its_papers_first_seen_in_the_span_in_its_order(store, searcher):
    store.save_view("amazon", "org:amazon")
    store.save_view("today", "listed:latest", "upvotes")
    now = stamp_time(precise_now())
    sections = digest(searcher, store, None, None, now)
    assert [(s.view.name, len(s.papers)) for s in sections] == [("amazon", 1), ("today", 85)]
    votes = [p.upvotes if p.upvotes is not None else -1 for p in sections[1].papers]
    assert votes == sorted(votes, reverse=True)
    assert [len(s.papers) for s in digest(searcher, store, ["TODAY"], now, stamp_time(precise_now()))] == [0]
    store.dismiss([FLAMES])
    assert digest(searcher, store, ["amazon"], None, now)[0].papers == []


def test_without_views_the_digest_is_all_papers(store, searcher):
    [section] = digest(searcher, store, None, None, stamp_time(precise_now()))
    assert section.view == ALL_PAPERS and len(section.papers) == 253


def test_markdown_and_json_say_what_the_issue_asks(store, searcher):
    store.save_view("amazon", "org:amazon")
    sections = digest(searcher, store, None, None, stamp_time(precise_now()))
    text = to_markdown(sections, datetime(2025, 11, 4, 9, tzinfo=timezone.utc), stamp_time(precise_now()))
    assert text.startswith("# papershelf digest: new since 2025-11-04 09:00 UTC\n\n## amazon (1 paper)\n")
    assert "### FLAMES: Improving LLM Math Reasoning" in text and "1 upvotes · Amazon · id avm2jne3pw" in text
    [record] = json_records(sections)
    assert (record["view"], record["id"], record["org"], record["upvotes"]) == ("amazon", FLAMES, "Amazon", 1)


def test_the_first_sentences_are_two_or_more_while_short_and_cut_when_long():
    assert first_sentences("One. Two. Three.") == "One. Two. Three."
    long = " ".join(f"Sentence number {n} says a fair amount about the paper at hand." for n in range(20))
    assert first_sentences(long).count(".") == 5  # until 280 characters
    assert len(first_sentences("word " * 400)) <= 600 and first_sentences("word " * 400).endswith("…")


def test_since_takes_a_date_or_a_time():
    assert parse_since("2025-11-04") == datetime(2025, 11, 4, tzinfo=timezone.utc)
    assert parse_since("2025-11-04T09:30Z") == datetime(2025, 11, 4, 9, 30, tzinfo=timezone.utc)
    assert parse_since("2025-11-04T09:30+01:00") == datetime(2025, 11, 4, 8, 30, tzinfo=timezone.utc)
    with pytest.raises(PapershelfError, match="--since expects a date"):
        parse_since("last tuesday")
