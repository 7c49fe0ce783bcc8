"""In a real browser, the year after: the department opens 整改, writes its 整改措施 for a problem of
its 2023 evaluation, uploads a photo as evidence and submits; the bureau confirms it from its
待办; the department's 2024 evaluation page then shows last year's item 已确认."""

from __future__ import annotations

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401
from test_web_fixtures import PNG_1PX
from jixiao.web.rectification.models import CONFIRMED, TODO, Item


def test_web_browser_department_submits_bureau_confirms_next_year_shows_it(site, browser):
    base, demo = site
    item = Item.objects.filter(evaluation=demo.previous, status=TODO).first()

    clerk = browser.new_context().new_page()
    log_in(clerk, base, "renshe")
    clerk.click("nav >> text=整改")
    clerk.wait_for_url(f"{base}/rectification/")
    clerk.click(f"#rect-items >> text={item.title}")
    clerk.wait_for_url(f"{base}/rectification/{item.pk}/")
    clerk.fill("#rect-measures-in", "组织绩效管理专题培训 3 期")
    clerk.fill("#rect-effect-in", "培训 120 人次")
    clerk.fill("#rect-done", "2025-03-31")
    with clerk.expect_navigation():
        clerk.click("#rect-save button")
    clerk.wait_for_selector("text=已保存整改情况。")
    clerk.set_input_files("#rect-file", files=[{"name": "培训签到.png", "mimeType": "image/png", "buffer": PNG_1PX}])
    with clerk.expect_navigation():
        clerk.click("#rect-evidence-form button")
    clerk.wait_for_selector("#rect-evidence >> text=培训签到.png")
    with clerk.expect_navigation():
        clerk.click("#rect-submit button")
    assert clerk.inner_text("#rect-status") == "已提交"

    bureau = browser.new_context().new_page()
    log_in(bureau, base, "caizheng")
    bureau.goto(f"{base}/todo/")
    bureau.click(f"#todo >> text=整改情况待确认")
    bureau.wait_for_url(f"{base}/rectification/{item.pk}/")
    bureau.fill("#rect-note-in", "佐证齐全")
    with bureau.expect_navigation():
        bureau.click("#rect-decide button[value=confirm]")
    assert bureau.inner_text("#rect-status") == "已确认"
    item.refresh_from_db()
    assert item.status == CONFIRMED

    ev = demo.reference
    clerk.goto(f"{base}/e/{ev.pk}/")
    panel = clerk.wait_for_selector("#rect-panel")
    row = clerk.locator("#rect-previous tr", has_text=item.title)
    assert "已确认" in row.inner_text()
    assert clerk.locator("#rect-previous .rect-evidence-link").count() == 2  # C11 and C23
    assert "Server Error" not in clerk.content() and panel is not None
