"""Unhandled errors as production meets them (DEBUG off): the user gets the Chinese error page in
the site's layout with an 错误编号 and never a traceback or the exception's text; the server log
gets the traceback on a line naming the same id, which every response carries as X-Request-ID
and every log line written during the request names."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import override_settings
from django.urls import include, path

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.logging import RequestIdFilter

SECRET = "postgres://jixiao:s3cret@db/jixiao"  # what an exception may carry, and no user may read

ID = re.compile(r"错误编号：\s*([0-9a-f]{16})")


def boom(request):
    raise RuntimeError(f"cannot connect to {SECRET}")


urlpatterns = [path("boom/", boom), path("", include("jixiao.web.urls"))]
from jixiao.web.urls import handler400, handler403, handler404, handler500  # noqa: E402,F401  (the site's pages)

pytestmark = pytest.mark.usefixtures("production")


@pytest.fixture
def production():
    with override_settings(DEBUG=False, ROOT_URLCONF=__name__):
        yield


@pytest.fixture
def server_log():
    """What the server's own log handler writes (the console handler of settings.LOGGING)."""
    handler = next(h for h in logging.getLogger("django.request").handlers
                   if any(isinstance(f, RequestIdFilter) for f in h.filters))
    out = io.StringIO()
    old = handler.setStream(out)
    yield out
    handler.setStream(old)


def text(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def test_an_unhandled_error_is_a_chinese_500_with_its_id_and_the_log_has_the_traceback(demo, caplog, server_log):
    client = demo.client("pingjia", enforce_csrf_checks=True, raise_request_exception=False)
    logger = logging.getLogger("django.request")  # it does not propagate: capture it where it logs
    caplog.handler.addFilter(RequestIdFilter())  # as the server's handler does
    added = caplog.handler not in logger.handlers
    logger.addHandler(caplog.handler)
    try:
        resp = client.get("/boom/")
    finally:
        if added:
            logger.removeHandler(caplog.handler)
    assert resp.status_code == 500
    shown = text(resp)
    assert "服务器出错" in shown and "错误已记入服务器日志" in shown
    assert 'href="/evaluations/"' in resp.content.decode() and "退出" in shown  # the site's layout
    rid = resp["X-Request-ID"]
    assert ID.search(shown).group(1) == rid
    for leak in ("Traceback", "RuntimeError", SECRET, "s3cret", "boom", "File \""):
        assert leak not in resp.content.decode(), leak

    records = [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]
    assert records and all(r.request_id == rid for r in records)
    assert records[0].exc_info[0] is RuntimeError
    written = server_log.getvalue()
    line = next(line for line in written.splitlines() if f"[{rid}]" in line)
    assert "ERROR" in line and "/boom/" in line
    assert "Traceback (most recent call last)" in written and f"RuntimeError: cannot connect to {SECRET}" in written


def test_every_response_has_its_own_id_on_every_log_line_of_its_request(demo, server_log):
    """A 200, a 404 and a 500 each name a new id; a warning logged while handling a request
    (here Django's refusal of a forged Host header) carries the id of that request."""
    client = demo.client("pingjia", enforce_csrf_checks=True, raise_request_exception=False)
    ids = [client.get(url)["X-Request-ID"] for url in ("/evaluations/", "/no-such-page/", "/boom/")]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    resp = client.get("/evaluations/", HTTP_HOST="evil.example")
    assert resp.status_code == 400 and "请求无效" in text(resp)
    line = next(line for line in server_log.getvalue().splitlines() if "evil.example" in line)
    assert f"[{resp['X-Request-ID']}]" in line and "django.security.DisallowedHost" in line


def test_the_plain_page_for_a_broken_layout_still_gives_the_id(demo, monkeypatch):
    """Where even the layout cannot be drawn (say the database is what failed)."""
    from jixiao.web import errors

    def broken(*args, **kwargs):
        raise RuntimeError("layout gone")

    monkeypatch.setattr(errors, "error_page", broken)
    client = demo.client("pingjia", raise_request_exception=False)
    resp = client.get("/boom/")
    assert resp.status_code == 500
    shown = text(resp)
    assert "服务器出错" in shown and ID.search(shown).group(1) == resp["X-Request-ID"]
    assert "layout gone" not in shown and SECRET not in shown


def test_an_error_while_posting_a_form_with_csrf_enforced_is_logged_and_named(demo, monkeypatch, server_log):
    """A save that fails inside (here the revision store): the same page, the same id in the log;
    the form's contents are not echoed."""
    from jixiao.web import editing

    def broken(*args, **kwargs):
        raise RuntimeError(f"disk full at {SECRET}")

    monkeypatch.setattr(editing, "save_revision", broken)
    ev = demo.reference
    client = demo.client("pingjia", enforce_csrf_checks=True, raise_request_exception=False)
    page = client.get(f"/e/{ev.pk}/info/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    resp = client.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "tab": "info", "base": ev.head,
                                             "f:title": "改后的标题"})
    assert resp.status_code == 500, resp.status_code
    rid = resp["X-Request-ID"]
    assert ID.search(text(resp)).group(1) == rid and SECRET not in resp.content.decode()
    assert f"[{rid}]" in server_log.getvalue() and f"RuntimeError: disk full at {SECRET}" in server_log.getvalue()
