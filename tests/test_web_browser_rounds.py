"""In a real browser: a department uploads its 自评表 into the bureau's open round and sees it
reviewed; the bureau uploads a zip of 50 forms in three layouts (the national form, a score
table, a Word form), watches the progress while the task worker reviews them, opens a form
with an error and returns it with a note."""

from __future__ import annotations

import datetime as dt
import threading
import zipfile
from pathlib import Path

from test_web_browser import browser, log_in, site  # noqa: F401
from jixiao.web.demo import DEPT_1, DEPT_3

FORMS = Path(__file__).resolve().parent / "forms"
LAYOUTS = [FORMS / "anhui-chizhou-cunji" / "form.xlsx",  # national 项目支出绩效自评表, with errors
           FORMS / "hunan-yueyang-kejiju" / "form.xlsx",  # score table (评分标准 / 分值 / 自评得分)
           FORMS / "hubei-changjiang-jinbu" / "form.docx"]  # Word


def open_round(page, base: str, name: str) -> None:
    page.goto(f"{base}/rounds/")
    page.fill("#round-name", name)
    page.fill("#round-deadline", (dt.date.today() + dt.timedelta(days=30)).isoformat())  # open while it runs
    page.click("#round-new button[type=submit]")
    page.wait_for_selector("#round-forms")


def reviewing(page, worker_started: list) -> None:
    """Start the task worker (what `jixiao serve` runs) once the page shows the reviews waiting."""
    from jixiao.web.jobs import run_pending

    page.wait_for_selector("#round-progress[data-left]:not([data-left='0'])")
    worker = threading.Thread(target=run_pending)
    worker.start()
    worker_started.append(worker)


def test_a_department_uploads_its_form_and_sees_it_reviewed(site, browser, tmp_path):  # noqa: F811
    base, _ = site
    page = browser.new_page()
    log_in(page, base, "caizheng")
    open_round(page, base, "2025年度项目支出绩效自评")
    page.click("form[action='/logout/'] button")

    log_in(page, base, "renshe")
    page.click("nav >> text=自评轮次")
    page.click("text=2025年度项目支出绩效自评")
    assert "（未提交）" in page.text_content("#round-forms")
    form = tmp_path / "渔业补贴自评表.docx"
    form.write_bytes(LAYOUTS[2].read_bytes())
    page.set_input_files("#round-files", str(form))
    page.click("#round-upload button[type=submit]")
    page.wait_for_selector("text=正在逐一复核")
    workers: list = []
    reviewing(page, workers)
    try:
        # The page polls the reviews and reloads itself when they are done.
        page.wait_for_selector("#round-progress:not([hx-get])", timeout=60_000)
        page.wait_for_selector("#round-forms >> text=渔业成品油价格改革补贴")
    finally:
        workers[0].join(60)
    table = page.text_content("#round-forms")
    assert DEPT_1 in table and DEPT_3 not in table  # its own form only
    assert "（未提交）" not in table
    page.screenshot(path=str(tmp_path / "department.png"))
    page.click("#round-forms >> text=渔业成品油价格改革补贴")
    page.wait_for_selector("#form-problems")
    assert "复核总分" in page.text_content("body") and "表1!" in page.text_content("#form-problems")


def test_the_bureau_takes_in_fifty_forms_watches_them_reviewed_and_returns_one(site, browser, tmp_path):  # noqa: F811
    base, _ = site
    bundle = tmp_path / "各单位自评表.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(50):
            source = LAYOUTS[i % 3]
            z.writestr(f"自评表/单位{i + 1:02d}{source.suffix}", source.read_bytes())
    page = browser.new_page()
    log_in(page, base, "caizheng")
    open_round(page, base, "2025年度项目支出绩效自评（集中报送）")
    page.set_input_files("#round-files", str(bundle))
    page.click("#round-upload button[type=submit]")
    page.wait_for_selector("text=正在逐一复核")
    assert "50 个文件" in page.text_content("#round-progress")
    workers: list = []
    reviewing(page, workers)
    try:
        from playwright.sync_api import Error

        seen = set()
        for _ in range(600):  # the count of reviewed files rises while the page polls
            try:
                seen.add(page.text_content("#round-done", timeout=1000))
                if page.query_selector("#round-progress:not([hx-get])"):
                    break
            except Error:  # the page reloading itself once the reviews are done
                pass
            page.wait_for_timeout(200)
        page.wait_for_selector("#round-progress:not([hx-get])", timeout=120_000)
    finally:
        workers[0].join(120)
    assert len(seen) >= 2, seen
    assert "已复核 50 / 50 个文件" in page.text_content("#round-progress")
    page.screenshot(path=str(tmp_path / "bureau.png"), full_page=True)
    assert "共 53 张" in page.text_content("body")  # 50 forms and the demo departments' 未提交 places

    page.select_option("select[name=problems]", "errors")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("#round-forms tr.status-errors")
    page.click("#round-forms tr.status-errors >> nth=0 >> a")
    page.wait_for_selector("#form-problems .problem.sev-error")
    assert "错误" in page.text_content("#form-problems")
    page.fill("#return-text", "请补填自评总分，并核对预算执行率。")
    page.click("#form-decide button[value=return]")
    page.wait_for_selector("#return-note")
    assert page.text_content("#form-status") == "已退回"
    assert "请补填自评总分" in page.text_content("#return-note")


