"""质控意见 attached to an indicator (C23) or a field, answered in threads and resolved;
each one tells the other side of the evaluation (notify.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import access
from .access import audit, evaluation_or_404
from .models import EVALUATOR, REVIEWER, Comment, Evaluation
from .notify import notify, people

COMMENTERS = ("reviewer", "evaluator", "admin")


def thread(ev: Evaluation, target: str | None = None) -> list[Comment]:
    """The opening comments (on one target, or all), each with .answers in order."""
    qs = ev.comments.select_related("author", "resolved_by")
    if target is not None:
        qs = qs.filter(target=target)
    every = list(qs)
    by_parent: dict[int, list[Comment]] = {}
    for c in every:
        by_parent.setdefault(c.parent_id or 0, []).append(c)
    for c in every:
        c.answers = by_parent.get(c.pk, [])
    return by_parent.get(0, [])


def place_link(ev: Evaluation, target: str, path: str = "") -> str:
    if target and path:
        return reverse("jixiao:leaf", args=[ev.pk]) + f"?path={path}#comments"
    return reverse("jixiao:tab", args=[ev.pk, "problems"]) + "#comments"


def add(request, ev: Evaluation, text: str, target: str = "", parent: Comment | None = None, path: str = "") -> Comment:
    """Record a comment and tell the evaluation's other side: the evaluators hear the reviewer, and back."""
    with transaction.atomic():
        c = Comment.objects.create(evaluation=ev, author=request.user, revision=ev.head, text=text[:5000],
                                   target=(parent.target if parent else target)[:300], parent=parent)
        audit(request, "comment", f"质控意见 {c.pk}（修订 {ev.head}{'，' + c.target if c.target else ''}）：{c.text[:200]}", ev.pk)
    to = EVALUATOR if access.role_on(request.user, ev) == REVIEWER else REVIEWER
    where = f"指标{c.target}" if c.target else "评价"
    notify(people(ev, to), ev, f"{ev.subject or ev.title}：{where}有新的质控意见：{c.text[:80]}",
           place_link(ev, c.target, path), but=request.user)
    return c


@login_required
@require_POST
def resolve(request, pk: int, cid: int):
    ev = evaluation_or_404(request, pk)
    c = ev.comments.filter(pk=cid, parent__isnull=True).first()
    path = request.POST.get("path", "")
    if c is None or ev.is_final or access.role_on(request.user, ev) not in COMMENTERS:
        audit(request, "denied", f"解决质控意见 {cid}：{request.path}", ev.pk)
        messages.error(request, "不能解决该意见。")
    else:
        done = c.resolved_at is None
        Comment.objects.filter(pk=c.pk).update(resolved_at=timezone.now() if done else None,
                                               resolved_by=request.user if done else None)
        audit(request, "comment", f"质控意见 {c.pk} {'已解决' if done else '重新打开'}", ev.pk)
        messages.success(request, "意见已标为已解决。" if done else "意见已重新打开。")
    return redirect(place_link(ev, c.target if c else "", path))
