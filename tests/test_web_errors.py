"""Error pages as a user meets them in production (DEBUG off): Chinese, in the site's layout,
with its navigation, never Django's English defaults."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.demo import PASSWORD

ENGLISH = ("Not Found", "Server Error", "Forbidden", "Bad Request", "CSRF verification failed", "The requested resource")

pytestmark = pytest.mark.usefixtures("production")


@pytest.fixture
def production():
    with override_settings(DEBUG=False):
        yield


def text(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def assert_site_page(resp, status: int, *words: str, nav: bool = True) -> str:
    assert resp.status_code == status
    html = resp.content.decode()
    shown = text(resp)
    for english in ENGLISH:
        assert english not in shown, english
    assert '<html lang="zh-Hans">' in html and "jixiao 绩效评价" in shown
    if nav:
        assert 'href="/evaluations/"' in html and "评价列表" in shown and "退出" in shown
    else:
        assert 'href="/login/"' in html and "登录" in shown
    for w in words:
        assert w in shown, w
    return shown


def test_web_unknown_page_is_a_chinese_404_with_navigation(demo):
    pingjia = demo.client("pingjia")
    assert_site_page(pingjia.get("/no-such-page/"), 404, "页面不存在")
    # An evaluation out of reach reads exactly like one that does not exist.
    theirs = text(demo.client("pingjia2").get(f"/e/{demo.reference.pk}/indicators/"))
    missing = text(demo.client("pingjia2").get("/e/999999/indicators/"))
    assert "页面不存在" in theirs and theirs == missing
    assert demo.reference.subject not in theirs


def test_web_unknown_page_when_logged_out_offers_login(demo):
    assert_site_page(Client().get("/no-such-page/"), 404, "页面不存在", nav=False)


def test_web_server_error_is_a_chinese_500_with_navigation(demo, monkeypatch):
    from jixiao.web import pages

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "context", broken)
    client = demo.client("pingjia", raise_request_exception=False)
    shown = assert_site_page(client.get(f"/e/{demo.reference.pk}/info/"), 500, "服务器出错")
    assert "boom" not in shown and "Traceback" not in shown
    # … while the traceback goes to the server's log, as the page says.
    import logging

    handlers = logging.getLogger("django.request").handlers
    assert any(isinstance(h, logging.StreamHandler) and not h.filters and h.level <= logging.ERROR for h in handlers)


def test_web_server_error_page_survives_a_broken_layout(demo, monkeypatch):
    """Where the site's layout itself cannot be rendered (say the database is gone), still Chinese."""
    from jixiao.web import errors, pages

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "context", broken)
    monkeypatch.setattr(errors, "render", broken)
    resp = demo.client("pingjia", raise_request_exception=False).get(f"/e/{demo.reference.pk}/info/")
    assert resp.status_code == 500 and "服务器出错" in text(resp) and 'href="/"' in resp.content.decode()
    assert "Server Error" not in text(resp)


def test_web_form_without_its_token_gets_a_chinese_page(demo):
    """A form posted from a page kept open past a logout or restart: say what to do, in Chinese."""
    ev = demo.reference
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    came_from = f"http://testserver/e/{ev.pk}/indicators/"
    resp = pingjia.post(f"/e/{ev.pk}/save/", {"base": "1", "tab": "indicators"}, HTTP_REFERER=came_from)
    shown = assert_site_page(resp, 403, "页面已过期", "刷新", "返回上一页")
    assert "CSRF" not in shown and f'href="{came_from}"' in resp.content.decode()
    ev.refresh_from_db()
    assert ev.head == 1
    login = Client(enforce_csrf_checks=True).post("/login/", {"username": "pingjia", "password": PASSWORD})
    assert_site_page(login, 403, "页面已过期", nav=False)


def test_web_bad_request_is_a_chinese_400(demo):
    pingjia = demo.client("pingjia")
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        resp = pingjia.post(f"/e/{demo.reference.pk}/preview/", {"base": "1", "f:title": "长" * 2000})
    assert_site_page(resp, 400, "请求无效")
    assert_site_page(Client(HTTP_HOST="evil.example").get("/login/"), 400, "请求无效", nav=False)


def test_web_forbidden_is_a_chinese_403(demo, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from jixiao.web import pages

    def refuse(*args, **kwargs):
        raise PermissionDenied

    monkeypatch.setattr(pages, "context", refuse)
    assert_site_page(demo.client("pingjia").get(f"/e/{demo.reference.pk}/info/"), 403, "无权")
