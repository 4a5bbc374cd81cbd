"""Keys typed ahead of the results they act on wait for those results.

A fast typist, a paste or a slow SSH link sends `/theorem⏎b` in one read. The filter
takes `theorem`, Enter gives the keyboard back to the list, and `b` bookmarks the
selected paper: but the theorem papers are still on their way (the filter's Input has
not typed every character yet, the search runs in a worker), so `b` bookmarked the
paper selected before, one the user never saw among these results; ctrl+r marked the
whole previous list read.

Keys typed right behind a key that opens a screen (`L⏎/a`) arrived before that screen
had its widgets and were lost; they wait for it too.

So while the screen waits for the results of its filter as typed (`waits_for_results`),
a key or paste that does not go to that filter is held, with every key after it (their
order is kept), and they run once the results are shown, the query is found wrong or
its search fails, or HOLD_SECONDS have passed since the screen began waiting (by then
the user has seen the screen the keys act on).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App
from textual.timer import Timer

HOLD_SECONDS = 1.5
OPENING_POLL_SECONDS = 0.01

Arrival = events.Key | events.Paste


class TypedAhead:
    def __init__(self, app: App, dispatch: Callable[[Arrival], Awaitable[None]]) -> None:
        self._app = app
        self._dispatch = dispatch  # what the app does with a key or paste that is not held
        self._held: deque[Arrival] = deque()
        self._timer: Timer | None = None
        self._releasing = False

    @property
    def held(self) -> int:
        return len(self._held)

    def takes(self, event: Arrival) -> bool:
        """Hold `event` (True) if keys are held already, or the screen waits for results."""
        if not self._held and not self._screen_waits():
            return False
        self._held.append(event)
        if self._timer is None:
            self._timer = self._app.set_timer(HOLD_SECONDS, self._time_is_up)
        self._look_again_if_opening()
        return True

    def may_go(self) -> None:
        """Something the screen waited for has come: the held keys go, as far as it allows.
        Always through the app's own queue, never from a timer's task: there a held key would
        run beside the app's handling of a newer key, out of order."""
        if self._held:
            self._app.call_later(self.release)

    async def release(self, everything: bool = False) -> None:
        if self._releasing:
            return  # the release under way goes on with these keys, in order
        released, self._releasing = False, True
        try:
            while self._held and (everything or not self._screen_waits()):
                await self._dispatch(self._held.popleft())
                released = True
        finally:
            self._releasing = False
        if self._timer is not None and (released or not self._held):
            self._timer.stop()  # each wait has its own HOLD_SECONDS: `/a⏎/b⏎x` waits twice
            self._timer = None
        if self._held and self._timer is None:
            self._timer = self._app.set_timer(HOLD_SECONDS, self._time_is_up)
        self._look_again_if_opening()

    def _look_again_if_opening(self) -> None:
        # A screen being opened says nothing when it is ready: look again in a moment.
        if self._held and not self._app.screen.is_mounted:
            self._app.set_timer(OPENING_POLL_SECONDS, self.may_go)

    def _time_is_up(self) -> None:
        self._timer = None
        self._app.call_later(self.release, True)

    def _screen_waits(self) -> bool:
        screen = self._app.screen
        if not screen.is_mounted:
            return True  # just pushed: its widgets, its bindings' targets and its focus are not there yet
        waits = getattr(screen, "waits_for_results", None)
        return bool(waits is not None and waits())
