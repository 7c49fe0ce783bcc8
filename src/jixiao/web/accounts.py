"""Accounts: the login's 动态口令 (TOTP) step, every user's password and 双因素认证 on the 账户
page, and a bureau administrator's management of the people of its bureau and of the firms
and departments it works with. Every security event is written by security_audit()."""

from __future__ import annotations

import math
import re
import time
from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import access, audit, passwords, sessions
from .models import ADMIN, BUREAU, DEPARTMENT, ENTITY, EVALUATOR, FIRM, ORG_KINDS, REVIEWER, ROLES, Organisation, Profile

PASSWORD_PATH = "/account/password/"
PENDING = "login_pending"  # the user whose password was right, until the 动态口令 is
PENDING_SECONDS = 5 * 60
ROLE_NAMES = dict(ROLES)
KIND_NAMES = dict(ORG_KINDS)
ROLES_OF_KIND = {FIRM: [EVALUATOR, REVIEWER], DEPARTMENT: [ENTITY]}
ROLES_OF_KIND[BUREAU] = [r for r, _ in ROLES if r not in ROLES_OF_KIND[FIRM] + ROLES_OF_KIND[DEPARTMENT]]  # 管理员 (审计管理员)
TOKEN = re.compile(r"[0-9]{6}")


def security_audit(request, action: str, detail: str = "", user=None, username: str = "") -> None:
    """The audit row of a security event (logins, failures, logouts, passwords, 2FA, accounts):
    the one place they are written, so a new audit log needs changing only here."""
    audit.record(request, action, detail, user=user, username=username or None)


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


# -- a bureau administrator's 用户管理 ---------------------------------------------------------


def _admin_profile(request) -> Profile:
    p = access.profile_of(request.user)
    if p is None or p.role != ADMIN:
        security_audit(request, "denied", f"{request.method} {request.path}", user=request.user)
        raise Http404("页面不存在或无权访问")
    return p


def _organisations(admin: Profile):
    """The administrator's bureau and the firms and departments that work with it."""
    bureau = admin.organisation
    return Organisation.objects.filter(Q(bureau=bureau) | Q(pk=bureau.pk))


def _in_reach(request, admin: Profile, uid) -> Profile:
    """A person of the administrator's bureau; anyone else is a 404, logged."""
    p = None
    if isinstance(uid, int) and 0 < uid < 2**63:
        p = Profile.objects.select_related("user", "organisation").filter(
            user_id=uid, organisation__in=_organisations(admin)).first()
    if p is None:
        security_audit(request, "denied", f"{request.method} {request.path}", user=request.user)
        raise Http404("用户不存在或无权访问")
    return p


def _number(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


@login_required
def people(request):
    """用户管理: the people of the bureau and of its firms and departments, a new user, a new organisation."""
    admin = _admin_profile(request)
    orgs = list(_organisations(admin).order_by("kind", "name"))
    form = {"organisation": "", "role": "", "username": "", "display_name": ""}
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in form}
        errors, created = _create_person(request, admin, form)
        if created is not None:
            messages.success(request, f"已新建用户 {created.username}（{created.profile}）；首次登录时须修改临时密码。")
            return redirect("accounts:people")
        status = 400
    from django_otp.plugins.otp_totp.models import TOTPDevice

    rows = list(Profile.objects.select_related("user", "organisation").filter(organisation__in=orgs)
                .order_by("organisation__kind", "organisation__name", "user__username"))
    with_2fa = set(TOTPDevice.objects.filter(user__in=[r.user_id for r in rows], confirmed=True)
                   .values_list("user_id", flat=True))
    for r in rows:
        r.two_factor = r.user_id in with_2fa
    return render(request, "jixiao/people.html", {
        "rows": rows, "orgs": orgs, "form": form, "errors": errors, "roles": ROLES,
        "roles_hint": "；".join(f"{KIND_NAMES[k]}的用户为{'或'.join(ROLE_NAMES[r] for r in ROLES_OF_KIND[k])}"
                              for k in (BUREAU, FIRM, DEPARTMENT)),
        "org_kinds": [(FIRM, KIND_NAMES[FIRM]), (DEPARTMENT, KIND_NAMES[DEPARTMENT])],
        "password_help": passwords.help_texts(),
    }, status=status)


def _create_person(request, admin: Profile, form: dict):
    User = get_user_model()
    org = None
    org_id = _number(form["organisation"])
    if org_id is not None:
        org = _organisations(admin).filter(pk=org_id).first()
    if org is None and form["organisation"]:
        security_audit(request, "denied", f"新建用户：单位 {form['organisation'][:40]} 不在本财政局范围内", user=request.user)
        raise Http404("单位不存在或无权访问")
    errors = []
    username = form["username"]
    if not username:
        errors.append("用户名：请填写，例如 zhangsan。")
    elif len(username) > 150:
        errors.append(f"用户名：太长（{len(username)} 个字符），最多 150 个字符。")
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors.append(f"用户名“{username[:40]}”：只能包含字母、数字和 @ . + - _。")
        if User.objects.filter(username__iexact=username).exists():
            errors.append(f"用户名“{username}”已被使用，请换一个。")
    if len(form["display_name"]) > 100:
        errors.append(f"姓名：太长（{len(form['display_name'])} 个字符），最多 100 个字符。")
    if org is None:
        errors.append("单位：请选择。")
    elif form["role"] not in ROLES_OF_KIND[org.kind]:
        allowed = "、".join(ROLE_NAMES[r] for r in ROLES_OF_KIND[org.kind])
        errors.append(f"角色：{KIND_NAMES[org.kind]}“{org.name}”的用户只能是{allowed}，"
                      f"收到的是“{ROLE_NAMES.get(form['role'], form['role'][:20]) or '未选择'}”。")
    password = request.POST.get("password", "")
    if password != request.POST.get("password2", ""):
        errors.append("临时密码：两次输入不一致。")
    elif not errors:
        errors += [f"临时密码：{m}" for m in passwords.check(password, User(username=username))]
    if errors:
        return errors, None
    with transaction.atomic():
        user = User.objects.create_user(username=username)
        passwords.set_password(user, password, temporary=True)
        Profile.objects.create(user=user, organisation=org, role=form["role"], display_name=form["display_name"])
    security_audit(request, "user_created", f"{username}（{org.name}·{ROLE_NAMES[form['role']]}）", user=request.user)
    return [], user


