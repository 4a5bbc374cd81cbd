"""The base of the reader's dialogs and modal screens: answered once, whatever the keys.

Keys in a burst (Escape twice, Escape and Enter) can ask a dialog to close twice
before it has gone; Textual then raises (the result was already given). The
second answer is no answer: the dialog has closed with the first.
"""

from __future__ import annotations

from textual.screen import ModalScreen

from tui.error_boundary import Guarded


class Modal(Guarded, ModalScreen):
    _answered = False

    def dismiss(self, result=None):  # type: ignore[override]
        if self._answered or not self.is_active:
            return None  # closing already, or another screen is on top: a key of a burst
        self._answered = True
        return super().dismiss(result)
