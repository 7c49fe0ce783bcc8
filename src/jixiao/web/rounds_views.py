"""The pages of 自评 rounds: the list, opening one, the round's page with its table and
the reviews in progress (polled by htmx), and taking in forms."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import uploads
from .access import audit, bureau_of_organisation
from .models import (
    DEPARTMENT, FORM_MISSING, FORM_STATUSES, JOB_DONE, JOB_FAILED, REVIEW_QUEUED, ROUND_CLOSED, ROUND_OPEN, Organisation,
    Round, RoundFile, RoundForm,
)
from .profiles import profile_of
from .rounds_access import (
    can_manage, can_submit, forms_of, own_department, past_deadline, round_or_404, submit_refusal, visible_rounds,
)
from .rounds_intake import accept, posted_files
from .rounds_table import GRADES, counts, rows, table

PROBLEM_FILTERS = [("errors", "有错误"), ("warnings", "有警告"), ("difference", "填报与复核不一致")]
SHOWN_FILES = 20  # reviews in progress listed by name; the rest are counted


def _departments(user):
    p = profile_of(user)
    return Organisation.objects.filter(kind=DEPARTMENT, bureau_id=bureau_of_organisation(p.organisation)).order_by("name")


@login_required
def round_list(request):
    rounds = visible_rounds(request.user).order_by("-year", "-id")
    ctx = {"rounds": rounds, "can_open": can_manage(request.user), "this_year": dt.date.today().year}
    if ctx["can_open"]:
        ctx["departments"] = _departments(request.user)
    return render(request, "jixiao/rounds.html", ctx)


def _opening(request) -> tuple[dict, list[str]]:
    """The new round's fields from the form, and what is wrong with them (Chinese)."""
    post, wrong = request.POST, []
    name = post.get("name", "").strip()[:200]
    year_text = post.get("year", "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not name:
        wrong.append("请填写轮次名称。")
    if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        wrong.append(f"年度“{year_text}”无效：应为四位年份，例如 {dt.date.today().year}。")
    deadline = None
    if post.get("deadline", "").strip():
        try:
            deadline = dt.date.fromisoformat(post["deadline"].strip())
        except ValueError:
            wrong.append(f"截止日期“{post['deadline'].strip()}”无效：应为 2025-06-30 这样的日期。")
    allowed = {o.pk: o for o in _departments(request.user)}
    chosen = [allowed[int(i)] for i in post.getlist("departments") if i.isdigit() and int(i) in allowed]
    if not chosen:
        wrong.append("请至少选择一个参与本轮自评的单位。")
    projects = [line.strip()[:300] for line in post.get("projects", "").splitlines() if line.strip()]
    return {"name": name, "year": int(year_text) if year_text.isdigit() else None, "deadline": deadline,
            "departments": chosen, "projects": projects}, wrong


@login_required
@require_POST
def round_new(request):
    if not can_manage(request.user):
        audit(request, "denied", f"{request.method} {request.path} 开启自评轮次")
        raise Http404("无权开启自评轮次")
    fields, wrong = _opening(request)
    if wrong:
        for text in wrong:
            messages.error(request, text)
        return redirect("jixiao:rounds")
    with transaction.atomic():
        bureau = Organisation.objects.get(pk=bureau_of_organisation(profile_of(request.user).organisation))
        r = Round.objects.create(bureau=bureau, year=fields["year"], name=fields["name"], deadline=fields["deadline"],
                                 projects=fields["projects"], created_by=request.user)
        r.departments.set(fields["departments"])
        RoundForm.objects.bulk_create([RoundForm(round=r, department=o, department_name=o.name[:200], status=FORM_MISSING)
                                       for o in fields["departments"]])
    audit(request, "round_open", f"{r}（{len(fields['departments'])} 个单位，截止 {r.deadline or '未定'}）")
    messages.success(request, f"已开启自评轮次“{r}”。")
    return redirect("jixiao:round", r.pk)


def progress_context(request, r: Round) -> dict:
    """The files whose review the user may follow: the bureau all of them, a department its own."""
    files = RoundFile.objects.filter(round=r)
    if not can_manage(request.user, r):
        files = files.filter(department_id=own_department(request.user, r))
    waiting = files.filter(review=REVIEW_QUEUED)
    total, left = files.count(), waiting.count()
    failed = files.filter(job__status=JOB_FAILED).select_related("job").order_by("-id")[:SHOWN_FILES]
    recent = files.select_related("job").order_by("-id")[:SHOWN_FILES]
    from .rounds_forms import export_job_of

    export = export_job_of(request.user, r)
    return {"r": r, "total_files": total, "left": left, "done": total - left,
            "polling": left > 0 or (export is not None and not export.finished), "export": export,
            "percent": (total - left) * 100 // total if total else 100, "failed": failed, "recent": recent,
            "JOB_DONE": JOB_DONE}


@login_required
def round_progress(request, pk: int):
    r = round_or_404(request, pk, "复核进度")
    ctx = progress_context(request, r)
    resp = render(request, "jixiao/_round_progress.html", ctx)
    if request.GET.get("polling") and not ctx["polling"]:
        resp["HX-Refresh"] = "true"  # the reviews are done: the page's table shows them
    return resp


def round_context(request, r: Round) -> dict:
    qs = forms_of(request.user, r)
    t = table(qs, request.GET)
    return {"r": r, "t": t, "rows": rows(t.page, r), "counts": counts(qs), "statuses": FORM_STATUSES, "grades": GRADES,
            "problem_filters": PROBLEM_FILTERS, "manage": can_manage(request.user, r),
            "submit": can_submit(request.user, r), "refusal": submit_refusal(request.user, r),
            "past_deadline": past_deadline(r), **progress_context(request, r)}


@login_required
def round_page(request, pk: int):
    r = round_or_404(request, pk)
    return render(request, "jixiao/round.html", round_context(request, r))


@login_required
@require_POST
def round_upload(request, pk: int):
    r = round_or_404(request, pk, "上传自评表")
    refusal = submit_refusal(request.user, r)
    if refusal is not None:
        audit(request, "denied", f"{request.method} {request.path} 上传自评表：{refusal}")
        messages.error(request, refusal)
        return redirect("jixiao:round", r.pk)
    department = None if can_manage(request.user, r) else own_department(request.user, r)
    try:
        items = posted_files(request)
        files = accept(r, items, request.user, department)
    except uploads.Refused as refused:
        uploads.refused(request, refused)
        messages.error(request, f"上传被拒绝：{refused.message}{uploads.NOTHING_KEPT}")
        return render(request, "jixiao/round.html", round_context(request, r), status=refused.status)
    names = "、".join(f.original_name for f in files[:5]) + (f" 等 {len(files)} 个文件" if len(files) > 5 else "")
    audit(request, "round_upload", f"{r}：{names}")
    messages.success(request, f"已收到 {names}，正在逐一复核，完成后列表自动更新。")
    return redirect("jixiao:round", r.pk)



@login_required
@require_POST
def round_status(request, pk: int):
    """结束 a round (no more uploads; the forms stay to be returned, confirmed and exported) or open it again."""
    r = round_or_404(request, pk, "结束或重新开放")
    if not can_manage(request.user, r):
        audit(request, "denied", f"{request.method} {request.path} 结束或重新开放自评轮次")
        raise Http404("无权更改自评轮次")
    status = ROUND_CLOSED if request.POST.get("action") == "close" else ROUND_OPEN
    Round.objects.filter(pk=r.pk).update(status=status)
    audit(request, "round_close" if status == ROUND_CLOSED else "round_reopen", str(r))
    messages.success(request, f"自评轮次“{r}”已{'结束，不再接收上传' if status == ROUND_CLOSED else '重新开放'}。")
    return redirect("jixiao:round", r.pk)
