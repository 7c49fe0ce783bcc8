"""The 绩效评价问题整改情况表: exported for an evaluation's 整改事项 (text stays text), filled in as a
department fills it, and read back — or refused with every error at its sheet!cell and nothing
saved."""

from __future__ import annotations

import datetime as dt
import io
import re

from test_web_fixtures import demo  # noqa: F401
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jixiao.web.models import Notification
from jixiao.web.rectification.models import CONFIRMED, DOING, SUBMITTED, TODO, Item

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def exported(client, ev):
    resp = client.get(f"/rectification/e/{ev.pk}/export/")
    assert resp.status_code == 200 and resp["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(resp.content))


def upload(client, ev, wb, name="整改情况表（人社局填报）.xlsx"):
    buf = io.BytesIO()
    wb.save(buf)
    f = SimpleUploadedFile(name, buf.getvalue(), content_type=XLSX)
    page = f"/rectification/e/{ev.pk}/"
    return client.post(f"{page}import/", {"csrfmiddlewaretoken": token(client, page), "file": f})


def row_of(ws, number: int) -> int:
    for r in range(4, ws.max_row + 1):
        if str(ws.cell(r, 1).value) == str(number):
            return r
    raise AssertionError(number)


def test_web_export_is_the_form_and_keeps_text_as_text(demo):
    ev = demo.previous
    todo = Item.objects.filter(evaluation=ev, status=TODO).first()
    Item.objects.filter(pk=todo.pk).update(measures="=HYPERLINK(\"http://x\")")
    ws = exported(demo.client("renshe"), ev)["整改情况表"]
    assert ws["A1"].value.endswith("绩效评价问题整改情况表") and "A1:F1" in {str(m) for m in ws.merged_cells.ranges}
    assert [ws.cell(3, c).value for c in range(1, 7)] == ["序号", "问题", "整改措施", "整改成效", "完成时间", "状态"]
    r = row_of(ws, todo.number)
    assert ws.cell(r, 3).data_type == "s" and ws.cell(r, 3).value.startswith("=")
    assert ws.cell(r, 6).value == "待整改"
    c23 = row_of(ws, Item.objects.get(evaluation=ev, indicator="C23").number)
    assert "（相关指标：C23）" in ws.cell(c23, 2).value and ws.cell(c23, 6).value == "整改中"


def test_web_filled_form_is_read_back(demo):
    ev = demo.previous
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    wb = exported(renshe, ev)
    ws = wb["整改情况表"]
    todo = Item.objects.get(evaluation=ev, status=TODO)
    late = Item.objects.get(evaluation=ev, status=DOING)
    r = row_of(ws, todo.number)
    ws.cell(r, 1).value = "\u3000" + chr(0xFF10 + todo.number)  # typed as text: a full-width space and digit
    ws.cell(r, 3).value = "组织绩效管理专题培训 3 期，\n编印操作手册。"
    ws.cell(r, 4).value = "培训 120 人次，自评偏差率降至 1% 以内。"
    ws.cell(r, 5).value = "２０２５年３月３１日"
    ws.cell(r, 6).value = "已完成"
    ws.insert_rows(r + 1)  # a blank row left in the middle
    rl = row_of(ws, late.number)
    ws.cell(rl, 5).value = dt.datetime(2025, 4, 30)
    ws.cell(rl, 6).value = "持续整改"
    resp = upload(renshe, ev, wb)
    assert resp.status_code == 302, resp.content.decode()[-800:]
    todo.refresh_from_db()
    late.refresh_from_db()
    assert todo.status == SUBMITTED and todo.completed_on == dt.date(2025, 3, 31)
    assert todo.measures == "组织绩效管理专题培训 3 期，\n编印操作手册。" and todo.submitted_at is not None
    assert late.status == DOING and late.completed_on == dt.date(2025, 4, 30)
    assert Notification.objects.filter(user__username="caizheng", text__contains="提交了整改情况 1 项").exists()
    # confirmed items came back unchanged and stay so
    assert Item.objects.filter(evaluation=ev, status=CONFIRMED).count() == 2


def test_web_form_errors_name_their_cells_and_save_nothing(demo):
    ev = demo.previous
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    wb = exported(renshe, ev)
    ws = wb["整改情况表"]
    todo = Item.objects.get(evaluation=ev, status=TODO)
    late = Item.objects.get(evaluation=ev, status=DOING)
    confirmed = Item.objects.filter(evaluation=ev, status=CONFIRMED).first()
    r, rl, rc = row_of(ws, todo.number), row_of(ws, late.number), row_of(ws, confirmed.number)
    ws.cell(r, 3).value = "已修订制度"
    ws.cell(r, 5).value = "2025年13月1日"
    ws.cell(rl, 6).value = "已确认"
    ws.cell(rc, 3).value = "改写已确认的措施"
    swapped = row_of(ws, next(i.number for i in Item.objects.filter(evaluation=ev) if i.pk not in
                              (todo.pk, late.pk, confirmed.pk)))
    ws.cell(swapped, 2).value = "预算管理不到位（抄错了行）"
    ws.cell(ws.max_row + 1, 1).value = 99
    ws.cell(ws.max_row, 3).value = "多出的一行"
    resp = upload(renshe, ev, wb)
    body = resp.content.decode()
    assert resp.status_code == 422
    assert f"整改情况表!E{r}：完成时间“2025年13月1日”不是存在的日期" in body
    assert f"整改情况表!F{rl}：状态“已确认”不是被评价单位可填的状态" in body
    assert f"整改情况表!A{rc}：整改事项 {confirmed.number} 的状态为“已确认”" in body
    assert f"整改情况表!A{ws.max_row}：序号“99”不是本评价的整改事项（应为 1～4" in body
    assert f"整改情况表!B{swapped}：序号" in body and "不符：请使用本评价导出的整改情况表" in body
    assert "此次上传没有保存任何内容" in body
    todo.refresh_from_db()
    assert todo.measures == "" and todo.status == TODO


def test_web_form_without_its_header_or_not_a_workbook(demo):
    ev = demo.previous
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    wb = exported(renshe, ev)
    wb["整改情况表"].delete_rows(1, 3)
    resp = upload(renshe, ev, wb)
    assert resp.status_code == 422 and "未找到含“序号”和“整改措施”的表头行" in resp.content.decode()
    page = f"/rectification/e/{ev.pk}/"
    f = SimpleUploadedFile("整改情况表.xlsx", b"PK\x03\x04 not really a zip", content_type=XLSX)
    resp = renshe.post(f"{page}import/", {"csrfmiddlewaretoken": token(renshe, page), "file": f})
    assert resp.status_code == 422 and "上传被拒绝" in resp.content.decode()
    f = SimpleUploadedFile("整改情况.docx", b"PK\x03\x04", content_type="application/octet-stream")
    resp = renshe.post(f"{page}import/", {"csrfmiddlewaretoken": token(renshe, page), "file": f})
    assert resp.status_code == 422 and "应为 Excel 工作簿" in resp.content.decode()
    # the bureau confirms on the item's page; it does not upload the department's form
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert upload(admin, ev, exported(admin, ev)).status_code == 403


def test_web_form_with_a_macro_part_is_refused_before_it_is_read(demo):
    """The 整改情况表 goes through the same safety check as every workbook: a macro part inside a
    file named .xlsx is refused, saying so, and nothing of it is taken."""
    import zipfile

    ev = demo.previous
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    wb = exported(renshe, ev)
    ws = wb["整改情况表"]
    ws.cell(row_of(ws, 1), 3, "已建立就业观念引导机制")
    plain = io.BytesIO()
    wb.save(plain)
    crafted = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as zin, zipfile.ZipFile(crafted, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(500))
    page = f"/rectification/e/{ev.pk}/"
    f = SimpleUploadedFile("整改情况表.xlsx", crafted.getvalue(), content_type=XLSX)
    resp = renshe.post(f"{page}import/", {"csrfmiddlewaretoken": token(renshe, page), "file": f})
    assert resp.status_code == 422 and "xl/vbaProject.bin" in resp.content.decode()
    assert not Item.objects.filter(evaluation=ev, measures="已建立就业观念引导机制").exists()


def test_web_form_in_a_departments_ledger_words_is_read(demo):
    """A department keeps its 整改台账 in the words published 审计整改 reports use: the 整改成效 column headed
    整改情况, 状态 headed 当前状态, and items classed 已完成整改 or 部分整改
    (tests/forms/rectification/zhenggai-qingkuang/source.txt). They are read as the form's own words; a word
    outside them is still refused at its cell."""
    ev = demo.previous
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    wb = exported(renshe, ev)
    ws = wb["整改情况表"]
    ws["D3"], ws["F3"] = "整改情况", "当前状态"
    todo = Item.objects.get(evaluation=ev, status=TODO)
    late = Item.objects.get(evaluation=ev, status=DOING)
    r, rl = row_of(ws, todo.number), row_of(ws, late.number)
    ws.cell(r, 3).value = "修订预算绩效管理办法，建立自评复核机制"
    ws.cell(r, 4).value = "2025年自评偏差率降至 1% 以内"
    ws.cell(r, 6).value = "已完成整改"
    ws.cell(rl, 6).value = "部分整改"
    resp = upload(renshe, ev, wb)
    assert resp.status_code == 302, resp.content.decode()[-800:]
    todo.refresh_from_db()
    late.refresh_from_db()
    assert (todo.status, todo.effect) == (SUBMITTED, "2025年自评偏差率降至 1% 以内")
    assert late.status == DOING
    ws.cell(rl, 6).value = "差不多了"
    body = upload(renshe, ev, wb).content.decode()
    assert f"整改情况表!F{rl}：状态“差不多了”不是被评价单位可填的状态" in body and "已整改、持续整改、未整改" in body
