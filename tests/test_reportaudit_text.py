"""`jixiao audit` on delivered reports: the reference report's contradictions found where a reader
looks for them, nothing raised on text that agrees, and hostile files refused in Chinese."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from jixiao.reportaudit import audit_file
from jixiao.render.places import document_place

REFERENCE_TEXT = ROOT / "tests" / "fixtures" / "reference-report" / "000_e5376d201a09ce67.txt"
REFERENCE_DOCX = ROOT / "tests" / "fixtures" / "reference-report" / "report.docx"

# What a careful reader finds in the reference report's text, with its line in the file.
EXPECTED_TEXT = {
    ("audit.toc_title", 151),          # 目录 一、基本情况 / 正文 一、基本概况
    ("audit.toc_page", 176),           # 目录页码 3030
    ("audit.toc_page", 178),           # 目录页码 3130
    ("audit.heading_duplicate", 433),  # （六）评价指标体系及评价标准 repeats （五）
    ("audit.level1_name", 423),        # 部门决算 for 部门决策
    ("audit.level1_name", 512),        # (二) 部门管理: “对部门决策设定的标杆值”
    ("audit.level_count", 427),        # 三级指标20个, the tables list 21
    ("findings.rate", 240),            # 受理2410件，结案2227件，结案率97% (92.41%)
    ("findings.rate", 805),            # the same sentence in 附件2 信息基础表
    ("findings.rate", 816),            # and in 附件3's 实际完成情况 cell: “……结案2227件。结案率达97%”
    ("audit.indicator_value", 478),    # 表3-1 A42 标杆值 合理, 附件1 较为合理
    ("audit.indicator_parent", 518),   # 表3-2 B11 under “B2 制度管理”, 附件1 “B1 制度建设”
    ("audit.budget_figure", 792),      # 信息基础表 预算调整数 31,577.79万元, the budget was not adjusted (0)
    ("audit.selfeval_stated", 124),    # 摘要: 绩效自评填报实际完成值为97%, 附件3 says =97.63%
    ("audit.selfeval_stated", 685),    # the same in 五、(二) 存在问题
    # jixiao's own checks on the evaluation the report's tables make (places: 附件1, 附件3, the prose):
    ("weights.standard_full_marks", 748),  # B21, B22, B41, B51: 评分标准 full marks ≠ weight
    ("selfeval.total", 816), ("selfeval.total_sum", 816),  # 自评表 总分 99.60, the rows add up to 99.96
    ("reconcile.reported", 618),       # C23's analysis: 填报值为97%, 97.63% on the 自评表
    ("findings.figure", 118),          # 摘要: 超出预期指标值6.67% from the rounded 2.56万人; 25,632人 gives 6.80%
    ("findings.figure", 679),          # the same in 五、(二) 存在问题
}


def _found(result) -> set[tuple[str, int | None]]:
    return {(p.code, p.where.line) for p in result.problems}


def test_reference_text_contradictions_found_at_their_lines():
    result = audit_file(REFERENCE_TEXT, "报告.txt")
    assert _found(result) == EXPECTED_TEXT
    full_marks = [p for p in result.problems if p.code == "weights.standard_full_marks"]
    assert sorted(p.where.indicator for p in full_marks) == ["B21", "B22", "B41", "B51"]
    assert {(p.where.table, p.where.cell_col) for p in full_marks} == {("附件1", 5)}  # the 评分标准 cell


def test_reference_places_name_table_cells_and_headings():
    result = audit_file(REFERENCE_TEXT, "报告.txt")
    places = {p.code: document_place(p.where) for p in result.problems}
    assert places["audit.indicator_parent"].startswith("表3-2 第2行第2列")
    assert places["audit.indicator_value"].startswith("表3-1 第6行第5列")
    assert "二、评价工作简述 · (五)评价指标体系及评价标准 · 1.评价指标体系" in places["audit.level_count"]


@pytest.mark.skipif(not REFERENCE_DOCX.exists(), reason="the Word fixture is built by tests/fixtures/reference-report/build.py")
def test_reference_docx_finds_the_same_at_paragraphs_and_cells():
    result = audit_file(REFERENCE_DOCX, "报告.docx")
    codes = sorted(p.code for p in result.problems)
    assert codes.count("audit.toc_page") == 2 and codes.count("audit.indicator_parent") == 1
    parent = next(p for p in result.problems if p.code == "audit.indicator_parent")
    import docx

    word = docx.Document(str(REFERENCE_DOCX))
    cell = word.tables[parent.where.table_index].cell(parent.where.cell_row, parent.where.cell_col)
    assert "制度管理" in cell.text  # the comment goes where the wrong name is printed
    count = next(p for p in result.problems if p.code == "audit.level_count")
    assert "三级指标20个" in word.paragraphs[count.where.paragraph].text


CONSISTENT = """# 示例局2024年度部门整体支出绩效评价报告

