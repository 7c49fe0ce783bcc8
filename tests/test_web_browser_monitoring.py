"""In a real browser, 运行监控: the department uploads its August form from 运行监控, sees its alert
with the arithmetic on the form's page; the bureau finds it on its dashboard, with the worst alert,
and opens it at that alert."""

from __future__ import annotations

from test_web_browser import browser, log_in, pytestmark, site  # noqa: F401
from jixiao.web.monitoring.models import Report

FORM = """\
format: 1
kind: monitoring
year: 2024
monitoring:
  name: 职业技能提升行动
  months: 8
  funds:
    - {name: 年度资金总额, budget: 300, executed: 190}
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥1200人次, progress: 500人次, likelihood: 有可能,
       reason: 开班延后, measure: 九月起每周增开两期}
"""


def test_web_browser_department_uploads_sees_the_alert_and_the_bureau_sees_it_on_the_dashboard(site, browser):
    base, _demo = site
    clerk = browser.new_context().new_page()
    log_in(clerk, base, "renshe")
    clerk.click("nav >> text=运行监控")
    clerk.wait_for_url(f"{base}/monitoring/")
    clerk.set_input_files("#monitoring-file", files=[{"name": "职业技能提升行动8月.yaml", "mimeType": "text/yaml",
                                                      "buffer": FORM.encode("utf-8")}])
    with clerk.expect_navigation():
        clerk.click("#monitoring-upload button[type=submit]")
    report = Report.objects.get(name="职业技能提升行动")
    clerk.wait_for_url(f"{base}/monitoring/{report.pk}/")
    alert = clerk.inner_text("#alert-1")
    # 190 ÷ 300 = 63.33% against 8 ÷ 12 = 66.67%: on course; 500 × 12 ÷ 8 = 750 against ≥1200: the one alert
    assert "全年 = 500 × 12 ÷ 8 = 750.00人次，达不到年度指标值 ≥1200人次（还差 450.00人次）" in alert
    assert clerk.locator("#monitoring-alerts li").count() == 1

    bureau = browser.new_context().new_page()
    log_in(bureau, base, "caizheng")
    bureau.click("nav >> text=运行监控")
    bureau.wait_for_url(f"{base}/monitoring/")
    bureau.check("#monitoring-filters input[name=alerts]")
    with bureau.expect_navigation():
        bureau.click("#monitoring-filters button")
    row = bureau.locator("#monitoring-reports tr", has_text="职业技能提升行动")
    assert "63.33%" in row.inner_text() and "66.67%" in row.inner_text()
    with bureau.expect_navigation():
        row.locator("a", has_text="年度目标难以完成").click()
    assert bureau.url.endswith(f"/monitoring/{report.pk}/#alert-1")
    assert "750.00人次" in bureau.inner_text("#alert-1") and "Server Error" not in bureau.content()
