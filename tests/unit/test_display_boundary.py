"""The display boundary's functions on every kind of text: what they give the terminal is
visible, measurable in cells, and never an escape sequence or an unchecked link."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from index.listings.links import abstract_links, safe_url
from tests.fuzz_budget import examples, fuzz
from tests.hostile_text import HOSTILE, HOSTILE_URLS
from tui.paper_text import highlighted
from tui.safe_text import MAX_COMBINING, fit, json_line, one_line, pad, visible
from tui.terminal_guard import TerminalGuard

# Every code point, surrogates and unassigned ones included, weighted towards the troublesome.
_TROUBLE = st.sampled_from(
    [*map(chr, range(0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\u200b", "\u200d", "\u202e", "\u2066",
     "\ufeff", "\u00ad", "\ufe0f", "\u0301", "\u0336", "\u20dd", "\u2028", "\ud800", "\udfff", "\ue000",
     "\U000f0000", "\U0010ffff", "深", "🧪", "\u0378"]
)
ANY_TEXT = st.text(st.one_of(st.characters(codec=None, min_codepoint=0), _TROUBLE), max_size=80)


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _terminal_acts_on(char: str) -> bool:
    """A control the terminal acts on, or a bidirectional control that reorders what it shows."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0 or char in _BIDI_CONTROLS


def _width_unknown(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cs", "Co", "Cn") or 0xFE00 <= ord(char) <= 0xFE0F


@fuzz
@settings(max_examples=examples(400), deadline=None)
@given(ANY_TEXT)
def test_visible_text_holds_nothing_a_terminal_acts_on_or_measures_otherwise(text):
    shown = visible(text)
    assert not any(_terminal_acts_on(c) or _width_unknown(c) for c in shown)
    shown.encode("utf-8")  # no lone surrogate: it could not even be written
    assert visible(shown) == shown  # the boundary is idempotent: passing twice changes nothing


@fuzz
@settings(max_examples=examples(300), deadline=None)
@given(ANY_TEXT)
def test_no_character_carries_more_than_a_few_combining_marks(text):
    run = 0
    for char in visible(text):
        run = run + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        assert run <= MAX_COMBINING


@fuzz
@settings(max_examples=examples(300), deadline=None)
@given(ANY_TEXT, st.integers(min_value=0, max_value=40))
def test_fit_and_pad_measure_in_cells(text, cells):
    shown = one_line(text)
    assert cell_len(fit(shown, cells)) <= cells
    assert cell_len(pad(shown, cells)) == cells or cells == 0


def test_keep_newlines_keeps_only_line_breaks():
    assert visible("one\ntwo\x1bthree", keep_newlines=True) == "one\ntwo␛three"
    assert visible("one\ntwo") == "one␊two"
    assert one_line("a\n b\t\tc") == "a b c"


def test_every_unicode_line_break_reads_as_a_space_not_a_replacement():
    # NEL (U+0085) is a C1 code and a line break: a title split by it reads as two words.
    assert visible("one\x85two\u2028three\u2029four") == "one two three four"
    assert visible("csi\x9b31m") == "csi\ufffd31m"


def test_a_cjk_title_is_cut_by_cells_not_characters():
    title = HOSTILE["cjk_wide"]
    assert cell_len(fit(title, 11)) == 11 and fit(title, 11).endswith("…")
    assert len(fit(title, 11)) == 6  # five wide characters and the ellipsis


@fuzz
@settings(max_examples=examples(300), deadline=None)
@given(ANY_TEXT)
def test_json_lines_are_valid_json_that_prints_safely(text):
    line = json_line({"title": text})
    assert json.loads(line) == {"title": text}  # nothing lost, surrogates included
    assert not any(_terminal_acts_on(c) or _width_unknown(c) for c in line)


@fuzz
@settings(max_examples=examples(300), deadline=None)
@given(ANY_TEXT, st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)), max_size=4))
def test_highlights_land_on_the_visible_text(text, spans):
    shown = highlighted(text, spans)
    assert shown.plain == visible(text)
    for span in shown.spans:
        assert 0 <= span.start <= span.end <= len(shown.plain)


def test_a_combining_mark_after_a_highlight_stays_on_its_character():
    """Found by the fuzzer: a virama right after a highlighted word was dropped."""
    for text, span in (("0000000\u094d", (0, 7)), ("cafe\u0301 au lait", (0, 4)), ("x\u0301\u0302y", (1, 2))):
        assert highlighted(text, [span]).plain == visible(text)


def test_a_highlight_after_a_dropped_character_covers_its_word():
    text = "zero\u200bwidth theorem"
    start = text.index("theorem")
    shown = highlighted(text, [(start, start + len("theorem"))])
    (span,) = shown.spans
    assert shown.plain[span.start : span.end] == "theorem"


def test_hostile_urls_are_never_links():
    for url in HOSTILE_URLS:
        assert safe_url(url) is None
    abstract = " ".join(HOSTILE_URLS) + " https://github.com/a/b."
    links = abstract_links(abstract)
    assert "https://github.com/a/b" in links
    assert all(safe_url(link) == link for link in links)
    assert not any(c in "".join(links) for c in "\x07\x1b\x9b\u200b\u202e")


@fuzz
@settings(max_examples=examples(300), deadline=None)
@given(ANY_TEXT)
def test_every_link_taken_from_an_abstract_is_a_checked_url(text):
    for link in abstract_links(f"see https://example.com/{text} and http://{text}"):
        assert safe_url(link) == link and link.isascii() and link.isprintable()


@fuzz
@settings(max_examples=examples(300), deadline=None)
@given(ANY_TEXT, ANY_TEXT)
def test_the_line_filter_lets_no_control_character_or_unchecked_link_through(text, url):
    text = f"{text}\u202e{text[:3]}\u2066"  # a bidirectional override and isolate in every example
    guard = TerminalGuard()
    segments = [Segment(text, Style(link=url, bold=True)), Segment(text)]
    for segment in guard.apply(segments, None):
        assert not any(_terminal_acts_on(c) for c in segment.text)
        assert cell_len(segment.text) == cell_len(text)  # removing zero-width controls keeps the line's width
        link = segment.style.link if segment.style else None
        assert link is None or safe_url(link) == link
