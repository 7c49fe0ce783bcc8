"""Security defaults: CSRF, login throttling, idle timeout, secure cookies over HTTPS, audit log."""

from __future__ import annotations

import time

from django.test import Client

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.demo import PASSWORD
from jixiao.web.models import AuditEntry


def test_web_csrf_is_enforced(demo):
    c = Client(enforce_csrf_checks=True)
    assert c.post("/login/", {"username": "pingjia", "password": PASSWORD}).status_code == 403
    c = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    assert c.post(f"/e/{ev.pk}/save/", {"base": "1", "f:title": "x"}).status_code == 403
    assert c.post(f"/api/evaluations/{ev.pk}/revisions/", "{}", content_type="application/json").status_code == 403
    ev.refresh_from_db()
    assert ev.head == 1


def test_web_login_is_throttled_after_repeated_failures(demo):
    c = Client()
    for _ in range(5):
        assert c.post("/login/", {"username": "pingjia", "password": "wrong"}).status_code == 401
    resp = c.post("/login/", {"username": "pingjia", "password": PASSWORD})
    assert resp.status_code == 429 and "登录失败次数过多" in resp.content.decode()
    assert AuditEntry.objects.filter(action="login_failed", username="pingjia").count() == 5
    assert AuditEntry.objects.filter(action="login_throttled").exists()
    # Another account is not locked out by these failures.
    assert Client().post("/login/", {"username": "zhikong", "password": PASSWORD}).status_code == 302


def test_web_login_and_logout_are_audited(demo):
    c = Client()
    assert c.post("/login/", {"username": "pingjia", "password": PASSWORD}).status_code == 302
    assert AuditEntry.objects.filter(action="login", username="pingjia").exists()


def test_web_idle_session_times_out(demo, settings):
    assert settings.IDLE_TIMEOUT_SECONDS == 30 * 60 and settings.UPLOAD_MAX_BYTES == 20 * 1024 * 1024
    c = demo.client("pingjia")
    assert c.get("/evaluations/").status_code == 200
    session = c.session
    session["last_seen"] = int(time.time()) - settings.IDLE_TIMEOUT_SECONDS - 5
    session.save()
    resp = c.get("/evaluations/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/")
    assert AuditEntry.objects.filter(action="logout_idle", username="pingjia").exists()


def test_web_cookies_are_secure_over_https(demo):
    c = Client()
    resp = c.post("/login/", {"username": "pingjia", "password": PASSWORD}, secure=True)
    assert resp.status_code == 302
    assert resp.cookies["sessionid"]["secure"] is True and resp.cookies["sessionid"]["httponly"] is True
    plain = Client().post("/login/", {"username": "pingjia", "password": PASSWORD})
    assert not plain.cookies["sessionid"]["secure"]


def test_web_exports_are_audited(demo):
    c = demo.client("caizheng")
    ev = demo.reference
    resp = c.get(f"/e/{ev.pk}/export/yaml/")
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")
    assert "举报投诉案件结案率" in resp.content.decode()
    assert c.get("/evaluations/export.xlsx").status_code == 200
    assert AuditEntry.objects.filter(action="export", username="caizheng").count() == 2
    assert demo.client("shenji").get("/audit/").status_code == 200  # the bureau's 审计管理员
    assert c.get("/audit/").status_code == 404  # not the administrator (三员分立)
    assert demo.client("pingjia").get("/audit/").status_code == 404


