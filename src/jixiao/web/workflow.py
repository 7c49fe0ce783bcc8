"""Moving an evaluation along: 质控 comments and status, and assigning it to a firm and a department."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import access, comments, pages
from .access import audit, evaluation_or_404
from .models import APPROVED, DRAFT, EVALUATOR, REVIEW, REVIEWER, Evaluation, Organisation
from .notify import notify, people


@login_required
@require_POST
def comment(request, pk: int):
    """A 质控意见 on the evaluation, on one indicator (target C23, from its page) or an answer to one."""
    ev = evaluation_or_404(request, pk)
    text = request.POST.get("text", "").strip()
    target = request.POST.get("target", "").strip()
    path = request.POST.get("path", "")
    parent = ev.comments.filter(pk=request.POST.get("parent") or 0, parent__isnull=True).first() \
        if str(request.POST.get("parent", "")).isdigit() else None
    if access.role_on(request.user, ev) not in comments.COMMENTERS or ev.is_final:
        audit(request, "denied", f"发表质控意见：{request.path}", ev.pk)
        messages.error(request, "该评价已定稿，不能再发表意见。" if ev.is_final else "您的角色不能发表质控意见。")
    elif text:
        comments.add(request, ev, text, target, parent, path)
        messages.success(request, "意见已记录。")
    if target or (parent and parent.target):
        return redirect(comments.place_link(ev, target or parent.target, path))
    return redirect("jixiao:tab", ev.pk, "problems")


# The 质控 gate: which status may follow which, and who moves it there. 定稿 follows
# 质控通过 only (history.finalise_view asks gate_refusal()).
TRANSITIONS = {
    REVIEW: ({DRAFT}, ("evaluator",), "已提交质控。"),
    APPROVED: ({REVIEW}, ("reviewer",), "质控已通过。"),
    DRAFT: ({REVIEW, APPROVED}, ("reviewer",), "已退回修改。"),
}


def transition_refusal(user, ev: Evaluation, target: str) -> tuple[int, str] | None:
    """Why this user may not move the evaluation to target (HTTP status, Chinese message); None if they may."""
    if ev.is_final:
        return 409, "该评价已定稿，状态不能再更改。"
    if target not in TRANSITIONS:
        return 400, f"未知的状态“{str(target)[:40]}”：应为提交质控、质控通过或退回修改。"
    sources, roles, _ = TRANSITIONS[target]
    if access.role_on(user, ev) not in roles:
        return 403, "您的角色不能进行该操作。"
    if ev.status not in sources:
        label = Evaluation(status=target).get_status_display()
        return 409, f"当前状态为“{ev.get_status_display()}”，不能改为“{label}”。"
    return None


def finalise_refusal(ev: Evaluation) -> str | None:
    """定稿 waits for 质控通过: the message saying so, or None."""
    if ev.is_final or ev.status == APPROVED:
        return None
    return f"质控通过后才能定稿：当前状态为“{ev.get_status_display()}”，请先提交质控，由质控人员审核通过。"


@login_required
@require_POST
def set_status(request, pk: int):
    ev = evaluation_or_404(request, pk)
    target = request.POST.get("status")
    refused = transition_refusal(request.user, ev, target)
    if refused is not None:
        audit(request, "refused_final" if ev.is_final else "denied", f"更改质控状态为“{str(target)[:40]}”：{request.path}", ev.pk)
        messages.error(request, refused[1])
        return pages.render_tab(request, pages.context(request, ev, "problems"), status=refused[0])
    Evaluation.objects.filter(pk=ev.pk).update(status=target, updated_at=timezone.now())
    audit(request, "status", f"状态改为 {Evaluation(status=target).get_status_display()}", ev.pk)
    to, what = {REVIEW: (REVIEWER, "已提交质控，待您审核"), APPROVED: (EVALUATOR, "质控已通过，可以定稿"),
                DRAFT: (EVALUATOR, "被退回修改")}[target]
    notify(people(ev, to), ev, f"{ev.subject or ev.title}：{what}", reverse("jixiao:tab", args=[ev.pk, "problems"]),
           but=request.user)
    messages.success(request, TRANSITIONS[target][2])
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
