"""What a program wrote to its terminal, sequence by sequence, judged against what papershelf may write.

papershelf (through Textual) writes text and four kinds of escape sequence: CSI
(cursor, modes, colours), OSC 8 (hyperlinks), OSC 52 (the clipboard) and OSC 22
(the mouse pointer's shape). Anything
else is data that got through the display boundary: a lone ESC, BEL or C1
control, ESC c (full reset), ESC # 8, an OSC that sets the title or the palette, a
DCS. The links must be checked URLs and a copy must hold no control character.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from index.listings.links import safe_url

ESC = 0x1B
_CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")
_OSC = re.compile(rb"\x1b\](.*?)(\x07|\x1b\\)", re.DOTALL)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
_SAFE_TWO_BYTE = {b"\x1b7", b"\x1b8", b"\x1b=", b"\x1b>"}  # save/restore cursor, keypad modes


@dataclass
class Audit:
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)

    def add(self, problem: str, context: bytes) -> None:
        self.problems.append(f"{problem}: {context[:120]!r}")


def audit(output: bytes) -> Audit:
    found = Audit()
    position = 0
    while True:
        escape = output.find(b"\x1b", position)
        _check_plain(output[position : len(output) if escape < 0 else escape], found)
        if escape < 0:
            return found
        position = _sequence_end(output, escape, found)


def _check_plain(text: bytes, found: Audit) -> None:
    """Text between escape sequences: no control character but newline, CR, tab, backspace."""
    for byte in set(text):
        if (byte < 0x20 and byte not in b"\n\r\t\x08") or byte == 0x7F:
            found.add(f"raw control byte 0x{byte:02x} in text", text)
    if _C1_UTF8.search(text):
        found.add("a C1 control character in text", text)


def _sequence_end(output: bytes, start: int, found: Audit) -> int:
    """Judge the sequence at `start`; where the text after it begins."""
    csi = _CSI.match(output, start)
    if csi:
        return csi.end()
    if output.startswith(b"\x1b]", start):
        osc = _OSC.match(output, start)
        if osc is None:
            found.add("an unterminated OSC", output[start:])
            return len(output)
        _check_osc(osc.group(1), found, output[start : osc.end()])
        return osc.end()
    two = output[start : start + 2]
    if two in _SAFE_TWO_BYTE:
        return start + 2
    found.add("an escape sequence papershelf never writes", output[start : start + 16])
    return start + 1


def _check_osc(body: bytes, found: Audit, whole: bytes) -> None:
    number, _, rest = body.partition(b";")
    if number == b"8":
        _params, _, uri = rest.partition(b";")
        url = uri.decode("utf-8", "replace")
        if url and safe_url(url) is None:
            found.add("a hyperlink to an unchecked URL", whole)
        elif url:
            found.links.append(url)
    elif number == b"52":
        _target, _, data = rest.partition(b";")
        try:
            copied = base64.b64decode(data, validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            found.add("a clipboard copy that is not base64 UTF-8", whole)
            return
        if any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in copied):
            found.add("a clipboard copy holding control characters", whole)
        found.copies.append(copied)
    elif number == b"22" and re.fullmatch(rb"[a-z-]+", rest):
        pass  # Textual's mouse pointer shape ("default", "pointer", "text")
    else:
        found.add("an OSC papershelf never writes", whole)
