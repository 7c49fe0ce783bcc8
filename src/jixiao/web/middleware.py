"""Session time limits and the login gates, secure cookies over HTTPS, and multipart posts set up before the CSRF check reads them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from . import uploads
from .passwords import change_reason
from .sessions import now as clock

# Reachable while a password must be changed first (besides the change page itself).
OPEN_PATHS = ("/logout/", "/static/")


class SessionPolicyMiddleware:
    """For a logged-in session: the absolute lifetime since login, the idle timeout since the
    last request, a password that must be changed first, and 2FA where it is required.
    Expired sessions are logged out with an audit row and a message on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            refused = self.check(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def check(self, request):
        from . import accounts

        session, now = request.session, clock()
        login_at = session.setdefault("login_at", now)  # sessions older than this rule start their lifetime now
        last = session.get("last_seen", now)
        if now - login_at >= settings.SESSION_LIFETIME_SECONDS:
            hours = settings.SESSION_LIFETIME_SECONDS / 3600
            return self._end(request, "logout_expired", f"会话已满 {hours:g} 小时（登录于 {_clock(login_at)}）",
                             f"登录已满 {hours:g} 小时，为保障安全请重新登录。")
        if now - last > settings.IDLE_TIMEOUT_SECONDS:
            minutes = settings.IDLE_TIMEOUT_SECONDS // 60
            return self._end(request, "logout_idle", f"空闲超时（最后操作于 {_clock(last)}，超过 {minutes} 分钟）",
                             f"您已超过 {minutes} 分钟未操作，请重新登录。")
        if accounts.two_factor_required(request.user) and not accounts.two_factor_done(request):
            return self._end(request, "logout_2fa", "会话未经双因素认证",
                             "财政局管理员须使用动态口令（双因素认证）登录，请重新登录。")
        if hasattr(session, "note_request"):
            session.note_request(now)
        else:  # another session engine: a plain write
            session["last_seen"] = now
        if "password_change" not in session:  # checked once per session (a login by any path)
            session["password_change"] = change_reason(request.user)
        if session["password_change"] and not request.path.startswith(OPEN_PATHS + (accounts.PASSWORD_PATH,)):
            messages.warning(request, session["password_change"])
            return redirect(accounts.PASSWORD_PATH)
        return None

    def _end(self, request, action: str, detail: str, message: str):
        from .accounts import security_audit

        user = request.user
        logout(request)
        security_audit(request, action, detail, user=user)
        messages.info(request, message)
        if request.headers.get("HX-Request"):  # htmx: the whole page goes to the login
            from django.http import HttpResponse

            response = HttpResponse(status=204)
            response["HX-Redirect"] = settings.LOGIN_URL
            return response
        return None  # on to the view as anonymous: pages send to the login, the API answers 401


def _clock(ts: int) -> str:
    from datetime import datetime, timezone

    from django.utils.timezone import localtime

    return f"{localtime(datetime.fromtimestamp(ts, timezone.utc)):%Y-%m-%d %H:%M:%S}"


class SecureCookieMiddleware:
    """Cookies set over HTTPS carry Secure even where settings do not demand it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.is_secure():
            for cookie in response.cookies.values():
                cookie["secure"] = True
        return response


class UploadMiddleware:
    """Before any view reads a posted body (the CSRF check does, just before the view): a body
    over the limit is refused unread (413), and the upload checks are in place for the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            uploads.prepare(request)
        except uploads.Refused as refused:
            uploads.refused(request, refused, _evaluation_in(request.path_info))
            return uploads.refusal_response(request, refused)
        return self.get_response(request)


def _evaluation_in(path: str) -> int | None:
    from django.urls import Resolver404, resolve

    try:
        pk = resolve(path).kwargs.get("pk")
    except Resolver404:
        return None
    return pk if isinstance(pk, int) else None


class RequestIdMiddleware:
    """Outermost: each request gets an id, on every log line written while it is handled
    (jixiao.web.logging), in the X-Request-ID header and on the error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .logging import bind, new_request_id, unbind

        request.request_id = new_request_id()
        token = bind(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            unbind(token)
        response["X-Request-ID"] = request.request_id
        return response
