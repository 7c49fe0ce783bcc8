"""自评 rounds through the Django client, CSRF enforced: the bureau opens a round, a department
uploads its form and sees it reviewed by the task worker, the bureau takes in a zip, returns
a form with a note the department reads, confirms one, exports the summary; a department sees
only its own forms, another bureau none of the round, and a crafted zip is refused in Chinese
with nothing kept."""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from test_web_fixtures import PASSWORD, Demo
from jixiao.web import jobs
from jixiao.web.demo import DEPT_1, DEPT_2
from jixiao.web.models import AuditEntry, Organisation, Round, RoundFile, RoundForm

FORMS = Path(__file__).resolve().parent / "forms"
WORD_FORM = FORMS / "hubei-changjiang-jinbu" / "form.docx"  # 100 填报, 100 复核, warnings only
ERROR_FORM = FORMS / "anhui-chizhou-cunji" / "form.xlsx"  # errors: no 填报总分, 80 复核


@pytest.fixture
def demo(transactional_db) -> Demo:
    # Committed: the task worker runs in threads of its own, on their own connections.
    return Demo()


def client(username: str) -> Client:
    c = Client(enforce_csrf_checks=True)
    assert c.login(username=username, password=PASSWORD), username
    c.get("/rounds/")  # sets the CSRF cookie
    return c


def post(c: Client, url: str, data: dict, **kwargs):
    return c.post(url, {**data, "csrfmiddlewaretoken": c.cookies["csrftoken"].value}, **kwargs)


DEADLINE = (dt.date.today() + dt.timedelta(days=30)).isoformat()  # still open while the tests run


def open_round(c: Client, *names: str) -> Round:
    ids = [Organisation.objects.get(name=n).pk for n in names]
    resp = post(c, "/rounds/new/", {"name": "2024年度项目支出绩效自评", "year": "２０２４", "deadline": DEADLINE,
                                    "departments": ids, "projects": "渔业成品油价格改革补贴\n村级补助及运转经费"})
    assert resp.status_code == 302, resp.content.decode()
    return Round.objects.latest("id")  # the demo has a round of its own


def upload(c: Client, r: Round, *files: tuple[str, bytes]):
    parts = [io.BytesIO(data) for _, data in files]
    for part, (name, _) in zip(parts, files):
        part.name = name
    return post(c, f"/rounds/{r.pk}/upload/", {"files": parts})


def zipped(entries: list[tuple[str, bytes]], link: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    return buf.getvalue()


def reviewed(path: Path, tmp_path: Path, name: str):
    """What `jixiao review` makes of the file (the round must show the same)."""
    from jixiao.excel.review import review_file
    from jixiao.excel.safety import Limits

    copy = tmp_path / name
    copy.write_bytes(path.read_bytes())
    return review_file(copy, Limits.from_env())


def text(resp) -> str:
    return resp.content.decode()


def table(resp) -> str:
    body = text(resp)
    return body[body.index('id="round-forms"'):]


def test_a_department_uploads_its_form_and_sees_it_reviewed(demo, tmp_path):
    from jixiao.problems import Severity

    expected, = reviewed(WORD_FORM, tmp_path, "渔业补贴自评表.docx")
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1, DEPT_2)
    page = text(bureau.get(f"/rounds/{r.pk}/"))
    assert page.count('data-status="missing"') == 2 and "未提交 2" in page
    assert AuditEntry.objects.filter(action="round_open", username="caizheng").exists()

    dept = client("renshe")
    assert r.name in text(dept.get("/rounds/"))
    resp = upload(dept, r, ("渔业补贴自评表.docx", WORD_FORM.read_bytes()))
    assert resp.status_code == 302
    page = text(dept.get(f"/rounds/{r.pk}/"))
    assert "复核中" in page and 'hx-trigger="every 2s"' in page  # the page polls while the review waits
    jobs.run_pending()
    done = dept.get(f"/rounds/{r.pk}/progress/?polling=1")
    assert done["HX-Refresh"] == "true" and "hx-trigger" not in text(done)

    form = RoundForm.objects.filter(round=r).get(department__name=DEPT_1)
    errors = expected.count(Severity.ERROR)
    assert (form.status, form.self_total, form.review_total, form.difference, form.error_count, form.warning_count) == (
        "errors" if errors else "submitted", expected.filled, expected.total, expected.difference, errors,
        expected.count(Severity.WARNING))
    assert form.grade and expected.grade.startswith(form.grade) and form.file.original_name == "渔业补贴自评表.docx"
    page = text(dept.get(f"/rounds/{r.pk}/forms/{form.pk}/"))
    assert "渔业成品油价格改革补贴" in page and "复核总分" in page and expected.grade in page
    for p in expected.problems:  # each problem at its place in the form
        assert p.message in page and f"{p.where.sheet}!{p.where.cell}" in page
    # The department's list holds its own form only: the other department's place is not shown.
    listing = text(dept.get(f"/rounds/{r.pk}/"))
    assert DEPT_1 in listing and DEPT_2 not in listing
    assert AuditEntry.objects.filter(action="round_upload", username="renshe").exists()


