"""Making the 整改事项 of a 定稿 evaluation: one per problem of its findings, carrying the
suggestions of the same area; a suggestion whose area names no problem is an item of its own,
so nothing the evaluation asked for is lost."""

from __future__ import annotations

import calendar
import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from ..audit import record
from ..documents import analysis_of_text
from ..models import FINAL, Evaluation
from .models import DEFAULT_MONTHS, Item, Policy

log = logging.getLogger("jixiao.rectification")


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day so many months later, or that month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_of(bureau_id: int) -> int:
    policy = Policy.objects.filter(bureau_id=bureau_id).first()
    return policy.months if policy else DEFAULT_MONTHS


def default_deadline(ev: Evaluation) -> dt.date:
    start = timezone.localtime(ev.finalised_at).date() if ev.finalised_at else timezone.localdate()
    return months_after(start, months_of(ev.bureau_id))


def drafts(text: str) -> list[dict]:
    """The items the evaluation's findings give, in the order the report lists them."""
    loaded, _ = analysis_of_text(text)
    findings = loaded.evaluation.findings if loaded.evaluation is not None else None
    if findings is None:
        return []
    out, used = [], set()
    for f in findings.issues:
        same = [s for s in findings.suggestions if s.area == f.area]
        used.update(id(s) for s in same)
        out.append({"area": f.area or "", "title": f.title, "problem": f.text or "",
                    "suggestions": "\n".join(s.text for s in same), "indicator": f.indicator or ""})
    for s in findings.suggestions:
        if id(s) not in used:
            out.append({"area": s.area or "", "title": s.text[:500], "problem": "", "suggestions": s.text,
                        "indicator": ""})
    return out


def create_for(ev: Evaluation, user=None, request=None) -> int:
    """Make the evaluation's items unless it has them; how many were made. Only a 定稿 counts:
    what is still being written may change. Asked for by a request (the bureau's button), the
    audit log says so; on 定稿 they come with the 定稿's own audit row."""
    if ev.status != FINAL or ev.final_revision_id is None:
        return 0
    with transaction.atomic():
        if Item.objects.filter(evaluation=ev).exists():
            return 0
        deadline = default_deadline(ev)
        made = [Item(evaluation=ev, bureau_id=ev.bureau_id, department_id=ev.department_id, number=n,
                     deadline=deadline, **d) for n, d in enumerate(drafts(ev.final_revision.text), start=1)]
        carried = _carry_over(ev, made)
        if made and request is not None:  # made by 定稿 itself, they are part of its audited step
            record(request, "rectification_created", f"生成整改事项 {len(made)} 项（整改期限 {deadline:%Y-%m-%d}）"
                   + (f"，其中 {carried} 项沿用第 {ev.version - 1} 版的整改情况" if carried else ""), ev.pk, user=user)
    return len(made)


# what a department and the bureau have done on an item, kept when a new version re-finds its problem
PROGRESS = ("deadline", "status", "measures", "effect", "completed_on", "note", "submitted_at", "decided_at",
            "decided_by_id")


def _carry_over(ev: Evaluation, made: list[Item]) -> int:
    """Save the new items; a new version of a 定稿 takes over its predecessor's items: a problem
    it finds again (same title) keeps its progress and evidence, and the old version's items go,
    so no problem is counted twice."""
    old = {i.title: i for i in Item.objects.filter(evaluation_id=ev.previous_version_id)} if ev.previous_version_id else {}
    carried = 0
    for item in made:
        before = old.get(item.title)
        if before is not None:
            for name in PROGRESS:
                setattr(item, name, getattr(before, name))
            carried += 1
        item.save()
        if before is not None:
            before.evidence.update(item=item)
    Item.objects.filter(pk__in=[i.pk for i in old.values()]).delete()
    return carried


def on_finalised(sender, evaluation, user=None, **kwargs) -> None:
    """The 定稿 is committed by now: items that cannot be made are logged, never undo it; the
    bureau's 生成整改事项 makes them later."""
    try:
        create_for(evaluation, user)
    except Exception:  # noqa: BLE001 — the 定稿 must stand whatever this stage does
        log.exception("评价 %s 定稿后未能生成整改事项", evaluation.pk)


def without_items(bureau_id: int):
    """The bureau's 定稿 evaluations that have no 整改事项 yet (定稿 before this stage existed)."""
    return Evaluation.objects.filter(bureau_id=bureau_id, status=FINAL).exclude(
        pk__in=Item.objects.values("evaluation_id"))
