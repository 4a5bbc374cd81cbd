"""The saved views, each with its total and its papers new since the last visit (filled in
as each view is counted: the picker opens at once).

Returns the chosen index.shelf.views.View, or None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from index.search.for_you import sort_label
from index.shelf.views import ViewSummary
from tui.dialogs.modal import PickerModal
from tui.safe_text import fit, one_line, pad
from tui.wording import counted


class ViewsDialog(PickerModal):
    HELP_GROUP, HELP_ORDER = "Views", 85  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="views.close", priority=True),
        Binding("j", "move(1)", "Down", show=False, id="views.down"),
        Binding("k", "move(-1)", "Up", show=False, id="views.up"),
    ]

    def __init__(self, summaries: list[ViewSummary]) -> None:
        super().__init__()
        self.summaries = summaries

    def compose(self) -> ComposeResult:
        with Vertical(id="views-box"):
            yield Label(Text("Views (Enter: open · V on the main screen saves the filter as one)", style="bold"))
            yield OptionList(*(Option(self._row(s), id=str(n)) for n, s in enumerate(self.summaries)), id="views-list")

    @staticmethod
    def _row(summary: ViewSummary) -> Text:
        view = summary.view
        if summary.problem:
            counts = f"cannot run: {one_line(summary.problem)}"
        elif summary.total is None:
            counts = "counting…"
        else:
            counts = f"{counted(summary.total or 0, 'paper')} · {summary.new or 0:,} new"
        sort = f" · by {one_line(sort_label(view.sort))}{' reversed' if view.reverse else ''}" if view.sort else ""
        return Text(f"{pad(one_line(view.name), 24)}  {counts}{sort}\n  {fit(one_line(view.query), 70)}")

    @property
    def waiting(self) -> bool:
        """Whether counts are still wanted: the picker has not been answered."""
        return not self._answered

    def show_count(self, number: int, summary: ViewSummary) -> None:
        """The counts of the `number`th view, once they come (tui/screens/morning_actions.py)."""
        self.summaries[number] = summary
        options = self.query_one_optional(OptionList)
        if options is not None:  # else composed later, from the summaries
            options.replace_option_prompt(str(number), self._row(summary))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        summary = self.summaries[int(event.option.id)]
        self.dismiss(None if summary.problem else summary.view)