def test_other_bureaus_other_departments_and_firms_get_404(demo):
    from django.contrib.auth import get_user_model

    from jixiao.web.models import ENTITY, Profile

    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    upload(bureau, r, ("渔业.docx", WORD_FORM.read_bytes()))
    jobs.run_pending()
    form = RoundForm.objects.filter(round=r).exclude(file=None).get()
    for who in ("other_admin", "pingjia", "shenji"):
        c = client(who)
        for url in (f"/rounds/{r.pk}/", f"/rounds/{r.pk}/forms/{form.pk}/", f"/rounds/{r.pk}/export.xlsx",
                    f"/rounds/{r.pk}/progress/"):
            assert c.get(url).status_code == 404, (who, url)
        assert post(c, f"/rounds/{r.pk}/forms/{form.pk}/decide/", {"action": "confirm"}).status_code == 404
        assert r.name not in text(c.get("/rounds/"))
    # A department not in scope, and one in scope looking at another's form.
    outside = client("shixian")
    assert outside.get(f"/rounds/{r.pk}/").status_code == 404
    u = get_user_model().objects.create_user("jiaoyu", password=PASSWORD)
    Profile.objects.create(user=u, organisation=Organisation.objects.get(name=DEPT_2), role=ENTITY)
    r.departments.add(Organisation.objects.get(name=DEPT_2))
    peer = client("jiaoyu")
    assert peer.get(f"/rounds/{r.pk}/").status_code == 200
    assert peer.get(f"/rounds/{r.pk}/forms/{form.pk}/").status_code == 404
    # A department may not return or confirm, even its own.
    own = client("renshe")
    assert post(own, f"/rounds/{r.pk}/forms/{form.pk}/decide/", {"action": "confirm"}).status_code == 404
    assert RoundForm.objects.filter(round=r).get(pk=form.pk).status == form.status
    assert AuditEntry.objects.filter(action="denied", username="other_admin").exists()
    # Nobody but the bureau's administrator opens a round.
    assert post(own, "/rounds/new/", {"name": "x", "year": "2024"}).status_code == 404


def test_without_the_csrf_token_nothing_is_done(demo):
    bureau = client("caizheng")
    dept_id = Organisation.objects.get(name=DEPT_1).pk
    resp = bureau.post("/rounds/new/", {"name": "2024年度自评", "year": "2024", "departments": [dept_id]})
    assert resp.status_code == 403 and not Round.objects.filter(name="2024年度自评").exists()


