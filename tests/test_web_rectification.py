"""整改: the problems of a 定稿 evaluation become 整改事项 of its department, which writes its
整改措施, 整改成效 and evidence and submits them; the bureau confirms or returns them; each side
sees only its own, every step is audited, and next year's evaluation shows how it went."""

from __future__ import annotations

import datetime as dt
import re

from test_web_fixtures import PNG_1PX, demo  # noqa: F401
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jixiao.web.models import AuditEntry, Evaluation, Notification, Organisation
from jixiao.web.rectification.models import CONFIRMED, DOING, RETURNED, SUBMITTED, TODO, Evidence, Item
from jixiao.web.rectification.summary import completion


def token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post(client, page: str, url: str, **data):
    return client.post(url, {"csrfmiddlewaretoken": token(client, page), **data})


def open_item(demo) -> Item:
    """An item of the demo's 2023 定稿 the department has not begun (the demo step leaves one)."""
    return Item.objects.filter(evaluation=demo.previous, status=TODO).first()


def test_web_previous_finalised_evaluation_has_its_problems_as_items(demo):
    items = list(Item.objects.filter(evaluation=demo.previous))
    # the reference's four problems, each with the suggestions of its area
    assert [i.title for i in items][:1] == ["高校毕业生等青年群体就业观念存在偏差，就业规划与职业方向定位模糊"]
    assert len(items) == 4
    assert {i.indicator for i in items} == {"", "C11", "C23"}
    c23 = next(i for i in items if i.indicator == "C23")
    assert "建立数据填报复核机制" in c23.suggestions and "建立科学合理的项目预算效果考核机制" in c23.suggestions
    assert all(i.department_id == demo.previous.department_id for i in items)
    # the demo step: two confirmed, one 整改中 past its deadline
    assert sorted(i.status for i in items) == sorted([CONFIRMED, CONFIRMED, DOING, TODO])
    late = next(i for i in items if i.status == DOING)
    assert late.deadline < timezone.localdate()
    assert completion([demo.previous, demo.reference.pk]) == {demo.previous.pk: (2, 4), demo.reference.pk: (0, 0)}


