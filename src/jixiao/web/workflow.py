"""Moving an evaluation along: 质控 comments and status, and assigning it to a firm and a department."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import access
from .access import audit, evaluation_or_404
from .models import APPROVED, REVIEW, Comment, Evaluation, Organisation


@login_required
@require_POST
def comment(request, pk: int):
    ev = evaluation_or_404(request, pk)
    text = request.POST.get("text", "").strip()
    if access.role_on(request.user, ev) not in ("reviewer", "evaluator", "admin"):
        audit(request, "denied", f"发表质控意见：{request.path}", ev.pk)
        messages.error(request, "您的角色不能发表质控意见。")
    elif text:
        with transaction.atomic():
            c = Comment.objects.create(evaluation=ev, author=request.user, revision=ev.head, text=text[:5000])
            audit(request, "comment", f"质控意见 {c.pk}（修订 {ev.head}）：{c.text[:200]}", ev.pk)
        messages.success(request, "意见已记录。")
    return redirect("jixiao:tab", ev.pk, "problems")


@login_required
@require_POST
def set_status(request, pk: int):
    ev = evaluation_or_404(request, pk)
    target = request.POST.get("status")
    r = access.role_on(request.user, ev)
    allowed = {REVIEW: ("evaluator",), APPROVED: ("reviewer",), "draft": ("reviewer", "evaluator")}
    if ev.is_final or target not in allowed or r not in allowed[target]:
        audit(request, "refused_final" if ev.is_final else "denied", f"更改质控状态为“{str(target)[:40]}”：{request.path}", ev.pk)
        messages.error(request, "不能进行该操作。")
    else:
        Evaluation.objects.filter(pk=ev.pk).update(status=target)
        audit(request, "status", f"状态改为 {Evaluation(status=target).get_status_display()}", ev.pk)
        messages.success(request, {"review": "已提交质控。", "approved": "质控已通过。", "draft": "已退回修改。"}[target])
    return redirect("jixiao:tab", ev.pk, "problems")


@login_required
@require_POST
def assign(request, pk: int):
    ev = evaluation_or_404(request, pk)
    if not access.can_assign(request.user, ev):
        audit(request, "denied", f"分配评价：{request.path}", ev.pk)
        messages.error(request, "只有财政局管理员可以分配评价。")
        return redirect("jixiao:tab", ev.pk, "info")
    firm = Organisation.objects.filter(kind="firm", pk=request.POST.get("firm") or 0).first()
    dept = Organisation.objects.filter(kind="department", bureau=ev.bureau, pk=request.POST.get("department") or 0).first()
    shared = Organisation.objects.filter(pk__in=[x for x in request.POST.getlist("shared") if x.isdigit()]).exclude(pk=ev.bureau_id)
    with transaction.atomic():
        Evaluation.objects.filter(pk=ev.pk).update(firm=firm, department=dept, updated_at=timezone.now())
        ev.shared_with.set(shared)
    names = "、".join(o.name for o in shared) or "无"
    audit(request, "assign", f"评价机构：{firm or '无'}；被评价单位：{dept or '无'}；共享给：{names}", ev.pk)
    messages.success(request, "已更新分配。")
    return redirect("jixiao:tab", ev.pk, "info")
