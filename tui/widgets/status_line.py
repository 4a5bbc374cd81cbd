"""The status line: "shown of total papers · sort · query problem or index state"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    _text = ""  # what the line shows now
    def show(self, shown: int, total: int, sort: str, reverse: bool, problem: str = "", state: str = "") -> None:
        direction = " (reversed)" if reverse else ""
        parts = [f"{shown:,} of {total:,} papers", f"sort: {sort}{direction}"]
        parts.extend(part for part in (problem, state) if part)
        text = " · ".join(parts)
        if text != self._text:
            self._text = text
            # Text, not markup: a problem message quotes the user's query. No layout
            # pass: the line's size never changes, and a layout pass redraws the list's scrollbar.
            self.update(Text(text), layout=False)
