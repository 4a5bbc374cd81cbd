"""How many inputs each fuzzing (property) test generates.

The default run keeps `make test` under about ten minutes. `PAPERSHELF_FUZZ=N`
multiplies every fuzzer's budget by N for a longer attack run, for example
`PAPERSHELF_FUZZ=20 .venv/bin/python -m pytest -q -m fuzz`.
"""

from __future__ import annotations

import os

import pytest


def scale() -> int:
    try:
        return max(1, int(os.environ.get("PAPERSHELF_FUZZ", "1")))
    except ValueError:
        return 1


def examples(default: int) -> int:
    """The number of generated inputs for a fuzzer whose default budget is `default`."""
    return default * scale()


fuzz = pytest.mark.fuzz  # every fuzzer carries it: `-m fuzz` runs only them
