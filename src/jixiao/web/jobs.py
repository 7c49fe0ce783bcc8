"""Work done outside the request: jobs queued in the database and run by `jixiao worker`.

A request creates a Job row (kind, params, who asked, for which evaluation revision)
and, in the same transaction, enqueues a django-tasks task naming it; the request
returns at once. `jixiao worker` — which `jixiao serve` starts as a child process —
runs django-tasks-db's database worker in JIXIAO_REPORT_WORKERS threads (and the review
of 自评表, a queue of its own, in JIXIAO_REVIEW_WORKERS: worker.py). While it runs, a job
holds one of as many slots (a file lock in the data directory), so at most that many
conversions run at once however many workers are started; a report is made in a
process of its own at the lowest CPU priority (convert.py), so pages come first. The page polls the job's row for status and progress; the
result is a file under the data directory, served only to those who may see the
evaluation. The same work (same `key`: kind, evaluation and revision) is done once and
its result reused.

Each kind is a function registered with @kind; a report is one, and bulk review,
audits, imports and exports can be others.
"""

from __future__ import annotations

import logging
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django_tasks import task

from .access import audit, evaluation_or_404
from .job_retention import gone, purged
from .models import JOB_DONE, JOB_FAILED, JOB_QUEUED, JOB_RUNNING, Evaluation, Job, Revision
from .publication import notice as publication_notice, refused as unpublished, results_visible
# The worker process, importable from here as before (`jixiao worker`, `serve`, the tests).
from .worker import (  # noqa: F401
    REPORTS, REVIEWS, recover_interrupted, run_forever, run_pending, slot, worker_name, worker_process,
)

log = logging.getLogger("jixiao.jobs")

# A job still 生成中 after this long was interrupted (its worker died); a PDF takes seconds.
STALE_AFTER_SECONDS = 15 * 60

Progress = Callable[[int, str], None]


class JobFailed(Exception):
    """The job cannot be done; str() is what the user reads (Chinese)."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # as the user reads it, e.g. “PDF 报告”
    run: Callable[[Job, Path, Progress], tuple[Path, str, str]]  # → (file written, download name, content type)
    queue: str = REPORTS  # whose workers and slots run it (worker.QUEUES)


KINDS: dict[str, Kind] = {}


def kind(name: str, label: str, queue: str = REPORTS):
    def register(run):
        KINDS[name] = Kind(name, label, run, queue)
        return run

    return register


# -- requesting, and reading a job's state --------------------------------------------


def result_file(job: Job) -> Path | None:
    return settings.DATA_DIR / job.result_path if job.result_path else None


def request_job(kind_name: str, key: str, params: dict, user, evaluation: Evaluation | None = None,
                revision: int | None = None) -> tuple[Job, bool]:
    """The job doing this work: one already queued, running or done (reused), or a new one
    queued now. Returns (job, created)."""
    with transaction.atomic():
        if evaluation is not None:
            # Two requests for the same evaluation (a double click) queue here, so the second one
            # finds the first job. On SQLite the transaction already holds the write lock.
            Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
        job = Job.objects.filter(key=key).exclude(status=JOB_FAILED).first()
        if job is not None and job.status == JOB_RUNNING and job.started_at is not None and (
                (timezone.now() - job.started_at).total_seconds() > STALE_AFTER_SECONDS):
            _set(job.pk, status=JOB_FAILED, finished_at=timezone.now(), error="生成被中断，请重新生成。")
            job = None
        if job is not None and (job.status != JOB_DONE or result_file(job).is_file()):
            return job, False
        job = Job.objects.create(kind=kind_name, key=key, params=params, evaluation=evaluation, revision=revision,
                                 requested_by=user if user is not None and user.is_authenticated else None)
        # Enqueued in the same transaction: the worker sees the task only with its job, and never one without.
        queue = KINDS[kind_name].queue if kind_name in KINDS else REPORTS
        result = run_job.using(queue_name=queue).enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return job, True


def queued_ahead(job: Job) -> int:
    """How many jobs wait before this one."""
    if job.status != JOB_QUEUED:
        return 0
    return Job.objects.filter(status__in=(JOB_QUEUED, JOB_RUNNING), pk__lt=job.pk).count()


def job_or_404(request, job_id: int) -> Job:
    """The job if the user may see it: for an evaluation's job, whoever may see the evaluation;
    otherwise only who asked. Anything else is a 404, logged."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        audit(request, "denied", f"{request.method} {request.path} 任务不存在")
        raise Http404("任务不存在或无权访问")
    if job.evaluation_id is not None:
        evaluation_or_404(request, job.evaluation_id, f"任务 {job_id}")
    elif job.requested_by_id != request.user.pk:
        audit(request, "denied", f"{request.method} {request.path} 他人的任务")
        raise Http404("任务不存在或无权访问")
    return job


