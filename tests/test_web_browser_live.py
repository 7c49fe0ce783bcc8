"""In a real browser: figures recompute as they are typed — the 指标体系 合计 row with the score
box, the 自评表 复核 with 填报 / 复核 / 差异 — and a provisional total is shown as 暂定 with the
share of weight scored, in a neutral colour, never as a result."""

from __future__ import annotations

from test_web_browser import ARGS, CHROMIUM, browser, log_in, pytestmark, site  # noqa: F401
from test_web_fixtures import leaf_path
from jixiao.web.store import head_document

MUTED = "rgb(107, 119, 133)"  # --muted in style.css
RED = "rgb(180, 35, 24)"  # --err, the colour of 差


def _wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function("([s, t]) => document.querySelector(s) && document.querySelector(s).textContent.trim() === t",
                           arg=[selector, text])


def test_web_browser_total_row_follows_typing(site, browser):
    base, demo = site
    ev = demo.reference
    c12 = leaf_path(head_document(ev), "C12")
    page = browser.new_page()
    console = []  # htmx says so when a live figure has no place on the page
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    log_in(page, base, "pingjia")
    page.goto(f"{base}/e/{ev.pk}/indicators/")
    assert page.text_content("#total-cell") == "97.00" and page.text_content("#total-rate") == "97.00%"
    assert page.text_content("#s-C") == "48.00"

    # C12 职业技能培训: 15000人次 against ≥1.85万人次 → 15000 / 18500 × 12 = 9.73, less 2 for the reported
    # 1.92万人次 that no longer agrees: 7.73; nothing is saved.
    page.fill(f'input[name="f:{c12}.actual.value"]', "15000人次")
    _wait_text(page, "#s-C12", "7.73")
    assert page.text_content("#s-C1") == "15.73" and page.text_content("#s-C") == "43.73"
    assert page.text_content("#total") == "92.73"
    assert page.text_content("#total-cell") == "92.73"  # the 合计 row, as typed
    assert page.text_content("#total-rate") == "92.73%"
    assert page.text_content("#total-grade").strip() == "等级：优"
    # the chart of 一级指标得分率 is redrawn with C's new rate (43.73 of 50), 填报 vs 复核 beside it
    page.wait_for_function("() => document.querySelector('#charts svg[aria-label=\"一级指标得分率\"]')"
                           ".textContent.includes('87.46%')")
    assert page.locator('#charts svg[aria-label="自评表填报得分与复核得分"]').count() == 1

    # A weight typed: the branch weights and the 合计 weight follow too.
    page.fill(f'input[name="f:{c12}.weight"]', "10")
    _wait_text(page, "#w-C1", "18")
    assert page.text_content("#w-C") == "48" and page.text_content("#total-weight") == "98"
    ev.refresh_from_db()
    assert ev.head == 1
    assert not console, console


def test_web_browser_self_evaluation_recomputes_live_with_differences(site, browser):
    base, demo = site
    ev = demo.sample
    page = browser.new_page()
    log_in(page, base, "pingjia2")
    page.goto(f"{base}/e/{ev.pk}/self/")
    head = [t.strip() for t in page.locator("#self-table thead th").all_text_contents()]
    assert head[:7] == ["指标", "指标值", "实际完成值", "分值", "填报得分", "复核得分", "差异"]

    def row(name: str) -> list[str]:
        cells = page.locator("#self-table tbody tr", has=page.locator(f"td:text-is('{name}')")).first.locator("td")
        return [t.strip() for t in cells.all_text_contents()]

    funds = row("预算执行率")
    assert funds[2:7] == ["96.90%", "10", "9.69", "9.69", ""]  # the filled 9.69, as the CLI shows it
    assert row("总分")[4:7] == ["95.52", "95.52", ""]
    assert page.locator("#self-table tr.differs").count() == 0

    # 全年执行数 465.12 → 432: 432 / 480 = 90.00%, recomputed 9.00 against the filled 9.69, before saving.
    page.fill('input[name="f:self_evaluation.funds.rows[0].spent"]', "432")
    page.wait_for_function("() => document.querySelector('#self-table tbody tr td.score').textContent.trim() === '9.00'")
    assert row("预算执行率")[2:7] == ["90.00%", "10", "9.69", "9.00", "0.69"]
    assert row("总分")[4:7] == ["95.52", "94.83", "0.69"]
    assert page.text_content("#total") == "94.83"
    differs = page.locator("#self-table tr.differs")
    assert differs.count() == 2
    diff_cell = differs.first.locator("td.diff")
    assert diff_cell.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 244, 214)"

    # A filled score typed: its row shows the difference at once.
    page.fill('input[name="f:self_evaluation.indicators[1].score"]', "4")
    page.wait_for_function("() => document.querySelectorAll('#self-table tr.differs').length === 3")
    assert row("新建技能大师工作室")[3:7] == ["5", "4.00", "5.00", "-1.00"]
    ev.refresh_from_db()
    assert ev.head == 1


def test_web_browser_new_framework_evaluation_is_provisional_not_a_grade(site, browser):
    base, demo = site
    page = browser.new_page()
    log_in(page, base, "caizheng")
    page.goto(f"{base}/evaluations/new/")
    page.check("input[name=how][value=framework]")
    page.select_option("select[name=kind]", "department")
    page.fill("input[name=subject]", "某某区教育局")
    page.fill("input[name=year]", "2025")
    page.click("form.card button[type=submit]")
    page.wait_for_selector("text=已创建评价")
    page.click("nav.tabs >> text=指标体系")
    page.wait_for_selector("#indicator-table")
    body = page.text_content("main")
    assert "新增就业人数" not in body and "退休人员社会化管理覆盖率" not in body
    assert "预算执行率" in body and "重点工作完成率" in body
    assert page.text_content("#total") == "0.00"
    assert page.text_content("#grade") == "差（暂定）" and page.text_content("#grade-note") == "已评分权重0/100"
    for sel in ("#total", "#grade"):
        colour = page.eval_on_selector(sel, "e => getComputedStyle(e).color")
        assert colour == MUTED and colour != RED, sel
    assert page.text_content("#total-grade").strip() == "等级：差（暂定，已评分权重0/100）"

    # The list: 暂定 with the share, in the neutral colour.
    page.goto(f"{base}/evaluations/")
    cell = page.locator("tr", has=page.locator("text=某某区教育局")).locator("td.grade-provisional")
    assert cell.text_content().strip() == "差（暂定，已评分权重0/100）"
    assert cell.locator("b").evaluate("e => getComputedStyle(e).color") == MUTED
