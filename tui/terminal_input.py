"""Terminal input that is not UTF-8 is read as U+FFFD, never fatal.

Textual's drivers decode what the terminal sends with a strict UTF-8 decoder, in
their input thread: one byte that is not UTF-8 (a paste from a Latin-1 terminal,
xterm's 8-bit Meta sending Alt+a as 0xE1, a C1 control such as 0x9B from a
misbehaving multiplexer) raised there, and the app ended with a traceback over
the screen. Textual's issue #6456 (open as of 8.2.8) tracks it.

Textual has no option for the decoder's errors, so this is the one place that
reaches inside it: the decoder factory each driver module took from `codecs` at
import is replaced, for the driver the app runs with, by one that replaces what
it cannot decode. Checked when applied: should a Textual release import something
else under that name, this says so at start-up instead of doing nothing quietly; the
end-to-end test (tests/e2e/test_bursts_and_signals.py) sends such bytes through a
real terminal.
"""

from __future__ import annotations

import codecs
import functools
import sys

_FACTORY = "getincrementaldecoder"  # the name each of Textual's driver modules imports from codecs


class DriverChanged(RuntimeError):
    """Textual's driver no longer reads its input as this module expects."""


def _replacing(encoding: str):
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def tolerate_undecodable_input(driver_class: type) -> None:
    """Make the driver `driver_class` read bytes that are not UTF-8 as U+FFFD."""
    module = sys.modules.get(driver_class.__module__)
    factory = getattr(module, _FACTORY, None)
    if factory is None or factory is _replacing:
        return  # a driver that decodes no bytes itself (headless, Windows), or applied already
    if factory is not codecs.getincrementaldecoder:
        import textual

        raise DriverChanged(
            f"Textual {textual.__version__}'s {driver_class.__module__} no longer takes its decoder from "
            f"codecs.{_FACTORY}: see tui/terminal_input.py"
        )
    setattr(module, _FACTORY, _replacing)
