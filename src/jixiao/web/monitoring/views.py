"""运行监控's pages: the dashboard (the bureau's: every department's forms with 执行进度 against
时间进度, alert count and worst alert, filters; a department's: its own forms, upload and entry),
a form's page with each alert and its arithmetic, and the bureau's 预警 rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from ...checks.monitoring import projection
from ...io.format1_monitoring import RULES_FILE, read_rules
from ...numbers import fmt
from ...parse import excerpt
from ...sources import open_settings, open_text
from .. import access, uploads
from ..audit import record
from ..settings_files import problem_lines, received_settings
from ..uploads import Refused
from ..models import ADMIN, Organisation
from . import scope
from .check import recheck, rules_of
from .models import Report, Rules


def _filtered(request, reports):
    """The list as the filters ask: 单位, 年度, 监控期, 只看有预警, 名称; the filters as the form shows them again."""
    f = {k: request.GET.get(k, "").strip() for k in ("department", "year", "months", "alerts", "q")}
    if f["department"].isdigit():
        reports = reports.filter(department_id=int(f["department"]))
    if f["year"].isdigit():
        reports = reports.filter(year=int(f["year"]))
    if f["months"].isdigit():
        reports = reports.filter(months=int(f["months"]))
    if f["alerts"]:
        reports = reports.filter(alert_count__gt=0)
    if f["q"]:
        reports = reports.filter(name__icontains=f["q"][:100])
    return reports, f


@login_required
def dashboard(request):
    role = scope.role_or_404(request)
    everything = scope.reports_of(request.user)
    reports, f = _filtered(request, everything.select_related("department"))
    ctx = {"reports": reports[:500], "filters": f, "is_bureau": role == ADMIN,
           "years": sorted(set(everything.values_list("year", flat=True)), reverse=True), "month_choices": range(1, 13),
           "alerted": everything.filter(alert_count__gt=0).count(), "total": everything.count()}
    if role == ADMIN:
        ctx["departments"] = Organisation.objects.filter(pk__in=everything.values("department_id")).order_by("name")
        ctx["rules"] = rules_of(scope.bureau_of(request.user))
    return render(request, "monitoring/dashboard.html", ctx)


def indicator_rows(report: Report) -> list[dict]:
    """The form's indicators as stored, each with its linear projection to December where it has one."""
    loaded = open_text(report.text, f"运行监控表{report.pk}.yaml")
    m = loaded.evaluation.monitoring if loaded.evaluation is not None else None
    rows = []
    for ind in m.indicators if m is not None else ():
        found = projection(ind, m.months) if m.months else None
        unit = ind.target.quantity.unit if found else ""
        rows.append({"ind": ind, "target": ind.target.text() if ind.target else "",
                     "projected": f"{fmt(found[1], thousands=True)}{unit}" if found else ""})
    return rows


@login_required
def report_page(request, pk: int):
    report = scope.report_or_404(request, pk)
    return render(request, "monitoring/report.html", {
        "report": report, "alerts": report.alerts, "others": [p for p in report.problems if p not in report.alerts],
        "rows": indicator_rows(report), "is_bureau": scope.role_or_404(request) == ADMIN})


FIELDS = (("lag_points", "执行进度落后预警线（百分点）"), ("unreachable_share", "目标推算允许差距（%）"))


def _decimal(text: str, label: str) -> Decimal:
    try:
        value = Decimal(text.strip().rstrip("%％"))
    except InvalidOperation:
        raise ValueError(f"{label}“{excerpt(text)}”不是数字，应为如 10") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValueError(f"{label}“{excerpt(text)}”应在 0 到 100 之间")
    return value


def _posted(request) -> tuple[dict, str]:
    """The rules sent, and the file they came from: a 规则.yaml, read as `jixiao monitor --rules` reads
    it (what it leaves out is the default), else the form's fields (no file); ValueError with the
    message, Refused for the upload itself."""
    sent = received_settings(request)
    if sent is None:
        values: dict = {name: _decimal(request.POST.get(name, ""), label) for name, label in FIELDS}
        return values | {name: request.POST.get(name) == "on" for name in Rules.SWITCHES}, ""
    found, problems = read_rules(open_settings(*sent, **RULES_FILE))
    if problems:
        raise ValueError("规则文件有误：" + "；".join(problem_lines(problems)))
    return {name: getattr(found, name) for name in (*(n for n, _ in FIELDS), *Rules.SWITCHES)}, sent[1]


@login_required
def rules(request):
    scope.role_or_404(request)
    scope.require(request, ADMIN, "设置预警规则")
    current = rules_of(scope.bureau_of(request.user))
    error, status = "", 200
    if request.method == "POST":
        try:
            values, file = _posted(request)
        except Refused as refused:
            uploads.refused(request, refused)
            error, status = refused.message, refused.status
        except ValueError as exc:
            error, status = str(exc), 422
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
            again = recheck(current.bureau)
            imported = f"（导入文件 {file}）" if file else ""
            enabled = "、".join(Rules._meta.get_field(n).verbose_name for n in Rules.SWITCHES if getattr(current, n)) or "无"
            record(request, "monitoring_rules", f"预警规则{imported}：落后预警线 {current.lag_points} 个百分点，"
                   f"推算允许差距 {current.unreachable_share}%，启用 {enabled}")
            messages.success(request, f"预警规则已保存，已按新规则重新检查 {again} 份监控表。")
            return redirect("monitoring:rules")
    switches = [(n, Rules._meta.get_field(n).verbose_name, getattr(current, n)) for n in Rules.SWITCHES]
    return render(request, "monitoring/rules.html", {"rules": current, "switches": switches, "error": error},
                  status=status)


def report_count(department) -> int:
    return Report.objects.filter(department=department).count()
