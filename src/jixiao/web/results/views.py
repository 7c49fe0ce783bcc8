"""结果应用 pages: the bureau's page for a year (the report's tables, live from its 定稿 evaluations),
its 结果应用规则, the Word/Excel report as jobs; the 公开版 of an evaluation; the evaluation page's panel.
Only the bureau's admin sees the bureau's page (anyone else: 403, audited by the 403 page)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ...results.rules import ACTIONS_HELP, GRADES, RuleError, read_rules
from ...results.tables import cell_text, overview, tables_of
from .. import access, uploads
from ..jobs import queued_ahead
from ..models import ADMIN, JOB_DONE, Job
from ..publication import refused as unpublished, results_visible
from ..settings_files import problem_lines, received_settings
from ..uploads import Refused
from . import jobs
from .data import bureau_rules, save_rules, year_results, years_of


def _bureau(request):
    profile = access.profile_of(request.user)
    if profile is None or profile.role != ADMIN:
        raise PermissionDenied("结果应用只能由财政局管理员查看。")
    return profile.organisation


def _year(request, bureau) -> int:
    years = years_of(bureau)
    raw = request.GET.get("year") or request.POST.get("year") or ""
    try:
        year = int(raw.strip())
    except ValueError:
        year = 0
    if 1900 <= year <= 2200:  # a typed year; anything else (or none) is the latest with evaluations
        return year
    return years[0] if years else dt.date.today().year - 1


def _jobs_context(request, year: int) -> dict:
    rows = [{"job": j, "label": jobs.FORMATS[j.kind.split(".")[1]][0], "ahead": queued_ahead(j)}
            for j in jobs.user_jobs(request.user, year)]
    return {"year": year, "result_jobs": rows, "polling": any(not r["job"].finished for r in rows)}


@login_required
def page(request):
    bureau = _bureau(request)
    year = _year(request, bureau)
    data = year_results(bureau, year)
    rules = bureau_rules(bureau)
    return render(request, "results/page.html", {
        "bureau": bureau, "year": year, "years": years_of(bureau) or [year], "data": data,
        "tables": [(t, [[cell_text(c) for c in row] for row in t.rows]) for t in tables_of(data.results)],
        "overview": overview(data.results),
        "rules": [(g, rules.texts().get(g, "")) for g in GRADES], "actions_help": ACTIONS_HELP,
        "rules_default": rules.where == "默认规则", **_jobs_context(request, year),
    })


def _posted(request, bureau) -> tuple[dict[str, str], str]:
    """grade → action, and the file it came from: a 规则.yaml as `jixiao results --rules` reads it (a
    grade it leaves out keeps the bureau's current action), else the form's fields (no file);
    RuleError with the file's lines."""
    sent = received_settings(request)
    if sent is None:
        return {g: request.POST.get(f"grade_{i}", "") for i, g in enumerate(GRADES)}, ""
    found, problems = read_rules(*sent)
    if found is None:
        raise RuleError("规则文件有误：" + "；".join(problem_lines(problems)))
    return bureau_rules(bureau).texts() | found.texts(), sent[1]


@login_required
@require_POST
def rules(request):
    bureau = _bureau(request)
    year = _year(request, bureau)
    try:
        texts, file = _posted(request, bureau)
    except Refused as refused:
        uploads.refused(request, refused)
        texts, file, errors = None, "", [refused.message]
    except RuleError as exc:
        texts, file, errors = None, "", [str(exc)]
    if texts is not None:
        errors = save_rules(request, bureau, texts, file)
    if errors:
        for e in errors:
            messages.error(request, f"结果应用规则未保存：{e}")
    else:
        messages.success(request, "已保存结果应用规则。")
    return redirect(f"{reverse('results:page')}?year={year}")


@login_required
@require_POST
def report(request):
    bureau = _bureau(request)
    year = _year(request, bureau)
    fmt = request.POST.get("fmt", "")
    if fmt not in jobs.FORMATS:
        messages.error(request, "未知的报告格式。")
    else:
        data = year_results(bureau, year)
        if not data.results.entries:
            messages.error(request, f"{year}年度还没有已定稿的评价，无法生成结果应用报告。")
        else:
            job, created = jobs.request_report(request.user, bureau, year, fmt, data.digest)
            if created:
                access.audit(request, "results_report", f"{jobs.FORMATS[fmt][0]}（{year}年度）排队生成，任务 {job.pk}")
    if request.headers.get("HX-Request"):
        return render(request, "results/_jobs.html", _jobs_context(request, year))
    return redirect(f"{reverse('results:page')}?year={year}")


@login_required
def status(request):
    bureau = _bureau(request)
    return render(request, "results/_jobs.html", _jobs_context(request, _year(request, bureau)))


def _public_job(request, ev):
    return Job.objects.filter(kind=jobs.PUBLIC, evaluation=ev, requested_by=request.user).order_by("-pk").first()


@login_required
@require_POST
def public(request, pk: int):
    """Queue (or reuse) the 公开版 of a 定稿 evaluation; download it once made."""
    ev = access.evaluation_or_404(request, pk, "公开版")
    refused = unpublished(request, ev, jobs.PUBLIC_LABEL)
    if refused is not None:
        return refused
    if not ev.is_final or ev.final_revision_id is None:
        messages.error(request, "该评价尚未定稿，没有公开版。")
    else:
        job, created = jobs.request_public(request.user, ev)
        if created:
            access.audit(request, "report_job", f"{jobs.PUBLIC_LABEL}排队生成，任务 {job.pk}", ev.pk)
    if request.headers.get("HX-Request"):
        return panel(request, pk)
    return redirect("jixiao:tab", ev.pk, "report")


@login_required
def panel(request, pk: int):
    """The evaluation page's 结果应用 panel: the 公开版, for a 定稿 evaluation."""
    ev = access.evaluation_or_404(request, pk, "结果应用")
    job = _public_job(request, ev)
    return render(request, "results/panel.html", {
        "ev": ev, "job": job, "done": job is not None and job.status == JOB_DONE,
        "visible": ev.is_final and results_visible(request.user, ev),
    })