def test_the_bureau_takes_in_a_zip_and_forms_find_their_departments(demo, tmp_path):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1, DEPT_2)
    bundle = zipped([("各单位/渔业补贴.docx", WORD_FORM.read_bytes()), ("各单位/村级补助.xlsx", ERROR_FORM.read_bytes()),
                     ("__MACOSX/各单位/._村级补助.xlsx", b"\0\0"), ("各单位/", b"")])
    resp = upload(bureau, r, ("全部自评表.zip", bundle))
    assert resp.status_code == 302
    assert sorted(RoundFile.objects.filter(round=r).values_list("original_name", flat=True)) == ["村级补助.xlsx", "渔业补贴.docx"]
    jobs.run_pending()
    rows = {f.label: f for f in RoundForm.objects.filter(round=r).exclude(file=None)}
    assert set(rows) == {"渔业成品油价格改革补贴", "村级补助及运转经费"}
    bad = rows["村级补助及运转经费"]
    expected, = reviewed(ERROR_FORM, tmp_path, "村级补助.xlsx")
    assert bad.status == "errors" and bad.error_count > 0 and bad.self_total is None
    assert bad.review_total == expected.total is not None
    # Neither form names a department in scope: both are listed as the form states its 单位.
    assert bad.department_id is None and "棠溪镇" in bad.department_name
    assert RoundForm.objects.filter(round=r).filter(status="missing").count() == 2
    page = table(bureau.get(f"/rounds/{r.pk}/?problems=errors"))
    assert page.count('class="round-row') == RoundForm.objects.filter(round=r).filter(error_count__gt=0).count() >= 1
    assert "村级补助及运转经费" in page and "（未提交）" not in page
    page = table(bureau.get(f"/rounds/{r.pk}/?q=村级"))
    assert "村级补助及运转经费" in page and "渔业成品油价格改革补贴" not in page
    low, high = sorted(rows.values(), key=lambda f: f.review_total)
    assert low.review_total < high.review_total
    page = table(bureau.get(f"/rounds/{r.pk}/?sort=-review"))
    assert page.index(high.label) < page.index(low.label) < page.index("（未提交）")
    page = table(bureau.get(f"/rounds/{r.pk}/?sort=review"))
    assert page.index(low.label) < page.index(high.label) < page.index("（未提交）")  # blank last either way


@pytest.mark.parametrize("entries, link, said", [
    ([("../../etc/x.xlsx", b"PK")], None, "含“..”"),
    ([("a.xlsx", b"PK")], "link.xlsx", "符号链接"),
    ([("说明.exe", b"MZ")], None, "不是 jixiao 能读取的自评表"),
    ([("big.xlsx", b"\0" * 5_000_000)], None, "压缩炸弹"),
])
def test_a_crafted_zip_is_refused_in_chinese_and_nothing_is_kept(demo, entries, link, said):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    folder = Path(jobs.settings.FILES_DIR)
    files_before = set(folder.glob("*"))
    resp = upload(bureau, r, ("自评表.zip", zipped(entries, link)))
    assert resp.status_code == 422
    body = text(resp)
    assert "上传被拒绝" in body and "压缩包“自评表.zip”" in body and said in body and "此次上传没有保存任何内容" in body
    assert "Traceback" not in body and not RoundFile.objects.filter(round=r).exists()
    assert set(folder.glob("*")) == files_before
    assert AuditEntry.objects.filter(action="upload_refused", username="caizheng").exists()


