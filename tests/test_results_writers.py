"""The 结果应用报告 as Word and Excel, and `jixiao results`: the tables a bureau reads, with the figures
of the evaluations they count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from conftest import ROOT
from jixiao.cli import main
from jixiao.results import results_of, rules_from_texts
from jixiao.results.docx import write_docx
from jixiao.results.gather import gather
from jixiao.results.xlsx import write_xlsx

REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"
SAMPLE = ROOT / "examples" / "project-selfeval-sample.yaml"
CUT = rules_from_texts({"优": "压减5%", "良": "维持", "中": "压减10%", "差": "取消"}, "本局规则")


@pytest.fixture(scope="module")
def report():
    gathered = gather([REFERENCE, SAMPLE], {"xinshi-hrss-2024.yaml": (3, 4)})
    return results_of(gathered.entries, CUT)


def _table(doc, first_header: str, second: str | None = None):
    for t in doc.tables:
        head = [c.text for c in t.rows[0].cells]
        if head[0] == first_header and (second is None or head[1] == second):
            return [[c.text for c in row.cells] for row in t.rows]
    raise AssertionError(f"no table headed {first_header}")


def test_word_report_has_cover_tables_and_chart(report, tmp_path):
    out = write_docx(report, tmp_path / "结果应用报告.docx", bureau="示例市财政局", date=dt.date(2025, 6, 1))
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts.count("2024年度预算绩效评价结果应用报告") == 1 and "编制单位：示例市财政局" in texts
    assert "2025年6月" in texts
    assert [t for t in texts if t.startswith("表")] == ["表1 等级分布", "表2 各部门评价结果", "表3 一级指标得分率",
                                                        "表4 二级指标得分率", "表5 扣分较多的指标", "表6 评价结果与下年度预算安排"]
    assert _table(doc, "评价类型")[1:] == [["部门整体", "1", "0", "0", "0", "1"], ["项目", "1", "0", "0", "0", "1"],
                                         ["合计", "2", "0", "0", "0", "2"]]
    departments = _table(doc, "部门", "评价对象")
    assert ["97.00", "优", "3/4（75.00%）"] == departments[1][3:]
    assert departments[2][3:] == ["95.52", "优", "未统计"]
    families = {row[0]: row[-1] for row in _table(doc, "一级指标", "评价数")}
    assert families["部门决策"] == "92.86%" and families["效益指标"] == "85.00%"
    six = next([[c.text for c in r.cells] for r in t.rows] for t in doc.tables if t.rows[0].cells[3].text == "结果应用")
    assert six[1][3:7] == ["压减5%", "31,577.79", "31,577.79万元 × (1 − 5%) = 29,998.90万元", "29,998.90"]
    assert doc.inline_shapes and doc.paragraphs[texts.index("图1 一级指标得分率") - 1]._p.xpath(".//pic:pic")
    assert doc.styles["Normal"].font.name == "仿宋_GB2312"  # the evaluation report's own styles


def test_excel_report_keeps_text_as_text_and_figures_as_numbers(tmp_path):
    gathered = gather([REFERENCE])
    hostile = [entry_of_named(gathered.entries[0], "=HYPERLINK(\"x\")局")]
    out = write_xlsx(results_of(hostile, CUT), tmp_path / "结果.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:2] == ["说明", "表1 等级分布"]
    ws = book["表2 各部门评价结果"]
    assert ws["A3"].value == "=HYPERLINK(\"x\")局" and ws["A3"].data_type == "s"
    assert ws["D3"].value == Decimal("97.00") or ws["D3"].value == 97
    rates = book["表3 一级指标得分率"]
    row = next(r for r in rates.iter_rows(min_row=3) if r[0].value == "部门决策")
    assert round(row[4].value, 4) == 0.9286 and row[4].number_format == "0.00%"
    six = book["表6 评价结果与下年度预算安排"]
    assert six["E3"].value == pytest.approx(31577.79) and six["G3"].value == pytest.approx(29998.90)
    assert six["F3"].value == "31,577.79万元 × (1 − 5%) = 29,998.90万元"


def entry_of_named(entry, name):
    import dataclasses

    return dataclasses.replace(entry, department=name)


def test_cli_writes_word_and_excel_from_a_folder(tmp_path):
    folder = tmp_path / "评价"
    folder.mkdir()
    (folder / "a.yaml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    rules = tmp_path / "规则.yaml"
    rules.write_text("consequences:\n  优: 压减5%\n", encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["results", str(folder), "--rules", str(rules), "-o", str(tmp_path / "r.xlsx")])
    assert res.exit_code == 0, res.output
    assert "2个评价" in res.output and "优2个" in res.output
    six = openpyxl.load_workbook(tmp_path / "r.xlsx")["表6 评价结果与下年度预算安排"]
    assert {six["D3"].value, six["D4"].value} == {"压减5%"}
    res = runner.invoke(main, ["results", str(folder), "-o", str(tmp_path / "r.docx")])
    assert res.exit_code == 0 and (tmp_path / "r.docx").is_file()


def test_cli_says_what_is_wrong_with_the_rules(tmp_path):
    rules = tmp_path / "规则.yaml"
    rules.write_text("优: 优先保障\n差: 砍一半\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["results", str(REFERENCE), "--rules", str(rules), "-o", str(tmp_path / "r.docx")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "规则.yaml:2" in res.output and "“砍一半”不是结果应用规则" in res.output
    assert not (tmp_path / "r.docx").exists()
    res = CliRunner().invoke(main, ["results", str(REFERENCE), "-o", str(tmp_path / "r.pdf")])
    assert res.exit_code == 2 and "应以 .docx" in res.output


def test_results_is_listed_without_loading_it():
    res = CliRunner().invoke(main, ["--help"])
    assert "results" in res.output and "结果应用报告" in res.output
