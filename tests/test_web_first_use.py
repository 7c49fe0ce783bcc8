"""What a new user meets in the workspace, in the field's words: a workbook imports (read once, no
talk of a 版本 of the software), the API names the parts a role may not change as 指标体系 and 发现与建议,
a rule parameter has one label wherever it is named (as its rule type declares it), and the 报告
tab says a provisional grade is 暂定."""

from __future__ import annotations

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from test_web_fixtures import demo, leaf_path  # noqa: F401
from test_web_frameworks import _create
from jixiao.web.models import Evaluation, Profile
from jixiao.web.store import head_document


def visible(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page)


def token_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_web_workbook_upload_is_read_once_and_becomes_an_evaluation(demo, monkeypatch):
    from jixiao.excel import read

    c = demo.client("pingjia", enforce_csrf_checks=True)
    book = c.get(f"/e/{demo.reference.pk}/export/xlsx/").content
    calls = []
    real = read.read_document
    monkeypatch.setattr(read, "read_document", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    token = token_of(c.get("/evaluations/new/").content.decode())
    resp = c.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                         "file": SimpleUploadedFile("人社局评价.xlsx", book)})
    assert resp.status_code == 302, visible(resp.content.decode())[-2000:]
    assert len(calls) == 1  # a big workbook costs one read, not a check and then a second read
    ev = Evaluation.objects.order_by("-pk").first()
    assert f"{ev.summary.total:.2f}" == "97.00"
    page = c.get(resp["Location"]).content.decode()
    assert "已创建评价" in page and "本版本" not in page


def test_web_api_names_the_parts_a_role_may_not_change_in_chinese(demo):
    from jixiao.web.api import new_token

    ref = demo.reference
    doc = head_document(ref)
    doc["indicators"][0]["name"] = "决策（改）"
    doc["findings"]["problems"] = []
    profile = Profile.objects.get(user__username="renshe")  # the 被评价单位: base data and 自评表 only
    api = Client(HTTP_AUTHORIZATION=f"Token {new_token(profile)}")
    resp = api.post(f"/api/evaluations/{ref.pk}/revisions/", json.dumps({"base": ref.head, "document": doc}),
                    content_type="application/json")
    assert resp.status_code == 403, resp.content.decode()
    message = resp.json()["error"]
    assert message == "您的角色不能修改这些部分：指标体系、发现与建议", message


def test_web_rule_parameters_have_the_labels_their_rule_types_declare():
    from jixiao.glossary import rule_param_label
    from jixiao.rules import all_params
    from jixiao.web.documents import field_label, place

    doc = {"indicators": [{"code": "B22", "rule": {"type": "step"}}],
           "self_evaluation": {"indicators": [{"name": "满意度", "rule": {"type": "tiers"}}]}}
    for p, _ in all_params():
        assert rule_param_label(p.name) == p.label
        assert field_label(f"indicators[0].rule.{p.name}") == f"评分规则·{p.label}"
        assert place(doc, f"indicators[0].rule.{p.name}") == f"指标B22 评分规则·{p.label}"
    assert place(doc, "self_evaluation.indicators[0].rule.score") == "自评表 · 绩效指标「满意度」 · 评分规则·评价人给分"
    assert field_label("indicators[0].rule.items[1].met") == "评分规则·评分要点第2项·达到"
    assert field_label("indicators[0].rule.levels.明确") == "评分规则·等级及得分·明确"
    assert field_label("findings.problems[0].text") == "内容"  # 发现与建议 keeps its own words


def test_web_comparison_and_problems_name_rule_parameters_as_the_leaf_form_does(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    doc = head_document(ev)
    b21, b22, b23 = (leaf_path(doc, code) for code in ("B21", "B22", "B23"))
    token = token_of(c.get(f"/e/{ev.pk}/indicators/").content.decode())
    resp = c.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": str(ev.head), "tab": "indicators",
                                         f"f:{b22}.rule.per_point": "0.2", f"f:{b23}.rule.limit": "12%",
                                         f"f:{b21}.rule.type": "deduct", f"r:deduct:{b21}.rule.findings": "制度不完整"})
    assert resp.status_code == 302, visible(resp.content.decode())[-2000:]
    ev.refresh_from_db()
    page = c.get(f"/e/{ev.pk}/compare/?a={ev.head - 1}&b={ev.head}").content.decode()
    for where in ("指标B22 评分规则·每个百分点扣分", "指标B23 评分规则·允许幅度", "指标B21 评分规则·扣分事项第1项"):
        assert re.search(rf"<td>{where}</td>", page), where
    changes = visible(page[page.index("<td>指标"):])
    for other in ("每点扣分", "容差", "发现与建议"):
        assert other not in changes, other
    # a problem on a parameter names it the same way, in the live check list
    live = c.post(f"/e/{ev.pk}/preview/", {"csrfmiddlewaretoken": token, "base": str(ev.head), "tab": "indicators",
                                          f"f:{b22}.rule.per_point": "abc"}).content.decode()
    assert "指标B22 评分规则·每个百分点扣分" in visible(live), visible(live)[-2000:]


def test_web_report_tab_says_a_provisional_grade_is_provisional(demo, monkeypatch):
    """The summary the 报告 tab shows without the report renderer: 暂定 with the share scored, neutral."""
    import jixiao.report

    client = demo.client("caizheng", enforce_csrf_checks=True)
    ev = _create(client, "department", "某某区民政局")
    monkeypatch.delattr(jixiao.report, "render_html")
    page = client.get(f"/e/{ev.pk}/report/").content.decode()
    assert "一级指标汇总" in page
    assert '评价等级：<b class="grade-provisional">差（暂定，已评分权重0/100）</b>' in page
    assert 'class="grade-差"' not in page


def test_web_report_tab_of_a_scored_evaluation_keeps_its_grade(demo, monkeypatch):
    import jixiao.report

    monkeypatch.delattr(jixiao.report, "render_html")
    page = demo.client("zhikong").get(f"/e/{demo.reference.pk}/report/").content.decode()
    assert '评价等级：<b class="grade-优">优</b>' in page
