"""Marked papers on the main screen, the actions on all of them at once, and undo.

A mixin of the main screen, as ShelfActions is; it uses only what
tui/screens/reader_screen.ReaderScreen names. Space (the paper list's key) marks a row;
`*` marks every paper shown; Escape clears the marks (tui/screens/main_screen.py).
While papers are marked, b, a, r, x, y, Y and E act on all of them (`act_on_marked`),
each bulk change one store transaction and one step of undo. `u` undoes the last
reading-list change made in the reader (index.shelf.undo), bulk or not.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from index.errors import UnknownPaper
from index.listings.papers import Paper
from index.shelf.store import DEFAULT_LIST, StoreError, now_text
from index.shelf.saved_papers import saved_from_paper
from tui.marked_papers import MarkedPapers
from tui.paper_text import links
from tui.widgets.paper_list import PaperList
from tui.wording import counted

if TYPE_CHECKING:
    from tui.screens.reader_screen import ReaderScreen as _Screen
else:
    _Screen = object  # the contract is for type checkers; at run time the screen provides it

ASK_ABOVE = 100  # `*` asks first when it would mark more papers than this
_FORMAT_NAMES = {"bibtex": "BibTeX", "biblatex": "BibLaTeX", "ris": "RIS", "csljson": "CSL-JSON"}


class BulkActions(_Screen):
    # Textual merges BINDINGS only from widget classes: the screen lists these in its own.
    BULK_BINDINGS = [
        Binding("asterisk", "mark_all_shown", "Mark all shown", show=False, id="bulk.mark_all", priority=True),
        Binding("E", "export_marked", "Export the marked papers", show=False, id="bulk.export", priority=True),
        Binding("u", "undo", "Undo the last reading-list change", show=False, id="shelf.undo", priority=True),
    ]

    # Marking

    def marks_changed(self) -> None:
        self.query_one(PaperList).refresh_marks()
        self.show_status()

    def clear_marks(self) -> None:
        count = self.marked.clear()
        self.marks_changed()
        self.app.notify(f"Cleared the marks of {counted(count, 'paper')}")

    async def action_mark_all_shown(self) -> None:
        results = self.results
        if results is None or results.total == 0:
            self.app.notify("No papers shown: nothing to mark.")
            return
        if results.total <= ASK_ABOVE:
            self._mark_all(results)
            return
        from tui.dialogs.confirm_dialog import ConfirmDialog  # dialogs load when first asked for

        question = f"Mark all {results.total:,} papers shown?"
        await self.app.push_screen(ConfirmDialog(question, yes="Mark them"), lambda yes: yes and self._mark_all(results))

    @work(thread=True, group="mark-all")
    def _mark_all(self, results) -> None:
        ids = results.paper_ids()  # a search: every paper of the results, not only the rows fetched
        self.app.call_from_thread(self._marked_all, ids)

    def _marked_all(self, ids: list[str]) -> None:
        added = self.marked.mark_ids(ids)
        self.marks_changed()
        before = f" ({counted(len(ids) - added, 'was', 'were')} marked already)" if added < len(ids) else ""
        self.app.notify(f"Marked {counted(len(ids), 'paper')} shown{before}; esc clears the marks")

    # The actions of b, a, r, x, y, Y on every marked paper

    def act_on_marked(self, action: str) -> bool:
        """With papers marked, do `action` to all of them and say so; False (nothing done) without marks."""
        if not self.marked:
            return False
        if action in ("bookmark", "add", "read", "dismiss") and self.store_or_say() is None:
            return True
        getattr(self, f"_marked_{action}")()
        return True

    def _marked_bookmark(self) -> None:
        ids, store = self.marked.ids, self.services.store
        count = counted(len(ids), "paper")
        if all(paper_id in self.shelf.bookmarked for paper_id in ids):
            done = f"Removed {count} from {DEFAULT_LIST}"
            self._change_marked(done, lambda papers: store.remove_all(DEFAULT_LIST, ids), lists=[DEFAULT_LIST])
        else:
            done = f"Bookmarked {count}"
            self._change_marked(done, lambda papers: store.add_all(DEFAULT_LIST, papers), True, lists=[DEFAULT_LIST])

    def _marked_add(self) -> None:
        from tui.dialogs.list_picker_dialog import ListPickerDialog  # on use: not needed for the first frame

        store = self.services.store
        names = [summary.name for summary in store.lists()]
        count = counted(len(self.marked), "paper")

        def chosen(name: str | None) -> None:
            if not name:
                return

            def add(papers: list[Paper]) -> None:
                if name not in names:
                    store.create_list(name)
                store.add_all(name, papers)

            self._change_marked(f"Added {count} to {name}", add, True, lists=[name])

        self.app.push_screen(ListPickerDialog(names, f"Add {count} to which list?"), chosen)

    def _marked_read(self) -> None:
        ids, store = self.marked.ids, self.services.store
        count = counted(len(ids), "paper")
        if all(paper_id in self.shelf.read for paper_id in ids):
            self._change_marked(f"Marked {count} unread", lambda papers: store.mark_unread(ids), read=True)
        else:
            self._change_marked(f"Marked {count} read", lambda papers: store.mark_read(ids), read=True)

    def _marked_dismiss(self) -> None:
        ids, store = self.marked.ids, self.services.store
        count = counted(len(ids), "paper")
        if all(paper_id in self.shelf.dismissed for paper_id in ids):
            self._change_marked(f"Interested again: {count}", lambda papers: store.undismiss(ids), dismissed=True)
        else:
            self._change_marked(f"Not interested: {count}", lambda papers: store.dismiss(ids), dismissed=True)

    def _change_marked(self, done: str, change, with_papers: bool = False, **parts) -> None:
        """`change(papers)`; `with_papers`: it needs the marked Papers (to save their snapshots)."""
        self._run_change(self.marked.copy(), done, change, with_papers, parts)

    @work(thread=True, group="marked")
    def _run_change(self, marked: MarkedPapers, done: str, change, with_papers: bool, parts: dict) -> None:
        """One store change to every marked paper, recorded for undo: in a worker, as papers
        marked by `*` are read from the index (thousands of them) for their snapshots."""
        stack = self.services.undo_stack()
        papers = marked.papers(self._paper_or_none) if with_papers else []
        try:
            stack.change(done, marked.ids, lambda: change(papers), **parts)
        except StoreError as error:
            self.app.call_from_thread(self.app.notify, str(error), title="Reading lists", severity="error")
            return
        self.app.call_from_thread(self._marked_changed, done)

    def _marked_changed(self, done: str) -> None:
        self.shelf_changed()
        self.app.notify(f"{done} (u undoes it)")

    def _paper_or_none(self, paper_id: str) -> Paper | None:
        try:
            return self.searcher.paper(paper_id)
        except UnknownPaper:
            return None  # gone from the index since it was marked

    def _marked_copy(self) -> None:
        self._copy_marked(self.marked.copy(), citation=False)

    def _marked_copy_citation(self) -> None:
        self._copy_marked(self.marked.copy(), citation=True)

    @work(thread=True, group="marked")
    def _copy_marked(self, marked: MarkedPapers, citation: bool) -> None:
        from index.export.reading_list import citations  # on use: not needed for the first frame

        papers = marked.papers(self._paper_or_none)
        if citation:
            format = self.services.config.copy_format
            text = citations([saved_from_paper(p) for p in papers], format, self.services.config.paper_url)
            said = f"as {_FORMAT_NAMES[format]}"
        else:
            text, said = "\n".join(_one_line(paper) for paper in papers), "one per line"
        self.app.call_from_thread(self._copied, text, f"Copied {counted(len(papers), 'paper')} {said}")

    def _copied(self, text: str, said: str) -> None:
        self.app.copy_to_clipboard(text)  # OSC 52: works through SSH and tmux
        self.app.notify(said)

    # Export

    def action_export_marked(self) -> None:
        if not self.marked:
            self.app.notify("Mark papers first (space, or * for all shown): E exports the marked papers.")
            return
        self._gather_export(self.marked.copy())

    @work(thread=True, group="marked")
    def _gather_export(self, marked: MarkedPapers) -> None:
        papers = marked.papers(self._paper_or_none)
        saved = [replace(saved_from_paper(paper), position=number) for number, paper in enumerate(papers, 1)]
        store = self.services.store
        if store is not None:  # the read times and notes the store holds for them
            try:
                read = dict(store.rows_of([paper.id for paper in saved], read=True).reads)
                saved = [replace(paper, read_at=read.get(paper.id), note=self._note(paper.id)) for paper in saved]
            except StoreError:
                pass  # exported without them: the papers are what was asked for
        self.app.call_from_thread(self._export, saved)

    def _note(self, paper_id: str) -> str:
        return self.services.store.note(paper_id) if paper_id in self.shelf.noted else ""

    async def _export(self, saved) -> None:
        from index.export.reading_list import export_papers
        from tui.screens.list_export import export_with_dialog

        if not self.is_active:
            return  # another screen was opened meanwhile
        name, created = counted(len(saved), "marked paper"), now_text()
        await export_with_dialog(self, name, lambda format: export_papers(name, created, saved, format, self.services.config.paper_url))

    # Undo

    def action_undo(self) -> None:
        stack = self.services.undo_stack()
        if stack is None:
            self.store_or_say()
            return
        try:
            undone = stack.undo()
        except StoreError as error:
            self.app.notify(str(error), title="Reading lists", severity="error")
            return
        if undone is None:
            self.app.notify("Nothing to undo.")
            return
        self.shelf_changed()
        self.app.notify(f"Undone: {undone}")


def _one_line(paper: Paper) -> str:
    """A paper as `y` copies it among several: its title and its first link, on one line."""
    urls = links(paper)
    return " ".join(paper.title.split()) + (f" {urls[0]}" if urls else "")

