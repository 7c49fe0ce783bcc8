"""Accounts: the login's 动态口令 (TOTP) step, and every user's password and 双因素认证 on the
账户 page; the URLs of these and of a bureau administrator's 用户管理 (people.py). Every
security event is written by security_audit() (security.py)."""

from __future__ import annotations

import math
import re
import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import access, audit, passwords, sessions
from .models import ADMIN
from .people import new_organisation, people, person
from .security import security_audit

PASSWORD_PATH = "/account/password/"
PENDING = "login_pending"  # the user whose password was right, until the 动态口令 is
PENDING_SECONDS = 5 * 60
TOKEN = re.compile(r"[0-9]{6}")


# -- the login ------------------------------------------------------------------------


def login_refused(request, username: str):
    """The 429 answer once `username` failed too often lately, else None."""
    if audit.recent_failures(username, settings.LOGIN_FAILURE_WINDOW_SECONDS) < settings.LOGIN_FAILURE_LIMIT:
        return None
    security_audit(request, "login_throttled", username=username)  # a row of its own
    request.session.pop(PENDING, None)
    messages.error(request, f"登录失败次数过多，请 {settings.LOGIN_FAILURE_WINDOW_SECONDS // 60} 分钟后再试。")
    return render(request, "jixiao/login.html", {"username": username}, status=429)


def password_accepted(request, user, next_url: str | None):
    """The password was right: in at once, or on to the 动态口令 step (to set one up where it is required)."""
    if totp_device(user) is None and not two_factor_required(user):
        return complete_login(request, user, None, next_url)
    request.session.cycle_key()  # nothing planted before the password survives into the second step
    request.session[PENDING] = {"user": user.pk, "at": int(time.time()), "next": next_url or ""}
    return redirect("accounts:login_totp")


def login_totp(request):
    """Second step of the login: the 6-digit 动态口令, or setting up the authenticator where it is required."""
    pending = request.session.get(PENDING)
    user = None
    if isinstance(pending, dict) and time.time() - pending.get("at", 0) <= PENDING_SECONDS:
        user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING, None)
        messages.error(request, "登录已超时或未输入密码，请重新输入用户名和密码。")
        return redirect("jixiao:login")
    device = totp_device(user)
    enrolling = device is None
    if enrolling:
        device = new_device(user)
    ctx = {"enrolling": enrolling, **(_enrolment(device) if enrolling else {})}
    if request.method != "POST":
        return render(request, "jixiao/login_totp.html", ctx)
    refused = login_refused(request, user.get_username())
    if refused is not None:
        return refused
    token = request.POST.get("token", "").strip().replace(" ", "")[:20]
    if not TOKEN.fullmatch(token):
        messages.error(request, f"动态口令应为验证器应用显示的 6 位数字，收到的是“{token[:12]}”。")
        return render(request, "jixiao/login_totp.html", ctx, status=400)
    wrong = _verify(device, token)
    if wrong:
        security_audit(request, "login_failed", "动态口令错误", user=user)
        messages.error(request, wrong)
        return render(request, "jixiao/login_totp.html", ctx, status=401)
    if enrolling:
        _confirm(device)
        security_audit(request, "2fa_enabled", "登录时按要求设置", user=user)
    return complete_login(request, user, device, pending.get("next") or None)


def complete_login(request, user, device, next_url: str | None):
    request.session.pop(PENDING, None)
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session.cycle_key()  # a new session id at every login, also when the same user logs in again
    if device is not None:
        from django_otp import login as otp_login

        otp_login(request, device)
    now = sessions.now()
    request.session.update({"login_at": now, "last_seen": now, "stored_at": now})
    reason = passwords.change_reason(user)
    request.session["password_change"] = reason
    security_audit(request, "login", "已验证动态口令" if device is not None else "", user=user)
    if reason:
        messages.warning(request, reason)
        return redirect(PASSWORD_PATH)
    return redirect(next_url or "jixiao:list")


# -- 双因素认证 (TOTP, django-otp) --------------------------------------------------------


def two_factor_required(user) -> bool:
    return settings.REQUIRE_2FA and access.role(user) == ADMIN


def two_factor_done(request) -> bool:
    from django_otp import DEVICE_ID_SESSION_KEY

    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def totp_device(user):
    """The user's confirmed authenticator, or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def new_device(user):
    """The authenticator being set up (unconfirmed): the same secret until it is confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=False)


