"""The bureau's portfolio, the exports, and `jixiao serve --demo` itself."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from io import BytesIO

import pytest
from openpyxl import load_workbook

from test_web_fixtures import demo  # noqa: F401
from jixiao.io.document import set_path
from jixiao.web.models import Evaluation
from jixiao.web.store import create_evaluation, head_document


def previous_year(demo) -> Evaluation:
    doc = head_document(demo.reference)
    set_path(doc, "year", "2023")
    ev = demo.reference
    from django.contrib.auth import get_user_model

    return create_evaluation(doc, get_user_model().objects.get(username="pingjia"), ev.bureau, ev.firm, ev.department)


def test_web_portfolio_lists_charts_and_compares_with_last_year(demo):
    previous_year(demo)
    page = demo.client("caizheng").get("/evaluations/").content.decode()
    assert "评价总览" in page
    assert page.count("/indicators/") >= 3  # reference, its 2023 predecessor, the sample
    assert "95.52" in page and "97.00" in page  # sample (recomputed) and reference
    assert "等级分布" in page and "一级指标得分率" in page and "92.86%" in page  # A 部门决策: 13 / 14
    assert "C23 举报投诉案件结案率" in page and "A42" in page  # most frequent deductions
    # Last year's total beside this year's, and the difference.
    assert re.search(r"97\.00</a></td>\s*<td class=\"num\">0\.00", page)


def test_web_portfolio_filters(demo):
    c = demo.client("caizheng")
    page = c.get("/evaluations/?kind=project_self_evaluation").content.decode()
    assert "职业技能提升行动专项资金" in page and "人力资源和社会保障局</a>" not in page
    page = c.get("/evaluations/?grade=优&q=人力资源").content.decode()
    assert "人力资源和社会保障局" in page and "职业技能提升" not in page
    assert "没有符合条件的评价" in c.get("/evaluations/?year=1999").content.decode()


def _export_rows(demo) -> list[dict]:
    resp = demo.client("caizheng").get("/evaluations/export.xlsx")
    assert resp.status_code == 200
    ws = load_workbook(BytesIO(resp.content)).active
    heads = [c.value for c in ws[1]]
    assert heads[:4] == ["编号", "被评价对象", "年度", "评价类型"]
    return [dict(zip(heads, r)) for r in ws.iter_rows(min_row=2)]


def test_web_portfolio_excel_export_writes_figures_as_numbers(demo):
    previous_year(demo)
    rows = _export_rows(demo)
    ref = next(r for r in rows if "人力资源和社会保障局" in r["被评价对象"].value and r["年度"].value == 2024)
    total = ref["总分"]
    assert total.data_type == "n" and total.value == 97 and total.number_format == "0.00"
    assert ref["等级"].value == "优"
    assert ref["上年总分"].data_type == "n" and ref["上年总分"].value == 97 and ref["上年总分"].number_format == "0.00"
    assert ref["较上年"].data_type == "n" and ref["较上年"].value == 0
    for head in ("编号", "年度", "版本", "问题数"):
        assert ref[head].data_type == "n", head
    sample = next(r for r in rows if r["被评价对象"].value == "职业技能提升行动专项资金")
    assert sample["总分"].value == 95.52
    assert sample["总分"].data_type == "n" and sample["等级"].value == "优"


def test_web_portfolio_excel_export_says_a_total_is_provisional_and_keeps_names_as_text(demo):
    from django.contrib.auth import get_user_model

    doc = head_document(demo.reference)
    set_path(doc, "indicators[2].children[0].children[0].actual", None)  # C11 新增就业人数, weight 8, not assessed
    set_path(doc, "entity.name", "=HYPERLINK(\"http://example.com\",\"点击\")")
    set_path(doc, "year", "2025")
    ev = demo.reference
    create_evaluation(doc, get_user_model().objects.get(username="pingjia"), ev.bureau, ev.firm, ev.department)
    rows = _export_rows(demo)
    row = next(r for r in rows if r["年度"].value == 2025)
    name = row["被评价对象"]
    assert name.data_type == "s" and name.value.startswith("=HYPERLINK(")
    assert row["总分"].data_type == "n" and row["总分"].value == 89
    assert row["等级"].value == "良（暂定，已评分权重92/100）"


def _word_available() -> bool:
    try:
        from jixiao.report import render_docx  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.xfail(not _word_available(), reason="jixiao.report.render_docx 尚未合入 / the Word report is not merged yet", strict=True)
def test_web_word_report_download(demo):
    from jixiao.web import jobs
    from jixiao.web.models import Job

    c, url = demo.client("pingjia"), f"/e/{demo.reference.pk}/export/docx/"
    assert c.get(url)["Location"].endswith("/report/")  # queued for the task worker (tests/test_web_jobs.py)
    jobs.execute(Job.objects.get().pk)
    resp = c.get(url)
    assert resp.status_code == 200 and resp.getvalue()[:2] == b"PK"
    assert resp["Content-Disposition"].startswith("attachment")


def test_web_missing_renderer_is_a_message_not_a_crash(demo):
    c = demo.client("pingjia")
    for fmt in ("docx", "pdf", "xlsx"):
        resp = c.get(f"/e/{demo.reference.pk}/export/{fmt}/", follow=True)
        assert resp.status_code == 200
        if resp.redirect_chain:
            assert any(m in resp.content.decode() for m in ("尚未安装", "LibreOffice", "生成失败", "正在生成"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_web_serve_demo_shows_the_reference_to_the_evaluator(tmp_path):
    """The README's first command: `jixiao serve --demo` on a fresh data directory."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao.cli", "serve", "--demo", "--data", str(tmp_path / "data"), "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        out = ""
        for _ in range(300):  # up to 60 s for migrations and the demo data
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.2)
        assert proc.poll() is None, proc.stdout.read()
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(f"http://127.0.0.1:{port}/login/")
        token = next(c.value for c in jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"username": "pingjia", "password": "jixiao-demo", "csrfmiddlewaretoken": token}).encode()
        page = opener.open(f"http://127.0.0.1:{port}/login/", data).read().decode()
        assert "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局" in page
        assert "97.00" in page and "优" in page
        link = re.search(r'href="(/e/\d+/indicators/)"', page).group(1)
        page = opener.open(f"http://127.0.0.1:{port}{link}").read().decode()
        assert '<b id="total">97.00</b>' in page
    finally:
        proc.terminate()
        try:
            out = proc.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            out = proc.communicate()[0]
    for login in ("caizheng", "pingjia", "zhikong", "renshe", "pingjia2", "shixian", "jixiao-demo"):
        assert login in out
    assert (tmp_path / "data" / "jixiao.sqlite3").exists()


