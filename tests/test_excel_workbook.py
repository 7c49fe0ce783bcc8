"""Workbook template, import, export and round trips (jixiao template / import / export)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import REFERENCE, SAMPLE

from jixiao.analysis import analyse
from jixiao.cli import main
from jixiao.io.document import document_from_yaml, load_plain
from jixiao.sources import open_source
from jixiao.excel.read import load_workbook, workbook_document
from jixiao.excel.template import make_template
from jixiao.excel.write import export_workbook


def _doc(path: Path) -> dict:
    problems: list = []
    doc = document_from_yaml(path.read_text(encoding="utf-8"), str(path), problems)
    assert doc is not None and not problems
    return doc


def _same_numbers(a, b) -> bool:
    """Documents equal, figures compared as numbers (a workbook stores 45.00 as 45)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_numbers(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_numbers(x, y) for x, y in zip(a, b))
    if isinstance(a, str) and isinstance(b, str) and a != b:
        try:
            return Decimal(a.rstrip("%").replace(",", "")) == Decimal(b.rstrip("%").replace(",", "")) and a.endswith("%") == b.endswith("%")
        except ArithmeticError:
            return False
    return a == b


def _outcome(loaded):
    a = analyse(loaded.evaluation)
    scores = {
        "total": a.scorecard.total if a.scorecard else None,
        "self_total": a.self_scorecard.total if a.self_scorecard else None,
        "leaves": [(n.code, n.score) for n in a.scorecard.leaves()] if a.scorecard else [],
        "self_rows": [r.score for r in a.self_scorecard.rows] if a.self_scorecard else [],
    }
    problems = sorted((p.code, p.severity.value, p.message) for p in a.problems)
    return scores, problems


