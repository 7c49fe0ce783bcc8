"""The 报告复核 pages: a bureau's administrator uploads delivered reports (several files or a
zip), follows their audits on the task queue (the list polls every 2 seconds while any
waits), opens a report's problems at their places and downloads the annotated copy and the
problem list. A report of another bureau is answered as one that does not exist (404),
logged, as for evaluations (access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from . import uploads
from .access import audit, bureau_of_organisation
from .job_retention import gone, purged
from .jobs import queued_ahead, serve_result
from .models import ADMIN, JOB_DONE, JOB_FAILED, JOB_QUEUED, JOB_RUNNING, Job
from .profiles import profile_of
from .reportaudits_job import KIND, accept, posted_reports, problems_of, side_file

SHOWN = 100  # reports listed on the page, newest first; the rest are counted
STATUS_TEXT = {JOB_QUEUED: "排队中", JOB_RUNNING: "复核中", JOB_DONE: "已复核", JOB_FAILED: "复核失败"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bureau_of(user) -> int | None:
    """The bureau whose reports the user audits: a 财政局管理员's own; None for everyone else."""
    p = profile_of(user)
    return bureau_of_organisation(p.organisation) if p is not None and p.role == ADMIN else None


def allowed_or_404(request, what: str) -> int:
    bureau = bureau_of(request.user)
    if bureau is None:
        audit(request, "denied", f"{request.method} {request.path} {what}")
        raise Http404("页面不存在或无权访问")
    return bureau


def report_or_404(request, job_id: int, what: str) -> Job:
    """The report's job if it is of the user's bureau; anything else a 404, logged."""
    bureau = allowed_or_404(request, what)
    job = Job.objects.filter(pk=job_id, kind=KIND).first()
    if job is None or job.params.get("bureau") != bureau:
        audit(request, "denied", f"{request.method} {request.path} 复核报告 {job_id} {what}")
        raise Http404("报告不存在或无权访问")
    return job


def row(job: Job) -> dict:
    counts = job.params.get("counts") or {}
    return {"job": job, "name": job.params.get("name", ""), "status": STATUS_TEXT.get(job.status, job.status),
            "ahead": queued_ahead(job), "errors": counts.get("error", 0), "warnings": counts.get("warning", 0),
            "infos": counts.get("info", 0), "total": sum(counts.values()), "annotated": job.params.get("annotated", "")}


def listing(bureau: int) -> dict:
    jobs = Job.objects.filter(kind=KIND, params__bureau=bureau).select_related("requested_by")
    total = jobs.count()
    left = jobs.filter(status__in=(JOB_QUEUED, JOB_RUNNING)).count()
    return {"rows": [row(j) for j in jobs[:SHOWN]], "total": total, "left": left, "done": total - left,
            "polling": left > 0, "percent": (total - left) * 100 // total if total else 100}


@login_required
def report_audits(request):
    bureau = allowed_or_404(request, "报告复核")
    return render(request, "jixiao/report_audits.html", listing(bureau))


@login_required
def report_audits_progress(request):
    bureau = allowed_or_404(request, "报告复核进度")
    return render(request, "jixiao/_report_audits.html", listing(bureau))


@login_required
@require_POST
def report_audits_upload(request):
    bureau = allowed_or_404(request, "上传报告")
    try:
        jobs = accept(posted_reports(request), request.user, bureau)
    except uploads.Refused as refused:
        uploads.refused(request, refused)
        messages.error(request, f"上传被拒绝：{refused.message}{uploads.NOTHING_KEPT}")
        return render(request, "jixiao/report_audits.html", listing(bureau),
                      status=refused.status)
    names = "、".join(j.params["name"] for j in jobs[:5]) + (f" 等 {len(jobs)} 份报告" if len(jobs) > 5 else "")
    audit(request, "report_audit_upload", f"{names}（任务 {', '.join(str(j.pk) for j in jobs[:20])}）")
    messages.success(request, f"已收到 {names}，正在逐份复核，完成后列表自动更新。")
    return redirect("jixiao:report_audits")


@login_required
def report_audit(request, job_id: int):
    job = report_or_404(request, job_id, "查看")
    found = problems_of(job)
    audit(request, "report_audit_view", f"复核报告“{job.params.get('name', '')}”（任务 {job.pk}）")
    return render(request, "jixiao/report_audit.html", {**row(job), "problems": found.get("problems", [])})


@login_required
def report_audit_annotated(request, job_id: int):
    if purged(job_id):  # job_retention.py
        return gone(request, job_id, "job purged")
    job = report_or_404(request, job_id, "下载批注版")
    return serve_result(request, job, f"复核报告“{job.params.get('name', '')}”的{job.params.get('annotated', '批注版')}")


@login_required
def report_audit_problems(request, job_id: int):
    if purged(job_id):  # job_retention.py
        return gone(request, job_id, "job purged")
    job = report_or_404(request, job_id, "下载问题清单")
    path = side_file(job, "xlsx")
    if job.status != JOB_DONE:
        raise Http404("问题清单尚未生成")
    if not path.is_file():
        return gone(request, job_id, "file missing on disk")
    audit(request, "export", f"复核报告“{job.params.get('name', '')}”的问题清单（任务 {job.pk}）")
    resp = FileResponse(open(path, "rb"), content_type=XLSX)
    stem = job.params.get("name", "报告").rsplit(".", 1)[0]
    resp["Content-Disposition"] = content_disposition_header(True, f"{stem}-问题清单.xlsx")
    return resp


def portfolio_summary(user) -> dict | None:
    """The bureau's audited reports as the portfolio shows them: how many, their problems by
    severity, and the newest with their counts; None for those who audit no reports."""
    bureau = bureau_of(user)
    if bureau is None:
        return None
    done = Job.objects.filter(kind=KIND, params__bureau=bureau, status=JOB_DONE)
    totals = {"error": 0, "warning": 0, "info": 0}
    for params in done.values_list("params", flat=True):
        for severity, n in (params.get("counts") or {}).items():
            totals[severity] = totals.get(severity, 0) + n
    reports = done.count()
    return {"reports": reports, "totals": totals, "rows": [row(j) for j in done[:10]] if reports else []}