def test_a_departments_upload_is_checked_and_a_closed_round_takes_none(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    dept = client("renshe")
    resp = upload(dept, r, ("假的.xlsx", b"not a workbook"))
    assert resp.status_code == 422 and "内容与扩展名 .xlsx 不符" in text(resp)
    Round.objects.filter(pk=r.pk).update(status="closed")
    resp = upload(dept, r, ("渔业.docx", WORD_FORM.read_bytes()))
    assert resp.status_code == 302 and not RoundFile.objects.filter(round=r).exists()
    assert "本轮自评已结束" in text(dept.get(f"/rounds/{r.pk}/"))


def test_return_with_a_note_the_department_reads_then_resubmit_and_confirm(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    dept = client("renshe")
    upload(dept, r, ("渔业.docx", WORD_FORM.read_bytes()))
    jobs.run_pending()
    form = RoundForm.objects.filter(round=r).get()
    url = f"/rounds/{r.pk}/forms/{form.pk}/decide/"
    post(bureau, url, {"action": "return"})
    assert RoundForm.objects.filter(round=r).get().status == form.status != "returned"
    assert "退回时请填写退回说明" in text(bureau.get(f"/rounds/{r.pk}/forms/{form.pk}/"))
    post(bureau, url, {"action": "return", "note": "请补写各指标值的≥/≤方向。"})
    form.refresh_from_db()
    assert form.status == "returned" and form.decided_by.username == "caizheng"
    page = text(dept.get(f"/rounds/{r.pk}/forms/{form.pk}/"))
    assert "退回说明" in page and "请补写各指标值的≥/≤方向。" in page and "已退回" in page
    assert AuditEntry.objects.filter(action="round_return", detail__contains="请补写").exists()
    # The department sends it again: the same row is reviewed anew, no longer 已退回.
    upload(dept, r, ("渔业（修改后）.docx", WORD_FORM.read_bytes()))
    jobs.run_pending()
    assert RoundForm.objects.filter(round=r).count() == 1
    form.refresh_from_db()
    assert form.status == ("errors" if form.error_count else "submitted") and form.note == ""
    assert form.file.original_name == "渔业（修改后）.docx"
    post(bureau, url, {"action": "confirm"})
    assert RoundForm.objects.filter(round=r).get().status == "confirmed"
    assert AuditEntry.objects.filter(action="round_confirm").exists()


def test_the_summary_exports_to_the_review_workbook(demo):
    from openpyxl import load_workbook

    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    upload(bureau, r, ("渔业.docx", WORD_FORM.read_bytes()), ("村级.xlsx", ERROR_FORM.read_bytes()))
    jobs.run_pending()
    resp = bureau.get(f"/rounds/{r.pk}/export.xlsx?sort=department")
    assert resp.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    summary, problems = book["审核汇总"], book["问题清单"]
    projects = sorted(str(row[1].value) for row in summary.iter_rows(min_row=2))
    assert projects == ["None", "村级补助及运转经费", "渔业成品油价格改革补贴"]  # and the 未提交 place
    assert problems.max_row > 5
    assert AuditEntry.objects.filter(action="export", detail__contains="汇总 Excel").exists()


def test_a_file_that_cannot_be_read_is_listed_with_why_in_chinese(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    upload(bureau, r, ("空表.yaml", "本文件不是自评表: [".encode("utf-8")))
    jobs.run_pending()
    form = RoundForm.objects.filter(round=r).exclude(file=None).get()
    assert form.status == "errors"
    page = text(bureau.get(f"/rounds/{r.pk}/forms/{form.pk}/"))
    assert "Traceback" not in page and "YAML 格式错误" in page and "第2行" in page  # the place in a text file is its line


def test_a_large_round_is_paginated_sorted_and_filtered_in_the_database(demo, django_assert_max_num_queries):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    RoundForm.objects.bulk_create([
        RoundForm(round=r, department_name=f"单位{i:04d}", label=f"项目{i:04d}", status="submitted" if i % 3 else "errors",
                  self_total=Decimal(90), review_total=Decimal(i % 100), difference=Decimal(90 - i % 100),
                  grade="优" if i % 100 >= 90 else "中", error_count=0 if i % 3 else 2) for i in range(1200)])
    with django_assert_max_num_queries(20):
        page = text(bureau.get(f"/rounds/{r.pk}/?sort=-review&page=2"))
    assert page.count('class="round-row') == 50 and "第 2 / 25 页" in page
    assert "共 1201 张" in page and 'id="next-page"' in page
    page = text(bureau.get(f"/rounds/{r.pk}/?status=errors&q=项目00"))
    assert page.count('class="round-row') == 34  # 项目0000–项目0099 in 有错误
    page = text(bureau.get(f"/rounds/{r.pk}/?sort=nonsense&page=999"))
    assert "第 25 / 25 页" in page  # an unknown sort or page past the end is no error


def test_a_review_that_fails_says_why_and_what_to_do(demo):
    from jixiao.web.uploads import path_of

    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    upload(bureau, r, ("渔业.docx", WORD_FORM.read_bytes()))
    rf = RoundFile.objects.filter(round=r).get()
    path_of(rf.stored_name).unlink()  # the file store lost it before the worker came
    jobs.run_pending()
    rf.refresh_from_db()
    assert rf.review == "failed" and rf.job.status == "failed"
    assert rf.error == rf.job.error == "“渔业.docx”的存档文件不存在，请重新上传。"
    progress = text(bureau.get(f"/rounds/{r.pk}/progress/"))
    assert rf.error in progress and "hx-trigger" not in progress
    form = RoundForm.objects.filter(round=r).exclude(file=None).get()
    assert form.status == "errors" and form.review_total is None
    assert rf.error in text(bureau.get(f"/rounds/{r.pk}/forms/{form.pk}/"))


class _GbkName(zipfile.ZipInfo):
    """An entry named as Chinese Windows' built-in zip tool names it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gb18030"), self.flag_bits & ~0x800


def test_a_zip_made_on_chinese_windows_keeps_its_chinese_names(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(_GbkName("自评表/渔业补贴（终稿）.docx"), WORD_FORM.read_bytes())
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        assert z.infolist()[0].filename != "自评表/渔业补贴（终稿）.docx"  # what Python reads without help
    assert upload(bureau, r, ("各单位.zip", buf.getvalue())).status_code == 302
    assert list(RoundFile.objects.filter(round=r).values_list("original_name", flat=True)) == ["渔业补贴（终稿）.docx"]


def test_the_bureau_closes_a_round_and_opens_it_again(demo):
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1)
    dept = client("renshe")
    assert post(dept, f"/rounds/{r.pk}/status/", {"action": "close"}).status_code == 404
    post(bureau, f"/rounds/{r.pk}/status/", {"action": "close"})
    r.refresh_from_db()
    assert r.status == "closed" and "已结束" in text(dept.get("/rounds/"))
    assert 'id="round-upload"' not in text(dept.get(f"/rounds/{r.pk}/"))
    assert upload(dept, r, ("渔业.docx", WORD_FORM.read_bytes())).status_code == 302
    assert not RoundFile.objects.filter(round=r).exists()
    post(bureau, f"/rounds/{r.pk}/status/", {"action": "open"})
    upload(dept, r, ("渔业.docx", WORD_FORM.read_bytes()))
    assert RoundFile.objects.filter(round=r).count() == 1
    assert list(AuditEntry.objects.filter(action__in=["round_close", "round_reopen"]).order_by("seq")
                .values_list("action", flat=True)) == ["round_close", "round_reopen"]


def test_a_large_summary_is_written_by_a_job_the_round_page_follows(demo, monkeypatch):
    from openpyxl import load_workbook

    from jixiao.web import rounds_forms

    monkeypatch.setattr(rounds_forms, "IN_REQUEST", 1)
    bureau = client("caizheng")
    r = open_round(bureau, DEPT_1, DEPT_2)
    resp = bureau.get(f"/rounds/{r.pk}/export.xlsx?status=missing")
    assert resp.status_code == 302
    page = text(bureau.get(f"/rounds/{r.pk}/"))
    assert "汇总 Excel（2 张自评表）正在生成" in page and 'data-status="queued"' in page and "hx-trigger" in page
    jobs.run_pending()
    box = text(bureau.get(f"/rounds/{r.pk}/progress/"))
    link = re.search(r'href="(/jobs/(\d+)/download/)"', box)
    assert "已完成" in box and link and "hx-trigger" not in box
    # Only who asked may have it.
    assert client("other_admin").get(link.group(1)).status_code == 404
    resp = bureau.get(link.group(1))
    book = load_workbook(io.BytesIO(b"".join(resp.streaming_content)))
    assert book["审核汇总"].max_row == 3  # the two 未提交 places asked for
