"""质控意见 on an indicator: shown on its page, answered in a thread, resolved; the other side
is told (a notification, an e-mail where configured) and finds it in its 待办."""

from __future__ import annotations

import re

from django.core import mail
from django.test import override_settings

from test_web_fixtures import demo, leaf_path  # noqa: F401
from jixiao.web.models import Comment, Notification
from jixiao.web.store import head_document


def token(client, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()).group(1)


def comment_on_c23(demo, text="C23 完成值与佐证材料不一致，请核实。"):
    ev = demo.reference
    path = leaf_path(head_document(ev), "C23")
    zhikong = demo.client("zhikong", enforce_csrf_checks=True)
    leaf = f"/e/{ev.pk}/leaf/?path={path}"
    resp = zhikong.post(f"/e/{ev.pk}/comment/", {"csrfmiddlewaretoken": token(zhikong, leaf), "text": text,
                                                 "target": "C23", "path": path})
    assert resp.status_code == 302 and resp["Location"].endswith(f"?path={path}#comments")
    return ev, path, zhikong, leaf


@override_settings(NOTIFY_EMAIL_FROM="jixiao@example.cn")
def test_web_comment_on_c23_shows_on_c23_and_in_the_evaluators_todo(demo):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username="pingjia").update(email="pingjia@example.cn")
    ev, path, zhikong, leaf = comment_on_c23(demo)
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    assert "C23 完成值与佐证材料不一致" in pingjia.get(leaf).content.decode()
    other = leaf_path(head_document(ev), "C11")
    assert "C23 完成值与佐证材料不一致" not in pingjia.get(f"/e/{ev.pk}/leaf/?path={other}").content.decode()
    todo = pingjia.get("/todo/").content.decode()
    assert "指标C23的质控意见待处理：C23 完成值与佐证材料不一致" in todo and f"?path={path}#comments" in todo
    assert "C23 完成值" not in zhikong.get("/todo/").content.decode()  # not a task for its own author
    # the evaluator is told, in the workspace and by e-mail; the reviewer, who wrote it, is not
    n = Notification.objects.get(user__username="pingjia")
    assert "指标C23有新的质控意见" in n.text and not Notification.objects.filter(user__username="zhikong").exists()
    assert '<span class="badge">1</span>' in pingjia.get("/todo/").content.decode()
    assert [m.to for m in mail.outbox] == [["pingjia@example.cn"]] and "C23" in mail.outbox[0].subject


def test_web_comment_thread_answer_and_resolve(demo):
    ev, path, zhikong, leaf = comment_on_c23(demo)
    c = Comment.objects.get(target="C23")
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    assert pingjia.post(f"/e/{ev.pk}/comment/", {"csrfmiddlewaretoken": token(pingjia, leaf), "text": "已按台账改为 97.63%。",
                                                 "parent": str(c.pk), "path": path}).status_code == 302
    answer = Comment.objects.get(parent=c)
    assert answer.target == "C23"
    html = zhikong.get(leaf).content.decode()
    assert html.index("C23 完成值与佐证材料不一致") < html.index("已按台账改为 97.63%。")
    assert "有新的质控意见" in Notification.objects.get(user__username="zhikong").text
    assert zhikong.post(f"/e/{ev.pk}/comments/{c.pk}/resolve/", {"csrfmiddlewaretoken": token(zhikong, leaf),
                                                                 "path": path}).status_code == 302
    c.refresh_from_db()
    assert c.resolved_at is not None and c.resolved_by.username == "zhikong"
    assert "已解决（zhikong）" in zhikong.get(leaf).content.decode()
    assert "C23 完成值" not in pingjia.get("/todo/").content.decode()


def test_web_comment_refused_to_the_department_and_another_bureau(demo):
    ev, path, _, leaf = comment_on_c23(demo)
    c = Comment.objects.get(target="C23")
    renshe = demo.client("renshe")
    assert "发表意见" not in renshe.get(leaf).content.decode()
    renshe.post(f"/e/{ev.pk}/comment/", {"text": "改一下", "target": "C23"})
    renshe.post(f"/e/{ev.pk}/comments/{c.pk}/resolve/")
    other = demo.client("other_admin")
    assert other.post(f"/e/{ev.pk}/comment/", {"text": "x", "target": "C23"}).status_code == 404
    assert other.post(f"/e/{ev.pk}/comments/{c.pk}/resolve/").status_code == 404
    c.refresh_from_db()
    assert Comment.objects.filter(evaluation=ev).count() == 1 and c.resolved_at is None
