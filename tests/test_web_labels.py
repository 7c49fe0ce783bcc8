"""Every word a user reads is Chinese: 评价类型 is a choice of Chinese names (and the Chinese name
is accepted where typed), 编制 is labelled as the report words it, and 检查结果 and the revision
comparison name the place as 指标B21 评分标准 — with the 处理 the CLI prints — never as a key path."""

from __future__ import annotations

import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from test_web_fixtures import demo, leaf_path  # noqa: F401
from jixiao.web.models import Evaluation
from jixiao.web.store import head_document

B21_HINT = "修改评分标准中的满分，或修改权重，使两者一致"


def visible(page: str) -> str:
    """The text a reader sees: no tags, no attribute values."""
    return re.sub(r"<[^>]+>", " ", page)


def token_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_web_kind_is_a_choice_of_chinese_names(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    page = c.get(f"/e/{demo.reference.pk}/info/").content.decode()
    select = re.search(r'<select name="f:kind"[^>]*>(.*?)</select>', page, re.S)
    assert select, "评价类型 is not a choice"
    options = re.findall(r'<option value="(\w+)"( selected)?>([^<]+)</option>', select.group(1))
    assert [(v, name) for v, _, name in options] == [
        ("department", "部门整体支出绩效评价"), ("project", "项目支出绩效评价"), ("project_self_evaluation", "项目支出绩效自评")]
    assert [v for v, sel, _ in options if sel] == ["department"]
    assert 'name="f:kind" id="f-kind" value=' not in page  # no free text field


def test_web_kind_typed_as_its_chinese_name_is_accepted_in_yaml_and_the_api(demo):
    from jixiao.web.api import new_token

    # An uploaded YAML file.
    c = demo.client("pingjia", enforce_csrf_checks=True)
    text = (demo.sample.revisions.get(number=1).text).replace("kind: project_self_evaluation", "kind: 项目支出绩效自评")
    assert "kind: 项目支出绩效自评" in text
    token = token_of(c.get("/evaluations/new/").content.decode())
    resp = c.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                         "file": SimpleUploadedFile("自评.yaml", text.encode())})
    assert resp.status_code == 302, visible(resp.content.decode())[-3000:]
    ev = Evaluation.objects.order_by("-pk").first()
    assert ev.kind == "project_self_evaluation" and ev.kind_label == "项目支出绩效自评"
    assert f"{ev.summary.total:.2f}" == "95.52"

    # The API, with the Chinese name in the document.
    ref = demo.reference
    doc = head_document(ref)
    doc["kind"] = "部门整体支出绩效评价"
    api = Client(HTTP_AUTHORIZATION=f"Token {new_token(ref.firm.people.get(user__username='pingjia'))}")
    resp = api.post(f"/api/evaluations/{ref.pk}/revisions/", json.dumps({"base": 1, "document": doc}),
                    content_type="application/json")
    assert resp.status_code == 201, resp.content.decode()
    ref.refresh_from_db()
    assert ref.kind == "department" and f"{ref.summary.total:.2f}" == "97.00"
    page = c.get(f"/e/{ref.pk}/info/").content.decode()
    assert '<option value="department" selected>部门整体支出绩效评价</option>' in page
    listing = c.get("/evaluations/?kind=department").content.decode()
    assert ref.subject in listing


def test_web_staffing_is_labelled_as_the_report_words_it(demo):
    page = demo.client("pingjia").get(f"/e/{demo.reference.pk}/info/").content.decode()
    labels = re.findall(r'<label for="f-entity-staffing-(\w+)">([^<]+)</label>', page)
    assert labels == [("administrative", "机关行政编制"), ("leaders", "领导职数"), ("body_leaders", "内设机构领导职数")]
    for raw in ("administrative", "body_leaders", "leaders"):
        assert not re.search(rf">\s*{raw}\s*<", page), raw


def test_web_problems_name_the_indicator_and_field_and_say_what_to_do(demo):
    c = demo.client("pingjia")
    ev = demo.reference
    page = c.get(f"/e/{ev.pk}/problems/").content.decode()
    text = visible(page)
    assert re.search(r'<a href="[^"]+">指标B21 评分标准</a>', page)
    assert "指标C11 标杆值" in text and "自评表「总分」" in text and "发现与建议 · 存在问题「目标设定不够合理」（指标C11）" in text
    assert "处理" in text and B21_HINT in text
    assert "indicators[" not in text and "self_evaluation" not in text and "children" not in text

    # The live check list while typing names places the same way, with its 处理.
    b21 = leaf_path(head_document(ev), "B21")
    live = c.post(f"/e/{ev.pk}/preview/", {"base": "1", "tab": "indicators", f"f:{b21}.weight": "4"}).content.decode()
    assert "指标B21 评分标准" in live and f"处理：{B21_HINT}" in live and "indicators[" not in visible(live)


def test_web_revision_comparison_names_the_indicator_and_field(demo):
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    doc = head_document(ev)
    b21, c23 = leaf_path(doc, "B21"), leaf_path(doc, "C23")
    token = token_of(c.get(f"/e/{ev.pk}/indicators/").content.decode())
    resp = c.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": "1", "tab": "indicators",
                                         f"f:{c23}.reported": "97.63%", f"f:{b21}.weight": "2", f"f:{b21}.rule.per_item": "0.25"})
    assert resp.status_code == 302
    page = c.get(f"/e/{ev.pk}/compare/?a=1&b=2").content.decode()
    text = visible(page)
    for where in ("指标C23 填报值", "指标B21 权重", "指标B21 评分规则·每项扣分"):
        assert re.search(rf"<td>{where}</td>", page), where
    assert "indicators[" not in text and "children" not in text
    assert "97.00分 优" in text  # revision 1's total and grade
