"""Report conversions give way to the pages: each step waits while the server is busy, never forever."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from jixiao.web import convert


def busy(cores: list[float]):
    """A server measured as keeping `cores[i]` cores busy at the i-th look."""
    looks = iter(cores)
    return lambda self: next(looks, cores[-1])


def test_a_step_starts_at_once_while_the_pages_are_quiet(monkeypatch):
    monkeypatch.setattr(convert.Admission, "pages_cores", busy([0.1]))
    admission = convert.Admission(1, 25, budget=5, window=0.01)
    told = []
    admission.wait(lambda: told.append(1))
    assert told == [] and admission.waited < 1


def test_a_step_waits_while_the_pages_are_busy_and_starts_when_they_calm(monkeypatch):
    monkeypatch.setattr(convert.Admission, "pages_cores", busy([1.9, 1.5, 1.2, 0.2]))
    admission = convert.Admission(1, 25, budget=60, window=0.01)
    told = []
    admission.wait(lambda: told.append("服务器繁忙"))
    assert told == ["服务器繁忙"]  # said once, not at every look


def test_a_report_is_never_starved_by_busy_pages(monkeypatch):
    def slow_look(self):
        time.sleep(0.05)
        return 2.0

    monkeypatch.setattr(convert.Admission, "pages_cores", slow_look)
    admission = convert.Admission(1, 25, budget=0.2, window=0.01)
    start = time.monotonic()
    admission.wait(lambda: None)
    admission.wait(lambda: None)  # a later step: the budget is the conversion's, already spent
    assert time.monotonic() - start < 1


def test_without_a_server_to_watch_nothing_waits():
    assert convert.Admission(None, 25, budget=60).pages_cores() is None


def test_the_pages_are_measured_by_the_processor_time_of_the_server_and_its_workers():
    """A server whose worker spins is busy; the job worker's own conversions are not the pages."""
    if not os.path.isdir("/proc"):
        return
    spin = subprocess.Popen([sys.executable, "-c", "import subprocess, sys\n"
                             "child = subprocess.Popen([sys.executable, '-c', 'while True: pass'])\n"
                             "child.wait()"])
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.5)
        cores = convert.Admission(spin.pid, 25, budget=5).pages_cores()
        idle = convert.Admission(sleeper.pid, 25, budget=5).pages_cores()
        assert cores is not None and idle is not None
        assert cores > 0.02 > idle, (cores, idle)  # however little of the machine the spinner gets
        assert convert.pages_ticks(spin.pid, spin.pid) == 0  # the excluded subtree counts nothing
    finally:
        for pid in [p for p, (ppid, _) in convert.live_processes().items() if ppid == spin.pid]:
            os.kill(pid, 9)
        for proc in (spin, sleeper):
            proc.kill()
            proc.wait()
