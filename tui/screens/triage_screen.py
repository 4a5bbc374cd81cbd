"""Triage: the results one paper at a time, whole abstract on screen, one key per decision.

b keeps (bookmarks), a adds to a list, x dismisses (not interested), r marks read,
s or space skips (seen); each moves to the next paper, and marks the paper seen.
u undoes the last decision, whatever it was. Leaving (Escape, q, or the last paper
decided) says what was decided. Every decision goes to the store at once, so a
triage left halfway keeps what it did.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Label

from index.listings.papers import Paper
from index.shelf.store import DEFAULT_LIST, ReadingStore, StoreError
from tui.error_boundary import Guarded
from tui.results import PAGE, ResultSet
from tui.widgets.abstract_pane import AbstractPane
from tui.widgets.key_bar import KeyBar


@dataclass(frozen=True)
class Decision:
    """What one key did to one paper, and what undoing it needs."""

    paper: Paper
    kind: str  # kept, listed, dismissed, read, skipped
    list_name: str = ""
    was_in: bool = False  # the paper was already in that list / read / seen / dismissed
    seen_before: bool = False  # every decision marks the paper seen: undo takes that back too


class TriageScreen(Guarded, Screen):
    HELP_GROUP, HELP_ORDER = "Triage", 90  # where the help and the README list its keys
    BINDINGS = [
        Binding("b", "keep", "Keep (bookmark)", id="triage.keep", priority=True),
        Binding("a", "add_to_list", "Add to list", id="triage.add", priority=True),
        Binding("x", "dismiss_paper", "Not interested", id="triage.dismiss", priority=True),
        Binding("r", "read", "Read", id="triage.read", priority=True),
        Binding("s,space", "skip", "Skip", id="triage.skip", priority=True),
        Binding("u", "undo", "Undo", id="triage.undo", priority=True),
        Binding("escape,q", "leave", "Leave", id="triage.leave", priority=True),
    ]

    def __init__(self, results: ResultSet, store: ReadingStore) -> None:
        super().__init__()
        self.results, self.store = results, store
        self.position = 0
        self.decisions: list[Decision] = []
        self._pages: dict[int, list[Paper]] = {}
        self._left = False

    def compose(self) -> ComposeResult:
        yield Label("", id="triage-progress")
        yield AbstractPane(id="triage-paper")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    @property
    def paper(self) -> Paper | None:
        page = self._pages.get(self.position // PAGE)
        if page is None or self.position - (self.position // PAGE) * PAGE >= len(page):
            return None
        return page[self.position % PAGE]

    def _show(self) -> None:
        if self.position >= self.results.total:
            self.action_leave()
            return
        paper = self.paper
        self._show_progress()
        if paper is None:
            self._fetch(self.position // PAGE)
            return
        self.query_one(AbstractPane).show(paper)

    def _show_progress(self) -> None:
        counts = Counter(decision.kind for decision in self.decisions)
        left = self.results.total - self.position
        self.query_one("#triage-progress", Label).update(
            f"Triage: {left:,} left · {counts['kept'] + counts['listed']:,} kept · {counts['dismissed']:,} dismissed"
            f" · {counts['read']:,} read · {counts['skipped']:,} skipped"
        )

    @work(thread=True, exclusive=True, group="triage-page")
    def _fetch(self, number: int) -> None:
        rows = self.results.page_rows(number)
        self.app.call_from_thread(self._fetched, number, rows)

    def _fetched(self, number: int, rows: list[Paper]) -> None:
        self._pages[number] = rows
        if not rows:
            self.action_leave()  # the results changed under us: nothing more to decide
        elif self.position // PAGE == number:
            self._show()

    # Decisions

    def _decide(self, kind: str, change, was_in: bool = False, list_name: str = "") -> None:
        paper = self.paper
        if paper is None:
            return  # its page is on its way
        try:
            seen_before = paper.id in self.store.seen_ids()
            change(paper)
            self.store.mark_seen(paper.id)
        except StoreError as error:
            self.app.notify(str(error), title="Triage", severity="error")
            return
        self.decisions.append(Decision(paper, kind, list_name, was_in, seen_before))
        self.position += 1
        self._show()

    def action_keep(self) -> None:
        if (paper := self.paper) is not None:
            was_in = paper.id in self.store.list_ids(DEFAULT_LIST)
            self._decide("kept", lambda p: was_in or self.store.add(DEFAULT_LIST, p), was_in, DEFAULT_LIST)

    async def action_add_to_list(self) -> None:
        from tui.dialogs.list_picker_dialog import ListPickerDialog

        if (paper := self.paper) is None:
            return
        names = [summary.name for summary in self.store.lists()]

        def chosen(name: str | None) -> None:
            if not name or self.paper is None or self.paper.id != paper.id:
                return

            def add(p: Paper) -> None:
                if name not in names:
                    self.store.create_list(name)
                self.store.add(name, p)

            was_in = name in names and paper.id in self.store.list_ids(name)
            self._decide("listed", add, was_in, name)

        await self.app.push_screen(ListPickerDialog(names, "Add to which list?"), chosen)

    def action_dismiss_paper(self) -> None:
        if (paper := self.paper) is not None:
            was_in = paper.id in self.store.dismissed_ids()
            self._decide("dismissed", lambda p: self.store.dismiss([p.id]), was_in)

    def action_read(self) -> None:
        if (paper := self.paper) is not None:
            was_in = self.store.is_read(paper.id)
            self._decide("read", lambda p: self.store.set_read(p.id, True), was_in)

    def action_skip(self) -> None:
        if (paper := self.paper) is not None:
            was_in = paper.id in self.store.seen_ids()
            self._decide("skipped", lambda p: None, was_in)

    def action_undo(self) -> None:
        if not self.decisions:
            self.app.notify("Nothing to undo.", title="Triage")
            return
        decision = self.decisions.pop()
        try:
            self._undo(decision)
        except StoreError as error:
            self.app.notify(str(error), title="Triage", severity="error")
        self.position -= 1
        self._show()
        self.app.notify(f"Undone: {decision.kind} {decision.paper.title}", title="Triage", markup=False)

    def _undo(self, decision: Decision) -> None:
        paper_id = decision.paper.id
        if decision.kind in ("kept", "listed") and not decision.was_in:
            self.store.remove(decision.list_name, paper_id)
        elif decision.kind == "dismissed" and not decision.was_in:
            self.store.undismiss([paper_id])
        elif decision.kind == "read" and not decision.was_in:
            self.store.set_read(paper_id, False)
        if not decision.seen_before:
            self.store.mark_unseen(paper_id)

    def action_leave(self) -> None:
        if self._left:
            return  # a key of a burst, or the last decision and Escape together
        self._left = True
        counts = Counter(decision.kind for decision in self.decisions)
        self.app.notify(
            f"Triage: {len(self.decisions):,} decided · {counts['kept'] + counts['listed']:,} kept · "
            f"{counts['dismissed']:,} dismissed · {counts['read']:,} read · {counts['skipped']:,} skipped",
            title="Triage",
        )
        self.dismiss(len(self.decisions))
