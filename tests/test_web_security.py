"""Security defaults: CSRF, login throttling, idle timeout, secure cookies over HTTPS, audit log."""

from __future__ import annotations

import time

from django.test import Client

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.demo import PASSWORD
from jixiao.web.models import AuditEntry


def test_web_csrf_is_enforced(demo):
    c = Client(enforce_csrf_checks=True)
    assert c.post("/login/", {"username": "pingjia", "password": PASSWORD}).status_code == 403
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    assert c.post(f"/e/{ev.pk}/save/", {"base": "1", "f:title": "x"}).status_code == 403
    assert c.post(f"/api/evaluations/{ev.pk}/revisions/", "{}", content_type="application/json").status_code == 403
    ev.refresh_from_db()
    assert ev.head == 1


def test_web_login_is_throttled_after_repeated_failures(demo):
    c = Client()
    for _ in range(5):
        assert c.post("/login/", {"username": "pingjia", "password": "wrong"}).status_code == 401
    resp = c.post("/login/", {"username": "pingjia", "password": PASSWORD})
    assert resp.status_code == 429 and "登录失败次数过多" in resp.content.decode()
    assert AuditEntry.objects.filter(action="login_failed", username="pingjia").count() == 5
    assert AuditEntry.objects.filter(action="login_throttled").exists()
    # Another account is not locked out by these failures.
    assert Client().post("/login/", {"username": "zhikong", "password": PASSWORD}).status_code == 302


def test_web_login_and_logout_are_audited(demo):
    c = Client()
    assert c.post("/login/", {"username": "pingjia", "password": PASSWORD}).status_code == 302
    assert AuditEntry.objects.filter(action="login", username="pingjia").exists()


def test_web_idle_session_times_out(demo, settings):
    assert settings.IDLE_TIMEOUT_SECONDS == 30 * 60 and settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    c = demo.client("pingjia")
    assert c.get("/evaluations/").status_code == 200
    session = c.session
    session["last_seen"] = int(time.time()) - settings.IDLE_TIMEOUT_SECONDS - 5
    session.save()
    resp = c.get("/evaluations/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert AuditEntry.objects.filter(action="logout_idle", username="pingjia").exists()


def test_web_cookies_are_secure_over_https(demo):
    c = Client()
    resp = c.post("/login/", {"username": "pingjia", "password": PASSWORD}, secure=True)
    assert resp.status_code == 302
    assert resp.cookies["sessionid"]["secure"] is True and resp.cookies["sessionid"]["httponly"] is True
    plain = Client().post("/login/", {"username": "pingjia", "password": PASSWORD})
    assert not plain.cookies["sessionid"]["secure"]


def test_web_exports_are_audited(demo):
    c = demo.client("caizheng")
    ev = demo.reference
    resp = c.get(f"/e/{ev.pk}/export/yaml/")
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    assert "举报投诉案件结案率" in resp.content.decode()
    assert c.get("/evaluations/export.xlsx").status_code == 200
    assert AuditEntry.objects.filter(action="export", username="caizheng").count() == 2
    assert c.get("/audit/").status_code == 200
    assert demo.client("pingjia").get("/audit/").status_code == 404
