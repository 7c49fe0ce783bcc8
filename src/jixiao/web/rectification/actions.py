"""What the two sides do to a 整改事项: the department writes its 整改措施 and 整改成效 and submits
them; the bureau confirms or returns them with a note, moves a deadline, sets the default time
allowed and makes the items of evaluations 定稿 before this stage existed. Every change is in
the audit log; a step out of turn is refused with a Chinese message and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..audit import record
from ..models import ADMIN, ENTITY
from ..notify import notify, people
from . import scope
from .dates import parse_date
from .items import create_for, without_items
from .models import CONFIRMED, DOING, OPEN, RETURNED, SUBMITTED, Item, Policy
from .views import item_response

MAX_TEXT = 5000


def _item(request, pk: int, role: str, what: str) -> Item:
    item = scope.item_or_404(request, pk)
    scope.require(request, role, what)
    return item


def _back(item: Item):
    return redirect("rectification:item", item.pk)


@login_required
@require_POST
def save(request, pk: int):
    item = _item(request, pk, ENTITY, "填写整改情况")
    if item.status not in OPEN:
        return item_response(request, item, f"该事项{item.get_status_display()}，不能再修改。", 409)
    measures, effect = request.POST.get("measures", "").strip(), request.POST.get("effect", "").strip()
    done_text = request.POST.get("completed_on", "").strip()
    done, why = parse_date(done_text)
    if why:
        return item_response(request, item, f"完成时间“{done_text}”{why}", 422)
    with transaction.atomic():
        item.measures, item.effect, item.completed_on = measures[:MAX_TEXT], effect[:MAX_TEXT], done
        item.status = DOING
        item.save()
        record(request, "rectification_saved", f"整改事项 {item.pk}（{item.title[:60]}）：保存整改情况", item.evaluation_id)
    messages.success(request, "已保存整改情况。")
    return _back(item)


@login_required
@require_POST
def submit(request, pk: int):
    item = _item(request, pk, ENTITY, "提交整改情况")
    if item.status not in OPEN:
        return item_response(request, item, f"该事项{item.get_status_display()}，不能再提交。", 409)
    if not item.measures.strip():
        return item_response(request, item, "提交前请先填写并保存整改措施。", 422)
    with transaction.atomic():
        item.status, item.submitted_at = SUBMITTED, timezone.now()
        item.save()
        record(request, "rectification_submitted", f"整改事项 {item.pk}（{item.title[:60]}）：提交财政局确认",
               item.evaluation_id)
    ev = item.evaluation
    notify(people(ev, ADMIN), ev, f"{ev.department or ev.subject}提交了整改情况：{item.title[:60]}",
           reverse("rectification:item", args=[item.pk]), but=request.user)
    messages.success(request, "已提交财政局确认。")
    return _back(item)


@login_required
@require_POST
def decide(request, pk: int):
    """确认 or 退回 (with a note the department reads), only what is 已提交."""
    item = _item(request, pk, ADMIN, "确认或退回整改情况")
    action, note = request.POST.get("action", ""), request.POST.get("note", "").strip()[:MAX_TEXT]
    if item.status != SUBMITTED:
        return item_response(request, item, f"该事项{item.get_status_display()}，只有已提交的整改情况可以确认或退回。", 409)
    if action not in ("confirm", "return"):
        return item_response(request, item, "请选择“确认”或“退回”。", 422)
    if action == "return" and not note:
        return item_response(request, item, "退回时请写明退回说明，被评价单位将据此修改。", 422)
    with transaction.atomic():
        item.status = CONFIRMED if action == "confirm" else RETURNED
        item.note, item.decided_at, item.decided_by = note, timezone.now(), request.user
        item.save()
        word = "确认" if action == "confirm" else "退回"
        record(request, "rectification_confirmed" if action == "confirm" else "rectification_returned",
               f"整改事项 {item.pk}（{item.title[:60]}）：{word}{'：' + note[:200] if note else ''}", item.evaluation_id)
    ev = item.evaluation
    notify(people(ev, ENTITY), ev, f"财政局{word}了整改事项：{item.title[:60]}{'：' + note[:80] if note else ''}",
           reverse("rectification:item", args=[item.pk]), but=request.user)
    messages.success(request, f"已{word}。")
    return _back(item)


@login_required
@require_POST
def deadline(request, pk: int):
    item = _item(request, pk, ADMIN, "修改整改期限")
    text = request.POST.get("deadline", "").strip()
    day, why = parse_date(text)
    if why or day is None:
        return item_response(request, item, f"整改期限“{text}”{why or '为空，请填写日期'}", 422)
    with transaction.atomic():
        old, item.deadline = item.deadline, day
        item.save()
        record(request, "rectification_deadline", f"整改事项 {item.pk}：整改期限 {old:%Y-%m-%d} → {day:%Y-%m-%d}",
               item.evaluation_id)
    messages.success(request, f"整改期限已改为 {day:%Y-%m-%d}。")
    return _back(item)


@login_required
@require_POST
def generate(request):
    """One button: the 整改事项 of every 定稿 evaluation of the bureau that has none yet."""
    scope.require(request, ADMIN, "生成整改事项")
    bureau = scope.access.profile_of(request.user).organisation_id
    made = sum(create_for(ev, request.user, request) for ev in without_items(bureau).select_related("final_revision"))
    messages.success(request, f"已为已定稿的评价生成整改事项 {made} 项。" if made else "没有需要生成整改事项的已定稿评价。")
    return redirect("rectification:list")


@login_required
@require_POST
def policy(request):
    scope.require(request, ADMIN, "设置默认整改期限")
    bureau = scope.access.profile_of(request.user).organisation_id
    text = request.POST.get("months", "").strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text.isdigit() or not 1 <= int(text) <= 36:
        messages.error(request, f"默认整改期限“{text}”应为 1～36 之间的整月数。")
        return redirect("rectification:list")
    with transaction.atomic():
        Policy.objects.update_or_create(bureau_id=bureau, defaults={"months": int(text)})
        record(request, "rectification_policy", f"默认整改期限：定稿后 {int(text)} 个月")
    messages.success(request, f"此后定稿的评价，整改期限默认为定稿后 {int(text)} 个月。")
    return redirect("rectification:list")
