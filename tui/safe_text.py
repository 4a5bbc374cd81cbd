"""Text from listing files is data: make it safe to put on a terminal.

Control characters (C0, DEL, C1: ESC starts ANSI and OSC sequences) become
visible symbols, so no byte from a listing can style, move, link or act.
Markup safety is separate: widgets build `rich.text.Text` objects directly
and never parse listing text as markup.
"""

from __future__ import annotations

import json

_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20)}
_CONTROL_PICTURES[0x7F] = 0x2421  # DEL
_C1_REPLACEMENT = 0xFFFD


def _build_table() -> dict[int, int]:
    table = dict(_CONTROL_PICTURES)
    table.update({code: _C1_REPLACEMENT for code in range(0x80, 0xA0)})
    # Bidirectional overrides can reorder what the terminal shows.
    table.update({code: _C1_REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
    return table


_TABLE = _build_table()


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible stand-in."""
    return text.translate(_TABLE)


def json_line(data: object) -> str:
    """One line of JSON that is safe to print: non-ASCII letters stay readable,
    DEL and C1 controls (which json leaves raw) are escaped."""
    text = json.dumps(data, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if 0x7F <= ord(c) < 0xA0 else c for c in text)
