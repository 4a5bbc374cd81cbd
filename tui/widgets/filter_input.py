"""The filter bar's text field: Textual's Input, with its editing keys applied in the order typed.

A stock Input inserts a typed character as its key arrives, but an editing key
(backspace, ctrl+u, ctrl+w, left...) is one of its bindings, and bindings are
looked up only once the key has bubbled up to the app, by which time the
characters typed after it in the same burst (a fast typist, a paste, keys over
a slow SSH link arrive in one read) are already in. `abc`, backspace, `x` gave
`abc`. Here every editing key runs its action as it arrives, in line with the
characters.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from tui.error_boundary import Guarded


def _editing_keys() -> dict[str, str]:
    """Each key of Input's own bindings and the action it runs (the first binding wins, as in Textual)."""
    actions: dict[str, str] = {}
    for binding in Input.BINDINGS:
        for key in binding.key.split(","):
            actions.setdefault(key.strip(), binding.action)
    return actions


class FilterInput(Guarded, Input):
    HELP_GROUP, HELP_ORDER = "Filter", 15  # where the help and the README list its keys
    # As in fzf: the arrows move the selection in the list while the filter keeps the keyboard.
    BINDINGS = [
        Binding("down", "arrow(1)", "Next paper", show=False, id="filter.down", priority=True),
        Binding("up", "arrow(-1)", "Previous paper", show=False, id="filter.up", priority=True),
    ]
    EDITING_KEYS = _editing_keys()
    # Input grows its virtual width with every character typed, and Widget's virtual_size
    # asks for a layout of the whole screen when it changes: at 120x36 that pass (every
    # widget placed and drawn again) is most of a keystroke's time on the event loop. The
    # field's own size never depends on its text (one line, a fixed width in the CSS) and it
    # shows no scrollbar, so its virtual size needs only a repaint, which Input asks for anyway.
    virtual_size = Reactive(Size(0, 0), layout=False)

    # Keys the app has sent on to this field and it has not handled yet (tui/typed_ahead.py):
    # until they are in, its text is not what was typed.
    keys_coming = 0

    class CaughtUp(Message):
        """Every key sent to the field is in its text: keys typed ahead may go on."""

    def _key_handled(self) -> None:
        self.keys_coming = max(self.keys_coming - 1, 0)
        if not self.keys_coming:
            self.post_message(self.CaughtUp())

    def on_paste(self) -> None:
        self.call_later(self._key_handled)  # after Input has pasted it

    async def on_key(self, event: events.Key) -> None:
        self.call_later(self._key_handled)  # after Input's own handler has typed it
        action = self.EDITING_KEYS.get(event.key)
        if action is None:
            return  # a character (Input inserts it) or a key for the screen
        event.stop()  # no lookup later, out of order, by the app
        event.prevent_default()
        await self.run_action(action)

    class Arrow(Message):
        """Move the list's selection `step` rows, the keyboard staying in the filter."""

        def __init__(self, field: FilterInput, step: int) -> None:
            super().__init__()
            self.field = field
            self.step = step

        @property
        def control(self) -> FilterInput:
            return self.field

    def action_arrow(self, step: int) -> None:
        self.post_message(self.Arrow(self, step))
