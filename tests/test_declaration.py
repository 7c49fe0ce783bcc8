"""绩效目标申报表: read from YAML and from workbooks in the national layout (real published forms in
tests/forms/declarations/), reviewed by the declaration checks, written back and read again."""

from __future__ import annotations

import dataclasses
import textwrap
from decimal import Decimal

import pytest

from jixiao.analysis import analyse
from jixiao.sources import open_text

GOOD = """\
format: 1
kind: declaration
year: 2024
declaration:
  form: project
  name: 就业培训补贴项目
  department: 人力资源和社会保障局
  implementer: 就业服务中心
  attribute: 延续项目
  period: 2024年1月至12月
  funds:
    unit: 万元
    total: 100
    parts:
      - {name: 财政拨款, amount: 80}
      - {name: 其他资金, amount: 20}
  goal: 完成职业技能培训2000人次，培训后就业率不低于60%
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥2000人次, basis: 年度工作计划}
    - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%}
    - {level1: 产出指标, level2: 时效指标, name: 补贴发放及时率, target: =100%}
    - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤500元/人}
    - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%}
  history:
    - {name: 培训人次, actual: 1900人次, year: 2023}
"""


def problems(text: str, name: str = "申报表.yaml"):
    loaded = open_text(text, name)
    assert loaded.evaluation is not None, [p.message for p in loaded.problems]
    found = list(loaded.problems) + list(analyse(loaded.evaluation).problems)
    return [p for p in found if p.code.startswith("declaration.")]


def edited(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_a_sound_declaration_raises_nothing():
    assert problems(GOOD) == []


def test_a_declaration_keeps_its_places():
    ev = open_text(GOOD, "申报表.yaml").evaluation
    d = ev.declaration
    assert d.name.text == "就业培训补贴项目" and d.name.where.line == 6
    assert d.funds.total.amount == Decimal(100) and [p.amount for p in d.funds.parts] == [80, 20]
    assert d.indicators[3].target.op == "<=" and d.indicators[0].where.line == 19


def test_a_missing_dimension_is_named():
    found = problems(edited("    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%}\n", ""))
    assert [p.code for p in found] == ["declaration.dimension_missing"] and "满意度指标" in found[0].message


def test_an_output_without_its_time_indicator_is_said():
    found = problems(edited("    - {level1: 产出指标, level2: 时效指标, name: 补贴发放及时率, target: =100%}\n", ""))
    assert [(p.code, p.severity.value) for p in found] == [("declaration.dimension_missing", "warning")]
    assert "时效指标" in found[0].message


def test_a_bare_figure_is_not_measurable_and_its_direction_is_told():
    found = problems(edited("target: ≥2000人次", "target: 2000人次"))
    assert [p.code for p in found] == ["declaration.not_measurable"]
    assert "≥2000人次" in found[0].message and found[0].where.line == 19


def test_a_count_written_as_a_level_is_not_measurable():
    found = problems(edited("target: ≥2000人次", "target: 较上年有所增加"))
    assert [p.code for p in found] == ["declaration.not_measurable"] and "没有数值" in found[0].message


def test_a_cost_target_to_reach_is_refused():
    found = problems(edited("target: ≤500元/人", "target: ≥500元/人"))
    assert [p.code for p in found] == ["declaration.cost_direction"] and "≤500元/人" in found[0].message


def test_a_rate_above_100_percent():
    found = problems(edited("target: ≥90%}", "target: ≥120%}"))
    assert [p.code for p in found] == ["declaration.rate_over_full"]


def test_funds_that_do_not_add_up():
    found = problems(edited("amount: 20}", "amount: 10}"))
    assert [p.code for p in found] == ["declaration.funds_sum"]
    assert "财政拨款 80 + 其他资金 10 = 90万元" in found[0].message and found[0].where.line == 13


def test_a_target_below_last_years_actual_is_set_too_low():
    found = problems(edited("actual: 1900人次", "actual: 2100人次"))
    assert [p.code for p in found] == ["declaration.target_low"]
    assert "低于2023年实际完成值 2100人次" in found[0].message


def test_a_declaration_kind_without_its_form_is_refused_in_chinese():
    loaded = open_text("format: 1\nkind: declaration\n", "申报表.yaml")
    assert any("绩效目标申报表" in p.message for p in loaded.problems)


def test_an_unknown_form_kind_is_refused_at_its_line():
    loaded = open_text(edited("form: project", "form: 其他"), "申报表.yaml")
    (p,) = [p for p in loaded.problems if "申报表类型" in p.message]
    assert p.where.line == 5 and "project" in p.message


# -- workbooks: the corpus of published declarations ----------------------------------------------

from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from jixiao.sources import open_forms, open_source  # noqa: E402
from jixiao.sources.forms import FormState  # noqa: E402

CORPUS = Path(__file__).parent / "forms" / "declarations"
FOLDERS = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file())