def serve_result(request, job: Job, what: str) -> FileResponse:
    path = result_file(job)
    if job.status != JOB_DONE or path is None:
        raise Http404("尚未生成")
    if job.evaluation_id is not None:  # a 定稿 that fails its check is not handed out (signing.py)
        from .signing import refused_download

        refused = refused_download(request, job.evaluation, what)
        if refused is not None:
            return refused
    try:
        fh = open(path, "rb")
    except FileNotFoundError:  # purged, or removed by hand while its row remains
        return gone(request, job.pk, "file missing on disk")
    audit(request, "export", what, job.evaluation_id)
    resp = FileResponse(fh, content_type=job.content_type or "application/octet-stream")
    resp["Content-Disposition"] = content_disposition_header(True, job.result_name or path.name)
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# -- running ---------------------------------------------------------------------------


def _set(job_id: int, **fields) -> None:
    Job.objects.filter(pk=job_id).update(**fields)


def execute(job_id: int) -> None:
    """Run one job: take a slot, do the work, record the outcome on its row."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != JOB_QUEUED:
        return  # deleted, or already run
    k = KINDS.get(job.kind)
    if k is None:
        _set(job_id, status=JOB_FAILED, error=f"未知的任务类型“{job.kind}”。", finished_at=timezone.now())
        return
    with slot(k.queue, wait=lambda: _set(job_id, stage="等待空闲的生成进程")):
        if not Job.objects.filter(pk=job_id, status=JOB_QUEUED).update(
                status=JOB_RUNNING, started_at=timezone.now(), worker=worker_name(), progress=5, stage="开始"):
            return

        def progress(percent: int, stage: str) -> None:
            _set(job_id, progress=max(0, min(99, int(percent))), stage=stage[:200])

        out_dir = settings.DATA_DIR / "jobs" / str(job_id)
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            path, name, content_type = k.run(job, out_dir, progress)
        except JobFailed as exc:
            log.warning("job %s (%s) failed: %s", job_id, job.kind, exc)
            _set(job_id, status=JOB_FAILED, error=str(exc), finished_at=timezone.now())
            shutil.rmtree(out_dir, ignore_errors=True)
            return
        except Exception:
            log.exception("job %s (%s) failed", job_id, job.kind)
            _set(job_id, status=JOB_FAILED, finished_at=timezone.now(),
                 error=f"{k.label}生成失败（内部错误，任务编号 {job_id}），请稍后重试或联系管理员。")
            shutil.rmtree(out_dir, ignore_errors=True)
            return
        _set(job_id, status=JOB_DONE, progress=100, stage="已完成", finished_at=timezone.now(),
             result_path=str(path.relative_to(settings.DATA_DIR)), result_name=name, content_type=content_type)


@task()
def run_job(job_id: int) -> None:
    """The django-tasks task: one per job; the outcome is on the job's row."""
    execute(job_id)


# -- reports -----------------------------------------------------------------------------

