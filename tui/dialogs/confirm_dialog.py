"""A yes/no question; dismisses with True only for an explicit yes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label

from tui.dialogs.modal import Modal
from tui.safe_text import safe_text


class ConfirmDialog(Modal):
    HELP_GROUP, HELP_ORDER = "Yes/no questions", 68  # where the help and the README list its keys
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", priority=True),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", priority=True),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(safe_text(self.question), id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
