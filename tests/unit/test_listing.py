"""Reading listing files: the samples, the metadata variants and every kind of damage."""

from __future__ import annotations

import socket
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.listings.dates import ListingDate, YearSource
from index.listings.parser import read_listing
from index.listings.entries import Organisation
from index.locations import sample_listings
from tests.listing_text import HEADER, abstract, authors_meta, entry, listing, org_meta

SAMPLE_COUNTS = {
    "000_316fc8e37e62f595.txt": (80, (3, 11)),
    "001_1cc8a7777e0ca7b3.txt": (65, (5, 28)),
    "002_e0c4ebcc2eb099c9.txt": (85, (11, 4)),
    "003_6a3a16b80262bd72.txt": (61, (3, 14)),
    "004_f2da1308069327aa.txt": (55, (3, 13)),
}


def write(tmp_path, text: str | bytes, name: str = "listing.txt"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SAMPLE_COUNTS))
def test_each_sample_file_reads_completely_without_problems(name):
    parsed = read_listing(sample_listings() / name)
    entries, (month, day) = SAMPLE_COUNTS[name]
    assert len(parsed.entries) == entries
    assert parsed.problems == []
    assert (parsed.listing_date.month, parsed.listing_date.day) == (month, day)


def test_samples_hold_346_entries():
    total = sum(len(read_listing(p).entries) for p in sample_listings().glob("*.txt"))
    assert total == 346


def test_metadata_block_variants_from_the_dated_sample():
    parsed = read_listing(sample_listings() / "002_e0c4ebcc2eb099c9.txt")
    first = parsed.entries[0]
    assert first.title.startswith("Is Your Model Really A Good Math Reasoner?")
    assert first.authors == 9
    assert first.published == ListingDate(7, 11, 2024, YearSource.SHOWN)
    assert first.upvotes == 4
    second = parsed.entries[1]
    # "Aug 14 8": no year shown, so the inferred capture year (after 2024).
    assert second.published == ListingDate(8, 14, 2025, YearSource.INFERRED)
    assert second.upvotes == 8
    third = parsed.entries[2]
    assert third.authors is None and third.published is None  # no metadata block
    amazon = next(e for e in parsed.entries if e.organisation is not None)
    assert amazon.organisation == Organisation("amazon", "Amazon")
    assert amazon.authors is None and amazon.upvotes == 1


def test_capture_year_inferred_only_from_shown_years(tmp_path):
    text = listing("Nov 4", entry("Paper A", meta=authors_meta(2, "Jul 11, 2022 4")), entry("Paper B", meta=authors_meta(3, "Sep 17")))
    parsed = read_listing(write(tmp_path, text))
    assert parsed.capture_year == 2023 and parsed.year_source is YearSource.INFERRED
    assert parsed.listing_date == ListingDate(11, 4, 2023, YearSource.INFERRED)
    assert parsed.entries[1].published.display() == "Sep 17, 2023"


def test_no_year_shown_keeps_dates_yearless(tmp_path):
    parsed = read_listing(write(tmp_path, listing("Mar 11", entry("Paper A", meta=authors_meta(2, "Feb 2 5")))))
    assert parsed.capture_year is None
    assert parsed.listing_date.display() == "Mar 11"
    assert parsed.entries[0].published.display() == "Feb 2"
    assert parsed.entries[0].published.iso() is None


def test_capture_year_override(tmp_path):
    text = listing("Mar 11", entry("Paper A", meta=authors_meta(2, "Feb 2, 2020")), entry("Paper B", meta=authors_meta(1, "Feb 3")))
    parsed = read_listing(write(tmp_path, text), capture_year=2026)
    assert parsed.listing_date == ListingDate(3, 11, 2026, YearSource.OVERRIDE)
    assert parsed.entries[0].published.year == 2020  # a shown year is never overridden
    assert parsed.entries[1].published.year == 2026


def test_crlf_bom_and_trailing_spaces(tmp_path):
    text = listing("Nov 4", entry("Paper A   ", meta=authors_meta(4, "Jul 11, 2024 4  ")), entry("Paper B"))
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    parsed = read_listing(write(tmp_path, raw))
    assert [e.title for e in parsed.entries] == ["Paper A", "Paper B"]
    assert parsed.entries[0].authors == 4 and parsed.entries[0].upvotes == 4
    assert parsed.problems == []


def test_missing_header_is_reported_and_entries_still_read(tmp_path):
    parsed = read_listing(write(tmp_path, entry("Paper A") + entry("Paper B")))
    assert [e.title for e in parsed.entries] == ["Paper A", "Paper B"]
    assert parsed.listing_date is None
    assert [(p.line, "no listing date" in p.message) for p in parsed.problems] == [(1, True)]


def test_header_with_other_lines(tmp_path):
    header = "new\n\nTrending this week\n\nSomething else entirely\n\n"
    parsed = read_listing(write(tmp_path, listing("May 2", entry("Paper A"), header=header)))
    assert parsed.listing_date.display() == "May 2"
    assert [e.title for e in parsed.entries] == ["Paper A"]


def test_two_titles_in_a_row_skips_only_the_damaged_entry(tmp_path):
    text = listing("Nov 4", entry("Paper A"), "Orphan title without abstract\n\n", entry("Paper B"))
    parsed = read_listing(write(tmp_path, text))
    assert [e.title for e in parsed.entries] == ["Paper A", "Paper B"]
    (problem,) = parsed.problems
    assert problem.line == 15 and "no abstract" in problem.message
    assert str(problem) == f"{tmp_path / 'listing.txt'}:15: {problem.message}"


