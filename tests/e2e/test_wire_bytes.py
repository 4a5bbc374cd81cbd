"""Bytes on the wire, in a real pseudo-terminal: the budgets of `python -m tests.benchmarks.wire_bytes`.

Byte counts are not timings: for the same sample, terminal size and keys they
are the same on every machine, so the budgets are asserted here and a change
that redraws more than it must fails the test run, not only the benchmark.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.benchmarks import wire_bytes as wire
from tests.benchmarks.pty_terminal import PtySession, base_env, papershelf_command


@pytest.fixture
def session(tmp_path):
    env = {**base_env(tmp_path / "home"), "SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22"}
    data = tmp_path / "data"
    subprocess.run([*papershelf_command(), "index", "--data-dir", str(data)], env=env, check=True,
                   capture_output=True)
    first_title = wire.sample_papers(data)[0].title
    running = PtySession([*papershelf_command(), "--data-dir", str(data)], env)
    try:
        running.wait_for(first_title[:15].encode())
        running.settle(0)
        yield running
    finally:
        running.close()


def test_keys_stay_within_their_byte_budgets(session):
    measured = {"j": len(session.step(wire.KEY_J)), "page down": len(session.step(wire.KEY_PAGE_DOWN))}
    session.step(wire.KEY_SLASH)
    for label, char in zip(wire.FILTER_LABELS, wire.FILTER):
        measured[label] = len(session.step(char.encode()))
    session.step(wire.KEY_ESCAPE)
    measured["idle"], _ = session.idle(2.0)
    over = {label: size for label, size in measured.items() if size > wire.TARGETS.get(label, 0)}
    assert not over, f"over budget: {over}; budgets: {wire.TARGETS}"
