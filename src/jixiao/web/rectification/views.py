"""整改's pages: the bureau's list of every 整改事项 (filters, counts, 整改完成率), a department's
own list, an evaluation's items (with the 整改情况表 export and import) and an item's page."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .. import access
from ..models import ADMIN, Organisation
from . import scope
from .items import months_of, without_items
from .models import CONFIRMED, OPEN, STATUSES, SUBMITTED, Item
from .summary import rate_text


def _filtered(request, items):
    """The list as the filters ask: 单位, 状态, 逾期; the filters as the form shows them again."""
    f = {"department": request.GET.get("department", ""), "status": request.GET.get("status", ""),
         "overdue": request.GET.get("overdue", "")}
    if f["department"].isdigit():
        items = items.filter(department_id=int(f["department"]))
    if f["status"] in dict(STATUSES):
        items = items.filter(status=f["status"])
    if f["overdue"]:
        items = items.exclude(status=CONFIRMED).filter(deadline__lt=timezone.localdate())
    return items, f


def counts(items, today) -> dict:
    """How many items each status holds, the overdue ones, and 整改完成率 (已确认 ÷ 全部)."""
    by = Counter(items.values_list("status", flat=True))
    total = sum(by.values())
    overdue = items.exclude(status=CONFIRMED).filter(deadline__lt=today).count()
    return {"total": total, "by_status": [(label, by.get(code, 0), code) for code, label in STATUSES],
            "overdue": overdue, "rate": rate_text(by.get(CONFIRMED, 0), total)}


@login_required
def item_list(request):
    role = scope.stage_role(request.user)
    if role is None:
        access.audit(request, "denied", f"{request.method} {request.path}")
        raise Http404("无权访问整改")
    today = timezone.localdate()
    everything = scope.items_of(request.user)
    items, f = _filtered(request, everything.select_related("evaluation", "department"))
    ctx = {"items": items, "filters": f, "statuses": STATUSES, "today": today, "is_bureau": role == ADMIN,
           "counts": counts(everything.filter(department_id=int(f["department"])) if f["department"].isdigit()
                            else everything, today)}
    if role == ADMIN:
        bureau = access.profile_of(request.user).organisation_id
        ctx.update(departments=Organisation.objects.filter(pk__in=everything.values("department_id")).order_by("name"),
                   months=months_of(bureau), waiting=without_items(bureau).count())
    return render(request, "rectification/list.html", ctx)


@login_required
def evaluation_items(request, pk: int):
    ev = scope.evaluation_items_or_404(request, pk)
    items = Item.objects.filter(evaluation=ev)
    today = timezone.localdate()
    return render(request, "rectification/evaluation.html", {
        "ev": ev, "items": items, "today": today, "counts": counts(items, today),
        "is_bureau": scope.stage_role(request.user) == ADMIN})


@login_required
def item_page(request, pk: int):
    return item_response(request, scope.item_or_404(request, pk))


def item_response(request, item: Item, error: str = "", status: int = 200):
    """The item's page; with `error`, the reason an action was refused (nothing was saved)."""
    role = scope.stage_role(request.user)
    today = timezone.localdate()
    return render(request, "rectification/item.html", {
        "item": item, "ev": item.evaluation, "evidence": item.evidence.all(), "today": today, "error": error,
        "overdue": item.overdue(today), "is_bureau": role == ADMIN, "is_department": role != ADMIN,
        "editable": role != ADMIN and item.status in OPEN,
        "decidable": role == ADMIN and item.status == SUBMITTED}, status=status)