REPORT_FORMATS = {
    "docx": ("Word 报告", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF 报告", "application/pdf"),
}


def report_key(ev: Evaluation, number: int, fmt: str) -> str:
    return f"report.{fmt}:{ev.pk}:r{number}"


def _download_name(ev: Evaluation, number: int, fmt: str) -> str:
    return f"{(ev.subject or ev.title or 'evaluation')[:60]}-{ev.year or ''}-第{ev.version}版-r{number}.{fmt}"


CONVERT_TIMEOUT_SECONDS = 900  # LibreOffice has 240 s for each of its two passes


def _report(fmt: str):
    def run(job: Job, out_dir: Path, progress: Progress) -> tuple[Path, str, str]:
        import subprocess
        import sys

        from .uploads import attached_photos  # 附件5's photos: the image attachments, which the text does not hold
        ev = Evaluation.objects.get(pk=job.evaluation_id)
        rev = Revision.objects.filter(evaluation_id=ev.pk, number=job.revision).first()
        if rev is None:
            raise JobFailed(f"修订 {job.revision} 不存在，无法生成报告。")
        source, out = out_dir / "revision.yaml", out_dir / f"report.{fmt}"
        source.write_text(rev.text, encoding="utf-8")
        # A process of its own at the lowest priority (convert.py); this one keeps the database.
        proc = subprocess.Popen([sys.executable, "-m", "jixiao.web.convert", fmt, str(source), str(out), attached_photos(ev)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                                errors="replace")
        watchdog = threading.Timer(CONVERT_TIMEOUT_SECONDS, proc.kill)
        watchdog.start()
        error, other = None, []
        try:
            for line in proc.stdout:
                what, _, rest = line.rstrip("\n").partition(" ")
                if what == "progress":
                    percent, _, stage = rest.partition(" ")
                    progress(int(percent), stage)
                elif what == "error":
                    error = rest
                else:
                    other = (other + [line.rstrip()])[-40:]
            code = proc.wait()
        finally:
            watchdog.cancel()
            source.unlink(missing_ok=True)
        if other:
            log.warning("job %s (%s): %s", job.pk, job.kind, "\n".join(other))
        if error:
            raise JobFailed(error)
        if code != 0 or not out.is_file():
            raise RuntimeError(f"convert exited with {code}")
        return out, _download_name(ev, rev.number, fmt), REPORT_FORMATS[fmt][1]

    return run


for _fmt, (_label, _) in REPORT_FORMATS.items():
    kind(f"report.{_fmt}", _label)(_report(_fmt))


def request_report(request, ev: Evaluation, fmt: str) -> Job | None:
    """The report job of the evaluation's current revision (reused or queued), or None with
    a message saying why there is none."""
    from ..report.pdf import find_soffice
    from .store import head_revision

    if not results_visible(request.user, ev):  # its file would be refused: none is made
        messages.error(request, publication_notice(ev))
        return None

    rev = head_revision(ev)
    if rev is None:
        messages.error(request, "该评价还没有内容，无法生成报告。")
        return None
    if fmt == "pdf" and find_soffice() is None:
        messages.error(request, "本机未安装 LibreOffice，无法生成 PDF；请下载 Word 报告。")
        return None
    job, created = request_job(f"report.{fmt}", report_key(ev, rev.number, fmt), {"format": fmt},
                               request.user, ev, rev.number)
    if created:
        audit(request, "report_job", f"{REPORT_FORMATS[fmt][0]}（修订 {rev.number}）排队生成，任务 {job.pk}", ev.pk)
    return job


def report_jobs(ev: Evaluation) -> list[dict]:
    """The newest job of each report format for the current revision, as the page shows it."""
    rows = []
    latest = {}
    for job in Job.objects.filter(evaluation=ev, revision=ev.head, kind__in=[f"report.{f}" for f in REPORT_FORMATS]):
        latest.setdefault(job.kind, job)  # newest first
    for fmt, (label, _) in REPORT_FORMATS.items():
        job = latest.get(f"report.{fmt}")
        if job is not None:
            rows.append({"job": job, "fmt": fmt, "label": label, "ahead": queued_ahead(job)})
    return rows


def jobs_context(ev: Evaluation) -> dict:
    """What the 报告 tab and its polled part show: the buttons and the current revision's jobs."""
    rows = report_jobs(ev)
    return {"ev": ev, "report_jobs": rows, "polling": any(not r["job"].finished for r in rows),
            "report_buttons": [(fmt, label, "" if fmt == "docx" else "secondary")
                               for fmt, (label, _) in REPORT_FORMATS.items()]}


@login_required
@require_POST
def report_view(request, pk: int):
    """POST 报告 → 生成: queue (or reuse) the report and answer at once with its status."""
    ev = evaluation_or_404(request, pk, "生成报告")
    fmt = request.POST.get("fmt", "")
    if fmt not in REPORT_FORMATS:
        raise Http404()
    refused = unpublished(request, ev, REPORT_FORMATS[fmt][0])
    if refused is not None:  # the department, before its results are public: nothing is queued
        return refused
    request_report(request, ev, fmt)
    if request.headers.get("HX-Request"):
        return render(request, "jixiao/_jobs.html", jobs_context(ev))
    return redirect("jixiao:tab", ev.pk, "report")


@login_required
def report_status(request, pk: int):
    """The jobs' status, for the page's polling."""
    ev = evaluation_or_404(request, pk, "报告任务")
    return render(request, "jixiao/_jobs.html", jobs_context(ev))


@login_required
def export_report(request, pk: int, fmt: str):
    """GET …/export/docx|pdf/: the report of the current revision once it is ready; before
    that, it is queued and the user is sent to the 报告 tab, which shows its progress."""
    ev = evaluation_or_404(request, int(pk), f"导出 {fmt}")
    refused = unpublished(request, ev, REPORT_FORMATS[fmt][0]) if fmt in REPORT_FORMATS else None
    if refused is not None:
        return refused
    job = request_report(request, ev, fmt)
    if job is not None and job.status == JOB_DONE:
        return serve_result(request, job, f"{REPORT_FORMATS[fmt][0]}（修订 {job.revision}）")
    if job is not None:
        messages.info(request, f"{REPORT_FORMATS[fmt][0]}（修订 {job.revision}）正在生成，完成后可在下方下载。")
    return redirect("jixiao:tab", ev.pk, "report")


@login_required
def job_download(request, job_id: int):
    if purged(job_id):  # its row is gone with its file (job_retention.py)
        return gone(request, job_id, "job purged")
    job = job_or_404(request, job_id)
    label = KINDS[job.kind].label if job.kind in KINDS else job.kind
    return serve_result(request, job, f"{label}（修订 {job.revision}）" if job.revision else label)


@login_required
def job_status(request, job_id: int):
    """A job's state as JSON (the API's view of the queue)."""
    from django.http import JsonResponse
    from django.urls import reverse

    job = job_or_404(request, job_id)
    return JsonResponse({
        "id": job.pk, "kind": job.kind, "status": job.status, "status_text": job.get_status_display(),
        "progress": job.progress, "stage": job.stage, "error": job.error, "revision": job.revision,
        "download": reverse("jixiao:job_download", args=[job.pk]) if job.status == JOB_DONE else None,
    })
