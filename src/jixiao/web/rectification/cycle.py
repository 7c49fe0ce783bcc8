"""整改 where the rest of the workspace shows it: on the evaluation page (last year's 整改事项 of
the same department, offered as evidence for the indicators they name) and in 待办."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from .. import access
from ..models import ADMIN, ENTITY, FINAL, Evaluation
from ..store import head_document
from ..tree import leaf_path_of
from .models import CONFIRMED, OPEN, RETURNED, STATUSES, SUBMITTED, Item
from .summary import rate_text

EVIDENCE = "上年整改情况，可作为本指标的评价依据"


def previous_items(ev: Evaluation):
    """The 整改事项 of the same department's 定稿 evaluations of the year before."""
    if ev.department_id is None or ev.year is None:
        return Item.objects.none()
    return Item.objects.filter(evaluation__department_id=ev.department_id, evaluation__bureau_id=ev.bureau_id,
                               evaluation__year=ev.year - 1, evaluation__status=FINAL).select_related("evaluation")


@login_required
def panel(request, pk: int):
    ev = access.evaluation_or_404(request, pk, "整改")
    today = timezone.localdate()
    doc = head_document(ev)
    rows = []
    for item in previous_items(ev):
        path = leaf_path_of(doc, item.indicator) if item.indicator else None
        link = reverse("jixiao:leaf", args=[ev.pk]) + f"?path={path}" if path else ""
        rows.append({"item": item, "overdue": item.overdue(today), "link": link})
    confirmed = sum(1 for r in rows if r["item"].status == CONFIRMED)
    own = Item.objects.filter(evaluation=ev)
    sees_items = access.role(request.user) in (ADMIN, ENTITY) and access.is_party(request.user, ev)
    return render(request, "rectification/panel.html", {
        "ev": ev, "rows": rows, "rate": rate_text(confirmed, len(rows)), "evidence_text": EVIDENCE,
        "own_count": own.count() if sees_items else 0, "statuses": dict(STATUSES),
        "item_links": sees_items})


def todo_items(user, role: str) -> list[dict]:
    p = access.profile_of(user)
    if p is None:
        return []
    today = timezone.localdate()
    if role == ENTITY:
        items = Item.objects.filter(department_id=p.organisation_id, status__in=OPEN).select_related("evaluation")
        return [{"what": ("整改事项已逾期" if i.overdue(today) else "整改事项" + i.get_status_display())
                 + f"：{i.title[:60]}（整改期限 {i.deadline:%Y-%m-%d}）"
                 + (f"；退回说明：{i.note[:60]}" if i.status == RETURNED and i.note else ""),
                 "ev": i.evaluation, "link": reverse("rectification:item", args=[i.pk])} for i in items]
    if role == ADMIN:
        items = Item.objects.filter(bureau_id=p.organisation_id, status=SUBMITTED).select_related("evaluation",
                                                                                                   "department")
        return [{"what": f"整改情况待确认：{i.department or ''}·{i.title[:60]}", "ev": i.evaluation,
                 "link": reverse("rectification:item", args=[i.pk])} for i in items]
    return []
