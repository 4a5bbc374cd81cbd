"""Every key binding of the reader, grouped by where it works.

The help screen, the command palette and the README's key table are all made
from this one list of binding definitions, so they cannot drift apart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class KeyRow:
    group: str
    keys: tuple[str, ...]
    description: str
    binding_id: str
    action: str
    owner: type[DOMNode]


def binding_owners() -> list[tuple[str, type[DOMNode]]]:
    """Where bindings live, in the order the help screen shows them."""
    # Imported here: the screens import this module for their own help.
    from tui.app import PapershelfApp
    from tui.dialogs.export_dialog import ExportDialog
    from tui.dialogs.note_dialog import NoteDialog
    from tui.dialogs.similar_dialog import SimilarDialog
    from tui.screens.list_screen import ListScreen
    from tui.screens.lists_screen import ListsScreen
    from tui.screens.help_screen import HelpScreen
    from tui.screens.index_status_screen import IndexStatusScreen
    from tui.screens.main_screen import MainScreen
    from tui.widgets.abstract_pane import AbstractPane
    from tui.widgets.paper_list import PaperList

    return [
        ("Everywhere", PapershelfApp),
        ("Main screen", MainScreen),
        ("Paper list", PaperList),
        ("Abstract pane", AbstractPane),
        ("Reading lists screen", ListsScreen),
        ("One list's papers", ListScreen),
        ("Note editor", NoteDialog),
        ("Export dialog", ExportDialog),
        ("Similar papers", SimilarDialog),
        ("Index status", IndexStatusScreen),
        ("Help screen", HelpScreen),
    ]


def key_rows(keymap: Mapping[str, str] | None = None) -> list[KeyRow]:
    """Each binding with the keys it has under `keymap` (binding id -> "key,key")."""
    keymap = keymap or {}
    rows = []
    for group, owner in binding_owners():
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            keys = keymap.get(binding.id, binding.key)
            rows.append(
                KeyRow(group, tuple(k.strip() for k in keys.split(",")), binding.description,
                       binding.id, binding.action, owner)
            )
    return rows


def key_label(key: str) -> str:
    """How a key reads for people: `?` rather than `question_mark`."""
    return format_key(key) if len(key) > 1 else key


def keys_text(row: KeyRow) -> str:
    return " / ".join(key_label(key) for key in row.keys)


def key_table_markdown() -> str:
    """The README's key table."""
    lines = ["| Where | Keys | Does | Binding id |", "|---|---|---|---|"]
    for row in key_rows():
        keys = keys_text(row).replace("|", "\\|")
        lines.append(f"| {row.group} | `{keys}` | {row.description} | `{row.binding_id}` |")
    return "\n".join(lines)


def palette_commands(screen: Screen) -> Iterable[SystemCommand]:
    """A command palette entry for every binding usable on `screen`."""
    app = screen.app
    for row in key_rows(app._keymap):
        target = _target(screen, row.owner)
        if target is None:
            continue
        keys = keys_text(row)
        yield SystemCommand(row.description, f"{row.group} · key {keys}", partial(target.run_action, row.action))


def _target(screen: Screen, owner: type[DOMNode]) -> DOMNode | None:
    if isinstance(screen.app, owner):
        return screen.app
    if isinstance(screen, owner):
        return screen
    found = screen.query(owner)
    return found.first() if found else None


def rewrite_readme(readme: Path) -> None:
    """Put the current key table between the README's `keys` markers."""
    text = readme.read_text(encoding="utf-8")
    start = text.index("\n", text.index("<!-- keys:")) + 1
    end = text.index("<!-- /keys -->")
    readme.write_text(text[:start] + key_table_markdown() + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":  # `python -m tui.key_help [--readme]`
    if "--readme" in sys.argv:
        rewrite_readme(Path(__file__).resolve().parent.parent / "README.md")
    else:
        print(key_table_markdown())
