"""Logging in and out, the account page, and where the site's root leads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import access
from .access import audit


def login_view(request):
    if request.method == "POST":
        from .accounts import login_refused, password_accepted, security_audit

        # No user name holds a NUL, and PostgreSQL cannot even look one up: it is dropped, not a 500.
        username = request.POST.get("username", "").replace("\x00", "").strip()[:150]
        password = request.POST.get("password", "")
        refused = login_refused(request, username)
        if refused is not None:
            return refused
        user = authenticate(request, username=username, password=password)
        if user is None or access.profile_of(user) is None:
            security_audit(request, "login_failed", username=username)
            messages.error(request, "用户名或密码错误。")
            return render(request, "jixiao/login.html", {"username": username}, status=401)
        return password_accepted(request, user, request.GET.get("next") if _safe_next(request) else None)
    return render(request, "jixiao/login.html", {})


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.GET.get("next", "")
    return nxt.startswith("/") and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure())


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        from .accounts import security_audit

        security_audit(request, "logout", user=request.user)
    logout(request)
    return redirect("jixiao:login")


@login_required
def account(request):
    p = access.profile_of(request.user)
    token = None
    if request.method == "POST" and p is not None:
        from .api import new_token

        token = new_token(p)
        audit(request, "api_token", "生成新的 API 令牌")
    from .accounts import account_context

    return render(request, "jixiao/account.html", {"token": token, **account_context(request)})


def index(request):
    if access.audit_bureau(request.user) is not None:  # the 审计管理员 works on the audit log only
        return redirect("jixiao:audit")
    return redirect("jixiao:list" if request.user.is_authenticated else "jixiao:login")