def _workbooks_available() -> bool:
    try:
        from jixiao.excel.read import workbook_document  # noqa: F401
        from jixiao.excel.write import export_workbook  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.xfail(not _workbooks_available(), reason="工作簿读写尚未合入 / workbook reading and writing not merged yet", strict=True)
def test_web_workbook_round_trip_creates_the_same_evaluation(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = demo.client("pingjia")
    book = c.get(f"/e/{demo.reference.pk}/export/xlsx/")
    assert book.status_code == 200 and book.content[:2] == b"PK"
    resp = c.post("/evaluations/new/", {"how": "upload", "file": SimpleUploadedFile("评价.xlsx", book.content)})
    assert resp.status_code == 302
    new = Evaluation.objects.exclude(pk__in=demo.loaded).get()
    assert f"{new.summary.total:.2f}" == "97.00" and new.summary.grade == "优"


def test_web_packaged_demo_examples_score_as_the_repository_ones():
    """`jixiao serve --demo` from an installed package loads the copies shipped with it."""
    from pathlib import Path

    from jixiao.analysis import analyse
    from jixiao.sources import open_source

    packaged = Path(__file__).resolve().parent.parent / "src/jixiao/web/frameworks/examples"
    ref = analyse(open_source(packaged / "xinshi-hrss-2024.yaml").evaluation)
    assert f"{ref.scorecard.total:.2f}" == "97.00" and ref.scorecard.grade == "优"
    sample = analyse(open_source(packaged / "project-selfeval-sample.yaml").evaluation)
    assert f"{sample.self_scorecard.total:.2f}" == "95.52"
