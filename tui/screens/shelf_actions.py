"""Reading-list actions on the main screen: bookmark, add to a list, read state, notes.

A mixin of the main screen, kept apart so the screen file stays about searching; it uses
only what tui/screens/reader_screen.ReaderScreen names.
Every change goes to the store at once (one committed transaction each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from index.listings.papers import Paper
from index.shelf.store import DEFAULT_LIST, ReadingStore, StoreError
from tui.wording import counted
from tui.widgets.paper_list import PaperList


if TYPE_CHECKING:
    from tui.screens.reader_screen import ReaderScreen as _Screen
else:
    _Screen = object  # the contract is for type checkers; at run time the screen provides it


class ShelfActions(_Screen):
    # Textual merges BINDINGS only from widget classes: the screen lists these in its own.
    SHELF_BINDINGS = [
        Binding("b", "toggle_bookmark", "Bookmark", id="shelf.bookmark", priority=True),
        Binding("a", "add_to_list", "Add to list", show=False, id="shelf.add", priority=True),
        Binding("r", "toggle_read", "Read", show=False, id="shelf.read", priority=True),
        Binding("n", "next_unread(1)", "Next unread", show=False, id="shelf.next_unread", priority=True),
        Binding("p", "next_unread(-1)", "Previous unread", show=False, id="shelf.previous_unread", priority=True),
        Binding("ctrl+r", "mark_all_read", "Mark all shown read", show=False, id="shelf.all_read", priority=True),
        Binding("e", "edit_note", "Edit note", show=False, id="shelf.note", priority=True),
        Binding("L", "show_lists", "Lists", id="shelf.lists", priority=True),
    ]

    def store_or_say(self) -> ReadingStore | None:
        store = self.services.store
        if store is None:
            self.app.notify("Reading lists are not available: the store could not be opened.", severity="error")
        return store

    def _change(self, change, done: str, ids: list[str] | None = None, **parts) -> None:
        """Run one store change; say what happened, or why it did not. With the `ids` of the
        papers it changes (in the `parts` of index.shelf.undo), `u` can undo it."""
        stack = self.services.undo_stack() if ids else None
        try:
            if stack is not None:
                stack.change(done, ids, change, **parts)
            else:
                change()
        except StoreError as error:
            self._changed(str(error))
            return
        self._changed(None, done)

    def _changed(self, problem: str | None, done: str = "") -> None:
        if problem is not None:
            self.app.notify(problem, title="Reading lists", severity="error")
            return
        self.shelf_changed()
        self.app.notify(done)

    def action_toggle_bookmark(self) -> None:
        if self.act_on_marked("bookmark"):
            return
        paper, store = self.selected_paper(), self.store_or_say()
        if paper is not None and store is not None:
            now_in = paper.id not in self.shelf.bookmarked
            message = f"Bookmarked: {paper.title}" if now_in else f"Removed from {DEFAULT_LIST}: {paper.title}"
            self._change(lambda: store.toggle(DEFAULT_LIST, paper), message, [paper.id], lists=[DEFAULT_LIST])

    async def action_add_to_list(self) -> None:
        from tui.dialogs.list_picker_dialog import ListPickerDialog  # on use: not needed for the first frame

        if self.act_on_marked("add"):
            return
        paper, store = self.selected_paper(), self.store_or_say()
        if paper is None or store is None:
            return
        names = [summary.name for summary in store.lists()]

        def chosen(name: str | None) -> None:
            if name is None:
                return

            def add() -> None:
                if name not in names:
                    store.create_list(name)
                store.add(name, paper)

            self._change(add, f"Added to {name}: {paper.title}", [paper.id], lists=[name])

        await self.app.push_screen(ListPickerDialog(names, "Add to which list?"), chosen)

    def action_toggle_read(self) -> None:
        if self.act_on_marked("read"):
            return
        paper, store = self.selected_paper(), self.store_or_say()
        if paper is not None and store is not None:
            read = paper.id not in self.shelf.read
            done = f"Marked {'read' if read else 'unread'}: {paper.title}"
            self._change(lambda: store.set_read(paper.id, read), done, [paper.id], read=True)

    def action_next_unread(self, step: int) -> None:
        papers, results = self.query_one(PaperList), self.results
        if results is not None:
            self.find_unread(results, papers.cursor + step, step, self.shelf.read)

    @work(thread=True, exclusive=True, group="next-unread")
    def find_unread(self, results, start: int, step: int, read: frozenset[str]) -> None:
        """Walk the results page by page (searches: off the UI thread) to the next unread paper."""
        found = results.find(start, step, lambda paper: paper.id not in read)
        self.app.call_from_thread(self._go_to_unread, results, found, step)

    def _go_to_unread(self, results, found, step: int) -> None:
        if results is not self.results:
            return  # other results since: the row found is not theirs
        if found is None:
            self.app.notify("No unread paper " + ("below." if step > 0 else "above."))
            return
        self.query_one(PaperList).go_to(found)

    async def action_mark_all_read(self) -> None:
        store = self.store_or_say()
        results = self.results
        if store is None or results is None or results.total == 0:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark_shown_read(store, results)

        from tui.dialogs.confirm_dialog import ConfirmDialog  # dialogs load when first asked for

        question = f"Mark {'the paper' if results.total == 1 else f'all {results.total:,} papers'} shown as read?"
        await self.app.push_screen(ConfirmDialog(question, yes="Mark read"), answered)

    @work(thread=True, group="mark-read")
    def mark_shown_read(self, store: ReadingStore, results) -> None:
        """Every paper of the results read: their ids from the index (a search), one store change."""
        ids = results.paper_ids()
        done = f"Marked {counted(len(ids), 'paper')} shown read"
        try:
            # One transaction, however many papers; undone exactly (a paper read before stays read).
            self.services.undo_stack().change(done, ids, lambda: store.mark_read(ids), read=True)
        except StoreError as error:
            self.app.call_from_thread(self._changed, str(error))
            return
        self.app.call_from_thread(self._changed, None, done)

    async def action_edit_note(self) -> None:
        from tui.dialogs.note_dialog import NoteDialog  # on use: its TextArea is not needed for the first frame

        paper, store = self.selected_paper(), self.store_or_say()
        if paper is None or store is None:
            return

        def edited(text: str | None) -> None:
            if text is not None:
                self._change(lambda: (store.remember(paper), store.set_note(paper.id, text.strip())), "Note saved")

        await self.app.push_screen(NoteDialog(paper.title, store.note(paper.id)), edited)

    async def action_show_lists(self) -> None:
        from tui.screens.lists_screen import ListsScreen

        if self.store_or_say() is not None:
            await self.app.push_screen(ListsScreen(self.services), self._lists_closed)

    def _lists_closed(self, jump_to: str | None) -> None:
        """Back from the lists; `jump_to`: a paper to select, chosen with Enter in a list."""
        self.shelf_changed()
        if jump_to is not None:
            self.jump_to_paper(jump_to)

    def shelf_text(self, paper: Paper) -> str:
        """The paper's reading-list state for the abstract pane (from the cached sets)."""
        store = self.services.store
        if store is None:
            return ""
        parts = []
        if lists := self.shelf.lists_of(paper.id):
            parts.append("In lists: " + ", ".join(lists))
        if paper.id in self.shelf.read:
            parts.append("Read")
        if paper.id in self.shelf.dismissed:
            parts.append("Not interested (x to undo)")
        elif paper.id in self.shelf.new:
            parts.append("New since your last visit")
        if paper.id in self.shelf.seen and paper.id not in self.shelf.read:
            parts.append("Seen")
        text = " · ".join(parts)
        if paper.id in self.shelf.noted:  # only then is the note worth a query
            text += f"\nNote: {store.note(paper.id)}"
        return text
