"""The kept 指标体系 page is never stale and never someone else's; the per-request
lookups answer as the ORM does; `jixiao serve` ends a session in every process."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse

import pytest

from test_web_fixtures import demo, leaf_path  # noqa: F401
from jixiao.web import pagecache
from jixiao.web.access import _evaluations
from jixiao.web.models import AuditEntry, Evaluation, Profile
from jixiao.web.profiles import _profiles
from jixiao.web.server import gunicorn_available
from jixiao.web.store import head_document


def page(client, ev) -> str:
    resp = client.get(f"/e/{ev.pk}/indicators/")
    assert resp.status_code == 200
    return resp.content.decode()


def save_c23(client, ev, value: str):
    path = leaf_path(head_document(ev), "C23") + ".reported"
    return client.post(f"/e/{ev.pk}/save/", {"base": str(ev.head), "tab": "indicators", f"f:{path}": value})


def test_web_kept_page_follows_a_new_revision(demo):
    ev = demo.reference
    a = demo.client("pingjia")
    assert '<b id="total">97.00</b>' in page(a, ev)
    kept = len(pagecache._pages)
    assert '<b id="total">97.00</b>' in page(a, ev)
    assert len(pagecache._pages) == kept  # the second view was the kept page
    assert save_c23(demo.client("pingjia_b"), ev, "97.63%").status_code == 302
    again = page(a, ev)
    assert '<b id="total">99.00</b>' in again and "修订 2" in again


def test_web_kept_page_follows_finalise_and_a_tampered_hash(demo):
    ev = demo.reference
    a = demo.client("pingjia")
    assert 'id="save"' in page(a, ev)
    assert a.post(f"/e/{ev.pk}/finalise/").status_code == 302
    final = page(a, ev)
    assert "已定稿" in final and "校验一致" in final and 'id="save"' not in final
    ev = Evaluation.objects.get(pk=ev.pk)
    type(ev.final_revision).objects.filter(pk=ev.final_revision_id).update(text=ev.final_revision.text + "\n# changed")
    assert "校验不一致" in page(a, ev)


def test_web_kept_page_is_never_another_viewers(demo):
    ev = demo.reference
    mine = page(demo.client("pingjia"), ev)
    assert "· pingjia</span>" in mine and 'id="save"' in mine
    colleague = page(demo.client("pingjia_b"), ev)  # same firm, same role, another person
    assert "· pingjia_b</span>" in colleague and "· pingjia</span>" not in colleague
    reviewer = page(demo.client("zhikong"), ev)  # same firm, another role: reads only
    assert "质控人员 · zhikong" in reviewer and 'id="save"' not in reviewer
    stranger = demo.client("pingjia2")  # another firm: the page does not exist for it
    assert stranger.get(f"/e/{ev.pk}/indicators/").status_code == 404
    assert AuditEntry.objects.filter(action="denied", user__username="pingjia2", evaluation_id_ref=ev.pk).exists()
    assert stranger.get(f"/e/{ev.pk}/indicators/").status_code == 404  # still, with the page kept for others


def test_web_kept_page_follows_a_change_of_role(demo):
    ev = demo.reference
    page(demo.client("pingjia_b"), ev)
    Profile.objects.filter(user__username="pingjia_b").update(role="reviewer")
    assert 'id="save"' not in page(demo.client("pingjia_b"), ev)


def test_web_kept_page_carries_this_requests_csrf_token(demo):
    ev = demo.reference
    a = demo.client("pingjia", enforce_csrf_checks=True)
    page(a, ev)
    kept = page(a, ev)
    assert pagecache.CSRF_PLACEHOLDER not in kept
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept).group(1)
    path = leaf_path(head_document(ev), "C23") + ".reported"
    resp = a.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": "1", "tab": "indicators",
                                        f"f:{path}": "97.63%"})
    assert resp.status_code == 302


def test_web_kept_page_still_shows_a_pending_message(demo):
    ev = demo.reference
    a = demo.client("pingjia")
    page(a, ev)
    assert save_c23(a, ev, "97.63%").status_code == 302
    assert "已保存：修订 2" in page(a, ev)
    assert "已保存：修订 2" not in page(a, ev)  # shown once


def test_web_row_lookups_answer_as_the_orm(demo):
    ev = demo.reference
    got, orm = _evaluations.get(ev.pk), Evaluation.objects.get(pk=ev.pk)
    for f in Evaluation._meta.concrete_fields:
        assert getattr(got, f.attname) == getattr(orm, f.attname), f.name
    assert got.updated_at.tzinfo is not None
    user = orm.firm.people.first().user
    assert _profiles.get(user.pk).pk == Profile.objects.get(user=user).pk
    assert _evaluations.get(10**6) is None and _evaluations.get(10**30) is None
    client = demo.client("pingjia")
    assert client.get("/e/99999999999999999999999/indicators/").status_code == 404


# -- `jixiao serve` ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port, method, path, cookies, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    for header in resp.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return resp.status, resp.getheader("Location", ""), data


def _wait_for(proc: subprocess.Popen, port: int) -> None:
    """Until the server listens: up to a minute for the migrations and the demo data."""
    for _ in range(600):
        if proc.poll() is not None:
            pytest.fail(proc.stdout.read())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)


@pytest.mark.skipif(not gunicorn_available(), reason="gunicorn 仅在 Unix 系统上运行 / gunicorn runs on Unix only")
def test_web_serve_logout_ends_the_session_in_every_process(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    proc = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--demo", "--data", str(tmp_path),
                             "--port", str(port), "--workers", "2", "--threads", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(proc, port)
        cookies: dict[str, str] = {}
        _request(port, "GET", "/login/", cookies)
        body = urllib.parse.urlencode({"username": "pingjia", "password": "jixiao-demo",
                                       "csrfmiddlewaretoken": cookies["csrftoken"]})
        assert _request(port, "POST", "/login/", cookies, body)[0] == 302
        session = dict(cookies)
        for _ in range(6):  # several connections: both processes serve the logged-in user
            status, _, data = _request(port, "GET", "/evaluations/", dict(session))
            assert status == 200 and "pingjia" in data.decode()
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": cookies["csrftoken"]})
        assert _request(port, "POST", "/logout/", cookies, body)[0] == 302
        for _ in range(6):  # the old session cookie is refused by every process
            status, location, _ = _request(port, "GET", "/evaluations/", dict(session))
            assert status == 302 and location.startswith("/login/")
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "已停止" in out


def test_web_serve_without_gunicorn_uses_djangos_threaded_server(tmp_path):
    """Where gunicorn cannot run (not a Unix system), `jixiao serve` still serves."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    script = ("import sys, jixiao.web.server as s; s.gunicorn_available = lambda: False; "
              "from jixiao.cli import main; sys.argv = ['jixiao'] + sys.argv[1:]; main()")
    proc = subprocess.Popen([sys.executable, "-c", script, "serve", "--data", str(tmp_path), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(proc, port)
        status, _, data = _request(port, "GET", "/login/", {})
        assert status == 200 and "登录" in data.decode()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/login/")
        assert conn.getresponse().getheader("Server", "").startswith("WSGIServer")  # Django's own
        conn.close()
        assert _request(port, "GET", "/evaluations/", {})[1].startswith("/login/")
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def test_web_kept_page_shows_the_viewers_current_notification_count(demo):
    from jixiao.web.models import Notification

    ev = demo.reference
    a = demo.client("pingjia")
    assert 'id="nav-notifications">通知</a>' in page(a, ev)
    page(a, ev)  # kept now
    user = Profile.objects.get(user__username="pingjia").user
    Notification.objects.create(user=user, evaluation=ev, text="质控意见", link="/todo/")
    assert 'id="nav-notifications">通知<span class="badge">1</span></a>' in page(a, ev)
    Notification.objects.filter(user=user).update(read_at=Notification.objects.first().created_at)
    assert 'id="nav-notifications">通知</a>' in page(a, ev)
