"""Shared timing for the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def best_of(fn: Callable[[], object], runs: int = 15) -> tuple[float, float]:
    """Best and median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)
