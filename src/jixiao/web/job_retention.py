"""How long finished jobs and their files are kept (JIXIAO_JOB_KEEP_DAYS, default 30 days).

`purge` removes the finished jobs (done or failed) that finished before then: their rows,
then their folders (DATA_DIR/jobs/<id>), in batches, so a crash between the two leaves a
folder without a row (removed by the next purge) and never a row pointing at a removed
file. It never removes a queued or running job, nor the latest of each piece of work: the
newest finished and the newest done job of each evaluation and kind (the report the 报告 tab
offers), of each round's summary export and each other kind per user who asked, and the
review job a round's file still names. `jixiao worker` purges when it starts and about
once an hour (Periodic); `jixiao jobs --purge [--dry-run]` does it by hand.

A link to a purged job's file, or to a file removed from the disk by hand, answers 410
with a Chinese page saying so (`gone`).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Callable, Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from .models import JOB_DONE, JOB_FAILED, JOB_STATUSES, Job, RoundFile

log = logging.getLogger("jixiao.jobs")

FINISHED = (JOB_DONE, JOB_FAILED)
BATCH = 1000  # rows read, deleted and their folders removed at a time: memory stays bounded
PURGE_EVERY_SECONDS = 3600


@dataclass
class Purged:
    jobs: int = 0
    bytes: int = 0
    folders: int = 0  # folders left without a row (an interrupted purge, a deleted evaluation)

    def text(self, dry_run: bool = False) -> str:
        verb = "将清理" if dry_run else "已清理"
        line = f"{verb}超过 {settings.JOB_KEEP_DAYS} 天的已完成任务 {self.jobs} 个"
        if self.folders:
            line += f"、无对应任务的文件夹 {self.folders} 个"
        return f"{line}，{'可' if dry_run else ''}释放 {size_text(self.bytes)}。"


def size_text(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} 字节"


def jobs_dir() -> Path:
    return settings.DATA_DIR / "jobs"


def folder_of(job_id: int) -> Path:
    return jobs_dir() / str(job_id)


def folder_bytes(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def _newest(statuses: tuple[str, ...], of_evaluation: bool):
    """The id of the newest job in `statuses` of each piece of work, as a subquery."""
    qs = Job.objects.filter(status__in=statuses, evaluation__isnull=not of_evaluation).order_by()
    groups = ("evaluation_id", "kind") if of_evaluation else ("kind", "requested_by_id", "params__round")
    return qs.values(*groups).annotate(newest=Max("pk")).values("newest")


def expired(now=None):
    """The jobs a purge removes now: finished before the retention period, and not kept."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.JOB_KEEP_DAYS)
    qs = Job.objects.filter(status__in=FINISHED).filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))
    for statuses in (FINISHED, (JOB_DONE,)):
        for of_evaluation in (True, False):
            qs = qs.exclude(pk__in=_newest(statuses, of_evaluation))
    # A round's file shows its review through its job (rounds_views.py).
    return qs.exclude(pk__in=RoundFile.objects.filter(job__isnull=False).values("job_id"))


def _batches(qs) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return
        yield ids
        last = ids[-1]


def _orphans() -> Iterator[list[tuple[int, Path]]]:
    """Folders jobs/<id> whose job row is gone, in batches."""
    if not jobs_dir().is_dir():
        return
    batch: list[tuple[int, Path]] = []
    with os.scandir(jobs_dir()) as entries:
        for entry in entries:
            if entry.name.isdigit() and entry.is_dir(follow_symlinks=False):
                batch.append((int(entry.name), Path(entry.path)))
            if len(batch) == BATCH:
                yield _without_row(batch)
                batch = []
    if batch:
        yield _without_row(batch)


def _without_row(batch: list[tuple[int, Path]]) -> list[tuple[int, Path]]:
    present = set(Job.objects.filter(pk__in=[i for i, _ in batch]).values_list("pk", flat=True))
    return [(i, p) for i, p in batch if i not in present]


