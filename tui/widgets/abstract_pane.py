"""The abstract pane: the selected paper's title, meta line, highlighted abstract and links.

A line-API ScrollView, like the paper list: the text is wrapped once per paper
(and per width), and a new paper redraws only the rows whose text changed.
Over SSH every redrawn row is bytes on the wire, and a Static in a scrolling
container would re-lay out the screen and draw the pane twice per keystroke.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from index.listings.papers import Paper
from tui.error_boundary import Guarded
from tui.paper_text import highlighted, links, meta_line
from tui.safe_text import visible

Spans = list[tuple[int, int]]
_MARGIN = 1  # blank columns left and right of the text


class AbstractPane(Guarded, ScrollView, can_focus=True):
    HELP_GROUP, HELP_ORDER = "Abstract pane", 30  # where the help and the README list its keys
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="pane.down", priority=True),
        Binding("k", "scroll_up", "Scroll up", show=False, id="pane.up", priority=True),
        Binding("space", "page_down", "Page down", show=False, id="pane.page_down", priority=True),
        Binding("g", "top", "Top", show=False, id="pane.top", priority=True),
        Binding("G", "bottom", "Bottom", show=False, id="pane.bottom", priority=True),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = Text()  # what the pane shows, kept for tests and copying
        self._shown: tuple[str, dict, str] | None = None  # (paper id, highlight terms, shelf text) on screen
        self._lines: list[Strip] = []  # self.text wrapped to the pane's width
        self._wrapped_width = 0

    @property
    def lines(self) -> list[str]:
        """The wrapped lines as plain text, the way the pane shows them."""
        return [line.text.rstrip() for line in self._lines]

    def shows(self, paper: Paper, terms: dict, shelf: str) -> bool:
        return self._shown == (paper.id, terms, shelf)

    def show(
        self, paper: Paper | None, title_spans: Spans = (), abstract_spans: Spans = (), terms: dict | None = None,
        shelf: str = "",
    ) -> None:
        """Show `paper`; `shelf` is its reading-list state (lists, read, note) as plain text."""
        same_paper = self._shown is not None and paper is not None and self._shown[0] == paper.id
        self._shown = (paper.id, terms or {}, shelf) if paper is not None else None
        self._set_text(self._render_paper(paper, list(title_spans), list(abstract_spans), shelf), same_paper)

    def show_message(self, message: str) -> None:
        """A note in place of a paper, such as why there are no results."""
        self._shown = None
        self._set_text(Text("\n".join(visible(line) for line in message.split("\n"))))

    def _set_text(self, text: Text, keep_scroll: bool = False) -> None:
        self.text = text
        old = self._lines
        self._wrap()
        if self.scroll_y and not keep_scroll:
            self.scroll_to(y=0, animate=False)  # a new paper starts at its top; scrolling redraws it all
            return
        self._refresh_changed(old)

    def _wrap(self) -> None:
        width = self.size.width - 2 * _MARGIN
        self._wrapped_width = self.size.width
        if width <= 0:
            self._lines = []
        else:
            console = self.app.console
            wrapped = self.text.wrap(console, width, overflow="fold")
            self._lines = [Strip(line.render(console), line.cell_len) for line in wrapped]
        # set_reactive, not assignment: assigning lays out the whole screen again,
        # which redraws the list's scrollbar too (1-3 KB over SSH for each `j`).
        self.set_reactive(Widget.virtual_size, Size(self.size.width, len(self._lines)))

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    @property
    def allow_vertical_scroll(self) -> bool:
        # overflow-y is hidden (no scrollbar to redraw), yet j/k/space still scroll.
        return self.max_scroll_y > 0

    def _refresh_changed(self, old: list[Strip]) -> None:
        """Refresh only the visible rows whose text or style changed (and the "more" line)."""
        top, height = int(self.scroll_offset.y), self.size.height
        for y in range(top, top + height):
            before = old[y] if y < len(old) else None
            after = self._lines[y] if y < len(self._lines) else None
            if before != after or y == top + height - 1:
                self.refresh_line(y)

    def on_resize(self) -> None:
        if self.size.width != self._wrapped_width:
            self._wrap()
            self.refresh()

    def on_focus(self) -> None:
        self.refresh_line(int(self.scroll_offset.y) + self.size.height - 1)  # the "more" line names other keys

    on_blur = on_focus

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        width = self.size.width
        if y == self.size.height - 1 and row < len(self._lines) - 1:
            line = self._more_line(len(self._lines) - row)
        else:
            line = self._lines[row] if row < len(self._lines) else Strip.blank(0)
        margin = Strip.blank(_MARGIN)
        return Strip.join([margin, line]).extend_cell_length(width).crop(0, width).apply_style(self.rich_style).simplify()

    def _more_line(self, hidden: int) -> Strip:
        keys = "j/space" if self.has_focus else "tab, then j/space"
        return Strip([Segment(f"↓ {hidden} more lines ({keys})", Style(dim=True, italic=True))])

    @staticmethod
    def _render_paper(paper: Paper | None, title_spans: Spans, abstract_spans: Spans, shelf: str) -> Text:
        if paper is None:
            return Text("No paper selected.", style="dim")
        text = highlighted(paper.title, title_spans)
        text.stylize("bold")
        text.append("\n")
        text.append(meta_line(paper), style="dim")
        if shelf:
            text.append("\n")
            text.append("\n".join(visible(line) for line in shelf.split("\n")), style="italic")
        text.append("\n\n")
        text.append_text(highlighted(paper.abstract, abstract_spans))
        urls = links(paper)
        if urls:
            text.append("\n\nLinks:\n", style="bold")
            for url in urls:
                # Only http(s) URLs without control characters become hyperlinks.
                text.append(f"  {visible(url)}\n", style=Style(link=url, underline=True))
        text.append(f"\nid {paper.id}", style="dim")
        return text
