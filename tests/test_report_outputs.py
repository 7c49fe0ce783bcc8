"""The self-evaluation report, the HTML rendering, the PDF, and the text snapshot of the report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from jixiao.cli import main
from jixiao.report import LibreOfficeMissing, build_context, render_html, render_pdf

from test_report_fixtures import REFERENCE, SAMPLE, analysis_of, body_rows, document_text, render, table_after
from test_scoring import TREE

HAVE_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
HAVE_POPPLER = shutil.which("pdftoppm") is not None and shutil.which("pdftotext") is not None


def test_reference_report_text_snapshot(tmp_path, snapshot):
    snapshot("report_reference.txt", document_text(render(REFERENCE, tmp_path / "r.docx")))


def test_self_evaluation_report_snapshot(tmp_path, snapshot):
    snapshot("report_selfeval.txt", document_text(render(SAMPLE, tmp_path / "s.docx")))


def test_self_evaluation_sample_renders_form_and_short_report(tmp_path):
    out = tmp_path / "s.docx"
    result = CliRunner().invoke(main, ["report", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "自评复核总分95.52分，评级：优" in result.output
    from docx import Document

    doc = Document(str(out))
    text = document_text(doc)
    assert "职业技能提升行动专项资金2024年度绩效自评报告" in text
    assert "预算执行率96.90%" in text and "得分 = 96.90% × 10 = 9.69分" in text
    assert "复核总分95.52分（填报95.52分），自评等级为“优”" in text
    assert "培训后就业率：指标值≥60%，实际完成值57%，得分14.25分（满分15分）" in text
    # the national form: every category row, the empty ones too
    rows = body_rows(next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "一级指标"))
    assert len(rows) == 11 and rows[-1][0] == "总分" and rows[-1][-2] == "95.52"
    assert [r[1] for r in rows if r[1] and not r[2]] == ["经济效益指标", "生态效益指标"]
    funds = body_rows(table_after(doc, "单位："))
    assert [r[0] for r in funds[:3]] == ["主管部门", "实施单位", "资金来源"]
    assert funds[3][:6] == ["年度资金总额", "500.00", "480.00", "465.12", "96.9%", "96.90%"]


def test_html_uses_the_same_figures_and_escapes(tmp_path):
    html = render_html(analysis_of(REFERENCE))
    assert html.startswith("<!DOCTYPE html>")
    assert "二级指标13个，三级指标21个" in html and "总得分为97.00分" in html
    assert html.count("<tr>") > 60
    assert "data:image/png;base64," in html
    text = REFERENCE.read_text(encoding="utf-8").replace("  firm: 新疆华阳有限责任会计师事务所", "  firm: A&B<公司>")
    html = render_html(analysis_of(text))
    assert "A&amp;B&lt;公司&gt;" in html and "<公司>" not in html
    sample = render_html(analysis_of(SAMPLE))
    assert "绩效自评报告" in sample and "95.52" in sample


def test_context_formats_every_number_as_text():
    ctx = build_context(analysis_of(REFERENCE))

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)
        else:
            yield value

    kinds = {type(v) for v in walk(ctx)}
    assert kinds <= {str, bool, int, type(None)}, kinds
    assert ctx["system"]["n2"] == 13 and ctx["system"]["n3"] == 21
    assert ctx["summary"]["score"] == "97.00" and ctx["summary"]["grade"] == "优"


def test_pdf_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_SOFFICE", "")
    with pytest.raises(LibreOfficeMissing) as info:
        render_pdf(analysis_of(SAMPLE), tmp_path / "s.pdf")
    assert "libreoffice-writer-nogui" in str(info.value)
    result = CliRunner().invoke(main, ["report", str(SAMPLE), "-o", str(tmp_path / "s.docx"), "--pdf"])
    assert result.exit_code == 2
    assert "未找到 LibreOffice" in result.output and "apt-get install libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "s.pdf").exists() and not (tmp_path / "s.docx").exists()


@pytest.mark.skipif(not (HAVE_SOFFICE and HAVE_POPPLER),
                    reason="需要 LibreOffice 与 poppler-utils（LibreOffice and poppler-utils not installed）")
def test_pdf_renders_chinese_pages(tmp_path):
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(main, ["report", str(REFERENCE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "绩效评价报告" in text
    assert "三级指标21个" in text.replace(" ", "")
    assert "97.00" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages > 20
    # the contents page carries the page each chapter starts on
    import re

    entry = re.search(r"三、绩效评价分析\.{3,}(\d+)", text)
    assert entry, "contents without page numbers"
    chapter_page = int(entry.group(1))
    page_text = subprocess.run(["pdftotext", "-f", str(chapter_page), "-l", str(chapter_page), str(out), "-"],
                               capture_output=True, text=True, check=True).stdout
    assert "三、绩效评价分析" in page_text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    # the official fonts were replaced by installed CJK fonts, all embedded
    assert any(name in fonts for name in ("Bousung", "Noto", "ZenKai")), fonts
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "3", str(out), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == 3


def test_a_provisional_total_says_how_much_weight_was_scored(tmp_path):
    # B1 cannot be computed (no budget in the file): 30 of 100 points unassessed, so 67.00 差 is not a result yet
    path = tmp_path / "t.yaml"
    path.write_text(TREE, encoding="utf-8")
    out = tmp_path / "t.docx"
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(out), "--html"])
    assert result.exit_code == 0, result.output
    assert "总得分67.00分，绩效评级：差（暂定，已评分权重70/100）" in result.output
    sentence = "总得分为67.00分，绩效评级为“差”（暂定，已评分权重70/100）。"
    assert sentence in document_text(Document(str(out)))
    assert sentence in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_a_provisional_self_evaluation_says_how_much_weight_was_scored(tmp_path):
    # 参训人员满意度 (15 points) without 实际完成值
    path = tmp_path / "s.yaml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("actual: 93.5%, ", ""), encoding="utf-8")
    out = tmp_path / "s.docx"
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "自评复核总分80.52分，评级：良（暂定，已评分权重85/100）" in result.output
    text = document_text(Document(str(out)))
    assert "全部达成4个，未全部达成3个，未评分1个。" in text
    assert "自评等级为“良”（暂定，已评分权重85/100）。" in text
    assert "复核评级：良（暂定，已评分权重85/100）" in text
