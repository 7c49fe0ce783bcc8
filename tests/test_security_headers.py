"""Security headers, as a review checks them: every page kind and every download, as each
role, carries a Content-Security-Policy without inline script or style, nosniff, a
referrer policy and frame-ancestors 'none', and `Cache-Control: no-store` (static files
excepted); the pages hold no inline script, style or event handler; over HTTPS the
session and CSRF cookies are `__Host-` cookies; and in a real browser the main pages
load, update live and confirm without a single CSP violation."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
from urllib.parse import urlencode

import pytest

from test_web_fixtures import demo, leaf_path  # noqa: F401
from test_web_browser import CHROMIUM, browser, log_in, site  # noqa: F401
from test_web_pagecache import _free_port, _wait_for
from jixiao.web.models import Attachment
from jixiao.web.server import gunicorn_available
from jixiao.web.store import head_document

TABS = ["info", "budget", "targets", "indicators", "self", "findings", "interviews", "problems", "report", "history"]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def directives(resp) -> dict[str, str]:
    csp = resp["Content-Security-Policy"]
    return {d.strip().split(" ", 1)[0]: (d.strip().split(" ", 1) + [""])[1] for d in csp.split(";") if d.strip()}


def assert_protected(resp, url: str, html: bool = True) -> None:
    assert "no-store" in resp.get("Cache-Control", ""), (url, resp.get("Cache-Control"))
    assert resp["X-Content-Type-Options"] == "nosniff", url
    assert resp.get("Referrer-Policy") == "same-origin", url
    d = directives(resp)
    csp = resp["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "*" not in csp, (url, csp)
    if not html:
        return
    assert d["default-src"] == "'self'" and d["script-src"] == "'self'", (url, csp)
    assert d["frame-ancestors"] == "'none'" and d["object-src"] == "'none'" and d["base-uri"] == "'none'", (url, csp)
    text = resp.content.decode()
    for pattern, what in INLINE:
        found = pattern.search(text)
        assert found is None, f"{url}: {what} {text[max(0, found.start() - 80): found.end() + 80]!r}"


def pages_of(demo, username: str) -> list[str]:
    ref, sample = demo.reference, demo.sample
    common = ["/evaluations/", "/account/"]
    if username == "caizheng":
        return common + ["/evaluations/new/"] + [f"/e/{ref.pk}/{t}/" for t in TABS] + [f"/e/{sample.pk}/report/"]
    if username == "pingjia2":
        return common + ["/evaluations/new/"] + [f"/e/{sample.pk}/{t}/" for t in TABS]
    path = leaf_path(head_document(ref), "C23")
    extra = [f"/e/{ref.pk}/leaf/?{urlencode({'path': path})}", f"/e/{ref.pk}/compare/?a=1&b=1", f"/e/{ref.pk}/"]
    return common + (["/evaluations/new/"] if username == "pingjia" else []) + [f"/e/{ref.pk}/{t}/" for t in TABS] + extra


def auditor() -> str:
    """Who reads the 审计日志: a 审计管理员 where the demo has one, else the 财政局管理员."""
    from jixiao.web.demo import USERS

    return "shenji" if any(user[0] == "shenji" for user in USERS) else "caizheng"


# What the department may not open before its results are public (publication.py): a 403 page.
UNPUBLISHED = ["/e/{pk}/compare/?a=1&b=1", "/e/{pk}/export/yaml/", "/e/{pk}/export/xlsx/", "/e/{pk}/revisions/1.yaml"]


def publish_to_department(demo, client) -> None:
    """As renshe: the refusals before 定稿 carry the headers too; then 定稿 makes every page and download open."""
    from django.contrib.auth import get_user_model

    from jixiao.web.store import finalise

    for url in (u.format(pk=demo.reference.pk) for u in UNPUBLISHED):
        resp = client.get(url)
        assert resp.status_code == 403 and "结果尚未公开" in resp.content.decode(), (url, resp.status_code)
        assert_protected(resp, url)
    finalise(demo.reference.pk, get_user_model().objects.get(username="pingjia"))


@pytest.mark.parametrize("username", ["caizheng", "pingjia", "zhikong", "renshe", "pingjia2", "auditor"])
def test_every_page_of_every_role_has_the_headers_and_no_inline_code(demo, username):
    if username == "auditor":
        username = auditor()
        urls = ["/audit/", "/account/"]
    else:
        urls = pages_of(demo, username)
    client = demo.client(username, enforce_csrf_checks=True)
    if username == "renshe":
        publish_to_department(demo, client)
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, (username, url, resp.status_code)
        assert resp["Content-Type"].startswith("text/html"), url
        assert_protected(resp, url)


def test_pages_without_a_login_and_error_pages_have_the_headers(demo):
    anonymous = __import__("django.test", fromlist=["Client"]).Client(enforce_csrf_checks=True)
    resp = anonymous.get("/login/")
    assert resp.status_code == 200
    assert_protected(resp, "/login/")
    assert anonymous.get("/evaluations/").status_code == 302
    assert "no-store" in anonymous.get("/evaluations/")["Cache-Control"]
    forged = anonymous.post("/login/", {"username": "pingjia", "password": "x"})  # no CSRF token
    assert forged.status_code == 403
    assert_protected(forged, "CSRF failure", html=False)
    assert directives(forged)["frame-ancestors"] == "'none'"
    stranger = demo.client("pingjia2", enforce_csrf_checks=True)
    missing = stranger.get(f"/e/{demo.reference.pk}/info/")  # another organisation's: 404
    assert missing.status_code == 404
    assert_protected(missing, "404", html=False)


@pytest.mark.parametrize("username", ["caizheng", "pingjia", "zhikong", "renshe"])
def test_every_download_is_no_store_as_each_role(demo, username):
    ref = demo.reference
    client = demo.client(username, enforce_csrf_checks=True)
    att = Attachment.objects.get(evaluation=ref)
    downloads = [f"/e/{ref.pk}/export/yaml/", f"/e/{ref.pk}/export/xlsx/", f"/e/{ref.pk}/files/{att.pk}/",
                 f"/e/{ref.pk}/revisions/1.yaml", f"/api/evaluations/{ref.pk}/", "/api/evaluations/"]
    if username == "caizheng":
        downloads.append("/evaluations/export.xlsx")
    if username == "renshe":
        publish_to_department(demo, client)
    for url in downloads:
        resp = client.get(url)
        assert resp.status_code == 200, (username, url, resp.status_code)
        body = b"".join(resp.streaming_content) if resp.streaming else resp.content
        assert body, url
        assert_protected(resp, url, html=False)
    # A stored file keeps its own stricter policy: nothing in it may run, even if opened in place.
    resp = client.get(f"/e/{ref.pk}/files/{att.pk}/")
    assert resp["Content-Security-Policy"].startswith("default-src 'none'") and "sandbox" in resp["Content-Security-Policy"]
    assert resp["Content-Disposition"].startswith("attachment")


def test_static_files_may_be_cached_but_are_not_sniffed(demo):
    client = demo.client("pingjia")
    for url in ("/static/jixiao/style.css", "/static/jixiao/htmx.min.js", "/static/jixiao/app.js"):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert "no-store" not in resp.get("Cache-Control", ""), url
        assert resp["X-Content-Type-Options"] == "nosniff"


# -- over HTTPS: __Host- cookies ----------------------------------------------------------------


def _call(port: int, method: str, path: str, cookies: dict, body: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}",
               "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urlencode(body)
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    text = resp.read().decode("utf-8", "replace")
    set_cookies = resp.headers.get_all("Set-Cookie") or []
    for header in set_cookies:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return resp, text, set_cookies


def _attributes(set_cookie: str) -> dict[str, str]:
    parts = [p.strip() for p in set_cookie.split(";")]
    return {p.split("=", 1)[0].lower(): (p.split("=", 1) + [""])[1] for p in parts[1:]}


@pytest.mark.skipif(not gunicorn_available(), reason="gunicorn 仅在 Unix 系统上运行 / gunicorn runs on Unix only")
def test_over_https_the_session_and_csrf_cookies_are_host_cookies(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    env["JIXIAO_HTTPS"] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--demo", "--data", str(tmp_path),
                             "--port", str(port), "--workers", "1", "--threads", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(proc, port)
        cookies: dict[str, str] = {}
        resp, text, set_cookies = _call(port, "GET", "/login/", cookies)
        assert resp.status == 200 and "no-store" in resp.getheader("Cache-Control")
        assert "frame-ancestors 'none'" in resp.getheader("Content-Security-Policy")
        assert resp.getheader("Strict-Transport-Security", "").startswith("max-age=")
        csrf = [c for c in set_cookies if c.startswith("__Host-csrftoken=")]
        assert csrf and not [c for c in set_cookies if c.startswith("csrftoken=")], set_cookies
        attrs = _attributes(csrf[0])
        assert "secure" in attrs and attrs.get("path") == "/" and "domain" not in attrs, csrf[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        resp, _, set_cookies = _call(port, "POST", "/login/", cookies,
                                     {"csrfmiddlewaretoken": token, "username": "pingjia", "password": "jixiao-demo"})
        assert resp.status == 302, resp.status
        session = [c for c in set_cookies if c.startswith("__Host-sessionid=")]
        assert session and not [c for c in set_cookies if c.startswith("sessionid=")], set_cookies
        attrs = _attributes(session[0])
        assert {"secure", "httponly"} <= attrs.keys() and attrs.get("path") == "/" and "domain" not in attrs, session[0]
        resp, text, _ = _call(port, "GET", "/evaluations/", cookies)
        assert resp.status == 200 and "评价列表" in text and "no-store" in resp.getheader("Cache-Control")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- in a browser: no CSP violation -------------------------------------------------------------

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(WATCH)
    # Chromium reports what the policy blocks on the console, for sandboxed frames too.
    page.on("console", lambda m: problems.append(f"{page.url} console: {m.text}")
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"{page.url} error: {e}"))
    return problems


def _violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += [f"{frame.url} {v}" for v in frame.evaluate("window.__csp || []")]
        except Exception:  # a sandboxed frame runs no script: its violations reach the console instead
            pass
    return found


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="未安装 chromium / chromium not installed")
def test_main_pages_load_in_a_browser_without_a_csp_violation(site, browser):
    base, demo = site
    ref = demo.reference
    page = browser.new_page()
    problems = _watch(page)
    log_in(page, base, "pingjia")
    seen = []
    path = leaf_path(head_document(ref), "C23")
    from django.db import connection

    connection.close()  # opened inside Playwright's event loop, where the test's teardown would not close it
    for url in ["/evaluations/", "/evaluations/new/", "/account/", *[f"/e/{ref.pk}/{t}/" for t in TABS],
                f"/e/{ref.pk}/leaf/?{urlencode({'path': path})}", f"/e/{ref.pk}/compare/?a=1&b=1"]:
        resp = page.goto(base + url)
        assert resp.status == 200, url
        page.wait_for_load_state("load")
        seen += _violations(page)
    # The report preview (a sandboxed frame) is styled: its one <style> is allowed by hash.
    page.goto(f"{base}/e/{ref.pk}/report/")
    frame = page.frame_locator("iframe.report-frame")
    if page.locator("iframe.report-frame").count():
        assert frame.locator("h1.title").first.evaluate("e => getComputedStyle(e).textAlign") == "center"
        assert frame.locator("p.right").first.evaluate("e => getComputedStyle(e).textAlign") == "right"
        seen += _violations(page)
    # Live scoring (htmx) still works and swaps in nothing the policy blocks.
    page.goto(f"{base}/e/{ref.pk}/indicators/")
    page.fill("#reported-C23", "97.63%")
    # A function, not an expression: the policy forbids eval, which Playwright uses for expressions.
    page.wait_for_function("() => document.querySelector('#s-C23').textContent === '6.00'")
    seen += _violations(page)
    assert not seen and not problems, "\n".join(seen + problems)
    # Confirmations come from the site's own script now: 删除 asks, and 取消 deletes nothing.
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    delete = page.locator("button.danger").first
    if delete.count():
        delete.click()
        assert dialogs and "删除指标" in dialogs[-1]
        assert page.url.endswith("/indicators/")
    page.goto(f"{base}/e/{ref.pk}/history/")
    page.click("#finalise")
    assert dialogs and "定稿" in dialogs[-1]
    assert "已定稿" not in page.text_content("main")
    seen += _violations(page)
    page.click("text=退出")
    log_in(page, base, "caizheng")
    for url in ["/evaluations/", f"/e/{ref.pk}/report/"]:
        assert page.goto(base + url).status == 200, url
        seen += _violations(page)
    if auditor() != "caizheng":
        page.click("text=退出")
        page.goto(f"{base}/login/")
        page.fill("#id_username", auditor())
        page.fill("#id_password", "jixiao-demo")
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
    assert page.goto(f"{base}/audit/").status == 200
    seen += _violations(page)
    assert not seen and not problems, "\n".join(seen + problems)
