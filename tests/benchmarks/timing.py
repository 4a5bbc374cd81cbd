"""Clocks and percentiles shared by every engine's measurements."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

_T = TypeVar("_T")


def timed(action: Callable[[], _T]) -> tuple[float, _T]:
    """Seconds `action` took on the monotonic high-resolution clock, and its result."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: always a sample that was really measured."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(samples: Sequence[float]) -> float:
    return percentile(samples, 0.5)
