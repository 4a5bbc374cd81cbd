"""One reading list's papers in order: reorder, remove, toggle read, export.

Papers show from the store's snapshots, so a list still shows papers whose
listing files are gone; those are marked "not in current listings".
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from index.reading_store import SavedPaper, StoreError
from tui.error_boundary import Guarded
from tui.safe_text import cells, visible
from tui.screens.list_export import export_with_dialog
from tui.services import Services
from tui.widgets.key_bar import KeyBar

GONE = "not in current listings"
# Every column but the title's is of fixed width; the title takes the rest of the row, so
# a row never scrolls sideways, and ends in "…" when longer.
NUMBER, READ, DATE, NOTE = ("#", 4), ("Read", 4), ("Date", 12), ("Note", 20)
PADDING = 2  # a DataTable cell's, either side together
SCROLLBAR = 2  # kept free, so a list that grows one taller than the screen keeps its widths
MIN_TITLE = 16


class ListScreen(Guarded, Screen[None]):
    HELP_GROUP, HELP_ORDER = "One list's papers", 50  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="entries.back", priority=True),
        Binding("J,shift+down", "move_paper(1)", "Move down", id="entries.move_down"),
        Binding("K,shift+up", "move_paper(-1)", "Move up", id="entries.move_up"),
        Binding("x,delete", "remove_paper", "Remove", id="entries.remove"),
        Binding("r", "toggle_read", "Read", id="entries.read"),
        Binding("E", "export", "Export", id="entries.export"),
        Binding("j", "cursor(1)", "Down", show=False, id="entries.cursor_down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="entries.cursor_up"),
    ]

    def __init__(self, services: Services, name: str) -> None:
        super().__init__()
        self.services = services
        self.store = services.store
        self.list_name = name
        self.papers: list[SavedPaper] = []
        self._rows: list[tuple] = []  # the table's cells, one tuple per paper, as last read
        self._title = MIN_TITLE  # the title column's width
        self._in_listings: set[str] | None = None  # the ids the index holds, once a worker has looked

    def compose(self) -> ComposeResult:
        yield Label(Text(f"List: {visible(self.list_name)}", style="bold"), id="list-title")
        yield DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self._title = self._title_width()
        self._add_columns()
        self.reload()

    def on_resize(self) -> None:
        width = self._title_width()
        if width != self._title:
            self._title = width
            table = self.query_one(DataTable)
            row = table.cursor_row
            table.clear(columns=True)
            self._add_columns()
            self._fill(row)  # the rows as read: a resize reads neither the store nor the index

    def _title_width(self) -> int:
        fixed = sum(width + PADDING for _label, width in (NUMBER, READ, DATE, NOTE))
        return max(self.size.width - fixed - PADDING - SCROLLBAR, MIN_TITLE)

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        for label, width in (NUMBER, READ, ("Title", self._title), DATE, NOTE):
            table.add_column(label, width=width)

    def reload(self, row: int = 0) -> None:
        self.papers = self.store.entries(self.list_name)
        self._rows = [self._row(paper) for paper in self.papers]
        self._fill(row)
        self.check_listings([paper.id for paper in self.papers])

    @work(thread=True, exclusive=True, group="in-listings")
    def check_listings(self, paper_ids: list[str]) -> None:
        """Which papers the listings still hold: an index read, so a worker's."""
        known = self.services.searcher.known(paper_ids)
        self.app.call_from_thread(self._listings_checked, paper_ids, known)

    def _listings_checked(self, paper_ids: list[str], known: set[str]) -> None:
        if paper_ids != [paper.id for paper in self.papers]:
            return  # the list changed meanwhile: a newer check is on its way
        self._in_listings = known
        table = self.query_one(DataTable)
        self._rows = [self._row(paper) for paper in self.papers]
        self._fill(table.cursor_row)

    def _row(self, paper: SavedPaper) -> tuple:
        title = visible(" ".join(paper.title.split()))
        if self._in_listings is not None and paper.id not in self._in_listings:
            title += f"  ({GONE})"
        note = visible(paper.note.split("\n")[0])
        return cells(str(paper.position), "✓" if paper.read else "", _one_line(title), paper.published, _one_line(note))

    def _fill(self, row: int) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for cells in self._rows:
            table.add_row(*cells)
        table.move_cursor(row=max(0, min(row, len(self._rows) - 1)))

    def _selected(self) -> SavedPaper | None:
        row = self.query_one(DataTable).cursor_row
        return self.papers[row] if 0 <= row < len(self.papers) else None

    def _change(self, change, row: int) -> None:
        try:
            change()
        except StoreError as error:
            self.app.notify(str(error), severity="error", markup=False)
        self.reload(row)

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + step)

    def action_move_paper(self, step: int) -> None:
        if (paper := self._selected()) is not None:
            self._change(lambda: self.store.move(self.list_name, paper.id, step), paper.position - 1 + step)

    def action_remove_paper(self) -> None:
        if (paper := self._selected()) is not None:
            row = paper.position - 1
            self._change(lambda: self.store.remove(self.list_name, paper.id), row)
            self.app.notify(f"Removed from {self.list_name}: {paper.title}", markup=False)

    def action_toggle_read(self) -> None:
        if (paper := self._selected()) is not None:
            self._change(lambda: self.store.set_read(paper.id, not paper.read), paper.position - 1)

    async def action_export(self) -> None:
        await export_with_dialog(self, self.list_name)


def _one_line(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")
