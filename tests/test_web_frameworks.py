"""The standard frameworks a new evaluation starts from: general indicators (not the 人社局
reference tree), every leaf unassessed, and the total shown as 暂定 with the share of weight
scored — never “35.00 差”."""

from __future__ import annotations

import re

import pytest

from test_web_fixtures import demo  # noqa: F401
from jixiao.io.document import get_path
from jixiao.web.create import framework_document
from jixiao.web.documents import analysis_of_text
from jixiao.web.models import Evaluation
from jixiao.web.store import head_revision

# The reference evaluation's own (人社局) indicators: none may reach another department.
HRSS = ("新增就业人数", "职业技能培训", "退休人员社会化管理覆盖率", "领取社会保险待遇资格认证率", "举报投诉案件结案率", "人力资源")


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _create(client, kind: str, subject: str) -> Evaluation:
    token = _token(client.get("/evaluations/new/").content.decode())
    resp = client.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "framework", "kind": kind,
                                             "subject": subject, "year": "2025"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    return Evaluation.objects.get(subject=subject)


def _names(doc: dict) -> list[str]:
    out = []

    def walk(items):
        for n in items or []:
            out.append(n["name"])
            walk(n.get("children"))

    walk(doc["indicators"])
    return out


@pytest.mark.parametrize("kind, roots", [
    ("department", ["部门决策", "部门管理", "部门绩效"]),
    ("project", ["决策", "过程", "产出", "效益"]),
])
def test_web_new_evaluation_from_a_framework_is_general_unassessed_and_provisional(demo, kind, roots):
    client = demo.client("caizheng", enforce_csrf_checks=True)
    ev = _create(client, kind, "某某区教育局")
    loaded, analysis = analysis_of_text(head_revision(ev).text)
    assert not [p for p in loaded.problems if p.severity.value == "error"], [str(p) for p in loaded.problems]
    doc = framework_document(kind)
    assert [n["name"] for n in doc["indicators"]] == roots

    page = client.get(f"/e/{ev.pk}/indicators/").content.decode()
    for name in HRSS:
        assert name not in page, name
    # Nothing assessed yet: every leaf 未评分, the total provisional with none of the 100 points scored.
    card = analysis.scorecard
    assert card.weight == 100 and all(leaf.score is None for leaf in card.leaves())
    assert analysis.headline.provisional and analysis.headline.share_text == "已评分权重0/100"
    assert '<b id="total" class="provisional">0.00</b>' in page and "总分（暂定）" in page
    assert "已评分权重0/100" in page and "差（暂定，已评分权重0/100）" in page
    assert 'class="grade-差"' not in page and "35.00" not in page
    assert page.count("未评分") >= len(card.leaves())

    # The list says the same: 暂定 with the share scored, not a grade in a grade's colour.
    listing = client.get("/evaluations/").content.decode()
    row = listing[listing.index("某某区教育局"):]
    row = row[:row.index("</tr>")]
    assert "（暂定，已评分权重0/100）" in row and "grade-provisional" in row and "grade-差" not in row
    # 等级分布 counts it apart, as 暂定, not as 差.
    assert re.search(r'<b>暂定</b><small>（未评完）</small></span><span class="track">.*?<span class="val">1 项</span>', listing)
    assert re.search(r'<b>差</b></span><span class="track">.*?<span class="val">0 项</span>', listing)
    assert "某某区教育局" not in client.get("/evaluations/?grade=差").content.decode()
    assert "某某区教育局" in client.get("/evaluations/?grade=暂定").content.decode()
    # And the API: a client cannot mistake the provisional grade for a result.
    api = client.get(f"/api/evaluations/{ev.pk}/").json()
    listed = next(e for e in client.get("/api/evaluations/").json()["evaluations"] if e["id"] == ev.pk)
    for e in (api.get("evaluation", api), listed):
        assert e["provisional"] is True and e["scored_weight"] == "0" and e["weight"] == "100"
        assert e["grade_text"] == "差（暂定，已评分权重0/100）"


def test_web_department_framework_has_the_general_indicators_each_with_a_standard():
    doc = framework_document("department")
    names = _names(doc)
    for general in ("预算执行率", "预算调整率", "“三公经费”控制率", "固定资产利用率", "重点工作完成率", "服务对象满意度"):
        assert general in names, general
    for name in HRSS:
        assert not any(name in n for n in names), name
    project = _names(framework_document("project"))
    for doc_ in (doc, framework_document("project")):
        leaves = []

        def walk(items):
            for n in items:
                walk(n.get("children")) if n.get("children") else leaves.append(n)

        walk(doc_["indicators"])
        for leaf in leaves:
            assert leaf.get("standard") and leaf.get("weight"), leaf["code"]
            # Unassessed: no findings, no met, no actual value (a metric is computed from the budget).
            rule = leaf["rule"]
            assert "findings" not in rule and all("met" not in i for i in rule.get("items", [])), leaf["code"]
            assert not isinstance(leaf.get("actual"), str) and "value" not in (leaf.get("actual") or {}), leaf["code"]
    assert "资金到位率" in project and "预算执行率" in project


@pytest.mark.parametrize("kind", ["department", "project"])
def test_web_frameworks_have_no_check_errors_but_the_unassessed(kind):
    """Weights add up, 评分标准 name full marks equal to the weights: the only errors are 未评分."""
    from jixiao.web.create import FRAMEWORK_DIR, FRAMEWORKS

    loaded, analysis = analysis_of_text((FRAMEWORK_DIR / FRAMEWORKS[kind][1]).read_text("utf-8"))
    codes = {p.code for p in list(loaded.problems) + list(analysis.problems) if p.severity.value == "error"}
    assert codes <= {"score.not_scored", "metric.undefined"}, codes
    assert get_path(framework_document(kind), "indicators[0].children[0].children[0].weight") is not None


def test_web_summaries_saved_before_the_share_was_stored_get_it(demo):
    """An installation upgraded from before 0002: its provisional totals say how much weight was scored."""
    import importlib

    from django.apps import apps

    from jixiao.web.models import ScoreSummary

    client = demo.client("caizheng", enforce_csrf_checks=True)
    ev = _create(client, "project", "某某区教育局")
    ScoreSummary.objects.update(scored_weight=None)
    importlib.import_module("jixiao.web.migrations.0002_summary_scored_weight").fill_scored_weight(apps, None)
    s = ScoreSummary.objects.get(evaluation=ev)
    assert s.provisional and s.headline.mark == "（暂定，已评分权重0/100）"
    assert ScoreSummary.objects.get(evaluation=demo.reference).headline.text == "97.00分 优"
