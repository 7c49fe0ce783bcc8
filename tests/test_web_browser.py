"""In a real browser (Debian's chromium, headless): live scoring, Word download,
定稿, and another organisation's user getting 404 everywhere."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_web_fixtures import Demo

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
                                reason="未安装 chromium（Debian 软件包 chromium） / chromium not installed")

# Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def site(transactional_db, live_server):
    return live_server.url, Demo()


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "jixiao-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/evaluations/")


def word_report_available() -> bool:
    try:
        from jixiao.report import render_docx  # noqa: F401
    except ImportError:
        return False
    return True


def test_web_browser_edit_score_finalise_and_isolation(site, browser, tmp_path):
    base, demo = site
    ev = demo.reference
    page = browser.new_page(accept_downloads=True)
    log_in(page, base, "pingjia")
    page.click(f"text={ev.subject}")
    assert page.text_content("#total") == "97.00" and page.text_content("#grade") == "优"
    assert page.text_content("#s-C23") == "4.00"

    # Live scoring as the figure is typed, then a saved revision.
    page.fill("#reported-C23", "97.63%")
    page.wait_for_function("() => document.querySelector('#s-C23').textContent === '6.00'")
    assert page.text_content("#total") == "99.00"
    page.click("#save")
    page.wait_for_selector("text=已保存：修订 2")
    assert page.text_content("#s-C23") == "6.00" and page.text_content("#total") == "99.00"
    # saved after 质控通过, it is 质控中 again (test_web_workflow.py); the reviewer passes revision 2
    assert page.locator("text=评价已回到“质控中”").count() == 1
    from jixiao.web.models import Evaluation

    Evaluation.objects.filter(pk=ev.pk).update(status="approved")

    # The Word report.
    page.goto(f"{base}/e/{ev.pk}/report/")
    if word_report_available():
        page.click("#download-docx")  # queued; the task worker makes it (tests/test_web_jobs.py)
        page.wait_for_selector("#job-docx")
        from jixiao.web.jobs import run_pending

        run_pending()
        with page.expect_download() as info:
            page.click("#job-download-docx")
        path = tmp_path / "report.docx"
        info.value.save_as(path)
        assert path.read_bytes()[:2] == b"PK" and path.stat().st_size > 10_000
    else:
        page.click("#download-docx")
        page.wait_for_selector("text=导出功能尚未安装")

    # 定稿, then editing is refused.
    page.goto(f"{base}/e/{ev.pk}/history/")
    page.on("dialog", lambda d: d.accept())
    page.click("#finalise")
    page.wait_for_selector("text=已定稿：第 1 版（修订 2）")
    page.goto(f"{base}/e/{ev.pk}/indicators/")
    assert page.is_disabled("#reported-C23") and page.locator("#save").count() == 0
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            const body = new URLSearchParams({csrfmiddlewaretoken: token, base: '2', tab: 'indicators'});
            const r = await fetch(url, {method: 'POST', body});
            return [r.status, await r.text()];
        }""",
        f"{base}/e/{ev.pk}/save/",
    )
    assert status[0] == 409 and "已定稿" in status[1]
    page.screenshot(path=str(tmp_path / "final.png"))

    # Another organisation's evaluator: 404 on the page, its file and its API.
    page.click("text=退出")
    log_in(page, base, "pingjia2")
    assert ev.subject not in page.content()
    for url in (f"/e/{ev.pk}/", f"/e/{ev.pk}/indicators/", f"/e/{ev.pk}/files/{demo.reference_file.pk}/",
                f"/api/evaluations/{ev.pk}/", f"/e/{ev.pk}/export/yaml/"):
        resp = page.request.get(base + url)
        assert resp.status == 404, url
        assert ev.subject not in resp.text()
    resp = page.goto(f"{base}/e/{ev.pk}/")
    assert resp.status == 404
