"""Shared timing for the benchmark scripts."""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Callable


def best_of(fn: Callable[[], object], runs: int = 15) -> tuple[float, float]:
    """Best and median wall time of `runs` calls, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def cpu_seconds(root: int | None = None) -> tuple[float, float]:
    """(busy seconds of the whole machine, processor seconds of process `root` and all its
    descendants, finished children included), from /proc; (nan, nan) where there is none."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
        busy = (user + nice + system + irq + softirq + steal) / tick
        if root is None:
            return busy, float("nan")
        stats = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    rest = (d / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                stats[int(d.name)] = (int(rest[1]), sum(int(x) for x in rest[11:15]))  # ppid; utime stime cutime cstime
        tree, frontier = {root}, [root]
        while frontier:
            parent = frontier.pop()
            for pid, (ppid, _) in stats.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        return busy, sum(stats[p][1] for p in tree if p in stats) / tick
    except (OSError, ValueError, IndexError):
        return float("nan"), float("nan")
