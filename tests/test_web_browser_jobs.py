"""In a real browser: PDF on the 报告 tab is queued (排队中), made by the task worker while the
page shows its progress (生成中), and then offered for download — with LibreOffice itself."""

from __future__ import annotations

import threading

import pytest

from test_web_browser import browser, log_in, site  # noqa: F401
from jixiao.report.pdf import find_soffice

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="未安装 LibreOffice（soffice） / LibreOffice not installed")


def test_web_browser_pdf_report_is_queued_shows_progress_then_downloads(site, browser, tmp_path):  # noqa: F811
    from jixiao.web.jobs import run_pending

    base, demo = site
    ev = demo.reference
    page = browser.new_page(accept_downloads=True)
    log_in(page, base, "pingjia")
    page.goto(f"{base}/e/{ev.pk}/report/")
    page.click("#download-pdf")
    page.wait_for_selector("#job-pdf[data-status=queued]")
    assert "排队中" in page.text_content("#job-pdf")

    worker = threading.Thread(target=run_pending)  # what `jixiao serve`'s worker process does
    worker.start()
    try:
        page.wait_for_selector("#job-pdf[data-status=running]", timeout=30_000)
        assert "生成中" in page.text_content("#job-pdf")
        page.screenshot(path=str(tmp_path / "running.png"))
        page.wait_for_selector("#job-download-pdf", timeout=180_000)
    finally:
        worker.join(240)
    assert "已完成" in page.text_content("#job-pdf")
    page.screenshot(path=str(tmp_path / "done.png"))
    with page.expect_download() as info:
        page.click("#job-download-pdf")
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 20_000
    assert info.value.suggested_filename.endswith(f"r{ev.head}.pdf")
