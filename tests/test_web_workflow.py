"""The 质控 gate, enforced on the server: 编制中 → 提交质控 → 质控通过 or 退回修改 → 定稿,
each step only by the role it belongs to and only from the status before it, refused
with a Chinese message and a 4xx otherwise; the buttons follow the same rule."""

from __future__ import annotations

import re

from test_web_fixtures import demo  # noqa: F401
from jixiao.web.models import APPROVED, DRAFT, REVIEW, Evaluation


def token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post(client, ev, what: str, **data):
    page = f"/e/{ev.pk}/history/" if what == "finalise" else f"/e/{ev.pk}/problems/"
    return client.post(f"/e/{ev.pk}/{what}/", {"csrfmiddlewaretoken": token(client, page), **data})


def status_of(ev) -> str:
    return Evaluation.objects.get(pk=ev.pk).status


def draft(demo):
    Evaluation.objects.filter(pk=demo.reference.pk).update(status=DRAFT)
    return Evaluation.objects.get(pk=demo.reference.pk)


def test_web_evaluator_cannot_finalise_before_review_passes(demo):
    ev = draft(demo)
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    history = pingjia.get(f"/e/{ev.pk}/history/").content.decode()
    assert 'id="finalise"' not in history and "质控通过后才能定稿" in history
    resp = post(pingjia, ev, "finalise")
    assert resp.status_code == 409
    assert "质控通过后才能定稿：当前状态为“编制中”" in resp.content.decode()
    assert status_of(ev) == DRAFT and not Evaluation.objects.get(pk=ev.pk).final_sha256
    # still refused while 质控中
    assert post(pingjia, ev, "status", status="review").status_code == 302
    assert status_of(ev) == REVIEW
    assert post(pingjia, ev, "finalise").status_code == 409 and status_of(ev) == REVIEW


def test_web_each_gate_by_its_own_role_and_status(demo):
    ev = draft(demo)
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    zhikong = demo.client("zhikong", enforce_csrf_checks=True)
    # the reviewer cannot pass what was never submitted
    resp = post(zhikong, ev, "status", status="approved")
    assert resp.status_code == 409 and "当前状态为“编制中”，不能改为“质控通过”" in resp.content.decode()
    assert "质控通过</button>" not in zhikong.get(f"/e/{ev.pk}/problems/").content.decode()
    assert post(pingjia, ev, "status", status="review").status_code == 302
    # the evaluator cannot pass its own work
    resp = post(pingjia, ev, "status", status="approved")
    assert resp.status_code == 403 and "您的角色不能进行该操作" in resp.content.decode()
    # 退回修改 sends it back to 编制中; submitted again, then passed
    assert post(zhikong, ev, "status", status="draft").status_code == 302 and status_of(ev) == DRAFT
    assert post(pingjia, ev, "status", status="review").status_code == 302
    assert "质控通过</button>" in zhikong.get(f"/e/{ev.pk}/problems/").content.decode()
    assert post(zhikong, ev, "status", status="approved").status_code == 302 and status_of(ev) == APPROVED
    assert 'id="finalise"' in pingjia.get(f"/e/{ev.pk}/history/").content.decode()
    assert post(pingjia, ev, "finalise").status_code == 302
    final = Evaluation.objects.get(pk=ev.pk)
    assert final.is_final and final.final_sha256
    resp = post(zhikong, final, "status", status="draft")
    assert resp.status_code == 409 and "已定稿" in resp.content.decode()


def test_web_gate_refuses_unknown_status_and_other_bureaus(demo):
    ev = draft(demo)
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    resp = post(pingjia, ev, "status", status="final")
    assert resp.status_code == 400 and "未知的状态“final”" in resp.content.decode()
    assert status_of(ev) == DRAFT
    other = demo.client("other_admin")
    assert other.post(f"/e/{ev.pk}/status/", {"status": "review"}).status_code == 404
    assert other.post(f"/e/{ev.pk}/finalise/").status_code == 404
    assert status_of(ev) == DRAFT


def test_web_saving_after_review_passed_sends_it_back_to_review_and_tells_the_reviewer(
        demo, django_capture_on_commit_callbacks):
    from test_web_fixtures import leaf_path
    from jixiao.web.models import AuditEntry, Notification
    from jixiao.web.store import head_document

    ev = Evaluation.objects.get(pk=demo.reference.pk)
    assert ev.status == APPROVED  # the demo's reference has passed 质控
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    path = leaf_path(head_document(ev), "C23") + ".reason"
    with django_capture_on_commit_callbacks(execute=True):  # the reviewer is told once the revision is committed
        resp = pingjia.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token(pingjia, f"/e/{ev.pk}/indicators/"),
                                                  "base": str(ev.head), "tab": "indicators", f"f:{path}": "结案率未达标"})
    assert resp.status_code == 302
    assert status_of(ev) == REVIEW  # the approval was for the text before this revision
    page = pingjia.get(resp["Location"]).content.decode()
    assert "评价已回到“质控中”，需质控人员重新审核后才能定稿" in page
    told = Notification.objects.get(user__username="zhikong")
    assert f"又保存了修订 {ev.head + 1}，已回到质控中，请重新审核" in told.text
    assert not Notification.objects.filter(user__username="pingjia").exists()
    assert AuditEntry.objects.filter(evaluation_id_ref=ev.pk, detail__contains="状态改为质控中").exists()
    assert post(pingjia, ev, "finalise").status_code == 409
    # while 质控中 or 编制中 a save changes no status and tells no one
    with django_capture_on_commit_callbacks(execute=True):
        resp = pingjia.post(f"/e/{ev.pk}/save/", {"csrfmiddlewaretoken": token(pingjia, f"/e/{ev.pk}/indicators/"),
                                                  "base": str(ev.head + 1), "tab": "indicators", f"f:{path}": "结案率偏低"})
    assert resp.status_code == 302 and status_of(ev) == REVIEW and Notification.objects.count() == 1