def test_a_department_fills_its_form_online_and_sees_it_reviewed(site, browser, tmp_path):  # noqa: F811
    base, _ = site
    page = browser.new_page()
    log_in(page, base, "caizheng")
    open_round(page, base, "2025年度在线填报")
    page.click("form[action='/logout/'] button")

    log_in(page, base, "renshe")
    page.click("nav >> text=自评轮次")
    page.click("text=2025年度在线填报")
    page.click("#round-fill")
    page.wait_for_selector("#fill-form")
    for name, text in {"project.name": "职业技能培训补贴", "project.implementer": DEPT_1,
                       "funds.rows.0.initial": "1,000", "funds.rows.0.adjusted": "1000", "funds.rows.0.spent": "950",
                       "funds.score": "9.5", "goals.0.planned": "完成培训1000人次", "goals.0.achieved": "完成培训1200人次"}.items():
        page.fill(f'[name="{name}"]', text)
    rows = [("产出指标", "数量指标", "培训人次", "≥1000人次", "1200人次", "40", "40"),
            ("产出指标", "质量指标", "培训合格率", "≥90%", "95%", "三十", "30"),  # 分值 mistyped
            ("效益指标", "社会效益指标", "就业率", "≥80%", "70%", "20", "20")]
    for i, row in enumerate(rows):
        for key, text in zip(("level1", "level2", "name", "target", "actual", "weight", "score"), row):
            page.fill(f'[name="indicators.{i}.{key}"]', text)
    page.click("#remove-indicator-4")  # one of the blank rows goes, one more comes
    page.wait_for_selector('[name="indicators.4.name"]', state="detached")
    page.click("#add-indicator")
    page.wait_for_selector('[name="indicators.4.name"]')
    assert page.input_value('[name="indicators.1.weight"]') == "三十"  # nothing typed is lost
    page.click("#fill-save")
    page.wait_for_selector("#e-indicators\\.1\\.weight")
    assert "第2行指标的分值“三十”不是数字" in page.text_content("#e-indicators\\.1\\.weight")
    assert page.input_value('[name="indicators.2.name"]') == "就业率"
    page.fill('[name="indicators.1.weight"]', "30")
    page.click("#fill-save")
    page.wait_for_selector("text=草稿已保存")
    page.reload()
    assert page.input_value('[name="indicators.1.weight"]') == "30"
    page.click("#fill-submit")
    page.wait_for_selector("text=正在复核")
    workers: list = []
    reviewing(page, workers)
    try:
        page.wait_for_selector("#round-progress:not([hx-get])", timeout=60_000)
        page.wait_for_selector("#round-forms >> text=职业技能培训补贴")
    finally:
        workers[0].join(60)
    row = page.locator("#round-forms tr", has_text="职业技能培训补贴")
    assert "97.00" in row.text_content() and "有错误" in row.text_content()
    page.screenshot(path=str(tmp_path / "filled.png"))
    page.click("#round-forms >> text=职业技能培训补贴")
    page.wait_for_selector("#form-problems")
    assert "复核应为17.50分" in page.text_content("#form-problems")


def test_after_the_deadline_the_department_is_told_and_the_bureau_marks_a_late_form(site, browser, tmp_path):  # noqa: F811
    from jixiao.web.models import Round

    base, _ = site
    page = browser.new_page()
    log_in(page, base, "caizheng")
    open_round(page, base, "2025年度已截止的自评")
    Round.objects.filter(name="2025年度已截止的自评").update(deadline=dt.date.today() - dt.timedelta(days=1))
    page.reload()
    assert "已截止，仍可代为接收逾期的自评表" in page.text_content("main")
    form = tmp_path / "渔业补贴自评表.docx"
    form.write_bytes(LAYOUTS[2].read_bytes())
    page.set_input_files("#round-files", str(form))
    page.click("#round-upload button[type=submit]")
    page.wait_for_selector("text=正在逐一复核")
    workers: list = []
    reviewing(page, workers)
    try:
        page.wait_for_selector("#round-progress:not([hx-get])", timeout=60_000)
        page.wait_for_selector("#round-forms >> text=逾期")
    finally:
        workers[0].join(60)
    page.click("form[action='/logout/'] button")

    log_in(page, base, "renshe")
    page.click("nav >> text=自评轮次")
    page.click("text=2025年度已截止的自评")
    assert "不能再提交自评表；如需补交，请联系财政局" in page.text_content("#round-refusal")
    assert page.locator("#round-upload").count() == 0 and page.locator("#round-fill").count() == 0
