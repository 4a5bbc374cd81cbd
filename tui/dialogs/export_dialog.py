"""Export a reading list: choose a format, then a file path to confirm, or the clipboard.

Dismisses with (format, path) for a file (in a browser tab, the download's name), (format, None) for the clipboard, or None.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.dialogs.modal import Modal
from tui.safe_text import safe_text

from index.export.formats import FORMATS, SUFFIXES, format_of

_NAMES = {
    "bibtex": "BibTeX",
    "biblatex": "BibLaTeX (@online, with the arXiv id as eprint)",
    "ris": "RIS (Zotero, EndNote, Mendeley)",
    "csljson": "CSL-JSON (Pandoc, citeproc)",
    "md": "Markdown checklist",
    "csv": "CSV",
    "json": "JSON (papershelf import reads it)",
}

Choice = tuple[str, Path | None] | None


class ExportDialog(Modal):
    HELP_GROUP, HELP_ORDER = "Export dialog", 70  # where the help and the README list its keys
    BINDINGS = [
        Binding("escape", "dismiss", "Cancel", id="export.cancel", priority=True),
        Binding("ctrl+y", "to_clipboard", "Copy to the clipboard", id="export.clipboard"),
    ]

    def __init__(self, list_name: str, folder: Path, download: bool = False) -> None:
        super().__init__()
        self.list_name = list_name
        # A download (in a browser tab, under `papershelf serve`) is named, not placed: no folder.
        self.folder = Path() if download else folder
        self.download = download

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(safe_text(f"Export “{self.list_name}” as", style="bold"))
            yield OptionList(*(Option(_NAMES[f], id=f) for f in FORMATS), id="formats")
            yield Label(
                "as the download (enter downloads it; ctrl+y copies to the clipboard instead):" if self.download
                else "to the file (enter writes it; ctrl+y copies to the clipboard instead):"
            )
            yield Input(self._path_for(FORMATS[0]), id="path")

    def _path_for(self, format: str) -> str:
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in self.list_name).strip("-") or "list"
        return str(self.folder / f"{stem}{SUFFIXES[format]}")

    def _format(self) -> str:
        options = self.query_one("#formats", OptionList)
        return FORMATS[options.highlighted or 0]

    @on(OptionList.OptionHighlighted, "#formats")
    def format_moved(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#path", Input).value = self._path_for(event.option.id)

    @on(OptionList.OptionSelected, "#formats")
    def format_chosen(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def path_confirmed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            path = Path(event.value.strip()).expanduser()
            # The typed name's suffix says the format (`thesis.ris`), as it does for `export -o`,
            # unless it fits the format chosen too (BibLaTeX into `thesis.bib`).
            self.dismiss((format_of(path.name, self._format()), path))

    def action_to_clipboard(self) -> None:
        self.dismiss((self._format(), None))
