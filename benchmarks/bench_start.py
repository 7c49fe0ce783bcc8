"""Cold start of the commands, and loading time per indicator as files grow; prints two tables.

Cold start: a bare `python -c pass`, `jixiao --help` and `jixiao score` of the reference, each
a fresh process with its bytecode cached (as after installation), run in turn (bare, help,
score, bare, …) so that load from other processes on the machine moves all three alike; the
median wall-clock and processor time of each, and how far it lies above the bare start.

Loading: generated evaluations (benchmarks/generate.py) of several sizes, YAML → Evaluation as
`jixiao score` loads them, best of a few runs; time per indicator side by side, so a step that
grows faster than the file shows as a rising column.

Run: python benchmarks/bench_start.py [--runs N] [--sizes 1000,5000,10000,20000] [--unpaused]
(--unpaused also loads with the garbage collector left running, as loading did before.)
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from jixiao.io.load import load_text  # noqa: E402

REFERENCE = HERE.parent / "examples" / "xinshi-hrss-2024.yaml"
JIXIAO = [sys.executable, "-c", "import sys; from jixiao.cli import main; sys.exit(main())"]
TARGETS = {
    "bare Python start (python -c pass)": [sys.executable, "-c", "pass"],
    "jixiao --help": [*JIXIAO, "--help"],
    "jixiao score examples/xinshi-hrss-2024.yaml": [*JIXIAO, "score", str(REFERENCE)],
}


def cold_start(runs: int) -> None:
    wall: dict[str, list[float]] = {name: [] for name in TARGETS}
    cpu: dict[str, list[float]] = {name: [] for name in TARGETS}
    with tempfile.TemporaryDirectory() as cache:
        # as installed: modules compiled once, their bytecode read on every later start (kept apart
        # from the source tree, whatever PYTHONDONTWRITEBYTECODE says here)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for command in TARGETS.values():
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        for _ in range(runs):
            for name, command in TARGETS.items():
                used, start = children_cpu(), time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
                wall[name].append(time.perf_counter() - start)
                cpu[name].append(children_cpu() - used)
    bare_wall, bare_cpu = (statistics.median(next(iter(d.values()))) for d in (wall, cpu))
    print(f"Cold start, median of {runs} interleaved runs (wall clock; processor time of the process)")
    print(f"{'command':46} {'wall s':>7} {'above bare':>11} {'cpu s':>7} {'above bare':>11}")
    for name in TARGETS:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:46} {w:7.3f} {w - bare_wall:11.3f} {c:7.3f} {c - bare_cpu:11.3f}")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load_seconds(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()  # the previous run's tree is not this one's garbage
        start = time.perf_counter()
        loaded = load_text(text, "benchmark.yaml")
        best = min(best, time.perf_counter() - start)
        assert loaded.ok, loaded.problems[:3]
        del loaded
    return best


def loading(sizes: list[int], runs: int, unpaused: bool) -> None:
    # the largest generated files are over the default 4 MB cap of one YAML text
    os.environ.setdefault("JIXIAO_MAX_YAML_KB", "100000")
    print(f"\nLoading (YAML → Evaluation), best of {runs}")
    header = f"{'indicators':>10} {'KB':>6} {'seconds':>8} {'ms/indicator':>13}"
    print(header + (f" {'collector running: s':>21} {'ms/indicator':>13}" if unpaused else ""))
    for n in sizes:
        text = generate(n)
        seconds = load_seconds(text, runs)
        line = f"{n:>10,} {len(text.encode()) // 1024:>6,} {seconds:8.2f} {seconds / n * 1000:13.3f}"
        if unpaused:
            with mock.patch("jixiao.parse.pause.gc.disable"):  # the pause becomes a no-op
                slow = load_seconds(text, 1)
            line += f" {slow:21.2f} {slow / n * 1000:13.3f}"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="cold starts of each command")
    parser.add_argument("--sizes", default="1000,5000,10000,20000", help="indicators per generated file")
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--unpaused", action="store_true")
    args = parser.parse_args()
    cold_start(args.runs)
    loading([int(s) for s in args.sizes.split(",")], args.load_runs, args.unpaused)


if __name__ == "__main__":
    main()
