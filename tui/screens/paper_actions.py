"""Actions on the selected paper that leave the app: copy it, open its link.

A mixin of the main screen, kept apart so the screen file stays about searching; it uses
only what tui/screens/reader_screen.ReaderScreen names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from index.saved_papers import saved_from_paper
from tui.paper_text import links
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
        from index.export import citations  # on use: not needed for the first frame

        if self.act_on_marked("copy_citation"):
            return
        paper = self.selected_paper()
        if paper is not None:
            format = self.services.config.copy_format
            self.app.copy_to_clipboard(citations([saved_from_paper(paper)], format))
            self.app.notify(f"Copied as {_FORMAT_NAMES[format]}: {visible(paper.title)}", markup=False)

    def action_open_link(self) -> None:
        paper = self.selected_paper()
        if paper is None:
            self.app.notify("No paper is selected: no link to open.", severity="warning")
            return
        urls = links(paper)
        if not urls:
            self.app.notify("This paper's abstract has no link.", severity="warning")
            return
        from tui.link_opening import can_launch_browser, launch_browser  # webbrowser loads on first use

        url = urls[0]
        if self.app.is_web:  # under `papershelf serve`: the user's own browser opens it, in a new tab
            self.app.open_url(url, new_tab=True)
            self.app.notify(f"Opened in a new tab: {visible(url)}", markup=False)
            return
        if can_launch_browser():
            try:
                launch_browser(url, self.services.config.browser)
                self.app.notify(f"Opening {visible(url)}", markup=False)
                return
            except OSError as error:
                self.app.notify(f"Could not start the browser ({error}); the link is copied.", severity="warning")
        self.app.copy_to_clipboard(url)
        # The abstract pane lists the same link as a hyperlink, clickable where the terminal allows.
        self.app.notify(f"Link copied (no browser is started here): {visible(url)}", markup=False)
