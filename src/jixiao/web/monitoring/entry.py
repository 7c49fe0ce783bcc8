"""How a department sends its monitoring form: an upload (workbook, Word or YAML, checked for
safety first), or the form entered on the page; both are read by jixiao.sources and checked at
once (one form reads in well under a second); and the blank form to fill in, its indicators
those of the department's declaration where it has one."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from .. import access, uploads
from ..audit import record
from ..models import ADMIN, ENTITY
from ..notify import notify
from ..uploads import Refused
from . import scope
from .check import receive
from .models import Report

SUFFIXES = (".xlsx", ".xls", ".docx", ".doc", ".yaml", ".yml")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused_page(request, errors: list[str], status: int):
    reports = scope.reports_of(request.user).select_related("department")
    return render(request, "monitoring/dashboard.html", {
        "reports": reports[:500], "filters": {}, "errors": errors, "is_bureau": False, "month_choices": range(1, 13),
        "years": [], "alerted": reports.filter(alert_count__gt=0).count(), "total": reports.count()}, status=status)


def _received(request) -> tuple[bytes, str]:
    f = uploads.received(request, "file")
    if f is None:
        raise Refused("请选择填好的绩效运行监控表（Excel、Word 或 YAML 文件）。")
    if Path(f.name).suffix.lower() not in SUFFIXES:
        raise Refused(f"运行监控表应为 Excel（.xlsx、.xls）、Word（.docx、.doc）或 YAML 文件，“{f.name}”不是。")
    data = f.read()
    if Path(f.name).suffix.lower() in (".yaml", ".yml"):
        uploads.check_name(f.name)
        if not data:
            raise Refused(f"文件“{f.name}”是空文件。")
    else:
        uploads.check_file(f.name, data)
    return data, f.name


@login_required
@require_POST
def upload(request):
    scope.role_or_404(request)
    scope.require(request, ENTITY, "上传运行监控表")
    try:
        data, name = _received(request)
    except Refused as refused:
        uploads.refused(request, refused)
        return _refused_page(request, [f"上传被拒绝：{refused.message}{uploads.NOTHING_KEPT}"], refused.status)
    return accepted(request, data, name)


def accepted(request, data: bytes, name: str, again=None):
    """Read, check and store a department's form; its alerts told to the bureau. Where it cannot be
    read, `again(errors)` answers (the page it came from), else the dashboard with the errors."""
    department = access.profile_of(request.user).organisation
    outcome = receive(data, name, department, department.bureau, request.user)
    if outcome.report is None:
        record(request, "monitoring_upload", f"运行监控表 {name} 无法读取（{len(outcome.problems)} 处错误），未保存")
        errors = [f"{where}：{p.message}" for where, p in zip(outcome.places or [], outcome.problems)]
        return again(errors) if again is not None else _refused_page(request, errors, 422)
    r = outcome.report
    record(request, "monitoring_upload", f"{'替换' if outcome.replaced else '上传'}运行监控表 {name}：{r}，预警 {r.alert_count} 条")
    if r.alert_count:
        admins = access_admins(department.bureau)
        notify(admins, None, f"{department.name}的运行监控表（{r}）有 {r.alert_count} 条预警：{r.worst[:80]}",
                     reverse("monitoring:report", args=[r.pk]), but=request.user)
    messages.success(request, f"已{'替换' if outcome.replaced else '保存'}运行监控表“{r}”：预警 {r.alert_count} 条。")
    return redirect("monitoring:report", r.pk)


def access_admins(bureau):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(profile__organisation=bureau, profile__role=ADMIN, is_active=True)


@login_required
def template(request):
    scope.role_or_404(request)
    months = request.GET.get("months", "")
    months = int(months) if months.isdigit() and 1 <= int(months) <= 12 else None
    from ...excel.monitoring_write import write_monitoring

    with tempfile.TemporaryDirectory(prefix="jixiao-monitoring-") as tmp:
        out = write_monitoring(None, Path(tmp) / "monitoring.xlsx", months=months)
        data = out.read_bytes()
    resp = HttpResponse(data, content_type=XLSX)
    resp["Content-Disposition"] = content_disposition_header(True, f"绩效运行监控表{f'（1—{months}月）' if months else ''}.xlsx")
    return resp


def latest(department) -> Report | None:
    return Report.objects.filter(department=department).order_by("-year", "-months", "-updated_at").first()
