"""The last check before the terminal: no drawn segment carries a control character, a
bidirectional control or an unchecked hyperlink.

Widgets put outside text through tui.safe_text first; this line filter (every line
Textual draws passes the app's filters) catches a widget that did not. It removes,
rather than replaces, what it finds: a control character takes no cell in Rich's
layout, so removing it keeps every line its width. So does a bidirectional embedding,
override, isolate or mark (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C): zero
cells wide, and able to reorder what the rest of the line shows ("Trojan Source"); the
filter's own text, typed or pasted by the user, is drawn without tui.safe_text. Textual's own escape sequences
are not in segment text (they are made from styles), so nothing of the app's is lost.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

from index.listings.links import safe_url

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@lru_cache(maxsize=1024)
def _checked_style(style: Style) -> Style:
    """The style without its link when the link is not a safe URL (its meta, for
    clicks, is kept)."""
    if style.link is None or safe_url(style.link) is not None:
        return style
    return style.update_link(None)


class TerminalGuard(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        checked = []
        for segment in segments:
            text, style, control = segment
            if control is None:
                if _CONTROLS.search(text):
                    text = _CONTROLS.sub("", text)
                if style is not None and style.link is not None:
                    style = _checked_style(style)
            checked.append(Segment(text, style, control))
        return checked
