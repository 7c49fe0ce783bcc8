"""Idle session timeout, secure cookies over HTTPS, and multipart posts set up before the CSRF check reads them."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from . import uploads
from .access import audit

# Refresh the activity stamp at most once a minute: no session write per request.
TOUCH_EVERY = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.IDLE_TIMEOUT_SECONDS:
                user = request.user
                logout(request)
                audit(request, "logout_idle", "空闲超时", user=user)
                messages.info(request, f"您已超过 {settings.IDLE_TIMEOUT_SECONDS // 60} 分钟未操作，请重新登录。")
            elif now - last >= TOUCH_EVERY or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)


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
    """Before CsrfViewMiddleware: it parses a posted form, and the upload checks must be in place by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        uploads.prepare(request)
        return self.get_response(request)


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
