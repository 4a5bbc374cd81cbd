"""Exporting a reading list from the reader: ask for a format and a destination, then write it
or copy it (under `papershelf serve`, the browser downloads it instead). The lists screen and a list's own screen both offer it (key E)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from index.export.reading_list import export_list
from index.shelf.saved_papers import listings_in
from index.user_files import UserFileError, os_reason, write_text_file
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.export_dialog import Choice, ExportDialog


async def export_with_dialog(node, name: str, text_for: Callable[[str], str] | None = None) -> None:
    """Ask for a format and a destination, then write the export there: the list `name`'s, or
    what `text_for(format)` gives (the papers marked on the main screen)."""
    store = node.services.store

    def chosen(choice: Choice) -> None:
        if choice is None:
            return
        format, path = choice
        if text_for is not None:
            text = text_for(format)
        else:
            text = export_list(store, name, format, _listings(node.services), node.services.config.paper_url)
        if path is not None and node.app.is_web:  # under `papershelf serve`: the browser saves it
            node.app.deliver_text(io.StringIO(text), save_filename=path.name, encoding="utf-8")
            node.app.notify(f"Downloading “{name}” as {path.name}", markup=False)
        elif path is None:
            node.app.copy_to_clipboard(text)
            node.app.notify(f"Copied “{name}” as {format} ({len(text):,} characters).", markup=False)
        elif path.exists():
            confirm = ConfirmDialog(f"{path} exists. Replace it?", yes="Replace")
            node.app.push_screen(confirm, lambda yes: yes and _write(node, path, text))
        else:
            _write(node, path, text)

    await node.app.push_screen(ExportDialog(name, Path.cwd(), download=node.app.is_web), chosen)


def _listings(services):
    """Where the papers appeared, read from the index (a list is a few dozen look-ups by id)."""
    if not services.index_ready:
        return None
    return lambda paper_ids: listings_in(services.searcher, paper_ids)


def _write(node, path: Path, text: str) -> None:
    """Whole or not at all, through a link, never over a read-only file (index.user_files)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_file(path, text)
    except OSError as error:
        node.app.notify(f"Could not write {path}: {os_reason(error)}", severity="error")
        return
    except UserFileError as error:
        node.app.notify(f"Could not write {path}: {error.reason}", severity="error")
        return
    node.app.notify(f"Exported to {path}")