@pytest.mark.parametrize("example", [REFERENCE, SAMPLE], ids=["department", "selfeval"])
def test_yaml_to_workbook_to_yaml_keeps_every_figure_score_and_problem(example, tmp_path):
    out = tmp_path / "评价.xlsx"
    result = CliRunner().invoke(main, ["export", str(example), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = tmp_path / "back.yaml"
    result = CliRunner().invoke(main, ["import", str(out), "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert _same_numbers(_doc(example), _doc(back))
    assert _outcome(open_source(example)) == _outcome(open_source(back)) == _outcome(open_source(out))


def test_scored_export_shows_computed_scores_and_links_every_problem(tmp_path):
    out = export_workbook(_doc(REFERENCE), tmp_path / "scored.xlsx", scored=True)
    book = openpyxl.load_workbook(out)
    ws = book["指标体系"]
    heads = [c.value for c in ws[1]]
    score_col = heads.index("计算得分") + 1
    codes = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(row=codes["C11"], column=score_col).value == Decimal("8.00") or ws.cell(row=codes["C11"], column=score_col).value == 8
    total_row = max(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=3).value == "合计")
    assert Decimal(str(ws.cell(row=total_row, column=score_col).value)) == Decimal("97.00")
    checks = book["检查结果"]
    expected = analyse(open_source(REFERENCE).evaluation).problems
    rows = list(checks.iter_rows(min_row=2, values_only=False))
    assert len(rows) == len(expected)
    assert {r[3].value for r in rows} == {p.code for p in expected}
    linked = [r[2] for r in rows if r[2].hyperlink is not None]
    assert linked and all(c.hyperlink.location or c.hyperlink.target for c in linked)
    # the self-evaluation total mismatch points at the 总分 cell of the 自评表 sheet
    total = next(r for r in rows if r[3].value == "selfeval.total")
    sheet, cell = total[2].value.split("!")
    assert sheet == "自评表" and book[sheet][cell].value in (Decimal("99.60"), 99.6)
    # a scored workbook imports back to the same document
    doc, problems = workbook_document(out)
    assert doc is not None and _same_numbers(_doc(REFERENCE), doc)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    doc = _doc(SAMPLE)
    doc["title"] = "=HYPERLINK(\"http://example.com\",\"点击\")"
    doc["self_evaluation"]["indicators"][3]["reason"] = "+1-2 材料补正延迟"
    doc["self_evaluation"]["indicators"][5]["reason"] = "-整改中"
    doc["self_evaluation"]["goals"][0]["achieved"] = "@SUM(A1:A9)"
    out = export_workbook(doc, tmp_path / "f.xlsx")
    book = openpyxl.load_workbook(out)  # formulas are kept as formulas when reading this way
    texts = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in texts if c.value.startswith(("=", "+", "-", "@"))]
    assert len(risky) >= 4 and all(c.data_type == "s" for c in risky)
    back, problems = workbook_document(out)
    assert back is not None, [str(p) for p in problems]
    assert back["title"] == doc["title"]
    assert back["self_evaluation"]["indicators"][3]["reason"] == "+1-2 材料补正延迟"
    assert back["self_evaluation"]["goals"][0]["achieved"] == "@SUM(A1:A9)"


RULE_LABELS = {"levels": "等级评分", "deduct": "扣分制", "checklist": "要点评分", "step": "阶梯扣分", "band": "区间扣分",
               "threshold": "达标评分", "completion": "完成率评分"}
PARAM_LABELS = {"levels": "等级及得分", "per_item": "每项扣分", "findings": "扣分事项", "veto": "一票否决", "items": "评分要点",
                "full_at": "满分线", "per_point": "每个百分点扣分", "limit": "允许幅度", "max_deduct": "最多扣分",
                "overshoot": "超额偏差档", "misreport": "填报不实扣分", "falsified": "故意虚报"}


def _as_clerk_types(key: str, value):
    """A rule parameter as a clerk types it into its column."""
    if key == "levels":
        return "；".join(f"{level}={points}" for level, points in value.items())
    if key == "findings":
        return "\n".join(value) or "无"
    if key == "items":
        return "\n".join(f"{i['text']}；{i['points']}分；{'满足' if i['met'] == 'true' else '未满足'}" + (f"；{i['note']}" if "note" in i else "")
                         for i in value)
    if key == "overshoot":
        assert value == [{"upto": "10%", "deduct": "0"}, {"upto": "20%", "per_point": "1"}, {"above": "20%", "score": "0"}]
        return "偏差≤10%：不扣分\n偏差≤20%：每超1%扣1分\n偏差>20%：本项计0分"
    if value in ("true", "false"):
        return "是" if value == "true" else "否"
    return value if value.endswith("%") else float(value)


def _fill_table(ws, rows: list[dict]) -> None:
    heads = {c.value: c.column for c in ws[1] if c.value}
    for r, row in enumerate(rows, start=2):
        for head, value in row.items():
            cell = ws.cell(row=r, column=heads[head], value=value)
            cell.data_type = "s" if isinstance(value, str) else cell.data_type


def test_template_filled_with_the_reference_figures_scores_97(tmp_path):
    path = make_template("department", tmp_path / "模板.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:7] == ["基本信息", "预算", "资产", "绩效目标", "指标体系", "自评表", "发现与建议"]
    assert "填写说明" in book.sheetnames
    assert book["指标体系"].freeze_panes == "A2"
    rule_lists = [dv.formula1 for dv in book["指标体系"].data_validations.dataValidation]
    assert any("完成率评分" in f and "等级评分" in f for f in rule_lists)
    assert book["预算"]["D1"].value == "年初预算数"
    assert book["预算"]["D2"].number_format == "#,##0.00"  # 万元
    rate = next(c for row in book["自评表"].iter_rows() for c in row if c.value == "执行率")
    assert book["自评表"].cell(row=rate.row + 1, column=rate.column).number_format == "0.00%"

    ref = _doc(REFERENCE)
    info = book["基本信息"]
    keys = {info.cell(row=r, column=3).value: r for r in range(2, info.max_row + 1)}
    values = {"year": "2024", "entity.name": ref["entity"]["name"], "grading[2].min": "70",
              "budget.unit": "万元", "budget.carryover": "0", "budget.three_public.budget": "0",
              "budget.three_public.spent": "0", "assets.unit": "万元", "assets.in_use": "1319.92"}
    for key, value in values.items():
        info.cell(row=keys[key], column=2, value=value)

    budget_rows = []

    def lines(items, group, level):
        for line in items:
            budget_rows.append({"分组": group, "级次": level, "项目名称": line["name"],
                                **{h: float(line[k]) for k, h in (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("spent", "支出决算数")) if k in line}})
            lines(line.get("children", []), group, level + 1)

    lines(ref["budget"]["lines"], "预算明细", 1)
    lines(ref["budget"]["sources"], "资金来源", 1)
    _fill_table(book["预算"], budget_rows)
    _fill_table(book["资产"], [{"资产类别": c["name"], "期初金额": float(c["opening"]), "本期增加": float(c["increase"]),
                                "本期减少": float(c["decrease"]), "期末金额": float(c["closing"])} for c in ref["assets"]["categories"]])
    rows = []

    def walk(items, parent):
        for ind in items:
            row = {"指标编码": ind["code"], "指标名称": ind["name"]}
            if parent:
                row["上级编码"] = parent
            if "weight" in ind:
                row["权重"] = float(ind["weight"])
            if "benchmark" in ind:
                row["标杆值"] = ind["benchmark"]
            actual = ind.get("actual")
            if isinstance(actual, str):
                row["完成值"] = actual
            elif isinstance(actual, dict):
                if "metric" in actual:
                    row["计算指标"] = actual["metric"]
                if "value" in actual:
                    row["完成值"] = actual["value"]
                if "formula" in actual:
                    row["计算公式"] = actual["formula"]
                    row["公式输入值"] = "\n".join(f"{k}: {v}" for k, v in actual["inputs"].items())
            if "reported" in ind:
                row["填报值"] = ind["reported"]
            if "rule" in ind:
                row["规则类型"] = RULE_LABELS[ind["rule"]["type"]]
                for key, value in ind["rule"].items():
                    if key != "type":
                        row[param_heads[key]] = _as_clerk_types(key, value)
            rows.append(row)
            walk(ind.get("children", []), ind["code"])

    param_heads = {}
    for head in (c.value for c in book["指标体系"][1] if c.value):
        for key, label in PARAM_LABELS.items():
            if head.startswith(label + "（"):
                param_heads[key] = head
    walk(ref["indicators"], None)
    _fill_table(book["指标体系"], rows)
    book.save(tmp_path / "填好.xlsx")

    loaded = load_workbook(tmp_path / "填好.xlsx")
    assert loaded.ok, [str(p) for p in loaded.problems]
    result = CliRunner().invoke(main, ["score", str(tmp_path / "填好.xlsx")])
    assert result.exit_code == 0, result.output
    assert "总得分：97.00分" in result.output and "优" in result.output


@pytest.mark.parametrize("kind", ["project", "project_self_evaluation"])
def test_templates_of_every_kind_open_and_name_their_parts(kind, tmp_path):
    result = CliRunner().invoke(main, ["template", "--kind", kind, "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert {"基本信息", "自评表", "填写说明"} <= set(book.sheetnames)
    form = [c.value for row in book["自评表"].iter_rows() for c in row if c.value]
    for label in ("年初预算数", "全年预算数", "全年执行数", "一级指标", "三级指标", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "总分"):
        assert label in form
    assert "指标1：" in form


def test_national_form_with_merged_labels_blank_rows_and_text_numbers(tmp_path):
    from test_excel_fixtures import national_workbook

    national_workbook(tmp_path / "自评表.xlsx")
    loaded = open_source(tmp_path / "自评表.xlsx")
    assert loaded.ok, [str(p) for p in loaded.problems]
    form = loaded.evaluation.self_evaluation
    assert loaded.evaluation.project.implementer == "示例县就业服务管理中心"
    assert [i.name for i in form.indicators][:3] == ["职业技能培训人次", "新建技能大师工作室", "培训取证率"]
    assert len(form.indicators) == 8  # the blank 指标2 row is not an indicator
    assert form.indicators[1].level1 == "产出指标"  # merged 一级指标 cell read for every row
    assert form.funds.rows[0].rate.number == Decimal("96.9")
    a = analyse(loaded.evaluation)
    sample = analyse(open_source(SAMPLE).evaluation)
    assert a.self_scorecard.total == sample.self_scorecard.total
    assert a.self_scorecard.grade == "优"


def test_workbook_document_loads_like_yaml(tmp_path):
    out = export_workbook(_doc(SAMPLE), tmp_path / "s.xlsx")
    doc, problems = workbook_document(out)
    assert doc is not None
    assert load_plain(doc).ok


def test_self_evaluation_template_filled_like_the_sample_recomputes_95_52(tmp_path):
    from test_excel_fixtures import SAMPLE_FORM

    path = make_template("project_self_evaluation", tmp_path / "自评表模板.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["自评表"]
    where = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    ws.cell(row=where["项目名称"].row, column=2, value=SAMPLE_FORM["project"])
    ws.cell(row=where["实施单位"].row, column=6, value=SAMPLE_FORM["implementer"])
    for i, (name, initial, adjusted, spent, _, rate, score) in enumerate(SAMPLE_FORM["funds"]):
        r = where["年度资金总额"].row + i
        assert ws.cell(row=r, column=2).value  # the template names the funds rows
        for c, value in ((3, initial), (4, adjusted), (5, spent)):
            ws.cell(row=r, column=c, value=float(value))
        if i == 0:
            ws.cell(row=r, column=7, value=rate)
            ws.cell(row=r, column=8, value=float(score))
    for i, (l1, l2, name, target, actual, weight, score, reason) in enumerate(SAMPLE_FORM["indicators"]):
        r = where["指标1："].row + i
        for c, value in enumerate([l1, l2, f"指标{i + 1}：{name}", target, actual], start=2):
            ws.cell(row=r, column=c, value=value).data_type = "s"
        ws.cell(row=r, column=7, value=float(weight))
        ws.cell(row=r, column=8, value=float(score))
        ws.cell(row=r, column=9, value=reason or None)
    ws.cell(row=where["总分"].row, column=8, value=95.52)
    book.save(tmp_path / "填好.xlsx")
    loaded = load_workbook(tmp_path / "填好.xlsx")
    assert loaded.ok, [str(p) for p in loaded.problems]
    a = analyse(loaded.evaluation)
    assert str(round(a.self_scorecard.total, 2)) == "95.52" and a.self_scorecard.grade == "优"
    assert loaded.evaluation.project.name == SAMPLE_FORM["project"]
    assert not [p for p in a.problems if p.severity.value == "error"], [str(p) for p in a.problems]


def test_reference_department_form_as_printed_reads_and_recomputes(tmp_path):
    """附件3 部门（单位）整体支出绩效自评表: 部门名称, 分值权重, 指标设定依据, empty 一级指标 rows, "-" cells."""
    rows = [
     ["部门（单位）整体支出绩效自评表"], ["(2024年度)"],
     ["部门名称", "高新区（新市区）人力资源和社会保障局"],
     ["部门资金 (万元)", "资金来源", "年初预算数", "预算数（调整后）", "执行数", "执行率", "分值权重", "得分"],
     [None, "年度总资金:", "31,577.79", "31,577.79", "31,450.44", "99.60%", 10, 9.96],
     [None, "其中：上级资金（万元）", "16,674.79", "16,674.79", "16,547.56", "-", "-", "-"],
     [None, "本级资金（万元）", "14,903", "14,903", "14,902.88", "-", "-", "-"],
     [None, "其他资金（万元）", "0.00", "0.00", "0.00", "-", "-", "-"],
     ["年度总目标", "预期目标", None, None, "实际完成情况"],
     [None, "总体绩效目标……", None, None, "2024年，人社局……"],
     ["一级指标", "二级指标", "三级指标", "指标值", "指标设定依据", "实际完成值", "分值权重", "得分"],
     ["运行成本"], ["管理效率"],
     ["履职效能", "数量指标", "新增就业人数", "≥2.4万人", "工作计划", "=2.56万人", 15, 15],
     [None, None, "职业技能培训", "≥1.85万人次", "工作计划", "=1.92万人次", 20, 20],
     [None, "质量指标", "退休人员社会化管理覆盖率", "≥98%", "工作计划", "=100%", 20, 20],
     [None, None, "领取社会保险待遇资格认证率", "=100%", "工作计划", "=100%", 25, 25],
     [None, None, "举报投诉案件结案率", "≥97%", "工作计划", "=97.63%", 10, 10],
     ["社会效益"], ["可持续发展能力"], ["服务对象满意度"],
     ["总分", None, None, None, None, None, 100, 99.60],
    ]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "附件3"
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(tmp_path / "附件3.xlsx")
    loaded = open_source(tmp_path / "附件3.xlsx")
    assert loaded.ok, [str(p) for p in loaded.problems]
    form = loaded.evaluation.self_evaluation
    assert loaded.evaluation.project.name == "高新区（新市区）人力资源和社会保障局"
    assert [i.name for i in form.indicators][-1] == "举报投诉案件结案率" and len(form.indicators) == 5
    assert form.indicators[1].level2 == "数量指标" and form.indicators[1].basis == "工作计划"
    assert form.funds.rows[0].adjusted == Decimal("31577.79") and len(form.funds.rows) == 4
    a = analyse(loaded.evaluation)
    reference = analyse(open_source(REFERENCE).evaluation)
    assert a.self_scorecard.total == reference.self_scorecard.total  # 99.96, not the printed 99.60
    codes = {p.code for p in a.problems}
    assert {"selfeval.total", "selfeval.total_sum"} <= codes
    total = next(p for p in a.problems if p.code == "selfeval.total")
    assert total.where.sheet == "附件3" and "99.60" in total.message