# 目 录

一、基本情况 .....\t1
二、评价结论 .....\t2

# 示例局2024年度部门整体支出绩效评价报告

## 一、基本情况

### （一）重点工作

全年城镇新增就业25,632人，劳动仲裁受理案件2410件（仲裁1161，乡街1249），结案2230件，结案率92.53%。举办招聘活动52场。

### （二）评价指标

指标体系分为“部门决策、部门管理”2个一级指标，二级指标3个、三级指标3个。

## 二、评价结论

新增就业2.56万人，举办招聘活动52场。部门决策类指标由2个二级指标、2个三级指标构成，权重分值40分，实际得分39分。

表3-1 指标得分情况表

一级指标\t二级指标\t三级指标\t权重\t标杆值\t完成值\t得分\t得分率
A 部门决策 (40分)\tA1 职能\tA11 职能设定明确性\t20\t明确\t明确\t20\t100.00%
\tA2 目标\tA21 绩效目标合理性\t20\t≤100.00%\t100%\t19\t95.00%
合计\t\t\t40\t-\t-\t39\t97.50%

附件1: 综合评分表

一级指标\t二级指标\t三级指标\t权重\t评分标准\t标杆值\t完成值\t得分\t扣分原因\t得分率
A 部门决策 (40分)\tA1 职能 (20分)\tA11 职能设定明确性\t20\t明确得20分\t明确\t明确\t20\t\t100%
\tA2 目标 (20分)\tA21 绩效目标合理性\t20\t达到得20分\t≤100%\t100%\t19\t略\t95%
B 部门管理 (60分)\tB1 管理 (60分)\tB11 制度健全性\t60\t健全得60分\t健全\t健全\t60\t\t100%
合计\t\t\t100\t\t\t\t99\t\t99%
"""


def test_consistent_report_raises_nothing(tmp_path):
    # the same figure at two precisions (2.56万人, 25,632人), ≤100% and ≤100.00%, parts that add up
    path = tmp_path / "报告.md"
    path.write_text(CONSISTENT, encoding="utf-8")
    result = audit_file(path)
    assert result.problems == ()


def test_one_wrong_figure_is_found(tmp_path):
    path = tmp_path / "报告.md"
    path.write_text(CONSISTENT.replace("（仲裁1161，乡街1249）", "（仲裁1161，乡街1259）")
                    .replace("二级指标3个", "二级指标4个"), encoding="utf-8")
    assert {p.code for p in audit_file(path).problems} == {"audit.parts", "audit.level_count"}


def test_generated_report_raises_only_what_check_finds_in_its_evaluation(tmp_path):
    # jixiao's own report prints every table and every passage from one source: nothing may
    # disagree but what `jixiao check` finds in that source — 结案率97% beside 2410/2227 included.
    out = tmp_path / "报告.docx"
    subprocess.run([sys.executable, "-m", "jixiao.cli", "report", str(ROOT / "examples" / "xinshi-hrss-2024.yaml"),
                    "-o", str(out)], capture_output=True)
    assert out.exists()  # (it exits 1: the evaluation has errors of its own)
    result = audit_file(out)
    checked = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", "--json",
                              str(ROOT / "examples" / "xinshi-hrss-2024.yaml")], capture_output=True, text=True)
    by_check = json.loads(checked.stdout)
    assert {p.code for p in result.problems} <= {p["code"] for p in by_check}  # nothing the evaluation does not say
    errors = {p.code for p in result.problems if p.severity.value == "error"}
    assert errors == {p["code"] for p in by_check if p["severity"] == "error"}
    said = {p["message"] for p in by_check if p["code"] == "findings.rate"}
    assert said and {p.message for p in result.problems if p.code == "findings.rate"} == said


class _Done:
    def __init__(self, result):
        self.returncode, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr


def _cli(*args: str) -> _Done:
    from click.testing import CliRunner

    from jixiao.cli import main

    result = CliRunner().invoke(main, ["audit", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return _Done(result)


def test_cli_exit_codes_json_and_workbook(tmp_path):
    done = _cli(str(REFERENCE_TEXT), "--json", "-o", str(tmp_path / "复核.xlsx"))
    assert done.returncode == 1
    rows = json.loads(done.stdout)
    assert {r["code"] for r in rows} >= {"findings.rate", "audit.level_count"} and all(r["place"] for r in rows)
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "复核.xlsx")["问题清单"]
    assert ws.max_row == len(rows) + 1 and ws["B2"].value in ("错误", "警告", "提示")
    ok = tmp_path / "ok.md"
    ok.write_text(CONSISTENT, encoding="utf-8")
    assert _cli(str(ok)).returncode == 0


@pytest.mark.parametrize("name,data,words", [
    ("报告.docx", b"this is not a zip", "不是有效的 Word 文档"),
    ("报告.pdf", b"<html>not a pdf</html>", "不是有效的 PDF"),
    ("报告.xlsx", b"PK", "不支持的文件类型"),
    ("报告.txt", b"\xff\xfe\x00\xd8" * 10, "文件编码无法识别"),
])
def test_hostile_files_are_refused_in_chinese(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    done = _cli(str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr + done.stdout
    assert words in done.stdout


def test_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_UNZIPPED_MB", "1")
    path = tmp_path / "报告.txt"
    path.write_bytes(b"a" * (2 * 1024 * 1024))
    result = audit_file(path)
    assert [p.code for p in result.problems] == ["audit.too_large"] and "上限" in result.problems[0].message


def test_nested_tables_are_read_once(tmp_path):
    import docx

    word = docx.Document()
    word.add_paragraph("表3-1 指标得分情况表")
    outer = word.add_table(rows=2, cols=2)
    outer.cell(0, 0).text = "指标"
    inner = outer.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "深层"
    outer.cell(0, 0).merge(outer.cell(1, 0))
    path = tmp_path / "报告.docx"
    word.save(str(path))
    result = audit_file(path)
    assert result.readable
    table = result.document.tables[0]
    assert [(c.text, c.rowspan) for c in table.rows[0]][0] == ("指标", 2)


def test_cli_annotates_a_word_report(tmp_path):
    import docx

    out = tmp_path / "批注.docx"
    done = _cli(str(REFERENCE_DOCX), "--annotate", str(out))
    assert done.returncode == 1 and "已写出批注版报告" in done.stdout
    assert len(docx.Document(str(out)).comments) == len(audit_file(REFERENCE_DOCX).problems)
    refused = _cli(str(REFERENCE_TEXT), "--annotate", str(tmp_path / "x.docx"))
    assert refused.returncode == 2 and not (tmp_path / "x.docx").exists()


def test_a_grade_the_bands_do_not_give_is_found(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_text(REFERENCE_TEXT.read_text(encoding="utf-8").replace("绩效评级为“优”", "绩效评级为“良”"), encoding="utf-8")
    found = [p for p in audit_file(path).problems if p.code == "audit.total_grade"]
    assert len(found) == 1 and "应为“优”" in found[0].message  # the report's own 定级标准: 90（含）以上为优


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice converts .doc")
def test_an_old_word_file_is_converted_and_audited(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(REFERENCE_DOCX)], capture_output=True, timeout=180)
    result = audit_file(tmp_path / "report.doc", "报告.doc")
    assert {"audit.indicator_parent", "audit.level_count", "selfeval.total", "weights.standard_full_marks"} <= {
        p.code for p in result.problems}


def test_a_truncated_pdf_is_refused_in_chinese(tmp_path):
    path = tmp_path / "报告.pdf"
    path.write_bytes((ROOT / "tests" / "fixtures" / "reference-report" / "report.pdf").read_bytes()[:5000])
    done = _cli(str(path))
    assert done.returncode in (1, 2) and "Traceback" not in done.stdout + done.stderr
    result = audit_file(path)
    assert not result.readable or all(p.message for p in result.problems)


def test_a_report_reads_as_an_evaluation_like_any_other_format():
    from jixiao.analysis import analyse
    from jixiao.reportaudit.source import REPORT, is_report

    loaded = REPORT.read(REFERENCE_DOCX, "报告.docx")
    analysis = analyse(loaded.evaluation)
    assert analysis.headline.text == "97.00分 优" and len(analysis.scorecard.leaves()) == 21
    assert is_report(REFERENCE_DOCX)
    text = REPORT.read(REFERENCE_TEXT, "报告.txt").evaluation  # the cover's name runs over a Markdown line break
    assert text.entity.name == "乌鲁木齐高新技术产业开发区(乌鲁木齐市新市区)人力资源和社会保障局" and text.year == 2024
    assert not any(is_report(form) for form in (ROOT / "tests" / "forms").glob("*/form.docx"))  # Word 自评表


def test_a_project_self_evaluation_report_finds_what_check_finds(tmp_path):
    # a 自评报告 has neither 摘要 nor 目录 nor 附件: its 一、 opens the body and its 自评表 is the evaluation
    from jixiao.analysis import analyse
    from jixiao.reportaudit.source import REPORT

    sample = ROOT / "examples" / "project-selfeval-sample.yaml"
    out = tmp_path / "自评.docx"
    subprocess.run([sys.executable, "-m", "jixiao.cli", "report", str(sample), "-o", str(out)], capture_output=True)
    checked = subprocess.run([sys.executable, "-m", "jixiao.cli", "check", "--json", str(sample)], capture_output=True, text=True)
    assert sorted(p.code for p in audit_file(out).problems) == sorted(p["code"] for p in json.loads(checked.stdout))
    assert analyse(REPORT.read(out, "自评.docx").evaluation).headline.text == "95.52分 优"


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="the PDF report needs LibreOffice")
def test_generated_pdf_report_raises_what_its_word_version_raises(tmp_path):
    # jixiao's own PDF: page footers (— 37 —), 附件1 over five pages with its header repeated, a real TOC
    out = tmp_path / "报告.docx"
    subprocess.run([sys.executable, "-m", "jixiao.cli", "report", str(ROOT / "examples" / "xinshi-hrss-2024.yaml"),
                    "-o", str(out), "--pdf"], capture_output=True, timeout=300)
    word, pdf = audit_file(out), audit_file(out.with_suffix(".pdf"))
    assert sorted(p.code for p in pdf.problems) == sorted(p.code for p in word.problems)
    assert all(p.where.page for p in pdf.problems)


ALIGNED = """## （二）部门管理

