"""A department fills its round's 自评表 in the page (CSRF enforced): blank or from its last
submission, rows added and removed, a draft saved and kept, a refused save keeping every
value with the error in Chinese at its field, then 提交 — the workbook it makes (the national
form's own writer) is reviewed by the same job as an upload and the round page lists it."""

from __future__ import annotations

import re

from test_web_rounds import WORD_FORM, client, demo, open_round, post, text, upload  # noqa: F401
from jixiao.web import jobs
from jixiao.web.demo import DEPT_1, DEPT_2
from jixiao.web.models import AuditEntry, RoundDraft, RoundFile, RoundForm

FILLED = {
    "project.name": "职业技能培训补贴", "project.department": "人力资源和社会保障局", "project.implementer": DEPT_1,
    "funds.rows.0.name": "年度资金总额", "funds.rows.0.initial": "１,000", "funds.rows.0.adjusted": "1000",
    "funds.rows.0.spent": "950", "funds.weight": "10", "funds.score": "9.5",
    "goals.0.planned": "完成培训1000人次", "goals.0.achieved": "完成培训1200人次",
    "indicators.0.level1": "产出指标", "indicators.0.level2": "数量指标", "indicators.0.name": "培训人次",
    "indicators.0.target": "≥1000人次", "indicators.0.actual": "1200人次", "indicators.0.weight": "40",
    "indicators.0.score": "40",
    "indicators.1.level1": "产出指标", "indicators.1.level2": "质量指标", "indicators.1.name": "培训合格率",
    "indicators.1.target": "≥90%", "indicators.1.actual": "95%", "indicators.1.weight": "30", "indicators.1.score": "30",
    "indicators.2.level1": "效益指标", "indicators.2.level2": "社会效益指标", "indicators.2.name": "就业率",
    "indicators.2.target": "≥80%", "indicators.2.actual": "70%", "indicators.2.weight": "20", "indicators.2.score": "20",
    "indicators.2.reason": "受经济形势影响",
}


def value(page: str, name: str) -> str | None:
    m = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    return m.group(1) if m else None


def test_a_department_fills_saves_and_submits_its_form_online(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1, DEPT_2)
    dept = client("renshe")
    assert f'href="/rounds/{r.pk}/fill/"' in text(dept.get(f"/rounds/{r.pk}/"))
    page = text(dept.get(f"/rounds/{r.pk}/fill/"))  # blank: the 资金 rows named, five indicator rows
    assert value(page, "funds.rows.1.name") == "其中：本年财政拨款" and value(page, "indicators.4.name") == ""
    assert value(page, "indicators.5.name") is None and "start-from-last" not in page

    # a row added, one removed: nothing saved yet
    resp = post(dept, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "add:indicators"})
    assert resp.status_code == 200 and value(text(resp), "indicators.3.name") == ""
    assert value(text(resp), "indicators.2.name") == "就业率" and not RoundDraft.objects.exists()
    resp = post(dept, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "remove:indicators:1"})
    assert value(text(resp), "indicators.1.name") == "就业率" and value(text(resp), "indicators.2.name") is None

    # a refused save keeps every value and says what is wrong at the field
    wrong = {**FILLED, "indicators.1.weight": "三十", "funds.rows.0.spent": "-5", "action": "save"}
    resp = post(dept, f"/rounds/{r.pk}/fill/save/", wrong)
    page = text(resp)
    assert resp.status_code == 422 and not RoundDraft.objects.exists()
    assert re.search(r'name="indicators.1.weight" value="三十" aria-invalid="true"[^>]*><small class="sev-error field-error" '
                     r'id="e-indicators.1.weight">第2行指标的分值“三十”不是数字：应为 10 或 7.5 这样的数。</small>', page)
    assert "资金第1行（年度资金总额）的全年执行数“-5”不能为负数。" in page
    assert value(page, "indicators.2.reason") is None and "受经济形势影响" in page and value(page, "project.name") == "职业技能培训补贴"

    # saved as a draft, found again on the next visit
    resp = post(dept, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "save"})
    assert resp.status_code == 302 and "草稿已保存" in text(dept.get(resp["Location"]))
    assert value(text(dept.get(f"/rounds/{r.pk}/fill/")), "indicators.1.name") == "培训合格率"
    assert not RoundFile.objects.filter(round=r).exists()  # a draft is no submission

    # 提交: reviewed by the same job as an upload; the round page lists it
    resp = post(dept, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "submit"})
    assert resp.status_code == 302 and resp["Location"] == f"/rounds/{r.pk}/"
    rf = RoundFile.objects.get(round=r)
    assert rf.original_name == "职业技能培训补贴-在线填报.xlsx" and rf.job.kind == "round.review"
    jobs.run_pending()
    form = RoundForm.objects.get(round=r, department__name=DEPT_1)
    assert (form.label, str(form.self_total), form.review_total.normalize(), form.grade) == (
        "职业技能培训补贴", "99.5000", 97, "优")
    codes = {p["code"]: p for p in form.problems}
    assert "自评表“就业率”得分填写为20.00分，复核应为17.50分" in codes["selfeval.score"]["message"]
    assert codes["selfeval.score"]["where"].startswith("自评表!")
    listing = text(bureau.get(f"/rounds/{r.pk}/"))
    assert "职业技能培训补贴" in listing and "97.00" in listing
    assert AuditEntry.objects.filter(action="round_upload", username="renshe", detail__contains="在线填写").exists()
    assert AuditEntry.objects.filter(action="round_draft", username="renshe").exists()


