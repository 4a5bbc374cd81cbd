"""The base of the reader's dialogs and modal screens: answered once, whatever the keys.

Keys in a burst (Escape twice, Escape and Enter) can ask a dialog to close twice
before it has gone; Textual then raises (the result was already given). The
second answer is no answer: the dialog has closed with the first.
"""

from __future__ import annotations

from textual.screen import ModalScreen
from textual.widgets import OptionList

from tui.error_boundary import Guarded


class Modal(Guarded, ModalScreen):
    _answered = False

    def dismiss(self, result=None):  # type: ignore[override]
        if self._answered or not self.is_active:
            return None  # closing already, or another screen is on top: a key of a burst
        self._answered = True
        return super().dismiss(result)


class PickerModal(Modal):
    """A dialog around one OptionList, whose j/k (or up/down) bindings run `move`."""

    def action_move(self, step: int) -> None:
        options = self.query_one_optional(OptionList)
        if options is None:
            return  # a key of a burst, before the list is there
        options.action_cursor_down() if step > 0 else options.action_cursor_up()