表3-2 部门管理类指标得分情况表

一级指标            二级指标        三级指标                权重    标杆值    完成值    得分    得分率
B 部门管理 (7分)    B2 制度管理     B11 内部控制制度健全性  4       健全      健全      4       100%
                    B2 预算管理     B21 预算编制合理性      3       合理      合理      3       100%

附件1: 综合评分表

一级指标            二级指标            三级指标                权重    评分标准       标杆值    完成值    得分
B 部门管理 (7分)    B1 制度建设 (4分)   B11 内部控制制度健全性  4       健全得4分      健全      健全      4
                    B2 预算管理 (3分)   B21 预算编制合理性      3       合理得3分      合理      合理      3
"""


def test_tables_aligned_by_spaces_are_read_by_their_columns(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_text(ALIGNED, encoding="utf-8")
    result = audit_file(path)
    parent = [p for p in result.problems if p.code == "audit.indicator_parent"]
    assert [(p.where.table, p.where.cell_row, p.where.cell_col) for p in parent] == [("表3-2", 1, 1)]
    assert result.document.tables[0].grid()[2][0] == "B 部门管理 (7分)"  # the blank first cell: merged from above


def test_a_word_file_whose_body_is_huge_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    import jixiao.sources.docx_form as docx_form

    monkeypatch.setattr(docx_form, "MAX_DOCUMENT", 10_000)  # the reference report's body is larger than this
    result = audit_file(REFERENCE_DOCX, "报告.docx")
    assert [p.code for p in result.problems] == ["audit.too_large"] and "超过上限" in result.problems[0].message


def test_every_door_names_a_report_place_as_the_reader_sees_it():
    from jixiao.render.places import problem_place

    result = audit_file(REFERENCE_DOCX, "报告.docx")
    parent = next(p for p in result.problems if p.code == "audit.indicator_parent")
    assert problem_place({}, parent) == "表3-2 第2行第2列"
