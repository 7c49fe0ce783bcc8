"""The workbook as a clerk fills it: Chinese dropdowns, one labelled column per rule parameter, no YAML."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import REFERENCE

from jixiao.analysis import analyse
from jixiao.cli import main
from jixiao.excel.read import load_workbook
from jixiao.excel.template import make_template
from jixiao.excel.write import export_workbook
from jixiao.io.document import document_from_yaml, dump_yaml
from jixiao.numbers import round_half_up

LATIN = re.compile(r"[A-Za-z]")


def _reference_doc() -> dict:
    return document_from_yaml(REFERENCE.read_text(encoding="utf-8"), str(REFERENCE), [])


def _sheet(ws) -> tuple[dict[str, int], dict[str, int]]:
    """{header: column} and {indicator code: row} of the 指标体系 sheet."""
    heads = {c.value: c.column for c in ws[1] if c.value}
    codes = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value}
    return heads, codes


def _scores(path: Path) -> dict:
    loaded = load_workbook(path)
    assert loaded.ok, [str(p) for p in loaded.problems]
    card = analyse(loaded.evaluation).scorecard
    return {"total": round_half_up(card.total, 2), **{code: node.score for code, node in card.by_code.items()}}


def test_template_dropdowns_and_rule_columns_speak_chinese(tmp_path):
    book = openpyxl.load_workbook(make_template("department", tmp_path / "模板.xlsx"))
    ws = book["指标体系"]
    heads = [c.value for c in ws[1] if c.value]
    assert not [h for h in heads if LATIN.search(h)], heads
    assert "规则参数" not in heads  # no YAML cell: a column per parameter instead
    for head in ("等级及得分（等级评分）", "每项扣分（扣分制）", "扣分事项（扣分制）", "评分要点（要点评分）", "满分线（阶梯扣分）",
                 "每个百分点扣分（阶梯扣分、区间扣分）", "超额偏差档（完成率评分）", "故意虚报（完成率评分）"):
        assert head in heads, head
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation if dv.formula1}
    column = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate((c.value for c in ws[1]), start=1)}
    assert lists[column["规则类型"] + "2"] == '"等级评分,扣分制,要点评分,阶梯扣分,区间扣分,达标评分,完成率评分,比率得分,定性分档,评价人评分,得分系数,分段计分,二者择其一,汇总计分,方向未定"'
    assert lists[column["一票否决（扣分制）"] + "2"] == '"是,否"'
    for sheet in book.worksheets:
        for dv in sheet.data_validations.dataValidation:
            assert not (dv.formula1 and LATIN.search(dv.formula1)), (sheet.title, dv.formula1)
    prompts = {str(dv.sqref).split(":")[0]: dv.prompt for dv in ws.data_validations.dataValidation if dv.prompt}
    assert "例如：95%" in prompts[column["满分线（阶梯扣分）"] + "2"]
    assert ws[column["满分线（阶梯扣分）"] + "2"].number_format == "@"  # 95% typed stays 95%, not 0.95

    info = book["基本信息"]
    kind = next(r for r in range(2, info.max_row + 1) if info.cell(row=r, column=3).value == "kind")
    assert info.cell(row=kind, column=2).value == "部门整体支出绩效评价"
    guide = " ".join(str(c.value) for row in book["填写说明"].iter_rows() for c in row if c.value)
    assert "levels" not in guide and "键: 值" not in guide


def test_exported_rules_read_as_text_not_yaml(tmp_path):
    ws = openpyxl.load_workbook(export_workbook(_reference_doc(), tmp_path / "评价.xlsx"))["指标体系"]
    heads, codes = _sheet(ws)
    cell = lambda code, head: ws.cell(row=codes[code], column=heads[head]).value  # noqa: E731
    assert cell("A11", "规则类型") == "等级评分"
    assert cell("A11", "等级及得分（等级评分）") == "明确=2；职责不清晰=1；未进行职责分解=0"
    assert cell("A21", "扣分事项（扣分制）") == "无"  # checked, nothing found
    assert cell("B31", "一票否决（扣分制）") == "否"
    assert cell("A42", "评分要点（要点评分）").splitlines()[-1] == "预期产出为正常的业绩水平；1分；未满足；新增就业人数指标值设置偏低，不符合正常的业绩水平"
    assert cell("C11", "超额偏差档（完成率评分）") == "偏差≤10%：扣0分\n偏差≤20%：每超1%扣1分\n偏差>20%：计0分"
    first, last = heads["规则类型"], heads["分析"]
    texts = [str(c.value) for row in ws.iter_rows(min_row=2, min_col=first, max_col=last - 1) for c in row if c.value is not None]
    assert texts and not [t for t in texts if LATIN.search(t) or "{" in t], texts


def test_a_clerk_changes_parameters_in_their_columns_and_the_scores_follow(tmp_path):
    path = export_workbook(_reference_doc(), tmp_path / "评价.xlsx")
    before = _scores(path)
    assert before["total"] == Decimal("97.00")
    book = openpyxl.load_workbook(path)
    ws = book["指标体系"]
    heads, codes = _sheet(ws)
    ws.cell(row=codes["B22"], column=heads["满分线（阶梯扣分）"], value="100%")
    ws.cell(row=codes["A21"], column=heads["扣分事项（扣分制）"], value="未制定中长期规划（扣1分）\n规划与上级规划不衔接")
    ws.cell(row=codes["A11"], column=heads["等级及得分（等级评分）"], value="明确=1；职责不清晰=0.5；未进行职责分解=0")
    ws.cell(row=codes["A11"], column=heads["规则类型"], value="等级评分")
    book.save(path)
    after = _scores(path)
    assert round_half_up(after["B22"], 2) == Decimal("3.96")  # 99.60% is 0.40 points below 100%, × 0.10
    assert after["A21"] == Decimal("0.5")  # 2 − 1 − 0.5
    assert after["A11"] == Decimal("1")
    assert after["total"] == Decimal("94.46")  # 97.00 − 0.04 − 1.5 − 1


def test_a_parameter_of_another_rule_type_or_badly_written_is_named_at_its_cell(tmp_path):
    path = export_workbook(_reference_doc(), tmp_path / "评价.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["指标体系"]
    heads, codes = _sheet(ws)
    wrong_type = ws.cell(row=codes["B22"], column=heads["每项扣分（扣分制）"], value=0.5)
    wrong_text = ws.cell(row=codes["A11"], column=heads["等级及得分（等级评分）"], value="明确两分")
    book.save(path)
    out = tmp_path / "评价.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert f"指标体系!{wrong_type.coordinate}" in result.output
    assert "规则类型为“阶梯扣分”的指标不使用“每项扣分”" in result.output
    assert f"指标体系!{wrong_text.coordinate}" in result.output
    assert "“明确两分”应写成 等级=得分" in result.output
    assert "Traceback" not in result.output


def test_an_older_workbook_with_english_types_and_a_yaml_cell_still_imports(tmp_path):
    doc = _reference_doc()
    rules = {}

    def walk(items):
        for ind in items:
            if "rule" in ind:
                rules[ind["code"]] = ind["rule"]
            walk(ind.get("children") or [])

    walk(doc["indicators"])
    path = export_workbook(doc, tmp_path / "旧.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["指标体系"]
    heads, codes = _sheet(ws)
    # the layout before labelled columns: English type names and one 规则参数 cell of YAML
    first = heads["等级及得分（等级评分）"]
    ws.delete_cols(first, heads["分析"] - first)
    ws.cell(row=1, column=first, value="规则参数")
    for code, row in codes.items():
        if code in rules:
            ws.cell(row=row, column=heads["规则类型"], value=rules[code]["type"])
            params = {k: v for k, v in rules[code].items() if k != "type"}
            ws.cell(row=row, column=first, value=dump_yaml(params) if params else None)
    info = book["基本信息"]
    kind = next(r for r in range(2, info.max_row + 1) if info.cell(row=r, column=3).value == "kind")
    info.cell(row=kind, column=2, value="department")
    book.save(path)
    assert _scores(path)["total"] == Decimal("97.00")


def test_a_self_evaluation_rule_is_one_readable_cell_and_reads_back(tmp_path):
    from conftest import SAMPLE

    from jixiao.excel.read import workbook_document

    doc = document_from_yaml(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE), [])
    rows = doc["self_evaluation"]["indicators"]
    rows[2]["rule"] = {"type": "step", "full_at": "80%", "per_point": "0.5"}
    rows[3]["rule"] = {"type": "completion", "overshoot": [{"upto": "10%", "deduct": "0"}, {"above": "10%", "score": "0"}],
                       "misreport": "1"}
    path = export_workbook(doc, tmp_path / "自评.xlsx")
    ws = openpyxl.load_workbook(path)["自评表"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("规则类型")]
    assert texts == ["规则类型：阶梯扣分\n满分线：80%\n每个百分点扣分：0.5",
                     "规则类型：完成率评分\n超额偏差档：偏差≤10%：扣0分\n偏差>10%：计0分\n填报不实扣分：1"]
    back, problems = workbook_document(path)
    assert back is not None, [str(p) for p in problems]
    assert back["self_evaluation"]["indicators"][2]["rule"] == rows[2]["rule"]
    assert back["self_evaluation"]["indicators"][3]["rule"] == rows[3]["rule"]

    # a form written before: the same rule as YAML in the cell
    book = openpyxl.load_workbook(path)
    ws = book["自评表"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == texts[0])
    cell.value = "type: step\nfull_at: 80%\nper_point: 0.5"
    book.save(path)
    back, problems = workbook_document(path)
    assert back is not None and back["self_evaluation"]["indicators"][2]["rule"] == rows[2]["rule"]
