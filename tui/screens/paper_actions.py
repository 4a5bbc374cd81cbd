"""Actions on the selected paper that leave the app: copy it, open its link.

A mixin of the main screen, kept apart so the screen file stays about searching; it uses
only what tui/screens/reader_screen.ReaderScreen names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from index.shelf.saved_papers import saved_from_paper
from tui.paper_text import links, links_to_offer
from tui.safe_text import visible


_FORMAT_NAMES = {"bibtex": "BibTeX", "biblatex": "BibLaTeX", "ris": "RIS", "csljson": "CSL-JSON"}

if TYPE_CHECKING:
    from tui.screens.reader_screen import ReaderScreen as _Screen
else:
    _Screen = object  # the contract is for type checkers; at run time the screen provides it


class PaperActions(_Screen):
    # Textual merges BINDINGS only from widget classes: the screen lists these in its own.
    PAPER_BINDINGS = [
        Binding("y", "copy_paper", "Copy", show=False, id="paper.copy", priority=True),
        # The id keeps its old name: keymaps in config files name it.
        Binding("Y", "copy_citation", "Copy citation", show=False, id="paper.copy_bibtex", priority=True),
        Binding("o", "open_link", "Open link", show=False, id="paper.open", priority=True),
    ]

    def action_copy_paper(self) -> None:
        if self.act_on_marked("copy"):
            return
        paper = self.selected_paper()
        if paper is None:
            self.app.notify("No paper is selected: nothing to copy.", severity="warning")
            return
        urls = links(paper)
        text = paper.title + (f"\n{urls[0]}" if urls else "")
        self.app.copy_to_clipboard(text)  # OSC 52: works through SSH and tmux
        self.app.notify(f"Copied: {visible(paper.title)}" + (" and its link" if urls else ""), markup=False)

    def action_copy_citation(self) -> None:
        """The selected paper in the config's copy_format (BibTeX unless it says otherwise)."""
        from index.export.reading_list import citations  # on use: not needed for the first frame

        if self.act_on_marked("copy_citation"):
            return
        paper = self.selected_paper()
        if paper is not None:
            format = self.services.config.copy_format
            self.app.copy_to_clipboard(citations([saved_from_paper(paper)], format, self.services.config.paper_url))
            self.app.notify(f"Copied as {_FORMAT_NAMES[format]}: {visible(paper.title)}", markup=False)

    async def action_open_link(self) -> None:
        """One link: open it. Several (the paper page, then the abstract's): offer them, numbered."""
        paper = self.selected_paper()
        if paper is None:
            self.app.notify("No paper is selected: no link to open.", severity="warning")
            return
        urls, page = links_to_offer(paper, self.services.config.paper_url)
        if not urls:
            self.app.notify("This paper has no link: its title is too long for one.", severity="warning")
        elif len(urls) == 1:
            self.open_url(urls[0])
        else:
            from tui.dialogs.links_dialog import LinksDialog  # dialogs load when first asked for

            await self.app.push_screen(LinksDialog(paper.title, urls, page), self.open_url)

    def open_url(self, url: str | None) -> None:
        from tui.link_opening import open_or_copy  # webbrowser loads on first use

        if url is not None:
            open_or_copy(self.app, url, self.services.config.browser)