def test_the_corpus_holds_four_forms_from_three_provinces():
    assert len(FOLDERS) >= 4 and len({name.split("-")[0] for name in FOLDERS}) >= 2


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_published_declaration_is_read_and_reviewed_as_expected(folder):
    expected = yaml.safe_load((CORPUS / folder / "expected.yaml").read_text(encoding="utf-8"))
    loaded = open_source(CORPUS / folder / "form.xlsx", f"{folder}.xlsx")
    assert not [p.message for p in loaded.problems], folder
    d = loaded.evaluation.declaration
    assert d.form == expected["form"] and d.year == expected.get("year")
    assert (d.name.text if d.name else None) == expected.get("name")
    for field in ("department", "implementer", "goal"):
        if field in expected:
            assert getattr(d, field).text == expected[field]
    if "funds" in expected:
        funds = expected["funds"]
        assert (d.funds is None) == (funds is None)
        if funds:
            assert d.funds.total.amount == Decimal(funds["total"])
            assert {p.name: p.amount for p in d.funds.parts} == {k: Decimal(v) for k, v in funds["parts"].items()}
    assert len(d.indicators) == expected["indicators"]
    found = sorted((p.code, p.severity.value, p.where.cell) for p in analyse(loaded.evaluation).problems)
    assert found == sorted((p["code"], p["severity"], p["cell"]) for p in expected["problems"])


def test_review_passes_a_declaration_by_and_says_why():
    (form,) = open_forms(CORPUS / "hubei-qingshan-jiaoyu" / "form.xlsx")
    assert form.state is FormState.SKIPPED and "绩效目标申报表" in form.note and "jixiao check" in form.note


def test_a_self_evaluation_form_is_not_taken_for_a_declaration():
    loaded = open_source(Path(__file__).parent / "forms" / "anhui-chizhou-weituo" / "form.xlsx")
    assert loaded.evaluation.declaration is None and loaded.evaluation.self_evaluation is not None


# -- the national layout written and read back ---------------------------------------------------

from jixiao.excel.declaration_write import write_declaration  # noqa: E402


def test_a_declaration_written_as_a_workbook_reads_back_the_same(tmp_path):
    ev = open_text(GOOD, "申报表.yaml").evaluation
    out = write_declaration(ev.declaration, tmp_path / "申报表.xlsx")
    back = open_source(out)
    assert back.ok, [p.message for p in back.problems]
    ignore = {"where", "target_at", "history"}  # places differ; last year's figures have no place in the form

    def plain(d):
        return {k: v for k, v in vars(d).items() if k not in ignore}

    a, b = ev.declaration, back.evaluation.declaration
    assert [plain(x) for x in a.indicators] == [plain(x) for x in b.indicators]
    for field in ("form", "year", "funds_total", "name", "department", "implementer", "attribute", "period", "goal"):
        if field == "funds_total":
            assert a.funds.total.amount == b.funds.total.amount
            assert [(p.name, p.amount) for p in a.funds.parts] == [(p.name, p.amount) for p in b.funds.parts]
        else:
            left, right = getattr(a, field), getattr(b, field)
            assert getattr(left, "text", left) == getattr(right, "text", right), field
    assert b.name.where.cell == "B3" and b.indicators[0].target_at.cell == "D11"


def test_a_blank_department_form_is_recognised_and_says_what_is_missing(tmp_path):
    out = write_declaration(None, tmp_path / "空白.xlsx", form="department")
    loaded = open_source(out)
    assert loaded.evaluation.declaration.form == "department"
    codes = [p.code for p in analyse(loaded.evaluation).problems]
    assert codes.count("declaration.dimension_missing") == 3


# -- cells as people type them, and cells that are no figures ---------------------------------------


def _sheet(tmp_path, rows, merges=()):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "申报表"
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    path = tmp_path / "申报表.xlsx"
    book.save(path)
    return path


def test_full_width_figures_amounts_as_text_and_merged_levels(tmp_path):
    path = _sheet(tmp_path, [
        ["项目支出绩效目标申报表"], ["（２０２４年度）"], ["项目名称", "培训补贴"],
        ["项目资金（万元）", "年度资金总额：", "１，２００万元"], [None, "其中：财政拨款", "1000"], [None, "其他资金", "200"],
        ["年度总体目标", "完成培训"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "≥２０００人次"], [None, "成本指标", "人均成本", "≤５００元／人"],
        [None, "质量指标", "合格率", "≥９５％"], [None, "时效指标", "及时率", "＝100%"],
        ["效益指标", "社会效益指标", "就业率", "≥６０％"], ["满意度指标", "满意度指标", "满意度", " ≥90% "],
    ], merges=["A9:A12"])
    loaded = open_source(path)
    assert loaded.ok, [p.message for p in loaded.problems]
    d = loaded.evaluation.declaration
    assert d.year == 2024 and d.funds.total.amount == Decimal(1200)
    assert [i.level1 for i in d.indicators][:4] == ["产出指标"] * 4
    assert d.indicators[0].target.quantity.value == 2000 and d.indicators[2].target.quantity.is_percent
    assert [p.code for p in analyse(loaded.evaluation).problems] == []


