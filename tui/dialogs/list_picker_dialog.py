"""Choose a reading list, or type a new name to create one; dismisses with the name or None."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.error_boundary import Guarded
from tui.safe_text import visible


class ListPickerDialog(Guarded, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="picker.cancel")]

    def __init__(self, names: list[str], title: str) -> None:
        super().__init__()
        self.names = names
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Text(self.title_text, style="bold"))
            yield OptionList(*(Option(Text(visible(name)), id=str(i)) for i, name in enumerate(self.names)))
            yield Input(placeholder="or a new list's name, then enter", id="new-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[int(event.option.id)])

    @on(Input.Submitted, "#new-list")
    def named(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)
