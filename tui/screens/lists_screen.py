"""The lists screen: every reading list with its count and unread count.

Open one to see its papers; create, rename, delete (after a confirmation) and export lists.
"""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from index.shelf.store import DEFAULT_LIST, StoreError
from tui.error_boundary import Guarded
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.name_dialog import NameDialog
from tui.safe_text import cells
from tui.screens.list_export import export_with_dialog
from tui.services import Services
from tui.widgets.key_bar import KeyBar


class ListsScreen(Guarded, Screen[str | None]):
    HELP_GROUP, HELP_ORDER = "Reading lists screen", 40  # where the help and the README list its keys
    # Priority bindings, as on the main screen: each runs as its key arrives, so a list
    # opened by Enter is there for the keys typed behind it (`L⏎/a`); the table's own
    # Enter only posted a message, and the keys after it reached this screen instead.
    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="lists.back", priority=True),
        Binding("enter", "open_list", "Open", id="lists.open", priority=True),
        Binding("c", "create_list", "New list", id="lists.create", priority=True),
        Binding("R", "rename_list", "Rename", id="lists.rename", priority=True),
        Binding("D", "delete_list", "Delete", id="lists.delete", priority=True),
        Binding("E", "export_list", "Export", id="lists.export", priority=True),
        Binding("j", "move(1)", "Down", show=False, id="lists.down", priority=True),
        Binding("k", "move(-1)", "Up", show=False, id="lists.up", priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.store = services.store
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        yield Label(Text("Reading lists", style="bold"), id="lists-title")
        yield DataTable(id="lists-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("List", "Papers", "Unread", "Created")
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        summaries = self.store.lists()
        self.names = [summary.name for summary in summaries]
        for summary in summaries:
            table.add_row(*cells(summary.name, str(summary.count), str(summary.unread), summary.created[:10]))
        if keep in self.names:
            table.move_cursor(row=self.names.index(keep))

    def _selected(self) -> str | None:
        row = self.query_one(DataTable).cursor_row
        return self.names[row] if 0 <= row < len(self.names) else None

    def _change(self, change, keep: str | None = None) -> None:
        try:
            change()
        except StoreError as error:
            self.app.notify(str(error), severity="error", markup=False)
        self.reload(keep)

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + step)

    async def action_open_list(self) -> None:
        from tui.screens.list_screen import ListScreen

        if (name := self._selected()) is not None:
            await self.app.push_screen(ListScreen(self.services, name), lambda jump: self._list_closed(name, jump))

    def _list_closed(self, name: str, jump_to: str | None) -> None:
        if jump_to is not None:
            self.dismiss(jump_to)  # Enter on a paper: on to the main list, selecting it
        else:
            self.reload(name)

    async def on_data_table_row_selected(self) -> None:
        await self.action_open_list()

    async def action_create_list(self) -> None:
        def named(name: str | None) -> None:
            if name:
                self._change(lambda: self.store.create_list(name), keep=name)

        await self.app.push_screen(NameDialog("Name of the new list:"), named)

    async def action_rename_list(self) -> None:
        old = self._selected()
        if old is None:
            return

        def named(new: str | None) -> None:
            if new and new != old:
                self._change(lambda: self.store.rename_list(old, new), keep=new)

        await self.app.push_screen(NameDialog(f"Rename “{old}” to:", old), named)

    async def action_delete_list(self) -> None:
        name = self._selected()
        if name is None:
            return
        if name == DEFAULT_LIST:
            self.app.notify(f"“{name}” is the default list (the b key's); it cannot be deleted.", markup=False)
            return
        count = self.store.summary(name).count
        question = f"Delete the list “{name}” and its {count} entries? Read state and notes stay."

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda: self.store.delete_list(name))

        await self.app.push_screen(ConfirmDialog(question, yes="Delete"), answered)

    async def action_export_list(self) -> None:
        if (name := self._selected()) is not None:
            await export_with_dialog(self, name)
