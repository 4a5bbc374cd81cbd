"""Choose a reading list, or type a new name to create one; dismisses with the name or None.

The name field has the keyboard from the start, so a name typed right after `a`
is never lost; up and down (in the field) move the highlighted list, and Enter
takes the typed name or, with the field empty, the highlighted list.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.dialogs.modal import PickerModal
from tui.safe_text import one_line, safe_text


class ListPickerDialog(PickerModal):
    HELP_GROUP, HELP_ORDER = "Add to list dialog", 55  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape", "dismiss", "Cancel", id="picker.cancel", priority=True),
        Binding("down", "move(1)", "Next list", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous list", show=False, id="picker.up"),
    ]
    AUTO_FOCUS = "#new-list"

    def __init__(self, names: list[str], title: str) -> None:
        super().__init__()
        self.names = names
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(safe_text(self.title_text, style="bold"))
            yield OptionList(*(Option(Text(one_line(name)), id=str(i)) for i, name in enumerate(self.names)))
            yield Input(placeholder="a new list's name, or enter for the highlighted one", id="new-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0 if self.names else None

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[int(event.option.id)])

    @on(Input.Submitted, "#new-list")
    def named(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        highlighted = self.query_one(OptionList).highlighted
        if name:
            # A name already taken (ignoring case, as the store does) is that list.
            self.dismiss(next((n for n in self.names if n.casefold() == name.casefold()), name))
        elif highlighted is not None:
            self.dismiss(self.names[highlighted])
