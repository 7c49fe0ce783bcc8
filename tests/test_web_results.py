"""结果应用 in the workspace: the bureau's page for a year shows the report's tables from its 定稿
evaluations (saying how many are not yet 定稿), its 结果应用规则 is a setting edited on the page and
audited, the Word/Excel report and an evaluation's 公开版 are jobs; a department gets 403."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from docx import Document
from test_web_fixtures import demo  # noqa: F401

from jixiao.web import jobs
from jixiao.web.models import FINAL, AuditEntry, Evaluation, Job
from jixiao.web.results.models import Consequence


def token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post(client, page: str, url: str, **data):
    return client.post(url, {"csrfmiddlewaretoken": token(client, page), **data})


def _download(client, job: Job) -> bytes:
    resp = client.get(f"/jobs/{job.pk}/download/")
    assert resp.status_code == 200, resp.content[:300]
    return b"".join(resp.streaming_content)


def test_web_bureau_page_shows_the_years_tables_and_what_is_not_final(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    page = admin.get("/results/?year=2023").content.decode()
    assert "2023年度" in page and 'id="results-table-1"' in page
    final_2023 = Evaluation.objects.filter(bureau=demo.previous.bureau, year=2023, status=FINAL).count()
    assert f"已定稿的评价 {final_2023} 项计入本报告" in page
    # the 2023 定稿 has its 整改 from the 整改 stage: 2 of 4 confirmed, never 0%
    assert "2/4（50.00%）" in page
    assert re.search(r"<td>\d{1,3}(,\d{3})*\.\d{2}</td>", page)  # figures as the Word report prints them
    page = admin.get("/results/?year=2024").content.decode()
    pending = Evaluation.objects.filter(bureau=demo.reference.bureau, year=2024).exclude(status=FINAL).count()
    assert pending and f'<strong id="results-pending">{pending}</strong> 项尚未定稿' in page
    # the demo bureau's own table (the demo step, order 40)
    assert "（本局设置）" in page and 'value="压减5%"' in page


def test_web_rectification_not_installed_is_not_counted_never_zero(demo, monkeypatch):
    from jixiao.web.results import data

    monkeypatch.setattr(data, "_completion", lambda evaluations: None)  # as when the 整改 stage is absent
    admin = demo.client("caizheng")
    page = admin.get("/results/?year=2023").content.decode()
    assert "整改完成情况未统计" in page and "<td>未统计</td>" in page and "<td>0/4" not in page
    # a year typed out of range, or not a year, is the latest one; never a server error
    for year in ("99999999999999999999999", "２０２３x", "-1"):
        assert admin.get(f"/results/?year={year}").status_code == 200


def test_web_department_and_others_get_403(demo):
    for user in ("renshe", "pingjia", "zhikong"):
        c = demo.client(user, enforce_csrf_checks=True)
        assert c.get("/results/").status_code == 403, user
    renshe = demo.client("renshe", enforce_csrf_checks=True)
    page = "/evaluations/"
    assert post(renshe, page, "/results/rules/", grade_0="取消").status_code == 403
    assert post(renshe, page, "/results/report/", fmt="docx").status_code == 403
    assert not Consequence.objects.filter(action="取消").exists()
    # the evaluation page's panel loads for every party, the department's saying when a 公开版 may be had
    for user in ("renshe", "pingjia", "caizheng"):
        assert demo.client(user).get(f"/results/panel/{demo.reference.pk}/").status_code == 200, user
    assert AuditEntry.objects.filter(action="denied", username="renshe", detail__contains="/results/").exists()


def test_web_rules_are_edited_validated_and_audited(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    resp = post(admin, "/results/", "/results/rules/", year="2023", grade_0="优先保障", grade_1="维持",
                grade_2="压减８％", grade_3="砍掉")
    assert resp.status_code == 302
    page = admin.get(resp["Location"]).content.decode()
    assert "结果应用规则未保存" in page and "“差”" in page and "“砍掉”不是结果应用规则" in page
    assert Consequence.objects.get(bureau=demo.previous.bureau, grade="中").action == "压减5%"  # unchanged
    post(admin, "/results/", "/results/rules/", year="2023", grade_0="优先保障", grade_1="维持", grade_2="压减８％",
         grade_3="取消")
    assert Consequence.objects.get(bureau=demo.previous.bureau, grade="中").action == "压减8%"
    entry = AuditEntry.objects.filter(action="results_rules", username="caizheng").latest("pk")
    assert "中：压减5% → 压减8%" in entry.detail and "差：压减10% → 取消" in entry.detail
    # the other bureau never sees this one's rules or evaluations
    other = demo.client("other_admin").get("/results/?year=2023").content.decode()
    assert "已定稿的评价 0 项" in other and "（尚未设置，使用默认规则）" in other


@pytest.mark.django_db(transaction=True)  # the worker's threads read the jobs on connections of their own
def test_web_word_and_excel_reports_are_jobs_with_the_pages_figures(demo):
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    assert post(admin, "/results/", "/results/report/", year="2023", fmt="docx").status_code == 302
    assert post(admin, "/results/", "/results/report/", year="2023", fmt="xlsx").status_code == 302
    page = admin.get("/results/?year=2023").content.decode()
    assert "排队中" in page
    jobs.run_pending()
    word, excel = (Job.objects.get(kind=f"results.{f}") for f in ("docx", "xlsx"))
    assert word.status == excel.status == "done", (word.error, excel.error)
    doc = Document(io.BytesIO(_download(admin, word)))
    texts = [p.text for p in doc.paragraphs]
    assert "2023年度预算绩效评价结果应用报告" in texts and "编制单位：" + demo.previous.bureau.name in texts
    grades = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert grades[0][0] == "评价类型" and grades[-1][0] == "合计"
    departments = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert any("2/4（50.00%）" in row for row in departments)
    book = openpyxl.load_workbook(io.BytesIO(_download(admin, excel)))
    assert "表6 评价结果与下年度预算安排" in book.sheetnames
    # only who asked downloads a bureau report (a department gets 404, as for any job not its own)
    assert demo.client("renshe").get(f"/jobs/{word.pk}/download/").status_code == 404
    assert AuditEntry.objects.filter(action="results_report", username="caizheng").count() == 2


@pytest.mark.django_db(transaction=True)
def test_web_public_version_of_a_final_evaluation(demo):
    ev = demo.previous
    admin = demo.client("caizheng", enforce_csrf_checks=True)
    panel = admin.get(f"/results/panel/{ev.pk}/").content.decode()
    assert 'id="results-public"' in panel
    resp = post(admin, f"/results/panel/{ev.pk}/", f"/results/e/{ev.pk}/public/")
    assert resp.status_code == 302
    jobs.run_pending()
    job = Job.objects.get(kind="results.public", evaluation=ev)
    assert job.status == "done", job.error
    doc = Document(io.BytesIO(_download(admin, job)))
    assert any("绩效评级" in p.text for p in doc.paragraphs)
    panel = admin.get(f"/results/panel/{ev.pk}/").content.decode()
    assert 'id="results-public-download"' in panel
    # an evaluation not yet 定稿 has no 公开版
    draft = Evaluation.objects.filter(bureau=ev.bureau).exclude(status=FINAL).first()
    assert "评价定稿并公开后可生成公开版" in admin.get(f"/results/panel/{draft.pk}/").content.decode()
