"""In a real browser, 目标申报: the department uploads its 2024 declaration workbook and sees the review
say 目标设定偏低 (新增就业人数 below its 2023 定稿 evaluation's 25632人), the online form offers the
指标库's suggestion as an indicator name is typed, and the bureau returns the declaration with a note
the department then reads."""

from __future__ import annotations

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401

from jixiao.excel.declaration_write import write_declaration
from jixiao.io.document import dump_yaml
from jixiao.sources import open_text
from jixiao.web.declarations.demo import document
from jixiao.web.declarations.models import RETURNED, Declaration


def _workbook(tmp_path) -> bytes:
    declared = open_text(dump_yaml(document(2024)), "申报表.yaml").evaluation.declaration
    return write_declaration(declared, tmp_path / "申报表.xlsx").read_bytes()


def test_web_browser_department_uploads_sees_target_low_and_bureau_returns(site, browser, tmp_path):
    base, _demo = site
    clerk = browser.new_context().new_page()
    log_in(clerk, base, "renshe")
    clerk.click("nav >> text=目标申报")
    clerk.wait_for_url(f"{base}/declarations/")
    clerk.set_input_files("#decl-file", files=[{"name": "2024年度绩效目标申报表.xlsx", "buffer": _workbook(tmp_path),
                                                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    with clerk.expect_navigation():
        clerk.click("#decl-upload button")
    assert "目标设定偏低" in clerk.inner_text("#decl-low")
    problems = clerk.inner_text("#decl-problems")
    assert "“新增就业人数”的指标值“≥2.4万人”低于2023年实际完成值 25632人" in problems
    row = Declaration.objects.filter(original_name="2024年度绩效目标申报表.xlsx").get()
    with clerk.expect_navigation():
        clerk.click("#decl-submit button")
    assert clerk.inner_text("#decl-status") == "已提交"

    # the online form asks the 指标库 as a name is typed
    clerk.goto(f"{base}/declarations/new/?year=2025")
    clerk.fill("#ind-0-name", "新增就业人数")
    clerk.wait_for_selector("#suggest-0 >> text=指标库建议标杆值")
    assert "≥25632人" in clerk.inner_text("#suggest-0")

    bureau = browser.new_context().new_page()
    log_in(bureau, base, "caizheng")
    bureau.goto(f"{base}/declarations/")
    assert "2024年度绩效目标申报表" not in bureau.inner_text("#decl-list")  # listed by its name, not its file
    bureau.goto(f"{base}/declarations/{row.pk}/")
    bureau.fill("#decl-note-in", "新增就业人数不应低于上年实际完成值")
    with bureau.expect_navigation():
        bureau.click("#decl-decide button[value=return]")
    assert bureau.inner_text("#decl-status") == "退回"
    row.refresh_from_db()
    assert row.status == RETURNED

    clerk.goto(f"{base}/todo/")
    clerk.click("#todo >> text=绩效目标申报表已退回")
    clerk.wait_for_url(f"{base}/declarations/{row.pk}/")
    assert "新增就业人数不应低于上年实际完成值" in clerk.inner_text("#decl-note")
    assert "Server Error" not in clerk.content()
