"""目标申报 through the Django client, CSRF enforced: a department uploads its 绩效目标申报表 or fills it
online (rows added and removed, a draft saved, every error at its field in Chinese), submits it, and
it is reviewed against last year's actuals of the same department from the database and against the
other departments' declarations of the year; the bureau lists every declaration with its problem
counts, returns one with a note, approves one, exports the list; each side sees only its own."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from test_web_fixtures import demo  # noqa: F401

from jixiao.web.declarations.models import APPROVED, RETURNED, SUBMITTED, Declaration
from jixiao.web.demo import DEPT_1, DEPT_2
from jixiao.web.models import AuditEntry, Organisation

PEERS = Path(__file__).resolve().parent / "forms" / "declarations" / "peers"


def token(client, url: str = "/declarations/") -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post(client, url: str, page: str = "/declarations/", **data):
    return client.post(url, {"csrfmiddlewaretoken": token(client, page), **data})


def upload(client, name: str, data: bytes, url: str = "/declarations/upload/"):
    f = io.BytesIO(data)
    f.name = name
    return post(client, url, file=f)


def test_the_demo_declaration_is_found_below_last_years_actual(demo):  # noqa: F811
    row = Declaration.objects.get(department__name=DEPT_1, year=2024)
    assert row.status == SUBMITTED
    low = [p for p in row.problems if p["code"] == "declaration.target_low"]
    assert len(low) == 1 and "新增就业人数" in low[0]["message"] and "2023年" in low[0]["message"]
    assert "25632人" in low[0]["message"] and low[0]["field"] == "ind-0-target" and low[0]["where"] == "绩效指标第1行 指标值"



def _peer(department: str, folder: str, year: int = 2024) -> Declaration:
    """Another department's declaration of the year, sent to the bureau (from the peers' test forms)."""
    from jixiao.io.document import dump_yaml
    from jixiao.sources import open_source

    doc = open_source(PEERS / folder / "form.xlsx", f"{folder}.xlsx").document
    org = Organisation.objects.get(name=department)
    return Declaration.objects.create(bureau=org.bureau, department=org, year=year, name=folder, text=dump_yaml(doc),
                                      status=SUBMITTED)


def test_an_uploaded_declaration_is_reviewed_against_its_peers_at_its_cells(demo):  # noqa: F811
    _peer(DEPT_2, "jiaoyu")
    _peer("高新区（新市区）教育局", "weijian")
    c = demo.client("renshe", enforce_csrf_checks=True)
    resp = upload(c, "职业技能培训补贴申报表.xlsx", (PEERS / "renshe" / "form.xlsx").read_bytes())
    assert resp.status_code == 302, resp.content.decode()
    row = Declaration.objects.filter(department__name=DEPT_1).latest("id")
    assert row.original_name == "职业技能培训补贴申报表.xlsx" and row.year == 2024 and row.name == "职业技能培训补贴"
    found = {p["where"]: p for p in row.problems if p["code"].startswith("declaration.peer")}
    rate = found["项目支出绩效目标申报表!D12"]
    assert rate["code"] == "declaration.peer_low" and "中位数 92.5%" in rate["message"]  # 90% and 95%
    assert f"{DEPT_2} ≥90%" in rate["message"]  # named by the organisation
    page = c.get(resp["Location"]).content.decode()
    assert "目标设定偏低" in page and "项目支出绩效目标申报表!D12" in page


def _form(**over) -> dict:
    data = {"year": "２０２５", "form": "project", "name": "就业见习补贴", "department": DEPT_1, "goal": "组织就业见习",
            "funds_total": "１２０", "parts": "2", "part-0-name": "财政拨款", "part-0-amount": "100", "part-1-name": "其他资金",
            "part-1-amount": "20", "rows": "3",
            "ind-0-level1": "产出指标", "ind-0-level2": "数量指标", "ind-0-name": "见习人数", "ind-0-target": "≥300人",
            "ind-1-level1": "产出指标", "ind-1-level2": "质量指标", "ind-1-name": "见习留用率", "ind-1-target": "≥40%",
            "ind-2-level1": "满意度指标", "ind-2-level2": "服务对象满意度指标", "ind-2-name": "见习人员满意度", "ind-2-target": "≥90%"}
    data.update(over)
    return data


def test_the_online_form_says_each_error_at_its_field_and_saves_nothing(demo):  # noqa: F811
    c = demo.client("renshe", enforce_csrf_checks=True)
    before = Declaration.objects.count()
    resp = post(c, "/declarations/new/save/", "/declarations/new/", **_form(**{"ind-1-target": "≥九十%", "part-0-amount": "一百",
                                                                              "year": "明年", "ind-2-name": ""}))
    html = resp.content.decode()
    assert resp.status_code == 422 and Declaration.objects.count() == before
    assert "第2行：指标值“≥九十%”无法识别：比较符号后应为阿拉伯数字" in html and 'value="≥九十%"' in html  # as typed, at its row
    assert 'id="err-part-0-amount">金额“一百”不是数字' in html and 'id="err-year">年度“明年”无法识别' in html
    assert "第3行：请填写三级指标名称" in html
    assert "Traceback" not in html


def test_rows_are_added_and_removed_and_a_draft_is_saved_and_reviewed(demo):  # noqa: F811
    c = demo.client("renshe", enforce_csrf_checks=True)
    added = post(c, "/declarations/new/save/", "/declarations/new/", **_form(action="add_row"))
    assert added.status_code == 200 and 'name="ind-3-name"' in added.content.decode()  # a fourth, blank row
    resp = post(c, "/declarations/new/save/", "/declarations/new/", **_form(**{"action": "save", "ind-2-delete": "1"}))
    assert resp.status_code == 302, resp.content.decode()
    row = Declaration.objects.filter(department__name=DEPT_1).latest("id")
    assert row.status == "draft" and row.year == 2025 and str(row.total) == "120.0000"
    codes = {p["code"] for p in row.problems}
    assert "declaration.dimension_missing" in codes  # the 满意度 row was removed: the review says so
    missing = [p for p in row.problems if p["code"] == "declaration.dimension_missing" and "满意度" in p["message"]]
    assert missing and missing[0]["severity"] == "error"
    edit = c.get(f"/declarations/{row.pk}/edit/").content.decode()
    assert 'value="见习留用率"' in edit and "见习人员满意度" not in edit
    todo = c.get("/todo/").content.decode()
    assert "绩效目标申报表待提交" in todo and "年度目标申报</td>" in todo


def test_submitted_returned_with_a_note_and_approved_with_the_bureaus_list_and_export(demo):  # noqa: F811
    dept = demo.client("renshe", enforce_csrf_checks=True)
    post(dept, "/declarations/new/save/", "/declarations/new/", **_form(action="save"))
    row = Declaration.objects.filter(department__name=DEPT_1).latest("id")
    assert post(dept, f"/declarations/{row.pk}/submit/", f"/declarations/{row.pk}/").status_code == 302
    bureau = demo.client("caizheng", enforce_csrf_checks=True)
    listed = bureau.get("/declarations/").content.decode()
    assert "就业见习补贴" in listed and "已提交" in listed and DEPT_1 in listed
    assert "绩效目标申报表待审核" in bureau.get("/todo/").content.decode()
    page = f"/declarations/{row.pk}/"
    assert post(bureau, f"/declarations/{row.pk}/decide/", page, action="return").status_code == 422  # no note
    assert post(bureau, f"/declarations/{row.pk}/decide/", page, action="return", note="见习留用率应参考上年").status_code == 302
    row.refresh_from_db()
    assert row.status == RETURNED
    assert "见习留用率应参考上年" in dept.get(page).content.decode()
    assert "绩效目标申报表已退回" in dept.get("/todo/").content.decode()
    assert post(dept, f"/declarations/{row.pk}/submit/", page).status_code == 302
    assert post(bureau, f"/declarations/{row.pk}/decide/", page, action="approve").status_code == 302
    row.refresh_from_db()
    assert row.status == APPROVED and post(dept, f"/declarations/{row.pk}/submit/", page).status_code == 409
    wb = load_workbook(io.BytesIO(bureau.get("/declarations/export/?status=approved").content))
    ws = wb["申报汇总"]
    assert [c.value for c in ws[1]][:5] == ["单位", "年度", "申报表", "项目名称", "资金总额（万元）"]
    assert [ws.cell(2, c).value for c in (1, 2, 4, 9)] == [DEPT_1, "2025", "就业见习补贴", "已审核通过"] and ws.max_row == 2
    assert AuditEntry.objects.filter(action="declaration_decide").count() == 2


def test_another_departments_or_bureaus_declaration_is_a_404(demo):  # noqa: F811
    row = Declaration.objects.get(department__name=DEPT_1, year=2024)
    for user in ("shixian", "other_admin", "pingjia"):
        c = demo.client(user, enforce_csrf_checks=True)
        assert c.get(f"/declarations/{row.pk}/").status_code == 404, user
        assert c.get(f"/declarations/{row.pk}/edit/").status_code == 404, user
    c = demo.client("shixian", enforce_csrf_checks=True)
    assert post(c, f"/declarations/{row.pk}/submit/").status_code == 404
    assert DEPT_1 not in c.get("/declarations/").content.decode()
    assert demo.client("pingjia").get("/declarations/").status_code == 404
    assert AuditEntry.objects.filter(action="denied", detail__contains="/declarations/").exists()
    # the department may not decide, the bureau may not fill in
    dept = demo.client("renshe", enforce_csrf_checks=True)
    assert post(dept, f"/declarations/{row.pk}/decide/", action="approve").status_code == 403
    assert demo.client("caizheng").get("/declarations/new/").status_code == 403


def _macro_workbook() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def test_a_hostile_or_wrong_file_is_refused_in_chinese_and_nothing_is_saved(demo, tmp_path):  # noqa: F811
    from openpyxl import Workbook

    c = demo.client("renshe", enforce_csrf_checks=True)
    before = (Declaration.objects.count(), len(list(Path(demo_files()).glob("*"))))
    resp = upload(c, "申报表.xlsx", _macro_workbook())
    assert resp.status_code == 422 and "宏" in resp.content.decode() and "没有保存任何内容" in resp.content.decode()
    resp = upload(c, "申报表.xlsx", b"not a workbook at all")
    assert resp.status_code == 422 and "内容与扩展名" in resp.content.decode()
    wb = Workbook()
    wb.active.append(["年度预算执行情况"])
    wb.active.append(["随便", "一张表"])
    data = io.BytesIO()
    wb.save(data)
    resp = upload(c, "普通表格.xlsx", data.getvalue())
    assert resp.status_code == 422 and "不是绩效目标申报表" in resp.content.decode(), resp.content.decode()
    bad = load_workbook(PEERS / "renshe" / "form.xlsx")
    bad.active["C6"] = "一百万元"
    data = io.BytesIO()
    bad.save(data)
    resp = upload(c, "金额有误.xlsx", data.getvalue())
    html = resp.content.decode()
    assert resp.status_code == 422 and "C6" in html and "一百万元" in html and "Traceback" not in html
    assert (Declaration.objects.count(), len(list(Path(demo_files()).glob("*")))) == before


def demo_files() -> str:
    from django.conf import settings

    Path(settings.FILES_DIR).mkdir(parents=True, exist_ok=True)
    return settings.FILES_DIR


def test_the_library_page_shows_an_indicators_history_and_suggestion_from_the_database(demo):  # noqa: F811
    c = demo.client("caizheng", enforce_csrf_checks=True)
    html = c.get("/declarations/library/?q=三公").content.decode()
    assert "“三公经费”控制率" in html and "（“三公经费”实际支出数 / “三公经费”预算安排数）× 100%" in html
    html = c.get("/declarations/library/", {"name": "新增就业人数", "year": "2025"}).content.decode()
    # the 2023 定稿 evaluation's verified 完成值 and the demo's 2024 declaration's target, by department and year
    assert "25632人" in html and "≥2.4万人" in html and "目标申报" in html and "绩效评价" in html
    assert 'id="lib-suggestion"' in html
    dept = demo.client("renshe", enforce_csrf_checks=True)
    frag = dept.get("/declarations/library/suggest/", {"ind-0-name": "新增就业人数", "year": "2025"}).content.decode()
    # the department's own last actual (2024's declaration has no actual; 2023's evaluation has 25632人)
    assert "指标库建议标杆值" in frag and "≥25632人" in frag and "本部门实际完成值（2023年，绩效评价）" in frag
    assert dept.get("/declarations/library/suggest/", {"ind-0-name": "x"}).content.decode().strip() == ""
    assert demo.client("pingjia").get("/declarations/library/").status_code == 404


def test_the_cycle_registers_its_nav_link_and_demo_step():
    from jixiao.web import stages

    assert ("目标申报", "declarations:list") in [(n.label, n.url_name) for n in stages.NAV]
    assert ("指标库", "declarations:library") in [(n.label, n.url_name) for n in stages.NAV]
    assert 10 in [order for order, _ in stages.DEMO]


def test_a_target_below_last_years_round_form_is_set_too_low(demo):  # noqa: F811
    """DEPT_2's 2024 自评 round form (the demo's sample: 职业技能培训人次 3120人次) is its history for 2025."""
    c = demo.client("shixian", enforce_csrf_checks=True)
    resp = post(c, "/declarations/new/save/", "/declarations/new/", **_form(**{
        "action": "save", "department": DEPT_2, "ind-0-name": "职业技能培训人次", "ind-0-target": "≥3000人次"}))
    assert resp.status_code == 302, resp.content.decode()
    row = Declaration.objects.filter(department__name=DEPT_2).latest("id")
    low = [p for p in row.problems if p["code"] == "declaration.target_low"]
    assert len(low) == 1 and "“≥3000人次”低于2024年实际完成值 3120人次" in low[0]["message"] and low[0]["field"] == "ind-0-target"


def test_a_review_again_sees_a_peer_sent_since(demo):  # noqa: F811
    c = demo.client("renshe", enforce_csrf_checks=True)
    upload(c, "申报表.xlsx", (PEERS / "renshe" / "form.xlsx").read_bytes())
    row = Declaration.objects.filter(department__name=DEPT_1).latest("id")
    assert not [p for p in row.problems if p["code"].startswith("declaration.peer")]  # no peer has sent one yet
    _peer(DEPT_2, "jiaoyu")
    _peer("高新区（新市区）教育局", "weijian")
    bureau = demo.client("caizheng", enforce_csrf_checks=True)
    assert post(bureau, f"/declarations/{row.pk}/review/", f"/declarations/{row.pk}/").status_code == 302
    row.refresh_from_db()
    assert [p["where"] for p in row.problems if p["code"] == "declaration.peer_low"] == [
        "项目支出绩效目标申报表!D12", "项目支出绩效目标申报表!D14"]
    assert post(demo.client("shixian", enforce_csrf_checks=True), f"/declarations/{row.pk}/review/").status_code == 404


def test_the_evaluation_page_panel_shows_the_departments_declarations_of_its_year(demo):  # noqa: F811
    ev = demo.reference  # DEPT_1's 2024 evaluation: its 2024 declaration, one target set too low
    html = demo.client("caizheng").get(f"/declarations/panel/{ev.pk}/").content.decode()
    assert 'id="decl-panel"' in html and "已提交" in html and "1 个指标" in html
    assert 'id="decl-panel"' not in demo.client("pingjia").get(f"/declarations/panel/{ev.pk}/").content.decode()
    assert demo.client("shixian").get(f"/declarations/panel/{ev.pk}/").status_code == 404
