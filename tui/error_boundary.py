"""The reader's one error boundary: a failure in papershelf's own code never ends the app.

Textual ends the app at the first exception anywhere, and the message pump that
raised it stops for good (its loop breaks), printing a traceback over the
user's screen. papershelf's screens, widgets and the app itself inherit
`Guarded`, which catches what their handlers, actions, timers, callbacks and
workers raise and hands it to `ErrorSink.report`: the traceback goes to the log
file, the user sees one line ("internal error: ...; details in LOG"), and the
app goes on. What still reaches Textual (a failure inside Textual itself)
ends the app with exit status 1 and the log's path instead of a traceback
(PapershelfApp._handle_exception).
"""

from __future__ import annotations

import inspect
import os
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from functools import wraps
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.worker import Worker, WorkerState

from tui.safe_text import one_line

LOG_LIMIT = 1_000_000  # bytes; the log is rotated once past it (one old copy kept)


class ErrorLog:
    """Tracebacks of internal errors, in a file only the user can read (it holds paths and text)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, error: BaseException, context: str = "") -> None:
        self.write_text("".join(traceback.format_exception(error)), context)

    def write_text(self, text: str, context: str = "") -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if self.path.exists() and self.path.stat().st_size > LOG_LIMIT:
                os.replace(self.path, self.path.with_name(self.path.name + ".1"))
            descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8", errors="backslashreplace") as log:
                log.write(f"--- {stamp} {context}\n{text}\n")
        except OSError:
            pass  # no log is no reason to fail: the status line still says what happened


def summary(error: BaseException) -> str:
    """One line naming the error, safe to show."""
    message = one_line(str(error))
    name = type(error).__name__
    return f"{name}: {message[:200]}" if message else name


class ErrorSink:
    """Where a caught error goes: the log, then whatever the app shows it with."""

    def __init__(self, log: ErrorLog | None, show: Callable[[str], None] | None = None) -> None:
        self.log = log
        self.show = show
        self.reported: list[BaseException] = []  # tests assert on it; the app keeps no other state of it

    def report(self, error: BaseException, context: str = "") -> None:
        self.reported.append(error)
        if self.log is not None:
            self.log.write(error, context)
        if self.show is not None:
            where = f"; details in {self.log.path}" if self.log is not None else ""
            try:
                self.show(f"internal error: {summary(error)}{where}")
            except Exception:  # noqa: BLE001 - showing it failed too: the log has it
                pass


class Guarded:
    """Mixin for papershelf's App, screens and widgets: nothing they run ends the app.

    The overrides of the public scheduling methods wrap each callback; workers are
    started with exit_on_error=False and their failures reported from the app's
    Worker.StateChanged handler.
    """

    def _error_sink(self) -> ErrorSink:
        return self.app.error_sink  # type: ignore[attr-defined]

    def _guarded(self, callback: Callable, context: str) -> Callable:
        sink_of = self._error_sink

        if inspect.iscoroutinefunction(callback):
            @wraps(callback)
            async def guarded_async(*args: Any, **kwargs: Any) -> Any:
                try:
                    return await callback(*args, **kwargs)
                except Exception as error:  # noqa: BLE001 - the boundary: reported, never fatal
                    sink_of().report(error, context)
            return guarded_async

        @wraps(callback)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = callback(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - the boundary: reported, never fatal
                sink_of().report(error, context)
                return None
            if inspect.isawaitable(result):
                return _guarded_awaitable(result, sink_of, context)
            return result

        return guarded

    # Textual offers no public hook around message dispatch, and an exception that leaves
    # a handler breaks the pump's loop (message_pump.py, _process_messages_loop): this
    # override is the one place that catches what every event and message handler of
    # ours raises, so the widget keeps processing messages.
    async def _dispatch_message(self, message: Message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:  # noqa: BLE001 - the boundary: reported, never fatal
            self._error_sink().report(error, f"{type(self).__name__} handling {type(message).__name__}")

    def set_timer(self, delay, callback=None, *args, **kwargs):  # type: ignore[override]
        if callback is not None:
            callback = self._guarded(callback, f"timer {getattr(callback, '__name__', callback)!s}")
        return super().set_timer(delay, callback, *args, **kwargs)  # type: ignore[misc]

    def set_interval(self, interval, callback=None, *args, **kwargs):  # type: ignore[override]
        if callback is not None:
            callback = self._guarded(callback, f"timer {getattr(callback, '__name__', callback)!s}")
        return super().set_interval(interval, callback, *args, **kwargs)  # type: ignore[misc]

    def call_after_refresh(self, callback, *args, **kwargs):  # type: ignore[override]
        return super().call_after_refresh(self._guarded(callback, "after refresh"), *args, **kwargs)  # type: ignore[misc]

    def call_later(self, callback, *args, **kwargs):  # type: ignore[override]
        return super().call_later(self._guarded(callback, "call later"), *args, **kwargs)  # type: ignore[misc]

    def call_next(self, callback, *args, **kwargs):  # type: ignore[override]
        return super().call_next(self._guarded(callback, "call next"), *args, **kwargs)  # type: ignore[misc]

    def run_worker(self, work, *args, exit_on_error: bool = True, **kwargs) -> Worker:  # type: ignore[override]
        # Not Textual's exit: the failure is reported when the worker's state changes to ERROR.
        return super().run_worker(work, *args, exit_on_error=False, **kwargs)  # type: ignore[misc]

    def _on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The message goes to the worker's own node only (it does not bubble), and Textual
        # calls this as well as any on_worker_state_changed of a subclass.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self._error_sink().report(event.worker.error, f"worker {event.worker.name or event.worker.group}")


async def _guarded_awaitable(awaitable, sink_of: Callable[[], ErrorSink], context: str) -> Any:
    try:
        return await awaitable
    except Exception as error:  # noqa: BLE001 - the boundary: reported, never fatal
        sink_of().report(error, context)
        return None