def test_the_form_starts_from_the_last_uploaded_submission(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    dept = client("renshe")
    assert upload(dept, r, ("渔业补贴自评表.docx", WORD_FORM.read_bytes())).status_code == 302
    jobs.run_pending()
    page = text(dept.get(f"/rounds/{r.pk}/fill/"))
    assert 'id="start-from-last"' in page
    page = text(dept.get(f"/rounds/{r.pk}/fill/?start=last"))
    assert value(page, "project.name") == "渔业成品油价格改革补贴"
    assert value(page, "indicators.0.name")  # its indicators, not blank rows


def test_only_the_department_in_scope_fills_and_not_after_the_deadline(demo):
    import datetime as dt

    from jixiao.web.models import Round

    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    assert bureau.get(f"/rounds/{r.pk}/fill/").status_code == 404  # the bureau takes in uploads
    assert client("pingjia").get(f"/rounds/{r.pk}/fill/").status_code == 404
    assert post(bureau, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "submit"}).status_code == 404
    dept = client("renshe")
    assert dept.post(f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "save"}).status_code == 403  # no CSRF token
    Round.objects.filter(pk=r.pk).update(deadline=dt.date.today() - dt.timedelta(days=1))
    resp = post(dept, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "submit"})
    assert resp.status_code == 403 and "截止，不能再提交自评表" in text(resp)
    assert value(text(resp), "indicators.2.name") == "就业率"  # what was typed is still there
    assert not RoundFile.objects.filter(round=r).exists() and not RoundDraft.objects.exists()


def test_an_upload_newer_than_the_draft_is_offered_and_can_replace_it(demo):
    """A department that saved a draft and then uploaded a workbook sees that its upload is newer
    when it reopens the form, and can start from it; the draft itself is never lost unasked."""
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    dept = client("renshe")
    assert post(dept, f"/rounds/{r.pk}/fill/save/", {**FILLED, "action": "save"}).status_code in (200, 302)
    assert RoundDraft.objects.filter(round=r).exists()
    page = text(dept.get(f"/rounds/{r.pk}/fill/"))
    assert value(page, "project.name") == "职业技能培训补贴" and "start-from-last" not in page
    assert upload(dept, r, ("渔业补贴自评表.docx", WORD_FORM.read_bytes())).status_code == 302
    jobs.run_pending()
    page = text(dept.get(f"/rounds/{r.pk}/fill/"))
    assert value(page, "project.name") == "职业技能培训补贴"  # still the draft …
    assert "本单位在此草稿保存之后又上传了自评表" in page and 'id="start-from-last"' in page  # … and the newer upload offered
    page = text(dept.get(f"/rounds/{r.pk}/fill/?start=last"))
    assert value(page, "project.name") == "渔业成品油价格改革补贴" and "start-from-last" not in page
    assert RoundDraft.objects.get(round=r).data["project"]["name"] == "职业技能培训补贴"  # kept until saved
