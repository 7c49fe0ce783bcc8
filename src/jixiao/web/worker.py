"""The process that runs the queued jobs (jobs.py): `jixiao worker`, its threads of
django-tasks-db's database worker, the child process `jixiao serve` starts, and the jobs
a dead worker left 生成中.

Jobs run on two queues, each with threads and slots of its own: report conversions
(JIXIAO_REPORT_WORKERS) and the review of 自评表 (JIXIAO_REVIEW_WORKERS), so a round of
five hundred forms never keeps a PDF download waiting, nor a PDF a form's review."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .job_retention import Periodic
from .models import JOB_FAILED, JOB_RUNNING, Job

log = logging.getLogger("jixiao.jobs")

REPORTS, REVIEWS = "default", "review"
# queue → (its number of slots, the folder of their locks)
QUEUES = {REPORTS: (lambda: settings.REPORT_WORKERS, "slots"), REVIEWS: (lambda: settings.REVIEW_WORKERS, "slots-review")}


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def recover_interrupted() -> int:
    """Jobs left 生成中 by a worker process of this machine that is gone: failed, so that a new
    request makes a new job instead of waiting for one that will never finish."""
    host = socket.gethostname()
    n = 0
    for job in Job.objects.filter(status=JOB_RUNNING, worker__startswith=f"{host}:"):
        try:
            os.kill(int(job.worker.rsplit(":", 1)[1]), 0)
            continue  # still running there
        except ProcessLookupError:
            pass
        except (ValueError, PermissionError):
            continue  # not ours to judge
        n += Job.objects.filter(pk=job.pk, status=JOB_RUNNING).update(
            status=JOB_FAILED, finished_at=timezone.now(), error="生成被中断（工作进程已停止），请重新生成。")
    return n


def _slot_dir(queue: str) -> Path:
    path = settings.DATA_DIR / "jobs" / QUEUES[queue][1]
    path.mkdir(parents=True, exist_ok=True)
    return path


_local_slots: dict[tuple[str, int], threading.BoundedSemaphore] = {}


@contextmanager
def slot(queue: str = REPORTS, wait=None):
    """One of the queue's places to run a job (JIXIAO_REPORT_WORKERS or JIXIAO_REVIEW_WORKERS),
    shared by every worker process on this machine: a file lock each, released by the system
    if a process dies. `wait` is called once if the job has to wait for one."""
    limit = max(1, QUEUES[queue][0]())
    try:
        import fcntl
    except ImportError:  # not a Unix system: the cap holds within this process only
        with _local_slots.setdefault((queue, limit), threading.BoundedSemaphore(limit)):
            yield
        return
    told = False
    while True:
        for i in range(limit):
            fh = open(_slot_dir(queue) / f"{i}.lock", "a+")
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                fh.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
                fh.close()
            return
        if wait is not None and not told:
            wait()
            told = True
        time.sleep(0.2)


def _db_worker(i: int, once: bool, interval: float, queue: str = REPORTS):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=[queue], interval=interval, batch=once, backend_name="default",
                  startup_delay=False, max_tasks=None, worker_id=f"{worker_name()}:{queue}:{i}"[:64],
                  excluded_queue_names=[])


def run_pending(threads: int = 1, queues: tuple[str, ...] = (REPORTS, REVIEWS)) -> None:
    """Run every queued job, then return (`jixiao worker --once`; the tests): `threads` workers
    on each queue, in threads of their own, each on its own database connection, as under
    `jixiao worker`."""
    ts = [threading.Thread(target=_thread, args=(_db_worker(i, True, 0, q),)) for q in queues for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def _thread(worker) -> None:
    try:
        while True:
            try:
                worker.run()
                return
            except Exception:  # a lost database connection, say: log it and go on
                log.exception("task worker loop failed; restarting it")
                if not worker.running:
                    return
                time.sleep(1)
    finally:
        connection.close()


def tick(parent: int | None, purge) -> bool:
    """One turn of `jixiao worker`'s own loop, beside the job threads: False once the `parent`
    process is gone; else the expired jobs are purged when it is time (job_retention.Periodic)."""
    if parent is not None and os.getppid() != parent:
        log.warning("jixiao serve (pid %s) is gone; the task worker stops", parent)
        return False
    purge()
    return True


def run_forever(threads: int | None = None, parent: int | None = None, interval: float = 0.5,
                grace: float = 10.0) -> None:
    """`jixiao worker`: run jobs until SIGTERM or SIGINT (or until the `parent` process is gone),
    letting a running job finish for up to `grace` seconds; each queue has as many threads as
    slots (`threads` overrides both). Expired jobs are purged at start and about once an hour."""
    close_old_connections()
    recover_interrupted()
    connection.close()
    workers = [_db_worker(i, False, interval, q) for q, (limit, _) in QUEUES.items() for i in range(threads or limit())]
    ts = [threading.Thread(target=_thread, args=(w,), daemon=True, name=f"jixiao-worker-{i}")
          for i, w in enumerate(workers)]
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    for t in ts:
        t.start()
    purge = Periodic()  # its first turn purges: at start, once the job threads run
    while tick(parent, purge) and not stop.wait(1.0):
        pass
    for w in workers:
        w.running = False
    deadline = time.monotonic() + grace
    for t in ts:
        t.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in ts):
        _abandon()


def _abandon() -> None:
    """Stop now with jobs still running: mark them failed, and end their LibreOffice too."""
    close_old_connections()
    Job.objects.filter(status=JOB_RUNNING, worker=worker_name()).update(
        status=JOB_FAILED, finished_at=timezone.now(), error="服务停止，生成被中断；请重新生成。")
    if hasattr(os, "killpg") and os.getpgid(0) == os.getpid():  # our own process group (started by serve)
        os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(1)


@contextmanager
def worker_process(data_dir: Path):
    """`jixiao serve`'s task worker: a child process, stopped with the server."""
    import subprocess
    import sys

    # JIXIAO_PAGES_PID: whose processor time a conversion watches to give way to the pages (convert.py)
    env = dict(os.environ, JIXIAO_DATA=str(data_dir), JIXIAO_PAGES_PID=str(os.getpid()))
    cmd = [sys.executable, "-m", "jixiao.cli", "worker", "--parent", str(os.getpid())]
    # Its own process group: LibreOffice conversions it starts are stopped with it.
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    master = os.getpid()
    try:
        yield proc
    finally:
        if os.getpid() == master:  # not in a process forked from this one (gunicorn's workers)
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
