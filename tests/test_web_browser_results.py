"""In a real browser: the bureau opens 结果应用 from the nav, sees its year's tables, asks for the Word
report, and downloads it once the task worker has made it."""

from __future__ import annotations

from docx import Document

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401


def test_web_browser_bureau_opens_results_and_downloads_the_word_report(site, browser, tmp_path):  # noqa: F811
    from jixiao.web.jobs import run_pending

    base, demo = site
    page = browser.new_page(accept_downloads=True)
    log_in(page, base, "caizheng")
    page.click("nav >> text=结果应用")
    page.wait_for_selector("#results-table-1")
    page.select_option("#results-year-select", "2023")
    page.click("#results-year button[type=submit]")
    page.wait_for_selector("#results-counted")
    assert "已定稿的评价 1 项计入本报告" in page.text_content("#results-counted")
    assert "2/4（50.00%）" in page.text_content("#results-table-2")
    page.click("#results-docx")
    page.wait_for_selector("#results-job-docx[data-status=queued]")
    run_pending()  # what `jixiao serve`'s worker process does
    page.wait_for_selector("#results-download-docx", timeout=30_000)
    with page.expect_download() as info:
        page.click("#results-download-docx")
    path = tmp_path / "结果应用报告.docx"
    info.value.save_as(path)
    assert info.value.suggested_filename == "2023年度结果应用报告.docx"
    doc = Document(str(path))
    assert "2023年度预算绩效评价结果应用报告" in [p.text for p in doc.paragraphs]
    assert [c.text for c in doc.tables[0].rows[0].cells][:2] == ["评价类型", "优"]
