"""整改情况表 round trip: the form jixiao exports, uploaded back unchanged, changes nothing — text that looks
like a formula stays text, full-width digits, line breaks, a 完成时间, a 退回 item and the confirmed ones
come back as they went out."""

from __future__ import annotations

import datetime as dt

from test_web_fixtures import demo  # noqa: F401
from test_web_rectification_workbook import exported, row_of, upload

from jixiao.web.rectification.models import DOING, RETURNED, TODO, Item


def test_the_exported_form_uploaded_back_unchanged_changes_nothing(demo):
    ev = demo.previous
    late = Item.objects.get(evaluation=ev, status=DOING)
    Item.objects.filter(pk=late.pk).update(measures="编印操作手册，\n开展培训", effect="培训 80 人次", completed_on=dt.date(2025, 4, 30))
    todo = Item.objects.get(evaluation=ev, status=TODO)
    Item.objects.filter(pk=todo.pk).update(status=RETURNED, measures="=SUM(A1:A3) 不是公式", effect="１２３")
    fields = ("number", "status", "measures", "effect", "completed_on", "submitted_at")
    before = sorted(Item.objects.filter(evaluation=ev).values_list(*fields))
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    wb = exported(renshe, ev)
    assert wb["整改情况表"].cell(row_of(wb["整改情况表"], late.number), 6).value == "整改中"
    resp = upload(renshe, ev, wb)
    assert resp.status_code == 302, resp.content.decode()[-800:]
    assert sorted(Item.objects.filter(evaluation=ev).values_list(*fields)) == before
