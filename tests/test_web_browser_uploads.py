"""In a real browser: pingjia opens 访谈与照片 of an evaluation being edited, chooses a file,
clicks 上传 and sees it listed (the form goes through Django's CSRF check like any other)."""

from __future__ import annotations

import io

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401
from test_web_fixtures import PNG_1PX
from jixiao.web.models import Attachment


def workbook() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "访谈记录"
    wb.save(buf)
    return buf.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_web_browser_upload_photo_and_workbook(site, browser):
    base, demo = site
    ev = demo.reference
    page = browser.new_page()
    log_in(page, base, "pingjia")
    page.click(f"text={ev.subject}")
    page.click("nav.tabs >> text=访谈与照片")
    page.wait_for_url(f"{base}/e/{ev.pk}/interviews/")

    for name, mime, data, caption in (("现场照片2.png", "image/png", PNG_1PX, "就业培训现场"),
                                      ("访谈记录.xlsx", XLSX, workbook(), "")):
        page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": mime, "buffer": data}])
        page.fill("input[name=caption]", caption)
        with page.expect_navigation() as nav:
            page.click("button:has-text('上传')")
        assert nav.value.status == 200, nav.value.status
        page.wait_for_selector(f"text=已上传“{name}”")
        assert page.locator("table a", has_text=name).count() == 1
        assert "Server Error" not in page.content()
    assert page.locator("td", has_text="就业培训现场").count() == 1

    stored = Attachment.objects.filter(evaluation=ev, original_name__in=["现场照片2.png", "访谈记录.xlsx"])
    assert sorted(a.original_name for a in stored) == ["现场照片2.png", "访谈记录.xlsx"]

    # The listed file downloads as it was uploaded.
    with page.expect_download() as dl:
        page.click("table a:has-text('访谈记录.xlsx')")
    assert dl.value.suggested_filename == "访谈记录.xlsx"
    page.close()
