"""The display boundary: text from outside made safe and measurable before it meets the terminal.

Everything papershelf shows that it did not write itself (listing titles,
abstracts, organisations and links; file names; list names and notes from
the store; config values; the user's own query echoed in a message) passes
through `visible()` (or `one_line()`, its single-line form) on its way to a
widget, a toast, a dialog, a CLI line or the clipboard:

- control characters (C0, DEL, C1: ESC and CSI start escape sequences, BEL ends
  an OSC) become visible stand-ins, so no byte of the data can style, move,
  link, set the clipboard or reset the terminal;
- format characters (zero-width spaces and joiners, bidirectional overrides,
  the byte-order mark, soft hyphens) and variation selectors are dropped: they
  are invisible, and terminals disagree about their width with Rich, which lays
  the screen out, so they left stale cells at a pane's edge;
- a pile of combining marks is cut to a few per character (a "Zalgo" title
  draws above and below its own line);
- surrogates, private-use and unassigned code points become U+FFFD: the first
  cannot even be encoded for the terminal, the others have no agreed width.

Widths are measured in terminal cells (`fit`), never in characters: a CJK or
emoji title is twice as wide as it is long.

Markup is a separate matter: widgets build `rich.text.Text` from this text and
never parse outside text as markup. The app's line filter (tui/terminal_guard.py)
checks every drawn segment once more, so a widget that forgot this boundary
still cannot write a control character or an unchecked link.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache

from rich.cells import cell_len
from rich.text import Text

REPLACEMENT = "\ufffd"
ELLIPSIS = "…"
MAX_COMBINING = 2  # marks kept on one character: enough for any real script's accents

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_CONTROL_PICTURES[0x7F] = "\u2421"  # DEL
_DROPPED_CATEGORIES = frozenset({"Cf"})  # format characters: invisible, width unknown
_REPLACED_CATEGORIES = frozenset({"Cs", "Co", "Cn"})  # surrogate, private use, unassigned
_COMBINING = frozenset({"Mn", "Me"})
_VARIATION_SELECTORS = frozenset(range(0xFE00, 0xFE10)) | frozenset(range(0xE0100, 0xE01F0))
_LINE_BREAKS = frozenset({"\u2028", "\u2029", "\x85"})


@lru_cache(maxsize=8192)
def _stand_in(char: str) -> tuple[str, bool]:
    """What one character is shown as (itself, a visible stand-in, or nothing), and
    whether it is a combining mark."""
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return _CONTROL_PICTURES[code], False
    if char in _LINE_BREAKS:
        return " ", False  # before C1: NEL (U+0085) is a line break, as Python's splitlines says
    if 0x80 <= code < 0xA0:
        return REPLACEMENT, False  # C1: 0x9B is CSI and 0x9D is OSC to some terminals
    if code in _VARIATION_SELECTORS:
        return "", False
    category = unicodedata.category(char)
    if category in _DROPPED_CATEGORIES:
        return "", False
    if category in _REPLACED_CATEGORIES:
        return REPLACEMENT, False
    return char, category in _COMBINING


def _needs_work(text: str) -> bool:
    # Printable ASCII is by far the most common case: no per-character look-ups for it.
    return not (text.isascii() and text.isprintable())


def visible(text: str, keep_newlines: bool = False) -> str:
    """`text` as the terminal may be given it (see the module docstring).

    `keep_newlines`: line breaks stay line breaks (an abstract, a note, a message
    of several lines); otherwise a newline is shown as its stand-in, like any control.
    """
    if not _needs_work(text):
        return text
    pieces: list[str] = []
    marks = 0
    for char in text:
        if keep_newlines and char == "\n":
            pieces.append(char)
            marks = 0
            continue
        shown, combining = _stand_in(char)
        if combining:
            marks += 1
            if marks > MAX_COMBINING or not pieces:
                continue  # too many marks on one character, or a mark with nothing to sit on
        elif shown:
            marks = 0
        pieces.append(shown)
    return "".join(pieces)


def one_line(text: str) -> str:
    """`text` for a single-line place (a list row, a toast title, a table cell):
    runs of whitespace, line breaks included, become one space."""
    return visible(" ".join(text.split()))


def undecodable_escaped(text: str) -> str:
    """`text` with each byte that was not UTF-8 (kept by Python as a lone surrogate) written
    as the text \\xff: what a file name or an argument from a shell can hold."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_name(path: str) -> str:
    """A file's name or path shown so that it is told apart from any other: bytes that are not
    UTF-8 as \\xff, and the invisible characters visible() would drop as \\u200b (`zw\\u200b.txt`
    must not pass for `zw.txt`)."""
    raw = undecodable_escaped(path)
    return visible("".join(_escaped_if_hidden(char) for char in raw))


def _escaped_if_hidden(char: str) -> str:
    shown, _combining = _stand_in(char)
    return f"\\u{ord(char):04x}" if shown == "" else char


def problem_text(problem) -> str:
    """An index.listings.problems.Problem for the screen: its file through file_name()."""
    where = file_name(problem.file) + (f":{problem.line}" if problem.line is not None else "")
    return f"{where}: {visible(problem.message)}"


def fit(text: str, cells: int) -> str:
    """`text` cut to at most `cells` terminal cells, ending in "…" when cut; `text` must
    already be visible() (a stand-in is one cell, a dropped character none)."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    kept, width = [], 0
    for char in text:
        size = cell_len(char)
        if width + size > cells - 1:
            break
        kept.append(char)
        width += size
    return "".join(kept) + ELLIPSIS


def pad(text: str, cells: int) -> str:
    """`text` fitted to exactly `cells` cells: cut with "…", or padded with spaces."""
    fitted = fit(text, cells)
    return fitted + " " * (cells - cell_len(fitted))


def safe_text(text: str, style: str = "", keep_newlines: bool = True) -> Text:
    """Outside text as a Rich Text for a widget: visible, and never parsed as markup."""
    return Text(visible(text, keep_newlines=keep_newlines), style=style)


def cells(*values: str | Text) -> tuple[Text, ...]:
    """Table cells (Rich's and Textual's DataTable): a plain string in a table is read as
    markup (`[/]` raised, `[link=...]` made a link), so each one becomes Text, one line, visible."""
    return tuple(value if isinstance(value, Text) else Text(one_line(value)) for value in values)


def json_line(data: object) -> str:
    """One line of JSON that is safe to print: non-ASCII letters stay readable; every
    character a terminal could act on, or cannot encode, is escaped (json leaves DEL,
    C1 controls, format characters and lone surrogates raw)."""
    text = json.dumps(data, ensure_ascii=False)
    if not _needs_work(text):
        return text
    return "".join(char if _stand_in(char)[0] == char else _json_escape(char) for char in text)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON spells a code point past U+FFFF as a UTF-16 pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
