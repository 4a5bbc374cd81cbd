"""Every Pilot test fails when the reader caught an internal error it did not expect.

The error boundary (tui/error_boundary.py) keeps the reader running after a failure,
so a test would otherwise pass with the failure only in the log. Tests that provoke
failures on purpose carry the `expect_internal_errors` mark.
"""

from __future__ import annotations

import pytest

from tui.error_boundary import ErrorSink


@pytest.fixture(autouse=True)
def no_unexpected_internal_errors(request, monkeypatch):
    caught: list[BaseException] = []
    report = ErrorSink.report

    def recording(self, error, context=""):
        caught.append(error)
        report(self, error, context)

    monkeypatch.setattr(ErrorSink, "report", recording)
    yield
    if caught and request.node.get_closest_marker("expect_internal_errors") is None:
        raise AssertionError(f"the reader caught internal errors: {caught!r}") from caught[0]
