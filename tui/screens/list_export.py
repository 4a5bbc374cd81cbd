"""Exporting a reading list from the reader: ask for a format and a destination, then write it
or copy it. The lists screen and a list's own screen both offer it (key E)."""

from __future__ import annotations

from pathlib import Path

from index.export import export_list
from index.user_files import UserFileError, os_reason, write_text_file
from tui.dialogs.confirm_dialog import ConfirmDialog
from tui.dialogs.export_dialog import Choice, ExportDialog


async def export_with_dialog(node, name: str) -> None:
    """Ask for a format and a destination, then write the export there."""
    store = node.services.store

    def chosen(choice: Choice) -> None:
        if choice is None:
            return
        format, path = choice
        text = export_list(store, name, format, node.services.config.paper_url)
        if path is None:
            node.app.copy_to_clipboard(text)
            node.app.notify(f"Copied “{name}” as {format} ({len(text):,} characters).", markup=False)
        elif path.exists():
            confirm = ConfirmDialog(f"{path} exists. Replace it?", yes="Replace")
            node.app.push_screen(confirm, lambda yes: yes and _write(node, path, text))
        else:
            _write(node, path, text)

    await node.app.push_screen(ExportDialog(name, Path.cwd()), chosen)


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
