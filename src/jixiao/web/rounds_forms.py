"""One form of a round: its page with the problems at their places, the bureau's 退回 (with
a note the department reads) and 确认, and the round's summary as the `jixiao review`
summary workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..excel.review import FormResult, write_summary
from ..problems import Problem, Severity, Source
from ..render.figures import filled_text, score_text
from .access import audit
from .jobs import kind, request_job
from .models import FORM_CONFIRMED, FORM_ERRORS, FORM_MISSING, FORM_RETURNED, FORM_SUBMITTED, RoundForm
from .rounds_access import can_manage, form_or_404, forms_of, round_or_404
from .rounds_table import filtered, headline, ordered, signed

DECIDABLE = (FORM_SUBMITTED, FORM_ERRORS, FORM_CONFIRMED, FORM_RETURNED)


def _grouped(problems: list[dict]) -> list[tuple[str, list[dict]]]:
    """The problems under their places (表1!D10, 自评表 · 资金行第3项 · 得分), in the form's order."""
    groups: dict[str, list[dict]] = {}
    for p in problems:
        where = " · ".join(part for part in (p.get("where"), p.get("place")) if part) or "（整体）"
        groups.setdefault(where, []).append(p)
    return list(groups.items())


@login_required
def form_page(request, pk: int, form_pk: int):
    r = round_or_404(request, pk, f"自评表 {form_pk}")
    form = form_or_404(request, r, form_pk)
    seen = form.file_id is not None
    return render(request, "jixiao/round_form.html", {
        "r": r, "form": form, "groups": _grouped(form.problems or []), "manage": can_manage(request.user, r),
        "self": filled_text(form.self_total) if seen else "—", "review": score_text(form.review_total) if seen else "—",
        "difference": signed(form.difference), "decidable": form.status in DECIDABLE, "headline": headline(form),
    })


@login_required
@require_POST
def form_decide(request, pk: int, form_pk: int):
    r = round_or_404(request, pk, f"处理自评表 {form_pk}")
    form = form_or_404(request, r, form_pk)
    if not can_manage(request.user, r):
        audit(request, "denied", f"{request.method} {request.path} 处理自评表 {form_pk}")
        raise Http404("无权处理该自评表")
    action, note = request.POST.get("action", ""), request.POST.get("note", "").strip()[:2000]
    if form.status == FORM_MISSING or action not in ("return", "confirm"):
        messages.error(request, "该单位尚未提交自评表，无法退回或确认。" if form.status == FORM_MISSING else "未知的操作。")
        return redirect("jixiao:round_form", r.pk, form.pk)
    if action == "return" and not note:
        messages.error(request, "退回时请填写退回说明，告诉填报单位需要修改什么。")
        return redirect("jixiao:round_form", r.pk, form.pk)
    status = FORM_RETURNED if action == "return" else FORM_CONFIRMED
    RoundForm.objects.filter(pk=form.pk).update(status=status, note=note if action == "return" else form.note,
                                                decided_by=request.user, decided_at=timezone.now())
    what = f"{r}：{form.department_name} {form.label}"
    if action == "return":
        audit(request, "round_return", f"{what}，退回说明：{note}")
        messages.success(request, f"已将“{form.label}”退回{form.department_name}。")
    else:
        audit(request, "round_confirm", what)
        messages.success(request, f"已确认“{form.label}”。")
    return redirect("jixiao:round_form", r.pk, form.pk)


def _problem(p: dict) -> Problem:
    sheet, _, cell = (p.get("where") or "").partition("!")
    severity = Severity(p.get("severity", "info")) if p.get("severity") in {s.value for s in Severity} else Severity.INFO
    return Problem(p.get("code", ""), severity, p.get("message", ""), Source(sheet=sheet or None, cell=cell or None,
                                                                          row=p.get("place") or None), hint=p.get("hint", ""))


def _result(form: RoundForm) -> FormResult:
    status = form.get_status_display() + (f"（退回说明：{form.note}）" if form.status == FORM_RETURNED and form.note else "")
    shown = headline(form)
    return FormResult(file=form.file.original_name if form.file_id else "", sheet=form.sheet, project=form.label,
                      unit=form.department_name, filled=form.self_total, total=form.review_total,
                      grade=shown.grade_text if shown else form.grade,
                      problems=[_problem(p) for p in form.problems or []], status=status)


IN_REQUEST = 2000  # forms a summary is written for within the request; more are a job (a few seconds per 1,000)
EXPORT = "round.export"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_rows(user, r, get):
    qs, _ = filtered(forms_of(user, r).select_related("file"), get)
    return ordered(qs, get.get("sort") or "")[0]


def _name(r) -> str:
    return f"{r.year}-{r.name}-自评表审核汇总.xlsx"


@kind(EXPORT, "自评表审核汇总 Excel")
def export_job(job, out_dir: Path, progress) -> tuple[Path, str, str]:
    from .models import Round

    r = Round.objects.get(pk=job.params["round"])
    qs = _export_rows(job.requested_by, r, job.params.get("get", {}))
    total = max(1, qs.count())
    out = out_dir / "summary.xlsx"
    done = [0]

    def on_form(_):
        done[0] += 1
        if done[0] % 500 == 0:
            progress(5 + 90 * done[0] // total, f"已写入 {done[0]} / {total} 张自评表")

    write_summary((_result(form) for form in qs.iterator(chunk_size=500)), out, on_form=on_form)
    return out, _name(r), XLSX


@login_required
def round_export(request, pk: int):
    """The round's forms (as filtered and sorted on the page) in the review summary workbook:
    written at once for up to IN_REQUEST forms, else by a job whose progress the round page shows."""
    import time

    r = round_or_404(request, pk, "导出汇总")
    qs = _export_rows(request.user, r, request.GET)
    n = qs.count()
    if n > IN_REQUEST:
        get = {k: request.GET.get(k, "") for k in ("status", "grade", "q", "problems", "sort")}
        job, _ = request_job(EXPORT, f"{EXPORT}:{r.pk}:{request.user.pk}:{time.time_ns()}", {"round": r.pk, "get": get},
                             request.user)
        audit(request, "export", f"自评轮次“{r}”汇总 Excel（{n} 张自评表）排队生成，任务 {job.pk}")
        messages.info(request, f"汇总 Excel（{n} 张自评表）正在生成，完成后可在“复核进度”中下载。")
        return redirect("jixiao:round", r.pk)
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-round-export-")) / "summary.xlsx"
    done = write_summary((_result(form) for form in qs.iterator(chunk_size=500)), tmp)
    audit(request, "export", f"自评轮次“{r}”汇总 Excel（{len(done)} 张自评表）")
    fh = open(tmp, "rb")
    tmp.unlink()  # the open handle keeps the data until the response is sent
    tmp.parent.rmdir()
    return FileResponse(fh, as_attachment=True, filename=_name(r), content_type=XLSX)


def export_job_of(user, r):
    """The user's latest summary job of this round, as the progress box shows it."""
    from .models import Job

    return Job.objects.filter(kind=EXPORT, requested_by=user, params__round=r.pk).order_by("-id").first()