def _forget_tasks(task_ids: list[str]) -> None:
    """The task queue's own rows of the purged jobs (django-tasks-db keeps every finished task)."""
    from django_tasks_db.models import DBTaskResult

    valid = []
    for task_id in task_ids:
        try:
            valid.append(uuid.UUID(task_id))
        except ValueError:
            pass
    DBTaskResult.objects.finished().filter(id__in=valid).delete()


def purge(dry_run: bool = False, now=None) -> Purged:
    """Remove the expired jobs (rows first, then folders) and the folders left without a row;
    with `dry_run`, only count them. Writes one audit row when anything was removed."""
    out = Purged()
    for ids in _batches(expired(now)):
        sizes = {i: folder_bytes(folder_of(i)) for i in ids}
        if not dry_run:
            with transaction.atomic():
                # Checked again in the transaction: one a round's file has named again since stays.
                rows = list(expired(now).filter(pk__in=ids).values_list("pk", "task_id"))
                ids = [i for i, _ in rows]
                Job.objects.filter(pk__in=ids).delete()
                _forget_tasks([t for _, t in rows if t])
            for i in ids:  # the rows are gone (committed): now their files
                shutil.rmtree(folder_of(i), ignore_errors=True)
        out.jobs += len(ids)
        out.bytes += sum(sizes.get(i, 0) for i in ids)
    for orphans in _orphans():
        for _, path in orphans:
            out.folders += 1
            out.bytes += folder_bytes(path)
            if not dry_run:
                shutil.rmtree(path, ignore_errors=True)
    if not dry_run and (out.jobs or out.folders):
        from .audit import record

        record(None, "jobs_purged", out.text())
    return out


def overview() -> str:
    """`jixiao jobs`: how many jobs of each state, the space their folders take, and what a purge would remove."""
    from django.db.models import Count

    counts = dict(Job.objects.order_by().values_list("status").annotate(n=Count("pk")))
    states = "，".join(f"{label} {counts.get(status, 0)}" for status, label in JOB_STATUSES)
    used = folder_bytes(jobs_dir()) if jobs_dir().is_dir() else 0
    return (f"后台任务 {sum(counts.values())} 个（{states}），文件共 {size_text(used)}。\n"
            f"{purge(dry_run=True).text(dry_run=True)}（jixiao jobs --purge 清理）")


class Periodic:
    """`jixiao worker`'s purge: when first called, then again once PURGE_EVERY_SECONDS have
    passed by `clock`. A failure is logged and tried again at the next turn."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, every: float = PURGE_EVERY_SECONDS):
        self.clock, self.every, self.last = clock, every, None

    def __call__(self) -> Purged | None:
        now = self.clock()
        if self.last is not None and now - self.last < self.every:
            return None
        self.last = now
        from django.db import close_old_connections, connection

        close_old_connections()
        try:
            done = purge()
        except Exception:
            log.exception("purging expired jobs failed; tried again in an hour")
            return None
        finally:
            connection.close()  # this thread keeps no connection between purges
        if done.jobs or done.folders:
            log.info("%s", done.text())
        return done


# -- a link to a file that is gone ------------------------------------------------------


def gone_text() -> tuple[str, str, str]:
    return ("文件已清理", f"该文件已超过保留期限（{settings.JOB_KEEP_DAYS}天）被清理，请重新生成。",
            "请回到评价的“报告”页（或原来的页面）重新生成后再下载。")


def gone(request, job_id: int, why: str):
    """The 410 page for a job's file that is no longer there."""
    from .errors import error_page

    log.warning("job %s: file requested at %s is gone (%s)", job_id, request.path, why)
    return error_page(request, 410, gone_text())


def purged(job_id: int) -> bool:
    """Whether a job that is not there was removed (a newer one exists), rather than never made."""
    return not Job.objects.filter(pk=job_id).exists() and Job.objects.filter(pk__gt=job_id).exists()
