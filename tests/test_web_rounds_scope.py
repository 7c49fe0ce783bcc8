"""A round's deadline and projects in scope hold: after the deadline a department cannot
submit (told why, nothing kept) while the bureau may still take in a late form, marked 逾期;
a form whose project the round does not cover is flagged on the round page and on its own
page, never taken in silently."""

from __future__ import annotations

import datetime as dt

from test_web_rounds import FORMS, WORD_FORM, client, demo, open_round, post, text, upload  # noqa: F401
from jixiao.web import jobs
from jixiao.web.demo import DEPT_1
from jixiao.web.models import AuditEntry, Round, RoundFile, RoundForm

OTHER_PROJECT = FORMS / "anhui-chizhou-weituo" / "form.xlsx"  # not one of the round's two projects


def rows_of(page: str) -> list[str]:
    body = page[page.index('id="round-forms"'):]
    body = body[:body.index('</tbody>')]
    return [row for row in body.split("</tr>") if "round-row" in row]


def test_after_the_deadline_a_department_cannot_submit_but_the_bureau_takes_a_late_form(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    Round.objects.filter(pk=r.pk).update(deadline=dt.date.today() - dt.timedelta(days=1))
    dept = client("renshe")
    page = text(dept.get(f"/rounds/{r.pk}/"))
    said = "不能再提交自评表；如需补交，请联系财政局"
    assert said in page and 'id="round-upload"' not in page and "（已截止）" in page
    resp = upload(dept, r, ("渔业补贴自评表.docx", WORD_FORM.read_bytes()))
    assert resp.status_code == 302 and said in text(dept.get(resp["Location"]))
    assert not RoundFile.objects.filter(round=r).exists()
    assert AuditEntry.objects.filter(action="denied", username="renshe", detail__contains="截止").exists()

    page = text(bureau.get(f"/rounds/{r.pk}/"))
    assert 'id="round-upload"' in page and "已截止，仍可代为接收逾期的自评表" in page
    assert upload(bureau, r, ("渔业补贴自评表.docx", WORD_FORM.read_bytes())).status_code == 302
    jobs.run_pending()
    form = RoundForm.objects.get(round=r, file__isnull=False)
    assert form.status in ("submitted", "errors") and "web.round_late" in {p["code"] for p in form.problems}
    row, = [row for row in rows_of(text(bureau.get(f"/rounds/{r.pk}/"))) if form.label in row]
    assert ">逾期</span>" in row and "范围外" not in row
    assert f"逾期提交：本轮截止日期为 {dt.date.today() - dt.timedelta(days=1):%Y-%m-%d}" in text(
        bureau.get(f"/rounds/{r.pk}/forms/{form.pk}/"))


def test_a_form_of_a_project_out_of_the_rounds_scope_is_flagged(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)  # in scope: 渔业成品油价格改革补贴, 村级补助及运转经费
    dept = client("renshe")
    assert upload(dept, r, ("渔业补贴自评表.docx", WORD_FORM.read_bytes()),
                  ("委托业务自评表.xlsx", OTHER_PROJECT.read_bytes())).status_code == 302
    jobs.run_pending()
    forms = {f.file.original_name: f for f in RoundForm.objects.filter(round=r).select_related("file")}
    inside, outside = forms["渔业补贴自评表.docx"], forms["委托业务自评表.xlsx"]
    assert "web.round_out_of_scope" not in {p["code"] for p in inside.problems}
    flagged = [p for p in outside.problems if p["code"] == "web.round_out_of_scope"]
    assert len(flagged) == 1 and flagged[0]["severity"] == "warning"
    assert f"项目“{outside.label}”不在本轮纳入范围的项目中（渔业成品油价格改革补贴、村级补助及运转经费）" in flagged[0]["message"]
    rows = {("渔业" in row): row for row in rows_of(text(bureau.get(f"/rounds/{r.pk}/")))}
    assert ">范围外</span>" in rows[False] and "范围外" not in rows[True] and "逾期" not in rows[True]
    # the bureau finds it among the forms with warnings
    assert outside.label in text(bureau.get(f"/rounds/{r.pk}/?problems=warnings"))