def test_web_every_form_works_with_csrf_enforced(demo):
    """Each form posted as a browser posts it: the token from the page, CSRF checked (no 403, no 500)."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from test_web_uploads import csrf_token
    from jixiao.web.models import Comment, Evaluation
    from jixiao.web.store import head_document

    ev = demo.reference
    # 登录 and 退出
    c = Client(enforce_csrf_checks=True)
    resp = c.post("/login/", {"csrfmiddlewaretoken": csrf_token(c, "/login/"), "username": "pingjia", "password": PASSWORD})
    assert resp.status_code == 302
    resp = c.post("/logout/", {"csrfmiddlewaretoken": csrf_token(c, "/evaluations/")})
    assert resp.status_code == 302 and c.get("/evaluations/").status_code == 302

    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    token = csrf_token(pingjia, f"/e/{ev.pk}/indicators/")
    # 保存 from a tab, the live preview (htmx sends the token as a header), and the API with the session
    from test_web_fixtures import leaf_path

    c23 = "f:" + leaf_path(head_document(ev), "C23") + ".reported"
    live = pingjia.post(f"/e/{ev.pk}/preview/", {"base": "1", c23: "97.63%"}, HTTP_X_CSRFTOKEN=token)
    assert live.status_code == 200 and "99.00" in live.content.decode()
    assert pingjia.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token, "base": "1", "tab": "indicators",
                                              c23: "97.63%"}).status_code == 302
    ev.refresh_from_db()
    assert ev.head == 2
    import json

    doc = head_document(ev)
    doc["title"] = doc["title"] + "（API）"
    api = pingjia.post(f"/api/evaluations/{ev.pk}/revisions/", json.dumps({"base": 2, "document": doc}),
                       content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert api.status_code == 201
    # 退回修改, 提交质控, 质控意见, 质控通过, 分配, 账户令牌
    zhikong = demo.client("zhikong", enforce_csrf_checks=True)
    assert zhikong.post(f"/e/{ev.pk}/status/", {"csrfmiddlewaretoken": csrf_token(zhikong, f"/e/{ev.pk}/problems/"),
                                                "status": "draft"}).status_code == 302
    assert pingjia.post(f"/e/{ev.pk}/status/", {"csrfmiddlewaretoken": csrf_token(pingjia, f"/e/{ev.pk}/problems/"),
                                                "status": "review"}).status_code == 302
    assert zhikong.post(f"/e/{ev.pk}/status/", {"csrfmiddlewaretoken": csrf_token(zhikong, f"/e/{ev.pk}/problems/"),
                                                "status": "approved"}).status_code == 302
    assert zhikong.post(f"/e/{ev.pk}/comment/", {"csrfmiddlewaretoken": csrf_token(zhikong, f"/e/{ev.pk}/problems/"),
                                                 "text": "请补充佐证材料"}).status_code == 302
    assert Comment.objects.filter(evaluation=ev, text="请补充佐证材料").exists()
    caizheng = demo.client("caizheng", enforce_csrf_checks=True)
    assert caizheng.post(f"/e/{ev.pk}/assign/", {"csrfmiddlewaretoken": csrf_token(caizheng, f"/e/{ev.pk}/info/"),
                                                 "firm": str(ev.firm_id), "department": str(ev.department_id)}).status_code == 302
    account = pingjia.post("/account/", {"csrfmiddlewaretoken": csrf_token(pingjia, "/account/")})
    assert account.status_code == 200 and "新令牌" in account.content.decode()
    # 定稿 and 开始新版本
    token = csrf_token(pingjia, f"/e/{ev.pk}/history/")
    assert pingjia.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert pingjia.post(f"/e/{ev.pk}/new-version/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert Evaluation.objects.filter(previous_version=ev).exists()
    # 新建评价: from a framework, and from an uploaded YAML file (a multipart form like the upload)
    token = csrf_token(pingjia, "/evaluations/new/")
    resp = pingjia.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "framework", "kind": "project",
                                              "subject": "职业技能培训项目", "year": "2025"})
    assert resp.status_code == 302
    yaml = (Path(__file__).resolve().parent.parent / "examples" / "xinshi-hrss-2024.yaml").read_bytes()
    resp = pingjia.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                              "file": SimpleUploadedFile("评价.yaml", yaml)})
    assert resp.status_code == 302, resp.content.decode()[:500]
    new = Evaluation.objects.get(pk=int(resp["Location"].split("/")[2]))
    assert f"{new.summary.total:.2f}" == "97.00"
    # … and from a workbook exported by the web itself
    book = pingjia.get(f"/e/{new.pk}/export/xlsx/")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    resp = pingjia.post("/evaluations/new/", {"csrfmiddlewaretoken": token, "how": "upload",
                                              "file": SimpleUploadedFile("评价.xlsx", book.content)})
    assert resp.status_code == 302, resp.content.decode()[:500]
    again = Evaluation.objects.get(pk=int(resp["Location"].split("/")[2]))
    assert f"{again.summary.total:.2f}" == "97.00"


def test_web_audit_log_names_every_action_in_chinese(demo):
    """The 审计管理员 reads 登录, 拒绝访问, 定稿后拒绝修改 …, never the codes stored for them."""
    import re

    from test_web_fixtures import leaf_path
    from jixiao.web.store import head_document

    ev = demo.reference
    Client().post("/login/", {"username": "pingjia", "password": "wrong"})
    pingjia = demo.client("pingjia")
    pingjia.post("/login/", {"username": "pingjia", "password": PASSWORD})
    demo.client("pingjia2").get(f"/e/{ev.pk}/")  # another firm's evaluator: 404, audited
    zhikong = demo.client("zhikong")
    zhikong.post(f"/e/{ev.pk}/status/", {"status": "draft"})
    pingjia.post(f"/e/{ev.pk}/status/", {"status": "review"})
    zhikong.post(f"/e/{ev.pk}/status/", {"status": "approved"})
    pingjia.post(f"/e/{ev.pk}/finalise/")
    pingjia.post(f"/e/{ev.pk}/save/", {"base": str(ev.head), "tab": "indicators",
                                       "f:" + leaf_path(head_document(ev), "C23") + ".reported": "98%"})
    caizheng = demo.client("caizheng")
    caizheng.post("/evaluations/new/", {"how": "framework", "kind": "project", "subject": "职业技能培训项目"})
    page = demo.client("shenji").get("/audit/").content.decode()
    cells = re.findall(r"<td>([^<]*)</td>", page)
    for shown in ("登录", "登录失败", "拒绝访问", "更改质控状态", "定稿", "定稿后拒绝修改", "新建评价"):
        assert shown in cells, shown
    for code in ("login", "login_failed", "denied", "status", "finalise", "refused_final", "review", "create"):
        assert code not in cells, code
    assert "状态改为 质控中" in page and "（标准框架）" in page and "（framework）" not in page


def test_web_every_audited_action_has_a_chinese_name():
    """An action written anywhere in the web code is in the glossary's table."""
    import re
    from pathlib import Path

    from jixiao.glossary import AUDIT_ACTIONS

    web = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "web"
    used = set()
    for path in web.glob("*.py"):
        text = path.read_text("utf-8")
        used |= set(re.findall(r'audit\(\s*\w+,\s*"(\w+)"', text)) | set(re.findall(r'action="(\w+)"', text))
    assert {"login", "denied", "refused_final", "upload", "export"} <= used
    assert used - set(AUDIT_ACTIONS) == set()
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in AUDIT_ACTIONS.values())