def test_an_amount_that_is_no_figure_is_refused_at_its_cell_in_chinese(tmp_path):
    path = _sheet(tmp_path, [
        ["项目支出绩效目标申报表"], ["项目名称", "培训补贴"], ["资金总额", "一百万"],
        ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "培训人次", "≥＝2000人次"],
    ])
    loaded = open_source(path, "申报表.xlsx")
    messages = {p.where.cell: p.message for p in loaded.problems}
    assert "不是数字" in messages["B3"] and "一百万" in messages["B3"]
    assert "D5" in messages and "指标值" in messages["D5"]
    assert not loaded.ok


# -- the command line -------------------------------------------------------------------------------


def test_jixiao_check_reviews_a_declaration_workbook_and_template_writes_a_blank_one(tmp_path):
    from click.testing import CliRunner

    from jixiao.cli import main

    checked = CliRunner().invoke(main, ["check", str(CORPUS / "hubei-ezhou-dalou" / "form.xlsx")])
    assert checked.exit_code == 1 and "“292%”超过 100%" in checked.output and "!D15" in checked.output
    blank = tmp_path / "空白申报表.xlsx"
    made = CliRunner().invoke(main, ["template", "--declaration", "department", "-o", str(blank)])
    assert made.exit_code == 0 and "绩效目标申报表" in made.output
    assert open_source(blank).evaluation.declaration.form == "department"


def test_a_target_below_last_years_self_evaluation_is_set_too_low(tmp_path):
    from click.testing import CliRunner

    from jixiao.cli import main

    text = edited("name: 培训人次, target: ≥2000人次", "name: 基建工程委托业务项目数量, target: ≥40个")
    declared = write_declaration(open_text(text, "申报表.yaml").evaluation.declaration, tmp_path / "申报表.xlsx")
    last_year = Path(__file__).parent / "forms" / "anhui-chizhou-weituo" / "form.xlsx"  # 实际完成值 50 (≥50个)
    result = CliRunner().invoke(main, ["check", "--history", str(last_year), str(declared)])
    assert "“≥40个”低于2022年实际完成值 50个：目标设定偏低" in result.output
    assert "申报表.xlsx!项目支出绩效目标申报表!D11" in result.output
    alone = CliRunner().invoke(main, ["check", str(declared)])
    assert "目标设定偏低" not in alone.output


DEPARTMENT_FORM = """\
format: 1
kind: declaration
year: 2025
declaration:
  form: department
  name: 示例县人力资源和社会保障局
  funds: {unit: 万元, total: 968.1918, parts: [{name: 财政拨款, amount: 968.1918}, {name: 其他资金, amount: 0}]}
  tasks:
    - {name: 就业创业服务, amount: 120.5}
    - {name: 社会保险经办}
  goal: 城镇新增就业不少于1200人
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 城镇新增就业人数, target: ≥1200人}
    - {level1: 效益指标, level2: 社会效益指标, name: 城镇调查失业率, target: ≤5.5%}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 办事群众满意度, target: ≥90%}
"""


def test_a_department_declaration_with_its_tasks_reads_back_the_same(tmp_path):
    d = open_text(DEPARTMENT_FORM, "部门.yaml").evaluation.declaration
    back = open_source(write_declaration(d, tmp_path / "部门.xlsx"))
    assert back.ok, [p.message for p in back.problems]
    b = back.evaluation.declaration
    assert b.form == "department" and b.name.text == d.name.text and b.goal.text == d.goal.text
    assert [(t.name, t.amount) for t in b.tasks] == [("就业创业服务", Decimal("120.5")), ("社会保险经办", None)]
    assert b.funds.total.amount == Decimal("968.1918") and [i.target for i in b.indicators] == [i.target for i in d.indicators]


def test_a_department_declaration_without_tasks_is_written_with_a_blank_task_row(tmp_path):
    d = open_text(DEPARTMENT_FORM, "部门.yaml").evaluation.declaration
    d = dataclasses.replace(d, tasks=())
    back = open_source(write_declaration(d, tmp_path / "部门.xlsx"))
    assert back.ok, [p.message for p in back.problems]
    b = back.evaluation.declaration
    assert b.tasks == () and b.goal.text == d.goal.text and [i.target for i in b.indicators] == [i.target for i in d.indicators]


def test_a_declaration_typed_as_a_word_table_is_read_as_from_a_workbook(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "forms"))
    from build import build_docx, load_description  # the corpus's own builder, reused

    sheet = load_description(CORPUS / "hubei-qingshan-jiaoyu")["sheets"][0]
    path = tmp_path / "申报表.docx"
    path.write_bytes(build_docx({"output": "form.docx", "tables": [{"rows": sheet["rows"], "merges": sheet["merges"]}]}, "x"))
    loaded = open_source(path)
    assert loaded.ok and len(loaded.evaluation.declaration.indicators) == 7
    found = [(p.code, p.where.sheet, p.where.cell) for p in analyse(loaded.evaluation).problems]
    assert found[0] == ("declaration.not_measurable", "表1", "G13") and len(found) == 4
