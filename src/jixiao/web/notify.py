"""Telling people what waits for them: a notification in the workspace (the count in the
nav, the list at /notifications/) and, where JIXIAO_EMAIL_FROM is set, an e-mail through
Django's e-mail backend (SMTP at JIXIAO_SMTP_HOST)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import ADMIN, ENTITY, EVALUATOR, REVIEWER, Evaluation, Notification

log = logging.getLogger("jixiao.notify")


def people(ev: Evaluation, role: str):
    """The users who hold this role on the evaluation (the firm's evaluators or reviewers, the bureau's
    administrators, the department's clerks)."""
    org = {ADMIN: ev.bureau_id, EVALUATOR: ev.firm_id, REVIEWER: ev.firm_id, ENTITY: ev.department_id}[role]
    if org is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(profile__organisation_id=org, profile__role=role, is_active=True)


def notify(users, ev: Evaluation | None, text: str, link: str = "", but=None) -> int:
    """One notification per user (not the one who acted, `but`); e-mailed where configured."""
    sent = 0
    for user in users:
        if but is not None and user.pk == but.pk:
            continue
        Notification.objects.create(user=user, evaluation=ev, text=text[:500], link=link[:500])
        sent += 1
        if settings.NOTIFY_EMAIL_FROM and user.email:
            try:
                send_mail(f"[绩效评价] {text[:60]}", f"{text}\n\n{link}", settings.NOTIFY_EMAIL_FROM, [user.email])
            except OSError as exc:  # the workspace notification stands; the mail server is told in the log
                log.warning("通知邮件未能发送给 %s：%s", user.get_username(), exc)
    return sent


def review_reopened(ev: Evaluation, rev, user) -> int:
    """A revision saved after 质控通过 sent the evaluation back to 质控中: its reviewers are told."""
    from django.urls import reverse

    who = user.get_username() if user is not None else ""
    return notify(people(ev, REVIEWER), ev, f"{ev.subject or ev.title}：质控通过后{who}又保存了修订 {rev.number}，"
                  "已回到质控中，请重新审核", reverse("jixiao:tab", args=[ev.pk, "history"]), but=user)


def unread(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@login_required
def notifications(request):
    items = list(Notification.objects.filter(user=request.user)[:200])
    return render(request, "jixiao/notifications.html", {"items": items})


@login_required
@require_POST
def mark_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("jixiao:notifications")
