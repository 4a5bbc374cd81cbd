"""Vim's count before a motion: `5j` moves five rows, `3k` three up, `12G` to row 12.

The digits are typed into the focused list (they are no binding of their own: a
digit is a count only where a motion follows it); the next motion takes the
count, and any other key drops it.
"""

from __future__ import annotations

MOST = 99_999  # a count past any list's length is as good as this one


class MotionCount:
    def __init__(self) -> None:
        self._digits = ""

    def typed(self, key: str) -> bool:
        """Take `key` into the count if it is a digit that can be one (a count never starts
        with 0); whether it did. Any other key drops the count."""
        if len(key) == 1 and key.isdigit() and key.isascii() and (self._digits or key != "0"):
            self._digits = (self._digits + key)[-len(str(MOST)):]
            return True
        self._digits = ""
        return False

    @property
    def pending(self) -> bool:
        return bool(self._digits)

    def take(self, default: int = 1) -> int:
        """The count typed (or `default` without one), and the count starts again."""
        count = min(int(self._digits), MOST) if self._digits else default
        self._digits = ""
        return count
