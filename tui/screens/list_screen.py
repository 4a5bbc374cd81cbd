"""One reading list's papers in order, to read in: the abstract pane of the selected paper,
a filter within the list, Enter to jump to the paper in the main list; reorder, remove,
toggle read (each undone with u, the last ten), note, export.

Papers show from the store's snapshots, so a list still shows papers whose
listing files are gone; those are marked "not in current listings".
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from index.listings.papers import Paper
from index.shelf.store import SavedPaper, StoreError
from index.shelf.saved_papers import paper_from_saved
from tui.error_boundary import Guarded
from tui.motion_count import MotionCount
from tui.safe_text import cells, one_line, visible
from tui.screens.list_export import export_with_dialog
from tui.screens.paper_actions import PaperActions
from tui.services import Services
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.filter_input import FilterInput
from tui.widgets.key_bar import KeyBar

GONE = "not in current listings"
# Every column but the title's is of fixed width; the title takes the rest of the row, so
# a row never scrolls sideways, and ends in "…" when longer.
NUMBER, READ, DATE, NOTE = ("#", 4), ("Read", 4), ("Date", 12), ("Note", 20)
PADDING = 2  # a DataTable cell's, either side together
SCROLLBAR = 2  # kept free, so a list that grows one taller than the screen keeps its widths
MIN_TITLE = 16


class EntryTable(Guarded, DataTable):
    """The list's table: the wheel moves the selection (as in the main list), and digits
    typed before j/k are a count (5j)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = MotionCount()

    def on_key(self, event: events.Key) -> None:
        if self.count.typed(event.key):
            event.stop()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.prevent_default()
        self.move_cursor(row=self.cursor_row + 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.prevent_default()
        self.move_cursor(row=max(self.cursor_row - 1, 0))


# What the list's keys still do while its filter has the keyboard: leave it, one way or another.
FILTER_KEEPS = frozenset({"back", "jump", "switch_pane"})


class ListScreen(Guarded, PaperActions, Screen[str | None]):
    """Dismisses with a paper's id to select it in the main list (Enter), else None."""

    HELP_GROUP, HELP_ORDER = "One list's papers", 50  # where the help and the README list its keys
    # Every binding is a priority one, as on the main screen: it runs as its key arrives, before
    # later keys of the same burst go on to the focused widget. A plain `/` moved the focus only
    # after the letters typed behind it had reached the table (`/hostile` then Enter left the
    # screen). While the filter has the keyboard, Textual gives it the keys it types, and
    # check_action keeps the others (Delete, ctrl+d, shift+arrows) for its editing.
    # Who has the keyboard is `self.focused` (see MainScreen), not a widget's late `has_focus`.
    BINDINGS = [
        Binding("escape,q", "back", "Back", id="entries.back", priority=True),
        Binding("enter", "jump", "Main list", id="entries.jump", priority=True),
        Binding("tab", "switch_pane", "Pane", show=False, id="entries.switch", priority=True),
        Binding("slash", "focus_filter", "Filter", id="entries.filter", priority=True),
        Binding("J,shift+down", "move_paper(1)", "Move down", id="entries.move_down", priority=True),
        Binding("K,shift+up", "move_paper(-1)", "Move up", id="entries.move_up", priority=True),
        Binding("x,delete", "remove_paper", "Remove", id="entries.remove", priority=True),
        Binding("r", "toggle_read", "Read", id="entries.read", priority=True),
        Binding("u", "undo", "Undo", id="entries.undo", priority=True),
        Binding("e", "edit_note", "Edit note", show=False, id="entries.note", priority=True),
        Binding("o", "open_link", "Open link", show=False, id="entries.open", priority=True),
        Binding("y", "copy_paper", "Copy", show=False, id="entries.copy", priority=True),
        Binding("Y", "copy_citation", "Copy citation", show=False, id="entries.copy_citation", priority=True),
        Binding("E", "export", "Export", id="entries.export", priority=True),
        # The motions take the count (5j) before the table sees the key, and are off where the
        # pane or the filter has the keyboard (check_action).
        Binding("j", "cursor(1)", "Down", show=False, id="entries.cursor_down", priority=True),
        Binding("k", "cursor(-1)", "Up", show=False, id="entries.cursor_up", priority=True),
        Binding("g", "edge(0)", "First", show=False, id="entries.first", priority=True),
        Binding("G", "edge(-1)", "Last", show=False, id="entries.last", priority=True),
        Binding("ctrl+d", "half_page(1)", "Half a page down", show=False, id="entries.half_down", priority=True),
        Binding("ctrl+u", "half_page(-1)", "Half a page up", show=False, id="entries.half_up", priority=True),
    ]
    AUTO_FOCUS = "#list-table"

    def __init__(self, services: Services, name: str) -> None:
        super().__init__()
        self.services = services
        self.store = services.store
        self.list_name = name
        self.papers: list[SavedPaper] = []  # the whole list, in order
        self.shown: list[SavedPaper] = []  # those the filter keeps, in order
        self._rows: list[tuple] = []  # the table's cells, one tuple per paper shown, as last read
        self._title = MIN_TITLE  # the title column's width
        self._in_listings: set[str] | None = None  # the ids the index holds, once a worker has looked
        self._filtered_by = ""  # the filter's text the rows shown are for

    def compose(self) -> ComposeResult:
        yield Label(Text(f"List: {visible(self.list_name)}", style="bold"), id="list-title")
        field = FilterInput(placeholder="/ filter this list: words of the title, abstract, note…", id="list-filter")
        field.cursor_blink = self.services.cursor_blink
        yield field
        yield EntryTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield AbstractPane(id="abstract")
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

    # Reading the list, and the filter

    def reload(self, keep: str | int | None = None) -> None:
        """Read the list again; the cursor on the paper `keep` names (an id), or on row `keep`."""
        if isinstance(keep, str) or keep is None:
            keep = keep or (paper.id if (paper := self._selected()) else None)
        self.papers = self.store.entries(self.list_name)
        self._show_filtered(keep)
        self.check_listings([paper.id for paper in self.papers])

    def _show_filtered(self, keep: str | int | None) -> None:
        self._filtered_by = self.query_one(FilterInput).value
        words = self._filtered_by.casefold().split()
        self.shown = [paper for paper in self.papers if _matches(paper, words)]
        self._rows = [self._row(paper) for paper in self.shown]
        ids = [paper.id for paper in self.shown]
        self._fill(ids.index(keep) if keep in ids else keep if isinstance(keep, int) else 0)

    @on(FilterInput.Changed, "#list-filter")
    def filter_changed(self) -> None:
        self._show_filtered(paper.id if (paper := self._selected()) else None)
        self.app.typed_ahead.may_go()

    def waits_for_results(self) -> bool:
        """Keys typed ahead of the filtered list wait for it (tui/typed_ahead.py)."""
        field = self.query_one(FilterInput)
        if self.focused is field:
            return False
        return field.keys_coming > 0 or field.value != self._filtered_by

    @on(FilterInput.Arrow, "#list-filter")
    def filter_arrow(self, event: FilterInput.Arrow) -> None:
        self._move_cursor(event.step)

    @on(FilterInput.Submitted, "#list-filter")
    def filter_submitted(self) -> None:
        self.set_focus(self.query_one(DataTable))

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
        self._rows = [self._row(paper) for paper in self.shown]
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
        for row_cells in self._rows:
            table.add_row(*row_cells)
        table.move_cursor(row=max(0, min(row, len(self._rows) - 1)))
        self._show_pane()

    # The abstract pane follows the selected row

    @on(DataTable.RowHighlighted, "#list-table")
    def row_highlighted(self) -> None:
        self._show_pane()

    @on(DataTable.RowSelected, "#list-table")
    def row_clicked(self) -> None:
        # Enter is the screen's (jump); a row is "selected" only by a click on the highlighted row.
        self.set_focus(self.query_one(AbstractPane))

    def _show_pane(self) -> None:
        saved = self._selected()
        pane = self.query_one(AbstractPane)
        if saved is None:
            words = self.query_one(FilterInput).value.strip()
            pane.show_message(f"No paper of this list matches “{words}”." if words else "This list is empty.")
            return
        paper = paper_from_saved(saved)
        shelf = self._shelf_text(saved)
        if not pane.shows(paper, {}, shelf):
            pane.show(paper, shelf=shelf)

    def _shelf_text(self, saved: SavedPaper) -> str:
        parts = [f"#{saved.position} in {self.list_name}"]
        others = [name for name in self.store.lists_of(saved.id) if name != self.list_name]
        if others:
            parts.append("also in: " + ", ".join(others))
        if saved.read_at:
            parts.append(f"read {saved.read_at[:10]}")
        if self._in_listings is not None and saved.id not in self._in_listings:
            parts.append(GONE)
        text = " · ".join(parts)
        return text + (f"\nNote: {saved.note}" if saved.note.strip() else "")

    # What PaperActions (o, y, Y) use

    def _selected(self) -> SavedPaper | None:
        row = self.query_one(DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def act_on_marked(self, action: str) -> bool:
        return False  # a list's screen marks no papers: y, Y and o act on the selected one

    def selected_paper(self) -> Paper | None:
        saved = self._selected()
        return paper_from_saved(saved) if saved is not None else None

    # Changes, each undoable

    def _change(
        self, change, keep: str | int | None, done: str, subject: SavedPaper | None = None, *, read: bool = False,
    ) -> None:
        """Run one store change and say `done`; a change to `subject` goes through the reader's
        undo history (shared with the main screen: u takes back the last change wherever it was
        made). A change to the list records the whole list's rows, as moving or removing one
        paper renumbers the others."""
        try:
            if subject is None:
                change()
            else:
                ids = [paper.id for paper in self.papers] if not read else [subject.id]
                lists = [] if read else [self.list_name]
                self.services.undo_stack().change(done, ids, change, read=read, lists=lists, subject=subject.id)
        except StoreError as error:
            self.app.notify(str(error), severity="error", markup=False)
        else:
            self.app.notify(f"{done} (u to undo)" if subject is not None else done, markup=False)
        self.reload(keep)

    def action_move_paper(self, step: int) -> None:
        if (paper := self._selected()) is None:
            return
        name = self.list_name
        if not 0 <= self.papers.index(paper) + step < len(self.papers):
            self.reload(paper.id)  # at the end already: nothing moves, nothing to undo
            return
        self._change(lambda: self.store.move(name, paper.id, step), paper.id, f"Moved {one_line(paper.title)}", paper)

    def action_remove_paper(self) -> None:
        if (paper := self._selected()) is not None:
            name = self.list_name
            self._change(
                lambda: self.store.remove(name, paper.id), self.query_one(DataTable).cursor_row,
                f"Removed from {name}: {one_line(paper.title)}", paper,
            )

    def action_toggle_read(self) -> None:
        if (paper := self._selected()) is not None:
            said = "Marked unread" if paper.read else "Marked read"
            self._change(
                lambda: self.store.set_read(paper.id, not paper.read), paper.id,
                f"{said}: {one_line(paper.title)}", paper, read=True,
            )

    def action_undo(self) -> None:
        """Take back the newest reading-list change (the last ten are kept, whichever screen
        made them), the cursor on its paper where this list holds it."""
        try:
            change = self.services.undo_stack().undo_change()
        except StoreError as error:
            self.app.notify(f"Could not undo: {error}", severity="error", markup=False)
            self.reload()
            return
        if change is None:
            self.app.notify("Nothing to undo.")
            return
        self.app.notify(f"Undone: {change.description}", markup=False)
        self.reload(change.subject)

    async def action_edit_note(self) -> None:
        from tui.dialogs.note_dialog import NoteDialog

        if (paper := self._selected()) is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                self._change(lambda: self.store.set_note(paper.id, text.strip()), paper.id, "Note saved")

        await self.app.push_screen(NoteDialog(paper.title, self.store.note(paper.id)), edited)

    async def action_export(self) -> None:
        await export_with_dialog(self, self.list_name)

    # Moving about

    def action_back(self) -> None:
        if self.focused is self.query_one(FilterInput):
            self.set_focus(self.query_one(DataTable))
        else:
            self.dismiss(None)

    def action_jump(self) -> None:
        if self.focused is self.query_one(FilterInput):
            self.set_focus(self.query_one(DataTable))  # as Enter in the main filter: to the list
        elif (paper := self._selected()) is not None:
            self.dismiss(paper.id)

    def action_switch_pane(self) -> None:
        table, pane = self.query_one(DataTable), self.query_one(AbstractPane)
        self.set_focus(pane if self.focused is table else table)

    def action_focus_filter(self) -> None:
        self.set_focus(self.query_one(FilterInput))

    def action_cursor(self, step: int) -> None:
        self._move_cursor(step * self.query_one(EntryTable).count.take())

    def action_edge(self, end: int) -> None:
        table = self.query_one(EntryTable)
        table.count.take()
        table.move_cursor(row=0 if end == 0 else len(self.shown) - 1)

    def action_half_page(self, direction: int) -> None:
        table = self.query_one(EntryTable)
        half = max((table.scrollable_content_region.height - 1) // 2, 1)  # less the header row
        self._move_cursor(direction * table.count.take() * half)

    def _move_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(table.cursor_row + step, len(self.shown) - 1)))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.focused is self.query_one(FilterInput) and action not in FILTER_KEEPS:
            return False  # an editing key of the filter, or a character it types
        if action in ("cursor", "edge", "half_page") and self.focused is not self.query_one(DataTable):
            return False  # the pane scrolls with its own keys; the filter types them
        return True


def _matches(paper: SavedPaper, words: list[str]) -> bool:
    """Every word of the filter in the title, abstract, organisation or note (ignoring case)."""
    if not words:
        return True
    text = " ".join((paper.title, paper.abstract, paper.organisation or "", paper.note)).casefold()
    return all(word in text for word in words)


def _one_line(text: str) -> Text:
    return Text(text, no_wrap=True, overflow="ellipsis")
