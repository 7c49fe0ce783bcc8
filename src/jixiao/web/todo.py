"""待办: what waits for this user across the evaluations they work on and the 自评 rounds —
a step of the 质控 gate, an open 质控意见, a result to publish, a form to fill or one returned."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from . import access, stages
from .comments import place_link
from .models import (
    ADMIN, APPROVED, DRAFT, ENTITY, EVALUATOR, FINAL, FORM_MISSING, FORM_RETURNED, PUBLISH_ON_PUBLICATION, REVIEW,
    REVIEWER, Comment, RoundForm,
)

# status → what the role on the evaluation does next
NEXT_STEP = {
    (EVALUATOR, DRAFT): "编制中：完成后提交质控",
    (EVALUATOR, APPROVED): "质控已通过：可以定稿",
    (REVIEWER, REVIEW): "待质控审核",
}


def _evaluation_items(user, role: str) -> list[dict]:
    own = [ev for ev in access.visible(user).select_related("bureau__policy") if access.is_party(user, ev)]
    items = []
    for ev in own:
        step = NEXT_STEP.get((role, ev.status))
        if role == ADMIN and ev.status == FINAL and not ev.published_at and _publishes_on_publication(ev):
            step = "已定稿：待发布结果给被评价单位"
        if step:
            tab = "history" if ev.status in (APPROVED, FINAL) else "problems"
            items.append({"what": step, "ev": ev, "link": reverse("jixiao:tab", args=[ev.pk, tab])})
    if role in (EVALUATOR, REVIEWER):
        open_comments = (Comment.objects.filter(evaluation__in=own, parent__isnull=True, resolved_at__isnull=True)
                         .exclude(author=user).select_related("evaluation", "author"))
        for c in open_comments:
            where = f"指标{c.target}" if c.target else "评价"
            items.append({"what": f"{where}的质控意见待处理：{c.text[:80]}", "ev": c.evaluation,
                          "link": _comment_link(c)})
    return items


def _publishes_on_publication(ev) -> bool:
    policy = getattr(ev.bureau, "policy", None)
    return policy is not None and policy.publish == PUBLISH_ON_PUBLICATION


def _comment_link(c: Comment) -> str:
    if not c.target:
        return place_link(c.evaluation, "")
    from .store import head_document
    from .tree import leaf_path_of

    path = leaf_path_of(head_document(c.evaluation), c.target)
    return place_link(c.evaluation, c.target, path or "")


def _round_items(user, role: str) -> list[dict]:
    if role != ENTITY:
        return []
    p = access.profile_of(user)
    forms = RoundForm.objects.filter(department_id=p.organisation_id, status__in=(FORM_MISSING, FORM_RETURNED),
                                     round__status="open").select_related("round")
    return [{"what": (f"自评表已退回：{f.note[:80]}" if f.status == FORM_RETURNED else "自评表未提交")
             + (f"（截止 {f.round.deadline:%Y-%m-%d}）" if f.round.deadline else ""),
             "round": f.round, "link": reverse("jixiao:round", args=[f.round_id])} for f in forms]


@login_required
def todo(request):
    role = access.role(request.user)
    items = (_evaluation_items(request.user, role) + _round_items(request.user, role)
             + stages.todo_items(request.user, role)) if role else []
    return render(request, "jixiao/todo.html", {"items": items})
