"""The key bar: the keys that work where the focus is, on one line at the foot of the screen.

It shows what Textual's Footer shows (the active bindings marked `show`, one
per action, a disabled one dimmed, the command palette's key at the right),
from the same source, `Screen.active_bindings`, but as one line of text.
The Footer mounts a widget per key and mounts them all again on every focus
change: about 20 ms of the reader's start-up, and a redraw of the whole row
each time the focus moves, which over SSH is bytes on the wire.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tui.error_boundary import Guarded
from tui.safe_text import one_line


class KeyBar(Guarded, Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._keys: list[tuple[int, int, str]] = []  # (first column, end column, key) of each shown key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.refresh()

    def _shown(self) -> tuple[list[tuple[Binding, bool]], tuple[Binding, bool] | None]:
        """The bindings to show, one per action in the order they are found, and the palette's."""
        active = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled)
        return list(by_action.values()), palette

    def render(self) -> Text:
        bindings, palette = self._shown()
        line, self._keys = Text(no_wrap=True, overflow="crop"), []
        palette_piece = self._key_text(*palette) if palette is not None else Text()
        room = self.size.width - palette_piece.cell_len
        for binding, enabled in bindings:
            piece = self._key_text(binding, enabled)
            if line.cell_len + piece.cell_len > room:
                break  # whole keys only, the palette's kept: every key is in the palette and in `?`
            self._add(line, piece, binding)
        if palette is not None:
            line.append(" " * max(room - line.cell_len, 0))  # at the right end
            self._add(line, palette_piece, palette[0])
        return line

    def _key_text(self, binding: Binding, enabled: bool) -> Text:
        key_style = self.get_component_rich_style("key-bar--key" if enabled else "key-bar--disabled")
        text_style = self.get_component_rich_style("key-bar--description" if enabled else "key-bar--disabled")
        key = one_line(self.app.get_key_display(binding))  # a keymap names the keys: the config's text
        return Text.assemble((f" {key} ", key_style), (f"{binding.description} ", text_style))

    def _add(self, line: Text, piece: Text, binding: Binding) -> None:
        self._keys.append((line.cell_len, line.cell_len + piece.cell_len, binding.key.split(",")[0]))
        line.append_text(piece)

    def on_click(self, event: events.Click) -> None:
        # A click on a key presses it, as a click on the Footer's keys does.
        for start, end, key in self._keys:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
