"""运行监控 where the rest of the workspace shows it: the alerts in 待办 — a department's own, and
for the bureau every department's — each of a project's latest 监控期 only; and the year's forms on
the department's evaluation page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from .. import access
from ..models import ADMIN, ENTITY
from .models import Report


def latest_alerted(reports) -> list[Report]:
    """The forms with alerts, one a project and year: its latest 监控期 (a later form supersedes them)."""
    latest: dict[tuple, Report] = {}
    for r in reports.select_related("department").order_by("months"):
        latest[(r.department_id, r.year, r.form, r.name)] = r
    return [r for r in latest.values() if r.alert_count]


def todo_items(user, role: str) -> list[dict]:
    p = access.profile_of(user)
    if p is None or role not in (ADMIN, ENTITY):
        return []
    field = "bureau_id" if role == ADMIN else "department_id"
    out = []
    for r in latest_alerted(Report.objects.filter(**{field: p.organisation_id})):
        who = f"{r.department.name}·" if role == ADMIN else ""
        out.append({"what": f"运行监控预警 {r.alert_count} 条：{who}{r}；{r.worst[:80]}", "place": f"{r.year}年度运行监控",
                    "link": reverse("monitoring:report", args=[r.pk]) + "#alert-1"})
    return out


@login_required
def panel(request, pk: int):
    """On the evaluation page: the department's monitoring forms of the evaluation's year (each
    project's latest 监控期), for the bureau and the department; nothing for anyone else."""
    ev = access.evaluation_or_404(request, pk, "运行监控")
    sees = access.role(request.user) in (ADMIN, ENTITY) and access.is_party(request.user, ev)
    rows = []
    if sees and ev.department_id is not None and ev.year is not None:
        latest: dict[tuple, Report] = {}
        for r in Report.objects.filter(department_id=ev.department_id, bureau_id=ev.bureau_id, year=ev.year).order_by("months"):
            latest[(r.form, r.name)] = r
        rows = list(latest.values())
    return render(request, "monitoring/panel.html", {"ev": ev, "rows": rows, "sees": sees})
