"""The help screen: every key binding, grouped by where it works, as the keymap has them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.dialogs.modal import Modal
from tui.safe_text import one_line
from tui.key_help import key_rows, keys_text


class HelpScreen(Modal):
    HELP_GROUP, HELP_ORDER = "Help screen", 100  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close", priority=True),
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="help.up"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._table(), id="help-table")

    def _table(self) -> Table:
        table = Table(title="Keys", expand=True, box=None, padding=(0, 1), title_style="bold")
        table.add_column("Keys", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column(Text("Keymap id"), style="dim", no_wrap=True)  # the config's [keymap] names it
        group = None
        for row in key_rows(self.app.keymap):
            if row.group != group:
                group = row.group
                table.add_row(Text(group, style="underline"), "", "")
            table.add_row(Text(one_line(keys_text(row))), Text(row.description), Text(row.binding_id))
        return table

    # immediate: a deferred scroll counts from where the last one will end only once it
    # has run, so keys pressed in a burst (a held key) would scroll a single line.
    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up(animate=False, immediate=True)
