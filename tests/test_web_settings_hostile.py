"""The bureau's settings on the web (预警规则 at /monitoring/rules/, 结果应用规则 on /results/): a rules file
sent there is opened as the command line opens it; a hostile one (too large, an alias bomb, 1,000 deep,
no mapping, binary, a formula) ends in the page with a Chinese message, nothing saved, a log line; a
typed value too. Full-width figures are read."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from test_settings_files import HOSTILE
from test_web_fixtures import demo  # noqa: F401
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.models import AuditEntry
from jixiao.web.monitoring.models import Report, Rules
from jixiao.web.results.models import Consequence


def token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def send_alert_rules(client, name: str, data: bytes):
    return client.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(client, "/monitoring/rules/"), "from_file": "1",
                                              "rules_file": SimpleUploadedFile(name, data)})


def send_results_rules(client, name: str, data: bytes):
    return client.post("/results/rules/", {"csrfmiddlewaretoken": token(client, "/results/"), "year": "2024",
                                           "from_file": "1", "rules_file": SimpleUploadedFile(name, data)}, follow=True)


def _alert_rules(bureau) -> dict:
    rules = Rules.objects.get_or_create(bureau=bureau)[0]
    return {f.name: getattr(rules, f.name) for f in Rules._meta.fields}


def _security_lines(caplog) -> list[str]:
    lines = [r.getMessage() for r in caplog.records if r.name == "jixiao.security"]
    caplog.clear()
    return lines


def test_web_a_hostile_alert_rules_file_is_refused_on_the_page_nothing_saved(demo, caplog):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    bureau = demo.reference.bureau
    before, audited = _alert_rules(bureau), AuditEntry.objects.filter(action="monitoring_rules").count()
    alerts = sorted(Report.objects.values_list("pk", "alert_count"))
    caplog.set_level(logging.WARNING, logger="jixiao.security")
    for name, (data, _results, said) in HOSTILE.items():
        resp = send_alert_rules(admin, "预警规则.yaml", data)
        page = resp.content.decode()
        assert resp.status_code == 422, (name, resp.status_code)
        assert 'id="rules-error"' in page and "未保存" in page and "预警规则.yaml" in page, name
        assert said.replace("'", "&#x27;") in page, (name, said)
        assert "Traceback" not in page and 'id="monitoring-rules"' in page, name  # the form is shown again
        assert any("预警规则.yaml" in line for line in _security_lines(caplog)), name
    assert _alert_rules(bureau) == before  # nothing saved, not even in part
    assert AuditEntry.objects.filter(action="monitoring_rules").count() == audited
    assert sorted(Report.objects.values_list("pk", "alert_count")) == alerts  # nothing checked again


def test_web_alert_rules_from_a_file_with_full_width_figures_are_saved(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    resp = send_alert_rules(admin, "预警规则.yaml", "lag_points: １５\nreason_missing: 否\n".encode())
    assert resp.status_code == 302
    rules = Rules.objects.get(bureau=demo.reference.bureau)
    assert rules.lag_points == Decimal(15) and not rules.reason_missing and rules.lag  # what it leaves out is the default
    assert "重新检查" in admin.get("/monitoring/rules/").content.decode()
    assert "预警规则（导入文件 预警规则.yaml）：落后预警线 15" in AuditEntry.objects.filter(action="monitoring_rules").latest("pk").detail
    # a file that is no YAML file, or none chosen: said, nothing saved
    for name, data in (("规则.xlsx", b"PK\x03\x04"), ("", b"")):
        resp = (send_alert_rules(admin, name, data) if name else admin.post(
            "/monitoring/rules/", {"csrfmiddlewaretoken": token(admin, "/monitoring/rules/"), "from_file": "1"}))
        assert resp.status_code == 422 and ("不是" in resp.content.decode() or "请选择规则文件" in resp.content.decode())
    assert Rules.objects.get(bureau=demo.reference.bureau).lag_points == Decimal(15)


def test_web_a_hostile_typed_alert_rule_is_refused_with_its_value_cut_short(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    for typed in ("=cmd|' /C calc'!A0", "9" * 100_000, "１０\x00"):
        resp = admin.post("/monitoring/rules/", {"csrfmiddlewaretoken": token(admin, "/monitoring/rules/"), "lag_points": typed,
                                                 "unreachable_share": "0"})
        page = resp.content.decode()
        assert resp.status_code == 422 and "执行进度落后预警线" in page and len(page) < 60_000, typed[:20]
        assert "\x00" not in page  # a NUL typed is shown as \x00, not sent back
    assert "“１０\\x00”不是数字" in page
    assert Rules.objects.get(bureau=demo.reference.bureau).lag_points == Decimal(10)


def test_web_a_hostile_results_rules_file_is_refused_on_the_page_nothing_saved(demo, caplog):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    bureau = demo.reference.bureau
    before = dict(Consequence.objects.filter(bureau=bureau).values_list("grade", "action"))
    audited = AuditEntry.objects.filter(action="results_rules").count()
    caplog.set_level(logging.WARNING, logger="jixiao.security")
    for name, (_alerts, data, said) in HOSTILE.items():
        resp = send_results_rules(admin, "结果应用规则.yaml", data)
        page = resp.content.decode()
        assert resp.status_code == 200 and "结果应用规则未保存" in page and "结果应用规则.yaml" in page, name
        assert said.replace("'", "&#x27;") in page and "Traceback" not in page, (name, said)
        assert 'id="results-rules-file"' in page, name  # the form is shown again
        assert any("结果应用规则.yaml" in line for line in _security_lines(caplog)), name
    assert dict(Consequence.objects.filter(bureau=bureau).values_list("grade", "action")) == before
    assert AuditEntry.objects.filter(action="results_rules").count() == audited


def test_web_results_rules_from_a_file_keep_the_grades_it_leaves_out(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    bureau = demo.reference.bureau
    page = send_results_rules(admin, "结果应用规则.yaml", "结果应用:\n  中: 压减８％\n  差: 取消\n".encode()).content.decode()
    assert "已保存结果应用规则" in page
    saved = dict(Consequence.objects.filter(bureau=bureau).values_list("grade", "action"))
    assert saved == {"优": "优先保障", "良": "维持", "中": "压减8%", "差": "取消"}
    detail = AuditEntry.objects.filter(action="results_rules").latest("pk").detail
    assert detail.startswith("结果应用规则（导入文件 结果应用规则.yaml）：") and "中：压减5% → 压减8%" in detail
    page = send_results_rules(admin, "结果应用规则.yaml", "优秀: 维持\n".encode()).content.decode()
    assert "结果应用规则未保存" in page and "未知的键“优秀”" in page and "优、良、中、差" in page