def _enrolment(device) -> dict:
    secret = b32encode(device.bin_key).decode()
    return {"otp_uri": device.config_url, "otp_secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))}


WRONG_CODE = "动态口令错误或已过期，请输入验证器应用当前显示的 6 位数字。"


def _verify(device, token: str) -> str:
    """"" when `token` is the device's current code, else why not (in Chinese)."""
    with transaction.atomic():  # django-otp counts failures in the device's row and backs off
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = (data or {}).get("locked_until")
            wait = math.ceil((until - timezone.now()).total_seconds()) if until else 1
            return f"动态口令连续错误，请 {max(wait, 1)} 秒后再试。"
        return "" if device.verify_token(token) else WRONG_CODE


def _confirm(device) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()


# -- every user's 账户 ---------------------------------------------------------------------


def account_context(request) -> dict:
    """What the 账户 page shows about the password and 双因素认证."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return {
        "password_help": passwords.help_texts(),
        "policy_name": passwords.PROFILE_NAMES.get(settings.PASSWORD_POLICY, settings.PASSWORD_POLICY),
        "two_factor_on": totp_device(user) is not None,
        "two_factor_required": two_factor_required(user),
        **(_enrolment(pending) if pending is not None else {}),
    }


@login_required
def change_password(request):
    """Change one's own password (also where a login is sent when the password must change first)."""
    user = request.user
    ctx = {"password_help": passwords.help_texts(), "reason": request.session.get("password_change", "")}
    if request.method != "POST":
        return render(request, "jixiao/password.html", ctx)
    old = request.POST.get("old_password", "")
    new = request.POST.get("new_password", "")
    errors = []
    if not user.check_password(old[: passwords.MAX_LENGTH * 4]):
        security_audit(request, "password_change_failed", "原密码错误", user=user)
        errors.append("原密码不正确。")
    elif new != request.POST.get("new_password2", ""):
        errors.append("两次输入的新密码不一致。")
    elif new == old:
        errors.append("新密码不能与原密码相同。")
    else:
        errors = passwords.check(new, user)
        if errors:  # what was refused, never the password
            security_audit(request, "password_change_failed", "新密码不符合密码策略：" + " ".join(errors), user=user)
    if errors:
        return render(request, "jixiao/password.html", {**ctx, "errors": errors}, status=400)
    passwords.set_password(user, new)
    update_session_auth_hash(request, user)  # this session stays (with a new id); the others end
    request.session["password_change"] = ""
    security_audit(request, "password_changed", "", user=user)
    messages.success(request, "密码已修改。其他已登录的会话已失效。")
    return redirect("jixiao:account")


@login_required
@require_POST
def two_factor(request):
    """Set up, confirm or turn off one's 动态口令."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    action = request.POST.get("action", "")
    if action == "start":
        new_device(user)
        messages.info(request, "请用验证器应用添加下面的密钥，再输入它显示的 6 位动态口令完成启用。")
    elif action == "confirm":
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        token = request.POST.get("token", "").strip().replace(" ", "")[:20]
        wrong = "" if device is None else f"动态口令应为验证器应用显示的 6 位数字，收到的是“{token[:12]}”。" \
            if not TOKEN.fullmatch(token) else _verify(device, token)
        if device is None:
            messages.error(request, "请先点击“启用双因素认证”生成密钥。")
        elif wrong:
            security_audit(request, "2fa_failed", "启用时动态口令错误", user=user)
            messages.error(request, f"未启用：{wrong}")
        else:
            _confirm(device)
            from django_otp import login as otp_login

            otp_login(request, device)
            security_audit(request, "2fa_enabled", "", user=user)
            messages.success(request, "双因素认证已启用：以后登录时须输入验证器应用的动态口令。")
    elif action == "disable":
        if two_factor_required(user):
            messages.error(request, "财政局管理员必须使用双因素认证，不能停用。")
        elif not user.check_password(request.POST.get("password", "")[: passwords.MAX_LENGTH * 4]):
            security_audit(request, "2fa_failed", "停用时密码错误", user=user)
            messages.error(request, "密码不正确，双因素认证未停用。")
        else:
            TOTPDevice.objects.filter(user=user).delete()
            security_audit(request, "2fa_disabled", "", user=user)
            messages.success(request, "双因素认证已停用。")
    else:
        messages.error(request, "未知的操作。")
    return redirect("jixiao:account")


app_name = "accounts"
urlpatterns = [
    path("login/totp/", login_totp, name="login_totp"),
    path("account/password/", change_password, name="password"),
    path("account/2fa/", two_factor, name="two_factor"),
    path("people/", people, name="people"),
    path("people/organisations/", new_organisation, name="new_organisation"),
    path("people/<int:uid>/", person, name="person"),
]
