"""A paper's links, numbered: its own page first, then its abstract's links in order.

One key each (1 to 9), or the arrows and Enter; dismisses with the chosen link or None.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.dialogs.modal import Modal
from tui.safe_text import one_line, visible

MOST_NUMBERED = 9  # one key each; more links are reached with the arrows


class LinksDialog(Modal):
    HELP_GROUP, HELP_ORDER = "Links dialog", 57  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape,q", "dismiss", "Cancel", id="links.cancel", priority=True),
        *(Binding(str(n), f"pick({n})", f"Open link {n}", show=n == 1, id=f"links.{n}", priority=True)
          for n in range(1, MOST_NUMBERED + 1)),
    ]

    def __init__(self, title: str, urls: list[str], page: str | None) -> None:
        """`urls` as offered; `page`: the paper page among them (labelled so), if any."""
        super().__init__()
        self.title_text = title
        self.urls = urls
        self.page = page

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="links-box"):
            yield Label(Text(f"Open a link of: {one_line(self.title_text)}", style="bold"))
            yield OptionList(*(Option(self._row(n, url), id=str(n)) for n, url in enumerate(self.urls, 1)))

    def _row(self, number: int, url: str) -> Text:
        key = str(number) if number <= MOST_NUMBERED else " "
        label = "paper page: " if url == self.page else ""
        return Text(f"{key}  {label}{visible(url)}", no_wrap=True, overflow="ellipsis")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.urls):
            self.dismiss(self.urls[number - 1])

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id))
