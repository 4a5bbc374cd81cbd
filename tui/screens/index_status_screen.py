"""The index status screen: listing files, counts, and every problem with its file and line."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from index.sync.status import IndexStatus
from tui.dialogs.modal import Modal
from tui.safe_text import cells, file_name, problem_text
from tui.wording import counted


class IndexStatusScreen(Modal):
    HELP_GROUP, HELP_ORDER = "Index status", 90  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape,q,i", "dismiss", "Close", id="status.close", priority=True),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="status.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="status.up"),
    ]

    def __init__(self, status: IndexStatus | None) -> None:
        super().__init__()
        self.status = status

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="status-body"):
            yield Static(self._report(), id="status-report")

    def _report(self) -> Group | Text:
        status = self.status
        if status is None:
            return Text("There is no index yet.")
        heading = Text(
            f"The index: {counted(len(status.files), 'listing file')}, {counted(status.entries, 'entry', 'entries')}, "
            f"{counted(status.papers, 'paper')}, {counted(len(status.problems), 'problem')}",
            style="bold",
        )
        files = Table(box=None, expand=True)
        for name in ("Listing file", "Entries", "Year", "Problems"):
            files.add_column(name, no_wrap=name != "Listing file")
        for file in status.files:
            year = f"{file.capture_year or '?'} ({file.year_source.value})"
            name = Text(file_name(Path(file.path).name))  # the name: the folders are said once, below the table
            files.add_row(*cells(name, str(file.entries), year, str(len(file.problems))))
        folders = sorted({str(Path(file.path).parent) for file in status.files})
        where = Text("In " + ", ".join(file_name(folder) for folder in folders), style="dim") if folders else Text("")
        problems = Text("\n".join(problem_text(p) for p in status.problems) or "No problems.")
        return Group(heading, Text(""), files, where, Text(""), Text("Problems", style="bold"), problems)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#status-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False, immediate=True)  # keys in a burst each count
