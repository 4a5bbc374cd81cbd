"""Papers similar to one paper, with the key terms the likeness was judged on.

Returns ("jump", paper_id) when the user picks a paper, ("filter", query)
when they turn the key terms into a filter, or None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from index.listings.papers import Paper
from index.search.results import Similar
from tui.dialogs.modal import PickerModal
from tui.paper_text import date_text
from tui.safe_text import visible

Choice = tuple[str, str] | None


class SimilarDialog(PickerModal):
    HELP_GROUP, HELP_ORDER = "Similar papers", 80  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close", id="similar.close", priority=True),
        Binding("f", "filter_by_terms", "Filter by key terms", id="similar.filter"),
        Binding("j", "move(1)", "Down", show=False, id="similar.down"),
        Binding("k", "move(-1)", "Up", show=False, id="similar.up"),
    ]

    def __init__(self, paper: Paper, similar: Similar) -> None:
        super().__init__()
        self.paper = paper
        self.similar = similar

    def compose(self) -> ComposeResult:
        with Vertical(id="similar-box"):
            yield Label(Text(f"Like: {visible(self.paper.title)}", style="bold"), id="similar-title")
            terms = ", ".join(self.similar.key_terms) or "none"
            # The key first: a long list of terms wraps, and would push it out of a narrow box.
            yield Label(Text(f"Key terms (f: filter by them): {visible(terms)}"), id="similar-terms")
            options = [Option(self._row(hit.paper), id=hit.paper.id) for hit in self.similar.hits]
            yield OptionList(*options, id="similar-papers")
            if not options:
                yield Label("No similar papers.")

    @staticmethod
    def _row(paper: Paper) -> Text:
        return Text(f"{visible(paper.title)}  ({date_text(paper.date)})")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("jump", event.option.id))

    def action_filter_by_terms(self) -> None:
        if self.similar.key_terms:
            self.dismiss(("filter", self.similar.as_query))

