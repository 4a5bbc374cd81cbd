"""Every key binding of the reader, grouped by where it works.

The help screen, the command palette and the README's key table are all made
from this one list of binding definitions, so they cannot drift apart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
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


@cache
def binding_owners() -> list[tuple[str, type[DOMNode]]]:
    """Every class of the reader that defines key bindings, with the group the help shows it
    under, in the help's order: found in the package itself, so a new screen, dialog or widget
    cannot be left out. Each names its group (HELP_GROUP) and its place (HELP_ORDER)."""
    import importlib
    import inspect
    import pkgutil

    import tui

    owners = []
    for module_info in pkgutil.walk_packages(tui.__path__, "tui."):
        if module_info.name.endswith("__main__"):
            continue  # it runs the command on import
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and _binds_keys(cls):
                if not hasattr(cls, "HELP_GROUP"):
                    raise TypeError(f"{cls.__qualname__} has key bindings but no HELP_GROUP for the help")
                owners.append(cls)
    return [(cls.HELP_GROUP, cls) for cls in sorted(owners, key=lambda cls: cls.HELP_ORDER)]


def _binds_keys(cls: type) -> bool:
    return any(isinstance(binding, Binding) and binding.id for binding in vars(cls).get("BINDINGS", ()))


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
    for row in key_rows(app.keymap):
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
