"""运行监控 on the web: a department uploads its 绩效运行监控表 for a 监控期; it is checked against the
bureau's 预警 rules at once; the bureau's dashboard lists every form with 执行进度 against 时间进度,
its alerts and the worst one; an alert opens with its arithmetic; the alerts wait in both sides'
待办; the bureau sets its rules; each side sees only its own; every POST carries its CSRF token."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from test_web_fixtures import demo  # noqa: F401
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.models import AuditEntry, Notification
from jixiao.web.monitoring.library import indicator_records
from jixiao.web.monitoring.models import Report, Rules

FORMS = Path(__file__).parent / "forms" / "monitoring"
DEMO = "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局"  # the demo's 部门整体 form is named by its department
LATE = """\
format: 1
kind: monitoring
year: 2024
monitoring:
  name: 职业技能提升行动
  months: 8
  funds:
    - {name: 年度资金总额, budget: 300, executed: 90}
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥1200人次, progress: 500人次}
"""


def token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def upload(client, name: str, data: bytes):
    return client.post("/monitoring/upload/", {"csrfmiddlewaretoken": token(client, "/monitoring/"),
                                               "file": SimpleUploadedFile(name, data)})


def test_web_demo_holds_the_departments_july_form_with_exactly_one_alert(demo):
    (report,) = Report.objects.filter(department__name__contains="人力资源和社会保障局", year=2024, months=7)
    assert report.alert_count == 1 and report.alerts[0]["code"] == "monitoring.target_unreachable"
    assert "全年 = 11,000 × 12 ÷ 7 = 18,857.14人，达不到年度指标值 ≥2.4万人（还差 5,142.86人）" in report.worst
    assert report.form == "department" and report.rate.quantize(Decimal("0.01")) == Decimal("54.89")
    assert report.time_progress.quantize(Decimal("0.01")) == Decimal("58.33")


def test_web_department_uploads_a_form_sees_its_alerts_and_the_bureau_is_told(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    resp = upload(renshe, "职业技能提升行动.yaml", LATE.encode("utf-8"))
    assert resp.status_code == 302
    report = Report.objects.get(name="职业技能提升行动")
    page = renshe.get(resp["Location"]).content.decode()
    # 90 ÷ 300 = 30.00% against 8 ÷ 12 = 66.67%; 500 × 12 ÷ 8 = 750 against ≥1200
    assert "执行进度 = 1—8月执行数 90万元 ÷ 全年预算数 300万元 = 30.00%，时间进度 = 8 ÷ 12 = 66.67%，落后 36.67 个百分点" in page
    assert "全年 = 500 × 12 ÷ 8 = 750.00人次，达不到年度指标值 ≥1200人次" in page
    assert report.alert_count == 4 and 'id="alert-1"' in page
    row = re.search(r"<tr><td>产出指标</td><td>数量指标</td><td>培训人次</td>.*?</tr>", page, re.S).group(0)
    assert "≥1200人次" in row and "500人次" in row and "750.00人次" in row
    assert Notification.objects.filter(user__username="caizheng", text__contains="职业技能提升行动").exists()
    assert AuditEntry.objects.filter(action="monitoring_upload", detail__contains="职业技能提升行动").exists()
    # sent again for the same 监控期: replaced, not doubled
    assert upload(renshe, "职业技能提升行动.yaml", LATE.replace("executed: 90", "executed: 200").encode()).status_code == 302
    assert Report.objects.filter(name="职业技能提升行动").count() == 1
    assert Report.objects.get(name="职业技能提升行动").alert_count == 2


def test_web_bureau_dashboard_lists_progress_alerts_and_the_worst_one_with_filters(demo):
    upload(demo.client("renshe", enforce_csrf_checks=True), "职业技能提升行动.yaml", LATE.encode("utf-8"))
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    page = admin.get("/monitoring/").content.decode()
    assert DEMO in page and "职业技能提升行动" in page and "人力资源和社会保障局" in page
    row = re.search(r'<tr class="monitoring-row alerted" data-alerts="4">.*?</tr>', page, re.S).group(0)
    assert "30.00%" in row and "66.67%" in row and "36.67" in row and "#alert-1" in row
    filtered = admin.get("/monitoring/?months=7").content.decode()
    assert DEMO in filtered and "职业技能提升行动" not in filtered
    assert "职业技能提升行动" not in admin.get("/monitoring/?q=人力资源").content.decode()
    todo = admin.get("/todo/").content.decode()
    assert "运行监控预警 4 条" in todo and "运行监控预警 1 条" in todo


def test_web_the_alerts_wait_in_the_departments_todo(demo):
    todo = demo.client("renshe").get("/todo/").content.decode()
    assert f"运行监控预警 1 条：2024年1—7月 {DEMO}" in todo
    assert "<tr><td>2024年度运行监控</td>" in todo  # the first column says where it waits, never blank


def test_web_bureau_sets_its_rules_and_later_forms_follow_them(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    refused = admin.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(admin, "/monitoring/rules/"), "lag_points": "一百"})
    assert refused.status_code == 422 and "不是数字" in refused.content.decode()
    resp = admin.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(admin, "/monitoring/rules/"), "lag_points": "40",
                                             "unreachable_share": "0", "lag": "on", "cost_over": "on", "over_budget": "on"})
    assert resp.status_code == 302
    rules = Rules.objects.get(bureau__name__contains="财政局", lag_points=Decimal(40))
    assert not rules.unreachable and not rules.reason_missing
    assert AuditEntry.objects.filter(action="monitoring_rules").exists()
    upload(demo.client("renshe", enforce_csrf_checks=True), "职业技能提升行动.yaml", LATE.encode("utf-8"))
    assert Report.objects.get(name="职业技能提升行动").alert_count == 0  # 36.67 points is inside 40; projection off
    assert Report.objects.get(name=DEMO).alert_count == 0  # the forms already sent are checked again


def test_web_a_rules_change_rechecks_a_workbook_with_its_cells(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    upload(renshe, "黄石申遗监控表.xlsx", (FORMS / "hubei-huangshi-shenyi" / "form.xlsx").read_bytes())
    assert Report.objects.get(name="申遗经费").alert_count == 2
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    fields = {"unreachable_share": "0", "lag": "on", "unreachable": "on", "cost_over": "on", "over_budget": "on", "reason_missing": "on"}
    resp = admin.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(admin, "/monitoring/rules/"), "lag_points": "15", **fields})
    assert resp.status_code == 302 and "重新检查" in admin.get("/monitoring/rules/").content.decode()
    assert Report.objects.get(name="申遗经费").alert_count == 0  # 10.20 points behind is inside 15
    resp = admin.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(admin, "/monitoring/rules/"), "lag_points": "8", **fields})
    report = Report.objects.get(name="申遗经费")
    assert report.alert_count == 2 and report.alerts[0]["where"].endswith("项目支出绩效监控表!D10")


def test_web_a_post_without_its_csrf_token_is_refused(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    resp = renshe.post("/monitoring/upload/", {"file": SimpleUploadedFile("a.yaml", LATE.encode())})
    assert resp.status_code == 403 and not Report.objects.filter(name="职业技能提升行动").exists()


def test_web_an_unreadable_or_hostile_upload_keeps_nothing_and_says_why_in_chinese(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    before = Report.objects.count()
    resp = upload(renshe, "监控表.yaml", LATE.replace("executed: 90", "executed: 九十").encode())
    assert resp.status_code == 422 and "监控表.yaml第8行 · 资金「年度资金总额」 · 执行数：1—N月执行数“九十”不是数字" in resp.content.decode()
    resp = upload(renshe, "监控表.exe", b"MZ")
    assert resp.status_code in (400, 422) and "运行监控表应为" in resp.content.decode()
    resp = upload(renshe, "自评表.yaml", Path("examples/project-selfeval-sample.yaml").read_bytes())
    assert resp.status_code == 422 and "不是绩效运行监控表" in resp.content.decode()
    assert Report.objects.count() == before


def test_web_a_published_workbook_is_read_from_an_upload(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    data = (FORMS / "hubei-huangshi-shenyi" / "form.xlsx").read_bytes()
    assert upload(renshe, "黄石申遗监控表.xlsx", data).status_code == 302
    report = Report.objects.get(name="申遗经费")
    assert report.months == 6 and [a["code"] for a in report.alerts] == ["monitoring.execution_lag", "monitoring.reason_missing"]
    assert "黄石申遗监控表.xlsx!项目支出绩效监控表!D10" in renshe.get(f"/monitoring/{report.pk}/").content.decode()


def test_web_each_side_sees_only_its_own(demo):
    report = Report.objects.get(name=DEMO)
    assert demo.client("other_admin").get(f"/monitoring/{report.pk}/").status_code == 404
    assert DEMO not in demo.client("other_admin").get("/monitoring/").content.decode()
    assert demo.client("shixian").get(f"/monitoring/{report.pk}/").status_code == 404
    assert demo.client("pingjia").get("/monitoring/").status_code == 404
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    assert renshe.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(renshe, "/monitoring/"), "lag_points": "90"}).status_code == 403
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert upload(admin, "a.yaml", LATE.encode()).status_code == 403


def test_web_the_blank_form_downloads_for_a_monitoring_period(demo):
    resp = demo.client("renshe").get("/monitoring/download/?months=7")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "1%E2%80%947" in resp["Content-Disposition"] or "1—7" in resp["Content-Disposition"]


def test_web_the_library_gets_every_monitored_indicator(demo):
    report = Report.objects.get(name=DEMO)
    records = list(indicator_records(report.bureau))
    jobs = next(r for r in records if r["name"] == "新增就业人数")
    assert jobs == {"department": report.department.name, "year": 2024, "stage": "monitoring", "name": "新增就业人数",
                    "unit": "人", "direction": "≥", "target": "≥2.4万人", "actual": "1.1万人", "where": f"2024年1—7月 {DEMO}（1—7月）"}


def test_web_department_enters_its_form_on_the_page_with_the_declared_indicators(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    page = renshe.get("/monitoring/enter/").content.decode()
    # a blank form carries the department's declared indicators and their 指标值 (web/declarations' demo)
    assert 'value="新增就业人数"' in page and 'value="≥2.4万人"' in page and 'value="2024"' in page
    fields = {"csrfmiddlewaretoken": token(renshe, "/monitoring/enter/"), "rows": "2", "form": "project", "name": "公益性岗位补贴",
              "year": "2024", "months": "7", "budget": "100", "executed": "20",
              "level1_0": "产出指标", "level2_0": "数量指标", "name_0": "公益性岗位人数", "target_0": "≥300人", "progress_0": "120人",
              "likelihood_0": "确定能"}
    refused = renshe.post("/monitoring/enter/", {**fields, "executed": "二十"})
    assert refused.status_code == 422 and "不是数字" in refused.content.decode() and "公益性岗位人数" in refused.content.decode()
    resp = renshe.post("/monitoring/enter/", fields)
    assert resp.status_code == 302
    report = Report.objects.get(name="公益性岗位补贴")
    # 20 ÷ 100 = 20.00% against 58.33%; 120 × 12 ÷ 7 = 205.71 against ≥300: two alerts and their missing reasons
    assert sorted(a["code"] for a in report.alerts) == ["monitoring.execution_lag", "monitoring.reason_missing",
                                                          "monitoring.reason_missing", "monitoring.target_unreachable"]
    again = renshe.get(f"/monitoring/enter/?from={report.pk}").content.decode()
    assert 'value="公益性岗位人数"' in again and 'value="≥300人"' in again
    assert demo.client("shixian").get(f"/monitoring/enter/?from={report.pk}").status_code == 404


def test_web_a_form_without_its_year_or_period_is_refused_saying_which(demo):
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    resp = upload(renshe, "监控表.yaml", LATE.replace("year: 2024\n", "").replace("  months: 8\n", "").encode())
    page = resp.content.decode()
    assert resp.status_code == 422 and "未填写监控期（1—N月）" in page and "未填写年度" in page
    assert not Report.objects.filter(name="职业技能提升行动").exists()


def test_web_the_evaluation_page_shows_the_departments_monitoring_of_its_year(demo):
    ev = demo.reference  # the department's 2024 evaluation
    panel = demo.client("renshe").get(f"/monitoring/panel/{ev.pk}/").content.decode()
    assert "本年度运行监控" in panel and "1—7月" in panel and "54.89%" in panel and "#alert-1" in panel
    assert "本年度运行监控" in demo.client("caizheng").get(f"/monitoring/panel/{ev.pk}/").content.decode()
    assert "本年度运行监控" not in demo.client("pingjia").get(f"/monitoring/panel/{ev.pk}/").content.decode()
    assert demo.client("other_admin").get(f"/monitoring/panel/{ev.pk}/").status_code == 404