def test_web_finalising_makes_the_items_with_the_bureaus_deadline(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert post(admin, "/rectification/", "/rectification/policy/", months="６").status_code == 302
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    resp = post(pingjia, f"/e/{ev.pk}/history/", f"/e/{ev.pk}/finalise/")
    assert resp.status_code == 302, resp.content.decode()[:400]
    items = Item.objects.filter(evaluation=ev)
    assert items.count() == 4
    finalised = timezone.localtime(Evaluation.objects.get(pk=ev.pk).finalised_at).date()
    first = items.first()
    assert first.deadline.month == (finalised.month + 5) % 12 + 1 and first.status == TODO
    assert AuditEntry.objects.filter(action="finalise", evaluation_id_ref=ev.pk).exists()


def test_web_bureau_makes_items_for_evaluations_finalised_before(demo):
    Item.objects.filter(evaluation=demo.previous).delete()
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    page = admin.get("/rectification/").content.decode()
    assert "有 1 项已定稿的评价尚无整改事项" in page
    resp = post(admin, "/rectification/", "/rectification/generate/")
    assert resp.status_code == 302
    assert Item.objects.filter(evaluation=demo.previous).count() == 4
    assert AuditEntry.objects.get(action="rectification_created", evaluation_id_ref=demo.previous.pk).username == "caizheng"
    # a second press makes nothing twice
    post(admin, "/rectification/", "/rectification/generate/")
    assert Item.objects.filter(evaluation=demo.previous).count() == 4
    # the department may not press it
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    assert post(renshe, "/rectification/", "/rectification/generate/").status_code == 403


def test_web_department_fills_submits_and_bureau_confirms(demo):
    item = open_item(demo)
    page = f"/rectification/{item.pk}/"
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    resp = post(renshe, page, f"{page}save/", measures="＝修订制度并组织培训", effect="培训 120 人次", completed_on="２０２５年３月３１日")
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.status == DOING and item.completed_on == dt.date(2025, 3, 31) and item.measures == "＝修订制度并组织培训"
    upload = SimpleUploadedFile("培训签到.png", PNG_1PX, content_type="image/png")
    resp = renshe.post(f"{page}evidence/", {"csrfmiddlewaretoken": token(renshe, page), "file": upload})
    assert resp.status_code == 302 and item.evidence.count() == 1
    assert renshe.get(f"{page}files/{item.evidence.first().pk}/").status_code == 200
    assert post(renshe, page, f"{page}submit/").status_code == 302
    item.refresh_from_db()
    assert item.status == SUBMITTED
    # the bureau's 待办 holds it; confirming tells the department
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert "整改情况待确认" in admin.get("/todo/").content.decode()
    resp = post(admin, page, f"{page}decide/", action="confirm", note="整改到位")
    assert resp.status_code == 302
    item.refresh_from_db()
    assert item.status == CONFIRMED and item.decided_by.username == "caizheng"
    assert Notification.objects.filter(user__username="renshe", text__contains="确认").exists()
    actions = set(AuditEntry.objects.filter(evaluation_id_ref=item.evaluation_id).values_list("action", flat=True))
    assert {"rectification_saved", "rectification_evidence", "rectification_submitted",
            "rectification_confirmed"} <= actions
    # once confirmed the department can change nothing
    assert post(renshe, page, f"{page}save/", measures="改").status_code == 409


def test_web_bureau_returns_with_a_note_the_department_reads(demo):
    item = open_item(demo)
    page = f"/rectification/{item.pk}/"
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    post(renshe, page, f"{page}save/", measures="已整改", effect="", completed_on="")
    post(renshe, page, f"{page}submit/")
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    resp = post(admin, page, f"{page}decide/", action="return", note="")
    assert resp.status_code == 422 and "退回时请写明退回说明" in resp.content.decode()
    assert post(admin, page, f"{page}decide/", action="return", note="缺少培训签到表").status_code == 302
    item.refresh_from_db()
    assert item.status == RETURNED
    assert Notification.objects.filter(user__username="renshe", text__contains="缺少培训签到表").exists()
    assert "退回说明：缺少培训签到表" in renshe.get("/todo/").content.decode()
    assert "缺少培训签到表" in renshe.get(page).content.decode()


def test_web_department_cannot_confirm_and_bureau_cannot_fill(demo):
    item = open_item(demo)
    page = f"/rectification/{item.pk}/"
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    post(renshe, page, f"{page}save/", measures="已整改")
    post(renshe, page, f"{page}submit/")
    resp = post(renshe, page, f"{page}decide/", action="confirm")
    assert resp.status_code == 403
    item.refresh_from_db()
    assert item.status == SUBMITTED
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert post(admin, page, f"{page}save/", measures="代填").status_code == 403


def test_web_another_organisations_item_is_404(demo):
    item = open_item(demo)
    # a second department of the same bureau, and another bureau
    from django.contrib.auth import get_user_model

    dept = Organisation.objects.get(name="示例县人力资源和社会保障局")
    assert dept.pk != item.department_id
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    page = f"/rectification/{item.pk}/"
    renshe.post(f"{page}evidence/", {"csrfmiddlewaretoken": token(renshe, page),
                                     "file": SimpleUploadedFile("签到表.png", PNG_1PX, content_type="image/png")})
    evidence = Evidence.objects.get(item=item)
    assert renshe.get(f"{page}files/{evidence.pk}/").status_code == 200
    for username in ("shixian", "other_admin", "pingjia"):
        c = demo.client(username, enforce_csrf_checks=True)
        assert c.get(f"/rectification/{item.pk}/").status_code == 404, username
        assert c.get(f"/rectification/e/{item.evaluation_id}/export/").status_code == 404, username
        assert c.get(f"{page}files/{evidence.pk}/").status_code == 404, username
        assert c.post(f"/rectification/{item.pk}/save/", {"measures": "x"}).status_code in (403, 404)
    shixian = demo.client("shixian", enforce_csrf_checks=True)
    resp = post(shixian, "/rectification/", f"/rectification/{item.pk}/save/", measures="越权")
    assert resp.status_code == 404
    item.refresh_from_db()
    assert item.measures == ""
    assert item.title not in shixian.get("/rectification/").content.decode()
    assert AuditEntry.objects.filter(action="denied", detail__contains=f"/rectification/{item.pk}/").exists()
    assert get_user_model().objects.filter(username="shixian").exists()


def test_web_bad_evidence_is_refused_in_chinese_and_nothing_kept(demo):
    item = open_item(demo)
    page = f"/rectification/{item.pk}/"
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    cases = [("整改说明.txt", b"plain text", "只接受图片、PDF、Word 和 Excel 文件"),
             ("照片.png", PNG_1PX[:20], "照片.png"),
             ("报告.pdf", b"not a pdf at all", "内容与扩展名 .pdf 不符")]
    for name, data, expected in cases:
        upload = SimpleUploadedFile(name, data)
        resp = renshe.post(f"{page}evidence/", {"csrfmiddlewaretoken": token(renshe, page), "file": upload})
        body = resp.content.decode()
        assert resp.status_code == 422, name
        assert expected in body and "此次上传没有保存任何内容" in body, name
    assert Evidence.objects.filter(item=item).count() == 0
    assert AuditEntry.objects.filter(action="upload_refused").count() >= 3


def test_web_bureau_list_filters_counts_and_rate(demo):
    admin = demo.client("caizheng")
    page = admin.get("/rectification/").content.decode()
    assert "整改完成率" in page and "50.00%（2/4）" in page and "逾期 1" in page
    overdue = admin.get("/rectification/?overdue=1").content.decode()
    assert overdue.count('class="rect-row') == 1
    confirmed = admin.get("/rectification/?status=confirmed").content.decode()
    assert confirmed.count('class="rect-row') == 2
    other = Organisation.objects.get(name="示例县人力资源和社会保障局")
    assert admin.get(f"/rectification/?department={other.pk}").content.decode().count('class="rect-row') == 0
    # the department sees its own, with its 待办: open items and the overdue one
    renshe = demo.client("renshe")
    todo = renshe.get("/todo/").content.decode()
    assert "整改事项已逾期" in todo and "整改事项待整改" in todo
    # the nav links 整改 for the bureau and the department; an evaluator has no 整改 pages
    assert 'href="/rectification/"' in todo
    assert 'href="/rectification/"' not in demo.client("pingjia").get("/todo/").content.decode()
    assert demo.client("pingjia").get("/rectification/").status_code == 404


def test_web_deadline_is_the_bureaus_to_move(demo):
    item = open_item(demo)
    page = f"/rectification/{item.pk}/"
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    resp = post(admin, page, f"{page}deadline/", deadline="2025-02-30")
    assert resp.status_code == 422 and "不是存在的日期" in resp.content.decode()
    assert post(admin, page, f"{page}deadline/", deadline="2020/1/31").status_code == 302
    item.refresh_from_db()
    assert item.deadline == dt.date(2020, 1, 31)
    assert "逾期" in admin.get(page).content.decode()
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    assert post(renshe, page, f"{page}deadline/", deadline="2030-01-01").status_code == 403


def test_web_next_years_evaluation_shows_last_years_items(demo):
    pingjia = demo.client("pingjia")
    ev = demo.reference
    assert f'hx-get="/rectification/panel/{ev.pk}/"' in pingjia.get(f"/e/{ev.pk}/").content.decode()
    panel = pingjia.get(f"/rectification/panel/{ev.pk}/").content.decode()
    assert "上年整改情况" in panel and "已确认" in panel and "逾期" in panel
    assert panel.count("上年整改情况，可作为本指标的评价依据") == 2  # C11 and C23
    assert f"/e/{ev.pk}/leaf/?path=indicators" in panel
    # the 2023 evaluation has no year before it
    assert "没有已定稿评价的整改事项" in pingjia.get(f"/rectification/panel/{demo.previous.pk}/").content.decode()
    # another bureau cannot load the panel
    assert demo.client("other_admin").get(f"/rectification/panel/{ev.pk}/").status_code == 404


def test_web_new_version_takes_over_the_items_of_the_one_before(demo):
    from django.contrib.auth import get_user_model

    from jixiao.web.rectification.items import create_for
    from jixiao.web.store import finalise, start_new_version

    late = Item.objects.get(evaluation=demo.previous, status=DOING)
    pingjia = get_user_model().objects.get(username="pingjia")
    new = start_new_version(demo.previous.pk, pingjia)
    Evaluation.objects.filter(pk=new.pk).update(status="approved")
    finalise(new.pk, pingjia)
    items = list(Item.objects.filter(evaluation=new))
    assert len(items) == 4 and not Item.objects.filter(evaluation=demo.previous).exists()
    again = next(i for i in items if i.title == late.title)
    assert again.status == DOING and again.measures == late.measures and again.deadline == late.deadline
    # counted once, in the version that stands
    assert completion([demo.previous, new]) == {demo.previous.pk: (0, 0), new.pk: (2, 4)}
    assert create_for(Evaluation.objects.get(pk=new.pk)) == 0


def test_web_deadline_months_keep_the_day_or_the_months_last():
    from jixiao.web.rectification.items import months_after

    assert months_after(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert months_after(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)
    assert months_after(dt.date(2024, 10, 15), 3) == dt.date(2025, 1, 15)


def test_web_finalise_stands_when_items_cannot_be_made(demo, monkeypatch, caplog):
    from jixiao.web.rectification import items as made

    def broken(text):
        raise ValueError("findings unreadable")

    monkeypatch.setattr(made, "drafts", broken)
    pingjia = demo.client("pingjia", enforce_csrf_checks=True)
    ev = demo.reference
    assert post(pingjia, f"/e/{ev.pk}/history/", f"/e/{ev.pk}/finalise/").status_code == 302
    assert Evaluation.objects.get(pk=ev.pk).is_final and not Item.objects.filter(evaluation=ev).exists()
    assert "定稿后未能生成整改事项" in caplog.text
    monkeypatch.undo()
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert "有 1 项已定稿的评价尚无整改事项" in admin.get("/rectification/").content.decode()
    post(admin, "/rectification/", "/rectification/generate/")
    assert Item.objects.filter(evaluation=ev).count() == 4
