"""The status line: "shown of total papers · sort · query problem or index state"."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.error_boundary import Guarded
from tui.safe_text import visible

MAX_LINES = 3  # a long query problem wraps; the list keeps the rest of the screen


class StatusLine(Guarded, Static):
    _text = ""  # what the line shows now
    _lines = 1  # how many lines that takes

    def show(
        self, shown: int, total: int, sort: str, reverse: bool, problem: str = "", state: str = "", new: str = "",
        marked: str = "", muted: str = "",
    ) -> None:
        direction = " (reversed)" if reverse else ""
        parts = [f"{shown:,} of {total:,} papers", f"sort: {sort}{direction}"]
        parts.extend(part for part in (problem, state, marked, new, muted) if part)  # what is wrong first
        text = visible(" · ".join(parts), keep_newlines=True)  # a problem quotes the query, an index state a path
        if text != self._text:
            self._text = text
            # Text, not markup: a problem message quotes the user's query. A layout pass
            # only when the number of lines changes (a long problem on a narrow terminal
            # wraps): a layout pass redraws the list's scrollbar, bytes on the wire.
            lines = self._lines_for(text)
            self.update(Text(text), layout=lines != self._lines)
            self._lines = lines

    def on_resize(self) -> None:
        self._lines = self._lines_for(self._text)  # the resize's layout pass sized it already

    def _lines_for(self, text: str) -> int:
        width = self.content_region.width or max(self.app.size.width - 2, 1)
        return max(1, min(MAX_LINES, len(Text(text).wrap(self.app.console, width))))
