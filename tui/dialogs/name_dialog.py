"""Ask for a name (a new list, a rename); dismisses with the text or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui.dialogs.modal import Modal
from tui.safe_text import safe_text


class NameDialog(Modal):
    HELP_GROUP, HELP_ORDER = "List name dialog", 65  # where the help and the README list its keys
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="name.cancel", priority=True)]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(safe_text(self.question, style="bold"))
            yield Input(self.value, id="name")

    @on(Input.Submitted)
    def named(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)
