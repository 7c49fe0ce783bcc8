"""报告复核 through the Django client, CSRF enforced: the bureau uploads delivered reports, the task
worker audits them with `jixiao audit`'s reader and checks, the page lists each with its problems
by severity, opens a report's problems at their places, hands out the annotated copy (comments
at the places, the 复核意见 in front) and the problem list as Excel; a crafted zip is refused in
Chinese with nothing kept; another bureau, a firm or a department gets 404, logged."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from test_web_fixtures import PASSWORD, Demo
from jixiao.reportaudit import audit_file
from jixiao.web import jobs
from jixiao.web.models import AuditEntry, Job

REPORT = Path(__file__).resolve().parent / "fixtures" / "reference-report" / "report.docx"
KIND = "report.audit"


@pytest.fixture
def demo(transactional_db) -> Demo:
    return Demo()  # committed: the task worker runs in threads with their own connections


def client(username: str) -> Client:
    c = Client(enforce_csrf_checks=True)
    assert c.login(username=username, password=PASSWORD), username
    c.get("/evaluations/")  # sets the CSRF cookie
    return c


def upload(c: Client, *files: tuple[str, bytes]):
    parts = []
    for name, data in files:
        part = io.BytesIO(data)
        part.name = name
        parts.append(part)
    return c.post("/report-audits/upload/", {"files": parts, "csrfmiddlewaretoken": c.cookies["csrftoken"].value})


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


def text(resp) -> str:
    return resp.content.decode()


def test_the_reference_report_is_audited_listed_opened_and_handed_back_with_comments(demo, tmp_path):
    import docx
    from openpyxl import load_workbook

    expected = audit_file(REPORT, "人社局绩效评价报告.docx").problems
    assert len(expected) >= 23
    bureau = client("caizheng")
    assert "报告复核" in text(bureau.get("/evaluations/"))  # in the nav
    resp = upload(bureau, ("人社局绩效评价报告.docx", REPORT.read_bytes()))
    assert resp.status_code == 302
    job = Job.objects.get(kind=KIND)
    assert job.status == "queued" and "排队中" in text(bureau.get("/report-audits/progress/"))
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == "done", job.error
    errors = sum(p.severity.value == "error" for p in expected)
    warnings = sum(p.severity.value == "warning" for p in expected)
    page = text(bureau.get("/report-audits/"))
    row = page[page.index(f'id="report-audit-{job.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "人社局绩效评价报告.docx" in row and "已复核" in row
    assert f'sev-error">{errors}<' in row and f'<td class="num">{warnings}<' in row
    assert "hx-get" not in page[page.index('id="report-audits"'):][:200]  # nothing left to poll

    detail = text(bureau.get(f"/report-audits/{job.pk}/"))
    assert detail.count('<td class="sev-') == len(expected)
    assert "表" in detail and "第" in detail and "行" in detail  # places as a reader looks for them
    assert expected[0].message.split("“")[0] in detail

    resp = bureau.get(f"/report-audits/{job.pk}/annotated.docx")
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    copy = tmp_path / "annotated.docx"
    copy.write_bytes(b"".join(resp.streaming_content))
    annotated = docx.Document(str(copy))
    assert len(list(annotated.comments)) >= len(expected) - 5  # unplaced ones are on the 复核意见 page
    assert annotated.paragraphs[0].text == "复核意见"

    resp = bureau.get(f"/report-audits/{job.pk}/problems.xlsx")
    assert resp.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    assert sheet.max_row == len(expected) + 1 and sheet["A2"].value == "人社局绩效评价报告.docx"
    # The portfolio counts the bureau's audited reports and their problems.
    portfolio = text(bureau.get("/evaluations/"))
    portfolio = portfolio[portfolio.index('id="portfolio-report-audits"'):]
    assert "已复核 1 份交付的报告" in portfolio and f'class="sev-error">{errors}<' in portfolio
    assert f"/report-audits/{job.pk}/" in portfolio
    actions = set(AuditEntry.objects.filter(username="caizheng").values_list("action", flat=True))
    assert {"report_audit_upload", "report_audit_view", "export"} <= actions


def test_a_text_report_in_a_zip_gets_the_opinion_and_an_unreadable_one_says_why(demo):
    import docx

    reference = (Path(__file__).resolve().parent / "fixtures" / "reference-report" / "000_e5376d201a09ce67.txt")
    bundle = zipped([("报告/人社局.txt", reference.read_bytes()), ("报告/损坏.docx", b"PK\x03\x04broken"),
                     ("__MACOSX/报告/._人社局.txt", b"\0\0"), ("报告/", b"")])
    bureau = client("caizheng")
    assert upload(bureau, ("各机构报告.zip", bundle)).status_code == 302
    assert sorted(j.params["name"] for j in Job.objects.filter(kind=KIND)) == ["人社局.txt", "损坏.docx"]
    jobs.run_pending()
    good, bad = Job.objects.get(params__name="人社局.txt"), Job.objects.get(params__name="损坏.docx")
    assert good.status == "done" and good.params["counts"]["error"] > 0
    assert bad.status == "failed" and "无法复核“损坏.docx”" in bad.error and "重新上传" in bad.error
    page = text(bureau.get("/report-audits/"))
    assert "无法复核“损坏.docx”" in page and "Traceback" not in page
    resp = bureau.get(f"/report-audits/{good.pk}/annotated.docx")
    opinion = docx.Document(io.BytesIO(b"".join(resp.streaming_content)))
    assert opinion.paragraphs[0].text == "复核意见" and not list(opinion.comments)  # no place to comment on
    assert bureau.get(f"/report-audits/{bad.pk}/annotated.docx").status_code == 404


@pytest.mark.parametrize("entries, link, said", [
    ([("../../etc/报告.docx", b"PK")], None, "含“..”"),
    ([("a.docx", b"PK")], "link.docx", "符号链接"),
    ([("说明.exe", b"MZ")], None, "不是可复核的报告"),
    ([("big.docx", b"\0" * 5_000_000)], None, "压缩炸弹"),
])
def test_a_crafted_zip_is_refused_in_chinese_and_nothing_is_kept(demo, entries, link, said):
    bureau = client("caizheng")
    folder = Path(jobs.settings.FILES_DIR)
    before = set(folder.glob("*"))
    resp = upload(bureau, ("报告.zip", zipped(entries, link)))
    assert resp.status_code == 422
    body = text(resp)
    assert "上传被拒绝" in body and "压缩包“报告.zip”" in body and said in body and "此次上传没有保存任何内容" in body
    assert "Traceback" not in body and not Job.objects.filter(kind=KIND).exists()
    assert set(folder.glob("*")) == before
    assert AuditEntry.objects.filter(action="upload_refused", username="caizheng").exists()


@pytest.mark.parametrize("name, data, said", [
    ("报告.xlsx", b"PK\x03\x04", "不是可复核的报告"),
    ("报告.pdf", b"<html>", "内容与扩展名 .pdf 不符"),
    ("报告.docx", b"", "空文件"),
])
def test_a_file_that_is_no_report_is_refused_in_chinese(demo, name, data, said):
    resp = upload(client("caizheng"), (name, data))
    assert resp.status_code == 422 and said in text(resp) and not Job.objects.filter(kind=KIND).exists()


def test_other_bureaus_firms_departments_get_404_and_csrf_is_enforced(demo):
    bureau = client("caizheng")
    upload(bureau, ("人社局绩效评价报告.docx", REPORT.read_bytes()))
    jobs.run_pending()
    job = Job.objects.get(kind=KIND)
    for who in ("other_admin", "pingjia", "zhikong", "renshe", "shenji"):
        c = client(who)
        for url in (f"/report-audits/{job.pk}/", f"/report-audits/{job.pk}/annotated.docx",
                    f"/report-audits/{job.pk}/problems.xlsx", f"/jobs/{job.pk}/download/"):
            assert c.get(url).status_code == 404, (who, url)
        listing = c.get("/report-audits/")
        assert listing.status_code == 404 if who != "other_admin" else "人社局绩效评价报告" not in text(listing)
        if who != "other_admin":
            assert "报告复核" not in text(c.get("/account/"))  # not in their nav
    assert "portfolio-report-audits" not in text(client("pingjia").get("/evaluations/"))
    assert AuditEntry.objects.filter(action="denied", username="other_admin").exists()
    other = text(client("other_admin").get("/report-audits/"))  # its own bureau's page, without ours
    assert "报告复核" in other and "人社局绩效评价报告" not in other
    assert "人社局绩效评价报告" not in text(client("other_admin").get("/evaluations/"))
    # Without the CSRF token nothing is taken in.
    resp = Client(enforce_csrf_checks=True)
    resp.login(username="caizheng", password=PASSWORD)
    part = io.BytesIO(REPORT.read_bytes())
    part.name = "x.docx"
    assert resp.post("/report-audits/upload/", {"files": [part]}).status_code == 403
    assert Job.objects.filter(kind=KIND).count() == 1


def test_a_report_over_the_upload_cap_is_refused_before_anything_is_kept(demo):
    from django.test import override_settings

    data = REPORT.read_bytes()
    bureau = client("caizheng")
    with override_settings(UPLOAD_MAX_BYTES=len(data) // 2, DATA_UPLOAD_MAX_MEMORY_SIZE=len(data) * 4):
        resp = upload(bureau, ("人社局绩效评价报告.docx", data))
    assert resp.status_code == 413 and "超过上限" in text(resp) and "Traceback" not in text(resp)
    assert not Job.objects.filter(kind=KIND).exists()
