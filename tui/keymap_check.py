"""The config's [keymap] checked against the bindings the app defines, before it is applied.

Textual applies a keymap as it is given: an unknown binding id or a key it cannot name
does nothing without a word, and a key given to a second binding silently takes it from
the first (remapping ctrl+p leaves the command palette on it; giving ctrl+q to another
binding takes away Textual's quit key). Here each such entry is reported as a config
problem and left out; the rest of the keymap applies. So every binding keeps at least
one key and no key answers to two bindings in one place: there is always a way to quit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from textual.app import App
from textual.binding import Binding
from textual.keys import KEY_ALIASES, KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, Keys, _character_to_key
from textual.screen import Screen

from tui.key_help import KeyRow, key_label, key_rows

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_NAMED = (
    {key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")}
    | set(KEY_NAME_REPLACEMENTS.values()) | set(KEY_TO_UNICODE_NAME) | {"newline"}
)
_SAME_KEY = {alias: key for key, aliases in KEY_ALIASES.items() for alias in aliases}  # ctrl+i is tab


def checked_keymap(app: App, keymap: Mapping[str, str], origins: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries of `keymap` that can be applied, and a problem for each that cannot."""
    return check_keymap(keymap, origins, key_rows(), textual_keys(type(app)))


def textual_keys(app_class: type[App]) -> dict[str, str]:
    """Keys Textual binds on the app itself (quit, the command palette...): key -> what it does."""
    found: dict[str, str] = {}
    for cls in app_class.__mro__:
        for binding in vars(cls).get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id is None:
                for key in binding.key.split(","):
                    found.setdefault(_same(key.strip()), binding.description or binding.action)
    if app_class.ENABLE_COMMAND_PALETTE:
        found.setdefault(_same(app_class.COMMAND_PALETTE_BINDING), "Command palette")
    return found


def check_keymap(
    keymap: Mapping[str, str], origins: Mapping[str, str], rows: Sequence[KeyRow], reserved: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """`keymap` (binding id -> "key,key") checked against `rows` and the `reserved` keys."""
    by_id = {row.binding_id: row for row in rows}
    accepted: dict[str, tuple[str, ...]] = {}
    refused: dict[str, str] = {}  # binding id -> why
    for binding_id, text in keymap.items():
        keys, bad = _keys(text)
        if binding_id not in by_id:
            refused[binding_id] = "no binding has this id (the help screen, ?, lists them)"
        elif bad is not None:
            refused[binding_id] = bad
        else:
            accepted[binding_id] = keys
    places = _places(rows)
    while clash := _last_clash(accepted, by_id, places, reserved):
        binding_id, refused[binding_id] = clash
        del accepted[binding_id]
    problems = [
        f"{origins.get(binding_id, 'config')}: keymap {binding_id!r} = {text!r}: {refused[binding_id]}; not applied"
        for binding_id, text in keymap.items() if binding_id in refused
    ]
    return {binding_id: keymap[binding_id] for binding_id in accepted}, problems


def key_name(text: str) -> str | None:
    """Textual's name for a key as a keymap writes it ("?" -> "question_mark"); None if it names none."""
    if len(text) == 1:
        return _character_to_key(text) if text.isprintable() else None
    *modifiers, base = text.split("+")
    if any(m not in _MODIFIERS for m in modifiers) or len(set(modifiers)) < len(modifiers):
        return None
    if (len(base) == 1 and base.isprintable()) or base in _NAMED or _is_character_name(base):
        return text
    return None


def _is_character_name(name: str) -> bool:
    try:
        return unicodedata.lookup(name.replace("_", " ").upper()).isprintable()
    except KeyError:
        return False


def _keys(text: str) -> tuple[tuple[str, ...], str | None]:
    """The keys of "key,key" by their names, or what is wrong with them."""
    written = [part.strip() for part in text.split(",")]
    if not any(written):
        return (), "gives no key"
    names = []
    for part in written:
        name = key_name(part)
        if name is None:
            return (), f"{part!r} is not a key Textual can name (keys are like j, ctrl+n, f5, pageup)"
        names.append(_same(name))
    return tuple(dict.fromkeys(names)), None


def _same(key: str) -> str:
    return _SAME_KEY.get(key, key)


def _places(rows: Sequence[KeyRow]) -> list[list[KeyRow]]:
    """The sets of bindings active together: the app's, a screen's, and one focused widget's.

    A widget's bindings count with the screen listed before it (the help screen's order:
    the paper list and the abstract pane belong to the main screen), never with each other.
    """
    owners: dict[type, list[KeyRow]] = {}
    for row in rows:
        owners.setdefault(row.owner, []).append(row)
    everywhere = [row for owner, owned in owners.items() if issubclass(owner, App) for row in owned]
    places, screen = [], []
    for owner, owned in owners.items():
        if issubclass(owner, App):
            continue
        if issubclass(owner, Screen):
            screen = owned
            places.append(everywhere + owned)
        else:
            places.append(everywhere + screen + owned)
    return places


def _last_clash(
    accepted: Mapping[str, tuple[str, ...]], by_id: Mapping[str, KeyRow], places: Iterable[list[KeyRow]],
    reserved: Mapping[str, str],
) -> tuple[str, str] | None:
    """The last keymap entry (in file order) that gives a binding a key another binding in
    one of its places has or is given, or a key Textual keeps; with why. None if there is none."""
    for binding_id in reversed(list(accepted)):
        row = by_id[binding_id]
        new_keys = [key for key in accepted[binding_id] if key not in map(_same, row.keys)]
        for key in new_keys:
            if key in reserved:
                return binding_id, f"{key_label(key)!r} is Textual's own key for {reserved[key]!r}, which it would take away"
            for place in places:
                if row not in place:
                    continue
                for other in place:
                    if other is not row and key in accepted.get(other.binding_id, tuple(map(_same, other.keys))):
                        return binding_id, (f"{key_label(key)!r} is already {other.binding_id!r} "
                                            f"({other.description}, {other.group})")
    return None
