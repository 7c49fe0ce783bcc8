"""The department sees its scores and 扣分原因 only once they are public: at 定稿, or — where
the bureau chose so — when the bureau publishes them. Before that no page, list, API call,
preview or download gives it a figure."""

from __future__ import annotations

import re

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.models import Evaluation, Notification

TOTAL = "97.00"
REASON = "举报投诉案件结案率"  # C23's 扣分原因 names it


def token(client, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()).group(1)


def sees_results(client, ev) -> bool:
    pages = [client.get(f"/e/{ev.pk}/{tab}/").content.decode() for tab in ("indicators", "info", "budget", "problems")]
    listed = client.get("/evaluations/?year=2024").content.decode()  # its row's grade (2023's total is public)
    api = client.get(f"/api/evaluations/{ev.pk}/").json()
    in_api_list = next(e for e in client.get("/api/evaluations/").json()["evaluations"] if e["id"] == ev.pk)
    shown = [TOTAL in p for p in pages] + ['class="grade-优"' in listed, api.get("total") is not None, "scorecard" in api,
                                           in_api_list.get("total") is not None]
    assert len(set(shown)) == 1, shown  # all or nothing
    return shown[0]


def finalise(demo, ev):
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    resp = pingjia.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": token(pingjia, f"/e/{ev.pk}/history/")})
    assert resp.status_code == 302 and Evaluation.objects.get(pk=ev.pk).is_final


def test_web_department_sees_results_at_final_by_default(demo):
    ev = demo.reference
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    assert not sees_results(renshe, ev)
    assert "结果尚未公开" in renshe.get(f"/e/{ev.pk}/indicators/").content.decode()
    assert renshe.get(f"/e/{ev.pk}/export/yaml/").status_code == 403
    # typing into its own section shows no figure of the evaluation either
    live = renshe.post(f"/e/{ev.pk}/preview/", {"base": str(ev.head), "tab": "info", "f:entity.head": "张三"},
                       HTTP_X_CSRFTOKEN=token(renshe, f"/e/{ev.pk}/info/"))
    assert live.status_code == 200 and TOTAL not in live.content.decode() and "未公开" in live.content.decode()
    assert sees_results(demo.client("zhikong"), ev)  # the firm is not the department
    finalise(demo, ev)
    assert sees_results(renshe, ev)
    assert REASON in renshe.get(f"/e/{ev.pk}/indicators/").content.decode()
    assert renshe.get(f"/e/{ev.pk}/export/yaml/").status_code == 200


def test_web_department_waits_for_the_bureau_to_publish(demo):
    ev = demo.reference
    caizheng = demo.client("caizheng", enforce_csrf_checks=True)
    resp = caizheng.post("/bureau/", {"csrfmiddlewaretoken": token(caizheng, "/bureau/"), "publish": "publication"})
    assert resp.status_code == 302
    finalise(demo, ev)
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    assert not sees_results(renshe, ev)
    assert "得分与扣分原因将在财政局发布后向本单位公开" in renshe.get(f"/e/{ev.pk}/indicators/").content.decode()
    waiting = caizheng.get("/todo/").content.decode().count("已定稿：待发布结果给被评价单位")
    assert waiting == 2  # this one and the demo's 2023 evaluation
    # only the bureau publishes
    assert renshe.post(f"/e/{ev.pk}/publish/", {"csrfmiddlewaretoken": token(renshe, "/todo/")}).status_code == 302
    assert not sees_results(renshe, ev)
    assert demo.client("other_admin").post(f"/e/{ev.pk}/publish/").status_code == 404
    resp = caizheng.post(f"/e/{ev.pk}/publish/", {"csrfmiddlewaretoken": token(caizheng, f"/e/{ev.pk}/history/")})
    assert resp.status_code == 302
    assert sees_results(renshe, ev)
    assert "评价结果已发布" in Notification.objects.get(user__username="renshe").text
    assert caizheng.get("/todo/").content.decode().count("待发布结果") == waiting - 1


def test_web_bureau_setting_refuses_a_wrong_rule_and_other_roles(demo):
    caizheng = demo.client("caizheng", enforce_csrf_checks=True)
    resp = caizheng.post("/bureau/", {"csrfmiddlewaretoken": token(caizheng, "/bureau/"), "publish": "whenever"})
    assert resp.status_code == 200 and "结果公开方式“whenever”无效" in resp.content.decode()
    assert demo.client("pingjia").get("/bureau/").status_code == 403


def test_web_department_header_counts_no_problems_before_results_are_public(demo):
    ev = demo.reference
    renshe = demo.client("renshe")
    tabs = re.compile(r'<nav class="tabs">.*?</nav>', re.S)
    for tab in ("info", "budget", "targets"):
        nav = tabs.search(renshe.get(f"/e/{ev.pk}/{tab}/").content.decode()).group(0)
        assert "检查结果</a>" in nav and "检查结果 (" not in nav, nav
    assert "检查结果 (" in tabs.search(demo.client("pingjia").get(f"/e/{ev.pk}/info/").content.decode()).group(0)
    finalise(demo, ev)
    assert "检查结果 (" in tabs.search(renshe.get(f"/e/{ev.pk}/info/").content.decode()).group(0)
