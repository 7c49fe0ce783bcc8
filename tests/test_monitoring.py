"""绩效运行监控表: read from YAML and from workbooks in the national layout (real published forms in
tests/forms/monitoring/), checked against the 预警 rules, written back and read again, and `jixiao monitor`."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from jixiao.analysis import analyse
from jixiao.cli import main
from jixiao.excel.monitoring_write import write_monitoring
from jixiao.io.format1_monitoring import RULES_FILE, read_rules
from jixiao.model.monitoring import AlertRules, targets_from
from jixiao.sources import open_source, open_text

FORM = """\
format: 1
kind: monitoring
year: 2024
monitoring:
  name: 就业培训补贴项目
  department: 人力资源和社会保障局
  implementer: 就业服务中心
  months: 7
  funds:
    - {name: 年度资金总额, budget: 200, executed: 100}
    - {name: 财政拨款, budget: 200, executed: 100}
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥2000人次, progress: 1200人次, likelihood: 确定能}
    - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%, progress: 85%, likelihood: 确定能}
    - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤500元/人, progress: 480元/人}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%, progress: 尚未调查}
"""


def _load(text: str = FORM, **edits):
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    loaded = open_text(text, "监控表.yaml")
    assert loaded.ok, [p.message for p in loaded.problems]
    return loaded.evaluation


def _alerts(ev, rules: AlertRules | None = None):
    if rules is not None:
        ev = dataclasses.replace(ev, monitoring=dataclasses.replace(ev.monitoring, rules=rules))
    return [p for p in analyse(ev).problems if p.code.startswith("monitoring.")]


def _codes(ev, rules=None):
    return sorted(p.code for p in _alerts(ev, rules))


def test_a_form_on_course_gives_no_alert():
    # 100 ÷ 200 = 50% against 7 ÷ 12 = 58.33%: 8.33 points behind, inside the 10-point line
    assert _alerts(_load()) == []


def test_execution_more_than_ten_points_behind_the_time_progress_is_an_alert_with_its_arithmetic():
    (lag, why) = _alerts(_load(**{"budget: 200, executed: 100}\n    - {name: 财政拨款": "budget: 200, executed: 60}\n    - {name: 财政拨款"}))
    assert lag.code == "monitoring.execution_lag" and lag.where.line == 10
    assert "60万元 ÷ 全年预算数 200万元 = 30.00%" in lag.message and "7 ÷ 12 = 58.33%" in lag.message
    assert "落后 28.33 个百分点（预警线 10 个百分点）" in lag.message
    assert why.code == "monitoring.reason_missing"


def test_the_bureau_moves_the_line_or_switches_a_rule_off():
    ev = _load(**{"budget: 200, executed: 100}\n    - {name: 财政拨款": "budget: 200, executed: 60}\n    - {name: 财政拨款"})
    assert _codes(ev, AlertRules(lag_points=Decimal(30))) == []
    assert _codes(ev, AlertRules(lag=False)) == []
    assert _codes(_load(), AlertRules(lag_points=Decimal(5))) == ["monitoring.execution_lag", "monitoring.reason_missing"]


def test_execution_above_the_budget_is_an_error():
    (over,) = [p for p in _alerts(_load(**{"executed: 100}\n    - {name: 财政拨款, budget: 200, executed: 100}": "executed: 100}\n    - {name: 财政拨款, budget: 80, executed: 100}"}))]
    assert over.code == "monitoring.over_budget" and over.severity.value == "error"
    assert "执行数 100万元 > 全年预算数 80万元，超出 20万元" in over.message


def test_a_zero_budget_is_said_not_divided_by():
    (said,) = _alerts(_load(**{"budget: 200, executed: 100}\n    - {name: 财政拨款": "budget: 0, executed: 0}\n    - {name: 财政拨款"}))
    assert "全年预算数为 0，无法计算预算执行进度" in said.message


def test_a_count_whose_pace_cannot_reach_the_annual_value_is_projected_linearly():
    ev = _load(**{"progress: 1200人次, likelihood: 确定能": "progress: 700, likelihood: 确定能"})
    why, unreachable = sorted(_alerts(ev), key=lambda p: p.code)
    assert unreachable.code == "monitoring.target_unreachable" and unreachable.where.line == 13
    assert "全年 = 700 × 12 ÷ 7 = 1,200.00人次，达不到年度指标值 ≥2000人次（还差 800.00人次）" in unreachable.message
    assert why.code == "monitoring.reason_missing" and "培训人次" in why.message
    # 85% against ≥90% is a rate, not a count: it is not projected
    assert all("培训合格率" not in p.message for p in _alerts(ev))


def test_the_projection_may_be_given_a_tolerance():
    ev = _load(**{"progress: 1200人次": "progress: 1100人次"})  # 1100 × 12 ÷ 7 = 1885.71 against 2000
    assert _codes(ev) == ["monitoring.reason_missing", "monitoring.target_unreachable"]
    assert _codes(ev, AlertRules(unreachable_share=Decimal(10))) == []


def test_a_cost_already_above_its_ceiling_is_an_error():
    ev = _load(**{"progress: 480元/人": "progress: 520元/人"})
    cost = next(p for p in _alerts(ev) if p.code == "monitoring.cost_over")
    assert "1—7月已发生 520元/人，超过成本上限 ≤500元/人（超出 20元/人）" in cost.message and cost.severity.value == "error"


def test_a_doubtful_likelihood_needs_its_reason_and_measure():
    ev = _load(**{"progress: 85%, likelihood: 确定能": "progress: 85%, likelihood: 有可能"})
    (why,) = _alerts(ev)
    assert why.code == "monitoring.reason_missing" and "完成可能性为“有可能”" in why.message
    explained = _load(**{"progress: 85%, likelihood: 确定能": "progress: 85%, likelihood: 有可能, reason: 下半年集中考核, measure: 加强培训"})
    assert _alerts(explained) == []
    assert _alerts(ev, AlertRules(reason_missing=False)) == []


def test_a_rules_file_is_read_with_its_defaults_and_refused_at_its_line():
    from jixiao.sources import open_settings

    rules, problems = read_rules(open_settings("lag_points: 15\nreason_missing: false\n", "规则.yaml", **RULES_FILE))
    assert problems == [] and rules == AlertRules(lag_points=Decimal(15), reason_missing=False)
    _, problems = read_rules(open_settings("lag_points: 150\n", "规则.yaml", **RULES_FILE))
    assert "应在 0 到 100 之间" in problems[0].message and problems[0].where.line == 1
    _, problems = read_rules(open_settings("- 10\n", "规则.yaml", **RULES_FILE))
    assert problems[0].code == "input.type" and "预警规则文件应为键值表" in problems[0].message


def test_targets_left_blank_come_from_the_declaration():
    ev = _load(**{"target: ≥2000人次, progress: 1200人次": "progress: 700人次"})
    declared = open_text("format: 1\nkind: declaration\ndeclaration:\n  name: 就业培训补贴项目\n  indicators:\n"
                         "    - {level1: 产出指标, level2: 数量指标, name: 培训 人次, target: ≥2000人次}\n", "申报表.yaml")
    m = targets_from(ev.monitoring, declared.evaluation.declaration)
    assert m.indicators[0].target.text() == "≥2000人次"
    assert "monitoring.target_unreachable" in _codes(dataclasses.replace(ev, monitoring=m))


# -- workbooks ----------------------------------------------------------------------------------

def test_the_national_layout_is_written_and_read_back_to_the_same_form(tmp_path):
    ev = _load(**{"progress: 480元/人}": "progress: 480元/人, likelihood: 有可能, reason: 采购延后, measure: 加快采购}"})
    out = write_monitoring(ev.monitoring, tmp_path / "监控表.xlsx")
    back = open_source(out, "监控表.xlsx")
    assert back.ok, [p.message for p in back.problems]
    a, b = ev.monitoring, back.evaluation.monitoring
    assert (b.form, b.year, b.months, b.name.text, b.department.text, b.implementer.text) == (a.form, a.year, a.months, a.name.text, a.department.text, a.implementer.text)
    assert [(f.name, f.budget, f.executed) for f in b.funds] == [(f.name, f.budget, f.executed) for f in a.funds]
    keep = ("name", "level1", "level2", "target", "progress", "likelihood", "reason", "measure")
    assert [[getattr(i, k) for k in keep] for i in b.indicators] == [[getattr(i, k) for k in keep] for i in a.indicators]
    assert b.funds[0].stated_rate == Decimal("50.00")


def test_a_blank_template_for_july_is_a_monitoring_form_with_the_declared_indicators(tmp_path):
    decl = tmp_path / "申报表.yaml"
    decl.write_text("format: 1\nkind: declaration\nyear: 2024\ndeclaration:\n  name: 培训项目\n  indicators:\n"
                    "    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥2000人次}\n", encoding="utf-8")
    out = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(main, ["template", "--monitoring", "project", "--months", "7", "--targets", str(decl), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(out).active
    assert ws["A1"].value == "项目支出绩效运行监控表" and ws["D6"].value == "1—7月执行数"
    m = open_source(out).evaluation.monitoring
    assert m.months == 7 and m.year == 2024 and [(i.name, i.target.text(), i.progress) for i in m.indicators] == [("培训人次", "≥2000人次", None)]


def _hostile(tmp_path, cell: str, value) -> list:
    ev = _load()
    path = write_monitoring(ev.monitoring, tmp_path / "监控表.xlsx")
    book = load_workbook(path)
    book.active[cell] = value
    book.save(path)
    return list(open_source(path, "监控表.xlsx").problems)


@pytest.mark.parametrize("cell, value, said", [
    ("D7", "六十万", "1—N月执行数"),
    ("C7", "1E5", "全年预算数"),
    ("E11", "NaN%", "1—N月完成值"),
    ("B5", "1-13月", "监控期"),
])
def test_a_hostile_cell_is_refused_at_its_cell_in_chinese(tmp_path, cell, value, said):
    problems = _hostile(tmp_path, cell, value)
    assert problems and problems[0].where.cell == cell and said in problems[0].message, [p.message for p in problems]


# -- published forms ------------------------------------------------------------------------------

CORPUS = Path(__file__).parent / "forms" / "monitoring"
FOLDERS = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file())


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_published_monitoring_form_is_read_and_warned_as_expected(folder):
    expected = yaml.safe_load((CORPUS / folder / "expected.yaml").read_text(encoding="utf-8"))
    loaded = open_source(CORPUS / folder / "form.xlsx", f"{folder}.xlsx")
    assert not [p.message for p in loaded.problems], folder
    m = loaded.evaluation.monitoring
    assert (m.form, m.year, m.months, m.name.text) == (expected["form"], expected["year"], expected["months"], expected["name"])
    for field in ("department", "implementer"):
        assert getattr(m, field).text == expected[field]
    assert {f.name: [f.budget, f.executed] for f in m.funds} == {k: [Decimal(str(x)) for x in v] for k, v in expected["funds"].items()}
    assert len(m.indicators) == expected["indicators"]
    found = sorted((p.code, p.severity.value, p.where.cell) for p in analyse(loaded.evaluation).problems)
    assert found == sorted((p["code"], p["severity"], p["cell"]) for p in expected["problems"])


# -- the command -----------------------------------------------------------------------------------

def test_jixiao_monitor_prints_the_progress_and_each_alert_and_takes_the_bureaus_rules(tmp_path):
    form = tmp_path / "监控表.yaml"
    form.write_text(FORM.replace("executed: 100}\n    - {name: 财政拨款", "executed: 60}\n    - {name: 财政拨款"), encoding="utf-8")
    result = CliRunner().invoke(main, ["monitor", str(form)])
    assert result.exit_code == 0, result.output
    assert "就业培训补贴项目 · 1—7月：预算执行进度 30.00%，时间进度 58.33%" in result.output
    assert "落后 28.33 个百分点" in result.output
    rules = tmp_path / "规则.yaml"
    rules.write_text("lag_points: 30\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["monitor", str(form), "--rules", str(rules), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["alerts"] == []
    rules.write_text("lag_points: 十\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["monitor", str(form), "--rules", str(rules)])
    assert result.exit_code == 2 and "lag_points" in result.output and "Traceback" not in result.output


def test_jixiao_monitor_says_when_a_file_is_no_monitoring_form():
    result = CliRunner().invoke(main, ["monitor", "examples/project-selfeval-sample.yaml"])
    assert result.exit_code == 2 and "不是绩效运行监控表" in result.output


def test_review_passes_a_monitoring_form_by_and_says_why():
    from jixiao.sources import open_forms
    from jixiao.sources.forms import FormState

    (form,) = open_forms(CORPUS / "hubei-huangshi-shenyi" / "form.xlsx")
    assert form.state is FormState.SKIPPED and "绩效运行监控表" in form.note and "jixiao monitor" in form.note


@pytest.mark.parametrize("path", ["anhui-chizhou-weituo/form.xlsx", "declarations/hubei-qingshan-jiaoyu/form.xlsx"])
def test_a_self_evaluation_or_a_declaration_is_not_taken_for_a_monitoring_form(path):
    loaded = open_source(Path(__file__).parent / "forms" / path)
    assert loaded.evaluation.monitoring is None


def test_a_department_form_round_trips_and_a_word_table_is_read_too(tmp_path):
    from docx import Document

    ev = _load(**{"  name: 就业培训补贴项目\n": "  form: department\n  name: 人力资源和社会保障局\n"})
    out = write_monitoring(ev.monitoring, tmp_path / "部门整体.xlsx")
    back = open_source(out).evaluation.monitoring
    assert back.form == "department" and back.name.text == "人力资源和社会保障局" and len(back.indicators) == 4
    # the same sheet as a Word table (a department may send its form as .docx)
    ws = load_workbook(out).active
    doc = Document()
    table = doc.add_table(rows=ws.max_row, cols=ws.max_column)
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                table.cell(cell.row - 1, cell.column - 1).text = str(cell.value)
    doc.save(tmp_path / "部门整体.docx")
    word = open_source(tmp_path / "部门整体.docx")
    assert word.ok, [p.message for p in word.problems]
    m = word.evaluation.monitoring
    assert m.months == 7 and m.total.executed == Decimal(100) and [i.name for i in m.indicators] == [i.name for i in back.indicators]


def test_the_national_layout_with_ticked_reason_columns_is_read(tmp_path):
    """财预〔2019〕136号's 项目支出绩效目标执行监控表: 年初预算数 | 1-7月执行数 | 1-7月执行率, and 偏差原因分析
    over 经费保障 | 制度保障 | 人员保障 | 硬件条件保障 | 其他, ticked √, beside 完善措施."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    rows = [
        ["项目支出绩效目标执行监控表"], ["（2024年度）"], ["项目名称", "就业创业补助"],
        ["主管部门及代码", "人力资源和社会保障局 001", None, "实施单位", "就业服务中心"],
        ["项目资金（万元）", None, "年初预算数", "1-7月执行数", "1-7月执行率", "全年预计执行数"],
        [None, "年度资金总额", 500, 150, "30%", 480], [None, "其中：一般公共预算", 500, 150, "30%", 480],
        ["年度总体目标", "完成职业技能培训 3000 人次"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况", "全年预计完成情况", "偏差原因分析", None, None, None, None, "完善措施"],
        [None] * 7 + ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"],
        [None, "产出指标", "数量指标", "培训人次", "≥3000人次", "1000人次", "2800人次", "√", None, None, None, None, "加快拨付培训补贴"],
        [None, None, "质量指标", "培训合格率", "≥90%", "92%", "92%"],
        [None, "满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "未开展调查", "≥90%", None, None, "人员不足"],
        ["注：1.偏差原因分析：针对偏离绩效目标的情况，在对应栏中打“√”。"],
    ]
    for row in rows:
        ws.append(row)
    for box in ("A1:M1", "A2:M2", "B3:M3", "A5:A7", "H9:L9", "A9:A10", "B9:B10", "C9:C10", "D9:D10", "M9:M10", "A11:A13", "B11:B12"):
        ws.merge_cells(box)
    book.save(tmp_path / "136.xlsx")
    loaded = open_source(tmp_path / "136.xlsx", "136.xlsx")
    assert loaded.ok, [p.message for p in loaded.problems]
    m = loaded.evaluation.monitoring
    assert (m.year, m.months, m.name.text, m.department.text, m.implementer.text) == (2024, 7, "就业创业补助", "人力资源和社会保障局 001", "就业服务中心")
    assert [(f.name, f.budget, f.executed, f.stated_rate) for f in m.funds] == [
        ("年度资金总额", 500, 150, 30), ("一般公共预算", 500, 150, 30)]
    assert [(i.level1, i.level2, i.name, i.reason, i.measure) for i in m.indicators] == [
        ("产出指标", "数量指标", "培训人次", "经费保障", "加快拨付培训补贴"),
        ("产出指标", "质量指标", "培训合格率", None, None),
        ("满意度指标", "服务对象满意度指标", "参训人员满意度", "人员保障：人员不足", None)]
    assert sorted((p.code, p.where.cell) for p in _alerts(loaded.evaluation)) == [
        ("monitoring.execution_lag", "D6"), ("monitoring.reason_missing", None), ("monitoring.target_unreachable", "F11")]
