"""The demo department's year, stage by stage through the pages (CSRF enforced): its 2024 declaration
with one target set below 2023's actual, its July monitoring form with one alert, its 自评表 reviewed
in the 2024 round with the reference evaluation's own figures, the 2024 evaluation's page showing all
three, the evaluation's 定稿 making 整改事项 the department finds in its 待办, and the bureau's 2024
结果应用 report counting it."""

from __future__ import annotations

import html
import io
import re

import pytest
from docx import Document
from test_web_fixtures import demo  # noqa: F401

from jixiao.web import jobs
from jixiao.web.declarations.models import Declaration
from jixiao.web.models import FINAL, Evaluation, Job, RoundForm
from jixiao.web.monitoring.models import Report
from jixiao.web.rectification.models import Item

PROBLEMS = ["高校毕业生等青年群体就业观念存在偏差，就业规划与职业方向定位模糊",
            "相关人员在绩效管理领域专业知识的系统性学习存在短板，专业能力有待提升", "目标设定不够合理", "预算管理不到位"]


def text(resp) -> str:
    """What the user reads: the page's text, tags gone, spaces collapsed."""
    assert resp.status_code == 200, resp.status_code
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", resp.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def token(client, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()).group(1)


def test_web_the_departments_year_before_the_evaluation(demo):
    clerk = demo.client("renshe", enforce_csrf_checks=True)
    declaration = Declaration.objects.get(department=demo.reference.department, year=2024)
    page = text(clerk.get(f"/declarations/{declaration.pk}/"))
    assert "目标设定偏低：1 个指标" in page
    assert "“新增就业人数”的指标值“≥2.4万人”低于2023年实际完成值 25632人：目标设定偏低" in page

    report = Report.objects.get(department=demo.reference.department, year=2024, months=7)
    page = text(clerk.get(f"/monitoring/{report.pk}/"))
    assert "预警（1）" in page
    assert "全年 = 11,000 × 12 ÷ 7 = 18,857.14人，达不到年度指标值 ≥2.4万人（还差 5,142.86人）" in page

    # the 自评表 is the reference evaluation's 附件3 (99.60 as printed; its scores add up to 99.96)
    form = RoundForm.objects.get(round__year=2024, department=demo.reference.department)
    round_page = text(clerk.get(f"/rounds/{form.round_id}/"))
    assert "已复核 1 / 1 个文件" in round_page and "99.60 99.96 -0.36 优" in round_page
    page = text(clerk.get(f"/rounds/{form.round_id}/forms/{form.pk}/"))
    assert "自评表总分填写为99.60分，复核总分为99.96分，相差-0.36分" in page
    assert "完成值2.56万人超出目标值≥2.4万人" in page
    # 在线填写 starts from it: its 预期目标 is the goal it declared
    assert "落实就业优先政策" in clerk.get(f"/rounds/{form.round_id}/fill/?start=last").content.decode()

    ev = demo.reference
    panels = {u: text(clerk.get(f"/{u}/panel/{ev.pk}/")) for u in ("declarations", "monitoring", "rectification")}
    assert "本年度绩效目标申报 2024年" in panels["declarations"] and "已提交 0 1 1 个指标" in panels["declarations"]
    assert "1—7月 54.89% 58.33% 1" in panels["monitoring"]
    assert "整改完成率 50.00%（2/4）" in panels["rectification"] and "逾期" in panels["rectification"]
    # another bureau's administrator sees none of it
    other = demo.client("other_admin")
    assert all(other.get(f"/{u}/panel/{ev.pk}/").status_code == 404 for u in panels)


@pytest.mark.django_db(transaction=True)  # the worker's threads read the jobs on connections of their own
def test_web_the_evaluations_final_makes_rectification_and_the_years_report(demo):
    ev = demo.reference
    reviewer = demo.client("zhikong", enforce_csrf_checks=True)
    assert "质控通过" in text(reviewer.get(f"/e/{ev.pk}/problems/"))
    evaluator = demo.client("pingjia", enforce_csrf_checks=True)
    resp = evaluator.post(f"/e/{ev.pk}/finalise/", {"csrfmiddlewaretoken": token(evaluator, f"/e/{ev.pk}/history/")})
    assert resp.status_code == 302 and Evaluation.objects.get(pk=ev.pk).status == FINAL

    items = Item.objects.filter(evaluation=ev).order_by("number")
    assert [i.title for i in items] == PROBLEMS
    todo = text(demo.client("renshe").get("/todo/"))
    for title in PROBLEMS:
        assert f"整改事项待整改：{title}（整改期限 " in todo

    admin = demo.client("caizheng", enforce_csrf_checks=True)
    page = text(admin.get("/results/?year=2024"))
    assert "已定稿的评价 1 项计入本报告" in page
    resp = admin.post("/results/report/", {"csrfmiddlewaretoken": token(admin, "/results/"), "year": "2024",
                                          "fmt": "docx"})
    assert resp.status_code == 302
    jobs.run_pending()
    job = Job.objects.get(kind="results.docx")
    assert job.status == "done", job.error
    doc = Document(io.BytesIO(b"".join(admin.get(f"/jobs/{job.pk}/download/").streaming_content)))
    assert "2024年度预算绩效评价结果应用报告" in [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(demo.reference.department.name in c for c in cells) and "97.00" in cells