def test_truncated_last_entry(tmp_path):
    parsed = read_listing(write(tmp_path, listing("Nov 4", entry("Paper A"), "Cut off title\n")))
    assert [e.title for e in parsed.entries] == ["Paper A"]
    assert "file ends" in parsed.problems[0].message and parsed.problems[0].line == 15


def test_title_followed_by_metadata_has_no_abstract(tmp_path):
    text = listing("Nov 4", "Lonely title\n\n" + authors_meta(3, "Jul 1, 2024") + "\n\n", entry("Paper B"))
    parsed = read_listing(write(tmp_path, text))
    assert [e.title for e in parsed.entries] == ["Paper B"]
    assert any("no abstract" in p.message for p in parsed.problems)


def test_empty_file(tmp_path):
    parsed = read_listing(write(tmp_path, ""))
    assert parsed.entries == [] and "empty" in parsed.problems[0].message


def test_invalid_utf8_line_skips_that_entry_only(tmp_path):
    good = listing("Nov 4", entry("Paper A"), entry("Paper B"), entry("Paper C")).encode()
    damaged = good.replace(b"Paper B", b"Paper \xff\xfeB", 1)
    parsed = read_listing(write(tmp_path, damaged))
    assert [e.title for e in parsed.entries] == ["Paper A", "Paper C"]
    (problem,) = parsed.problems
    assert problem.line == 15 and "not valid UTF-8" in problem.message


def test_latin1_file_keeps_its_ascii_entries(tmp_path):
    text = listing("Nov 4", entry("Caf\u00e9 models"), entry("Plain title"))
    parsed = read_listing(write(tmp_path, text.encode("latin-1")))
    assert [e.title for e in parsed.entries] == ["Plain title"]
    assert len(parsed.problems) == 1


def test_binary_file(tmp_path):
    parsed = read_listing(write(tmp_path, bytes(range(256)) * 64))
    assert parsed.entries == [] and "binary" in parsed.problems[0].message


def test_nul_bytes_in_one_line(tmp_path):
    text = listing("Nov 4", entry("Paper A"), entry("Paper B")).replace("Paper A", "Paper\x00A")
    parsed = read_listing(write(tmp_path, text + "x" * 20000))
    assert "Paper B" in [e.title for e in parsed.entries]
    assert any("binary" in p.message and p.line == 11 for p in parsed.problems)


def test_directory_and_unreadable_files_are_problems(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "directory" in read_listing(folder).problems[0].message
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "socket.txt"))  # open() on a socket fails even for root
    try:
        parsed = read_listing(tmp_path / "socket.txt")
        assert parsed.entries == [] and "cannot read" in parsed.problems[0].message
    finally:
        listener.close()
    assert "cannot read" in read_listing(tmp_path / "missing.txt").problems[0].message


def test_markup_and_escapes_are_kept_as_literal_text(tmp_path):
    title = "[bold]Loud[/bold] [@click=app.quit]quit[/] \x1b[31mred\x1b]8;;http://x\x07"
    parsed = read_listing(write(tmp_path, listing("Nov 4", entry(title))))
    assert parsed.entries[0].title == title.strip()


def test_five_megabyte_line_and_an_over_long_title(tmp_path):
    huge = "word " * 1_000_000
    text = listing("Nov 4", f"Big paper\n\n{huge}\n\n", f"{'T' * 5000}\n\n{abstract('x')}\n\n", entry("Small paper"))
    started = time.perf_counter()
    parsed = read_listing(write(tmp_path, text))
    assert time.perf_counter() - started < 10  # generous: it must not crawl
    assert [e.title for e in parsed.entries] == ["Small paper"]
    assert "abstract is 4,999,999 characters long" in parsed.problems[0].message
    assert "not a title" in parsed.problems[1].message


def test_hundred_thousand_entries_in_one_file(tmp_path):
    body = "".join(f"Paper {n}\n\nAbstract of paper {n} about things.\n\n" for n in range(100_000))
    parsed = read_listing(write(tmp_path, listing("Nov 4", body)))
    assert len(parsed.entries) == 100_000 and parsed.problems == []


def test_org_meta_and_stray_metadata(tmp_path):
    text = listing("Nov 4", entry("Paper A", meta=org_meta("deepmind Google DeepMind", "Jan 3, 2024 12")), "\u00b7\n\n", entry("Paper B"))
    parsed = read_listing(write(tmp_path, text))
    assert parsed.entries[0].organisation == Organisation("deepmind", "Google DeepMind")
    assert parsed.entries[0].upvotes == 12
    assert [e.title for e in parsed.entries] == ["Paper A", "Paper B"]
    assert "outside any paper" in parsed.problems[0].message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000))
def test_any_bytes_never_raise(tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    parsed = read_listing(path)
    for problem in parsed.problems:
        assert problem.file == str(path) and problem.message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(["Nov 4", "\u00b7", "  \u2022 3 authors", "Jul 1, 2024 3", "Title", abstract("x"), "", "amazon Amazon", "\ufeffnew"]), max_size=40))
def test_any_arrangement_of_format_lines_never_raises(tmp_path, lines):
    path = tmp_path / "shuffled.txt"
    path.write_text(HEADER + "\n".join(lines), encoding="utf-8")
    parsed = read_listing(path)
    assert all(entry.title and entry.abstract for entry in parsed.entries)
