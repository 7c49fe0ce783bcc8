"""In a real browser: the bureau uploads two delivered reports (the reference report as Word and
as text) on 报告复核, watches them queued and audited by the task worker while the list polls,
opens the Word one's problems at their places and downloads its annotated copy."""

from __future__ import annotations

import threading
from pathlib import Path

from test_web_browser import browser, log_in, site  # noqa: F401

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reference-report"


def test_web_browser_two_reports_are_audited_opened_and_handed_back_annotated(site, browser, tmp_path):  # noqa: F811
    import docx

    from jixiao.reportaudit import audit_file
    from jixiao.web.jobs import run_pending

    base, _ = site
    word, text = tmp_path / "人社局绩效评价报告.docx", tmp_path / "人社局绩效评价报告（文本）.txt"
    word.write_bytes((FIXTURE / "report.docx").read_bytes())
    text.write_bytes((FIXTURE / "000_e5376d201a09ce67.txt").read_bytes())
    expected = audit_file(word, word.name).problems
    page = browser.new_page(accept_downloads=True)
    log_in(page, base, "caizheng")
    page.click("nav >> text=报告复核")
    page.set_input_files("#report-files", [str(word), str(text)])
    page.click("#report-audit-upload button[type=submit]")
    page.wait_for_selector("text=正在逐份复核")
    assert page.locator("#report-audit-list tr.report-audit[data-status=queued]").count() == 2
    assert "排队中" in page.text_content("#report-audit-list")

    worker = threading.Thread(target=run_pending)  # what `jixiao serve`'s worker process does
    worker.start()
    try:  # the list polls every 2 seconds and stops once nothing waits
        page.wait_for_selector("#report-audits[data-left='0']", timeout=120_000)
    finally:
        worker.join(120)
    assert page.locator("#report-audit-list tr.report-audit[data-status=done]").count() == 2
    page.screenshot(path=str(tmp_path / "list.png"))

    page.click(f"#report-audit-list >> text={word.name}")
    page.wait_for_selector("#report-problems")
    assert page.locator("#report-problems tbody tr").count() == len(expected)
    assert "第" in page.text_content("#report-problems") and "Traceback" not in page.content()
    with page.expect_download() as info:
        page.click("#download-annotated")
    path = tmp_path / "annotated.docx"
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith("批注版.docx")
    annotated = docx.Document(str(path))
    assert annotated.paragraphs[0].text == "复核意见" and len(list(annotated.comments)) > 10
