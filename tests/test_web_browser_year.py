"""In a real browser, the demo department's whole year: 人社局 reads its 2024 declaration's 目标设定偏低,
its July monitoring form's one alert with the arithmetic, its 自评表 reviewed in the 2024 round, and
all three on its 2024 evaluation's page beside last year's 整改; the firm brings the evaluation from
质控通过 to 定稿; its problems become 整改事项 in the department's 待办; the bureau opens 结果应用 for
2024 and downloads the Word report the task worker made."""

from __future__ import annotations

from docx import Document

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401


def test_web_browser_a_departments_year(site, browser, tmp_path):  # noqa: F811
    base, demo = site
    ev = demo.reference
    clerk = browser.new_context().new_page()
    log_in(clerk, base, "renshe")

    # 目标申报: one target set below last year's actual
    clerk.click("nav >> text=目标申报")
    with clerk.expect_navigation():
        clerk.click("#decl-list a >> nth=0")
    assert "目标设定偏低：1 个指标" in clerk.inner_text("#decl-low")
    assert "“新增就业人数”的指标值“≥2.4万人”低于2023年实际完成值 25632人" in clerk.inner_text("#decl-problems")

    # 运行监控: the July form's one alert, opened from 待办
    clerk.goto(f"{base}/todo/")
    with clerk.expect_navigation():
        clerk.click("#todo >> text=运行监控预警 1 条")
    assert "1—7月" in clerk.content() and clerk.locator("#monitoring-alerts li").count() == 1
    assert "全年 = 11,000 × 12 ÷ 7 = 18,857.14人，达不到年度指标值 ≥2.4万人（还差 5,142.86人）" in clerk.inner_text("#alert-1")

    # 自评: its form in the 2024 round, reviewed with the reference evaluation's own figures
    clerk.click("nav >> text=自评轮次")
    clerk.click("text=2024年度绩效自评")
    row = clerk.locator("#round-forms tr.round-row", has_text=ev.department.name)
    assert [c.strip() for c in row.locator("td").all_inner_texts()[2:5]] == ["99.60", "99.96", "-0.36"]
    with clerk.expect_navigation():
        row.locator("a").click()
    assert "自评表总分填写为99.60分，复核总分为99.96分，相差-0.36分" in clerk.inner_text("#form-problems")

    # the 2024 evaluation's page: its declaration, its monitoring, last year's 整改
    clerk.goto(f"{base}/e/{ev.pk}/")
    assert "1 个指标" in clerk.wait_for_selector("#decl-panel-rows").inner_text()
    assert "54.89%" in clerk.wait_for_selector("#monitoring-panel-rows").inner_text()
    assert "整改完成率 50.00%（2/4）" in clerk.wait_for_selector("#rect-panel").inner_text()

    # 定稿: it starts 质控通过
    reviewer = browser.new_context().new_page()
    log_in(reviewer, base, "zhikong")
    reviewer.goto(f"{base}/e/{ev.pk}/problems/")
    assert "质控通过" in reviewer.content()
    evaluator = browser.new_context().new_page()
    log_in(evaluator, base, "pingjia")
    evaluator.goto(f"{base}/e/{ev.pk}/history/")
    evaluator.on("dialog", lambda d: d.accept())
    evaluator.click("#finalise")
    evaluator.wait_for_selector("text=已定稿：第 1 版")

    # 整改: the evaluation's problems in the department's 待办
    clerk.goto(f"{base}/todo/")
    todo = clerk.inner_text("#todo")
    for title in ("目标设定不够合理", "预算管理不到位"):
        assert f"整改事项待整改：{title}（整改期限 " in todo
    assert todo.count("（2024年度）") >= 4

    # 结果应用: the bureau's 2024 report (the latest year, the page's first)
    bureau = browser.new_page(accept_downloads=True)
    log_in(bureau, base, "caizheng")
    bureau.click("nav >> text=结果应用")
    counted = bureau.wait_for_selector("#results-counted").text_content()
    assert bureau.input_value("#results-year-select") == "2024" and "已定稿的评价 1 项计入本报告" in counted
    bureau.click("#results-docx")
    bureau.wait_for_selector("#results-job-docx[data-status=queued]")  # else the worker may find nothing yet
    from jixiao.web.jobs import run_pending

    run_pending()  # what `jixiao serve`'s worker process does
    with bureau.expect_download() as info:
        bureau.click("#results-download-docx", timeout=30_000)
    assert info.value.suggested_filename == "2024年度结果应用报告.docx"
    info.value.save_as(tmp_path / "report.docx")
    doc = Document(str(tmp_path / "report.docx"))
    assert "2024年度预算绩效评价结果应用报告" in [p.text for p in doc.paragraphs]
    assert "97.00" in [c.text for t in doc.tables for r in t.rows for c in r.cells]  # the 2024 evaluation's 总分
    assert "Server Error" not in clerk.content() + bureau.content()