@login_required
@require_POST
def new_organisation(request):
    admin = _admin_profile(request)
    name = request.POST.get("name", "").strip()
    kind = request.POST.get("kind", "")
    if not name or len(name) > 200:
        messages.error(request, f"单位名称：{'请填写' if not name else f'太长（{len(name)} 个字符），最多 200 个字符'}。")
    elif kind not in (FIRM, DEPARTMENT):
        messages.error(request, f"单位类型：应为评价机构或被评价单位，收到的是“{kind[:20]}”。")
    elif Organisation.objects.filter(name=name).exists():
        messages.error(request, f"单位“{name}”已存在。")
    else:
        Organisation.objects.create(name=name, kind=kind, bureau=admin.organisation)
        security_audit(request, "org_created", f"{name}（{KIND_NAMES[kind]}）", user=request.user)
        messages.success(request, f"已新增{KIND_NAMES[kind]}“{name}”，现在可以为它新建用户。")
    return redirect("accounts:people")


@login_required
def person(request, uid: int):
    """One person: name, role, 启用/停用, a temporary password, 重置双因素认证."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin = _admin_profile(request)
    p = _in_reach(request, admin, uid)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        own = p.user_id == request.user.pk
        if action == "save":
            errors = _save_person(request, p, own)
        elif action == "password":
            password = request.POST.get("password", "")
            if password != request.POST.get("password2", ""):
                errors = ["临时密码：两次输入不一致。"]
            else:
                errors = [f"临时密码：{m}" for m in passwords.check(password, p.user)]
            if not errors:
                passwords.set_password(p.user, password, temporary=True)  # its sessions end: the hash changed
                security_audit(request, "password_reset", p.user.username, user=request.user)
                messages.success(request, f"已为 {p.user.username} 设置临时密码；其已登录的会话已失效，下次登录时须修改密码。")
        elif action == "reset_2fa":
            TOTPDevice.objects.filter(user=p.user).delete()
            security_audit(request, "2fa_reset", p.user.username, user=request.user)
            messages.success(request, f"已重置 {p.user.username} 的双因素认证；其可在账户页重新设置。")
        else:
            errors = ["未知的操作。"]
        if not errors:
            return redirect("accounts:person", uid=p.user_id)
    return render(request, "jixiao/person.html", {
        "p": p, "errors": errors, "roles": [(r, ROLE_NAMES[r]) for r in ROLES_OF_KIND[p.organisation.kind]],
        "two_factor_on": TOTPDevice.objects.filter(user=p.user, confirmed=True).exists(),
        "password_help": passwords.help_texts(),
    }, status=400 if errors else 200)


def _save_person(request, p: Profile, own: bool) -> list[str]:
    display_name = request.POST.get("display_name", "").strip()
    role = request.POST.get("role", "")
    active = request.POST.get("is_active") == "1"
    errors = []
    if len(display_name) > 100:
        errors.append(f"姓名：太长（{len(display_name)} 个字符），最多 100 个字符。")
    if role not in ROLES_OF_KIND[p.organisation.kind]:
        allowed = "、".join(ROLE_NAMES[r] for r in ROLES_OF_KIND[p.organisation.kind])
        errors.append(f"角色：{KIND_NAMES[p.organisation.kind]}的用户只能是{allowed}，收到的是“{role[:20]}”。")
    if own and not active:
        errors.append("不能停用自己的账户。")
    if own and role != p.role:
        errors.append("不能更改自己的角色（请另一位财政局管理员操作）。")
    if errors:
        return errors
    changes = []
    if display_name != p.display_name:
        changes.append(f"姓名 {p.display_name or '（空）'} → {display_name or '（空）'}")
    if role != p.role:
        changes.append(f"角色 {ROLE_NAMES[p.role]} → {ROLE_NAMES[role]}")
    if active != p.user.is_active:
        changes.append("启用" if active else "停用")
    if changes:
        with transaction.atomic():
            Profile.objects.filter(pk=p.pk).update(display_name=display_name, role=role)
            if active != p.user.is_active:
                p.user.is_active = active
                p.user.save(update_fields=["is_active"])  # a disabled user's sessions and API token stop working
        action = "user_disabled" if "停用" in changes else "user_enabled" if "启用" in changes else "user_updated"
        security_audit(request, action, f"{p.user.username}：{'；'.join(changes)}", user=request.user)
        messages.success(request, f"已保存 {p.user.username}：{'；'.join(changes)}。")
    return []


app_name = "accounts"
urlpatterns = [
    path("login/totp/", login_totp, name="login_totp"),
    path("account/password/", change_password, name="password"),
    path("account/2fa/", two_factor, name="two_factor"),
    path("people/", people, name="people"),
    path("people/organisations/", new_organisation, name="new_organisation"),
    path("people/<int:uid>/", person, name="person"),
]
