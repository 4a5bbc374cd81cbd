"""Edit a paper's note. ctrl+s saves; escape discards, asking first when something changed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from tui.dialogs.modal import Modal
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.safe_text import visible


class NoteDialog(Modal):
    HELP_GROUP, HELP_ORDER = "Note editor", 60  # where the help and the README list its keys
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Discard", id="note.cancel", priority=True),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.paper_title = title
        self.original = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="note-box"):
            yield Label(Text(f"Note on: {visible(self.paper_title)}", style="bold"))
            yield TextArea(self.original, id="note-text", soft_wrap=True)
            yield Label("ctrl+s saves · escape discards", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.original:
            self.dismiss(None)
            return
        question = "Discard the changes to this note?"
        self.app.push_screen(ConfirmDialog(question, yes="Discard"), self._discard_answered)

    def _discard_answered(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)
