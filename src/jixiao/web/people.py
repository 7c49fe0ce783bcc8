"""A bureau administrator's 用户管理: the people of its bureau and of the firms and
departments it works with — new users, new organisations, a person's name, role,
启用/停用, temporary password and 重置双因素认证."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import access, passwords
from .models import ADMIN, BUREAU, DEPARTMENT, ENTITY, EVALUATOR, FIRM, ORG_KINDS, REVIEWER, ROLES, Organisation, Profile
from .security import security_audit

ROLE_NAMES = dict(ROLES)
KIND_NAMES = dict(ORG_KINDS)
ROLES_OF_KIND = {FIRM: [EVALUATOR, REVIEWER], DEPARTMENT: [ENTITY]}
ROLES_OF_KIND[BUREAU] = [r for r, _ in ROLES if r not in ROLES_OF_KIND[FIRM] + ROLES_OF_KIND[DEPARTMENT]]  # 管理员 (审计管理员)


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
