"""Terminal input that is not UTF-8 is read as U+FFFD (tui/terminal_input.py); the real
terminal's test is tests/e2e/test_bursts_and_signals.py."""

from __future__ import annotations

import codecs
import sys
import types

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from tui.terminal_input import DriverChanged, tolerate_undecodable_input


def test_the_linux_drivers_decoder_replaces_what_is_not_utf8():
    tolerate_undecodable_input(LinuxDriver)
    tolerate_undecodable_input(LinuxDriver)  # twice: the same
    module = sys.modules[LinuxDriver.__module__]
    decode = module.getincrementaldecoder("utf-8")().decode
    assert decode(b"a\xe9b\x9b\xc3", final=True) == "a\ufffdb\ufffd\ufffd"
    assert decode("é ☃".encode(), final=True) == "é ☃"


def test_a_driver_that_decodes_nothing_itself_is_left_as_it_is():
    tolerate_undecodable_input(HeadlessDriver)


def test_a_textual_that_reads_its_decoder_otherwise_is_said_at_start(monkeypatch):
    module = types.ModuleType("textual_driver_of_another_release")
    module.getincrementaldecoder = lambda encoding: codecs.getincrementaldecoder(encoding)  # not codecs' own
    monkeypatch.setitem(sys.modules, module.__name__, module)
    driver = type("OtherDriver", (), {"__module__": module.__name__})
    with pytest.raises(DriverChanged, match="tui/terminal_input.py"):
        tolerate_undecodable_input(driver)
