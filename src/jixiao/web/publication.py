"""When a department sees its results: scores, 扣分原因, the check results and reports reach
the 被评价单位 only once the bureau's rule allows — at 定稿, or when the bureau publishes
them (BureauPolicy). Until then the department fills in its own sections and reads no figure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import access
from .access import audit, evaluation_or_404
from .models import ADMIN, ENTITY, PUBLISH_AT_FINAL, PUBLISH_ON_PUBLICATION, PUBLISH_RULES, BureauPolicy, Evaluation
from .notify import notify, people

# What the page heads with while the results are not public.
HIDDEN_SCORES = {"headline": None, "total_text": "未公开", "grade": "", "rate_text": "—", "weight_text": ""}
# Tabs that are results: the department reads a notice there instead.
RESULT_TABS = ("indicators", "problems", "report", "history")


def rule_of(bureau_id: int | None) -> str:
    policy = BureauPolicy.objects.filter(bureau_id=bureau_id).first() if bureau_id else None
    return policy.publish if policy else PUBLISH_AT_FINAL


def results_visible(user, ev: Evaluation) -> bool:
    """Everyone but the department sees results as they are; the department once they are public."""
    if access.role_on(user, ev) != ENTITY:
        return True
    return is_public(ev)


def is_public(ev: Evaluation, rule: str | None = None) -> bool:
    if not ev.is_final:
        return False
    return (rule or rule_of(ev.bureau_id)) == PUBLISH_AT_FINAL or ev.published_at is not None


def notice(ev: Evaluation) -> str:
    if ev.is_final:
        return "评价已定稿，得分与扣分原因将在财政局发布后向本单位公开。"
    return f"评价尚在进行中（{ev.get_status_display()}），得分与扣分原因在定稿并公开后才向本单位显示。"


def refused(request, ev: Evaluation, what: str):
    """A 403 page for a download that carries results the department may not read yet; None otherwise."""
    if results_visible(request.user, ev):
        return None
    audit(request, "denied", f"结果未公开，下载{what}：{request.path}", ev.pk)
    return render(request, "jixiao/error.html", {
        "status": 403, "heading": "结果尚未公开", "explanation": notice(ev),
        "advice": "公开前，被评价单位可以填写和查看本单位的基本信息、预算与资产、绩效目标和自评表。",
        "back": reverse("jixiao:tab", args=[ev.pk, "info"]),
    }, status=403)


@login_required
@require_POST
def publish(request, pk: int):
    """The bureau publishes a 定稿's results to its department (where its rule says 发布后)."""
    ev = evaluation_or_404(request, pk)
    if access.role_on(request.user, ev) != ADMIN or not ev.is_final or ev.published_at is not None:
        audit(request, "denied", f"发布结果：{request.path}", ev.pk)
        messages.error(request, "只有财政局管理员可以发布已定稿、尚未发布的评价结果。")
        return redirect("jixiao:tab", ev.pk, "history")
    Evaluation.objects.filter(pk=ev.pk).update(published_at=timezone.now())
    audit(request, "status", f"发布结果给被评价单位（第 {ev.version} 版）", ev.pk)
    notify(people(ev, ENTITY), ev, f"{ev.subject or ev.title}：评价结果已发布", reverse("jixiao:tab", args=[ev.pk, "indicators"]))
    messages.success(request, "结果已发布，被评价单位现在可以查看得分与扣分原因。")
    return redirect("jixiao:tab", ev.pk, "history")


@login_required
def bureau_settings(request):
    """财政局设置: when its departments see their results."""
    p = access.profile_of(request.user)
    if p is None or p.role != ADMIN:
        audit(request, "denied", f"财政局设置：{request.path}")
        return render(request, "jixiao/error.html", {"status": 403, "heading": "无权访问",
                                                     "explanation": "只有财政局管理员可以更改财政局设置。"}, status=403)
    bureau_id = p.organisation.bureau_id or p.organisation_id
    if request.method == "POST":
        rule = request.POST.get("publish", "")
        if rule not in (PUBLISH_AT_FINAL, PUBLISH_ON_PUBLICATION):
            messages.error(request, f"结果公开方式“{rule[:40]}”无效：应为定稿后即公开或财政局发布后公开。")
        else:
            BureauPolicy.objects.update_or_create(bureau_id=bureau_id, defaults={"publish": rule})
            audit(request, "status", f"结果公开方式改为：{dict(PUBLISH_RULES)[rule]}")
            messages.success(request, "已保存。")
            return redirect("jixiao:bureau_settings")
    return render(request, "jixiao/bureau_settings.html", {"rule": rule_of(bureau_id), "rules": PUBLISH_RULES})
