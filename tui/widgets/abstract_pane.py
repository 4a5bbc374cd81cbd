"""The abstract pane: the selected paper's title, meta line, highlighted abstract and links."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from index.papers import Paper
from tui.paper_text import highlighted, links, meta_line
from tui.safe_text import visible

Spans = list[tuple[int, int]]


class AbstractPane(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Scroll down", show=False, id="pane.down"),
        Binding("k", "scroll_up", "Scroll up", show=False, id="pane.up"),
        Binding("space", "page_down", "Page down", show=False, id="pane.page_down"),
    ]

    def compose(self):
        yield Static(id="abstract-text")

    text = Text()  # what the pane shows, kept for tests and copying
    _shown: tuple[str, dict, str] | None = None  # (paper id, highlight terms, shelf text) on screen

    def shows(self, paper: Paper, terms: dict, shelf: str) -> bool:
        return self._shown == (paper.id, terms, shelf)

    def show(
        self, paper: Paper | None, title_spans: Spans = (), abstract_spans: Spans = (), terms: dict | None = None,
        shelf: str = "",
    ) -> None:
        """Show `paper`; `shelf` is its reading-list state (lists, read, note) as plain text."""
        self._shown = (paper.id, terms or {}, shelf) if paper is not None else None
        self.text = self._render_paper(paper, list(title_spans), list(abstract_spans), shelf)
        self.query_one("#abstract-text", Static).update(self.text)
        if self.scroll_y:
            self.scroll_home(animate=False)  # a new paper starts at its top

    def show_message(self, message: str) -> None:
        """A note in place of a paper, such as why there are no results."""
        self._shown = None
        self.text = Text("\n".join(visible(line) for line in message.split("\n")))
        self.query_one("#abstract-text", Static).update(self.text)

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
